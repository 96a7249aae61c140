/**
 * The hall client's Electron shell (hall-client/src/main.ts) wired to a real hall server,
 * with Electron's main-process API replaced by a recording stand-in (the Electron binary
 * cannot run here). Checks what the shell decides: the pairing page first, the role window
 * hardened and locked down after pairing, IPC answered only to the right page and origin,
 * navigation and new windows blocked, the offline page, the stored pairing after a restart.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PairingCode } from '@hallq/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseShellArgs } from '../../hall-client/src/core/channels.ts';
import { sharedStandIn, type FakeWindow } from '../support/electron-stand-in.ts';
import { api, loginAdmin, startTestHall, type RestData, type TestHall } from '../support/hall.ts';

vi.mock('electron', async () => {
  const support = await import('../support/electron-stand-in.ts');
  return support.sharedStandIn().module;
});

const electron = sharedStandIn();
let hall: TestHall;
let code: string;
let deviceId: string;
const logged: string[] = [];

beforeAll(async () => {
  for (const method of ['log', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((line: unknown) => {
      logged.push(String(line));
    });
  }
  hall = await startTestHall();
  const admin = await loginAdmin(hall.url);
  const created = await api<RestData<{ device: { deviceId: string }; pairing: PairingCode }>>(
    hall.url,
    'POST',
    '/api/v1/devices',
    { token: admin, body: { name: '1号取号机', role: 'kiosk', pin: '2468' } },
  );
  expect(created.status).toBe(201);
  code = created.body.data.pairing.code;
  deviceId = created.body.data.device.deviceId;
});
afterAll(async () => {
  (electron.module.app as NodeJS.EventEmitter).emit('before-quit');
  await hall.close();
  rmSync(electron.userData, { recursive: true, force: true });
  vi.restoreAllMocks();
});

function lastWindow(): FakeWindow {
  const window = electron.windows.at(-1);
  if (window === undefined) throw new Error('no window');
  return window;
}

/**
 * Imports the shell (which starts at once). Its crash handler (relaunch on an uncaught
 * exception) is removed again, so a failure in this test process is reported, not swallowed.
 */
async function startShell(): Promise<void> {
  const before = new Set(process.listeners('uncaughtException'));
  await import('../../hall-client/src/main.ts');
  for (const listener of process.listeners('uncaughtException')) {
    if (!before.has(listener)) process.off('uncaughtException', listener);
  }
}

/** An IPC call as the preload makes it, from a window's top frame (or a sub-frame). */
async function invoke(
  window: FakeWindow,
  channel: string,
  payload?: unknown,
  frameUrl?: string,
): Promise<unknown> {
  const handler = electron.handlers.get(channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  const senderFrame = frameUrl === undefined ? window.webContents.mainFrame : { url: frameUrl };
  return handler({ sender: window.webContents, senderFrame }, payload);
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !predicate(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!predicate()) throw new Error(`timed out waiting for ${what}`);
}

describe('hall client shell', () => {
  it('first start: a hardened pairing window; its page gets no device channels', async () => {
    await startShell();
    await until(() => electron.windows.length === 1, 'the pairing window');
    const pairing = lastWindow();
    expect(pairing.webContents.url).toMatch(/^file:\/\/.*\/pages\/pair\.html$/);
    expect(pairing.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(parseShellArgs(pairing.options.webPreferences.additionalArguments)).toMatchObject({
      page: 'pairing',
      pairingReason: 'first_start',
      lastServerUrl: null,
    });
    await expect(invoke(pairing, 'shell:deviceToken')).rejects.toThrow(/refused/);
  });

  it('a wrong code is a typed failure; the right one opens the kiosk UI, locked down', async () => {
    const pairing = lastWindow();
    expect(
      await invoke(pairing, 'pair:submit', { serverUrl: hall.url, code: '0000-0000' }),
    ).toMatchObject({ ok: false, reason: 'invalid_code' });
    await expect(invoke(pairing, 'pair:submit', { serverUrl: hall.url })).rejects.toThrow(/code/);
    const typed = hall.url.replace('http://', '');
    expect(await invoke(pairing, 'pair:submit', { serverUrl: typed, code })).toEqual({
      ok: true,
      role: 'kiosk',
      deviceName: '1号取号机',
      hallName: expect.any(String) as string,
      windowId: null,
    });
    await until(() => electron.windows.length === 2, 'the kiosk window');
    const kiosk = lastWindow();
    expect(pairing.destroyed).toBe(true);
    expect(kiosk.webContents.url).toBe(`${hall.url}/kiosk`);
    expect(kiosk.options).toMatchObject({
      kiosk: true,
      fullscreen: true,
      closable: false,
      alwaysOnTop: true,
      frame: false,
    });
    expect(parseShellArgs(kiosk.options.webPreferences.additionalArguments)).toMatchObject({
      page: 'kiosk',
      serverUrl: hall.url,
    });
    expect(electron.calls).toContainEqual(['keepAwake', 'prevent-display-sleep']);
    expect(kiosk.tryClose()).toBe(false);
    // The token is stored, not in clear.
    const stored = readFileSync(join(electron.userData, 'hall-client.json'), 'utf8');
    const token = await invoke(kiosk, 'shell:deviceToken');
    expect(typeof token).toBe('string');
    expect(stored).not.toContain(String(token));
    expect(stored).toContain(deviceId);
  });

  it('the kiosk page gets its channels; other pages, origins and sub-frames do not', async () => {
    const kiosk = lastWindow();
    const token = String(await invoke(kiosk, 'shell:deviceToken'));
    const me = await api(hall.url, 'GET', '/api/v1/device', { token });
    expect(me.status).toBe(200);
    expect(await invoke(kiosk, 'shell:deviceConfig')).toMatchObject({ deviceId, role: 'kiosk' });
    expect(
      await invoke(kiosk, 'kiosk:printTicket', { ticketId: '20261124-A001', lang: 'zh-CN' }),
    ).toMatchObject({ printed: false, reason: 'no_printer' });
    await expect(invoke(kiosk, 'pair:submit', { serverUrl: 'x', code: '1' })).rejects.toThrow(
      /refused/,
    );
    await expect(
      invoke(kiosk, 'shell:deviceToken', undefined, 'http://evil.example/frame'),
    ).rejects.toThrow(/refused/);
    await expect(
      invoke(kiosk, 'shell:deviceToken', undefined, `${hall.url}/kiosk#frame`),
    ).rejects.toThrow(/refused/); // same origin, but not the top frame
    await expect(
      invoke(kiosk, 'kiosk:printTicket', { ticketId: '20261124-A001', lang: 'zh-CN', extra: 1 }),
    ).rejects.toThrow(/payload|Unrecognized/);
  });

  it('blocks navigation away, new windows and every permission', () => {
    const kiosk = lastWindow();
    const navigate = (url: string): boolean => {
      let prevented = false;
      kiosk.webContents.emit('will-frame-navigate', {
        url,
        preventDefault: () => {
          prevented = true;
        },
      });
      return prevented;
    };
    expect(navigate('http://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${hall.url}/kiosk?lang=en`)).toBe(false);
    expect(kiosk.webContents.openHandler?.({ url: `${hall.url}/kiosk` })).toEqual({
      action: 'deny',
    });
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation']) {
      electron.permissionRequest?.(
        kiosk.webContents,
        permission,
        (granted) => answers.push(granted),
        {
          requestingUrl: `${hall.url}/kiosk`,
        },
      );
    }
    expect(answers).toEqual([false, false, false]);
  });

  it('a failed load shows the offline page, which gets no token', async () => {
    const kiosk = lastWindow();
    kiosk.webContents.emit(
      'did-fail-load',
      {},
      -102,
      'ERR_CONNECTION_REFUSED',
      `${hall.url}/kiosk`,
      true,
    );
    const offline = new URL(kiosk.webContents.url);
    expect(offline.pathname).toMatch(/\/pages\/offline\.html$/);
    expect(offline.searchParams.get('role')).toBe('kiosk');
    expect(offline.searchParams.get('server')).toBe(hall.url);
    await expect(invoke(kiosk, 'shell:deviceToken')).rejects.toThrow(/refused/);
  });

  it('after a restart the stored pairing opens the kiosk UI directly', async () => {
    (electron.module.app as NodeJS.EventEmitter).emit('before-quit');
    const before = electron.windows.length;
    vi.resetModules();
    await startShell();
    await until(() => electron.windows.length === before + 1, 'the kiosk window after restart');
    const kiosk = lastWindow();
    expect(kiosk.webContents.url).toBe(`${hall.url}/kiosk`);
    expect(await invoke(kiosk, 'shell:deviceConfig')).toMatchObject({ deviceId });
    expect(logged.some((line) => line.includes('stored state not used'))).toBe(false);
  });
});
