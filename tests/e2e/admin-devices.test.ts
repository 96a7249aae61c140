/**
 * The admin's device page in real Chromium against the real server: sign in, register a kiosk,
 * read its pairing code off the screen, pair a hall client with it over REST, watch the page
 * show it paired, edit its binding, and revoke it with confirmation.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceConfig, PairReply } from '@hallq/shared';
import { LANDSCAPE, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { api, useTestHall, type RestData } from '../support/hall.ts';

const hall = useTestHall();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function signIn(path = '/admin/devices'): Promise<Page> {
  const { page } = await openPage(browser, `${hall.url}${path}`, LANDSCAPE);
  await page.locator('input[name="staffId"]').fill('admin');
  await page.locator('input[name="password"]').fill('demo-admin');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('create-form').waitFor();
  return page;
}

describe('admin devices page', () => {
  it('registers a kiosk, shows its code, sees it paired, edits and revokes it', async () => {
    const page = await signIn();
    // A zone screen and a counter first, so the list is not a single row.
    const form = page.getByTestId('create-form');
    await form.locator('input[name="name"]').fill('A区专区屏');
    await form.getByText('叫号屏', { exact: true }).click();
    await form.locator('select[name="screenKind"]').selectOption('zone');
    await form.locator('select[name="zone"]').selectOption('A');
    await form.locator('input[name="audio"]').fill('zone:A');
    await form.locator('input[name="pin"]').fill('8642');
    await screenshot(page, 'admin-devices-display-form');
    await form.getByRole('button', { name: '登记并生成配对码' }).click();
    await page.getByTestId('pairing-dialog').waitFor();
    await page.getByRole('button', { name: '关闭' }).click();
    const screenRow = page.locator('[data-testid="device-row"]', { hasText: 'A区专区屏' });
    await expect(screenRow.textContent()).resolves.toContain('A区专区屏声音：zone:A');

    await form.locator('input[name="name"]').fill('5号窗口终端');
    await form.getByText('窗口终端', { exact: true }).click();
    await form.locator('select[name="windowId"]').selectOption('5');
    await form.getByRole('button', { name: '登记并生成配对码' }).click();
    await page.getByTestId('pairing-dialog').waitFor();
    await page.getByRole('button', { name: '关闭' }).click();

    // The kiosk: a wrong printer address is explained before anything is sent.
    await form.locator('input[name="name"]').fill('一楼取号机 1');
    await form.getByText('取号机', { exact: true }).click();
    await form.locator('input[name="printerUrl"]').fill('192.168.1.50:9100');
    await form.locator('select[name="paper"]').selectOption('58');
    await form.locator('input[name="pin"]').fill('246810');
    await form.getByRole('button', { name: '登记并生成配对码' }).click();
    await expect(page.getByTestId('create-error').textContent()).resolves.toContain(
      '打印机地址应以 tcp://',
    );
    await form.locator('input[name="printerUrl"]').fill('tcp://192.168.1.50:9100');
    await form.getByRole('button', { name: '登记并生成配对码' }).click();

    const dialog = page.getByTestId('pairing-dialog');
    await dialog.waitFor();
    const code = (await dialog.getByTestId('pairing-code').textContent()) ?? '';
    expect(code).toMatch(/^\d{4}-\d{4}$/);
    await expect(dialog.getByTestId('pairing-server').textContent()).resolves.toBe(hall.url);
    await expect(dialog.getByTestId('pairing-countdown').textContent()).resolves.toMatch(
      /^1[45]:\d\d 后失效/,
    );
    await screenshot(page, 'admin-devices-code');

    // The hall client pairs with the code read off the screen.
    const paired = await api<RestData<PairReply>>(hall.url, 'POST', '/api/v1/pair', {
      body: { code, client: { hostname: 'kiosk-pc-01', platform: 'linux', version: '0.1.0' } },
    });
    expect(paired.status).toBe(200);
    const { token, config } = paired.body.data;
    expect(config).toMatchObject({ name: '一楼取号机 1', role: 'kiosk' });
    await dialog.getByTestId('pairing-done').waitFor();
    await expect(dialog.getByTestId('pairing-done').textContent()).resolves.toContain(
      'kiosk-pc-01',
    );
    await dialog.getByRole('button', { name: '完成' }).click();

    const row = page.locator(`[data-testid="device-row"][data-device-id="${config.deviceId}"]`);
    await expect(row.getByTestId('device-status').textContent()).resolves.toBe('已配对');
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('打印机 tcp://192.168.1.50:9100 · 58mm');
    expect(rowText).toContain('已设退出密码');
    expect(rowText).toContain('kiosk-pc-01');
    await screenshot(page, 'admin-devices-list');

    // Edit: the kiosk moves to 80 mm paper; the device reads the new version.
    await row.locator('button[data-action="edit"]').click();
    const edit = page.getByTestId('edit-dialog');
    await edit.locator('select[name="paper"]').selectOption('80');
    await expect(edit.textContent()).resolves.toContain('留空则不修改（当前：已设置）');
    await screenshot(page, 'admin-devices-edit');
    await edit.getByRole('button', { name: '保存修改' }).click();
    await page.getByTestId('message').waitFor();
    await expect(row.textContent()).resolves.toContain('· 80mm');
    const after = await api<RestData<DeviceConfig>>(hall.url, 'GET', '/api/v1/device', {
      token,
    });
    expect(after.body.data).toMatchObject({
      version: config.version + 1,
      binding: { paper: 80, printerUrl: 'tcp://192.168.1.50:9100' },
    });

    // Revoke, with confirmation: cancelling changes nothing, confirming cuts the device off.
    await row.locator('button[data-action="revoke"]').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: '取消' }).click();
    expect((await api(hall.url, 'GET', '/api/v1/device', { token })).status).toBe(200);
    await row.locator('button[data-action="revoke"]').click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm.textContent()).resolves.toContain('无法恢复');
    await confirm.getByRole('button', { name: '确认停用' }).click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    await expect(row.getByTestId('device-status').textContent()).resolves.toBe('已停用');
    expect((await api(hall.url, 'GET', '/api/v1/device', { token })).status).toBe(401);
    expect(await row.locator('button[data-action="revoke"]').count()).toBe(0);
    await screenshot(page, 'admin-devices-revoked');
    await page.context().close();
  });

  it('shows the devices read-only to a manager and refuses a clerk, in both languages', async () => {
    const { page } = await openPage(browser, `${hall.url}/admin/devices`, LANDSCAPE);
    await page.locator('input[name="staffId"]').fill('w005');
    await page.locator('input[name="password"]').fill('demo');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      '不是管理员、值班长或首席代表',
    );

    await page.locator('input[name="staffId"]').fill('manager');
    await page.locator('input[name="password"]').fill('demo-admin');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('device-list').or(page.getByText('还没有登记设备')).waitFor();
    await expect(page.locator('.ad-notice').textContent()).resolves.toContain('只读');
    expect(await page.getByTestId('create-form').count()).toBe(0);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('.ad-notice').textContent()).resolves.toContain('Read only');
    await page.context().close();
  });
});
