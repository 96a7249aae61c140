/**
 * Shared helpers for the integration suites: a real hall server on a temp data folder with a
 * controllable clock, real HTTP (fetch) and real Socket.IO clients.
 *
 * Keep this file generic and stable: several suites import it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach } from 'vitest';
import type {
  Ack,
  ClientToServerEvents,
  CommandEventName,
  CommandPayload,
  CommandReply,
  DomainError,
  LoggedEvent,
  ServerToClientEvents,
  SyncReply,
  SyncRequest,
} from '@hallq/shared';
import {
  DEMO_ADMIN,
  DEMO_CLERK_PASSWORD,
  demoClerkId,
  startHallServer,
  type HallServer,
  type HallServerOptions,
} from '@hallq/server';

/** A typed Socket.IO client of the hall protocol. */
export type HallClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** 2026-11-24 (a Tuesday) 10:00 in Asia/Shanghai. */
export const DEFAULT_START = Date.UTC(2026, 10, 24, 2, 0);

export interface TestHallOptions {
  /** Start time of the clock, ms since epoch (default {@link DEFAULT_START}). */
  readonly start?: number;
  /** Reuse a data folder (e.g. to restart on it); it is then not removed by `close()`. */
  readonly dataDir?: string;
  /** Extra server options (seedConfig, maxDbBytes, …). */
  readonly server?: Partial<Omit<HallServerOptions, 'dataDir' | 'clock'>>;
}

export interface TestHall {
  readonly server: HallServer;
  readonly url: string;
  readonly dataDir: string;
  /** The server's current time. */
  now(): number;
  /** Moves the server's clock forward. */
  advance(ms: number): void;
  /** Sets the server's clock. */
  setNow(ms: number): void;
  /** Closes every client connected through {@link connectClient} to it, the server, and removes the temp folder. */
  close(): Promise<void>;
}

const clients = new Map<HallClient, string>();

/** Starts a hall server on port 0 over a fresh temp data folder (the demo hall is seeded). */
export async function startTestHall(options: TestHallOptions = {}): Promise<TestHall> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'hallq-test-'));
  let now = options.start ?? DEFAULT_START;
  const server = await startHallServer({
    logger: pino({ level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    ...options.server,
    dataDir,
    clock: () => now,
  });
  let closing: Promise<void> | null = null;
  return {
    server,
    url: server.url,
    dataDir,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    setNow: (ms) => {
      now = ms;
    },
    close: () => {
      closing ??= (async () => {
        closeClients(server.url);
        await server.close();
        if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

/**
 * A fresh hall for each test of the calling file: registers a `beforeEach` that starts one and
 * an `afterEach` that closes it. The handle forwards to the hall of the running test.
 */
export function useTestHall(options: TestHallOptions = {}): TestHall {
  let current: TestHall | null = null;
  beforeEach(async () => {
    current = await startTestHall(options);
  });
  afterEach(async () => {
    const closing = current;
    current = null;
    await closing?.close();
  });
  const hall = (): TestHall => {
    if (current === null) throw new Error('useTestHall: no hall outside a test');
    return current;
  };
  return {
    get server() {
      return hall().server;
    },
    get url() {
      return hall().url;
    },
    get dataDir() {
      return hall().dataDir;
    },
    now: () => hall().now(),
    advance: (ms) => {
      hall().advance(ms);
    },
    setNow: (ms) => {
      hall().setNow(ms);
    },
    close: () => hall().close(),
  };
}

export interface ApiOptions {
  readonly token?: string;
  /** JSON-encoded as the body. */
  readonly body?: unknown;
  /** Sent as is (for invalid JSON); set a content-type header yourself if needed. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** One HTTP call; the body is parsed as JSON when it is JSON, else returned as text. */
export async function api<T = unknown>(
  url: string,
  method: string,
  path: string,
  options: ApiOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] = 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  const response = await fetch(`${url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    parsed = JSON.parse(text);
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** The body of a successful REST reply. */
/**
 * POSTs a command over REST and returns its reply's data; anything but 2xx throws with the
 * status and body, so a test fails where the command was refused.
 */
export async function postCommand(
  url: string,
  path: string,
  token?: string,
  body: unknown = {},
): Promise<CommandReply> {
  const response = await api<RestData<CommandReply>>(url, 'POST', path, { token, body });
  if (response.status >= 300) {
    throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.data;
}

export interface RestData<T> {
  readonly data: T;
}

/** The body of a refused REST call. */
export interface RestError {
  readonly error: DomainError;
}

export interface LoginReply {
  readonly data: {
    readonly token: string;
    readonly expiresAt: number;
    readonly staff: {
      readonly staffId: string;
      readonly role: string;
      readonly windowId: number | null;
    };
  };
}

/** Signs in over REST and returns the bearer token (throws unless 200). */
export async function login(
  url: string,
  staffId: string,
  password: string,
  windowId?: number,
): Promise<string> {
  const response = await api<LoginReply>(url, 'POST', '/api/v1/auth/login', {
    body: windowId === undefined ? { staffId, password } : { staffId, password, windowId },
  });
  if (response.status !== 200) {
    throw new Error(`login ${staffId} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.data.token;
}

/** Signs the demo hall's clerk of window `windowId` in over REST; returns the bearer token. */
export function loginClerk(url: string, windowId: number): Promise<string> {
  return login(url, demoClerkId(windowId), DEMO_CLERK_PASSWORD);
}

/** Signs the demo hall's admin in over REST; returns the bearer token. */
export function loginAdmin(url: string): Promise<string> {
  return login(url, DEMO_ADMIN.staffId, DEMO_ADMIN.password);
}

/** Connects a Socket.IO client (websocket only, no reconnection); resolves once connected. */
export function connectClient(url: string, token?: string): Promise<HallClient> {
  const socket: HallClient = io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  clients.set(socket, url);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('connect_error');
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clients.delete(socket);
      socket.close();
      reject(error);
    });
  });
}

/** Disconnects every client opened by {@link connectClient} (to one server when `url` is given). */
export function closeClients(url?: string): void {
  for (const [socket, at] of clients) {
    if (url !== undefined && at !== url) continue;
    socket.close();
    clients.delete(socket);
  }
}

/** Sends a typed command and waits (≤ 5 s) for its acknowledgement. */
export async function command<E extends CommandEventName>(
  socket: HallClient,
  name: E,
  payload: CommandPayload<E>,
): Promise<Ack<CommandReply>> {
  return (await rawEmit(socket, name, payload)) as Ack<CommandReply>;
}

/** Emits any event with any payload (for malformed input) and waits (≤ 5 s) for the ack. */
export function rawEmit(socket: HallClient, name: string, payload: unknown): Promise<unknown> {
  const loose = socket as unknown as Socket;
  return loose.timeout(5000).emitWithAck(name, payload) as Promise<unknown>;
}

/** `sync:request` over the socket (joins the rooms). */
export async function syncRequest(
  socket: HallClient,
  request: SyncRequest,
): Promise<Ack<SyncReply>> {
  return (await rawEmit(socket, 'sync:request', request)) as Ack<SyncReply>;
}

/** Collects every `hall:event` the socket receives from now on. */
export function collectEvents(socket: HallClient): LoggedEvent[] {
  const seen: LoggedEvent[] = [];
  socket.on('hall:event', (event) => {
    seen.push(event);
  });
  return seen;
}

/** Polls `predicate` until it holds (default ≤ 5 s). */
export async function waitFor(
  predicate: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface DbState {
  /** The hall's in-memory sequence. */
  readonly seq: number;
  /** The last sequence in the store's event log. */
  readonly storeSeq: number;
  /** In-memory tickets, windows and counters, sorted, as JSON. */
  readonly memory: string;
  /** Stored tickets, windows and counters of the current day, sorted, as JSON. */
  readonly stored: string;
}

/** A snapshot of everything a command may change, for "nothing changed" comparisons. */
export async function dbState(server: HallServer): Promise<DbState> {
  const { day } = server.hall.state;
  const stored = await server.store.loadDay();
  const byKey = <T>(
    entries: Iterable<readonly [string | number, T]>,
  ): (readonly [string | number, T])[] =>
    [...entries].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  return {
    seq: server.hall.currentSeq,
    storeSeq: await server.store.lastSeq(),
    memory: JSON.stringify({
      businessDay: day.businessDay,
      tickets: byKey(day.tickets),
      windows: byKey(day.windows),
      counters: byKey(day.counters),
    }),
    stored: JSON.stringify(
      stored === null
        ? null
        : {
            businessDay: stored.businessDay,
            tickets: byKey(stored.tickets.map((t) => [t.id, t] as const)),
            windows: byKey(stored.windows.map((w) => [w.windowId, w] as const)),
            counters: byKey(stored.counters),
          },
    ),
  };
}

export interface EventsPage {
  readonly data: readonly LoggedEvent[];
  readonly next: string | null;
  readonly seq: number;
}

/** Every logged event after `after`, following the pages of `GET /api/v1/events`. */
export async function readAllEvents(url: string, token: string, after = 0): Promise<LoggedEvent[]> {
  const all: LoggedEvent[] = [];
  let path: string | null = `/api/v1/events?after=${after}&limit=1000`;
  while (path !== null) {
    const page: ApiResponse<EventsPage> = await api<EventsPage>(url, 'GET', path, { token });
    if (page.status !== 200) throw new Error(`GET ${path}: ${page.status}`);
    all.push(...page.body.data);
    path = page.body.next;
  }
  return all;
}

/**
 * Pairs a device (as the admin console would) and returns its bearer token. `binding` holds
 * what the admin set for it, e.g. a kiosk's `{ printerUrl, paper }`.
 */
export async function createDeviceToken(
  server: HallServer,
  role: 'kiosk' | 'display' | 'counter' | 'rating',
  windowId: number | null = null,
  deviceId = `${role}-${randomBytes(4).toString('hex')}`,
  binding: Readonly<Record<string, unknown>> = {},
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await server.store.upsertDevice({
    deviceId,
    name: deviceId,
    role,
    windowId,
    binding,
    tokenHash: createHash('sha256').update(token).digest('hex'),
    revoked: false,
  });
  return token;
}

export interface AuditRow {
  readonly id: number;
  readonly at: number;
  readonly actor: string;
  readonly command: string;
  readonly payload: string;
  readonly outcome: string;
}

/** The audit log as stored, oldest first (read-only connection to the data folder's database). */
export function auditRows(dataDir: string): AuditRow[] {
  const db = new Database(join(dataDir, 'hallq.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT id, at, actor, command, payload, outcome FROM audit ORDER BY id')
      .all() as AuditRow[];
  } finally {
    db.close();
  }
}
