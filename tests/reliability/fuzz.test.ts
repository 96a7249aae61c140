/**
 * Bad input (issue 7 "Bad input", brief §5.4 "every input validated"): a protocol fuzzer with a
 * seeded random source sends well over 10,000 malformed, oversized, wrong-type and
 * out-of-order commands over Socket.IO (every event of `ClientToServerEvents`, plus unknown
 * names, wrong argument counts and broken packets) and over REST (every route of the OpenAPI
 * document, with random methods, bodies, headers and tokens). The server must stay up, answer
 * each request with a typed error — `{ ok: false, error: { code, message } }` acks, JSON
 * `{ error: { code, message } }` bodies whose status matches the code, never a 5xx — and
 * leave the day, the store and the event log exactly as they were.
 *
 * Malformed payloads are checked against the protocol's own zod schemas before they are
 * sent, so each one is known to be invalid; the valid-but-out-of-order commands (complete
 * before call, call on a closed window, …) are a fixed list with the queue-rule code each
 * must get.
 */
import { connect } from 'node:net';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import {
  COMMAND_EVENT_NAMES,
  commandSchemas,
  createDeviceSchema,
  ERROR_CODES,
  figuresRequestSchema,
  loginSchema,
  pairRequestSchema,
  syncRequestSchema,
  updateDeviceSchema,
  type CommandEventName,
  type ErrorCode,
  type LoggedEvent,
} from '@hallq/shared';
import { DEMO_CLERK_PASSWORD, demoClerkId } from '@hallq/server';
import { httpStatus } from '../../server/src/errors.ts';
import {
  api,
  command,
  connectClient,
  createDeviceToken,
  dbState,
  loginAdmin,
  login,
  rawEmit,
  startTestHall,
  type DbState,
  type HallClient,
  type TestHall,
} from '../support/hall.ts';
import { Random } from './support.ts';

const SOCKET_CASES = 7000;
const REST_CASES = 3200;
const random = new Random(0x5eed2026);

const A001 = '20261124-A001'; // done at window 2
const A002 = '20261124-A002'; // called at window 1
const A003 = '20261124-A003'; // waiting

let hall: TestHall;
let before: DbState;
let log: readonly LoggedEvent[];
const tokens: Record<string, string> = {};
const sockets = new Map<string, HallClient>();
/** Replies seen, by code (for the report at the end). */
const seen = new Map<string, number>();

function count(code: string): void {
  seen.set(code, (seen.get(code) ?? 0) + 1);
}

// ─── Payload mutation ───────────────────────────────────────────────────────────────────────

/** A valid payload for each event, mutated into invalid ones. */
const TEMPLATES: { readonly [E in CommandEventName]: Record<string, unknown> } & {
  readonly [name: string]: Record<string, unknown>;
} = {
  'ticket:issue': {
    serviceId: 'bdc-transfer',
    priority: 'elderly',
    appointmentId: 'AP-001',
    idempotencyKey: 'fuzz-template-1',
  },
  'window:callNext': { windowId: 1, idempotencyKey: 'fuzz-template-2' },
  'ticket:call': { windowId: 1, ticketId: A003 },
  'ticket:recall': { ticketId: A002 },
  'ticket:start': { ticketId: A002 },
  'ticket:complete': { ticketId: A002 },
  'ticket:noShow': { ticketId: A002 },
  'ticket:reactivate': { ticketId: A002 },
  'ticket:suspend': { ticketId: A002 },
  'ticket:resume': { ticketId: A002 },
  'ticket:cancel': { ticketId: A002 },
  'ticket:transfer': { ticketId: A002, toServiceId: 'deed-tax', toWindowId: 2, note: '转' },
  'ticket:rate': {
    ticketId: A001,
    score: 'dissatisfied',
    reasons: ['slow'],
    comment: '慢',
    caseNumber: 'C-1',
  },
  'window:open': { windowId: 1 },
  'window:close': { windowId: 1 },
  'window:pause': { windowId: 1, reason: '会议' },
  'window:resume': { windowId: 1 },
  'day:close': {},
  'sync:request': { after: 0, rooms: ['hall', 'zone:A'] },
  'figures:get': { windowId: 1 },
};

const SCHEMAS: Readonly<Record<string, ZodType>> = {
  ...commandSchemas,
  'sync:request': syncRequestSchema,
  'figures:get': figuresRequestSchema,
};

/** Values of every JSON type, odd ones included. */
const ODD_VALUES: readonly unknown[] = [
  0,
  -1,
  1.5,
  1e308,
  -0,
  2 ** 53 + 1,
  true,
  false,
  null,
  [],
  [1, 2],
  {},
  { $ne: null },
  '',
  ' ',
  '\u0000',
  '\u202e20261124-A001',
  '１',
  '20261124-a001',
  'A001',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE tickets; --",
  '💥'.repeat(20),
  'NaN',
  '1e3',
];

/** A value as the server receives it (JSON: undefined and NaN become null, …). */
const jsonOf = (value: unknown): unknown => (JSON.parse(JSON.stringify([value])) as unknown[])[0];

/** JSON text for messages (JSON.stringify gives undefined for undefined). */
const jsonText = (value: unknown, max = 300): string =>
  ((JSON.stringify(value) as string | undefined) ?? 'undefined').slice(0, max);

function longString(): string {
  // At most 40 KB (4-byte characters), under the 64 KiB message limit.
  return random.pick(['x', '长', '𠀀', '%']).repeat(random.int(200, 10_000));
}

/** Deeply nested arrays (JSON parsers and validators must not fall over). */
function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) value = random.chance(0.5) ? [value] : { a: value };
  return value;
}

/** One mutation of an object payload (or the whole payload replaced). */
function mutate(template: Record<string, unknown>): unknown {
  const payload: Record<string, unknown> = { ...template };
  const keys = Object.keys(payload);
  switch (random.int(0, 9)) {
    case 0:
    case 1: {
      // A field of the wrong type or value.
      const key = keys.length > 0 ? random.pick(keys) : 'idempotencyKey';
      payload[key] = random.chance(0.2) ? longString() : random.pick(ODD_VALUES);
      return payload;
    }
    case 2: {
      // An unknown key (strict schemas refuse it), prototype keys included.
      if (random.chance(0.3)) {
        const raw = JSON.stringify({ ...payload }).slice(0, -1);
        const key = random.pick(['__proto__', 'constructor', 'prototype']);
        return JSON.parse(
          `${raw}${raw.length > 1 ? ',' : ''}"${key}":{"admin":true,"polluted":1}}`,
        ) as unknown;
      }
      payload[random.text(random.int(1, 12))] = random.pick(ODD_VALUES);
      return payload;
    }
    case 3: {
      // A required field missing.
      if (keys.length === 0) return [payload];
      const dropped = random.pick(keys);
      return Object.fromEntries(Object.entries(payload).filter(([key]) => key !== dropped));
    }
    case 4:
      payload.idempotencyKey = random.pick([
        'short',
        'has space!',
        'k'.repeat(101),
        '中文键值对应用',
        7,
      ]);
      return payload;
    case 5:
      // The whole payload of the wrong type.
      return random.pick<unknown>([
        'ticket',
        42,
        true,
        [payload],
        [],
        deep(random.int(10, 400)),
        longString(),
      ]);
    case 6:
      for (const key of keys) payload[key] = random.pick(ODD_VALUES);
      return payload;
    case 7:
      if ('windowId' in payload)
        payload.windowId = random.pick([0, -1, 1.5, 10_000, '1', 1e9, null]);
      else
        payload.ticketId = random.pick([
          '20261124-A00',
          '2026-11-24-A001',
          `20261124-A${'1'.repeat(40)}`,
          1,
        ]);
      return payload;
    case 8:
      payload[random.pick(keys.length > 0 ? keys : ['x'])] = deep(random.int(2, 50));
      return payload;
    default:
      return {
        ...payload,
        ...Object.fromEntries(keys.map((k) => [k.toUpperCase(), payload[k]])),
        extra: 1,
      };
  }
}

/** A payload the event's schema refuses, as the server will receive it. */
function malformed(name: string): unknown {
  const schema = SCHEMAS[name];
  const template = TEMPLATES[name] ?? {};
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const payload = mutate(template);
    const received = jsonOf(payload) ?? {};
    if (schema === undefined || !schema.safeParse(received).success) return payload;
  }
  return [template];
}

// ─── Checks ─────────────────────────────────────────────────────────────────────────────────

function expectTypedAck(ack: unknown, codes: readonly ErrorCode[], what: string): void {
  const shown = `${what} → ${jsonText(ack)}`;
  expect(ack, shown).toMatchObject({ ok: false, error: { code: expect.any(String) as unknown } });
  const { error } = ack as { error: { code: ErrorCode; message: unknown } };
  expect(codes, shown).toContain(error.code);
  expect(typeof error.message, shown).toBe('string');
  count(`socket ${error.code}`);
}

async function unchanged(what: string): Promise<void> {
  expect(await dbState(hall.server), what).toEqual(before);
  expect(await hall.server.hall.readEvents(0, 100_000), what).toEqual(log);
}

beforeAll(async () => {
  hall = await startTestHall();
  const issue = (key: string) =>
    api(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'bdc-transfer', idempotencyKey: key },
    });
  for (const key of ['setup-key-0001', 'setup-key-0002', 'setup-key-0003']) {
    expect((await issue(key)).status).toBe(201);
  }
  for (const w of [1, 2, 3, 4, 79])
    tokens[`clerk${w}`] = await login(hall.url, demoClerkId(w), DEMO_CLERK_PASSWORD);
  tokens.admin = await loginAdmin(hall.url);
  tokens.display = await createDeviceToken(hall.server, 'display');
  tokens.kiosk = await createDeviceToken(hall.server, 'kiosk');
  tokens.counter2 = await createDeviceToken(hall.server, 'counter', 2);
  tokens.rating1 = await createDeviceToken(hall.server, 'rating', 1);
  for (const [name, token] of [['anonymous', undefined], ...Object.entries(tokens)] as const) {
    sockets.set(name, await connectClient(hall.url, token));
  }
  const socket = (name: string): HallClient => {
    const found = sockets.get(name);
    if (found === undefined) throw new Error(name);
    return found;
  };
  const ok = async (reply: ReturnType<typeof command>): Promise<void> => {
    const result = await reply;
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  };
  // A001 done at window 2, A002 called at window 1, A003 waiting; window 3 closed, 4 paused.
  await ok(
    command(socket('clerk2'), 'window:callNext', { windowId: 2, idempotencyKey: 'setup-key-0004' }),
  );
  await ok(command(socket('clerk2'), 'ticket:complete', { ticketId: A001 }));
  await ok(command(socket('clerk1'), 'window:callNext', { windowId: 1 }));
  await ok(command(socket('clerk3'), 'window:close', { windowId: 3 }));
  await ok(command(socket('clerk4'), 'window:pause', { windowId: 4, reason: '会议' }));
  hall.advance(5_000); // recalls stay too soon: the clock does not move during the fuzz
  before = await dbState(hall.server);
  log = await hall.server.hall.readEvents(0, 100_000);
});

afterAll(async () => {
  await hall.close();
});

// ─── Socket.IO ──────────────────────────────────────────────────────────────────────────────

const REQUESTS = [...COMMAND_EVENT_NAMES, 'sync:request', 'figures:get'] as const;
const UNKNOWN_NAMES = [
  'ticket:teleport',
  'ticket:issue ',
  'TICKET:ISSUE',
  'hall:event',
  'session:ready',
  'device:config',
  'queues:update',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'admin:shutdown',
  '',
];

/** Emits `args` (an ack is appended) and waits for the ack. */
function emitArgs(socket: HallClient, name: string, args: readonly unknown[]): Promise<unknown> {
  const loose = socket as unknown as Socket;
  return loose.timeout(5000).emitWithAck(name, ...args) as Promise<unknown>;
}

describe('the Socket.IO fuzzer', () => {
  it(`answers ${SOCKET_CASES} malformed requests with typed errors and changes nothing`, async () => {
    const actors = [...sockets.keys()];
    let sent = 0;
    while (sent < SOCKET_CASES) {
      const batch: Promise<void>[] = [];
      for (let i = 0; i < 100 && sent < SOCKET_CASES; i += 1, sent += 1) {
        const actor = random.pick(actors);
        const socket = sockets.get(actor);
        if (socket === undefined) throw new Error(actor);
        const roll = random.float();
        if (roll < 0.85) {
          const name = random.pick(REQUESTS);
          const payload = malformed(name);
          batch.push(
            rawEmit(socket, name, payload).then((ack) => {
              expectTypedAck(ack, ['validation'], `${actor} ${name} ${jsonText(payload, 200)}`);
            }),
          );
        } else if (roll < 0.93) {
          const name = random.chance(0.5)
            ? random.pick(UNKNOWN_NAMES)
            : `${random.text(random.int(1, 30))}:${random.text(4)}`;
          batch.push(
            rawEmit(socket, name, TEMPLATES['ticket:issue']).then((ack) => {
              expectTypedAck(ack, ['not_found'], `${actor} unknown event ${name}`);
            }),
          );
        } else {
          // Known events with no payload, or extra arguments before the acknowledgement.
          const name = random.pick([...REQUESTS, 'hall:get', 'queues:get']);
          const args = random.chance(0.5)
            ? []
            : [TEMPLATES[name] ?? {}, random.pick(ODD_VALUES), 'extra'];
          batch.push(
            emitArgs(socket, name, args).then((ack) => {
              expectTypedAck(ack, ['validation'], `${actor} ${name} with ${args.length} arguments`);
            }),
          );
        }
      }
      await Promise.all(batch);
    }
    for (const [actor, socket] of sockets) expect(socket.connected, actor).toBe(true);
    await unchanged('after the Socket.IO fuzz');
  });

  it('valid but out-of-order commands are refused by the queue rules and change nothing', async () => {
    const cases: readonly (readonly [
      string,
      CommandEventName,
      Record<string, unknown>,
      ErrorCode,
    ])[] = [
      ['clerk1', 'ticket:complete', { ticketId: A003 }, 'wrong_state'], // complete before call
      ['clerk1', 'ticket:start', { ticketId: A003 }, 'wrong_state'],
      ['clerk1', 'ticket:recall', { ticketId: A003 }, 'wrong_state'],
      ['clerk1', 'ticket:noShow', { ticketId: A003 }, 'wrong_state'],
      ['clerk1', 'ticket:suspend', { ticketId: A003 }, 'wrong_state'],
      ['clerk1', 'ticket:reactivate', { ticketId: A002 }, 'wrong_state'],
      ['clerk1', 'ticket:resume', { ticketId: A002 }, 'wrong_state'],
      ['clerk1', 'window:callNext', { windowId: 1 }, 'window_busy'],
      ['clerk1', 'ticket:call', { windowId: 1, ticketId: A003 }, 'window_busy'],
      ['clerk1', 'ticket:recall', { ticketId: A002 }, 'recall_too_soon'],
      ['clerk1', 'window:resume', { windowId: 1 }, 'wrong_state'],
      ['clerk2', 'ticket:complete', { ticketId: A001 }, 'wrong_state'], // twice
      ['clerk2', 'ticket:recall', { ticketId: A001 }, 'wrong_state'],
      ['clerk2', 'ticket:resume', { ticketId: A001 }, 'wrong_state'],
      ['clerk2', 'ticket:reactivate', { ticketId: A001 }, 'wrong_state'],
      ['clerk2', 'ticket:transfer', { ticketId: A001, toWindowId: 1 }, 'wrong_state'],
      ['clerk79', 'window:callNext', { windowId: 79 }, 'no_ticket_waiting'],
      ['clerk79', 'ticket:call', { windowId: 79, ticketId: A002 }, 'wrong_state'], // called elsewhere
      ['clerk3', 'window:pause', { windowId: 3, reason: '午休' }, 'wrong_state'],
      ['clerk4', 'window:callNext', { windowId: 4 }, 'window_paused'],
      ['clerk4', 'ticket:call', { windowId: 4, ticketId: A003 }, 'window_paused'],
      ['clerk1', 'ticket:complete', { ticketId: '20261124-A999' }, 'not_found'],
      [
        'clerk1',
        'ticket:transfer',
        { ticketId: A002, toServiceId: 'no-such-service' },
        'not_found',
      ],
      ['clerk1', 'ticket:transfer', { ticketId: A002, toWindowId: 9999 }, 'not_found'],
      ['anonymous', 'ticket:issue', { serviceId: 'no-such-service' }, 'not_found'],
      ['anonymous', 'ticket:rate', { ticketId: A003, score: 'satisfied' }, 'wrong_state'],
      ['rating1', 'ticket:rate', { ticketId: A002, score: 'satisfied' }, 'wrong_state'],
      ['admin', 'day:close', {}, 'wrong_state'], // before the close time
      // An idempotency key already used by another command.
      [
        'anonymous',
        'ticket:issue',
        { serviceId: 'deed-tax', idempotencyKey: 'setup-key-0001' },
        'idempotency_conflict',
      ],
      [
        'clerk2',
        'window:callNext',
        { windowId: 2, idempotencyKey: 'setup-key-0001' },
        'idempotency_conflict',
      ],
      [
        'clerk1',
        'window:callNext',
        { windowId: 1, idempotencyKey: 'setup-key-0004' },
        'idempotency_conflict',
      ],
    ];
    const rounds = 30;
    for (let round = 0; round < rounds; round += 1) {
      await Promise.all(
        cases.map(async ([actor, name, payload, code]) => {
          const socket = sockets.get(actor);
          if (socket === undefined) throw new Error(actor);
          const keyed =
            'idempotencyKey' in payload || random.chance(0.5)
              ? payload
              : { ...payload, idempotencyKey: `fuzz-${round}-${random.text(12)}` };
          const ack = await rawEmit(socket, name, keyed);
          expectTypedAck(ack, [code], `${actor} ${name} ${JSON.stringify(keyed)}`);
        }),
      );
    }
    await unchanged('after the out-of-order commands');
  });

  it('oversized messages and broken packets drop only their own connection', async () => {
    const survivors = [...sockets.values()];
    for (let i = 0; i < 40; i += 1) {
      const socket = await connectClient(
        hall.url,
        random.pick([undefined, tokens.clerk1, tokens.kiosk]),
      );
      const dropped = new Promise<string>((resolve) => socket.on('disconnect', resolve));
      const engine = socket.io.engine;
      if (i < 8) {
        // Over the 64 KiB message limit.
        void rawEmit(socket, 'ticket:issue', { serviceId: 'x'.repeat(70_000 + i * 10_000) }).catch(
          () => undefined,
        );
      } else {
        engine.write(
          random.pick([
            '2["ticket:issue",{"serviceId":',
            '2[',
            '2{}',
            '2"ticket:issue"',
            '2[42,{}]',
            '2[null]',
            '21["ticket:issue"',
            '51-["ticket:issue",{"_placeholder":true,"num":0}]',
            '9',
            '3999[]',
            '2/nowhere,["ticket:issue",{}]',
            `2${'['.repeat(5000)}`,
            '\u0000\u0001\u0002',
          ]),
        );
        // A packet the server could not decode closes the connection; any other is ignored.
        setTimeout(() => socket.close(), 300);
      }
      await dropped;
    }
    for (const socket of survivors) expect(socket.connected).toBe(true);
    const health = await api<{ status: string }>(hall.url, 'GET', '/api/v1/health');
    expect(health.body.status).toBe('ok');
    await unchanged('after oversized and broken packets');
  });
});

// ─── REST ───────────────────────────────────────────────────────────────────────────────────

interface Route {
  readonly template: string;
  readonly methods: readonly string[];
}

type Kind = 'read' | 'command' | 'admin' | 'pair' | 'login' | 'logout' | 'print' | 'device';

function kindOf(template: string, method: string): Kind {
  if (template === '/api/v1/auth/login') return 'login';
  if (template === '/api/v1/auth/logout') return 'logout';
  if (template === '/api/v1/pair') return 'pair';
  if (template.startsWith('/api/v1/print/')) return 'print';
  if (template === '/api/v1/device') return 'device';
  if (method === 'GET') return 'read';
  if (template.startsWith('/api/v1/devices')) return 'admin';
  return 'command';
}

const PARAMS: Readonly<Record<string, () => string>> = {
  id: () =>
    random.pick([
      A001,
      A002,
      '20261124-A999',
      'A001',
      '20261124-a001',
      'kiosk-00000000',
      'display-none',
      '%00',
      '..%2F..%2Fetc',
      '%E0%A4%A',
      '%',
      'ｘ',
      '1e3',
      encodeURIComponent(longString().slice(0, 300)),
    ]),
  windowId: () =>
    random.pick(['1', '3', '4', '0', '-1', '1.5', '99999', 'abc', '1e3', '%20', '0x1']),
  action: () =>
    random.pick([
      'recall',
      'start',
      'complete',
      'no-show',
      'reactivate',
      'transfer',
      'suspend',
      'resume',
      'cancel',
      'rate',
      'call-next',
      'call',
      'open',
      'close',
      'pause',
      'explode',
      'COMPLETE',
      '__proto__',
    ]),
};

/** Body templates per route (mutated with the same mutator as the socket payloads). */
function bodyTemplate(template: string): Record<string, unknown> {
  if (template === '/api/v1/tickets') return TEMPLATES['ticket:issue'];
  if (template.includes('/windows/')) return { reason: '会议', ticketId: A003 };
  if (template.endsWith('/{action}')) return { toServiceId: 'deed-tax', note: 'n' };
  if (template === '/api/v1/auth/login') return { staffId: 'nobody', password: 'wrong' };
  if (template === '/api/v1/pair') return { code: '4827-1936', client: { hostname: 'h' } };
  if (template === '/api/v1/devices') return { name: '取号机', role: 'kiosk' };
  if (template === '/api/v1/devices/{id}') return { name: '取号机' };
  if (template.startsWith('/api/v1/print/')) return { lang: 'zh-CN' };
  return {};
}

/** A body the route's schema refuses (where the route has one). */
function badBody(template: string): unknown {
  const schema: ZodType | undefined =
    template === '/api/v1/auth/login'
      ? loginSchema
      : template === '/api/v1/pair'
        ? pairRequestSchema
        : template === '/api/v1/devices'
          ? createDeviceSchema
          : template === '/api/v1/devices/{id}'
            ? updateDeviceSchema
            : template === '/api/v1/tickets'
              ? commandSchemas['ticket:issue']
              : undefined;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const body = mutate(bodyTemplate(template));
    if (schema === undefined) {
      // Strict command bodies: an unknown key always fails.
      return typeof body === 'object' && body !== null && !Array.isArray(body)
        ? { ...body, [`x${random.text(6)}`]: 1 }
        : body;
    }
    if (!schema.safeParse(jsonOf(body) ?? {}).success) return body;
  }
  return [bodyTemplate(template)];
}

interface RestCase {
  readonly template: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** A read that may succeed. */
  readonly mayRead: boolean;
  readonly what: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

function restCase(routes: readonly Route[]): RestCase {
  const route = random.pick(routes);
  const declared = random.chance(0.85);
  const method = declared
    ? random.pick(route.methods)
    : random.pick(
        METHODS.filter(
          // Fastify answers HEAD wherever GET is routed.
          (m) => !route.methods.includes(m) && !(m === 'HEAD' && route.methods.includes('GET')),
        ),
      );
  const kind = kindOf(route.template, method);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  let faults: string[] = [];

  // The token: any for reads; for writes one that cannot succeed unless a fault below does.
  const tokenPool = [
    'none',
    'garbage',
    'display',
    'kiosk',
    'clerk1',
    'clerk2',
    'counter2',
    'admin',
    'basic',
    'long',
  ];
  let token = random.pick(tokenPool);
  if (!declared) faults.push('method');
  // Parameters: valid-looking or malformed.
  let path = route.template.replace(/\{(\w+)\}/g, (_, name: string) =>
    (PARAMS[name] ?? (() => 'x'))(),
  );
  if (random.chance(0.1))
    path += random.pick([
      '?',
      '?x=1',
      '?after=-1',
      '?limit=abc',
      '?windowId=ab',
      `?q=${'q'.repeat(3000)}`,
      '/',
      '//',
      '/extra',
    ]);

  if (method !== 'GET' && method !== 'HEAD') {
    const shape = random.int(0, 9);
    if (shape <= 4) {
      body = JSON.stringify(badBody(route.template));
      headers['content-type'] = 'application/json';
      faults.push('body');
    } else if (shape === 5) {
      body = random.pick([
        '{"serviceId":',
        '{serviceId: 1}',
        "{'a':1}",
        '[1,',
        'null x',
        '\u0000',
        '',
      ]);
      headers['content-type'] = 'application/json';
      faults.push(body === '' ? 'empty' : 'json');
    } else if (shape === 6) {
      body = JSON.stringify({ serviceId: 'bdc-transfer', pad: 'x'.repeat(70_000) });
      headers['content-type'] = 'application/json';
      faults.push('oversized');
    } else if (shape === 7) {
      body = 'serviceId=bdc-transfer';
      headers['content-type'] = random.pick([
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json-patch+json',
      ]);
      faults.push('content-type');
    } else if (shape === 8) {
      body = JSON.stringify(badBody(route.template));
      headers['content-type'] = random.pick([
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
      ]);
      faults.push('body');
    }
    // shape 9: no body at all
  }
  if (
    kind === 'command' &&
    !faults.includes('body') &&
    !faults.includes('json') &&
    !faults.includes('oversized') &&
    !faults.includes('content-type') &&
    !faults.includes('method')
  ) {
    // No body fault: the token must refuse (or the path be malformed).
    token = random.pick(['none', 'garbage', 'display', 'basic', 'long']);
    faults.push('token');
  }
  if ((kind === 'admin' || kind === 'print') && !faults.includes('method')) {
    // Never a working admin or kiosk request: admin only with a bad body, else a refused token.
    if (token === 'admin' && !faults.includes('body') && !faults.includes('json')) token = 'clerk1';
    if (token === 'kiosk') token = 'display';
    faults.push('token-or-body');
  }
  if (kind === 'logout' && (token === 'clerk1' || token === 'clerk2' || token === 'admin'))
    token = 'display';
  if ((kind === 'login' || kind === 'pair') && !faults.some((f) => f !== 'token')) {
    body = JSON.stringify(badBody(route.template));
    headers['content-type'] = 'application/json';
    faults = ['body'];
  }
  if (token === 'garbage') headers.authorization = `Bearer ${random.text(random.int(1, 60))}`;
  else if (token === 'basic') headers.authorization = 'Basic dzAwMTpkZW1v';
  else if (token === 'long') headers.authorization = `Bearer ${'t'.repeat(random.int(301, 6000))}`;
  else if (token !== 'none') headers.authorization = `Bearer ${tokens[token] ?? ''}`;
  if (random.chance(0.3))
    headers['idempotency-key'] = random.pick([
      'fuzz-rest-key-1',
      'x',
      'setup-key-0001',
      'k'.repeat(500),
    ]);
  if (random.chance(0.1)) headers['x-forwarded-for'] = random.pick(['1.2.3.4', 'garbage', '::1']);
  if (random.chance(0.1)) headers.accept = random.pick(['text/html', 'application/xml', '*/*']);
  // Headers over Node's 16 KiB limit: refused before any route.
  if (random.chance(0.02)) headers['x-padding'] = 'p'.repeat(random.int(17_000, 40_000));
  const mayRead = (kind === 'read' || kind === 'device') && (method === 'GET' || method === 'HEAD');
  return {
    template: route.template,
    method,
    path,
    headers,
    ...(body === undefined ? {} : { body }),
    mayRead,
    what: `${method} ${path.slice(0, 120)} [${kind}; ${faults.join(',') || 'none'}; token ${token}]`,
  };
}

async function send(c: RestCase): Promise<void> {
  const response = await fetch(`${hall.url}${c.path}`, {
    method: c.method,
    headers: c.headers,
    ...(c.body === undefined ? {} : { body: c.body }),
  });
  const text = await response.text();
  const shown = `${c.what} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, shown).toBeLessThan(500);
  if (response.status < 400) {
    expect(c.mayRead, shown).toBe(true);
    count(`rest ${response.status}`);
    return;
  }
  count(`rest ${response.status}`);
  // Every write carries a fault that refuses it before the queue rules are asked.
  if (!c.mayRead) expect(response.status, shown).not.toBe(409);
  if (c.method === 'HEAD') return; // no body by definition
  expect(response.headers.get('content-type') ?? '', shown).toContain('application/json');
  const body = JSON.parse(text) as { error?: { code?: ErrorCode; message?: unknown } };
  expect(Object.keys(body), shown).toEqual(['error']);
  const code = body.error?.code;
  expect(ERROR_CODES, shown).toContain(code);
  expect(typeof body.error?.message, shown).toBe('string');
  if (code !== undefined) {
    // Fastify's own client errors (413 too large, 415 content type, …) are `validation`.
    const expected = code === 'validation' ? [400, 413, 414, 415, 431] : [httpStatus(code)];
    expect(expected, shown).toContain(response.status);
  }
}

/** Sends raw bytes over TCP and returns everything the server answers before closing. */
function rawHttp(request: string): Promise<string> {
  const { port } = new URL(hall.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
  });
}

describe('the REST fuzzer', () => {
  it('answers requests that are not valid HTTP with a typed 4xx and stays up', async () => {
    const requests = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      '\u0000\u0001\u0002\r\n\r\n',
      'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      'POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n',
      // Request smuggling: both lengths.
      'POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    ];
    for (const request of requests) {
      const answer = await rawHttp(request);
      const shown = `${JSON.stringify(request.slice(0, 60))} → ${answer.slice(0, 300)}`;
      expect(answer, shown).toMatch(/^HTTP\/1\.1 4\d\d /);
      // The first response (bytes left over may be answered as a second, broken request).
      const head = answer.slice(0, answer.indexOf('\r\n\r\n'));
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? -1);
      const body = Buffer.from(answer.slice(head.length + 4))
        .subarray(0, length)
        .toString();
      expect(JSON.parse(body), shown).toEqual({
        error: { code: 'validation', message: expect.any(String) as unknown },
      });
      count(`raw ${answer.slice(9, 12)}`);
    }
    const health = await api<{ status: string }>(hall.url, 'GET', '/api/v1/health');
    expect(health.body.status).toBe('ok');
    await unchanged('after requests that are not HTTP');
  });

  it(`answers ${REST_CASES} malformed requests to every route with typed errors and changes nothing`, async () => {
    const doc = await api<{ paths: Record<string, Record<string, unknown>> }>(
      hall.url,
      'GET',
      '/api/v1/openapi.json',
    );
    const routes: Route[] = Object.entries(doc.body.paths).map(([template, item]) => ({
      template,
      methods: Object.keys(item).map((m) => m.toUpperCase()),
    }));
    expect(routes.length).toBeGreaterThan(15);
    const hit = new Set<string>();
    for (let sent = 0; sent < REST_CASES;) {
      const batch: Promise<void>[] = [];
      for (let i = 0; i < 16 && sent < REST_CASES; i += 1, sent += 1) {
        const c = restCase(routes);
        hit.add(c.template);
        batch.push(send(c));
      }
      await Promise.all(batch);
    }
    expect([...hit].sort()).toEqual(routes.map((r) => r.template).sort());
    await unchanged('after the REST fuzz');
    for (const socket of sockets.values()) expect(socket.connected).toBe(true);
    // Still serving: a real ticket after all that.
    const ticket = await api(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'deed-tax' },
    });
    expect(ticket.status).toBe(201);
    console.info(
      `fuzz replies: ${[...seen]
        .sort()
        .map(([code, n]) => `${code} ${n}`)
        .join(', ')}`,
    );
  });
});
