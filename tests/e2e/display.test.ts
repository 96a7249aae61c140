/**
 * The call screens in real Chromium against the real server: calls show large with their
 * caption, the zone screen keeps to its zone, the window screen shows its number and state,
 * and a screen that was offline catches up without re-announcing the calls it missed.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply, HallConfig } from '@hallq/shared';
import {
  LANDSCAPE,
  PORTRAIT,
  launchBrowser,
  openPage,
  overflowingElements,
  screenshot,
} from '../support/browser.ts';
import { api, loginClerk, useTestHall, type RestData, postCommand } from '../support/hall.ts';

const hall = useTestHall();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

function post(path: string, token?: string, body: unknown = {}): Promise<CommandReply> {
  return postCommand(hall.url, path, token, body);
}

function issue(serviceId: string): Promise<CommandReply> {
  return post('/api/v1/tickets', undefined, { serviceId });
}

async function callNext(windowId: number, token: string): Promise<string> {
  const reply = await post(`/api/v1/windows/${windowId}/call-next`, token);
  return reply.ticket?.ticket.number ?? '';
}

/**
 * Opens a screen with captions only and a short caption hold, so the serial announcements do
 * not slow the test (tests/e2e/voice.test.ts covers the voice).
 */
async function openScreen(
  screen: string,
  viewport: { width: number; height: number } = LANDSCAPE,
): Promise<Page> {
  const { page } = await openPage(
    browser,
    `${hall.url}/display?screen=${screen}&voice=off&hold=300`,
    viewport,
  );
  await page.locator('.ds-screen[data-connection="online"]').waitFor();
  return page;
}

/** The texts the page's announcer was given, oldest first (`window.__announced`). */
function announced(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = (globalThis as { __announced?: readonly { text: string }[] }).__announced;
    return (seen ?? []).map((a) => a.text);
  });
}

/** Every shown earlier call lies wholly inside its panel (none cut off at the bottom). */
async function expectAllVisible(page: Page): Promise<void> {
  const cut = await page.evaluate(() => {
    const panel = document.querySelector('[data-testid="recent-calls"]')?.getBoundingClientRect();
    if (panel === undefined) return ['no panel'];
    return Array.from(document.querySelectorAll<HTMLElement>('[data-testid="recent-call"]'))
      .filter((row) => row.offsetParent !== null)
      .filter((row) => row.getBoundingClientRect().bottom > panel.bottom + 1)
      .map((row) => row.textContent);
  });
  expect(cut).toEqual([]);
}

/** Waits until the highlight of a new call has finished (the marquee runs forever). */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a instanceof CSSAnimation && a.animationName === 'ds-flash')
        .map((a) => a.finished),
    ).then(() => undefined),
  );
}

async function expectNoOverflow(page: Page): Promise<void> {
  await settled(page);
  expect(await overflowingElements(page)).toEqual([]);
  const fits = await page.evaluate(
    () =>
      document.documentElement.scrollHeight <= window.innerHeight &&
      document.documentElement.scrollWidth <= window.innerWidth,
  );
  expect(fits).toBe(true);
}

describe('display', () => {
  it('the hall screen shows each new call large, with its caption and the earlier calls', async () => {
    const page = await openScreen('hall');
    await expect.poll(() => page.getByTestId('hall-name').textContent()).toContain('玉山县');
    for (let i = 0; i < 3; i += 1) await issue('bdc-transfer');
    await issue('household');

    const w1 = await loginClerk(hall.url, 1);
    expect(await callNext(1, w1)).toBe('A001');
    const newest = page.getByTestId('newest-call');
    await expect.poll(() => newest.textContent()).toContain('A001');
    expect(await newest.textContent()).toContain('1 号窗口');
    expect(await newest.textContent()).toContain('一楼');
    await expect
      .poll(() => page.getByTestId('caption-text').textContent())
      .toBe('请A001号到1号窗口办理');

    const w2 = await loginClerk(hall.url, 2);
    expect(await callNext(2, w2)).toBe('A002');
    await expect.poll(() => newest.textContent()).toContain('A002');
    expect(await newest.textContent()).toContain('2 号窗口');
    await expect.poll(() => page.getByTestId('recent-calls').textContent()).toContain('A001');
    await expect
      .poll(() => page.getByTestId('caption-text').textContent())
      .toBe('请A002号到2号窗口办理');
    expect(await announced(page)).toEqual(['请A001号到1号窗口办理', '请A002号到2号窗口办理']);
    // Waiting per zone: A003 in zone A, F001 in zone F.
    await expect.poll(() => page.getByTestId('waiting-A').textContent()).toContain('1 人');
    expect(await page.getByTestId('waiting-F').textContent()).toContain('1 人');

    // A busy hall: eight more windows call; the list shows the earlier calls, newest first.
    for (let i = 0; i < 8; i += 1) await issue('bdc-transfer');
    for (let n = 3; n <= 10; n += 1) await callNext(n, await loginClerk(hall.url, n));
    await expect.poll(() => newest.textContent()).toContain('A010');
    const rows = page.getByTestId('recent-call');
    await expect.poll(() => rows.first().textContent()).toContain('A009');
    expect(await rows.first().textContent()).toContain('9 号窗口');
    // Serial: each announcement waits for the one before (300 ms hold each).
    await expect.poll(() => announced(page).then((a) => a.length), { timeout: 10_000 }).toBe(10);
    await expectNoOverflow(page);
    await expectAllVisible(page);
    await screenshot(page, 'display-hall-landscape');

    const portrait = await openScreen('hall', PORTRAIT);
    await expect.poll(() => portrait.getByTestId('newest-call').textContent()).toContain('A010');
    expect(await portrait.getByTestId('recent-calls').textContent()).toContain('A001');
    await expectAllVisible(portrait);
    // A screen opened after the calls shows them but announces none.
    expect(await announced(portrait)).toEqual([]);
    await expectNoOverflow(portrait);
    await screenshot(portrait, 'display-hall-portrait');

    const english = await openScreen('hall&lang=en');
    await expect
      .poll(() => english.getByTestId('caption-text').textContent())
      .toBe('Number A010, please go to window 10');
    await expectNoOverflow(english);
    await screenshot(english, 'display-hall-english');
  });

  it('the zone screen shows the calls of its zone only', async () => {
    const config = (await api<RestData<HallConfig>>(hall.url, 'GET', '/api/v1/hall')).body.data;
    const fWindow = config.assignments.find(
      (a) => a.serviceId === 'household' && a.role === 'primary',
    )?.windowId;
    if (fWindow === undefined) throw new Error('no household window');
    const page = await openScreen('zone:A');
    expect(await page.getByTestId('screen-title').textContent()).toBe('不动产登记专区（一楼）');
    await issue('bdc-transfer');
    await issue('bdc-transfer');
    await issue('household');
    const wf = await loginClerk(hall.url, fWindow);
    expect(await callNext(fWindow, wf)).toBe('F001');
    const w1 = await loginClerk(hall.url, 1);
    expect(await callNext(1, w1)).toBe('A001');
    await expect.poll(() => page.getByTestId('newest-call').textContent()).toContain('A001');
    await expect.poll(() => page.getByTestId('caption-text').textContent()).toContain('A001');
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain('F001');
    expect(await announced(page)).toEqual(['请A001号到1号窗口办理']);
    expect(await page.getByTestId('waiting-bdc-transfer').textContent()).toContain('1 人');
    await expectNoOverflow(page);
    await screenshot(page, 'display-zone-landscape');
  });

  it('the window screen shows the current number, the state and the clerk', async () => {
    const page = await openScreen('window:1');
    const state = page.getByTestId('window-state');
    await expect.poll(() => state.textContent()).toBe('暂停服务'); // closed: nobody signed in
    expect(await page.getByTestId('window-current').textContent()).toBe('—');
    const { ticket } = await issue('bdc-transfer');
    const w1 = await loginClerk(hall.url, 1);
    await expect.poll(() => state.textContent()).toBe('空闲 · 请稍候');
    expect(await callNext(1, w1)).toBe('A001');
    await expect.poll(() => page.getByTestId('window-current').textContent()).toBe('A001');
    expect(await state.textContent()).toBe('正在呼叫');
    expect(await page.getByTestId('window-staff').textContent()).toBe('w001');
    await expect
      .poll(() => page.getByTestId('caption-text').textContent())
      .toBe('请A001号到1号窗口办理');
    await expectNoOverflow(page);
    await screenshot(page, 'display-window-landscape');

    const id = ticket?.ticket.id ?? '';
    await post(`/api/v1/tickets/${id}/start`, w1);
    await expect.poll(() => state.textContent()).toBe('正在办理');
    await post(`/api/v1/tickets/${id}/complete`, w1);
    await post('/api/v1/windows/1/pause', w1, { reason: '午休' });
    await expect.poll(() => state.textContent()).toBe('暂停服务 · 午休');
    expect(await page.getByTestId('window-current').textContent()).toBe('—');
    await expectNoOverflow(page);
    await screenshot(page, 'display-window-paused');
  });

  it('a screen that was offline shows the exact state again and does not replay old calls', async () => {
    for (let i = 0; i < 4; i += 1) await issue('bdc-transfer');
    const w1 = await loginClerk(hall.url, 1);
    const w2 = await loginClerk(hall.url, 2);
    const { context, page } = await openPage(
      browser,
      `${hall.url}/display?screen=hall&voice=off&hold=300`,
      LANDSCAPE,
    );
    await page.locator('.ds-screen[data-connection="online"]').waitFor();
    expect(await callNext(1, w1)).toBe('A001');
    await expect.poll(() => announced(page)).toEqual(['请A001号到1号窗口办理']);

    await context.setOffline(true);
    await page.getByTestId('connection-banner').waitFor();
    expect(await page.getByTestId('connection-banner').textContent()).toContain('网络连接中断');
    await post('/api/v1/tickets/' + encodeURIComponent(await ticketId('A001')) + '/start', w1);
    expect(await callNext(2, w2)).toBe('A002');
    expect(await callNext(2, w2).catch(() => 'refused')).toBe('refused'); // window 2 is busy
    await settled(page);
    await screenshot(page, 'display-offline');
    expect(await page.getByTestId('newest-call').textContent()).toContain('A001');

    await context.setOffline(false);
    await page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => page.getByTestId('newest-call').textContent()).toContain('A002');
    expect(await page.getByTestId('recent-calls').textContent()).toContain('A001');
    expect(await announced(page)).toEqual(['请A001号到1号窗口办理']);

    // The next live call is announced again.
    await post('/api/v1/tickets/' + encodeURIComponent(await ticketId('A001')) + '/complete', w1);
    expect(await callNext(1, w1)).toBe('A003');
    await expect
      .poll(() => announced(page))
      .toEqual(['请A001号到1号窗口办理', '请A003号到1号窗口办理']);
  });
});

/** The id of a ticket of today's demo hall by its number. */
async function ticketId(number: string): Promise<string> {
  const windows = await api<RestData<{ currentTicketId: string | null }[]>>(
    hall.url,
    'GET',
    '/api/v1/windows',
  );
  const id = windows.body.data.map((w) => w.currentTicketId).find((t) => t?.endsWith(`-${number}`));
  if (id === undefined || id === null) throw new Error(`no ticket ${number} at a window`);
  return id;
}
