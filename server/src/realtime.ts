/**
 * Socket.IO: the typed contract of `@hallq/shared/protocol`, every payload validated with
 * zod, every command through `HallService.execute`, every committed event broadcast with
 * its `seq` to the rooms it concerns. Clients resync on every connect with `sync:request`.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  actorLabel,
  COMMAND_EVENT_NAMES,
  describeIssues,
  figuresRequestSchema,
  syncRequestSchema,
  type Actor,
  type Ack,
  type ClientToServerEvents,
  type CommandEventName,
  type CommandReply,
  type DomainError,
  type HallView,
  type LoggedEvent,
  type ServerToClientEvents,
  type Ticket,
} from '@hallq/shared';
import type { Logger } from 'pino';
import { resolveToken } from './auth.ts';
import { parseCommand } from './commands.ts';
import type { HallService } from './hall-service.ts';
import type { HallStore } from './store.ts';

interface SocketData {
  actor: Actor;
  rooms: readonly string[];
  /** Hash of the token the socket connected with (a device's is replaced when it re-pairs). */
  tokenHash: string | null;
}

type HallSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type HallIo = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export interface RealtimeContext {
  readonly hall: HallService;
  readonly store: HallStore;
  readonly clock: () => number;
  readonly personSecret: Buffer;
  readonly logger: Logger;
}

/** Strips what screens must never receive (the per-person key) from an event. */
export function publicEvent(logged: LoggedEvent): LoggedEvent {
  const { event } = logged;
  if (event.type === 'day.closed' && event.tickets.some((t) => t.personKey !== null)) {
    const tickets = event.tickets.map((t) =>
      t.personKey === null ? t : { ...t, personKey: null },
    );
    return { ...logged, event: { ...event, tickets } };
  }
  if (!('ticket' in event) || event.ticket.personKey === null) return logged;
  return { ...logged, event: { ...event, ticket: { ...event.ticket, personKey: null } } };
}

/** Strips the per-person key from every ticket of a snapshot view, as `publicEvent` does. */
export function publicView(view: HallView): HallView {
  const tickets: Record<string, Ticket> = {};
  for (const [id, ticket] of Object.entries(view.tickets)) {
    tickets[id] = ticket.personKey === null ? ticket : { ...ticket, personKey: null };
  }
  return { ...view, tickets };
}

/** A command reply as clients see it: its events and its ticket without the per-person key. */
export function publicReply(reply: CommandReply): CommandReply {
  const info = reply.ticket;
  return {
    ...reply,
    events: reply.events.map(publicEvent),
    ticket:
      info === null || info.ticket.personKey === null
        ? info
        : { ...info, ticket: { ...info.ticket, personKey: null } },
  };
}

/** Every event a client may send (the handlers below). */
const REQUEST_EVENTS: ReadonlySet<string> = new Set([
  ...COMMAND_EVENT_NAMES,
  'sync:request',
  'hall:get',
  'figures:get',
  'queues:get',
] satisfies (keyof ClientToServerEvents)[]);

/** The bearer token a socket connected with (undefined: anonymous). */
function handshakeToken(socket: {
  readonly handshake: { readonly auth: unknown };
}): string | undefined {
  const auth = socket.handshake.auth;
  return typeof auth === 'object' &&
    auth !== null &&
    'token' in auth &&
    typeof auth.token === 'string'
    ? auth.token
    : undefined;
}

/**
 * Why the actor may not join the admin rooms it asked for, or null: `admin` is for admins
 * and managers, `admin:zone:<id>` also for that zone's lead.
 */
export function adminRoomRefusal(actor: Actor, rooms: readonly string[]): DomainError | null {
  for (const room of rooms) {
    if (room !== 'admin' && !room.startsWith('admin:zone:')) continue;
    if (actor.kind !== 'staff') {
      return {
        code: actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden',
        message: 'Sign in as an administrator, manager or zone lead to see alarms.',
      };
    }
    if (actor.role === 'admin' || actor.role === 'manager') continue;
    const zone = room.slice('admin:zone:'.length);
    if (actor.role === 'zone_lead' && room !== 'admin' && actor.zoneIds.some((z) => z === zone))
      continue;
    return { code: 'forbidden', message: `Your account may not see the alarms of ${room}.` };
  }
  return null;
}

function unauthenticated(): Ack<never> {
  return {
    ok: false,
    error: {
      code: 'unauthenticated',
      message: 'The token is invalid or has expired; sign in again.',
    },
  };
}

function invalid(message: string): Ack<never> {
  return { ok: false, error: { code: 'validation', message } };
}

/** Attaches Socket.IO to the HTTP server; returns the server and a stop function. */
export function attachRealtime(
  httpServer: HttpServer,
  ctx: RealtimeContext,
): { io: HallIo; stop: () => void } {
  const { hall, store, clock, logger } = ctx;
  const io: HallIo = new Server(httpServer, {
    path: '/socket.io',
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    serveClient: false,
    cors: { origin: false },
  });

  io.use((socket, next) => {
    resolveToken(store, handshakeToken(socket), clock()).then(
      (resolved) => {
        if (!resolved.ok) {
          next(
            Object.assign(new Error('unauthenticated'), {
              data: {
                code: 'unauthenticated',
                message: 'The token is invalid or has expired; sign in again.',
              },
            }),
          );
          return;
        }
        socket.data.actor = resolved.actor;
        socket.data.rooms = [];
        socket.data.tokenHash = resolved.tokenHash;
        next();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'socket auth failed');
        next(new Error('unavailable'));
      },
    );
  });

  io.on('connection', (socket: HallSocket) => {
    const actor = socket.data.actor;
    if (actor.kind === 'device') {
      // The device's own room, for `device:config` pushes; it stays through every resync.
      void socket.join(`device:${actor.deviceId}`);
      // Checked again after joining, so a revoke or re-pair since the handshake cannot slip
      // past; a live device counts as seen.
      store.findDevice(actor.deviceId).then(
        (device) => {
          if (device === null || device.revoked || device.tokenHash !== socket.data.tokenHash) {
            socket.disconnect(true);
            return;
          }
          void store.touchDevice(actor.deviceId, clock()).catch((error: unknown) => {
            logger.warn({ err: error }, 'device last-seen not saved');
          });
        },
        (error: unknown) => {
          logger.warn({ err: error }, 'device check failed');
        },
      );
    }
    socket.emit('session:ready', {
      actor: actorLabel(actor),
      role: actor.kind === 'staff' || actor.kind === 'device' ? actor.role : actor.kind,
      windowId: actor.kind === 'staff' || actor.kind === 'device' ? actor.windowId : null,
    });

    // Requests the handlers below cannot answer still get a typed error: an unknown event,
    // or a known one whose acknowledgement is not its second argument (no payload, or
    // extra arguments). A request without an acknowledgement is ignored, as everywhere.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      const reply = ack as (reply: Ack<unknown>) => void;
      const name = typeof event === 'string' ? event : '';
      if (!REQUEST_EVENTS.has(name)) {
        reply({
          ok: false,
          error: {
            code: 'not_found',
            message: `Unknown event ${JSON.stringify(name.slice(0, 40))}.`,
          },
        });
      } else if (args.length !== 2) {
        reply(invalid(`${name} takes one payload and an acknowledgement.`));
      }
    });

    for (const name of COMMAND_EVENT_NAMES) {
      socket.on(name as 'ticket:issue', (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return; // commands must be acknowledged
        const reply = ack as (reply: Ack<unknown>) => void;
        void handleCommand(name, payload).then(reply, (error: unknown) => {
          logger.error({ err: error, command: name }, 'command failed');
          reply({
            ok: false,
            error: { code: 'internal', message: 'Internal error; nothing was changed.' },
          });
        });
      });
    }

    /**
     * The socket's actor as of now. A token can stop being valid while its socket stays
     * open (a session signed out or expired, an account disabled), so every command is
     * authenticated again, as a REST request would be; null when the token no longer is.
     */
    async function currentActor(): Promise<Actor | null> {
      if (socket.data.tokenHash === null) return socket.data.actor; // anonymous
      const resolved = await resolveToken(store, handshakeToken(socket), clock());
      return resolved.ok ? socket.data.actor : null;
    }

    async function handleCommand(name: CommandEventName, payload: unknown): Promise<Ack<unknown>> {
      const actor = await currentActor();
      if (actor === null) return unauthenticated();
      const parsed = parseCommand(name, payload, ctx.personSecret);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      const result = await hall.execute(actor, parsed.value.body, {
        idempotencyKey: parsed.value.idempotencyKey,
        auditPayload: parsed.value.auditPayload,
      });
      if (!result.ok) return result;
      return { ok: true, data: publicReply(result.data) };
    }

    socket.on('sync:request', (request: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (reply: Ack<unknown>) => void;
      const parsed = syncRequestSchema.safeParse(request);
      if (!parsed.success) {
        reply(invalid(`Invalid sync:request: ${describeIssues(parsed.error)}`));
        return;
      }
      const { after, rooms } = parsed.data;
      const refused = adminRoomRefusal(socket.data.actor, rooms);
      if (refused !== null) {
        reply({ ok: false, error: refused });
        return;
      }
      hall
        .sync(after, rooms, () => {
          for (const room of socket.rooms) {
            if (room !== socket.id && !room.startsWith('device:')) void socket.leave(room);
          }
          void socket.join(rooms);
          socket.data.rooms = rooms;
        })
        .then(
          (sync) => {
            reply({
              ok: true,
              data:
                sync.mode === 'events'
                  ? { ...sync, events: sync.events.map(publicEvent) }
                  : { ...sync, view: publicView(sync.view) },
            });
          },
          (error: unknown) => {
            logger.error({ err: error }, 'sync failed');
            reply({
              ok: false,
              error: { code: 'unavailable', message: 'Sync failed; reconnect.' },
            });
          },
        );
    });

    socket.on('hall:get', (_payload: unknown, ack: unknown) => {
      if (typeof ack === 'function')
        (ack as (reply: Ack<unknown>) => void)({ ok: true, data: hall.state.config });
    });
    socket.on('figures:get', (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (reply: Ack<unknown>) => void;
      const parsed = figuresRequestSchema.safeParse(payload ?? {});
      if (!parsed.success) {
        reply(invalid(`Invalid figures:get: ${describeIssues(parsed.error)}`));
        return;
      }
      const { windowId } = parsed.data;
      currentActor().then(
        (actor) => reply(actor === null ? unauthenticated() : hall.figures(actor, windowId)),
        (error: unknown) => {
          logger.error({ err: error }, 'figures failed');
          reply({ ok: false, error: { code: 'unavailable', message: 'Try again.' } });
        },
      );
    });
    socket.on('queues:get', (_payload: unknown, ack: unknown) => {
      if (typeof ack === 'function')
        (ack as (reply: Ack<unknown>) => void)({ ok: true, data: hall.queues() });
    });
  });

  let queuesDirty = false;
  const unsubscribe = hall.onCommitted((events, rooms) => {
    events.forEach((logged, i) => {
      io.to([...(rooms[i] ?? ['hall'])]).emit('hall:event', publicEvent(logged));
    });
    queuesDirty = true;
  });
  const queueTimer = setInterval(() => {
    if (!queuesDirty) return;
    queuesDirty = false;
    io.emit('queues:update', hall.queues());
  }, 1000);
  queueTimer.unref();

  return {
    io,
    stop: () => {
      unsubscribe();
      clearInterval(queueTimer);
    },
  };
}
