/**
 * Unauthorised (issue 7 "Unauthorised", brief §5.4 "every event checked against the sender's
 * role and binding"): every command of the protocol (`COMMAND_EVENT_NAMES`, from the zod
 * `commandSchemas`) is tried by every actor that may not send it, over Socket.IO and over
 * REST, with a payload that the clerk of window 1 could send right now. Each attempt must be
 * refused with the actor's code and leave the day, the store and the event log exactly as
 * they were. The table is typed over every command name, so a new command cannot be added
 * without a row here.
 *
 * Actors: a display device, an anonymous client (the hall here refuses anonymous issuing and
 * rating), the clerk of another window, a counter device and a rating pad of another window,
 * a kiosk device (which may only issue), and the clerk of window 1 itself with a session that
 * was signed out, or has expired — also on a socket connected while it was still valid.
 * `refusals.test.ts` keeps the hand-written cases (malformed input, wrong passwords, audit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMAND_EVENT_NAMES,
  type CommandEventName,
  type CommandPayload,
  type ErrorCode,
  type HallConfig,
} from '@hallq/shared';
import { DEMO_CLERK_PASSWORD, demoClerkId } from '@hallq/server';
import { demoHallConfig } from '../../shared/src/demo-hall/index.ts';
import {
  api,
  command,
  connectClient,
  createDeviceToken,
  dbState,
  login,
  rawEmit,
  startTestHall,
  type DbState,
  type HallClient,
  type RestError,
  type TestHall,
} from '../support/hall.ts';

const A001 = '20261124-A001'; // done at window 1 (rating)
const A002 = '20261124-A002'; // no-show at window 1 (reactivate)
const A003 = '20261124-A003'; // suspended at window 1 (resume)
const A004 = '20261124-A004'; // called at window 1 (recall, start, complete, …)
const A005 = '20261124-A005'; // waiting (call by number)

/** A payload for each command that the clerk of window 1 may send in the state set up below. */
const PAYLOADS: { readonly [E in CommandEventName]: CommandPayload<E> } = {
  'ticket:issue': { serviceId: 'bdc-transfer' },
  'window:callNext': { windowId: 1 },
  'ticket:call': { windowId: 1, ticketId: A005 },
  'ticket:recall': { ticketId: A004 },
  'ticket:start': { ticketId: A004 },
  'ticket:complete': { ticketId: A004 },
  'ticket:noShow': { ticketId: A004 },
  'ticket:reactivate': { ticketId: A002 },
  'ticket:suspend': { ticketId: A004 },
  'ticket:resume': { ticketId: A003 },
  'ticket:cancel': { ticketId: A004 },
  'ticket:transfer': { ticketId: A004, toServiceId: 'deed-tax' },
  'ticket:rate': { ticketId: A001, score: 'very_satisfied' },
  'window:open': { windowId: 1 },
  'window:close': { windowId: 1 },
  'window:pause': { windowId: 1, reason: '会议' },
  'window:resume': { windowId: 1 },
  'day:close': {},
};

/** The REST route of each command (path and body), as `http.ts` maps them. */
const ROUTES: {
  readonly [E in CommandEventName]: (p: CommandPayload<E>) => readonly [string, object?];
} = {
  'ticket:issue': (p) => ['/api/v1/tickets', p],
  'window:callNext': (p) => [`/api/v1/windows/${p.windowId}/call-next`],
  'ticket:call': (p) => [`/api/v1/windows/${p.windowId}/call`, { ticketId: p.ticketId }],
  'ticket:recall': (p) => [`/api/v1/tickets/${p.ticketId}/recall`],
  'ticket:start': (p) => [`/api/v1/tickets/${p.ticketId}/start`],
  'ticket:complete': (p) => [`/api/v1/tickets/${p.ticketId}/complete`],
  'ticket:noShow': (p) => [`/api/v1/tickets/${p.ticketId}/no-show`],
  'ticket:reactivate': (p) => [`/api/v1/tickets/${p.ticketId}/reactivate`],
  'ticket:suspend': (p) => [`/api/v1/tickets/${p.ticketId}/suspend`],
  'ticket:resume': (p) => [`/api/v1/tickets/${p.ticketId}/resume`],
  'ticket:cancel': (p) => [`/api/v1/tickets/${p.ticketId}/cancel`],
  'ticket:transfer': ({ ticketId, ...body }) => [`/api/v1/tickets/${ticketId}/transfer`, body],
  'ticket:rate': ({ ticketId, ...body }) => [`/api/v1/tickets/${ticketId}/rate`, body],
  'window:open': (p) => [`/api/v1/windows/${p.windowId}/open`],
  'window:close': (p) => [`/api/v1/windows/${p.windowId}/close`],
  'window:pause': (p) => [`/api/v1/windows/${p.windowId}/pause`, { reason: p.reason }],
  'window:resume': (p) => [`/api/v1/windows/${p.windowId}/resume`],
  'day:close': () => ['/api/v1/day/close'],
};

function route(name: CommandEventName): readonly [string, object?] {
  const build = ROUTES[name] as (p: unknown) => readonly [string, object?];
  return build(PAYLOADS[name]);
}

/** The commands a window's clerk or counter runs (everything but issuing, rating, day close). */
const AT_WINDOW: readonly CommandEventName[] = COMMAND_EVENT_NAMES.filter(
  (n) => n !== 'ticket:issue' && n !== 'ticket:rate' && n !== 'day:close',
);

type Expected = ErrorCode | 'allowed';

interface ActorRow {
  readonly name: string;
  /** The code each command must be refused with ('allowed': the actor may send it). */
  readonly expect: (command: CommandEventName) => Expected;
  /** The error details a `not_your_window` refusal names. */
  readonly details?: Readonly<Record<string, unknown>>;
}

const HTTP_STATUS: Readonly<Partial<Record<ErrorCode, number>>> = {
  unauthenticated: 401,
  forbidden: 403,
  not_your_window: 403,
};

let hall: TestHall;
let before: DbState;
let eventCount: number;
let clerk1: string;

/** A hall that does not let anonymous clients issue or rate (the demo hall allows both). */
function closedHallConfig(): HallConfig {
  const config = demoHallConfig();
  return {
    ...config,
    policies: { ...config.policies, allowAnonymousIssue: false, allowAnonymousRating: false },
  };
}

async function ok(reply: ReturnType<typeof command>): Promise<void> {
  const result = await reply;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
}

async function events(): Promise<number> {
  return (await hall.server.hall.readEvents(0, 100_000)).length;
}

/** Nothing changed: day, store, sequence and the event log. */
async function unchanged(shown: string): Promise<void> {
  expect(await dbState(hall.server), shown).toEqual(before);
  expect(await events(), shown).toBe(eventCount);
}

/** The error an actor must get: its code, a message, and the details a refusal names. */
function expectedError(actor: ActorRow, code: ErrorCode): unknown {
  return expect.objectContaining({
    code,
    message: expect.any(String) as unknown,
    ...(code === 'not_your_window' && actor.details !== undefined
      ? { details: expect.objectContaining(actor.details) as unknown }
      : {}),
  });
}

async function refusedOverSocket(
  socket: HallClient,
  actor: ActorRow,
  name: CommandEventName,
  code: ErrorCode,
): Promise<void> {
  const ack = await rawEmit(socket, name, PAYLOADS[name]);
  const shown = `${actor.name} ${name} over Socket.IO → ${JSON.stringify(ack)}`;
  expect(ack, shown).toEqual({ ok: false, error: expectedError(actor, code) });
  await unchanged(shown);
}

async function refusedOverRest(
  token: string | null,
  actor: ActorRow,
  name: CommandEventName,
  code: ErrorCode,
): Promise<void> {
  const [path, body] = route(name);
  const response = await api<RestError>(hall.url, 'POST', path, {
    ...(token === null ? {} : { token }),
    ...(body === undefined ? {} : { body }),
  });
  const shown = `${actor.name} ${name} as POST ${path} → ${response.status} ${JSON.stringify(response.body)}`;
  expect(response.status, shown).toBe(HTTP_STATUS[code]);
  expect(response.body, shown).toEqual({ error: expectedError(actor, code) });
  await unchanged(shown);
}

/** Every command × this actor, over Socket.IO and REST; returns how many were refused. */
async function refuseAll(
  actor: ActorRow,
  socket: HallClient,
  token: string | null,
): Promise<number> {
  let refused = 0;
  for (const name of COMMAND_EVENT_NAMES) {
    const code = actor.expect(name);
    if (code === 'allowed') continue;
    await refusedOverSocket(socket, actor, name, code);
    await refusedOverRest(token, actor, name, code);
    refused += 1;
  }
  return refused;
}

beforeAll(async () => {
  hall = await startTestHall({ server: { seedConfig: closedHallConfig() } });
  // Window 1: A001 done, A002 no-show, A003 suspended, A004 called; A005 waiting.
  const kiosk = await connectClient(hall.url, await createDeviceToken(hall.server, 'kiosk'));
  for (let i = 0; i < 5; i += 1) await ok(command(kiosk, 'ticket:issue', PAYLOADS['ticket:issue']));
  clerk1 = await login(hall.url, demoClerkId(1), DEMO_CLERK_PASSWORD);
  const counter1 = await connectClient(hall.url, clerk1);
  await ok(command(counter1, 'window:callNext', { windowId: 1 }));
  await ok(command(counter1, 'ticket:complete', { ticketId: A001 }));
  await ok(command(counter1, 'window:callNext', { windowId: 1 }));
  await ok(command(counter1, 'ticket:noShow', { ticketId: A002 }));
  await ok(command(counter1, 'window:callNext', { windowId: 1 }));
  await ok(command(counter1, 'ticket:suspend', { ticketId: A003 }));
  await ok(command(counter1, 'window:callNext', { windowId: 1 }));
  const day = hall.server.hall.state.day;
  expect([A001, A002, A003, A004, A005].map((id) => day.tickets.get(id as never)?.state)).toEqual([
    'done',
    'no_show',
    'suspended',
    'called',
    'waiting',
  ]);
});

afterAll(async () => {
  await hall.close();
});

describe('every command from an actor that may not send it', () => {
  it('is refused with the right code over Socket.IO and REST, and changes nothing', async () => {
    const display = await createDeviceToken(hall.server, 'display');
    const kiosk = await createDeviceToken(hall.server, 'kiosk');
    const counter2 = await createDeviceToken(hall.server, 'counter', 2);
    const rating2 = await createDeviceToken(hall.server, 'rating', 2);
    const clerk2 = await login(hall.url, demoClerkId(2), DEMO_CLERK_PASSWORD); // opens window 2
    before = await dbState(hall.server);
    eventCount = await events();

    const rows: readonly (readonly [ActorRow, string | null])[] = [
      [{ name: 'display device', expect: () => 'forbidden' }, display],
      [{ name: 'anonymous client', expect: () => 'unauthenticated' }, null],
      [
        {
          name: 'clerk of window 2',
          expect: (n) => (AT_WINDOW.includes(n) ? 'not_your_window' : 'forbidden'),
          details: { windowId: 1, yourWindowId: 2 },
        },
        clerk2,
      ],
      [
        {
          name: 'counter device of window 2',
          expect: (n) => (AT_WINDOW.includes(n) ? 'not_your_window' : 'forbidden'),
          details: { windowId: 1 },
        },
        counter2,
      ],
      [
        {
          name: 'rating pad of window 2',
          expect: (n) => (n === 'ticket:rate' ? 'not_your_window' : 'forbidden'),
        },
        rating2,
      ],
      [
        { name: 'kiosk device', expect: (n) => (n === 'ticket:issue' ? 'allowed' : 'forbidden') },
        kiosk,
      ],
    ];
    let refused = 0;
    for (const [actor, token] of rows) {
      const socket = await connectClient(hall.url, token ?? undefined);
      refused += await refuseAll(actor, socket, token);
      expect(socket.connected, actor.name).toBe(true);
      socket.close();
    }
    expect(refused).toBe(rows.length * COMMAND_EVENT_NAMES.length - 1);
  });
});

describe('the clerk of window 1 with a session that is no longer valid', () => {
  const clerk: ActorRow = { name: 'clerk of window 1', expect: () => 'unauthenticated' };

  it('signed out: refused over REST and on a socket connected before, cannot reconnect', async () => {
    const session = await login(hall.url, demoClerkId(1), DEMO_CLERK_PASSWORD);
    const socket = await connectClient(hall.url, session);
    before = await dbState(hall.server);
    eventCount = await events();
    // Window 1 is busy (A004 called), so signing out leaves it open.
    const out = await api(hall.url, 'POST', '/api/v1/auth/logout', { token: session });
    expect(out.status).toBe(200);
    await unchanged('sign-out of a busy window');
    const signedOut = { ...clerk, name: `${clerk.name}, signed out` };
    expect(await refuseAll(signedOut, socket, session)).toBe(COMMAND_EVENT_NAMES.length);
    await expect(connectClient(hall.url, session)).rejects.toThrow('unauthenticated');
    socket.close();
  });

  it('expired (13 h later): refused over REST and on a socket connected before, cannot reconnect', async () => {
    const socket = await connectClient(hall.url, clerk1);
    before = await dbState(hall.server);
    eventCount = await events();
    hall.advance(13 * 3_600_000); // 23:00 the same business day: no day close in between
    const expired = { ...clerk, name: `${clerk.name}, expired` };
    expect(await refuseAll(expired, socket, clerk1)).toBe(COMMAND_EVENT_NAMES.length);
    expect(await rawEmit(socket, 'figures:get', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    await expect(connectClient(hall.url, clerk1)).rejects.toThrow('unauthenticated');
    socket.close();

    // The refusals were the session's: signed in again, the same clerk may act.
    const fresh = await login(hall.url, demoClerkId(1), DEMO_CLERK_PASSWORD);
    const done = await api(hall.url, 'POST', `/api/v1/tickets/${A004}/complete`, { token: fresh });
    expect(done.status).toBe(200);
  });

  it('signed out by the day close: a socket of the day before is refused', async () => {
    const session = await login(hall.url, demoClerkId(1), DEMO_CLERK_PASSWORD);
    const socket = await connectClient(hall.url, session);
    hall.setNow(Date.UTC(2026, 10, 24, 16, 0, 30)); // 00:00:30 the next day
    await hall.server.hall.rolloverIfDue();
    expect(hall.server.hall.state.day.businessDay).toBe('2026-11-25');
    // Fourteen hours later the devices of this test count as offline: let the alarm engine
    // raise those (reading the alarms runs it) before taking the state nothing may change.
    const alarms = await api(hall.url, 'GET', '/api/v1/alarms?live=1', {
      token: await login(hall.url, 'admin', 'demo-admin'),
    });
    expect(alarms.status).toBe(200);
    before = await dbState(hall.server);
    eventCount = await events();
    const yesterday = { ...clerk, name: `${clerk.name}, signed out at the day close` };
    expect(await refuseAll(yesterday, socket, session)).toBe(COMMAND_EVENT_NAMES.length);
    socket.close();
  });
});
