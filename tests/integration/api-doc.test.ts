/**
 * The public API as documented (brief §6): every path and method in /api/v1/openapi.json
 * is served, every route of brief §6 is documented, and the realtime queue figures reach
 * the screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceQueueStats } from '@hallq/shared';
import {
  api,
  collectEvents,
  connectClient,
  login,
  startTestHall,
  syncRequest,
  waitFor,
  type TestHall,
} from '../support/hall.ts';

interface OpenApiDoc {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

let hall: TestHall;
beforeAll(async () => {
  hall = await startTestHall();
});
afterAll(async () => {
  await hall.close();
});

/** The routes of brief §6 plus the sign-in, as `METHOD /path` with OpenAPI placeholders. */
const BRIEF_ROUTES = [
  'get /api/v1/health',
  'get /api/v1/hall',
  'get /api/v1/queues',
  'post /api/v1/tickets',
  'get /api/v1/tickets/{id}',
  'post /api/v1/windows/{windowId}/{action}',
  'post /api/v1/tickets/{id}/{action}',
  'get /api/v1/events',
  'post /api/v1/auth/login',
  // Device admin and pairing (the hall-client issue).
  'get /api/v1/devices',
  'post /api/v1/devices',
  'patch /api/v1/devices/{id}',
  'post /api/v1/devices/{id}/pairing-code',
  'post /api/v1/devices/{id}/revoke',
  'post /api/v1/pair',
  'get /api/v1/device',
];

describe('OpenAPI document', () => {
  it('documents every route of the brief', async () => {
    const response = await api<OpenApiDoc>(hall.url, 'GET', '/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const documented = Object.entries(response.body.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    for (const route of BRIEF_ROUTES) expect(documented).toContain(route);
  });

  it('serves every documented path and method (no "No route" 404)', async () => {
    const doc = (await api<OpenApiDoc>(hall.url, 'GET', '/api/v1/openapi.json')).body;
    const token = await login(hall.url, 'admin', 'demo-admin');
    const sample: Readonly<Record<string, string>> = {
      id: '20261124-A001',
      windowId: '1',
      action: 'open',
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const concrete = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
          if (name === 'action') return path.startsWith('/api/v1/tickets') ? 'cancel' : 'open';
          return sample[name] ?? 'x';
        });
        const response = await api<{ error?: { code: string; message: string } }>(
          hall.url,
          method.toUpperCase(),
          concrete,
          { token, ...(method === 'post' ? { body: {} } : {}) },
        );
        const noRoute =
          response.status === 404 && /No route/.test(response.body.error?.message ?? '');
        expect(noRoute, `${method} ${concrete}`).toBe(false);
        expect(response.status, `${method} ${concrete}`).toBeLessThan(500);
      }
    }
  });
});

describe('queue figures on the screens', () => {
  it('sends queues:update after a change, with the new waiting count', async () => {
    const screen = await connectClient(hall.url);
    const sync = await syncRequest(screen, { after: 0, rooms: ['hall'] });
    expect(sync.ok).toBe(true);
    const events = collectEvents(screen);
    const updates: (readonly ServiceQueueStats[])[] = [];
    screen.on('queues:update', (stats) => updates.push(stats));
    const before = (await api<{ data: ServiceQueueStats[] }>(hall.url, 'GET', '/api/v1/queues'))
      .body.data;
    const waitingBefore = before.find((s) => s.serviceId === 'invoice')?.waiting ?? 0;
    const issued = await api(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'invoice' },
    });
    expect(issued.status).toBe(201);
    await waitFor(() => events.length > 0, 5000, 'the issue event');
    await waitFor(
      () =>
        updates.some(
          (u) => u.find((s) => s.serviceId === 'invoice')?.waiting === waitingBefore + 1,
        ),
      5000,
      'queues:update with the new ticket',
    );
    const stats = updates.at(-1)?.find((s) => s.serviceId === 'invoice');
    expect(stats).toMatchObject({ zoneId: 'E', issued: expect.any(Number) as number });
    screen.close();
  });
});
