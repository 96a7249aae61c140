/**
 * The web UIs inside the hall client, in real Chromium against the real server: the shell's
 * `window.hallq` (shared/src/client/shell-bridge.ts) is replaced by a browser implementation
 * of the same interface, injected before the page's scripts run, as the Electron preload
 * would. The kiosk prints through the shell's printTicket and issues with the shell's device
 * token; the counter signs the clerk in to the shell's window and takes the shell's keypad;
 * the rating pad rates as the shell's rating device of the shell's window.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply, HallConfig } from '@hallq/shared';
import type { ShellPrintResult } from '../../shared/src/client/shell-bridge.ts';
import { LANDSCAPE, PORTRAIT, launchBrowser, screenshot } from '../support/browser.ts';
import { demoClerkId } from '@hallq/server';
import {
  api,
  auditRows,
  createDeviceToken,
  startTestHall,
  type RestData,
  type TestHall,
  postCommand,
} from '../support/hall.ts';

let hall: TestHall;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Three windows that serve 不动产转移登记 (bdc-transfer), from the hall's configuration. */
let windowA: number;
let windowB: number;
let windowC: number;

beforeAll(async () => {
  [hall, browser] = await Promise.all([startTestHall(), launchBrowser()]);
  const config = await api<RestData<HallConfig>>(hall.url, 'GET', '/api/v1/hall');
  const serving = [
    ...new Set(
      config.body.data.assignments
        .filter((a) => a.serviceId === 'bdc-transfer')
        .map((a) => a.windowId as number),
    ),
  ].sort((a, b) => a - b);
  [windowA = 0, windowB = 0, windowC = 0] = serving;
  expect(windowC).toBeGreaterThan(0);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser.close();
  await hall.close();
});

/** What the fake shell is, and how its printer answers. */
interface FakeShell {
  readonly role: 'kiosk' | 'display' | 'counter' | 'rating';
  readonly serverUrl: string;
  readonly token: string;
  readonly deviceId: string;
  readonly windowId: number | null;
  readonly binding: Readonly<Record<string, unknown>>;
  /** printTicket's reply; 'reject' makes the call fail as a broken IPC would. */
  readonly print?: ShellPrintResult | 'reject';
}

/** What the fake shell saw, read back from the page. */
interface ShellRecord {
  readonly prints: { ticketId: string; lang: string }[];
  readonly tokenReads: number;
}

/**
 * Opens `path` with a browser implementation of `window.hallq` for `shell.role`, installed
 * before any of the page's scripts (the preload's place). The implementation records calls
 * in `window.__fakeShell` and lets the test press keypad keys.
 */
async function openInShell(
  path: string,
  shell: FakeShell,
  viewport: { readonly width: number; readonly height: number } = LANDSCAPE,
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  contexts.push(context);
  await context.addInitScript((fake: FakeShell) => {
    const record = { prints: [] as { ticketId: string; lang: string }[], tokenReads: 0 };
    const keypad = new Set<(action: string) => void>();
    const config = {
      deviceId: fake.deviceId,
      name: fake.deviceId,
      role: fake.role,
      windowId: fake.windowId,
      binding: fake.binding,
      version: 1,
      hallName: '玉山县行政服务中心',
    };
    const api: Record<string, unknown> = {
      role: fake.role,
      serverUrl: fake.serverUrl,
      appVersion: '0.1.0-test',
      deviceToken: () => {
        record.tokenReads += 1;
        return Promise.resolve(fake.token);
      },
      deviceConfig: () => Promise.resolve(config),
      onConfig: () => () => undefined,
    };
    if (fake.role === 'kiosk') {
      api.printTicket = (request: { ticketId: string; lang: string }) => {
        record.prints.push({ ticketId: request.ticketId, lang: request.lang });
        if (fake.print === 'reject') return Promise.reject(new Error('printer bridge crashed'));
        return Promise.resolve(fake.print);
      };
    }
    if (fake.role === 'counter') {
      api.onKeypad = (handler: (action: string) => void) => {
        keypad.add(handler);
        return () => keypad.delete(handler);
      };
    }
    Object.defineProperty(globalThis, 'hallq', { value: Object.freeze(api) });
    Object.defineProperty(globalThis, '__fakeShell', {
      value: {
        record,
        press: (action: string) => {
          for (const handler of keypad) handler(action);
          return keypad.size;
        },
      },
    });
  }, shell);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    process.stderr.write(`page error at ${path}: ${error.message}\n`);
  });
  await page.goto(`${hall.url}${path}`);
  return page;
}

function shellRecord(page: Page): Promise<ShellRecord> {
  return page.evaluate(
    () => (globalThis as unknown as { __fakeShell: { record: ShellRecord } }).__fakeShell.record,
  );
}

/** Presses a key on the fake shell's keypad; returns how many listeners it reached. */
function pressKeypad(page: Page, action: string): Promise<number> {
  return page.evaluate(
    (name) =>
      (globalThis as unknown as { __fakeShell: { press(a: string): number } }).__fakeShell.press(
        name,
      ),
    action,
  );
}

async function kioskDevice(print: FakeShell['print'], deviceId: string): Promise<FakeShell> {
  // No printerUrl in the binding: the server's relay could not print for this kiosk, so a
  // "printed" can only come from the shell.
  const token = await createDeviceToken(hall.server, 'kiosk', null, deviceId, {});
  return {
    role: 'kiosk',
    serverUrl: hall.url,
    token,
    deviceId,
    windowId: null,
    binding: {},
    ...(print === undefined ? {} : { print }),
  };
}

/** Zone A → 不动产转移登记; returns the ticket id the confirmation shows. */
async function takeTicket(page: Page): Promise<string> {
  await page.locator('[data-testid="kiosk"][data-connection="online"]').waitFor();
  await page.locator('[data-testid="zone-A"]').click();
  await page.locator('[data-testid="service-bdc-transfer"]').click();
  const screen = page.locator('[data-testid="ticket-screen"]');
  await screen.waitFor();
  return (await screen.getAttribute('data-ticket-id')) ?? '';
}

function post(path: string, token?: string, body: unknown = {}): Promise<CommandReply> {
  return postCommand(hall.url, path, token, body);
}

describe('kiosk inside the hall client', () => {
  it("prints through the shell's printTicket and issues with the shell's device token", async () => {
    const shell = await kioskDevice({ printed: true, paperNearEnd: false }, 'k-shell-ok');
    const page = await openInShell('/kiosk', shell, PORTRAIT);
    const id = await takeTicket(page);
    expect(id).toMatch(/^\d{8}-A\d{3}$/);
    const note = page.locator('[data-testid="print-note"]');
    expect(await note.textContent()).toBe('请取走您的号票');
    expect(await note.getAttribute('data-printed')).toBe('yes');
    const record = await shellRecord(page);
    expect(record.prints).toEqual([{ ticketId: id, lang: 'zh-CN' }]);
    expect(record.tokenReads).toBeGreaterThan(0);
    // The server saw the kiosk device, not an anonymous browser.
    const issuers = auditRows(hall.dataDir)
      .filter((row) => row.command === 'ticket.issue' && row.outcome === 'ok')
      .map((row) => row.actor);
    expect(issuers).toContain('device:k-shell-ok');
    await screenshot(page, 'hall-shell-kiosk-printed');
  });

  it('says why when the shell reports the printer out of paper, and never "printed"', async () => {
    const shell = await kioskDevice(
      { printed: false, reason: 'paper_out', message: 'paper out' },
      'k-shell-paper',
    );
    const page = await openInShell('/kiosk', shell, PORTRAIT);
    const id = await takeTicket(page);
    expect(await page.locator('[data-testid="print-reason"]').textContent()).toBe(
      '打印机纸张已用完，号票未能打印',
    );
    expect(await page.locator('[data-testid="print-note"]').getAttribute('data-printed')).toBe(
      'paper_out',
    );
    expect((await shellRecord(page)).prints).toEqual([{ ticketId: id, lang: 'zh-CN' }]);
  });

  it('treats a failed shell call as a printer fault, in English too', async () => {
    const shell = await kioskDevice('reject', 'k-shell-broken');
    const page = await openInShell('/kiosk', shell, PORTRAIT);
    await page.locator('[data-testid="kiosk"][data-connection="online"]').waitFor();
    await page.getByTestId('lang-switch').click();
    const id = await takeTicket(page);
    expect(await page.locator('[data-testid="print-reason"]').textContent()).toBe(
      'The printer has a fault: your ticket was not printed',
    );
    expect(await page.locator('[data-testid="print-note"]').getAttribute('data-printed')).toBe(
      'error',
    );
    expect((await shellRecord(page)).prints).toEqual([{ ticketId: id, lang: 'en' }]);
  });
});

describe('counter inside the hall client', () => {
  async function counterAt(windowId: number, deviceId: string): Promise<Page> {
    const token = await createDeviceToken(hall.server, 'counter', windowId, deviceId, {});
    const page = await openInShell('/counter', {
      role: 'counter',
      serverUrl: hall.url,
      token,
      deviceId,
      windowId,
      binding: { keypad: { kind: 'hid', vendorId: 0x1234, productId: 0x5678 } },
    });
    return page;
  }

  async function signIn(page: Page, staffId: string): Promise<void> {
    await page.locator('input[name="staffId"]').fill(staffId);
    await page.locator('input[name="password"]').fill('demo');
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  it("signs the clerk in to the counter's own window and calls from the shell's keypad", async () => {
    await post('/api/v1/tickets', undefined, { serviceId: 'bdc-transfer' });
    const page = await counterAt(windowA, `c-shell-${windowA}`);
    await signIn(page, demoClerkId(windowA));
    await expect(page.getByTestId('window-label').textContent()).resolves.toBe(`${windowA}号窗口`);
    await page.getByTestId('connection-banner').waitFor({ state: 'detached' });
    await page
      .getByTestId('queue')
      .getByText(/^A\d{3}$/)
      .first()
      .waitFor();

    expect(await pressKeypad(page, 'callNext')).toBe(1);
    const result = page.getByTestId('action-result');
    await result.getByText(/^已呼叫 A\d{3}$/).waitFor();
    const number = ((await result.textContent()) ?? '').replace('已呼叫 ', '');
    await page.getByTestId('current-ticket').getByText(number).waitFor();
    // Names that are not counter actions do nothing.
    expect(await pressKeypad(page, 'formatDisk')).toBe(1);
    expect(await page.getByTestId('action-error').count()).toBe(0);
    await pressKeypad(page, 'start');
    await page.getByTestId('current-state').getByText('办理中').waitFor();
    await screenshot(page, 'hall-shell-counter-keypad');
  });

  it('refuses a clerk of another window at this counter', async () => {
    const page = await counterAt(windowB, `c-shell-${windowB}`);
    const clerk = demoClerkId(windowA);
    await signIn(page, clerk);
    // The server refuses (the clerk works at another window) and the page says so.
    await page.getByText('没有权限进行此操作。').waitFor();
    expect(await page.getByTestId('counter').count()).toBe(0);
  });
});

describe('rating pad inside the hall client', () => {
  it("asks at the shell's window and rates as the shell's rating device", async () => {
    const deviceId = `r-shell-${windowB}`;
    const token = await createDeviceToken(hall.server, 'rating', windowB, deviceId, {});
    // No ?window= in the URL: the window is the shell's.
    const page = await openInShell(
      '/rate',
      { role: 'rating', serverUrl: hall.url, token, deviceId, windowId: windowB, binding: {} },
      { width: 1280, height: 800 },
    );
    await page.getByTestId('rate-idle').waitFor();
    await post('/api/v1/tickets', undefined, { serviceId: 'bdc-transfer' });
    const clerk = await api<RestData<{ token: string }>>(hall.url, 'POST', '/api/v1/auth/login', {
      body: { staffId: demoClerkId(windowB), password: 'demo' },
    });
    const clerkToken = clerk.body.data.token;
    const called = await post(`/api/v1/windows/${windowB}/call-next`, clerkToken);
    const ticketId = called.ticket?.ticket.id ?? '';
    expect(ticketId).not.toBe('');
    await post(`/api/v1/tickets/${ticketId}/start`, clerkToken);
    await post(`/api/v1/tickets/${ticketId}/complete`, clerkToken);
    await page.getByTestId('rate-ask').waitFor();
    await page.locator('button[data-score="very_satisfied"]').click();
    await page.getByTestId('rate-thanks').waitFor();
    const raters = auditRows(hall.dataDir)
      .filter((row) => row.command === 'ticket.rate' && row.outcome === 'ok')
      .map((row) => row.actor);
    expect(raters).toEqual([`device:${deviceId}`]);
  });
});

describe('call screen inside the hall client', () => {
  it("shows the binding's screen whatever the URL says, connected with the device token", async () => {
    const deviceId = 'd-shell-zone-a';
    const binding = { screen: 'zone:A', audio: 'none' };
    const token = await createDeviceToken(hall.server, 'display', null, deviceId, binding);
    const page = await openInShell('/display?screen=hall', {
      role: 'display',
      serverUrl: hall.url,
      token,
      deviceId,
      windowId: null,
      binding,
    });
    await page.locator('.ds-screen-zone[data-connection="online"]').waitFor();
    expect(await page.getByTestId('screen-title').textContent()).toContain('不动产登记专区');
    expect((await shellRecord(page)).tokenReads).toBeGreaterThan(0);
    // A call in zone A reaches the screen live.
    await post('/api/v1/tickets', undefined, { serviceId: 'bdc-transfer' });
    const clerk = await api<RestData<{ token: string }>>(hall.url, 'POST', '/api/v1/auth/login', {
      body: { staffId: demoClerkId(windowC), password: 'demo' },
    });
    const called = await post(`/api/v1/windows/${windowC}/call-next`, clerk.body.data.token);
    const number = called.ticket?.ticket.number ?? '?';
    await page.getByTestId('newest-call').getByText(number).waitFor();
    await screenshot(page, 'hall-shell-display-zone');
  });
});
