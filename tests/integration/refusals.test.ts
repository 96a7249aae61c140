/**
 * Refusals change nothing: unauthenticated and unauthorised senders, a clerk acting on
 * another window, and malformed input over REST and Socket.IO all get a typed error
 * (`{ error: { code, message } }` / `{ ok: false, error }`) and leave the sequence, the
 * in-memory state and the stored state exactly as they were.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { DomainError, ErrorCode } from '@hallq/shared';
import { DEMO_CLERK_PASSWORD, demoClerkId } from '@hallq/server';
import {
  api,
  auditRows,
  command,
  connectClient,
  createDeviceToken,
  dbState,
  login,
  loginAdmin,
  loginClerk,
  rawEmit,
  useTestHall,
  type ApiOptions,
  type DbState,
  type HallClient,
  type RestError,
} from '../support/hall.ts';

const A001 = '20261124-A001';
const A002 = '20261124-A002';

const hall = useTestHall();
let clerk1: string;
let clerk2: string;
let before: DbState;

beforeEach(async () => {
  // Two waiting tickets, windows 1 and 2 open, A001 called at window 1.
  for (let i = 0; i < 2; i += 1) {
    const r = await api(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'bdc-transfer' },
    });
    expect(r.status).toBe(201);
  }
  [clerk1, clerk2] = await Promise.all([loginClerk(hall.url, 1), loginClerk(hall.url, 2)]);
  const call = await api(hall.url, 'POST', '/api/v1/windows/1/call-next', { token: clerk1 });
  expect(call.status).toBe(200);
  before = await dbState(hall.server);
  expect(before.seq).toBe(5);
});

/** A REST call that must be refused with `status` and `code`, changing nothing. */
async function refusedRest(
  method: string,
  path: string,
  status: number,
  code: ErrorCode,
  options: ApiOptions = {},
): Promise<DomainError> {
  const r = await api<RestError>(hall.url, method, path, options);
  const shown = `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`;
  expect(r.status, shown).toBe(status);
  expect(r.body, shown).toEqual({ error: expect.objectContaining({ code }) as unknown });
  expect(typeof r.body.error.message, shown).toBe('string');
  expect(r.body.error.message.length, shown).toBeGreaterThan(0);
  expect(Object.keys(r.body)).toEqual(['error']);
  expect(await dbState(hall.server), shown).toEqual(before);
  return r.body.error;
}

/** A socket ack that must be a refusal with `code`, changing nothing. */
async function refusedAck(ack: unknown, code: ErrorCode): Promise<void> {
  const shown = JSON.stringify(ack);
  expect(ack, shown).toEqual({
    ok: false,
    error: expect.objectContaining({ code, message: expect.any(String) as unknown }) as unknown,
  });
  expect(await dbState(hall.server), shown).toEqual(before);
}

describe('unauthenticated', () => {
  it('REST: no token, a bad token or a malformed header → 401', async () => {
    await refusedRest('POST', '/api/v1/windows/1/call-next', 401, 'unauthenticated');
    await refusedRest('POST', `/api/v1/tickets/${A001}/complete`, 401, 'unauthenticated');
    await refusedRest('POST', '/api/v1/day/close', 401, 'unauthenticated');
    await refusedRest('POST', '/api/v1/windows/1/call-next', 401, 'unauthenticated', {
      token: 'not-a-real-token',
    });
    await refusedRest('POST', '/api/v1/windows/1/call-next', 401, 'unauthenticated', {
      token: 'x'.repeat(5000),
    });
    await refusedRest('POST', '/api/v1/windows/1/call-next', 401, 'unauthenticated', {
      headers: { authorization: 'Basic dzAwMTpkZW1v' },
    });
    // A bad token is refused even where anonymous would be allowed (issuing a ticket).
    await refusedRest('POST', '/api/v1/tickets', 401, 'unauthenticated', {
      token: 'forged.token',
      body: { serviceId: 'bdc-transfer' },
    });
    await refusedRest('GET', '/api/v1/events', 401, 'unauthenticated');
    await refusedRest('GET', '/api/v1/auth/me', 401, 'unauthenticated', { token: 'nope' });
    await refusedRest('POST', '/api/v1/auth/logout', 401, 'unauthenticated');
  });

  it('Socket.IO: a bad token cannot connect; an anonymous socket cannot call', async () => {
    const error = await new Promise<Error & { data?: unknown }>((resolve, reject) => {
      const socket = io(hall.url, {
        auth: { token: 'not-a-real-token' },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      socket.on('connect', () => {
        socket.close();
        reject(new Error('connected with a bad token'));
      });
      socket.on('connect_error', (e: Error & { data?: unknown }) => {
        socket.close();
        resolve(e);
      });
    });
    expect(error.message).toBe('unauthenticated');
    expect(error.data).toMatchObject({ code: 'unauthenticated' });
    await expect(connectClient(hall.url, 'y'.repeat(400))).rejects.toThrow('unauthenticated');

    const anonymous = await connectClient(hall.url);
    await refusedAck(
      await command(anonymous, 'window:callNext', { windowId: 1 }),
      'unauthenticated',
    );
    await refusedAck(
      await command(anonymous, 'ticket:complete', { ticketId: A001 }),
      'unauthenticated',
    );
    await refusedAck(await command(anonymous, 'day:close', {}), 'unauthenticated');
  });

  it('an expired session (13 h later) is refused over REST and Socket.IO', async () => {
    const admin = await loginAdmin(hall.url);
    hall.advance(11 * 3600_000);
    const me = await api<{ data: { kind: string } }>(hall.url, 'GET', '/api/v1/auth/me', {
      token: clerk2,
    });
    expect(me.status).toBe(200); // still valid after 11 h
    hall.advance(2 * 3600_000); // 23:00 the same day: no day close in between
    before = await dbState(hall.server);
    await refusedRest('POST', '/api/v1/windows/2/call-next', 401, 'unauthenticated', {
      token: clerk2,
    });
    await refusedRest('POST', `/api/v1/tickets/${A001}/complete`, 401, 'unauthenticated', {
      token: clerk1,
    });
    await refusedRest('GET', '/api/v1/events', 401, 'unauthenticated', { token: admin });
    await expect(connectClient(hall.url, clerk2)).rejects.toThrow('unauthenticated');
    // Signing in again works.
    const fresh = await loginClerk(hall.url, 1);
    const done = await api(hall.url, 'POST', `/api/v1/tickets/${A001}/complete`, { token: fresh });
    expect(done.status).toBe(200);
  });

  it('a wrong password is 401 and audited; the audit keeps going afterwards', async () => {
    const auditBefore = auditRows(hall.dataDir).length;
    const wrong = await api<RestError>(hall.url, 'POST', '/api/v1/auth/login', {
      body: { staffId: 'w001', password: 'wrong' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthenticated');
    const unknown = await api<RestError>(hall.url, 'POST', '/api/v1/auth/login', {
      body: { staffId: 'nobody', password: 'demo' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message); // no account probing
    expect(await dbState(hall.server)).toEqual(before);

    // A clerk acting on another window is audited too; successes keep being recorded.
    await refusedRest('POST', `/api/v1/tickets/${A001}/complete`, 403, 'not_your_window', {
      token: clerk2,
    });
    await login(hall.url, 'guide', DEMO_CLERK_PASSWORD);
    const ok = await api(hall.url, 'POST', `/api/v1/tickets/${A001}/start`, { token: clerk1 });
    expect(ok.status).toBe(200);

    const audit = auditRows(hall.dataDir).slice(auditBefore);
    expect(audit.map((a) => [a.actor, a.command, a.outcome])).toEqual([
      ['staff:w001', 'auth.login', 'unauthenticated'],
      ['staff:nobody', 'auth.login', 'unauthenticated'],
      ['staff:w002', 'ticket.complete', 'not_your_window'],
      ['staff:guide', 'auth.login', 'ok'],
      ['staff:w001', 'ticket.start', 'ok'],
    ]);
    for (const row of audit) expect(row.payload).not.toContain('wrong'); // no passwords
    const ats = audit.map((a) => a.at);
    expect(ats.every((at) => at === hall.now())).toBe(true);
  });
});

describe('wrong role', () => {
  it('devices, admins, guides and clerks may only do their own part', async () => {
    const display = await createDeviceToken(hall.server, 'display');
    const kiosk = await createDeviceToken(hall.server, 'kiosk');
    const counter2 = await createDeviceToken(hall.server, 'counter', 2);
    const admin = await loginAdmin(hall.url);
    const guide = await login(hall.url, 'guide', DEMO_CLERK_PASSWORD);
    before = await dbState(hall.server);

    const callNext = (token: string, status: number, code: ErrorCode): Promise<DomainError> =>
      refusedRest('POST', '/api/v1/windows/1/call-next', status, code, { token });
    await callNext(display, 403, 'forbidden');
    await callNext(kiosk, 403, 'forbidden');
    await callNext(admin, 403, 'forbidden'); // managers run windows but do not call for a clerk
    await callNext(guide, 403, 'forbidden');
    await callNext(counter2, 403, 'not_your_window');

    const issue = (token: string): Promise<DomainError> =>
      refusedRest('POST', '/api/v1/tickets', 403, 'forbidden', {
        token,
        body: { serviceId: 'bdc-transfer' },
      });
    await issue(display);
    await issue(clerk1); // clerks do not issue
    await issue(counter2);

    await refusedRest('POST', `/api/v1/tickets/${A001}/complete`, 403, 'forbidden', {
      token: display,
    });
    await refusedRest('POST', `/api/v1/tickets/${A001}/recall`, 403, 'forbidden', {
      token: admin,
    });
    await refusedRest('POST', `/api/v1/tickets/${A002}/cancel`, 403, 'forbidden', {
      token: clerk1, // a waiting ticket nobody called: the guide desk or a manager cancels it
    });
    await refusedRest('POST', '/api/v1/day/close', 403, 'forbidden', { token: clerk1 });
    await refusedRest('POST', '/api/v1/day/close', 403, 'forbidden', { token: display });
    await refusedRest('POST', '/api/v1/windows/2/pause', 403, 'forbidden', {
      token: guide,
      body: { reason: '会议' },
    });
    await refusedRest('GET', '/api/v1/events', 403, 'forbidden', { token: clerk1 });
    await refusedRest('GET', '/api/v1/events', 403, 'forbidden', { token: display });
    // Allowed for managers, and the day is not over: a domain refusal, still nothing changes.
    await refusedRest('POST', '/api/v1/day/close', 409, 'wrong_state', { token: admin });

    // The same over Socket.IO.
    const screen = await connectClient(hall.url, display);
    await refusedAck(await command(screen, 'window:callNext', { windowId: 1 }), 'forbidden');
    await refusedAck(
      await command(screen, 'ticket:issue', { serviceId: 'bdc-transfer' }),
      'forbidden',
    );
    const clerkSocket = await connectClient(hall.url, clerk1);
    await refusedAck(
      await command(clerkSocket, 'ticket:issue', { serviceId: 'bdc-transfer' }),
      'forbidden',
    );
  });

  it('a clerk may not sign in to another clerk’s window', async () => {
    const r = await api<RestError>(hall.url, 'POST', '/api/v1/auth/login', {
      body: { staffId: demoClerkId(2), password: DEMO_CLERK_PASSWORD, windowId: 1 },
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(await dbState(hall.server)).toEqual(before);
  });
});

describe('malformed input', () => {
  it('REST bodies: wrong types, extra keys, huge strings, missing fields, arrays → 400', async () => {
    const bad: unknown[] = [
      {},
      { serviceId: 42 },
      { serviceId: null },
      { serviceId: ['bdc-transfer'] },
      { serviceId: 'bdc-transfer', extra: true },
      { serviceId: 'x'.repeat(20_000) },
      { serviceId: 'BDC TRANSFER' },
      { serviceId: 'bdc-transfer', priority: 'vip' },
      { serviceId: 'bdc-transfer', priority: 1 },
      { serviceId: 'bdc-transfer', idNumber: '110101199003071234' }, // bad check digit
      { serviceId: 'bdc-transfer', appointmentId: '' },
      [{ serviceId: 'bdc-transfer' }],
      'bdc-transfer',
      42,
      null,
    ];
    for (const body of bad) {
      await refusedRest('POST', '/api/v1/tickets', 400, 'validation', { body });
    }
    await refusedRest('POST', '/api/v1/tickets', 400, 'validation', {
      rawBody: '{"serviceId":"bdc-transfer","__proto__":{"admin":true}}',
    });
    await refusedRest('POST', '/api/v1/tickets', 400, 'validation', {
      rawBody: '{"serviceId":"bdc-transfer","constructor":{"prototype":{"admin":true}}}',
    });
    // Window and ticket actions.
    const clerk = { token: clerk1 };
    await refusedRest('POST', '/api/v1/windows/1/call-next', 400, 'validation', {
      ...clerk,
      body: { force: true },
    });
    await refusedRest('POST', '/api/v1/windows/1/pause', 400, 'validation', clerk); // no reason
    await refusedRest('POST', '/api/v1/windows/1/pause', 400, 'validation', {
      ...clerk,
      body: { reason: '   ' },
    });
    await refusedRest('POST', '/api/v1/windows/1/pause', 400, 'validation', {
      ...clerk,
      body: { reason: '长'.repeat(41) },
    });
    await refusedRest('POST', `/api/v1/tickets/${A001}/transfer`, 400, 'validation', clerk);
    await refusedRest('POST', `/api/v1/tickets/${A001}/transfer`, 400, 'validation', {
      ...clerk,
      body: { toServiceId: 'deed-tax', note: 'n'.repeat(201) },
    });
    await refusedRest('POST', `/api/v1/tickets/${A001}/transfer`, 400, 'validation', {
      ...clerk,
      body: { toWindowId: '2' },
    });
    // The path names the ticket: a body ticketId is not merged over it (A001 is recalled, too
    // soon), and the call is not applied to A002.
    await refusedRest('POST', `/api/v1/tickets/${A001}/recall`, 409, 'recall_too_soon', {
      ...clerk,
      body: { ticketId: A002 },
    });
    // Path parameters.
    for (const w of ['abc', '0', '-1', '1.5', '99999', '1e3']) {
      await refusedRest('POST', `/api/v1/windows/${w}/call-next`, 400, 'validation', clerk);
    }
    for (const t of ['A001', '2026-11-24-A001', '20261124-a001', `20261124-A${'1'.repeat(40)}`]) {
      await refusedRest('POST', `/api/v1/tickets/${t}/recall`, 400, 'validation', clerk);
      await refusedRest('GET', `/api/v1/tickets/${t}`, 400, 'validation');
    }
    await refusedRest('POST', `/api/v1/tickets/${A001}/explode`, 404, 'not_found', clerk);
    await refusedRest('POST', '/api/v1/windows/1/explode', 404, 'not_found', clerk);
    await refusedRest('GET', '/api/v1/nothing-here', 404, 'not_found');
    // Valid shape, but no such window / ticket / service.
    await refusedRest('POST', '/api/v1/tickets', 404, 'not_found', {
      body: { serviceId: 'no-such-service' },
    });
    await refusedRest('POST', `/api/v1/tickets/20261124-A999/recall`, 404, 'not_found', clerk);
    // Login and event-log queries.
    for (const body of [
      {},
      { staffId: 1, password: 'x' },
      { staffId: 'w001' },
      { staffId: 'w001', password: 'demo', role: 'admin' },
      [],
    ]) {
      await refusedRest('POST', '/api/v1/auth/login', 400, 'validation', { body });
    }
    const admin = await loginAdmin(hall.url);
    before = await dbState(hall.server);
    for (const q of ['after=-1', 'limit=0', 'limit=5000', 'after=abc', 'after=1&evil=1']) {
      await refusedRest('GET', `/api/v1/events?${q}`, 400, 'validation', { token: admin });
    }
  });

  it('REST: invalid JSON → 400, wrong content type → 415, an oversized body → 413', async () => {
    for (const rawBody of ['{"serviceId":', '{serviceId: "bdc-transfer"}', "{'a':1}", '']) {
      await refusedRest('POST', '/api/v1/tickets', 400, 'validation', { rawBody });
    }
    await refusedRest('POST', '/api/v1/tickets', 415, 'validation', {
      rawBody: 'serviceId=bdc-transfer',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    // 64 KiB limit: a typed 413.
    const big = JSON.stringify({ serviceId: 'bdc-transfer', appointmentId: 'x'.repeat(70_000) });
    const e = await refusedRest('POST', '/api/v1/tickets', 413, 'validation', { rawBody: big });
    expect(e.message).toMatch(/too large/);
    await refusedRest('POST', '/api/v1/windows/1/call-next', 413, 'validation', {
      token: clerk1,
      rawBody: big,
    });
  });

  it('Socket.IO payloads: wrong types, extra keys, huge strings, arrays → typed ack', async () => {
    const kiosk = await connectClient(hall.url);
    const bad: unknown[] = [
      {},
      { serviceId: 42 },
      { serviceId: 'bdc-transfer', extra: 1 },
      { serviceId: 's'.repeat(20_000) },
      { serviceId: 'bdc-transfer', priority: 'vip' },
      [{ serviceId: 'bdc-transfer' }],
      'bdc-transfer',
      42,
      true,
      null,
      { serviceId: { $ne: null } },
    ];
    for (const payload of bad)
      await refusedAck(await rawEmit(kiosk, 'ticket:issue', payload), 'validation');

    const counter = await connectClient(hall.url, clerk1);
    await refusedAck(await rawEmit(counter, 'window:callNext', { windowId: '1' }), 'validation');
    await refusedAck(await rawEmit(counter, 'window:callNext', { windowId: 1.5 }), 'validation');
    await refusedAck(await rawEmit(counter, 'window:callNext', [1]), 'validation');
    await refusedAck(await rawEmit(counter, 'ticket:complete', { ticketId: 'A001' }), 'validation');
    await refusedAck(
      await rawEmit(counter, 'ticket:complete', { ticketId: A001, windowId: 1 }),
      'validation',
    );
    await refusedAck(await rawEmit(counter, 'window:pause', { windowId: 1 }), 'validation');
    await refusedAck(await rawEmit(counter, 'day:close', { now: 1 }), 'validation');
    await refusedAck(
      await rawEmit(counter, 'sync:request', { after: -1, rooms: ['hall'] }),
      'validation',
    );
    await refusedAck(
      await rawEmit(counter, 'sync:request', { after: 0, rooms: ['lobby'] }),
      'validation',
    );
    await refusedAck(await rawEmit(counter, 'sync:request', { after: 0, rooms: [] }), 'validation');

    // A command without an acknowledgement callback is ignored (commands must be acked)…
    (counter as unknown as Socket).emit('ticket:complete', {
      ticketId: A001,
    });
    // …and an unknown event is answered with a typed not_found.
    await refusedAck(await rawEmit(counter, 'ticket:teleport', { ticketId: A001 }), 'not_found');
    // Messages are handled in order: a later acked command proves the earlier ones were seen.
    await refusedAck(
      await command(counter, 'ticket:recall', { ticketId: A001 }),
      'recall_too_soon',
    );
    expect(counter.connected).toBe(true);
  });

  it('Socket.IO: a message over the 64 KiB limit drops the connection and changes nothing', async () => {
    const kiosk: HallClient = await connectClient(hall.url);
    const dropped = new Promise<string>((resolve) => {
      kiosk.on('disconnect', (reason) => resolve(reason));
    });
    const ack = rawEmit(kiosk, 'ticket:issue', {
      serviceId: 'bdc-transfer',
      appointmentId: 'x'.repeat(100_000),
    });
    await expect(dropped).resolves.toBe('transport close');
    await expect(ack).rejects.toThrow();
    expect(await dbState(hall.server)).toEqual(before);
  });
});
