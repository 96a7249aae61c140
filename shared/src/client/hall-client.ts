/**
 * The one typed client of the hall server, used by the kiosk, the screens and the counter.
 * It keeps a `HallView` of the rooms it joined, resyncs by `seq` on every (re)connect, and
 * sends commands with an idempotency key, retrying on time-outs with the same key so that a
 * lost acknowledgement never issues or calls twice.
 */
import { io, type Socket } from 'socket.io-client';
import type { DomainError } from '../domain/errors.ts';
import type { LoggedEvent } from '../domain/events.ts';
import type { HallConfig } from '../domain/model.ts';
import type { ServiceQueueStats } from '../domain/eta.ts';
import type {
  Ack,
  ClientToServerEvents,
  CommandReply,
  ServerToClientEvents,
  SessionInfo,
  SyncReply,
} from '../protocol/contract.ts';
import type { CommandEventName, CommandPayload } from '../protocol/schemas.ts';
import { applyToView, zoneIndex, type HallView, type ZoneIndex } from '../protocol/view.ts';

export type ConnectionState = 'connecting' | 'online' | 'offline';

/** How a view changed: `live` events arrived as they happened; `resync` caught up after a gap. */
export interface ViewChange {
  readonly kind: 'live' | 'resync' | 'snapshot';
  readonly events: readonly LoggedEvent[];
}

export interface HallClientOptions {
  /** Server origin; default: the page's own origin. */
  readonly url?: string;
  /** Bearer token (staff session or device); none = anonymous. */
  readonly token?: string | null;
  readonly rooms: readonly string[];
  readonly onView?: (view: HallView, change: ViewChange) => void;
  readonly onState?: (state: ConnectionState) => void;
  readonly onQueues?: (stats: readonly ServiceQueueStats[]) => void;
  readonly onConfig?: (config: HallConfig) => void;
  readonly onSession?: (session: SessionInfo) => void;
  /** The server refused the token: sign in again. */
  readonly onUnauthenticated?: () => void;
}

type HallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 8000;
const COMMAND_ATTEMPTS = 3;

/** A random idempotency key (crypto.randomUUID where available). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID !== undefined) return c.randomUUID();
  const bytes = new Uint8Array(16);
  c?.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function unreachable(message: string): { ok: false; error: DomainError } {
  return { ok: false, error: { code: 'unavailable', message } };
}

export class HallClient {
  private readonly socket: HallSocket;
  private index: ZoneIndex | null = null;
  private syncing = false;
  private buffered: LoggedEvent[] = [];
  config: HallConfig | null = null;
  view: HallView | null = null;
  queues: readonly ServiceQueueStats[] = [];
  state: ConnectionState = 'connecting';

  constructor(private readonly options: HallClientOptions) {
    this.socket = io(options.url ?? globalThis.location.origin, {
      path: '/socket.io',
      auth: options.token === undefined || options.token === null ? {} : { token: options.token },
      transports: ['websocket', 'polling'],
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => {
      void this.resync();
    });
    this.socket.on('disconnect', () => {
      this.setState('offline');
    });
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      this.setState('offline');
      if (error.message === 'unauthenticated' || error.data?.code === 'unauthenticated') {
        options.onUnauthenticated?.();
      }
    });
    this.socket.on('hall:event', (logged) => {
      if (this.syncing) {
        this.buffered.push(logged);
        return;
      }
      this.apply([logged], 'live');
    });
    this.socket.on('queues:update', (stats) => {
      this.queues = stats;
      options.onQueues?.(stats);
    });
    this.socket.on('session:ready', (session) => {
      options.onSession?.(session);
    });
  }

  /**
   * Emits with an acknowledgement and a time-out. Socket.IO's typings lose the ack type of
   * our mapped event map, so the reply type is stated here, once, for every request.
   */
  private ask<T>(event: string, payload: unknown): Promise<Ack<T>> {
    const loose = this.socket as unknown as Socket;
    return loose.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload) as Promise<Ack<T>>;
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState?.(state);
  }

  private apply(events: readonly LoggedEvent[], kind: ViewChange['kind']): void {
    const { view, index } = this;
    if (view === null || index === null) return;
    let next = view;
    const fresh: LoggedEvent[] = [];
    let current = index;
    for (const logged of events) {
      if (logged.seq <= next.seq) continue;
      if (logged.event.type === 'config.changed') {
        // A configuration change from the admin console takes effect at once.
        this.config = logged.event.config;
        current = zoneIndex(logged.event.config);
        this.index = current;
        this.options.onConfig?.(logged.event.config);
      }
      next = applyToView(next, logged, current);
      fresh.push(logged);
    }
    if (fresh.length === 0) return;
    this.view = next;
    this.options.onView?.(next, { kind, events: fresh });
  }

  /** Catches up after every connect: config, then missed events or a snapshot. */
  private async resync(): Promise<void> {
    this.syncing = true;
    this.buffered = [];
    try {
      const config = await this.ask<HallConfig>('hall:get', {});
      if (config.ok) {
        this.config = config.data;
        this.index = zoneIndex(config.data);
        this.options.onConfig?.(config.data);
      }
      const after = this.view?.seq ?? 0;
      const reply = await this.ask<SyncReply>('sync:request', {
        after,
        rooms: [...this.options.rooms],
      });
      if (!reply.ok) throw new Error(reply.error.message);
      const queues = await this.ask<readonly ServiceQueueStats[]>('queues:get', {});
      if (queues.ok) {
        this.queues = queues.data;
        this.options.onQueues?.(queues.data);
      }
      if (reply.data.mode === 'snapshot') {
        this.view = reply.data.view;
        this.options.onView?.(reply.data.view, { kind: 'snapshot', events: [] });
      } else {
        this.apply(reply.data.events, 'resync');
      }
      this.syncing = false;
      const buffered = this.buffered;
      this.buffered = [];
      this.apply(buffered, 'live');
      this.setState('online');
    } catch {
      this.syncing = false;
      // The connection dropped mid-sync; the next connect syncs again.
      if (this.socket.connected) this.socket.disconnect().connect();
    }
  }

  /**
   * Sends a command and waits for its acknowledgement. A time-out is retried with the same
   * idempotency key; the reply is the server's, never a guess.
   */
  /** Any other request of the contract (e.g. `figures:get`). */
  request<T>(event: 'figures:get' | 'queues:get' | 'hall:get', payload: object): Promise<Ack<T>> {
    if (!this.socket.connected)
      return Promise.resolve(unreachable('Not connected to the hall server.'));
    return this.ask<T>(event, payload).catch(() => unreachable('The hall server did not answer.'));
  }

  async command<E extends CommandEventName>(
    name: E,
    payload: CommandPayload<E>,
  ): Promise<Ack<CommandReply>> {
    const keyed = { ...payload, idempotencyKey: payload.idempotencyKey ?? newIdempotencyKey() };
    for (let attempt = 1; attempt <= COMMAND_ATTEMPTS; attempt += 1) {
      if (!this.socket.connected) {
        return unreachable('Not connected to the hall server.');
      }
      try {
        return await this.ask<CommandReply>(name, keyed);
      } catch {
        // time-out: retry with the same key
      }
    }
    return unreachable('The hall server did not answer.');
  }

  close(): void {
    this.socket.close();
  }
}

export interface LoginResult {
  readonly token: string;
  readonly expiresAt: number;
  readonly staff: {
    readonly staffId: string;
    readonly name: string;
    readonly role: string;
    readonly windowId: number | null;
    /** Zones a zone lead (首席代表) is responsible for. */
    readonly zoneIds?: readonly string[];
  };
}

/** Staff sign-in over REST. */
export async function login(
  staffId: string,
  password: string,
  windowId?: number,
  origin: string = globalThis.location.origin,
): Promise<Ack<LoginResult>> {
  try {
    const response = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        windowId === undefined ? { staffId, password } : { staffId, password, windowId },
      ),
    });
    const body = (await response.json()) as { data?: LoginResult; error?: DomainError };
    if (body.data !== undefined) return { ok: true, data: body.data };
    return {
      ok: false,
      error: body.error ?? { code: 'internal', message: `HTTP ${response.status}` },
    };
  } catch {
    return unreachable('The hall server cannot be reached.');
  }
}

/** GET a JSON resource of the REST API with an optional token. */
export async function getJson<T>(
  path: string,
  token?: string | null,
  origin: string = globalThis.location.origin,
): Promise<Ack<T>> {
  try {
    const response = await fetch(`${origin}${path}`, {
      headers: token === undefined || token === null ? {} : { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { data?: T; error?: DomainError };
    if (body.data !== undefined) return { ok: true, data: body.data };
    return {
      ok: false,
      error: body.error ?? { code: 'internal', message: `HTTP ${response.status}` },
    };
  } catch {
    return unreachable('The hall server cannot be reached.');
  }
}
