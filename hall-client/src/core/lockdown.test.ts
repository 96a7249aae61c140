import { describe, expect, it } from 'vitest';
import {
  EXIT_GESTURE,
  GESTURE_START,
  PIN_SCRYPT,
  PinGuard,
  exitGestureStep,
  hashPin,
  isExitChord,
  lockdownPolicy,
  pinHashOf,
  verifyPin,
  type GestureState,
  type Tap,
} from './lockdown.ts';
import { sampleConfig } from './test-support.ts';

describe('exit gesture', () => {
  function run(taps: readonly Tap[]): boolean[] {
    let state: GestureState = GESTURE_START;
    return taps.map((tap) => {
      const step = exitGestureStep(state, tap);
      state = step.state;
      return step.triggered;
    });
  }
  const corner = (at: number): Tap => ({ x: 10, y: 20, at });

  it('five taps in the top-left corner within 3 s trigger it once', () => {
    expect(run([0, 500, 1000, 1500, 2000].map(corner))).toEqual([false, false, false, false, true]);
    expect(run([0, 500, 1000, 1500, 2000, 2100].map(corner)).at(-1)).toBe(false);
  });

  it('taps older than 3 s no longer count', () => {
    expect(run([0, 1000, 2000, 2500, 3000].map(corner))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(run([0, 1000, 2000, 2500, 3000, 3100].map(corner)).at(-1)).toBe(true);
  });

  it('a tap elsewhere starts over', () => {
    const taps = [corner(0), corner(100), corner(200), corner(300), { x: 500, y: 400, at: 350 }];
    expect(run([...taps, corner(400)])).toEqual([false, false, false, false, false, false]);
    expect(run([{ x: EXIT_GESTURE.cornerPx, y: 0, at: 0 }])).toEqual([false]);
  });

  it('the keyboard chord is Ctrl+Alt+Shift+Q on key down', () => {
    const chord = { type: 'keyDown', key: 'q', control: true, alt: true, shift: true };
    expect(isExitChord(chord)).toBe(true);
    expect(isExitChord({ ...chord, type: 'keyUp' })).toBe(false);
    expect(isExitChord({ ...chord, alt: false })).toBe(false);
    expect(isExitChord({ ...chord, key: 'w' })).toBe(false);
  });
});

describe('PIN', () => {
  it('hashes as scrypt$salt$hash with 16-byte salt and 32-byte key, and verifies', async () => {
    const hash = await hashPin('2468');
    const [scheme, salt, key] = hash.split('$');
    expect(scheme).toBe('scrypt');
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(PIN_SCRYPT.saltBytes);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(PIN_SCRYPT.keylen);
    expect(await verifyPin('2468', hash)).toBe(true);
    expect(await verifyPin('2469', hash)).toBe(false);
    expect(await hashPin('2468')).not.toBe(hash); // a new salt each time
  });

  it('matches a hash made with the documented parameters by node:crypto directly', async () => {
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync('13579', salt, 32, { N: 16384, r: 8, p: 1 });
    const hash = `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await hashPin('13579', salt)).toBe(hash);
    expect(await verifyPin('13579', hash)).toBe(true);
  });

  it('a malformed hash or PIN never verifies and never throws', async () => {
    const good = await hashPin('1234');
    for (const hash of ['', 'scrypt$$', 'bcrypt$abc$def', `${good}x`, 'scrypt$AAAA$AAAA']) {
      expect(await verifyPin('1234', hash)).toBe(false);
    }
    expect(await verifyPin('12a4', good)).toBe(false);
    expect(await verifyPin('', good)).toBe(false);
    await expect(hashPin('12')).rejects.toThrow(/4–12 digits/);
  });
});

describe('PinGuard', () => {
  it('locks for 60 s after five wrong PINs, then lets the right one through', async () => {
    let now = 0;
    const pinHash = await hashPin('2468');
    const guard = new PinGuard({ pinHash: () => pinHash, now: () => now });
    for (const left of [4, 3, 2, 1]) {
      expect(await guard.check('0000')).toMatchObject({
        ok: false,
        reason: 'wrong_pin',
        attemptsLeft: left,
      });
    }
    const locked = await guard.check('0000');
    expect(locked).toMatchObject({ ok: false, reason: 'locked', retryAfterMs: 60_000 });
    if (!locked.ok) expect(locked.message.zh).toContain('60 秒');
    // Even the right PIN waits out the lock.
    now += 59_000;
    expect(await guard.check('2468')).toMatchObject({ reason: 'locked', retryAfterMs: 1000 });
    now += 1000;
    expect(guard.lockedFor()).toBe(0);
    expect(await guard.check('2468')).toEqual({ ok: true });
    // A success resets the count.
    expect(await guard.check('0000')).toMatchObject({ attemptsLeft: 4 });
  });

  it('checks concurrent attempts one at a time, so the count is exact', async () => {
    const pinHash = await hashPin('2468');
    const guard = new PinGuard({ pinHash: () => pinHash, now: () => 0 });
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map(() => guard.check('1111')));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([
      'wrong_pin',
      'wrong_pin',
      'wrong_pin',
      'wrong_pin',
      'locked',
      'locked',
    ]);
  });

  it('without a PIN set, nobody can leave, and the message says who sets one', async () => {
    const guard = new PinGuard({ pinHash: () => null, now: () => 0 });
    const result = await guard.check('1234');
    expect(result).toMatchObject({ ok: false, reason: 'no_pin' });
    if (!result.ok) expect(result.message.en).toContain('admin');
  });
});

describe('lockdown policy', () => {
  it('kiosks, call screens and rating pads are locked, full screen, awake and restart', () => {
    for (const role of ['kiosk', 'display', 'rating'] as const) {
      expect(lockdownPolicy(sampleConfig(role))).toEqual({
        locked: true,
        fullscreen: true,
        kioskMode: true,
        hideCursorOnTouch: true,
        autostart: true,
        relaunchOnCrash: true,
        keepAwake: true,
        alwaysOnTop: true,
        menu: false,
      });
    }
  });

  it('follows the binding’s lockdown switches', () => {
    const config = sampleConfig('display', {
      lockdown: { pinHash: null, fullscreen: false, hideCursor: false, autostart: false },
    });
    expect(lockdownPolicy(config)).toMatchObject({
      locked: true,
      fullscreen: false,
      kioskMode: false,
      hideCursorOnTouch: false,
      autostart: false,
      alwaysOnTop: false,
    });
  });

  it('a counter may run windowed and is not locked', () => {
    expect(lockdownPolicy(sampleConfig('counter'))).toMatchObject({
      locked: false,
      fullscreen: false,
      kioskMode: false,
      keepAwake: false,
      menu: false,
    });
    expect(lockdownPolicy(sampleConfig('counter', { fullscreen: true })).fullscreen).toBe(true);
    expect(pinHashOf(sampleConfig('counter'))).toBeNull();
    expect(pinHashOf(sampleConfig('kiosk', { lockdown: { pinHash: 'scrypt$a$b' } }))).toBe(
      'scrypt$a$b',
    );
  });
});
