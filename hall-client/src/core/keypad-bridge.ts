/**
 * Counter keypads (叫号器) in the main process, as the binding's `keypad` says:
 *
 * - `keyboard`: the keypad types keys; the counter page's own keyboard handling does the work
 *   (counter/src/keypad.ts `browserKeypad`), nothing runs here.
 * - `serial`: RS-232 / USB-serial keypads (serialport 13). Bytes become actions by
 *   {@link createSerialDecoder}'s default mapping (below).
 * - `hid`: vendor-specific USB HID keypads, read with node-hid. node-hid is loaded only when a
 *   HID keypad is configured; its absence (not bundled, or libusb missing) is the typed error
 *   `hid_unavailable` with what to install. Reports become actions by {@link hidReportActions}.
 *
 * Actions are counter/src/keypad.ts `COUNTER_ACTIONS`; the shell sends them to the counter
 * page, which handles them exactly like its own keys.
 */
import type { Keypad } from '@hallq/shared';
import { COUNTER_ACTIONS, KEY_BINDINGS, type CounterAction } from '../../../counter/src/keypad.ts';
import { REAL_TIMERS, type Timers } from './connection.ts';
import type { Bilingual } from './device-config.ts';

export { COUNTER_ACTIONS, type CounterAction };

/** The action of each key name (digits and F1…F10), from the counter's key bindings. */
const ACTION_OF_KEY: ReadonlyMap<string, CounterAction> = new Map(
  COUNTER_ACTIONS.flatMap((action) =>
    KEY_BINDINGS[action]
      .filter((key) => key !== ' ')
      .map((key) => [key.toUpperCase(), action] as const),
  ),
);

const ACTION_OF_NAME: ReadonlyMap<string, CounterAction> = new Map(
  COUNTER_ACTIONS.map((action) => [action.toUpperCase(), action] as const),
);

/** VT100/xterm function-key sequences: `ESC O P`…`ESC O S` and `ESC [ n ~`. */
const SS3_KEYS: Readonly<Record<string, string>> = { P: 'F1', Q: 'F2', R: 'F3', S: 'F4' };
const CSI_KEYS: Readonly<Record<string, string>> = {
  '11': 'F1',
  '12': 'F2',
  '13': 'F3',
  '14': 'F4',
  '15': 'F5',
  '17': 'F6',
  '18': 'F7',
  '19': 'F8',
  '20': 'F9',
  '21': 'F10',
};

const ESC = 0x1b;
const CR = 0x0d;
const LF = 0x0a;
const MAX_LINE = 32;

/** What some bytes from a serial keypad meant. */
export interface SerialDecoded {
  readonly actions: CounterAction[];
  /** Lines and sequences that mean nothing (for the log). */
  readonly unknown: string[];
}

/**
 * The default serial keypad mapping, as a streaming decoder (bytes may arrive split anyhow):
 *
 * | keypad sends                                   | action                                |
 * |------------------------------------------------|---------------------------------------|
 * | one ASCII digit `1`…`9`, `0` (no line begun)    | as the counter's keys: 1 callNext, 2 recall, 3 start, 4 complete, 5 noShow, 6 transfer, 7 suspend, 8 pauseToggle, 9 callNumber, 0 resumeSuspended |
 * | F1…F10 as VT100 sequences (`ESC O P`, `ESC [ 15 ~`, …) | the same order: F1 callNext … F10 resumeSuspended |
 * | a line (ended by CR and/or LF) holding an action name (`callNext`, `COMPLETE`, case ignored), `F1`…`F10` or a digit | that action |
 *
 * Anything else is reported as unknown and ignored.
 */
export function createSerialDecoder(): { push(bytes: Uint8Array): SerialDecoded } {
  let line = '';
  let escape: 'none' | 'esc' | 'ss3' | 'csi' = 'none';
  let params = '';

  return {
    push(bytes) {
      const actions: CounterAction[] = [];
      const unknown: string[] = [];
      const key = (name: string, raw: string): void => {
        const action =
          ACTION_OF_KEY.get(name.toUpperCase()) ?? ACTION_OF_NAME.get(name.toUpperCase());
        if (action === undefined) unknown.push(raw);
        else actions.push(action);
      };
      for (const byte of bytes) {
        if (escape === 'esc') {
          if (byte === 0x4f /* O */) escape = 'ss3';
          else if (byte === 0x5b /* [ */) {
            escape = 'csi';
            params = '';
          } else {
            escape = 'none';
            unknown.push(`ESC ${byte.toString(16)}`);
          }
          continue;
        }
        if (escape === 'ss3') {
          escape = 'none';
          const name = SS3_KEYS[String.fromCharCode(byte)];
          if (name === undefined) unknown.push(`ESC O ${String.fromCharCode(byte)}`);
          else key(name, name);
          continue;
        }
        if (escape === 'csi') {
          if (byte >= 0x30 && byte <= 0x39 && params.length < 4) {
            params += String.fromCharCode(byte);
            continue;
          }
          escape = 'none';
          const name = byte === 0x7e /* ~ */ ? CSI_KEYS[params] : undefined;
          if (name === undefined) unknown.push(`ESC [ ${params}${String.fromCharCode(byte)}`);
          else key(name, name);
          continue;
        }
        if (byte === ESC) {
          if (line !== '') unknown.push(line);
          line = '';
          escape = 'esc';
          continue;
        }
        if (byte === CR || byte === LF) {
          const text = line.trim();
          line = '';
          if (text !== '') key(text, text);
          continue;
        }
        const char = String.fromCharCode(byte);
        if (line === '' && byte >= 0x30 && byte <= 0x39) {
          key(char, char); // a bare digit acts at once: most serial keypads send just that
          continue;
        }
        if (byte >= 0x20 && byte < 0x7f) {
          if (line.length >= MAX_LINE) {
            unknown.push(line);
            line = '';
          }
          line += char;
          continue;
        }
        // Other control bytes end whatever was begun.
        if (line !== '') unknown.push(line);
        line = '';
      }
      return { actions, unknown };
    },
  };
}

/** HID keyboard usage ids (HID Usage Tables, page 7) of the keys a keypad has, as key names. */
const HID_USAGE_KEYS: ReadonlyMap<number, string> = new Map<number, string>([
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => [0x1d + d, String(d)] as [number, string]), // 1…9
  [0x27, '0'],
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => [0x58 + d, String(d)] as [number, string]), // keypad 1…9
  [0x62, '0'], // keypad 0
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [0x39 + n, `F${n}`] as [number, string]), // F1…F10
]);

/**
 * The actions of one HID input report, for keys that went down since the previous report.
 * The report is a boot-keyboard report — `[modifiers, reserved, key1 … key6]`, 8 bytes, or
 * 9 with a leading report id — which most call keypads send; keys map as on the counter's
 * keyboard (1…0, keypad 1…0, F1…F10). A roll-over error report (keys all 0x01) changes
 * nothing.
 * @returns the keys down now (pass them back as `previouslyDown` next time) and the actions
 */
export function hidReportActions(
  report: Uint8Array,
  previouslyDown: ReadonlySet<number>,
): { down: Set<number>; actions: CounterAction[] } {
  let keys: Uint8Array;
  if (report.length === 8) keys = report.subarray(2);
  else if (report.length === 9) keys = report.subarray(3);
  else return { down: new Set(previouslyDown), actions: [] };
  if (keys.every((k) => k === 0x01)) return { down: new Set(previouslyDown), actions: [] };
  const down = new Set<number>();
  const actions: CounterAction[] = [];
  for (const usage of keys) {
    if (usage === 0) continue;
    down.add(usage);
    if (previouslyDown.has(usage)) continue;
    const name = HID_USAGE_KEYS.get(usage);
    const action = name === undefined ? undefined : ACTION_OF_KEY.get(name);
    if (action !== undefined) actions.push(action);
  }
  return { down, actions };
}

export type KeypadErrorCode =
  'hid_unavailable' | 'hid_not_found' | 'serial_unavailable' | 'serial_open_failed';

export type KeypadStart =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly error: KeypadErrorCode;
      readonly message: Bilingual;
      readonly detail: string;
    };

const KEYPAD_MESSAGES: Readonly<Record<KeypadErrorCode, Bilingual>> = {
  hid_unavailable: {
    zh: '无法加载 USB HID 叫号器模块（node-hid）。请在本机安装 libusb（统信/麒麟/Debian：sudo apt-get install libusb-1.0-0），并确认安装包带有 node-hid（构建时 npm i node-hid）；或在“设备管理”中把叫号器改为键盘模式。',
    en: 'The USB HID keypad module (node-hid) cannot be loaded. Install libusb on this PC (UOS/Kylin/Debian: sudo apt-get install libusb-1.0-0) and make sure the installer includes node-hid (npm i node-hid when building), or set the keypad to keyboard mode under Devices.',
  },
  hid_not_found: {
    zh: '找不到配置的 USB 叫号器。请检查 USB 线是否插好，以及“设备管理”中的厂商 ID 和产品 ID 是否正确。',
    en: 'The configured USB keypad was not found. Check the USB cable and the vendor and product ids under Devices.',
  },
  serial_unavailable: {
    zh: '无法加载串口模块（serialport），串口叫号器不能使用。请重新安装本程序，或把叫号器改为键盘模式。',
    en: 'The serial port module (serialport) cannot be loaded, so the serial keypad cannot be used. Reinstall the app, or set the keypad to keyboard mode.',
  },
  serial_open_failed: {
    zh: '打不开叫号器的串口。请检查串口线和“设备管理”中的串口名称（如 COM3 或 /dev/ttyUSB0）及波特率；Linux 上用户需在 dialout 组。',
    en: 'The keypad’s serial port cannot be opened. Check the cable, and the port name (e.g. COM3 or /dev/ttyUSB0) and baud rate under Devices; on Linux the user must be in the dialout group.',
  },
};

function keypadError(error: KeypadErrorCode, detail: unknown): KeypadStart {
  return {
    ok: false,
    error,
    message: KEYPAD_MESSAGES[error],
    detail: detail instanceof Error ? detail.message : String(detail),
  };
}

/** The part of node-hid the bridge uses. */
export interface HidDevice {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void;
}
export interface HidModule {
  readonly HID: new (vendorId: number, productId: number) => HidDevice;
}

/** The part of serialport's SerialPort the bridge uses. */
export interface SerialPortLike {
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  readonly isOpen: boolean;
}
export type SerialPortFactory = (options: {
  path: string;
  baudRate: number;
  autoOpen: false;
}) => SerialPortLike;

/** Loads node-hid; the specifier is a variable so neither tsc nor the bundler needs it. */
async function importNodeHid(): Promise<HidModule> {
  const specifier = 'node-hid';
  const module = (await import(specifier)) as Partial<HidModule> & { default?: Partial<HidModule> };
  const HID = module.HID ?? module.default?.HID;
  if (typeof HID !== 'function') throw new Error('node-hid has no HID class');
  return { HID };
}

async function importSerialPort(): Promise<SerialPortFactory> {
  const { SerialPort } = await import('serialport');
  return (options) => new SerialPort(options);
}

export interface KeypadBridgeOptions {
  readonly onAction: (action: CounterAction) => void;
  /** Unknown input, lost devices, reconnects: for the log. */
  readonly onProblem?: (text: string) => void;
  readonly loadHid?: () => Promise<HidModule>;
  readonly loadSerialPort?: () => Promise<SerialPortFactory>;
  readonly timers?: Timers;
  /** Wait before reopening a serial port that went away (default 5 s). */
  readonly reopenMs?: number;
}

export interface KeypadBridge {
  readonly kind: Keypad['kind'];
  /** Opens the keypad; a failure is typed, never thrown. */
  start(): Promise<KeypadStart>;
  stop(): Promise<void>;
}

/** The keypad of a counter's binding, in the main process. */
export function createKeypadBridge(keypad: Keypad, options: KeypadBridgeOptions): KeypadBridge {
  switch (keypad.kind) {
    case 'keyboard':
      return {
        kind: 'keyboard',
        start: () => Promise.resolve({ ok: true }),
        stop: () => Promise.resolve(),
      };
    case 'serial':
      return serialKeypad(keypad, options);
    case 'hid':
      return hidKeypad(keypad, options);
  }
}

function serialKeypad(
  keypad: Extract<Keypad, { kind: 'serial' }>,
  options: KeypadBridgeOptions,
): KeypadBridge {
  const timers = options.timers ?? REAL_TIMERS;
  let port: SerialPortLike | null = null;
  let factory: SerialPortFactory | null = null;
  let stopped = false;
  let reopenTimer: unknown = null;

  function open(): Promise<Error | null> {
    if (factory === null) return Promise.resolve(new Error('serialport not loaded'));
    const decoder = createSerialDecoder();
    const current = factory({ path: keypad.path, baudRate: keypad.baudRate, autoOpen: false });
    current.on('data', (data: Buffer) => {
      const decoded = decoder.push(data);
      for (const text of decoded.unknown)
        options.onProblem?.(`keypad: unknown input ${JSON.stringify(text)}`);
      for (const action of decoded.actions) options.onAction(action);
    });
    current.on('error', (error: Error) =>
      options.onProblem?.(`keypad ${keypad.path}: ${error.message}`),
    );
    current.on('close', () => {
      if (port !== current || stopped) return;
      port = null;
      options.onProblem?.(`keypad ${keypad.path} went away; reopening`);
      scheduleReopen();
    });
    return new Promise((resolve) => {
      current.open((error) => {
        if (error === null && !stopped) port = current;
        else if (error === null) current.close();
        resolve(error);
      });
    });
  }

  function scheduleReopen(): void {
    if (stopped || reopenTimer !== null) return;
    reopenTimer = timers.setTimeout(() => {
      reopenTimer = null;
      void open().then((error) => {
        if (error !== null) scheduleReopen();
        else options.onProblem?.(`keypad ${keypad.path} reopened`);
      });
    }, options.reopenMs ?? 5000);
  }

  return {
    kind: 'serial',
    async start() {
      stopped = false;
      try {
        factory = await (options.loadSerialPort ?? importSerialPort)();
      } catch (error) {
        return keypadError('serial_unavailable', error);
      }
      const error = await open();
      return error === null ? { ok: true } : keypadError('serial_open_failed', error);
    },
    async stop() {
      stopped = true;
      if (reopenTimer !== null) timers.clearTimeout(reopenTimer);
      reopenTimer = null;
      const current = port;
      port = null;
      if (current?.isOpen === true) {
        await new Promise<void>((resolve) => {
          current.close(() => resolve());
        });
      }
    },
  };
}

function hidKeypad(
  keypad: Extract<Keypad, { kind: 'hid' }>,
  options: KeypadBridgeOptions,
): KeypadBridge {
  let device: HidDevice | null = null;
  return {
    kind: 'hid',
    async start() {
      let hid: HidModule;
      try {
        hid = await (options.loadHid ?? importNodeHid)();
      } catch (error) {
        return keypadError('hid_unavailable', error);
      }
      try {
        device = new hid.HID(keypad.vendorId, keypad.productId);
      } catch (error) {
        return keypadError('hid_not_found', error);
      }
      let down: ReadonlySet<number> = new Set();
      device.on('data', (data: Buffer) => {
        const result = hidReportActions(data, down);
        down = result.down;
        for (const action of result.actions) options.onAction(action);
      });
      device.on('error', (error: Error) => options.onProblem?.(`HID keypad: ${error.message}`));
      return { ok: true };
    },
    async stop() {
      device?.close();
      device = null;
    },
  };
}
