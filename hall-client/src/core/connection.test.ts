import type { DeviceConfig } from '@hallq/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Connection,
  DEFAULT_BACKOFF,
  backoffDelay,
  type ConnectionOptions,
  type ConnectionState,
} from './connection.ts';
import { ManualTimers, sampleConfig, startTestServer, type TestServer } from './test-support.ts';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, between half and all of it', () => {
    const low = (a: number): number => backoffDelay(a, DEFAULT_BACKOFF, () => 0);
    const high = (a: number): number => backoffDelay(a, DEFAULT_BACKOFF, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(low)).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(high)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 0.5)).toBe(3000);
  });

  it('stays in range for odd inputs', () => {
    expect(backoffDelay(-3, DEFAULT_BACKOFF, () => 2)).toBe(1000);
    expect(backoffDelay(5000, DEFAULT_BACKOFF, () => -1)).toBe(30_000);
  });
});

describe('Connection', () => {
  let server: TestServer;
  let timers: ManualTimers;
  let states: ConnectionState[];
  let configs: DeviceConfig[];
  let now: number;
  const TOKEN = 't'.repeat(43);

  beforeEach(async () => {
    server = await startTestServer();
    timers = new ManualTimers();
    states = [];
    configs = [];
    now = 1_000_000;
  });
  afterEach(async () => {
    await server.close();
  });

  function connection(overrides: Partial<ConnectionOptions> = {}): Connection {
    return new Connection({
      serverUrl: server.url,
      token: TOKEN,
      configVersion: 1,
      now: () => now,
      timers,
      random: () => 0.5,
      refreshMs: 30_000,
      onState: (state) => states.push(state),
      onConfig: (config) => configs.push(config),
      ...overrides,
    });
  }

  const device = (version: number): void => {
    server.answer('GET', '/api/v1/device', {
      status: 200,
      body: { data: sampleConfig('display', { screen: 'zone:A' }, version) },
    });
  };
  const healthy = (ok: boolean): void => {
    server.answer(
      'GET',
      '/api/v1/health',
      ok ? { status: 200, body: { status: 'ok', seq: 1 } } : { status: 503, body: null },
    );
  };

  it('goes online with the device token and re-reads the configuration every refreshMs', async () => {
    device(1);
    const c = connection();
    await c.start();
    expect(c.state).toEqual({ kind: 'online', since: now });
    expect(server.requests.at(-1)).toMatchObject({
      path: '/api/v1/device',
      auth: `Bearer ${TOKEN}`,
    });
    expect(configs).toEqual([]); // same version: nothing new
    expect(timers.delays).toEqual([30_000]);

    device(2);
    timers.fireAll();
    await c.checkNow();
    expect(configs.map((config) => config.version)).toEqual([2]);
    expect(c.configVersion).toBe(2);
    expect(states.map((s) => s.kind)).toEqual(['starting', 'online']);
    c.stop();
    expect(timers.size).toBe(0);
  });

  it('offline: polls health with growing delays, then re-reads the device and goes online', async () => {
    server.answer('GET', '/api/v1/device', { status: 503, body: null });
    healthy(false);
    const c = connection();
    await c.start();
    expect(c.state).toEqual({
      kind: 'offline',
      since: now,
      attempt: 1,
      nextTryAt: now + 750,
      reason: 'device: 503',
    });
    expect(timers.delays).toEqual([750]);

    now += 750;
    timers.fireAll();
    await c.checkNow();
    expect(c.state).toMatchObject({ kind: 'offline', attempt: 2, since: 1_000_000 });
    expect(timers.delays).toEqual([1500]);
    expect(server.requests.at(-1)?.path).toBe('/api/v1/health');
    const deviceCalls = server.requests.filter((r) => r.path === '/api/v1/device').length;
    expect(deviceCalls).toBe(1); // while the server is down, only health is asked

    now += 1500;
    timers.fireAll();
    await c.checkNow();
    expect(timers.delays).toEqual([3000]);

    healthy(true);
    device(3);
    timers.fireAll();
    await c.checkNow();
    expect(c.state).toEqual({ kind: 'online', since: now });
    expect(configs.map((config) => config.version)).toEqual([3]);
    expect(timers.delays).toEqual([30_000]);
    c.stop();
  });

  it('a network error counts as offline and says why', async () => {
    const gone = await startTestServer();
    await gone.close();
    const c = connection({ serverUrl: gone.url });
    await c.start();
    expect(c.state).toMatchObject({ kind: 'offline', attempt: 1 });
    expect(c.state.kind === 'offline' && c.state.reason).toMatch(/^device: fetch failed/);
    c.stop();
  });

  it('a reply that is not a configuration counts as offline', async () => {
    server.answer('GET', '/api/v1/device', { status: 200, body: { data: { role: 'kiosk' } } });
    const c = connection();
    await c.start();
    expect(c.state.kind).toBe('offline');
    expect(c.state.kind === 'offline' && c.state.reason).toMatch(/bad reply/);
    c.stop();
  });

  it('401 is revoked: terminal, no timer left, checks do nothing more', async () => {
    device(1);
    const c = connection();
    await c.start();
    server.answer('GET', '/api/v1/device', {
      status: 401,
      body: { error: { code: 'unauthenticated', message: 'revoked' } },
    });
    timers.fireAll();
    await c.checkNow();
    expect(c.state).toEqual({ kind: 'revoked', at: now });
    expect(timers.size).toBe(0);
    const asked = server.requests.length;
    await c.checkNow();
    c.stop();
    expect(server.requests.length).toBe(asked);
    expect(c.state.kind).toBe('revoked');
    expect(states.map((s) => s.kind)).toEqual(['starting', 'online', 'revoked']);
  });

  it('a check already under way is shared; stop() drops its answer', async () => {
    device(5);
    const c = connection();
    const first = c.start();
    const second = c.checkNow();
    c.stop();
    await Promise.all([first, second]);
    expect(server.requests.length).toBeLessThanOrEqual(1);
    expect(c.state).toEqual({ kind: 'stopped' });
    expect(configs).toEqual([]);
    expect(timers.size).toBe(0);

    // It can start again.
    await c.start();
    expect(c.state.kind).toBe('online');
    expect(configs.map((config) => config.version)).toEqual([5]);
    c.stop();
  });
});
