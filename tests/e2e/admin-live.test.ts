/**
 * The live hall view and the alarms page in real Chromium against the real server: the
 * window tile follows a clerk's call within a second, a paused window raises an alarm that
 * shows on the alarms page and the tab badge, and acknowledging it by clicking takes it off
 * the unacknowledged count. Screenshots: the 108-window demo hall with activity at 1920×1080,
 * and the alarms page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowId, type CommandReply } from '@hallq/shared';
import { launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { api, loginClerk, useTestHall, type RestData } from '../support/hall.ts';

const hall = useTestHall({ start: Date.now() });
let browser: Browser;
const FULL_HD = { width: 1920, height: 1080 };

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function signIn(path: string): Promise<Page> {
  const { page } = await openPage(browser, `${hall.url}${path}`, FULL_HD);
  await page.locator('input[name="staffId"]').fill('admin');
  await page.locator('input[name="password"]').fill('demo-admin');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('connection').filter({ hasText: '实时' }).waitFor();
  return page;
}

async function post(path: string, token: string, body: unknown = {}): Promise<void> {
  const response = await api(hall.url, 'POST', path, { token, body });
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
}

/** Opens most windows, issues tickets and calls some, pauses a few: a busy demo hall. */
async function busyHall(): Promise<void> {
  const { config } = hall.server.hall.state;
  for (const service of config.services) {
    for (let i = 0; i < 3; i += 1) {
      const issued = await api<RestData<CommandReply>>(hall.url, 'POST', '/api/v1/tickets', {
        body: { serviceId: service.id },
      });
      if (issued.status !== 201) break; // outside the service's hours or quota
    }
  }
  for (const window of config.windows) {
    if (window.id === 1 || window.id % 7 === 0) continue; // some stay closed
    const clerk = await loginClerk(hall.url, window.id);
    await post(`/api/v1/windows/${window.id}/open`, clerk);
    if (window.id % 5 === 0) {
      await post(`/api/v1/windows/${window.id}/pause`, clerk, { reason: '午间休息' });
    } else if (window.id % 3 !== 0) {
      const called = await api(hall.url, 'POST', `/api/v1/windows/${window.id}/call-next`, {
        token: clerk,
        body: {},
      });
      if (called.status === 200 && window.id % 2 === 0) {
        const ticketId = hall.server.hall.state.day.windows.get(window.id)?.currentTicketId;
        if (ticketId !== undefined && ticketId !== null)
          await post(`/api/v1/tickets/${ticketId}/start`, clerk);
      }
    }
  }
}

describe('admin live view and alarms', () => {
  it('follows a call within a second; an alarm is shown, badged and acknowledged', async () => {
    await busyHall();
    const page = await signIn('/admin');
    await page.getByTestId('tile-1').waitFor();
    expect(await page.getByTestId('tile-1').getAttribute('data-state')).toBe('closed');

    const clerk = await loginClerk(hall.url, 1);
    await post('/api/v1/windows/1/open', clerk);
    const issued = await api<RestData<CommandReply>>(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'bdc-transfer' },
    });
    expect(issued.status).toBe(201);
    const started = Date.now();
    await post('/api/v1/windows/1/call-next', clerk);
    await page.locator('[data-testid="tile-1"][data-state="calling"]').waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    const number = hall.server.hall.state.day.tickets.get(
      hall.server.hall.state.day.windows.get(windowId(1))?.currentTicketId ?? ('' as never),
    )?.number;
    await expect(page.getByTestId('tile-1-ticket').textContent()).resolves.toBe(number);
    await screenshot(page, 'admin-live-hall');

    // A window's day history in the side panel.
    await page.getByTestId('tile-1').click();
    await page.getByTestId('window-panel').getByText('呼叫').first().waitFor();
    await screenshot(page, 'admin-live-window-panel');

    // A paused window: lower the threshold so the alarm is due now.
    const current = hall.server.hall.state.day.windows.get(windowId(1))?.currentTicketId ?? '';
    await post(`/api/v1/tickets/${current}/complete`, clerk);
    await post('/api/v1/windows/1/pause', clerk, { reason: '系统故障' });
    const changed = await hall.server.hall.changeConfig(
      { kind: 'system' },
      'alarms',
      (c) => ({ ...c, alarms: { ...c.alarms, pausedMin: 1 } }),
      null,
    );
    expect(changed.ok).toBe(true);
    hall.advance(2 * 60_000);
    const badge = page.getByTestId('alarm-badge');
    await badge.waitFor({ timeout: 8000 });
    const count = Number(await badge.textContent());
    expect(count).toBeGreaterThan(0);

    await page.getByTestId('nav-alarms').click();
    const row = page.locator('[data-kind="window_paused"]', { hasText: '系统故障' });
    await row.waitFor();
    await screenshot(page, 'admin-alarms');
    await row.getByRole('button', { name: '确认' }).click();
    await page.getByTestId('ack-dialog').locator('textarea').fill('已通知运维');
    await page.getByTestId('ack-dialog').getByRole('button', { name: '确认' }).click();
    await row.getByText('已通知运维').waitFor();
    await expect
      .poll(async () =>
        Number(
          (await page.getByTestId('alarm-badge').count()) === 0
            ? 0
            : await page.getByTestId('alarm-badge').textContent(),
        ),
      )
      .toBe(count - 1);
    await screenshot(page, 'admin-alarms-acknowledged');
  }, 120_000);
});
