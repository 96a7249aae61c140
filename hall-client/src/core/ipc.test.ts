import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  IpcPayloadError,
  PAGE_CHANNELS,
  exitResult,
  makeIpcHandlers,
  parseShellArgs,
  shellArgs,
  type IpcDeps,
  type ShellArgs,
} from './ipc.ts';
import { sampleConfig } from './test-support.ts';

function recordingDeps(): { deps: IpcDeps; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const deps: IpcDeps = {
    deviceToken: () => {
      calls.push(['deviceToken']);
      return 'token';
    },
    deviceConfig: () => sampleConfig('kiosk'),
    tap: (tap) => calls.push(['tap', tap]),
    printTicket: async (request) => {
      calls.push(['printTicket', request]);
      return { printed: true, paperNearEnd: false };
    },
    submitPairing: async (request) => {
      calls.push(['submitPairing', request]);
      return { ok: false, reason: 'unreachable', message: { zh: '连', en: 'reach' }, detail: null };
    },
    submitExitPin: async (pin) => {
      calls.push(['exit', pin]);
      return { ok: true };
    },
    cancelExit: () => calls.push(['cancelExit']),
  };
  return { deps, calls };
}

describe('IPC handlers', () => {
  it('each page gets its own channels only', () => {
    const { deps } = recordingDeps();
    expect([...makeIpcHandlers('kiosk', deps).keys()].sort()).toEqual(
      [CHANNELS.deviceConfig, CHANNELS.deviceToken, CHANNELS.printTicket, CHANNELS.tap].sort(),
    );
    expect(makeIpcHandlers('display', deps).has(CHANNELS.printTicket)).toBe(false);
    expect([...makeIpcHandlers('pairing', deps).keys()]).toEqual([CHANNELS.pairSubmit]);
    expect([...makeIpcHandlers('exit', deps).keys()]).toEqual(PAGE_CHANNELS.exit);
  });

  it('passes valid payloads through and returns the shell’s answer', async () => {
    const { deps, calls } = recordingDeps();
    const kiosk = makeIpcHandlers('kiosk', deps);
    expect(await kiosk.get(CHANNELS.deviceToken)?.(undefined)).toBe('token');
    expect(await kiosk.get(CHANNELS.deviceConfig)?.(undefined)).toMatchObject({ role: 'kiosk' });
    expect(
      await kiosk.get(CHANNELS.printTicket)?.({ ticketId: '20261124-A001', lang: 'en' }),
    ).toEqual({ printed: true, paperNearEnd: false });
    expect(await kiosk.get(CHANNELS.tap)?.({ x: 3, y: 4 })).toBeNull();
    const pairing = makeIpcHandlers('pairing', deps);
    await pairing.get(CHANNELS.pairSubmit)?.({ serverUrl: '192.168.1.10', code: '1234-5678' });
    const exit = makeIpcHandlers('exit', deps);
    await exit.get(CHANNELS.exitSubmit)?.({ pin: '2468' });
    await exit.get(CHANNELS.exitCancel)?.(undefined);
    expect(calls).toEqual([
      ['deviceToken'],
      ['printTicket', { ticketId: '20261124-A001', lang: 'en' }],
      ['tap', { x: 3, y: 4 }],
      ['submitPairing', { serverUrl: '192.168.1.10', code: '1234-5678' }],
      ['exit', '2468'],
      ['cancelExit'],
    ]);
  });

  it.each([
    [CHANNELS.printTicket, { ticketId: '../../etc', lang: 'en' }],
    [CHANNELS.printTicket, { ticketId: '20261124-A001', lang: 'fr' }],
    [CHANNELS.printTicket, { ticketId: '20261124-A001', lang: 'en', printerUrl: 'tcp://x:1' }],
    [CHANNELS.tap, { x: 'left', y: 0 }],
    [CHANNELS.tap, { x: Infinity, y: 0 }],
    [CHANNELS.deviceToken, { give: 'me' }],
  ])('refuses a bad %s payload %j without calling the shell', async (channel, payload) => {
    const { deps, calls } = recordingDeps();
    const handler = makeIpcHandlers('kiosk', deps).get(channel);
    await expect(handler?.(payload)).rejects.toBeInstanceOf(IpcPayloadError);
    expect(calls).toEqual([]);
  });

  it('refuses over-long pairing input and PINs', async () => {
    const { deps, calls } = recordingDeps();
    await expect(
      makeIpcHandlers('pairing', deps).get(CHANNELS.pairSubmit)?.({
        serverUrl: 'x'.repeat(301),
        code: '1',
      }),
    ).rejects.toThrow(/serverUrl/);
    await expect(
      makeIpcHandlers('exit', deps).get(CHANNELS.exitSubmit)?.({ pin: 1234 }),
    ).rejects.toThrow(/pin/);
    expect(calls).toEqual([]);
  });

  it('maps PIN checks to the exit page’s answer', () => {
    expect(exitResult({ ok: true })).toEqual({ ok: true });
    const message = { zh: '锁', en: 'locked' };
    expect(exitResult({ ok: false, reason: 'locked', retryAfterMs: 5000, message })).toEqual({
      ok: false,
      reason: 'locked',
      message,
      retryAfterMs: 5000,
    });
    expect(exitResult({ ok: false, reason: 'wrong_pin', attemptsLeft: 2, message })).toMatchObject({
      retryAfterMs: null,
    });
  });
});

describe('window arguments', () => {
  const args: ShellArgs = {
    page: 'display',
    serverUrl: 'http://192.168.1.10:8080',
    appVersion: '0.1.0',
    lastServerUrl: null,
    pairingReason: 'first_start',
  };

  it('round-trip through the command line among Chromium’s own switches', () => {
    const argv = ['/opt/HallQ/hallq', '--type=renderer', ...shellArgs(args), '--lang=zh-CN'];
    expect(parseShellArgs(argv)).toEqual(args);
    const paired = {
      ...args,
      page: 'pairing',
      lastServerUrl: 'http://h:8080',
      pairingReason: 'revoked',
    } as const;
    expect(parseShellArgs(shellArgs(paired))).toEqual(paired);
  });

  it('missing or wrong arguments give null', () => {
    expect(parseShellArgs([])).toBeNull();
    expect(parseShellArgs(shellArgs(args).slice(1))).toBeNull();
    expect(parseShellArgs([...shellArgs(args), '--hallq-page=admin'])).toBeNull();
    expect(parseShellArgs([...shellArgs(args), '--hallq-server=%E0%A4%A'])).toBeNull();
  });
});
