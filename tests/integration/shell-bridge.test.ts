/**
 * The renderers' side of `window.hallq` under Node: finding the shell, taking the server and
 * the token from it, and the adapters that turn its printer and keypad into the UIs' own
 * interfaces (kiosk `TicketOutput`, counter `Keypad`). The pages themselves run against a
 * browser implementation of the shell in tests/e2e/hall-shell.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  combinedKeypad,
  shellKeypad,
  type CounterAction,
  type Keypad,
} from '../../counter/src/keypad.ts';
import {
  defaultTicketOutput,
  shellTicketOutput,
  type PrintableTicket,
} from '../../kiosk/src/ticket-output.ts';
import {
  ShellTokenError,
  hallShell,
  serverBase,
  serverConnection,
  shellFor,
  type HallShell,
  type KioskShell,
  type ShellPrintResult,
} from '../../shared/src/client/shell-bridge.ts';
import type { DeviceConfig } from '../../shared/src/protocol/devices.ts';

const CONFIG = {
  deviceId: 'k1',
  name: '1号取号机',
  role: 'kiosk',
  windowId: null,
  binding: {
    printerUrl: null,
    paper: 80,
    printMaterials: false,
    footer: null,
    footerEn: null,
    lockdown: { pinHash: null, fullscreen: true, hideCursor: true, autostart: true },
  },
  version: 1,
  hallName: '玉山县行政服务中心',
} as const satisfies DeviceConfig;

function kioskShell(
  overrides: Partial<KioskShell> = {},
  print: (request: { ticketId: string; lang: string }) => Promise<ShellPrintResult> = () =>
    Promise.resolve({ printed: true, paperNearEnd: false }),
): KioskShell {
  return {
    role: 'kiosk',
    serverUrl: 'http://192.168.1.10:8080/',
    appVersion: '0.1.0',
    deviceToken: () => Promise.resolve('device-token-of-k1'),
    deviceConfig: () => Promise.resolve(CONFIG),
    onConfig: () => () => undefined,
    printTicket: print,
    ...overrides,
  };
}

function install(shell: HallShell | undefined): void {
  if (shell === undefined) Reflect.deleteProperty(globalThis, 'hallq');
  else Object.defineProperty(globalThis, 'hallq', { value: shell, configurable: true });
}

afterEach(() => {
  install(undefined);
});

const TICKET: PrintableTicket = {
  ticketId: '20261124-A001',
  number: 'A001',
  hallName: '玉山县行政服务中心',
  serviceName: '不动产转移登记',
  zoneId: 'A',
  zoneName: '不动产登记专区',
  floorName: '一楼',
  location: '一楼大厅中央',
  ahead: 0,
  waitText: '约 0 分钟',
  priorityText: null,
  issuedAt: 0,
  timeZone: 'Asia/Shanghai',
  qrUrl: 'http://192.168.1.10:8080/api/v1/tickets/20261124-A001',
  materials: [],
  lang: 'zh-CN',
};

describe('finding the shell', () => {
  it('is absent in a plain browser, present inside the hall client, and only for its role', () => {
    expect(hallShell()).toBeUndefined();
    expect(shellFor('kiosk')).toBeUndefined();
    const shell = kioskShell();
    install(shell);
    expect(hallShell()).toBe(shell);
    expect(shellFor('kiosk')).toBe(shell);
    expect(shellFor('counter')).toBeUndefined();
  });

  it("takes the server and the token from the shell, else the page's origin and fallback", async () => {
    await expect(serverConnection(undefined, 'from-url')).resolves.toEqual({
      url: undefined,
      base: '',
      token: 'from-url',
    });
    const shell = kioskShell();
    expect(serverBase(shell)).toBe('http://192.168.1.10:8080');
    // Inside the shell a `?token=` in the URL does not count.
    await expect(serverConnection(shell, 'from-url')).resolves.toEqual({
      url: 'http://192.168.1.10:8080',
      base: 'http://192.168.1.10:8080',
      token: 'device-token-of-k1',
    });
  });

  it('refuses to run without the token when the shell cannot give it', async () => {
    const broken = kioskShell({ deviceToken: () => Promise.reject(new Error('keyring locked')) });
    const failure = serverConnection(broken, 'from-url');
    await expect(failure).rejects.toBeInstanceOf(ShellTokenError);
    await expect(failure).rejects.toThrow(/keyring locked/);
    const empty = kioskShell({ deviceToken: () => Promise.resolve('') });
    await expect(serverConnection(empty, null)).rejects.toThrow(/empty token/);
  });
});

describe("the kiosk's printing through the shell", () => {
  it("asks the shell to print the ticket by id, in the visitor's language", async () => {
    const calls: { ticketId: string; lang: string }[] = [];
    const output = shellTicketOutput(
      kioskShell({}, (request) => {
        calls.push(request);
        return Promise.resolve({ printed: true, paperNearEnd: true });
      }),
    );
    await expect(output.print(TICKET)).resolves.toEqual({ printed: true, paperNearEnd: true });
    await output.print({ ...TICKET, lang: 'en' });
    await output.print({ ...TICKET, lang: 'fr' });
    expect(calls).toEqual([
      { ticketId: TICKET.ticketId, lang: 'zh-CN' },
      { ticketId: TICKET.ticketId, lang: 'en' },
      { ticketId: TICKET.ticketId, lang: 'zh-CN' },
    ]);
  });

  it('never says printed unless the shell does', async () => {
    const answer = (reply: unknown) =>
      shellTicketOutput({ printTicket: () => Promise.resolve(reply as ShellPrintResult) }).print(
        TICKET,
      );
    await expect(
      answer({ printed: false, reason: 'paper_out', message: 'paper out' }),
    ).resolves.toEqual({ printed: false, reason: 'paper_out', message: 'paper out' });
    await expect(answer({ printed: false, reason: 'no_printer', message: '' })).resolves.toEqual({
      printed: false,
      reason: 'no_printer',
      message: '',
    });
    // Replies a correct shell never sends: treated as a printer fault.
    await expect(answer({ printed: 'yes' })).resolves.toMatchObject({
      printed: false,
      reason: 'error',
    });
    await expect(answer(null)).resolves.toMatchObject({ printed: false, reason: 'error' });
    await expect(answer({ printed: false, reason: 'melted' })).resolves.toMatchObject({
      printed: false,
      reason: 'error',
    });
    const crashed = shellTicketOutput({
      printTicket: () => Promise.reject(new Error('IPC channel closed')),
    });
    await expect(crashed.print(TICKET)).resolves.toEqual({
      printed: false,
      reason: 'error',
      message: 'IPC channel closed',
    });
  });

  it('prints through the shell when present, even with a relay token in the URL', async () => {
    let printed = 0;
    const output = defaultTicketOutput(
      'relay-token',
      kioskShell({}, () => {
        printed += 1;
        return Promise.resolve({ printed: true, paperNearEnd: false });
      }),
    );
    await output.print(TICKET);
    expect(printed).toBe(1);
    // No shell, no token: a browser has no printer.
    await expect(defaultTicketOutput(null, undefined).print(TICKET)).resolves.toEqual({
      printed: false,
      reason: 'no_printer',
    });
  });
});

describe("the counter's keypad through the shell", () => {
  function fakeKeypadShell(): {
    shell: { onKeypad(handler: (action: string) => void): () => void };
    press(action: string): void;
    listeners(): number;
  } {
    const handlers = new Set<(action: string) => void>();
    return {
      shell: {
        onKeypad: (handler) => {
          handlers.add(handler);
          return () => handlers.delete(handler);
        },
      },
      press: (action) => {
        for (const handler of handlers) handler(action);
      },
      listeners: () => handlers.size,
    };
  }

  it('passes counter actions, drops other names and presses while a dialog is open', () => {
    const fake = fakeKeypadShell();
    let dialogOpen = false;
    const seen: CounterAction[] = [];
    const off = shellKeypad(fake.shell, () => !dialogOpen).onAction((action) => seen.push(action));
    fake.press('callNext');
    fake.press('formatDisk');
    fake.press('__proto__');
    dialogOpen = true;
    fake.press('recall');
    dialogOpen = false;
    fake.press('complete');
    off();
    fake.press('recall');
    expect(seen).toEqual(['callNext', 'complete']);
    expect(fake.listeners()).toBe(0);
  });

  it('combines the keyboard and the shell keypad, and unsubscribes both', () => {
    const fake = fakeKeypadShell();
    const offs: string[] = [];
    const other: Keypad = {
      onAction: () => () => {
        offs.push('other');
      },
    };
    const seen: CounterAction[] = [];
    const off = combinedKeypad([other, shellKeypad(fake.shell)]).onAction((a) => seen.push(a));
    fake.press('start');
    off();
    expect(seen).toEqual(['start']);
    expect(offs).toEqual(['other']);
    expect(fake.listeners()).toBe(0);
  });
});
