/**
 * One visitor's whole journey across the four UIs, in real Chromium against the real server
 * (issue 3 "done when"): take a ticket at the kiosk → the clerk of a window serving it signs
 * in at the counter → call next → the hall and zone screens show the call and its caption →
 * complete → the rating screen takes a rating → the counter's figures show it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketInfo } from '@hallq/shared';
import { launchBrowser, LANDSCAPE, openPage, PORTRAIT, screenshot } from '../support/browser.ts';
import { api, useTestHall, type RestData } from '../support/hall.ts';

const hall = useTestHall();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function online(page: Page, selector: string): Promise<void> {
  await page.locator(selector).waitFor();
}

describe('a visitor from kiosk to rating', () => {
  it('takes, is called on the screens, is served and rates; the clerk sees the rating', async () => {
    const displays = await Promise.all([
      openPage(browser, `${hall.url}/display?screen=hall&hold=300`, LANDSCAPE),
      openPage(browser, `${hall.url}/display?screen=zone:A&hold=300`, PORTRAIT),
    ]);
    for (const { page } of displays) await online(page, '.ds-screen[data-connection="online"]');

    // 1. The kiosk: zone A → 不动产转移登记 → the ticket the server issued.
    const kiosk = (await openPage(browser, `${hall.url}/kiosk?device=k1`, PORTRAIT)).page;
    await online(kiosk, '[data-testid="kiosk"][data-connection="online"]');
    await kiosk.locator('[data-testid="zone-A"]').click();
    await kiosk.locator('[data-testid="service-bdc-transfer"]').click();
    await kiosk.locator('[data-testid="ticket-screen"]').waitFor();
    const number = (await kiosk.locator('[data-testid="big-number"]').textContent()) ?? '';
    expect(number).toBe('A001');
    const id = `20261124-${number}`;
    const issued = await api<RestData<TicketInfo>>(hall.url, 'GET', `/api/v1/tickets/${id}`);
    expect(issued.body.data.ticket.state).toBe('waiting');

    // 2. The counter of window 3 (zone A serves 不动产转移登记) and its rating screen.
    const rate = (
      await openPage(browser, `${hall.url}/rate?window=3`, { width: 1280, height: 800 })
    ).page;
    await rate.getByTestId('rate-idle').waitFor();
    const counter = (await openPage(browser, `${hall.url}/counter`, LANDSCAPE)).page;
    await counter.locator('input[name="staffId"]').fill('w003');
    await counter.locator('input[name="password"]').fill('demo');
    await counter.getByRole('button', { name: '登录', exact: true }).click();
    await counter.getByTestId('counter').waitFor();
    await counter.getByTestId('queue').getByText(number).waitFor();

    // 3. Call next: the counter holds it; the hall and zone screens show it with the caption.
    await counter.keyboard.press('F1');
    await counter.getByTestId('current-ticket').getByText(number).waitFor();
    for (const { page } of displays) {
      await expect.poll(() => page.getByTestId('newest-call').textContent()).toContain(number);
      await expect
        .poll(() => page.getByTestId('caption-text').textContent())
        .toBe(`请${number}号到3号窗口办理`);
    }
    await screenshot(displays[0].page, 'journey-hall-call');
    await screenshot(displays[1].page, 'journey-zone-call-portrait');

    // 4. Start and complete at the counter.
    await counter.keyboard.press('F3');
    await counter.getByTestId('current-state').getByText('办理中').waitFor();
    await counter.keyboard.press('F4');
    await counter.getByTestId('fig-served').getByText('1', { exact: true }).waitFor();

    // 5. The rating screen asks, the visitor answers 非常满意 (one tap sends a good rating).
    await rate.getByTestId('rate-ask').getByText(number).first().waitFor();
    await rate.locator('button[data-score="very_satisfied"]').click();
    await rate.getByTestId('rate-thanks').waitFor();
    const rated = await api<RestData<TicketInfo>>(hall.url, 'GET', `/api/v1/tickets/${id}`);
    expect(rated.body.data.ticket.rating).toMatchObject({ score: 'very_satisfied', windowId: 3 });

    // 6. The clerk's figures show the rating.
    await counter.getByTestId('fig-rated').getByText('1', { exact: true }).waitFor();
    await counter.getByTestId('fig-goodrate').getByText('100%').waitFor();
    await screenshot(counter, 'journey-counter-figures');
  });
});
