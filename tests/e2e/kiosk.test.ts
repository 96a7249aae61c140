/**
 * The kiosk (取号机) in real Chromium against the real server: zone → service → ticket with
 * the number the server issued, green channel, English, quota reached, server unreachable,
 * idle reset — with screenshots in both orientations.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply, TicketInfo } from '@hallq/shared';
import { demoHallConfig } from '@hallq/shared/demo-hall';
import {
  LANDSCAPE,
  PORTRAIT,
  launchBrowser,
  openPage,
  overflowingElements,
  screenshot,
} from '../support/browser.ts';
import { api, startTestHall, useTestHall, type RestData } from '../support/hall.ts';

const hall = useTestHall();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function issue(url: string, serviceId: string): Promise<CommandReply> {
  const response = await api<RestData<CommandReply>>(url, 'POST', '/api/v1/tickets', {
    body: { serviceId },
  });
  if (response.status >= 300) throw new Error(`issue: ${JSON.stringify(response.body)}`);
  return response.body.data;
}

async function serverTicket(url: string, id: string): Promise<TicketInfo> {
  const response = await api<RestData<TicketInfo>>(url, 'GET', `/api/v1/tickets/${id}`);
  expect(response.status).toBe(200);
  return response.body.data;
}

async function openKiosk(
  url: string,
  viewport: { width: number; height: number } = PORTRAIT,
): Promise<Page> {
  const { page } = await openPage(browser, `${url}/kiosk?device=kiosk-test`, viewport);
  await page.locator('[data-testid="kiosk"][data-connection="online"]').waitFor();
  await page.locator('[data-testid="zone-A"]').waitFor();
  return page;
}

/** Taps a service and returns the id of the ticket the confirmation shows. */
async function takeTicket(page: Page, serviceId: string): Promise<string> {
  await page.locator(`[data-testid="service-${serviceId}"]`).click();
  const screen = page.locator('[data-testid="ticket-screen"]');
  await screen.waitFor();
  const id = await screen.getAttribute('data-ticket-id');
  expect(id).toMatch(/^\d{8}-[A-Z]+\d{3,5}$/);
  return id ?? '';
}

describe('kiosk', () => {
  it('zone → service → ticket shows the number the server issued, people ahead and a QR code', async () => {
    await issue(hall.url, 'bdc-transfer');
    await issue(hall.url, 'bdc-transfer');
    const page = await openKiosk(hall.url, PORTRAIT);
    expect(await page.locator('.k-zone').count()).toBe(7);
    await page.waitForFunction(() => document.fonts.status === 'loaded');
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'kiosk-start-portrait');

    await page.locator('[data-testid="zone-A"]').click();
    await page.locator('[data-testid="services-screen"]').waitFor();
    const tile = page.locator('[data-testid="service-bdc-transfer"]');
    await expect
      .poll(() => tile.locator('[data-testid="service-waiting"]').textContent())
      .toBe('2 人');
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'kiosk-services');

    const id = await takeTicket(page, 'bdc-transfer');
    const info = await serverTicket(hall.url, id);
    expect(info.ticket.number).toBe('A003');
    expect(info.ticket.priority).toBe('normal');
    expect(await page.locator('[data-testid="big-number"]').textContent()).toBe(info.ticket.number);
    expect(await page.locator('[data-testid="ticket-ahead"]').textContent()).toBe('2 人');
    expect(info.ahead).toBe(2);
    expect(await page.locator('[data-testid="ticket-where"]').textContent()).toContain('一楼');
    expect(await page.locator('[data-testid="ticket-qr"] svg').count()).toBe(1);
    expect(await page.locator('[data-testid="ticket-qr"]').getAttribute('data-url')).toBe(
      `${hall.url}/api/v1/tickets/${id}`,
    );
    expect(await page.locator('[data-testid="ticket-materials"] li').count()).toBe(5);
    expect(await page.locator('[data-testid="print-note"]').textContent()).toBe(
      '请拍照或扫描二维码保存您的号码',
    );
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'kiosk-ticket-portrait');

    // A tap anywhere goes back to the start.
    await page.locator('[data-testid="ticket-screen"]').click({ position: { x: 10, y: 10 } });
    await page.locator('[data-testid="start-screen"]').waitFor();
  });

  it('works in landscape and finds services by Chinese or English search', async () => {
    const page = await openKiosk(hall.url, LANDSCAPE);
    await page.waitForFunction(() => document.fonts.status === 'loaded');
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'kiosk-start-landscape');

    await page.locator('[data-testid="search"]').fill('passport');
    await expect.poll(() => page.locator('.k-service').count()).toBe(1);
    await page.locator('[data-testid="search"]').fill('社保');
    await expect.poll(() => page.locator('.k-service').count()).toBe(2);
    await page.locator('[data-testid="search"]').fill('');

    await page.locator('[data-testid="zone-F"]').click();
    const id = await takeTicket(page, 'exit-entry');
    const info = await serverTicket(hall.url, id);
    expect(await page.locator('[data-testid="big-number"]').textContent()).toBe(info.ticket.number);
    expect(await page.locator('[data-testid="ticket-where"]').textContent()).toContain('四楼');
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'kiosk-ticket-landscape');
  });

  it('green channel marks the ticket elderly; large mode', async () => {
    const page = await openKiosk(hall.url, PORTRAIT);
    await page.locator('[data-testid="large-mode"]').click();
    await page.locator('[data-testid="green-channel"]').click();
    await page.locator('[data-testid="green-dialog"]').waitFor();
    await page.locator('[data-testid="priority-elderly"]').click();
    await page.locator('[data-testid="priority-bar"]').waitFor();
    await page.locator('[data-testid="zone-B"]').click();
    await page.locator('[data-testid="services-screen"]').waitFor();
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'kiosk-elderly');
    const id = await takeTicket(page, 'si-benefits');
    const info = await serverTicket(hall.url, id);
    expect(info.ticket.priority).toBe('elderly');
    expect(await page.locator('[data-testid="ticket-priority"]').textContent()).toContain(
      '70 岁以上老人',
    );
    // The next visitor gets a normal ticket.
    await page.locator('[data-testid="ticket-screen"]').click({ position: { x: 10, y: 10 } });
    await page.locator('[data-testid="zone-B"]').click();
    const next = await takeTicket(page, 'si-benefits');
    expect((await serverTicket(hall.url, next)).ticket.priority).toBe('normal');
  });

  it('switches to English', async () => {
    const page = await openKiosk(hall.url, PORTRAIT);
    await page.locator('[data-testid="lang-switch"]').click();
    await expect.poll(() => page.locator('.k-heading').textContent()).toBe('Choose a service zone');
    expect(await page.locator('[data-testid="zone-A"] .k-zone-name').textContent()).toBe(
      'Real Estate Registration',
    );
    expect(await page.locator('[data-testid="lang-switch"]').textContent()).toBe('中文');
    await page.locator('[data-testid="zone-A"]').click();
    await page.locator('[data-testid="services-screen"]').waitFor();
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'kiosk-en');
    const id = await takeTicket(page, 'bdc-query');
    expect(await page.locator('[data-testid="print-note"]').textContent()).toBe(
      'Take a photo or scan the QR code to keep your number',
    );
    expect(await page.locator('[data-testid="ticket-service"]').textContent()).toBe(
      'Real estate register enquiry',
    );
    expect((await serverTicket(hall.url, id)).ticket.number).toBe('J001');
  });

  it('says the quota is reached and claims no ticket', async () => {
    const config = demoHallConfig();
    const quotaHall = await startTestHall({
      server: {
        seedConfig: {
          ...config,
          services: config.services.map((s) =>
            s.id === 'seal' ? { ...s, dailyQuota: 2, quotaWarning: 1 } : s,
          ),
        },
      },
    });
    try {
      await issue(quotaHall.url, 'seal');
      await issue(quotaHall.url, 'seal');
      const page = await openKiosk(quotaHall.url, PORTRAIT);
      await page.locator('[data-testid="zone-C"]').click();
      const tile = page.locator('[data-testid="service-seal"]');
      await expect.poll(() => tile.textContent()).toContain('今日号源已取完');
      await tile.click();
      const dialog = page.locator('[data-testid="error-dialog"]');
      await dialog.waitFor();
      expect(await dialog.locator('.k-dialog').getAttribute('data-error-code')).toBe(
        'quota_reached',
      );
      expect(await page.locator('[data-testid="error-text"]').textContent()).toContain(
        '号源已取完',
      );
      expect(await page.locator('[data-testid="ticket-screen"]').count()).toBe(0);
      await screenshot(page, 'kiosk-quota');
    } finally {
      await quotaHall.close();
    }
  });

  it('server unreachable: offline banner, and a tap takes no number', async () => {
    const page = await openKiosk(hall.url, PORTRAIT);
    await page.locator('[data-testid="zone-D"]').click();
    await page.locator('[data-testid="services-screen"]').waitFor();
    await hall.close();
    await page.locator('[data-testid="connection-banner"]').waitFor();
    await page.locator('[data-testid="service-general-intake"]').click();
    const dialog = page.locator('[data-testid="error-dialog"]');
    await dialog.waitFor();
    expect(await dialog.locator('.k-dialog').getAttribute('data-error-code')).toBe('unavailable');
    expect(await page.locator('[data-testid="error-text"]').textContent()).toContain('未取得号码');
    expect(await page.locator('[data-testid="ticket-screen"]').count()).toBe(0);
    expect(await page.locator('[data-testid="big-number"]').count()).toBe(0);
    await screenshot(page, 'kiosk-offline');
  });

  it('returns to the start after 15 s on the ticket and after 60 s idle anywhere', async () => {
    const { page } = await openPage(browser, 'about:blank', PORTRAIT);
    await page.clock.install();
    await page.goto(`${hall.url}/kiosk?device=kiosk-test`);
    await page.locator('[data-testid="zone-A"]').waitFor();
    await page.locator('[data-testid="lang-switch"]').click();
    await page.locator('[data-testid="zone-A"]').click();
    await page.locator('[data-testid="services-screen"]').waitFor();
    await page.clock.runFor(61_000);
    await page.locator('[data-testid="start-screen"]').waitFor();
    expect(await page.locator('.k-heading').textContent()).toBe('请选择办事专区');

    await page.locator('[data-testid="kiosk"][data-connection="online"]').waitFor();
    await page.locator('[data-testid="zone-A"]').click();
    await takeTicket(page, 'bdc-mortgage');
    await page.clock.runFor(16_000);
    await page.locator('[data-testid="start-screen"]').waitFor();
  });
});
