/**
 * Device administration and pairing against the real server: the admin registers devices with
 * role-checked bindings, a hall client pairs with the code once and within 15 minutes, its
 * token works over REST and Socket.IO, a change reaches its socket as `device:config`, a
 * revoke cuts it off at once, and every change leaves an audit row.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  DeviceConfig,
  DeviceSummary,
  DomainError,
  PairingCode,
  PairReply,
  SessionInfo,
} from '@hallq/shared';
import {
  api,
  auditRows,
  command,
  connectClient,
  createDeviceToken,
  login,
  loginAdmin,
  loginClerk,
  syncRequest,
  useTestHall,
  waitFor,
  type ApiResponse,
  type HallClient,
} from '../support/hall.ts';

const hall = useTestHall();
let admin: string;
beforeEach(async () => {
  admin = await loginAdmin(hall.url);
});

const MIN = 60_000;

interface Created {
  readonly device: DeviceSummary;
  readonly pairing: PairingCode;
}
type Reply<T> = { readonly data: T } & { readonly error?: DomainError };
type Refusal = { readonly error: DomainError & { details?: { problems?: string[] } } };

/** `null` calls anonymously; the default is the admin. */
type Caller = string | null;

function as(token: Caller | undefined): { token?: string } {
  const chosen = token === undefined ? admin : token;
  return chosen === null ? {} : { token: chosen };
}

function create(body: unknown, token?: Caller) {
  return api<Reply<Created> & Refusal>(hall.url, 'POST', '/api/v1/devices', {
    ...as(token),
    body,
  });
}

async function createOk(body: unknown): Promise<Created> {
  const response = await create(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
}

function pair(code: string, client?: unknown) {
  return api<Reply<PairReply> & Refusal>(hall.url, 'POST', '/api/v1/pair', {
    body: client === undefined ? { code } : { code, client },
  });
}

async function pairOk(code: string): Promise<PairReply> {
  const response = await pair(code, {
    hostname: 'hall-pc-01',
    platform: 'linux',
    version: '0.1.0',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data;
}

function patch(id: string, body: unknown, token?: Caller) {
  return api<Reply<{ device: DeviceSummary }> & Refusal>(
    hall.url,
    'PATCH',
    `/api/v1/devices/${id}`,
    { ...as(token), body },
  );
}

function post(path: string, token?: Caller) {
  return api<Reply<{ device: DeviceSummary; pairing: PairingCode }> & Refusal>(
    hall.url,
    'POST',
    path,
    { ...as(token), body: {} },
  );
}

function deviceConfig(token?: string): Promise<ApiResponse<Reply<DeviceConfig> & Refusal>> {
  return api(hall.url, 'GET', '/api/v1/device', token === undefined ? {} : { token });
}

async function list(token = admin): Promise<DeviceSummary[]> {
  const response = await api<Reply<DeviceSummary[]>>(hall.url, 'GET', '/api/v1/devices', {
    token,
  });
  expect(response.status).toBe(200);
  return response.body.data;
}

/** Everything device admin may change, read from the store (tokens included). */
async function deviceState(): Promise<string> {
  const { store } = hall.server;
  return JSON.stringify({
    devices: await store.listDevices(),
    codes: [...(await store.livePairingCodes(hall.now()))],
  });
}

function deviceAudit() {
  return auditRows(hall.dataDir).filter((row) => row.command.startsWith('device.'));
}

/** Resolves with the reason when the server disconnects the socket. */
function disconnected(socket: HallClient): Promise<string> {
  return new Promise((resolve) => {
    socket.once('disconnect', (reason) => {
      resolve(reason);
    });
  });
}

const sockets: HallClient[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

/** Connects with a device token and waits for the server's session:ready. */
function connectDevice(token: string): Promise<{ socket: HallClient; session: SessionInfo }> {
  const socket: HallClient = io(hall.url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('session:ready', (session) => {
      resolve({ socket, session });
    });
    socket.once('connect_error', reject);
  });
}

const KIOSK = {
  name: '一楼取号机 1',
  role: 'kiosk',
  binding: { printerUrl: 'tcp://192.168.1.50:9100', paper: 58 },
  pin: '246810',
} as const;

describe('registering devices', () => {
  it('creates a kiosk with a hashed PIN and a pairing code, never showing secrets', async () => {
    const { device, pairing } = await createOk(KIOSK);
    expect(device).toMatchObject({
      name: '一楼取号机 1',
      role: 'kiosk',
      windowId: null,
      hasPin: true,
      version: 1,
      createdAt: hall.now(),
      pairedAt: null,
      lastSeenAt: null,
      client: null,
      revoked: false,
      pairing: { createdAt: hall.now(), expiresAt: hall.now() + 15 * MIN },
      binding: {
        printerUrl: 'tcp://192.168.1.50:9100',
        paper: 58,
        printMaterials: false,
        lockdown: { pinHash: null, fullscreen: true, hideCursor: true, autostart: true },
      },
    });
    expect(device.deviceId).toMatch(/^kiosk-[0-9a-f]{8}$/);
    expect(pairing.code).toMatch(/^\d{4}-\d{4}$/);
    expect(pairing).toMatchObject({ createdAt: hall.now(), expiresAt: hall.now() + 15 * MIN });
    expect(JSON.stringify(device)).not.toMatch(/token|scrypt/i);

    // The database holds the PIN as scrypt$<salt b64>$<hash b64> (N=16384, r=8, p=1, 32 bytes)
    // and the code only as a keyed hash.
    const stored = await hall.server.store.findDevice(device.deviceId);
    const pinHash = (stored?.binding.lockdown as { pinHash: string }).pinHash;
    const [scheme, salt = '', hash = ''] = pinHash.split('$');
    expect(scheme).toBe('scrypt');
    const expected = Buffer.from(hash, 'base64');
    expect(expected).toHaveLength(32);
    const again = scryptSync('246810', Buffer.from(salt, 'base64'), 32, { N: 16384, r: 8, p: 1 });
    expect(timingSafeEqual(again, expected)).toBe(true);
    const code = (await hall.server.store.livePairingCodes(hall.now())).get(device.deviceId);
    expect(code?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(code?.codeHash).not.toContain(pairing.code.replace('-', ''));

    expect(await list()).toEqual([device]);
  });

  it('creates each role with its defaults', async () => {
    const display = await createOk({
      name: '5号窗口屏',
      role: 'display',
      binding: { screen: 'window:5', audio: 'zone:A' },
      pin: '1234',
    });
    expect(display.device).toMatchObject({
      windowId: null,
      binding: { screen: 'window:5', audio: 'zone:A', monitor: { index: 0 } },
    });
    const counter = await createOk({ name: '5号窗口终端', role: 'counter', windowId: 5 });
    expect(counter.device).toMatchObject({
      windowId: 5,
      hasPin: false,
      binding: { keypad: { kind: 'keyboard' }, fullscreen: false },
    });
    const rating = await createOk({ name: '5号评价器', role: 'rating', windowId: 5 });
    expect(rating.device).toMatchObject({ windowId: 5, binding: { lockdown: { pinHash: null } } });
    expect((await list()).map((d) => d.role)).toEqual(['display', 'counter', 'rating']);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'kiosk with a web printer',
      { role: 'kiosk', binding: { printerUrl: 'http://x' } },
      /binding\.printerUrl: printer URL must be tcp/,
    ],
    ['kiosk with paper 70', { role: 'kiosk', binding: { paper: 70 } }, /binding\.paper/],
    ['kiosk at a window', { role: 'kiosk', windowId: 5 }, /windowId: a kiosk has no window/],
    [
      'kiosk with an unknown field',
      { role: 'kiosk', binding: { printer: 'x' } },
      /binding\.binding: Unrecognized key|printer/,
    ],
    [
      'kiosk with a PIN hash',
      { role: 'kiosk', binding: { lockdown: { pinHash: 'scrypt$a$b' } } },
      /set the exit PIN with "pin"/,
    ],
    [
      'display of a missing zone',
      { role: 'display', binding: { screen: 'zone:Z' } },
      /binding\.screen: this hall has no zone Z/,
    ],
    [
      'display of a missing window',
      { role: 'display', binding: { screen: 'window:500' } },
      /no window 500/,
    ],
    [
      'display with a bad screen',
      { role: 'display', binding: { screen: 'floor:1' } },
      /binding\.screen: screen must be hall/,
    ],
    [
      'display with a bad audio zone',
      { role: 'display', binding: { audio: 'loud' } },
      /binding\.audio: audio must be/,
    ],
    ['display at a window', { role: 'display', windowId: 5 }, /binding\.screen "window:N"/],
    [
      'counter without a window',
      { role: 'counter' },
      /windowId: a counter device belongs to one window/,
    ],
    [
      'counter at a missing window',
      { role: 'counter', windowId: 999 },
      /windowId: this hall has no window 999/,
    ],
    [
      'counter with a PIN',
      { role: 'counter', windowId: 5, pin: '1234' },
      /pin: a counter device has no lockdown/,
    ],
    [
      'counter with a bad keypad',
      { role: 'counter', windowId: 5, binding: { keypad: { kind: 'hid' } } },
      /binding\.keypad/,
    ],
    [
      'rating without a window',
      { role: 'rating' },
      /windowId: a rating device belongs to one window/,
    ],
    ['a 3-digit PIN', { role: 'kiosk', pin: '123' }, /PIN must be 4–12 digits/],
    ['an unknown role', { role: 'printer' }, /role/],
    ['no name', { role: 'kiosk', name: '' }, /name/],
  ])('refuses %s with a clear problem and changes nothing', async (_what, fields, problem) => {
    const before = await deviceState();
    const response = await create({ name: '设备', ...fields });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation');
    expect(response.body.error.message).toMatch(problem);
    expect(response.body.error.details?.problems?.join('\n')).toMatch(problem);
    expect(await deviceState()).toBe(before);
  });

  it('refuses anonymous, clerk, manager and device callers for every change', async () => {
    const { device } = await createOk(KIOSK);
    const clerk = await loginClerk(hall.url, 5);
    const manager = await login(hall.url, 'manager', 'demo-admin');
    const deviceToken = await createDeviceToken(hall.server, 'counter', 5);
    const before = await deviceState();
    const auditBefore = deviceAudit().length;
    const callers: [string, Caller, number][] = [
      ['anonymous', null, 401],
      ['clerk', clerk, 403],
      ['manager', manager, 403],
      ['device', deviceToken, 403],
    ];
    for (const [who, token, status] of callers) {
      const attempts = [
        await create(KIOSK, token),
        await patch(device.deviceId, { name: 'x' }, token),
        await post(`/api/v1/devices/${device.deviceId}/pairing-code`, token),
        await post(`/api/v1/devices/${device.deviceId}/revoke`, token),
      ];
      expect(
        attempts.map((r) => r.status),
        who,
      ).toEqual([status, status, status, status]);
      for (const attempt of attempts) {
        expect(attempt.body.error.code).toBe(status === 401 ? 'unauthenticated' : 'forbidden');
      }
    }
    expect(await deviceState()).toBe(before);
    // The refusals of signed-in callers are audited; nothing else was.
    const refusals = deviceAudit().slice(auditBefore);
    expect(refusals).toHaveLength(12);
    expect(new Set(refusals.map((r) => r.outcome))).toEqual(new Set(['forbidden']));

    // Managers may see the list; clerks and devices may not.
    expect((await list(manager)).map((d) => d.deviceId)).toContain(device.deviceId);
    for (const token of [clerk, deviceToken]) {
      const response = await api(hall.url, 'GET', '/api/v1/devices', { token });
      expect(response.status).toBe(403);
    }
    expect((await api(hall.url, 'GET', '/api/v1/devices')).status).toBe(401);
  });
});

describe('pairing', () => {
  it('gives a token that works over REST and Socket.IO, once per code', async () => {
    const { device, pairing } = await createOk(KIOSK);
    hall.advance(5 * MIN);
    const paired = await pairOk(pairing.code);
    expect(paired.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(paired.config).toMatchObject({
      deviceId: device.deviceId,
      name: '一楼取号机 1',
      role: 'kiosk',
      windowId: null,
      version: 2,
      hallName: '玉山县行政服务中心',
      binding: { printerUrl: 'tcp://192.168.1.50:9100', paper: 58 },
    });
    // The device gets its PIN hash to check the exit PIN offline.
    expect(
      (paired.config.binding as { lockdown: { pinHash: string | null } }).lockdown.pinHash,
    ).toMatch(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);

    const config = await deviceConfig(paired.token);
    expect(config.status).toBe(200);
    expect(config.body.data).toEqual(paired.config);

    const { socket, session } = await connectDevice(paired.token);
    expect(session).toEqual({ actor: `device:${device.deviceId}`, role: 'kiosk', windowId: null });
    const issued = await command(socket, 'ticket:issue', {
      serviceId: 'bdc-transfer',
      idempotencyKey: 'devices-test-1',
    });
    expect(issued.ok).toBe(true);

    const listed = (await list()).find((d) => d.deviceId === device.deviceId);
    expect(listed).toMatchObject({
      pairedAt: hall.now(),
      lastSeenAt: hall.now(),
      client: { hostname: 'hall-pc-01', platform: 'linux', version: '0.1.0' },
      pairing: null,
      version: 2,
    });

    const reused = await pair(pairing.code);
    expect(reused.status).toBe(410);
    expect(reused.body.error).toMatchObject({
      code: 'pairing_code_expired',
      message: expect.stringMatching(/already used/) as string,
    });
    // The refused reuse did not touch the paired device.
    expect((await deviceConfig(paired.token)).status).toBe(200);
  });

  it('accepts the code with spaces or without its dash, and refuses a wrong one', async () => {
    const { pairing } = await createOk(KIOSK);
    const wrongDigits = pairing.code.startsWith('0') ? '1' : '0';
    const wrong = await pair(`${wrongDigits}${pairing.code.slice(1)}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('pairing_code_invalid');
    const malformed = await pair('12345');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/8 digits/) as string,
    });
    const spaced = pairing.code.replace('-', ' ');
    expect((await pair(spaced)).status).toBe(200);
  });

  it('refuses a code after 15 minutes of the hall clock', async () => {
    const { device, pairing } = await createOk(KIOSK);
    hall.advance(15 * MIN);
    const late = await pair(pairing.code);
    expect(late.status).toBe(410);
    expect(late.body.error).toMatchObject({
      code: 'pairing_code_expired',
      message: expect.stringMatching(/expired/) as string,
    });
    expect((await hall.server.store.findDevice(device.deviceId))?.tokenHash).toBeNull();
    expect((await list())[0]?.pairing).toBeNull();
    // A fresh code works.
    const fresh = await post(`/api/v1/devices/${device.deviceId}/pairing-code`);
    expect(fresh.status).toBe(201);
    expect(fresh.body.data.pairing.expiresAt).toBe(hall.now() + 15 * MIN);
    await pairOk(fresh.body.data.pairing.code);
  });

  it('limits wrong codes to 10 per address in 10 minutes (429), then lets it try again', async () => {
    const { pairing } = await createOk(KIOSK);
    const digits = pairing.code.replace('-', '');
    const wrong = String((Number(digits) + 1) % 100_000_000).padStart(8, '0');
    for (let i = 0; i < 10; i += 1) {
      hall.advance(1000);
      expect((await pair(wrong)).status).toBe(400);
    }
    // Blocked now, even with the right code.
    const blocked = await pair(pairing.code);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    hall.advance(10 * MIN - 10_000);
    expect((await pair(pairing.code)).status).toBe(429);
    // Once the first failure is 10 minutes old, one attempt is free again.
    hall.advance(1000);
    expect((await pair(pairing.code)).status).toBe(200);
  });

  it('re-pairing replaces the token: the old one answers 401 and its socket is cut', async () => {
    const { device, pairing } = await createOk(KIOSK);
    const first = await pairOk(pairing.code);
    const { socket } = await connectDevice(first.token);
    const cut = disconnected(socket);

    const older = await post(`/api/v1/devices/${device.deviceId}/pairing-code`);
    const newer = await post(`/api/v1/devices/${device.deviceId}/pairing-code`);
    expect([older.status, newer.status]).toEqual([201, 201]);
    // The newer code replaced the older, unused one.
    expect((await pair(older.body.data.pairing.code)).body.error.code).toBe('pairing_code_invalid');
    // A new code alone does not end the paired device's session.
    expect((await deviceConfig(first.token)).status).toBe(200);

    const second = await pairOk(newer.body.data.pairing.code);
    expect(second.token).not.toBe(first.token);
    expect(second.config.version).toBe(first.config.version + 1);
    expect(await cut).toBe('io server disconnect');
    expect((await deviceConfig(first.token)).status).toBe(401);
    await expect(connectClient(hall.url, first.token)).rejects.toThrow(/unauthenticated/);
    expect((await deviceConfig(second.token)).status).toBe(200);
    const { session } = await connectDevice(second.token);
    expect(session.actor).toBe(`device:${device.deviceId}`);
  });
});

describe('changes and revocation', () => {
  it('PATCH raises the version and pushes device:config to the connected device', async () => {
    const { device, pairing } = await createOk({
      name: '大厅综合屏',
      role: 'display',
      binding: { screen: 'hall' },
      pin: '8642',
    });
    const { token } = await pairOk(pairing.code);
    const { socket } = await connectDevice(token);
    // A resync changes the socket's rooms; its device room stays.
    expect((await syncRequest(socket, { after: 0, rooms: ['zone:A'] })).ok).toBe(true);
    const pushed: DeviceConfig[] = [];
    socket.on('device:config', (config) => pushed.push(config));

    const changed = await patch(device.deviceId, {
      name: 'A区专区屏',
      binding: { screen: 'zone:A', audio: 'zone:A', monitor: { index: 1 } },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.data.device).toMatchObject({
      name: 'A区专区屏',
      version: 3,
      hasPin: true,
      binding: { screen: 'zone:A', audio: 'zone:A', monitor: { index: 1 } },
    });
    await waitFor(() => pushed.length === 1, 5000, 'device:config');
    expect(pushed[0]).toMatchObject({
      deviceId: device.deviceId,
      name: 'A区专区屏',
      version: 3,
      binding: { screen: 'zone:A', audio: 'zone:A' },
    });
    // The PIN set at creation is kept through a binding change.
    const keptPin = (pushed[0]?.binding as { lockdown: { pinHash: string | null } }).lockdown;
    expect(keptPin.pinHash).toMatch(/^scrypt\$/);
    expect((await deviceConfig(token)).body.data).toEqual(pushed[0]);

    // An invalid change is refused whole: no version, no push.
    const bad = await patch(device.deviceId, { name: '新名字', binding: { screen: 'zone:Q' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/no zone Q/);
    expect((await deviceConfig(token)).body.data.version).toBe(3);
    expect((await deviceConfig(token)).body.data.name).toBe('A区专区屏');

    // A new PIN replaces the hash.
    expect((await patch(device.deviceId, { pin: '97531' })).status).toBe(200);
    await waitFor(() => pushed.length === 2, 5000, 'second device:config');
    const newPin = (pushed[1]?.binding as { lockdown: { pinHash: string } }).lockdown.pinHash;
    expect(newPin).not.toBe(keptPin.pinHash);
    expect(pushed[1]?.version).toBe(4);
  });

  it('moves a counter device to another window, live', async () => {
    const { device, pairing } = await createOk({ name: '窗口终端', role: 'counter', windowId: 5 });
    const { token } = await pairOk(pairing.code);
    const { socket } = await connectDevice(token);
    const refused = await command(socket, 'window:open', { windowId: 7 });
    expect(refused.ok ? null : refused.error.code).toBe('not_your_window');

    const moved = await patch(device.deviceId, { windowId: 7 });
    expect(moved.status).toBe(200);
    const opened = await command(socket, 'window:open', { windowId: 7 });
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    const wrongWindow = await patch(device.deviceId, { windowId: null });
    expect(wrongWindow.body.error.message).toMatch(/counter device belongs to one window/);
  });

  it('revoke answers 401 to the token and disconnects its sockets at once', async () => {
    const { device, pairing } = await createOk(KIOSK);
    const { token } = await pairOk(pairing.code);
    const first = await connectDevice(token);
    const second = await connectDevice(token);
    const cuts = [disconnected(first.socket), disconnected(second.socket)];
    const spare = await post(`/api/v1/devices/${device.deviceId}/pairing-code`);

    const revoked = await post(`/api/v1/devices/${device.deviceId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.device).toMatchObject({ revoked: true, pairing: null, version: 3 });
    expect(await Promise.all(cuts)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await deviceConfig(token)).status).toBe(401);
    await expect(connectClient(hall.url, token)).rejects.toThrow(/unauthenticated/);
    // Its unused code died with it; it cannot be changed or given a new code.
    expect((await pair(spare.body.data.pairing.code)).body.error.code).toBe('pairing_code_invalid');
    expect((await patch(device.deviceId, { name: 'x' })).status).toBe(409);
    expect((await post(`/api/v1/devices/${device.deviceId}/pairing-code`)).status).toBe(409);
    // Revoking again answers the same and changes nothing.
    const before = await deviceState();
    const again = await post(`/api/v1/devices/${device.deviceId}/revoke`);
    expect(again.status).toBe(200);
    expect(again.body.data.device.version).toBe(3);
    expect(await deviceState()).toBe(before);
    expect((await list())[0]).toMatchObject({ revoked: true });
  });

  it('answers 404 for unknown devices', async () => {
    expect((await patch('kiosk-00000000', { name: 'x' })).status).toBe(404);
    expect((await post('/api/v1/devices/nope/revoke')).status).toBe(404);
    expect((await post('/api/v1/devices/bad%20id/pairing-code')).status).toBe(404);
  });
});

describe('GET /api/v1/device and the audit trail', () => {
  it('serves the device its configuration only, and records when it was seen', async () => {
    expect((await deviceConfig()).status).toBe(401);
    expect((await deviceConfig(admin)).status).toBe(403);
    expect((await deviceConfig('not-a-token')).status).toBe(401);
    // A device written by a tool (no pairing) is served too.
    const token = await createDeviceToken(hall.server, 'rating', 5, 'rating-w5');
    hall.advance(MIN);
    const config = await deviceConfig(token);
    expect(config.status).toBe(200);
    expect(config.body.data).toMatchObject({
      deviceId: 'rating-w5',
      role: 'rating',
      windowId: 5,
      binding: { monitor: { index: 0 }, lockdown: { pinHash: null } },
    });
    const seenAt = hall.now();
    expect((await list()).find((d) => d.deviceId === 'rating-w5')?.lastSeenAt).toBe(seenAt);
    // Polls within a minute are served without a write; a later one moves the time on.
    hall.advance(30_000);
    expect((await deviceConfig(token)).status).toBe(200);
    expect((await list()).find((d) => d.deviceId === 'rating-w5')?.lastSeenAt).toBe(seenAt);
    hall.advance(30_000);
    await deviceConfig(token);
    expect((await list()).find((d) => d.deviceId === 'rating-w5')?.lastSeenAt).toBe(hall.now());
  });

  it('writes an audit row for every change, without PINs, codes or tokens', async () => {
    const { device, pairing } = await createOk(KIOSK);
    await pair('0000-0000');
    const { token } = await pairOk(pairing.code);
    await patch(device.deviceId, { binding: { paper: 80 }, pin: '13579' });
    const code = await post(`/api/v1/devices/${device.deviceId}/pairing-code`);
    await post(`/api/v1/devices/${device.deviceId}/revoke`);

    const rows = deviceAudit();
    expect(rows.map((r) => [r.actor, r.command, r.outcome])).toEqual([
      ['staff:admin', 'device.create', 'ok'],
      ['anonymous', 'device.pair', 'pairing_code_invalid'],
      [`device:${device.deviceId}`, 'device.pair', 'ok'],
      ['staff:admin', 'device.update', 'ok'],
      ['staff:admin', 'device.pairing_code', 'ok'],
      ['staff:admin', 'device.revoke', 'ok'],
    ]);
    expect(rows.every((r) => r.at === hall.now())).toBe(true);
    expect(JSON.parse(rows[0]?.payload ?? '{}')).toMatchObject({
      deviceId: device.deviceId,
      role: 'kiosk',
      pinSet: true,
      binding: { lockdown: { pinHash: null } },
    });
    expect(JSON.parse(rows[3]?.payload ?? '{}')).toMatchObject({
      deviceId: device.deviceId,
      binding: { paper: 80 },
      pinSet: true,
    });
    const everything = JSON.stringify(auditRows(hall.dataDir));
    for (const secret of [
      '246810',
      '13579',
      pairing.code.replace('-', ''),
      pairing.code,
      code.body.data.pairing.code,
      token,
      'scrypt$',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
