/**
 * The hall client's own pages in real Chromium, loaded from files as the shell loads them:
 * the first-run pairing page (设备配对) with a browser implementation of
 * `window.hallqPairing` (shared/src/client/shell-bridge.ts `PairingBridge`), the offline
 * page, and the exit PIN prompt with a browser `window.hallqExit` (`ExitBridge`).
 * Screenshots go to tests/screenshots/hall-client-*.png.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairingBridge, PairingResult } from '../../shared/src/client/shell-bridge.ts';
import { buildShellPages } from '../../scripts/build-hall-client.ts';
import {
  LANDSCAPE,
  PORTRAIT,
  launchBrowser,
  overflowingElements,
  screenshot,
} from '../support/browser.ts';

const root = path.resolve(import.meta.dirname, '../..');
let browser: Browser;
/** The temp folder, and the pages in its `dist/` (ignored by ESLint and Prettier if left). */
let workDir: string;
let pagesDir: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await mkdir(path.join(root, '.tmp'), { recursive: true });
  workDir = await mkdtemp(path.join(root, '.tmp', 'shell-pages-'));
  pagesDir = path.join(workDir, 'dist');
  await Promise.all([
    buildShellPages(pagesDir),
    launchBrowser({ buildWeb: false }).then((b) => {
      browser = b;
    }),
  ]);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser.close();
  await rm(workDir, { recursive: true, force: true });
});

/** What the fake bridge answers per code; '48271936' waits until the test releases it. */
const FAILURES: Readonly<Record<string, PairingResult>> = {
  '11111111': {
    ok: false,
    reason: 'invalid_code',
    message: {
      zh: '配对码不对。请核对 8 位数字；如仍不行，请管理员在“设备管理”中为本设备生成新的配对码。',
      en: 'The pairing code is wrong. Check the 8 digits; if it still fails, ask the admin for a new code under Devices.',
    },
    detail: '404 pairing_code_invalid no such pairing code',
  },
  '22222222': {
    ok: false,
    reason: 'unreachable',
    message: {
      zh: '连接不上服务器。请检查网线或无线网络，核对服务器地址和端口（通常是 8080），确认服务器已开机，然后重试。',
      en: 'Cannot reach the server. Check the network cable or Wi-Fi, check the address and port (usually 8080), make sure the server is running, then try again.',
    },
    detail: 'http://10.0.0.9:8080/api/v1/pair: fetch failed: connect ECONNREFUSED',
  },
};

interface FakeOptions {
  readonly reason: PairingBridge['reason'];
  readonly lastServerUrl: string | null;
  readonly failures: Readonly<Record<string, PairingResult>>;
}

/** Opens a shell page from its file, with a fake `hallqPairing` (or none). */
async function openShellPage(
  file: string,
  fake: FakeOptions | null,
  viewport: { readonly width: number; readonly height: number } = LANDSCAPE,
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  contexts.push(context);
  if (fake !== null) {
    await context.addInitScript((options: FakeOptions) => {
      const calls: { serverUrl: string; code: string }[] = [];
      let release: (() => void) | null = null;
      const bridge = {
        appVersion: '0.1.0',
        lastServerUrl: options.lastServerUrl,
        reason: options.reason,
        submit: (request: { serverUrl: string; code: string }) => {
          calls.push({ serverUrl: request.serverUrl, code: request.code });
          const failure = options.failures[request.code];
          if (failure !== undefined) return Promise.resolve(failure);
          return new Promise((resolve) => {
            release = () => {
              resolve({
                ok: true,
                role: 'kiosk',
                deviceName: '1号取号机',
                hallName: '玉山县行政服务中心',
                windowId: null,
              });
            };
          });
        },
      };
      Object.defineProperty(globalThis, 'hallqPairing', { value: Object.freeze(bridge) });
      Object.defineProperty(globalThis, '__fakePairing', {
        value: {
          calls,
          release: () => {
            release?.();
            return release !== null;
          },
        },
      });
    }, fake);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const [name = '', query] = file.split('?');
  await page.goto(
    `${pathToFileURL(path.join(pagesDir, name)).href}${query === undefined ? '' : `?${query}`}`,
  );
  await page.locator('main').waitFor();
  expect(errors).toEqual([]);
  return page;
}

function calls(page: Page): Promise<{ serverUrl: string; code: string }[]> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { __fakePairing: { calls: { serverUrl: string; code: string }[] } })
        .__fakePairing.calls,
  );
}

const FIRST_START: FakeOptions = { reason: 'first_start', lastServerUrl: null, failures: FAILURES };

describe('pairing page', () => {
  it('asks for the server address and the 8-digit code, Chinese first, English complete', async () => {
    const page = await openShellPage('pair.html', FIRST_START);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const [zh, en] of [
      ['设备配对', 'Pair this device'],
      ['服务器地址', 'Server address'],
      ['配对码（8 位数字）', 'Pairing code (8 digits)'],
      ['配对', 'Pair'],
    ] as const) {
      expect(text).toContain(zh);
      expect(text).toContain(en);
      expect(text.indexOf(zh)).toBeLessThan(text.indexOf(en));
    }
    expect(text).toContain('0.1.0');
    // The address field has the focus first when there is no address yet.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('server');
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'hall-client-pair');
  });

  it('checks both fields before asking the shell, and formats the code as the admin sees it', async () => {
    const page = await openShellPage('pair.html', FIRST_START);
    await page.getByRole('button', { name: /^配对/ }).click();
    await page.getByRole('alert').getByText('请输入服务器地址，例如 192.168.1.10:8080。').waitFor();
    await page.locator('input[name="server"]').fill('192.168.1.10:8080');
    await page.locator('input[name="code"]').fill('4827 19');
    expect(await page.locator('input[name="code"]').inputValue()).toBe('4827-19');
    await page.getByRole('button', { name: /^配对/ }).click();
    await page
      .getByRole('alert')
      .getByText('配对码是 8 位数字，请输入完整，例如 4827-1936。')
      .waitFor();
    expect(await page.locator('input[name="code"]').getAttribute('aria-invalid')).toBe('true');
    expect(await calls(page)).toEqual([]);
  });

  it("shows the shell's advice for a wrong code and an unreachable server, with the detail", async () => {
    const page = await openShellPage('pair.html', {
      ...FIRST_START,
      lastServerUrl: 'http://10.0.0.9:8080',
    });
    expect(await page.locator('input[name="server"]').inputValue()).toBe('http://10.0.0.9:8080');
    // The on-screen keypad types into the focused field (a kiosk has no keyboard).
    await page.locator('input[name="code"]').focus();
    for (const key of '11111111')
      await page.locator('.pg-keypad button', { hasText: key }).first().click();
    expect(await page.locator('input[name="code"]').inputValue()).toBe('1111-1111');
    await page.getByRole('button', { name: /^配对/ }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/^配对码不对。/).waitFor();
    expect(await alert.textContent()).toContain('The pairing code is wrong.');
    expect(await alert.locator('code').textContent()).toBe(
      '404 pairing_code_invalid no such pairing code',
    );
    expect(await page.locator('input[name="code"]').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'hall-client-pair-wrong-code');

    await page.locator('input[name="code"]').fill('22222222');
    await page.getByRole('button', { name: /^配对/ }).click();
    await alert.getByText(/^连接不上服务器。/).waitFor();
    expect(await page.locator('input[name="server"]').getAttribute('aria-invalid')).toBe('true');
    expect(await calls(page)).toEqual([
      { serverUrl: 'http://10.0.0.9:8080', code: '11111111' },
      { serverUrl: 'http://10.0.0.9:8080', code: '22222222' },
    ]);
  });

  it('shows progress while pairing, then the device it became', async () => {
    const page = await openShellPage('pair.html', FIRST_START, PORTRAIT);
    await page.locator('input[name="server"]').fill(' 192.168.1.10:8080 ');
    await page.locator('input[name="code"]').fill('4827-1936');
    await page.getByRole('button', { name: /^配对/ }).click();
    await page.getByText('正在连接服务器并核对配对码……').waitFor();
    expect(await page.locator('input[name="code"]').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /^配对/ }).isDisabled()).toBe(true);
    await screenshot(page, 'hall-client-pair-busy');
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { __fakePairing: { release(): boolean } }
        ).__fakePairing.release(),
      ),
    ).toBe(true);
    const status = page.getByRole('status');
    await status.getByText('配对成功').waitFor();
    expect(await status.textContent()).toContain('1号取号机（取号机）· 玉山县行政服务中心');
    expect(await status.textContent()).toContain('1号取号机 (kiosk) · 玉山县行政服务中心');
    expect(await calls(page)).toEqual([{ serverUrl: '192.168.1.10:8080', code: '48271936' }]);
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'hall-client-pair-done');
  });

  it('says why when the server revoked the device', async () => {
    const page = await openShellPage('pair.html', { ...FIRST_START, reason: 'revoked' });
    await page
      .getByRole('alert')
      .getByText('管理员已停用本机原来的配对，请输入新的配对码重新配对。')
      .waitFor();
  });

  it('refuses to work outside the hall client', async () => {
    const page = await openShellPage('pair.html', null);
    await page.getByRole('alert').getByText('本页面只能在 HallQ 大厅客户端中使用。').waitFor();
    expect(await page.getByRole('button', { name: /^配对/ }).isDisabled()).toBe(true);
  });
});

describe('offline page', () => {
  it('tells visitors what to do and staff which server is down since when', async () => {
    const since = Date.UTC(2026, 10, 24, 6, 3);
    const query = new URLSearchParams({
      role: 'kiosk',
      server: 'http://192.168.1.10:8080',
      since: String(since),
      reason: 'connect ECONNREFUSED 192.168.1.10:8080',
    });
    const page = await openShellPage(`offline.html?${query.toString()}`, null, PORTRAIT);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('暂时连接不上叫号服务器');
    expect(text).toContain('The hall server cannot be reached');
    expect(text).toContain('本机暂停取号，请到导办台取号或咨询。');
    expect(text).toContain('http://192.168.1.10:8080');
    expect(text).toContain('14:03');
    expect(text).toContain('connect ECONNREFUSED');
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'hall-client-offline');
  });

  it('ignores parameters that are not what the shell sends', async () => {
    const page = await openShellPage(
      'offline.html?role=admin&server=javascript:alert(1)&since=soon',
      null,
    );
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('暂时连接不上叫号服务器');
    expect(text).not.toContain('javascript');
    expect(text).not.toContain('中断时间');
  });
});

/** The fake exit bridge: 2468 is right, 0000 answers "locked for 30 s", anything else wrong. */
async function openExitPrompt(withBridge: boolean): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 520, height: 560 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  contexts.push(context);
  if (withBridge) {
    await context.addInitScript(() => {
      const calls: string[] = [];
      const bridge = {
        appVersion: '0.1.0',
        submit: (request: { pin: string }) => {
          calls.push(request.pin);
          if (request.pin === '2468') return Promise.resolve({ ok: true });
          if (request.pin === '0000') {
            return Promise.resolve({
              ok: false,
              reason: 'locked',
              message: {
                zh: '错误次数太多，已暂时锁定。',
                en: 'Too many wrong PINs: locked for now.',
              },
              retryAfterMs: 30_000,
            });
          }
          return Promise.resolve({
            ok: false,
            reason: 'wrong_pin',
            message: { zh: 'PIN 码不对。', en: 'Wrong PIN.' },
            retryAfterMs: null,
          });
        },
        cancel: () => {
          calls.push('cancel');
          return Promise.resolve();
        },
      };
      Object.defineProperty(globalThis, 'hallqExit', { value: Object.freeze(bridge) });
      Object.defineProperty(globalThis, '__fakeExit', { value: { calls } });
    });
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(path.join(pagesDir, 'exit.html')).href);
  await page.locator('main').waitFor();
  expect(errors).toEqual([]);
  return page;
}

function exitCalls(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (globalThis as unknown as { __fakeExit: { calls: string[] } }).__fakeExit.calls,
  );
}

async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) {
    await page.locator('.pg-keypad button', { hasText: new RegExp(`^${digit}$`) }).click();
  }
}

describe('exit PIN prompt', () => {
  it('takes the PIN on its keypad, says when it is wrong, and quits when it is right', async () => {
    const page = await openExitPrompt(true);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('退出锁定');
    expect(text).toContain('Leave the locked screen');
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'hall-client-exit');

    await typePin(page, '12');
    await page.getByRole('button', { name: /确认退出/ }).click();
    await page.getByRole('alert').getByText('PIN 码是 4–12 位数字。').waitFor();
    await page.getByRole('button', { name: /清空/ }).click();
    await typePin(page, '1357');
    expect(await page.locator('input[name="pin"]').inputValue()).toBe('1357');
    await page.getByRole('button', { name: /确认退出/ }).click();
    await page.getByRole('alert').getByText('PIN 码不对。').waitFor();
    expect(await page.locator('input[name="pin"]').inputValue()).toBe('');

    await typePin(page, '2468');
    await page.getByRole('button', { name: /确认退出/ }).click();
    await page.getByRole('status').getByText('PIN 码正确，正在退出……').waitFor();
    expect(await exitCalls(page)).toEqual(['1357', '2468']);
  });

  it('stays locked while the shell says so, and Cancel leaves the device locked', async () => {
    const page = await openExitPrompt(true);
    await typePin(page, '0000');
    await page.getByRole('button', { name: /确认退出/ }).click();
    await page.getByRole('alert').getByText('错误次数太多，已暂时锁定。').waitFor();
    await page
      .getByRole('alert')
      .getByText(/^请在 \d+ 秒后再试$/)
      .waitFor();
    expect(await page.getByRole('button', { name: /确认退出/ }).isDisabled()).toBe(true);
    expect(await page.locator('.pg-keypad button').first().isDisabled()).toBe(true);
    await screenshot(page, 'hall-client-exit-locked');
    await page.getByRole('button', { name: /取消/ }).click();
    await expect.poll(() => exitCalls(page)).toEqual(['0000', 'cancel']);
  });

  it('refuses to work outside the hall client', async () => {
    const page = await openExitPrompt(false);
    await page.getByRole('alert').getByText('本页面只能在 HallQ 大厅客户端中使用。').waitFor();
    expect(await page.getByRole('button', { name: /确认退出/ }).isDisabled()).toBe(true);
  });
});
