/**
 * Lockdown of kiosks, call screens and rating pads (brief §8): what it means per role, the
 * admin's exit gesture and the exit PIN.
 *
 * - Exit gesture: five taps in the top-left corner (80 × 80 px) within 3 s, or the key chord
 *   Ctrl+Alt+Shift+Q on a keyboard, opens the PIN prompt. Taps elsewhere start over.
 * - The PIN is checked offline against the binding's `lockdown.pinHash`,
 *   `scrypt$<salt base64>$<hash base64>` with N=16384, r=8, p=1, 32-byte key (the server's
 *   format). Five wrong PINs lock the prompt for 60 s. No PIN set → no exit from the device
 *   (the admin sets one under Devices; the new configuration arrives within a minute).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { DeviceConfig } from '@hallq/shared';
import type { Bilingual } from './device-config.ts';

// ---------------------------------------------------------------- what lockdown means

export interface LockdownPolicy {
  /** Leaving needs the exit gesture and the PIN; closing the window does nothing. */
  readonly locked: boolean;
  readonly fullscreen: boolean;
  /** Electron's kiosk mode (full screen that the OS shortcuts cannot leave). */
  readonly kioskMode: boolean;
  /** Hide the mouse cursor when the monitor is a touch screen. */
  readonly hideCursorOnTouch: boolean;
  /** Start at login (app.setLoginItemSettings). */
  readonly autostart: boolean;
  /** Reload the page when its renderer crashes, relaunch the app when it dies. */
  readonly relaunchOnCrash: boolean;
  /** Keep the monitor awake (powerSaveBlocker 'prevent-display-sleep'). */
  readonly keepAwake: boolean;
  /** Stay above other windows. */
  readonly alwaysOnTop: boolean;
  /** The application menu bar; never for hall devices. */
  readonly menu: false;
}

/**
 * The lockdown of a device from its configuration. Kiosks, call screens and rating pads are
 * locked and kept awake; a counter runs beside the clerk's other programs: windowed unless its
 * binding says full screen, and closable.
 */
export function lockdownPolicy(config: DeviceConfig): LockdownPolicy {
  switch (config.role) {
    case 'counter':
      return {
        locked: false,
        fullscreen: config.binding.fullscreen,
        kioskMode: false,
        hideCursorOnTouch: false,
        autostart: true,
        relaunchOnCrash: true,
        keepAwake: false,
        alwaysOnTop: false,
        menu: false,
      };
    case 'kiosk':
    case 'display':
    case 'rating': {
      const { lockdown } = config.binding;
      return {
        locked: true,
        fullscreen: lockdown.fullscreen,
        kioskMode: lockdown.fullscreen,
        hideCursorOnTouch: lockdown.hideCursor,
        autostart: lockdown.autostart,
        relaunchOnCrash: true,
        keepAwake: true,
        alwaysOnTop: lockdown.fullscreen,
        menu: false,
      };
    }
  }
}

/** The exit PIN hash of a device, or null (counters have none; or none was set). */
export function pinHashOf(config: DeviceConfig): string | null {
  return config.role === 'counter' ? null : config.binding.lockdown.pinHash;
}

// ---------------------------------------------------------------- exit gesture

export interface GestureOptions {
  readonly taps: number;
  readonly windowMs: number;
  /** Size of the top-left corner square that counts, in CSS pixels. */
  readonly cornerPx: number;
}

export const EXIT_GESTURE: GestureOptions = { taps: 5, windowMs: 3000, cornerPx: 80 };

/** A tap (pointer down) in the page, in CSS pixels, with the time it happened. */
export interface Tap {
  readonly x: number;
  readonly y: number;
  readonly at: number;
}

export interface GestureState {
  /** Times of the corner taps counted so far. */
  readonly taps: readonly number[];
}

export const GESTURE_START: GestureState = { taps: [] };

/** One tap through the exit gesture; `triggered` when it completes (and the count restarts). */
export function exitGestureStep(
  state: GestureState,
  tap: Tap,
  options: GestureOptions = EXIT_GESTURE,
): { state: GestureState; triggered: boolean } {
  const inCorner = tap.x >= 0 && tap.y >= 0 && tap.x < options.cornerPx && tap.y < options.cornerPx;
  if (!inCorner) return { state: GESTURE_START, triggered: false };
  const taps = [...state.taps.filter((t) => tap.at - t < options.windowMs && t <= tap.at), tap.at];
  if (taps.length >= options.taps) return { state: GESTURE_START, triggered: true };
  return { state: { taps }, triggered: false };
}

/** The keyboard exit chord (Electron `before-input-event` fields). */
export function isExitChord(input: {
  readonly type: string;
  readonly key: string;
  readonly control: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
}): boolean {
  return (
    input.type === 'keyDown' &&
    input.control &&
    input.alt &&
    input.shift &&
    input.key.toUpperCase() === 'Q'
  );
}

// ---------------------------------------------------------------- PIN

/** The PIN hash parameters, shared with the server (server/src/devices.ts). */
export const PIN_SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32, saltBytes: 16 } as const;

const PIN_PATTERN = /^\d{4,12}$/;

function scryptKey(pin: string, salt: Buffer, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      pin,
      salt,
      keylen,
      { N: PIN_SCRYPT.N, r: PIN_SCRYPT.r, p: PIN_SCRYPT.p, maxmem: 64 * 1024 * 1024 },
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
}

/** `scrypt$<salt b64>$<hash b64>` of a PIN (4–12 digits), as the server stores it. */
export async function hashPin(
  pin: string,
  salt: Buffer = randomBytes(PIN_SCRYPT.saltBytes),
): Promise<string> {
  if (!PIN_PATTERN.test(pin)) throw new Error('hashPin: a PIN is 4–12 digits');
  const key = await scryptKey(pin, salt, PIN_SCRYPT.keylen);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `pin` matches `pinHash`; false for a malformed hash (never throws). */
export async function verifyPin(pin: string, pinHash: string): Promise<boolean> {
  const match = /^scrypt\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(pinHash);
  if (match === null || !PIN_PATTERN.test(pin)) return false;
  const salt = Buffer.from(match[1] ?? '', 'base64');
  const expected = Buffer.from(match[2] ?? '', 'base64');
  if (salt.length < 8 || expected.length !== PIN_SCRYPT.keylen) return false;
  try {
    const key = await scryptKey(pin, salt, expected.length);
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

export type PinCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'wrong_pin';
      readonly attemptsLeft: number;
      readonly message: Bilingual;
    }
  | {
      readonly ok: false;
      readonly reason: 'locked';
      readonly retryAfterMs: number;
      readonly message: Bilingual;
    }
  | { readonly ok: false; readonly reason: 'no_pin'; readonly message: Bilingual };

export interface PinGuardOptions {
  /** The current PIN hash (it changes when the admin sets a new PIN). */
  readonly pinHash: () => string | null;
  readonly now: () => number;
  readonly maxAttempts?: number;
  readonly lockMs?: number;
}

/** Checks exit PINs one at a time, with the lockout after repeated wrong PINs. */
export class PinGuard {
  private failures = 0;
  private lockedUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly options: PinGuardOptions;

  constructor(options: PinGuardOptions) {
    this.options = options;
  }

  /** How long the prompt is still locked, in ms (0 = not locked). */
  lockedFor(): number {
    return Math.max(0, this.lockedUntil - this.options.now());
  }

  check(pin: string): Promise<PinCheck> {
    const run = (): Promise<PinCheck> => this.run(pin);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(pin: string): Promise<PinCheck> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const lockMs = this.options.lockMs ?? 60_000;
    const wait = this.lockedFor();
    if (wait > 0) return locked(wait);
    const pinHash = this.options.pinHash();
    if (pinHash === null) {
      return {
        ok: false,
        reason: 'no_pin',
        message: {
          zh: '本设备没有设置退出密码，不能退出。请管理员在“设备管理”中设置退出密码。',
          en: 'No exit PIN is set for this device, so it cannot be closed. Ask the admin to set one under Devices.',
        },
      };
    }
    if (await verifyPin(pin, pinHash)) {
      this.failures = 0;
      return { ok: true };
    }
    this.failures += 1;
    if (this.failures >= maxAttempts) {
      this.failures = 0;
      this.lockedUntil = this.options.now() + lockMs;
      return locked(lockMs);
    }
    const attemptsLeft = maxAttempts - this.failures;
    return {
      ok: false,
      reason: 'wrong_pin',
      attemptsLeft,
      message: {
        zh: `密码不对，还可以再试 ${attemptsLeft} 次。`,
        en: `Wrong PIN; ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left.`,
      },
    };
  }
}

function locked(ms: number): PinCheck {
  const seconds = Math.ceil(ms / 1000);
  return {
    ok: false,
    reason: 'locked',
    retryAfterMs: ms,
    message: {
      zh: `密码错误次数太多，请 ${seconds} 秒后再试。`,
      en: `Too many wrong PINs; try again in ${seconds} s.`,
    },
  };
}
