/**
 * Credentials: scrypt password hashes, random bearer tokens stored only as SHA-256 hashes,
 * and the mapping from a token to the `Actor` the domain authorises.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import {
  deviceId,
  staffId,
  STAFF_ROLES,
  windowId,
  zoneId,
  type Actor,
  type StaffRole,
} from '@hallq/shared';
import type { HallStore, StaffRecord } from './store.ts';

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.keyLength, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts;
  const expected = Buffer.from(hashText ?? '', 'base64url');
  if (expected.length === 0) return false;
  const key = await scryptAsync(
    password,
    Buffer.from(saltText ?? '', 'base64url'),
    expected.length,
    Number(n),
    Number(r),
    Number(p),
  );
  return timingSafeEqual(key, expected);
}

/** A new random bearer token (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const STAFF_SESSION_MS = 12 * 60 * 60 * 1000;

function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/** The actor of a staff record signed in at a window. */
export function staffActor(staff: StaffRecord, atWindow: number | null): Actor {
  return {
    kind: 'staff',
    staffId: staffId(staff.staffId),
    role: isStaffRole(staff.role) ? staff.role : 'guide',
    windowId: atWindow === null ? null : windowId(atWindow),
    zoneIds: staff.zoneIds.map(zoneId),
  };
}

/** Session subjects: `staff:<id>@<window|->`, `device:<id>`. */
export function staffSubject(staff: string, atWindow: number | null): string {
  return `staff:${staff}@${atWindow ?? '-'}`;
}

export type Resolved =
  | { readonly ok: true; readonly actor: Actor; readonly tokenHash: string | null }
  | { readonly ok: false };

/**
 * Resolves a bearer token: staff session, device token, or integration API key
 * (`<keyId>.<secret>`). No token → anonymous. A token that matches nothing, has expired, or
 * belongs to a disabled account or revoked device → not ok (the caller answers 401).
 */
export async function resolveToken(
  store: HallStore,
  token: string | undefined,
  now: number,
): Promise<Resolved> {
  if (token === undefined || token === '')
    return { ok: true, actor: { kind: 'anonymous' }, tokenHash: null };
  if (token.length > 300) return { ok: false };
  const tokenHash = hashToken(token);
  const session = await store.findSession(tokenHash);
  if (session !== null) {
    if (session.expiresAt <= now) return { ok: false };
    const match = /^staff:([^@]+)@(\d+|-)$/.exec(session.subject);
    if (match === null) return { ok: false };
    const staff = await store.findStaff(match[1] ?? '');
    if (staff === null || staff.disabled) return { ok: false };
    const at = match[2] === '-' ? null : Number(match[2]);
    return { ok: true, actor: staffActor(staff, at), tokenHash };
  }
  const device = await store.findDeviceByToken(tokenHash);
  if (device !== null) {
    if (device.revoked) return { ok: false };
    const role =
      device.role === 'kiosk' ||
      device.role === 'display' ||
      device.role === 'counter' ||
      device.role === 'rating'
        ? device.role
        : 'display';
    return {
      ok: true,
      actor: {
        kind: 'device',
        deviceId: deviceId(device.deviceId),
        role,
        windowId: device.windowId === null ? null : windowId(device.windowId),
      },
      tokenHash,
    };
  }
  const dot = token.indexOf('.');
  if (dot > 0) {
    const key = await store.findApiKey(token.slice(0, dot));
    if (key !== null && !key.revoked) {
      const given = Buffer.from(hashToken(token));
      const stored = Buffer.from(key.keyHash);
      if (given.length === stored.length && timingSafeEqual(given, stored)) {
        return { ok: true, actor: { kind: 'integration', keyId: key.keyId }, tokenHash };
      }
    }
  }
  return { ok: false };
}
