/**
 * The hall client's core against the real hall server: the admin registers a device and gets
 * a pairing code over REST; the client pairs with it (core/pairing), keeps what it received
 * (core/config-store, a real file with a real AES-GCM box), survives a restart, follows
 * configuration changes (core/connection) and goes back to pairing when revoked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceConfig, PairingCode } from '@hallq/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../hall-client/src/core/config-store.ts';
import { Connection, type ConnectionState } from '../../hall-client/src/core/connection.ts';
import { pinHashOf, verifyPin } from '../../hall-client/src/core/lockdown.ts';
import { pair, type PairResult } from '../../hall-client/src/core/pairing.ts';
import { roleUrl } from '../../hall-client/src/core/role-page.ts';
import { aesGcmBox } from '../../hall-client/src/core/secret-box.ts';
import { ManualTimers } from '../../hall-client/src/core/test-support.ts';
import { api, loginAdmin, useTestHall, type RestData } from '../support/hall.ts';

const hall = useTestHall();
const box = aesGcmBox(randomBytes(32));
const client = { hostname: 'kiosk-pc-1', platform: 'linux-x64', version: '0.1.0' };
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hallq-client-it-'));
  file = join(dir, 'hall-client.json');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Created {
  readonly device: { readonly deviceId: string };
  readonly pairing: PairingCode;
}

async function createDevice(
  admin: string,
  body: Record<string, unknown>,
): Promise<{ deviceId: string; code: string }> {
  const response = await api<RestData<Created>>(hall.url, 'POST', '/api/v1/devices', {
    token: admin,
    body,
  });
  if (response.status !== 201) {
    throw new Error(`create device: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return { deviceId: response.body.data.device.deviceId, code: response.body.data.pairing.code };
}

function paired(result: PairResult): Extract<PairResult, { ok: true }> {
  if (!result.ok) throw new Error(`pairing failed: ${result.reason} ${result.detail ?? ''}`);
  return result;
}

function connectionOf(
  serverUrl: string,
  token: string,
  config: DeviceConfig,
): { connection: Connection; states: ConnectionState[]; configs: DeviceConfig[] } {
  const states: ConnectionState[] = [];
  const configs: DeviceConfig[] = [];
  const connection = new Connection({
    serverUrl,
    token,
    configVersion: config.version,
    now: () => hall.now(),
    timers: new ManualTimers(),
    random: () => 0.5,
    onState: (state) => states.push(state),
    onConfig: (next) => configs.push(next),
  });
  return { connection, states, configs };
}

describe('hall client pairing against the real server', () => {
  it('pairs with a code made over REST, keeps token and config across a restart', async () => {
    const admin = await loginAdmin(hall.url);
    const { deviceId, code } = await createDevice(admin, {
      name: '1号取号机',
      role: 'kiosk',
      binding: { printerUrl: 'tcp://192.168.1.50:9100', paper: 58 },
      pin: '2468',
    });
    expect(code).toMatch(/^\d{4}-\d{4}$/);

    // The address as a person types it: host:port without a scheme.
    const typed = hall.url.replace(/^http:\/\//, '');
    const result = paired(await pair({ serverUrl: typed, code, client }));
    expect(result.serverUrl).toBe(hall.url);
    expect(result.config).toMatchObject({
      deviceId,
      name: '1号取号机',
      role: 'kiosk',
      windowId: null,
      binding: { printerUrl: 'tcp://192.168.1.50:9100', paper: 58 },
    });
    expect(roleUrl(result.serverUrl, result.config)).toBe(`${hall.url}/kiosk`);

    // The exit PIN the admin set verifies offline with the client's check (same format).
    const pinHash = pinHashOf(result.config);
    expect(pinHash).toMatch(/^scrypt\$/);
    expect(await verifyPin('2468', pinHash ?? '')).toBe(true);
    expect(await verifyPin('2469', pinHash ?? '')).toBe(false);

    await new ConfigStore({ file, box }).save({
      serverUrl: result.serverUrl,
      deviceId,
      token: result.token,
      config: result.config,
      pairedAt: hall.now(),
    });
    expect(readFileSync(file, 'utf8')).not.toContain(result.token);

    // Restart: a new store on the same file is still paired, and its token works.
    const restarted = await new ConfigStore({ file, box }).load();
    expect(restarted.problem).toBeNull();
    expect(restarted.paired).toMatchObject({ deviceId, token: result.token, serverUrl: hall.url });
    const me = await api<RestData<DeviceConfig>>(hall.url, 'GET', '/api/v1/device', {
      token: restarted.paired?.token ?? '',
    });
    expect(me.status).toBe(200);
    expect(me.body.data).toEqual(result.config);

    // The server lists the device as paired by this client.
    const list = await api<RestData<{ deviceId: string; pairedAt: number | null }[]>>(
      hall.url,
      'GET',
      '/api/v1/devices',
      { token: admin },
    );
    expect(list.body.data.find((d) => d.deviceId === deviceId)?.pairedAt).toBe(hall.now());
  });

  it('refuses a used code, a wrong code and an expired code with typed reasons', async () => {
    const admin = await loginAdmin(hall.url);
    const { code } = await createDevice(admin, { name: '2号叫号屏', role: 'display' });
    paired(await pair({ serverUrl: hall.url, code, client }));
    expect(await pair({ serverUrl: hall.url, code, client })).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    const wrong = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(await pair({ serverUrl: hall.url, code: wrong, client })).toMatchObject({
      ok: false,
      reason: 'invalid_code',
    });
    const late = await createDevice(admin, { name: '3号叫号屏', role: 'display' });
    hall.advance(15 * 60_000 + 1000);
    expect(await pair({ serverUrl: hall.url, code: late.code, client })).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('after 10 wrong codes the address is refused: too_many_attempts', async () => {
    for (let i = 0; i < 10; i += 1) {
      const result = await pair({
        serverUrl: hall.url,
        code: `0000-00${String(i).padStart(2, '0')}`,
        client,
      });
      expect(result).toMatchObject({ ok: false, reason: 'invalid_code' });
    }
    expect(await pair({ serverUrl: hall.url, code: '0000-0099', client })).toMatchObject({
      ok: false,
      reason: 'too_many_attempts',
    });
  });

  it('follows a PATCH of the binding (new version) and goes revoked when the admin revokes', async () => {
    const admin = await loginAdmin(hall.url);
    const { deviceId, code } = await createDevice(admin, {
      name: 'A区叫号屏',
      role: 'display',
      binding: { screen: 'zone:A' },
    });
    const result = paired(await pair({ serverUrl: hall.url, code, client }));
    const store = new ConfigStore({ file, box });
    await store.save({
      serverUrl: result.serverUrl,
      deviceId,
      token: result.token,
      config: result.config,
      pairedAt: hall.now(),
    });
    const { connection, states, configs } = connectionOf(hall.url, result.token, result.config);
    await connection.start();
    expect(connection.state.kind).toBe('online');
    expect(configs).toEqual([]);

    const patched = await api(hall.url, 'PATCH', `/api/v1/devices/${deviceId}`, {
      token: admin,
      body: { binding: { screen: 'zone:B', audio: 'zone:B' } },
    });
    expect(patched.status).toBe(200);
    await connection.checkNow();
    expect(configs).toHaveLength(1);
    const next = configs[0];
    if (next === undefined || next.role !== 'display') throw new Error('no display config');
    expect(next.version).toBeGreaterThan(result.config.version);
    expect(next.binding).toMatchObject({ screen: 'zone:B', audio: 'zone:B' });
    expect(new URL(roleUrl(hall.url, next)).searchParams.get('screen')).toBe('zone:B');
    await store.updateConfig(next);
    expect((await new ConfigStore({ file, box }).load()).paired?.config.version).toBe(next.version);

    // Nothing changed since: the next check brings no new config.
    await connection.checkNow();
    expect(configs).toHaveLength(1);

    const revoked = await api(hall.url, 'POST', `/api/v1/devices/${deviceId}/revoke`, {
      token: admin,
    });
    expect(revoked.status).toBe(200);
    await connection.checkNow();
    expect(connection.state).toEqual({ kind: 'revoked', at: hall.now() });
    expect(states.map((s) => s.kind)).toEqual(['starting', 'online', 'revoked']);
    // The shell then forgets the token and shows the pairing page with the last address.
    await store.clear();
    const after = await new ConfigStore({ file, box }).load();
    expect(after.paired).toBeNull();
    expect(after.lastServerUrl).toBe(hall.url);
    connection.stop();
  });

  it('re-pairing with a new code replaces the token: the old one is revoked for the client', async () => {
    const admin = await loginAdmin(hall.url);
    const { deviceId, code } = await createDevice(admin, {
      name: '5号窗口评价器',
      role: 'rating',
      windowId: 5,
    });
    const first = paired(await pair({ serverUrl: hall.url, code, client }));
    expect(roleUrl(first.serverUrl, first.config)).toBe(`${hall.url}/rate?window=5`);
    const fresh = await api<RestData<{ pairing: PairingCode }>>(
      hall.url,
      'POST',
      `/api/v1/devices/${deviceId}/pairing-code`,
      { token: admin },
    );
    expect(fresh.status).toBe(201);
    const second = paired(
      await pair({ serverUrl: hall.url, code: fresh.body.data.pairing.code, client }),
    );
    expect(second.token).not.toBe(first.token);
    const old = connectionOf(hall.url, first.token, first.config);
    await old.connection.start();
    expect(old.connection.state.kind).toBe('revoked');
    const current = connectionOf(hall.url, second.token, second.config);
    await current.connection.start();
    expect(current.connection.state.kind).toBe('online');
    current.connection.stop();
  });
});
