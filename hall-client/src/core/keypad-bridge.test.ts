import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COUNTER_ACTIONS,
  createKeypadBridge,
  createSerialDecoder,
  hidReportActions,
  type CounterAction,
} from './keypad-bridge.ts';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

describe('serial keypad decoder (the default mapping)', () => {
  it('maps bare digits 1…0 to the counter actions in order', () => {
    const decoder = createSerialDecoder();
    expect(decoder.push(bytes('1234567890'))).toEqual({
      actions: [...COUNTER_ACTIONS],
      unknown: [],
    });
  });

  it('maps F1…F10 sent as VT100 sequences, even split across reads', () => {
    const decoder = createSerialDecoder();
    const stream =
      '\x1bOP\x1bOQ\x1bOR\x1bOS\x1b[15~\x1b[17~\x1b[18~\x1b[19~\x1b[20~\x1b[21~\x1b[11~';
    const actions: CounterAction[] = [];
    for (const char of stream) actions.push(...decoder.push(bytes(char)).actions);
    expect(actions).toEqual([...COUNTER_ACTIONS, 'callNext']);
  });

  it('maps lines holding an action name, F-key name or digit (case ignored)', () => {
    const decoder = createSerialDecoder();
    const decoded = decoder.push(bytes('callNext\r\nCOMPLETE\nf4\r\nrecall\r'));
    expect(decoded).toEqual({
      actions: ['callNext', 'complete', 'complete', 'recall'],
      unknown: [],
    });
    // A line split over several reads.
    expect(decoder.push(bytes('noSh')).actions).toEqual([]);
    expect(decoder.push(bytes('ow\r\n')).actions).toEqual(['noShow']);
  });

  it('reports unknown lines and sequences and carries on', () => {
    const decoder = createSerialDecoder();
    const decoded = decoder.push(bytes('hello\r\n\x1b[99~\x1bOX\x1bZ3'));
    expect(decoded.actions).toEqual(['start']);
    expect(decoded.unknown).toEqual(['hello', 'ESC [ 99~', 'ESC O X', 'ESC 5a']);
  });

  it('drops an over-long line instead of growing without end', () => {
    const decoder = createSerialDecoder();
    const decoded = decoder.push(bytes(`${'x'.repeat(40)}\r\n`));
    expect(decoded.actions).toEqual([]);
    expect(decoded.unknown).toEqual(['x'.repeat(32), 'x'.repeat(8)]);
  });
});

describe('HID keypad reports', () => {
  const report = (...keys: number[]): Uint8Array =>
    Uint8Array.from([0, 0, ...keys, ...new Array<number>(6 - keys.length).fill(0)]);

  it('maps digits, keypad digits and F1…F10 on key down only', () => {
    let down: ReadonlySet<number> = new Set();
    const press = (r: Uint8Array): CounterAction[] => {
      const result = hidReportActions(r, down);
      down = result.down;
      return result.actions;
    };
    expect(press(report(0x1e))).toEqual(['callNext']); // 1
    expect(press(report(0x1e))).toEqual([]); // still held
    expect(press(report(0x1e, 0x1f))).toEqual(['recall']); // 2 added
    expect(press(report())).toEqual([]); // released
    expect(press(report(0x27))).toEqual(['resumeSuspended']); // 0
    expect(press(report(0x5b))).toEqual(['start']); // keypad 3
    expect(press(report(0x62))).toEqual(['resumeSuspended']); // keypad 0
    expect(press(report(0x3a))).toEqual(['callNext']); // F1
    expect(press(report(0x43))).toEqual(['resumeSuspended']); // F10
    expect(press(report(0x04))).toEqual([]); // 'a': not a keypad key
  });

  it('accepts a leading report id, ignores roll-over errors and odd lengths', () => {
    const withId = Uint8Array.from([1, 0, 0, 0x3d, 0, 0, 0, 0, 0]);
    expect(hidReportActions(withId, new Set()).actions).toEqual(['complete']); // F4
    const rollOver = Uint8Array.from([0, 0, 1, 1, 1, 1, 1, 1]);
    const held = new Set([0x1e]);
    expect(hidReportActions(rollOver, held)).toEqual({ down: held, actions: [] });
    expect(hidReportActions(Uint8Array.of(0x1e), new Set())).toEqual({
      down: new Set(),
      actions: [],
    });
  });
});

describe('keypad bridge', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keyboard keypads need nothing in the main process', async () => {
    const bridge = createKeypadBridge({ kind: 'keyboard' }, { onAction: () => undefined });
    expect(await bridge.start()).toEqual({ ok: true });
    await bridge.stop();
  });

  it('without node-hid, a HID keypad is hid_unavailable with what to install', async () => {
    const bridge = createKeypadBridge(
      { kind: 'hid', vendorId: 0x1234, productId: 0x5678 },
      { onAction: () => undefined },
    );
    const result = await bridge.start();
    expect(result).toMatchObject({ ok: false, error: 'hid_unavailable' });
    if (!result.ok) {
      expect(result.message.zh).toContain('apt-get install libusb-1.0-0');
      expect(result.message.en).toContain('npm i node-hid');
      expect(result.detail).toMatch(/node-hid/);
    }
    await bridge.stop();
  });

  it('a serial port that does not exist is serial_open_failed', async () => {
    const bridge = createKeypadBridge(
      { kind: 'serial', path: '/dev/ttyHALLQ-none', baudRate: 9600 },
      { onAction: () => undefined },
    );
    const result = await bridge.start();
    expect(result).toMatchObject({ ok: false, error: 'serial_open_failed' });
    if (!result.ok) expect(result.detail).toContain('ttyHALLQ-none');
    await bridge.stop();
  });

  const hasSocat = spawnSync('socat', ['-V']).error === undefined;
  it.skipIf(!hasSocat)(
    'reads key presses from a serial keypad over a pty pair made by socat (skipped: no socat)',
    async () => {
      const { SerialPort } = await import('serialport');
      const socat: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0']);
      cleanups.push(() => {
        socat.kill();
      });
      const [counterSide = '', keypadSide = ''] = await new Promise<string[]>((resolve, reject) => {
        const found: string[] = [];
        socat.stderr?.on('data', (chunk: Buffer) => {
          for (const match of chunk.toString().matchAll(/PTY is (\S+)/g)) {
            if (match[1] !== undefined) found.push(match[1]);
          }
          if (found.length === 2) resolve(found);
        });
        socat.on('error', reject);
      });
      const actions: CounterAction[] = [];
      const problems: string[] = [];
      const bridge = createKeypadBridge(
        { kind: 'serial', path: counterSide, baudRate: 9600 },
        { onAction: (action) => actions.push(action), onProblem: (text) => problems.push(text) },
      );
      expect(await bridge.start()).toEqual({ ok: true });
      cleanups.push(() => bridge.stop());

      const keypad = new SerialPort({ path: keypadSide, baudRate: 9600 });
      cleanups.push(() => new Promise<void>((resolve) => keypad.close(() => resolve())));
      await new Promise<void>((resolve, reject) => {
        keypad.once('open', resolve);
        keypad.once('error', reject);
      });
      keypad.write(Buffer.from('1\x1b[15~complete\r\nbogus\r\n4', 'latin1'));
      const until = Date.now() + 5000;
      while (actions.length < 4 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(actions).toEqual(['callNext', 'noShow', 'complete', 'complete']);
      expect(problems).toEqual(['keypad: unknown input "bogus"']);
    },
  );
});
