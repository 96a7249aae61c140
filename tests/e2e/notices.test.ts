/**
 * Screen notices and the ticket template in real Chromium against the real server (issue 8):
 * notices set through the console's configuration route reach the call screens live, each
 * screen showing those of its scope within their dates (the hall's business day), large
 * enough to read across the hall; the kiosk shows its notices and the on-screen ticket
 * follows the hall's ticket template.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '@hallq/shared';
import { LANDSCAPE, PORTRAIT, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { api, login, useTestHall } from '../support/hall.ts';

const hall = useTestHall();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

function notice(id: string, over: Partial<Notice>): Notice {
  return {
    id,
    text: '',
    textEn: '',
    zoneIds: [],
    startsOn: null,
    endsOn: null,
    kiosk: false,
    ...over,
  };
}

// The test hall's business day is 2026-11-24.
const LUNCH = notice('lunch', {
  text: '午间休息 12:00–13:30 暂停取号，下午 13:30 恢复办理',
  textEn: 'Lunch break 12:00–13:30: no new tickets until 13:30',
  kiosk: true,
});
const ZONE_A = notice('zone-a', {
  text: '不动产登记专区今日系统升级，办理时间可能延长',
  textEn: 'Zone A: system upgrade today, service may take longer',
  zoneIds: ['A'],
  startsOn: '2026-11-24',
  endsOn: '2026-11-24',
});
const ZONE_B = notice('zone-b', {
  text: '社保医保专区请提前准备社保卡',
  textEn: 'Zone B: please have your social security card ready',
  zoneIds: ['B'],
});
const OVER = notice('over', {
  text: '昨日通知',
  textEn: 'Yesterday',
  endsOn: '2026-11-23',
  kiosk: true,
});
const LATER = notice('later', { text: '明日通知', textEn: 'Tomorrow', startsOn: '2026-11-25' });

/** Sets the notices as the hall manager would in the console. */
async function setNotices(notices: readonly Notice[]): Promise<void> {
  const manager = await login(hall.url, 'manager', 'demo-admin');
  const response = await api(hall.url, 'PUT', '/api/v1/admin/config/notices', {
    token: manager,
    body: notices,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

async function openScreen(screen: string): Promise<Page> {
  const { page } = await openPage(
    browser,
    `${hall.url}/display?screen=${screen}&voice=off&hold=300`,
    LANDSCAPE,
  );
  await page.locator('.ds-screen[data-connection="online"]').waitFor();
  return page;
}

/** The ids of the notices the screen's band shows, once it shows `count` of them. */
async function shownNotices(page: Page, count: number): Promise<string[]> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="notice"]').length === n,
    count,
  );
  return page
    .locator('[data-testid="notice"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-notice-id') ?? ''));
}

describe('screen notices', () => {
  it('reach the hall, zone and window screens live, each with its own, within their dates', async () => {
    const hallScreen = await openScreen('hall');
    const zoneScreen = await openScreen('zone:B');
    const windowScreen = await openScreen('window:5'); // zone A
    // Before the console saved any notices, the hall screen keeps its standing ones.
    await hallScreen.locator('[data-testid="notices"]').waitFor();
    expect(await windowScreen.locator('[data-testid="screen-notices"]').count()).toBe(0);

    await setNotices([LUNCH, ZONE_A, ZONE_B, OVER, LATER]);
    expect(await shownNotices(hallScreen, 3)).toEqual(['lunch', 'zone-a', 'zone-b']);
    expect(await shownNotices(zoneScreen, 2)).toEqual(['lunch', 'zone-b']);
    expect(await shownNotices(windowScreen, 2)).toEqual(['lunch', 'zone-a']);
    expect(await hallScreen.locator('[data-testid="notices"]').count()).toBe(0);

    // Chinese then English, large enough to read from across the hall (≥ 4 vmin at 1080 p).
    const first = hallScreen.locator('[data-testid="notice"]').first();
    expect(await first.locator('.ds-notice-zh').textContent()).toBe(LUNCH.text);
    expect(await first.locator('.ds-notice-en').textContent()).toBe(LUNCH.textEn);
    const size = await first
      .locator('.ds-notice-zh')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(43);
    // The band sits inside the screen, below the caption line.
    for (const page of [hallScreen, zoneScreen, windowScreen]) {
      const box = await page.locator('[data-testid="screen-notices"]').boundingBox();
      const caption = await page.locator('[data-testid="caption"]').boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(LANDSCAPE.height + 1);
      expect(box?.y ?? 0).toBeGreaterThanOrEqual((caption?.y ?? 0) + (caption?.height ?? 0) - 1);
    }
    // Stop the ticker for a still screenshot.
    for (const page of [hallScreen, zoneScreen, windowScreen]) {
      await page.addStyleTag({ content: '.ds-notices-track { animation: none !important; }' });
    }
    await screenshot(hallScreen, 'notices-hall-screen');
    await screenshot(zoneScreen, 'notices-zone-b-screen');
    await screenshot(windowScreen, 'notices-window-5-screen');

    // Removing a notice takes it off at once; an empty list removes the band.
    await setNotices([LUNCH, ZONE_B]);
    expect(await shownNotices(hallScreen, 2)).toEqual(['lunch', 'zone-b']);
    expect(await shownNotices(windowScreen, 1)).toEqual(['lunch']);
    await setNotices([]);
    await hallScreen.locator('[data-testid="screen-notices"]').waitFor({ state: 'detached' });
    await zoneScreen.locator('[data-testid="screen-notices"]').waitFor({ state: 'detached' });
    expect(await hallScreen.locator('[data-testid="notices"]').count()).toBe(0);
  });
});

describe('the kiosk', () => {
  it('shows its notices live and the ticket as the hall template says', async () => {
    const { page } = await openPage(browser, `${hall.url}/kiosk?device=kiosk-test`, PORTRAIT);
    await page.locator('[data-testid="kiosk"][data-connection="online"]').waitFor();
    await page.locator('[data-testid="zone-A"]').waitFor();
    expect(await page.locator('[data-testid="kiosk-notices"]').count()).toBe(0);

    await setNotices([LUNCH, ZONE_A, OVER]);
    await page.locator('[data-testid="kiosk-notice"]').first().waitFor();
    const ids = await page
      .locator('[data-testid="kiosk-notice"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-notice-id')));
    expect(ids).toEqual(['lunch']); // zone-a is not for the kiosk, over has ended
    expect(await page.locator('.k-notice-zh').textContent()).toBe(LUNCH.text);
    expect(await page.locator('.k-notice-en').textContent()).toBe(LUNCH.textEn);
    await page.waitForFunction(() => document.fonts.status === 'loaded');
    await screenshot(page, 'notices-kiosk-start');

    // The hall's ticket template: header and footer on the on-screen ticket, no QR code.
    const admin = await login(hall.url, 'admin', 'demo-admin');
    const template = await api(hall.url, 'PUT', '/api/v1/admin/config/ticket', {
      token: admin,
      body: {
        header: '请留意叫号屏幕和语音提示',
        headerEn: 'Please watch the screens',
        footer: '过号请到服务台重新取号 · 监督电话 12345',
        footerEn: 'Hotline 12345',
        printMaterials: true,
        qr: false,
      },
    });
    expect(template.status, JSON.stringify(template.body)).toBe(200);
    await page.locator('[data-testid="zone-A"]').click();
    await page.locator('[data-testid="services-screen"]').waitFor();
    await page.locator('[data-testid="service-bdc-transfer"]').click();
    await page.locator('[data-testid="ticket-screen"]').waitFor();
    expect(await page.locator('[data-testid="ticket-header"]').textContent()).toBe(
      '请留意叫号屏幕和语音提示',
    );
    expect(await page.locator('[data-testid="ticket-footer"]').textContent()).toContain(
      '监督电话 12345',
    );
    expect(await page.locator('.k-ticket-qr-box svg, .k-ticket-qr-box canvas').count()).toBe(0);
    await page.locator('[data-testid="ticket-materials"]').waitFor();
    await screenshot(page, 'notices-kiosk-ticket-template');
  });
});

describe('the staff page (/admin/staff)', () => {
  it('creates a clerk, resets a password shown once, disables with a confirmation', async () => {
    const { page } = await openPage(browser, `${hall.url}/admin/staff`, LANDSCAPE);
    await page.locator('input[name="staffId"]').fill('admin');
    await page.locator('input[name="password"]').fill('demo-admin');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('staff-list').waitFor();
    expect(await page.getByTestId('staff-row').count()).toBe(118);

    await page.getByTestId('staff-create').click();
    const form = page.getByTestId('staff-form');
    await form.locator('input[name="staffId"]').fill('w901');
    await form.locator('input[name="name"]').fill('张晓');
    await form.locator('select[name="windowId"]').selectOption('5');
    await form.locator('input[name="password"]').fill('short');
    await form.locator('input[name="password"]').evaluate((el) => el.removeAttribute('minlength'));
    await form.locator('[data-action="save"]').click();
    // The server's refusal shows in the form, which stays open.
    await form.getByTestId('form-error').waitFor();
    await form.locator('input[name="password"]').fill('Secret-pass-1');
    await screenshot(page, 'staff-create-form');
    await form.locator('[data-action="save"]').click();
    await form.waitFor({ state: 'detached' });
    const row = page.locator('[data-testid="staff-row"][data-staff-id="w901"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('5 号窗口');
    await login(hall.url, 'w901', 'Secret-pass-1');

    await row.locator('[data-action="reset"]').click();
    await page.getByTestId('staff-reset').locator('[data-action="confirm"]').click();
    const temporary = (await page.getByTestId('temporary-password').textContent()) ?? '';
    expect(temporary).toMatch(/^[A-Za-z2-9]{12}$/);
    await screenshot(page, 'staff-temporary-password');
    await login(hall.url, 'w901', temporary);
    await page.getByTestId('staff-reset').locator('[data-action="close"]').click();

    await page.getByTestId('staff-filter').fill('w901');
    await row.locator('[data-action="disable"]').click();
    await page.getByTestId('staff-disable').locator('[data-action="confirm"]').click();
    await row.locator('[data-testid="staff-status"]', { hasText: '已停用' }).waitFor();
    const refused = await api(hall.url, 'POST', '/api/v1/auth/login', {
      body: { staffId: 'w901', password: temporary },
    });
    expect(refused.status).toBe(401);
    await page.getByTestId('staff-filter').fill('');
    await screenshot(page, 'staff-list');
  });
});
