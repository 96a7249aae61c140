/**
 * The counter terminal and the rating screen in real Chromium against the real server: a clerk
 * signs in, calls (by key and by button), serves and completes a ticket; the rating screen of
 * the window asks the visitor, takes a bad rating with a reason, and the counter's figures show
 * it. Refusals are visible: a wrong password, a ticket of another window. Pausing shows why.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply } from '@hallq/shared';
import {
  LANDSCAPE,
  launchBrowser,
  openPage,
  overflowingElements,
  screenshot,
} from '../support/browser.ts';
import { loginClerk, useTestHall, postCommand } from '../support/hall.ts';

const hall = useTestHall();
let browser: Browser;

/** The rating screen runs on a small landscape tablet beside the counter. */
const TABLET = { width: 1280, height: 800 } as const;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

function post(path: string, token?: string, body: unknown = {}): Promise<CommandReply> {
  return postCommand(hall.url, path, token, body);
}

async function issue(serviceId: string): Promise<string> {
  const reply = await post('/api/v1/tickets', undefined, { serviceId });
  return reply.ticket?.ticket.number ?? '';
}

/** Opens /counter and signs in; resolves when the window's workspace is live. */
async function signIn(staffId: string, password = 'demo'): Promise<Page> {
  const { page } = await openPage(browser, `${hall.url}/counter`, LANDSCAPE);
  await page.locator('input[name="staffId"]').fill(staffId);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('counter').waitFor();
  await page.getByTestId('connection-banner').waitFor({ state: 'detached' });
  return page;
}

function action(page: Page, name: string) {
  return page.locator(`button[data-action="${name}"]`);
}

describe('counter and rating screen', () => {
  it('signs in, calls by key and button, serves, completes, gets rated and counts it', async () => {
    const first = await issue('bdc-transfer');
    const second = await issue('bdc-transfer');
    expect([first, second]).toEqual(['A001', 'A002']);

    const { page: login } = await openPage(browser, `${hall.url}/counter`, LANDSCAPE);
    await login.locator('input[name="staffId"]').fill('w001');
    await login.locator('input[name="password"]').fill('demo');
    await screenshot(login, 'counter-login');
    await login.getByRole('button', { name: '登录', exact: true }).click();
    const page = login;
    await expect(page.getByTestId('window-label').textContent()).resolves.toBe('1号窗口');
    await page.getByTestId('connection-banner').waitFor({ state: 'detached' });
    // Both tickets wait for window 1, in order; the shortcuts are listed on screen.
    await page.getByTestId('queue').getByText('A002').waitFor();
    const queueText = (await page.getByTestId('queue').textContent()) ?? '';
    expect(queueText.indexOf('A001')).toBeLessThan(queueText.indexOf('A002'));
    const shortcuts = (await page.getByTestId('shortcuts').textContent()) ?? '';
    for (const key of ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10']) {
      expect(shortcuts).toContain(key);
    }
    // Nothing to act on yet: only calling makes sense.
    expect(await action(page, 'callNext').isEnabled()).toBe(true);
    expect(await action(page, 'complete').isEnabled()).toBe(false);

    // The rating screen of window 1 waits.
    const { page: rate } = await openPage(browser, `${hall.url}/rate?window=1`, TABLET);
    await rate.getByTestId('rate-idle').getByText('请对本次服务进行评价').waitFor();
    await screenshot(rate, 'rate-idle');

    // F1 calls the next ticket.
    await page.keyboard.press('F1');
    await page.getByTestId('action-result').getByText('已呼叫 A001').waitFor();
    await page.getByTestId('current-ticket').getByText('A001').waitFor();
    await page.getByTestId('current-state').getByText('已呼叫').waitFor();
    await action(page, 'recall').getByText('剩 3 次').waitFor();
    expect(await action(page, 'callNext').isEnabled()).toBe(false);

    await action(page, 'start').click();
    await page.getByTestId('current-state').getByText('办理中').waitFor();
    await page.getByTestId('ticket-timer').waitFor();
    await page.getByTestId('window-state').getByText('办理中').waitFor();
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'counter-serving');

    await action(page, 'complete').click();
    await page.getByTestId('action-result').getByText('A001 已办结').waitFor();
    await page.getByTestId('fig-served').getByText('1', { exact: true }).waitFor();

    // The rating screen asks about A001, with a countdown.
    await rate.getByTestId('rate-ask').waitFor();
    await rate.getByTestId('rate-ask').getByText('A001').first().waitFor();
    expect(await rate.getByTestId('rate-countdown').textContent()).toMatch(/\d+ 秒后关闭/);
    await screenshot(rate, 'rate-ask');
    expect(await overflowingElements(rate)).toEqual([]);

    // 不满意 needs a reason before it is sent.
    await rate.locator('button[data-score="dissatisfied"]').click();
    await rate.getByTestId('rate-reasons').waitFor();
    await rate.getByTestId('rate-submit').click();
    await rate.getByTestId('rate-error').getByText('请至少选择一个原因').waitFor();
    await rate.locator('button[data-reason="wait_long"]').click();
    await screenshot(rate, 'rate-reason');
    await rate.getByTestId('rate-submit').click();
    await rate.getByTestId('rate-thanks').getByText('感谢您的评价').waitFor();
    await screenshot(rate, 'rate-thanks');

    // The counter's figures show the rating.
    await page.getByTestId('fig-rated').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('fig-goodrate').getByText('0%').waitFor();
    await page.getByTestId('fig-ratings').getByText('不满意 × 1').waitFor();
    const stored = hall.server.hall.state.day.tickets.get('20261124-A001' as never);
    expect(stored?.rating?.score).toBe('dissatisfied');
    expect(stored?.rating?.reasons).toEqual(['wait_long']);

    // The button calls too; F6 opens the transfer dialog.
    await action(page, 'callNext').click();
    await page.getByTestId('current-ticket').getByText('A002').waitFor();
    await page.keyboard.press('F6');
    const dialog = page.getByTestId('transfer-dialog');
    await dialog.waitFor();
    await dialog.locator('select[name="toService"]').selectOption('bdc-mortgage');
    await dialog.locator('input[name="note"]').fill('需办理抵押');
    await screenshot(page, 'counter-transfer-dialog');
    await dialog.getByRole('button', { name: '确认转移' }).click();
    await page.getByTestId('action-result').getByText('A002 已转移').waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(hall.server.hall.state.day.tickets.get('20261124-A002' as never)?.serviceId).toBe(
      'bdc-mortgage',
    );

    // Sign out returns to the sign-in form.
    await page.getByTestId('sign-out').click();
    await page.locator('input[name="staffId"]').waitFor();
  });

  it('shows a wrong password as a visible error', async () => {
    const { page } = await openPage(browser, `${hall.url}/counter`, LANDSCAPE);
    await page.locator('input[name="staffId"]').fill('w005');
    await page.locator('input[name="password"]').fill('wrong');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.isVisible()).toBe(true);
    expect((await error.textContent())?.length ?? 0).toBeGreaterThan(3);
    expect(await page.getByTestId('counter').count()).toBe(0);
  });

  it('refuses, visibly, to call a ticket another window holds', async () => {
    await issue('bdc-transfer');
    const token = await loginClerk(hall.url, 1);
    await post('/api/v1/windows/1/call-next', token);

    const page = await signIn('w002');
    await page.keyboard.press('F9');
    const dialog = page.getByTestId('call-number-dialog');
    await dialog.locator('input[name="number"]').fill('a001');
    await dialog.getByRole('button', { name: '呼叫' }).click();
    const error = dialog.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).not.toBe('');
    // Nothing changed: window 1 still holds A001, window 2 has none.
    expect(hall.server.hall.state.day.windows.get(1 as never)?.currentTicketId).toBe(
      '20261124-A001',
    );
    expect(hall.server.hall.state.day.windows.get(2 as never)?.currentTicketId).toBeNull();
    await page.getByTestId('current-ticket').getByText('当前没有号码').waitFor();
  });

  it('pauses with a reason and resumes', async () => {
    const page = await signIn('w005');
    await action(page, 'pauseToggle').click();
    const dialog = page.getByTestId('pause-dialog');
    await dialog.getByRole('button', { name: '会议' }).click();
    await dialog.getByRole('button', { name: '确认暂停' }).click();
    await page.getByTestId('window-state').getByText('暂停服务').waitFor();
    await page.getByTestId('pause-reason').getByText('会议').waitFor();
    expect(await action(page, 'callNext').isEnabled()).toBe(false);
    expect(hall.server.hall.state.day.windows.get(5 as never)?.pauseReason).toBe('会议');
    await screenshot(page, 'counter-paused');
    await page.keyboard.press('F8');
    await page.getByTestId('action-result').getByText('窗口已恢复服务').waitFor();
    await page.getByTestId('window-state').getByText('空闲').waitFor();
  });
});
