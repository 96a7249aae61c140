/**
 * The configuration page in real Chromium against the real server: the admin renames a
 * service and adds a new one (with its primary window) at /admin/config, and a kiosk page
 * that stays open shows both without reloading; an invalid value is explained next to its
 * field before anything is sent; a manager sees the page read-only except notices and alarms.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANDSCAPE, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { useTestHall } from '../support/hall.ts';

const hall = useTestHall();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function signIn(staffId: string, password: string): Promise<Page> {
  const { page } = await openPage(browser, `${hall.url}/admin/config`, LANDSCAPE);
  await page.locator('input[name="staffId"]').fill(staffId);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('config-editor').waitFor();
  return page;
}

async function openKiosk(): Promise<Page> {
  const { page } = await openPage(browser, `${hall.url}/kiosk?device=kiosk-config`, LANDSCAPE);
  await page.locator('[data-testid="kiosk"][data-connection="online"]').waitFor();
  await page.locator('[data-testid="zone-A"]').click();
  await page.locator('[data-testid="service-bdc-transfer"]').waitFor();
  return page;
}

describe('admin configuration page', () => {
  it('renames and adds a service; an open kiosk shows both without reloading', async () => {
    const kiosk = await openKiosk();
    await screenshot(kiosk, 'admin-config-kiosk-before');
    const loadsBefore = await kiosk.evaluate(
      () => performance.getEntriesByType('navigation').length,
    );

    const page = await signIn('admin', 'demo-admin');
    await page.getByTestId('section-services').click();
    const first = page.getByTestId('service-row').first();
    await first.locator('input[name="services.0.name"]').fill('不动产转移登记（二手房）');

    // A new service: the checks explain what is missing before anything is sent.
    await page.getByTestId('add-service').click();
    const details = page.getByTestId('service-details');
    await details.waitFor();
    const count = await page.getByTestId('service-row').count();
    const n = count - 1;
    await page.locator(`select[name="services.${n}.zoneId"]`).selectOption('A');
    await page.locator(`input[name="services.${n}.name"]`).fill('存量房交易资金监管');
    await page.locator(`input[name="services.${n}.id"]`).fill('bdc-escrow');
    await page.locator(`input[name="services.${n}.prefix"]`).fill('H');
    await page.locator(`input[name="services.${n}.prefix"]`).blur();
    const problems = page.getByTestId('config-problems');
    await expect(problems.textContent()).resolves.toContain('票号前缀 H 被多个事项使用');
    await expect(problems.textContent()).resolves.toContain('没有主办窗口');
    expect(await page.getByTestId('config-save').isDisabled()).toBe(true);
    await screenshot(page, 'admin-config-service-problems');

    await page.locator(`input[name="services.${n}.prefix"]`).fill('AE');
    await details.locator(`input[name="services.${n}.primaryWindows"]`).fill('1, 2');
    await details.locator(`input[name="services.${n}.primaryWindows"]`).blur();
    await page.locator(`input[name="services.${n}.expectedHandlingMin"]`).fill('15');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="config-problems"]') === null,
    );
    expect(await page.getByTestId('section-assignments').textContent()).toContain('未保存');
    await page.getByTestId('config-save').click();
    await expect(page.getByTestId('config-message').textContent()).resolves.toContain(
      '已保存，立即生效',
    );
    await screenshot(page, 'admin-config-services-saved');

    // The kiosk, never reloaded, has the new name and the new tile.
    await kiosk.getByText('不动产转移登记（二手房）').waitFor();
    await kiosk.locator('[data-testid="service-bdc-escrow"]').waitFor();
    expect(await kiosk.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(
      loadsBefore,
    );
    await screenshot(kiosk, 'admin-config-kiosk-after');

    const config = hall.server.hall.state.config;
    expect(config.services.find((s) => s.id === 'bdc-escrow')?.prefix).toBe('AE');
    expect(
      config.assignments.filter((a) => a.serviceId === 'bdc-escrow').map((a) => a.windowId),
    ).toEqual([1, 2]);
  });

  it('shows the server refusing a live-day change next to the field', async () => {
    await fetch(`${hall.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'deed-tax' }),
    });
    const page = await signIn('admin', 'demo-admin');
    await page.getByTestId('section-services').click();
    const index = hall.server.hall.state.config.services.findIndex((s) => s.id === 'deed-tax');
    await page.locator(`input[name="services.${index}.prefix"]`).fill('QQ');
    await page.getByTestId('config-save').click();
    await expect(page.getByTestId('config-problems').textContent()).resolves.toContain(
      '票号前缀不能从 Q 改为 QQ',
    );
    expect(hall.server.hall.state.config.services[index]?.prefix).toBe('Q');
    await screenshot(page, 'admin-config-live-refusal');
  });

  it('lets a manager post a notice but not edit services', async () => {
    const page = await signIn('manager', 'demo-admin');
    expect(await page.getByTestId('config-editor').textContent()).toContain('只读');
    await page.getByTestId('add-notice').click();
    await page.locator('input[name="notices.0.text"]').fill('今日 16:00 后暂停受理不动产业务');
    await page.getByTestId('config-save').click();
    await expect(page.getByTestId('config-message').textContent()).resolves.toContain('已保存');
    expect(hall.server.hall.state.config.notices?.[0]?.text).toBe(
      '今日 16:00 后暂停受理不动产业务',
    );
    await page.getByTestId('section-services').click();
    expect(await page.locator('input[name="services.0.name"]').isDisabled()).toBe(true);
    expect(await page.getByTestId('add-service').count()).toBe(0);
    await screenshot(page, 'admin-config-manager');
  });

  it('checks an import file, shows what would change, and applies it on confirm', async () => {
    const page = await signIn('admin', 'demo-admin');
    await page.getByTestId('section-io').click();
    const config = hall.server.hall.state.config;
    const file = {
      format: 'hallq-config',
      version: 1,
      config: { ...config, hall: { ...config.hall, name: '玉山县政务服务中心' } },
    };
    await page.getByTestId('config-import-file').setInputFiles({
      name: 'hallq-config.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    const dry = page.getByTestId('config-dry-run');
    await expect(dry.textContent()).resolves.toContain('大厅信息：新增 0，删除 0，修改 1');
    expect(hall.server.hall.state.config.hall.name).toBe(config.hall.name);
    await screenshot(page, 'admin-config-import-check');
    await page.getByTestId('config-import-confirm').click();
    await expect(page.getByTestId('config-message').textContent()).resolves.toContain('已导入');
    expect(hall.server.hall.state.config.hall.name).toBe('玉山县政务服务中心');

    const broken = {
      ...file,
      config: { ...config, windows: [{ ...config.windows[0], zoneId: 'Z' }] },
    };
    await page.getByTestId('config-import-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    await expect(page.getByTestId('config-dry-run').textContent()).resolves.toContain('未导入');
    await screenshot(page, 'admin-config-import-broken');
  });
});
