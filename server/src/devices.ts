/**
 * Hall devices over REST: the admin registers a kiosk, call screen, counter or rating pad with
 * its binding and gets a pairing code; the hall client pairs with that code and receives its
 * own token and configuration; the admin later changes the binding (pushed live as
 * `device:config`) or revokes the device (its token answers 401, its sockets are cut). The
 * contract is `shared/src/protocol/devices.ts`.
 *
 * Secrets:
 * - A device token is 32 random bytes (base64url). Only its SHA-256 is stored (as for staff
 *   sessions); pairing again replaces it, so the previous token stops working.
 * - A pairing code is 8 random digits, shown once to the admin. Only an HMAC-SHA-256 of it is
 *   stored, keyed by a key derived from the data folder's `person.key`, so a copy of the
 *   database alone does not reveal a live code. A code lives 15 minutes and pairs once; a new
 *   code of the device drops the older unused ones.
 * - The exit PIN of a locked-down device is stored (in `binding.lockdown.pinHash`) as
 *   `scrypt$<salt>$<hash>`: salt 16 random bytes, scrypt N=16384, r=8, p=1, key length 32,
 *   salt and hash in standard base64 with padding. The hall client checks PINs offline with
 *   the same parameters. Admin lists never show the hash (`hasPin` instead).
 *
 * Wrong pairing codes are limited per remote address: after 10 failures within 10 minutes the
 * address is refused (429 `too_many_attempts`) until the oldest failure is 10 minutes old.
 */
import { createHmac, randomBytes, randomInt, scrypt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  actorLabel,
  createDeviceSchema,
  DEVICE_ROLES,
  describeIssues,
  pairRequestSchema,
  parseBinding,
  updateDeviceSchema,
  windowId as toWindowId,
  type Actor,
  type DeviceClientInfo,
  type DeviceConfig,
  type DeviceRole,
  type DeviceSummary,
  type DomainError,
  type HallConfig,
  type PairingCode,
  type PairReply,
} from '@hallq/shared';
import { hashToken, newToken, resolveToken } from './auth.ts';
import { bearerToken, sendError } from './errors.ts';
import type { HallService } from './hall-service.ts';
import type { HallIo } from './realtime.ts';
import type { AuditEntry, DeviceRecord, HallStore, PairingCodeRecord } from './store.ts';

export const PAIRING_CODE_TTL_MS = 15 * 60 * 1000;
export const PAIR_ATTEMPT_LIMIT = 10;
export const PAIR_ATTEMPT_WINDOW_MS = 10 * 60 * 1000;
/** A config poll records the sighting at most this often (each write is an fsync). */
export const SEEN_WRITE_MS = 60 * 1000;

/** scrypt parameters of PIN hashes; the hall client verifies with the same ones. */
export const PIN_SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

export interface DevicesContext {
  readonly hall: HallService;
  readonly store: HallStore;
  readonly clock: () => number;
  /** The data folder's secret (`person.key`); the pairing-code key is derived from it. */
  readonly personSecret: Buffer;
}

/** Lets the REST side reach the devices' sockets once Socket.IO is attached. */
export interface DeviceLink {
  attach(io: HallIo): void;
}

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  const { N, r, p, keyLength } = PIN_SCRYPT;
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/** Hashes an exit PIN as `scrypt$<salt b64>$<hash b64>` (see the file comment). */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(PIN_SCRYPT.saltLength);
  const key = await scryptAsync(pin, salt);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** The key of pairing-code HMACs, derived from the data folder's secret. */
function pairingKey(secret: Buffer): Buffer {
  return createHmac('sha256', secret).update('hallq pairing codes v1').digest();
}

/** 8 random digits (uniform). */
function newCodeDigits(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}

/** `48271936` → `4827-1936`, as the admin reads it out. */
export function formatPairingCode(digits: string): string {
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
}

/** Failed pairing attempts per remote address, in a sliding window. */
class AttemptLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxAddresses = 10_000,
  ) {}

  #recent(address: string, now: number): number[] {
    const recent = (this.#failures.get(address) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length === 0) this.#failures.delete(address);
    else this.#failures.set(address, recent);
    return recent;
  }

  /** Milliseconds until the address may try again; 0 when it may now. */
  blockedFor(address: string, now: number): number {
    const recent = this.#recent(address, now);
    if (recent.length < this.limit) return 0;
    const oldest = recent[recent.length - this.limit] ?? now;
    return Math.max(1, oldest + this.windowMs - now);
  }

  fail(address: string, now: number): void {
    const recent = this.#recent(address, now);
    recent.push(now);
    this.#failures.delete(address);
    this.#failures.set(address, recent);
    // Bound the memory a flood of addresses can take: forget the least recent ones.
    while (this.#failures.size > this.maxAddresses) {
      const first = this.#failures.keys().next();
      if (first.done === true) break;
      this.#failures.delete(first.value);
    }
  }
}

function isDeviceRole(role: string): role is DeviceRole {
  return (DEVICE_ROLES as readonly string[]).includes(role);
}

function roleOf(device: DeviceRecord): DeviceRole {
  return isDeviceRole(device.role) ? device.role : 'display';
}

function lockdownOf(binding: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  const lockdown = binding.lockdown;
  return typeof lockdown === 'object' && lockdown !== null && !Array.isArray(lockdown)
    ? (lockdown as Record<string, unknown>)
    : null;
}

function pinHashOf(binding: Readonly<Record<string, unknown>>): string | null {
  const hash = lockdownOf(binding)?.pinHash;
  return typeof hash === 'string' ? hash : null;
}

/** The binding without its PIN hash (for admin lists and audit rows). */
function withoutPinHash(binding: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const lockdown = lockdownOf(binding);
  return lockdown === null
    ? { ...binding }
    : { ...binding, lockdown: { ...lockdown, pinHash: null } };
}

/** The stored binding checked against the role's schema (defaults for anything unreadable). */
function typedBinding(device: DeviceRecord): DeviceConfig['binding'] {
  const role = roleOf(device);
  const parsed = parseBinding(role, device.binding);
  if (parsed.ok) return parsed.binding;
  const fallback = parseBinding(role, {});
  if (fallback.ok) return fallback.binding;
  throw new Error(`no default binding for ${role}`);
}

/** What the hall client receives: never a token or token hash. */
export function deviceConfigOf(device: DeviceRecord, config: HallConfig): DeviceConfig {
  // The role and the binding were checked together when written; TypeScript cannot see
  // that the pair matches one member of the union.
  return {
    deviceId: device.deviceId,
    name: device.name,
    role: roleOf(device),
    windowId: device.windowId,
    binding: typedBinding(device),
    version: device.version,
    hallName: config.hall.name,
  } as DeviceConfig;
}

function clientInfoOf(device: DeviceRecord): DeviceClientInfo | null {
  const info = device.clientInfo;
  if (info === null) return null;
  return {
    hostname: info.hostname ?? '',
    platform: info.platform ?? '',
    version: info.version ?? '',
  };
}

function summaryOf(device: DeviceRecord, code: PairingCodeRecord | undefined): DeviceSummary {
  const binding = typedBinding(device);
  return {
    deviceId: device.deviceId,
    name: device.name,
    role: roleOf(device),
    windowId: device.windowId,
    binding: withoutPinHash(binding) as DeviceConfig['binding'],
    hasPin: pinHashOf(binding) !== null,
    version: device.version,
    createdAt: device.createdAt,
    updatedAt: device.updatedAt,
    pairedAt: device.pairedAt,
    lastSeenAt: device.lastSeenAt,
    client: clientInfoOf(device),
    revoked: device.revoked,
    pairing:
      code === undefined || device.revoked
        ? null
        : { createdAt: code.createdAt, expiresAt: code.expiresAt },
  };
}

function invalid(problems: readonly string[]): DomainError {
  return {
    code: 'validation',
    message: `Invalid device: ${problems.join('; ')}`,
    details: { problems },
  };
}

type BindingResult =
  | { readonly ok: true; readonly binding: Record<string, unknown> }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks a role, window and binding together against the hall and hashes a new PIN into
 * `lockdown.pinHash` (else keeps `previousPinHash`).
 */
async function resolveBinding(
  config: HallConfig,
  role: DeviceRole,
  windowId: number | null,
  binding: Readonly<Record<string, unknown>>,
  pin: string | undefined,
  previousPinHash: string | null,
): Promise<BindingResult> {
  const problems: string[] = [];
  if (role === 'counter' || role === 'rating') {
    if (windowId === null) {
      problems.push(`windowId: a ${role} device belongs to one window; give its number`);
    } else if (!config.windows.some((w) => w.id === windowId)) {
      problems.push(`windowId: this hall has no window ${windowId}`);
    }
  } else if (windowId !== null) {
    problems.push(
      role === 'display'
        ? 'windowId: a call screen has no window; show one window with binding.screen "window:N"'
        : 'windowId: a kiosk has no window; leave windowId null',
    );
  }
  const parsed = parseBinding(role, binding);
  if (!parsed.ok) {
    problems.push(...parsed.problems.map((p) => `binding.${p}`));
    return { ok: false, problems };
  }
  const typed = parsed.binding as Readonly<Record<string, unknown>>;
  if (role === 'display' && typeof typed.screen === 'string') {
    const [kind, value = ''] = typed.screen.split(':');
    if (kind === 'zone' && !config.zones.some((z) => z.id === value.toUpperCase())) {
      problems.push(`binding.screen: this hall has no zone ${value}`);
    }
    if (kind === 'window' && !config.windows.some((w) => w.id === Number(value))) {
      problems.push(`binding.screen: this hall has no window ${value}`);
    }
  }
  const lockdown = lockdownOf(typed);
  if (pin !== undefined && lockdown === null) {
    problems.push(`pin: a ${role} device has no lockdown, so no exit PIN`);
  }
  if (problems.length > 0) return { ok: false, problems };
  if (lockdown === null) return { ok: true, binding: { ...typed } };
  const pinHash = pin === undefined ? previousPinHash : await hashPin(pin);
  return { ok: true, binding: { ...typed, lockdown: { ...lockdown, pinHash } } };
}

/** A binding as the admin sent it: a PIN hash is set with `pin`, never given directly. */
function requestedBinding(
  binding: Readonly<Record<string, unknown>>,
): { ok: true; binding: Record<string, unknown> } | { ok: false; problem: string } {
  const lockdown = lockdownOf(binding);
  if (lockdown === null || !('pinHash' in lockdown)) return { ok: true, binding: { ...binding } };
  if (lockdown.pinHash !== null) {
    return {
      ok: false,
      problem: 'binding.lockdown.pinHash: set the exit PIN with "pin", not a hash',
    };
  }
  const { pinHash: _dropped, ...rest } = lockdown;
  return { ok: true, binding: { ...binding, lockdown: rest } };
}

const deviceIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Registers the device admin, pairing and device-config routes. */
export function registerDevices(app: FastifyInstance, ctx: DevicesContext): DeviceLink {
  const { hall, store, clock } = ctx;
  const codeKey = pairingKey(ctx.personSecret);
  const limiter = new AttemptLimiter(PAIR_ATTEMPT_LIMIT, PAIR_ATTEMPT_WINDOW_MS);
  let io: HallIo | null = null;
  // Device writes run one at a time, so a read-modify-write (PATCH) never interleaves with
  // another change of the same device.
  let writes: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = writes.then(work, work);
    writes = next.catch(() => undefined);
    return next;
  }

  const codeHash = (digits: string): string =>
    createHmac('sha256', codeKey).update(digits).digest('hex');

  /** The request's actor, or null after answering 401. */
  async function actorOf(request: FastifyRequest, reply: FastifyReply): Promise<Actor | null> {
    const resolved = await resolveToken(store, bearerToken(request), clock());
    if (!resolved.ok) {
      await sendError(reply, {
        code: 'unauthenticated',
        message: 'The token is invalid or has expired; sign in again.',
      });
      return null;
    }
    return resolved.actor;
  }

  /** Whether the actor may do this; otherwise answers 401/403 (and audits a 403). */
  async function allowed(
    actor: Actor,
    reply: FastifyReply,
    command: string,
    roles: readonly string[],
    payload: unknown,
  ): Promise<boolean> {
    if (actor.kind === 'staff' && roles.includes(actor.role)) return true;
    if (actor.kind === 'anonymous') {
      await sendError(reply, {
        code: 'unauthenticated',
        message: 'Sign in as the hall administrator.',
      });
      return false;
    }
    await store.audit({
      at: clock(),
      actor: actorLabel(actor),
      command,
      payload,
      outcome: 'forbidden',
    });
    await sendError(reply, {
      code: 'forbidden',
      message:
        roles.length === 1
          ? 'Only the hall administrator manages devices.'
          : 'Only the hall administrator and managers see the devices.',
    });
    return false;
  }

  function deviceIdParam(request: FastifyRequest): string | null {
    const id = (request.params as { id?: unknown }).id;
    return typeof id === 'string' && deviceIdPattern.test(id) ? id : null;
  }

  function newPairingCode(
    deviceId: string,
    now: number,
  ): { digits: string; record: PairingCodeRecord } {
    const digits = newCodeDigits();
    return {
      digits,
      record: {
        codeHash: codeHash(digits),
        deviceId,
        createdAt: now,
        expiresAt: now + PAIRING_CODE_TTL_MS,
        usedAt: null,
      },
    };
  }

  function shownCode(digits: string, record: PairingCodeRecord): PairingCode {
    return {
      code: formatPairingCode(digits),
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
    };
  }

  function liveSockets(deviceId: string) {
    if (io === null) return [];
    return [...io.of('/').sockets.values()].filter(
      (socket) => socket.data.actor.kind === 'device' && socket.data.actor.deviceId === deviceId,
    );
  }

  /** Sends the new configuration to the device's sockets and updates their window. */
  function pushConfig(device: DeviceRecord): void {
    const config = deviceConfigOf(device, hall.state.config);
    for (const socket of liveSockets(device.deviceId)) {
      const { actor } = socket.data;
      if (actor.kind === 'device') {
        socket.data.actor = {
          ...actor,
          windowId: config.windowId === null ? null : toWindowId(config.windowId),
        };
      }
      socket.emit('device:config', config);
    }
  }

  /** Cuts the device's sockets, except those connected with `keepTokenHash`. */
  function disconnect(deviceId: string, keepTokenHash: string | null = null): void {
    for (const socket of liveSockets(deviceId)) {
      if (keepTokenHash === null || socket.data.tokenHash !== keepTokenHash) {
        socket.disconnect(true);
      }
    }
  }

  function audit(actor: Actor, command: string, payload: unknown): AuditEntry {
    return { at: clock(), actor: actorLabel(actor), command, payload, outcome: 'ok' };
  }

  app.get('/api/v1/devices', async (request, reply) => {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    if (!(await allowed(actor, reply, 'device.list', ['admin', 'manager'], {}))) return reply;
    const now = clock();
    const [devices, codes] = await Promise.all([store.listDevices(), store.livePairingCodes(now)]);
    return reply.send({ data: devices.map((d) => summaryOf(d, codes.get(d.deviceId))) });
  });

  app.post('/api/v1/devices', async (request, reply) => {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    const body = request.body ?? {};
    if (!(await allowed(actor, reply, 'device.create', ['admin'], {}))) return reply;
    const parsed = createDeviceSchema.safeParse(body);
    if (!parsed.success) return sendError(reply, invalid([describeIssues(parsed.error)]));
    const { name, role, windowId, pin } = parsed.data;
    const requested = requestedBinding(parsed.data.binding);
    if (!requested.ok) return sendError(reply, invalid([requested.problem]));
    const resolved = await resolveBinding(
      hall.state.config,
      role,
      windowId,
      requested.binding,
      pin,
      null,
    );
    if (!resolved.ok) return sendError(reply, invalid(resolved.problems));
    return exclusive(async () => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const now = clock();
        const device: DeviceRecord = {
          deviceId: `${role}-${randomBytes(4).toString('hex')}`,
          name,
          role,
          windowId,
          binding: resolved.binding,
          tokenHash: null,
          revoked: false,
          createdAt: now,
          updatedAt: now,
          version: 1,
          pairedAt: null,
          lastSeenAt: null,
          clientInfo: null,
        };
        const { digits, record } = newPairingCode(device.deviceId, now);
        const created = await store.createDevice(
          device,
          record,
          audit(actor, 'device.create', {
            deviceId: device.deviceId,
            name,
            role,
            windowId,
            binding: withoutPinHash(resolved.binding),
            pinSet: pin !== undefined,
            codeExpiresAt: record.expiresAt,
          }),
        );
        if (created) {
          return reply.code(201).send({
            data: { device: summaryOf(device, record), pairing: shownCode(digits, record) },
          });
        }
      }
      return sendError(reply, { code: 'internal', message: 'Could not make a free device id.' });
    });
  });

  app.patch('/api/v1/devices/:id', async (request, reply) => {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    const id = deviceIdParam(request);
    if (!(await allowed(actor, reply, 'device.update', ['admin'], { deviceId: id }))) return reply;
    if (id === null) return sendError(reply, { code: 'not_found', message: 'No such device.' });
    const parsed = updateDeviceSchema.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, invalid([describeIssues(parsed.error)]));
    const change = parsed.data;
    let requested: Record<string, unknown> | null = null;
    if (change.binding !== undefined) {
      const checked = requestedBinding(change.binding);
      if (!checked.ok) return sendError(reply, invalid([checked.problem]));
      requested = checked.binding;
    }
    return exclusive(async () => {
      const device = await store.findDevice(id);
      if (device === null)
        return sendError(reply, { code: 'not_found', message: `No device ${id}.` });
      if (device.revoked) {
        return sendError(reply, {
          code: 'wrong_state',
          message: `Device ${id} is revoked; register the hardware as a new device.`,
        });
      }
      const role = roleOf(device);
      const windowId = change.windowId === undefined ? device.windowId : change.windowId;
      const previousPinHash = pinHashOf(device.binding);
      const resolved = await resolveBinding(
        hall.state.config,
        role,
        windowId,
        requested ?? withoutPinHash(device.binding),
        change.pin,
        previousPinHash,
      );
      if (!resolved.ok) return sendError(reply, invalid(resolved.problems));
      const name = change.name ?? device.name;
      const updated = await store.updateDevice(
        { deviceId: id, name, windowId, binding: resolved.binding, at: clock() },
        audit(actor, 'device.update', {
          deviceId: id,
          ...(change.name === undefined ? {} : { name }),
          ...(change.windowId === undefined ? {} : { windowId }),
          ...(change.binding === undefined ? {} : { binding: withoutPinHash(resolved.binding) }),
          ...(change.pin === undefined ? {} : { pinSet: true }),
        }),
      );
      if (updated === null)
        return sendError(reply, { code: 'not_found', message: `No device ${id}.` });
      pushConfig(updated);
      const codes = await store.livePairingCodes(clock());
      return reply.send({ data: { device: summaryOf(updated, codes.get(id)) } });
    });
  });

  app.post('/api/v1/devices/:id/pairing-code', async (request, reply) => {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    const id = deviceIdParam(request);
    if (!(await allowed(actor, reply, 'device.pairing_code', ['admin'], { deviceId: id })))
      return reply;
    if (id === null) return sendError(reply, { code: 'not_found', message: 'No such device.' });
    return exclusive(async () => {
      const device = await store.findDevice(id);
      if (device === null)
        return sendError(reply, { code: 'not_found', message: `No device ${id}.` });
      if (device.revoked) {
        return sendError(reply, {
          code: 'wrong_state',
          message: `Device ${id} is revoked; register the hardware as a new device.`,
        });
      }
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const { digits, record } = newPairingCode(id, clock());
        const stored = await store.createPairingCode(
          record,
          audit(actor, 'device.pairing_code', { deviceId: id, expiresAt: record.expiresAt }),
        );
        if (stored) return reply.code(201).send({ data: { pairing: shownCode(digits, record) } });
      }
      return sendError(reply, { code: 'internal', message: 'Could not make a free code.' });
    });
  });

  app.post('/api/v1/devices/:id/revoke', async (request, reply) => {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    const id = deviceIdParam(request);
    if (!(await allowed(actor, reply, 'device.revoke', ['admin'], { deviceId: id }))) return reply;
    if (id === null) return sendError(reply, { code: 'not_found', message: 'No such device.' });
    return exclusive(async () => {
      const device = await store.findDevice(id);
      if (device === null)
        return sendError(reply, { code: 'not_found', message: `No device ${id}.` });
      // Revoking twice is answered like the first time (a retried request), changing nothing.
      const revoked = device.revoked
        ? device
        : await store.revokeDevice(id, clock(), audit(actor, 'device.revoke', { deviceId: id }));
      if (revoked === null)
        return sendError(reply, { code: 'not_found', message: `No device ${id}.` });
      disconnect(id);
      return reply.send({ data: { device: summaryOf(revoked, undefined) } });
    });
  });

  app.post('/api/v1/pair', async (request, reply) => {
    const address = request.ip;
    const waitMs = limiter.blockedFor(address, clock());
    if (waitMs > 0) {
      const retryAfterSec = Math.ceil(waitMs / 1000);
      return sendError(reply.header('retry-after', String(retryAfterSec)), {
        code: 'too_many_attempts',
        message: `Too many wrong pairing codes from this address; try again in ${Math.ceil(retryAfterSec / 60)} min.`,
        details: { retryAfterSec },
      });
    }
    const parsed = pairRequestSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return sendError(reply, {
        code: 'validation',
        message: `Invalid pairing request: ${describeIssues(parsed.error)}`,
      });
    }
    const { code, client } = parsed.data;
    const token = newToken();
    const tokenHash = hashToken(token);
    const result = await exclusive(() =>
      store.redeemPairingCode({
        codeHash: codeHash(code),
        at: clock(),
        tokenHash,
        clientInfo: { ...client },
        audit: { at: clock(), command: 'device.pair', payload: { client, address }, outcome: 'ok' },
      }),
    );
    if (!result.ok) {
      const now = clock();
      limiter.fail(address, now);
      const error: DomainError =
        result.reason === 'unknown'
          ? {
              code: 'pairing_code_invalid',
              message: 'No such pairing code. Check the digits, or ask the admin for a new code.',
            }
          : {
              code: 'pairing_code_expired',
              message:
                result.reason === 'used'
                  ? 'This pairing code was already used. Ask the admin for a new code.'
                  : 'This pairing code has expired (codes live 15 minutes). Ask the admin for a new code.',
            };
      await store.audit({
        at: now,
        actor: 'anonymous',
        command: 'device.pair',
        payload: { client, address },
        outcome: error.code,
      });
      return sendError(reply, error);
    }
    // The previous token of the device stopped working: cut the sockets that used it.
    disconnect(result.device.deviceId, tokenHash);
    const data: PairReply = { token, config: deviceConfigOf(result.device, hall.state.config) };
    return reply.send({ data });
  });

  app.get('/api/v1/device', async (request, reply) => {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    if (actor.kind !== 'device') {
      return sendError(
        reply,
        actor.kind === 'anonymous'
          ? { code: 'unauthenticated', message: 'Use the device token the pairing gave.' }
          : { code: 'forbidden', message: 'Only a paired device reads its configuration.' },
      );
    }
    const now = clock();
    const device = await store.findDevice(actor.deviceId);
    if (device === null || device.revoked) {
      return sendError(reply, { code: 'unauthenticated', message: 'This device was revoked.' });
    }
    if (device.lastSeenAt === null || now - device.lastSeenAt >= SEEN_WRITE_MS) {
      await store.touchDevice(device.deviceId, now);
    }
    return reply.send({ data: deviceConfigOf(device, hall.state.config) });
  });

  return {
    attach: (server) => {
      io = server;
    },
  };
}
