/**
 * The one typed Socket.IO contract shared by the server and every client.
 *
 * Connect with `auth: { token }` (a staff session token, a device token or an API key;
 * none = anonymous). After every connect, send `sync:request` with the last `seq` you
 * applied and your rooms: the reply holds either the missed events or a snapshot. Then
 * apply each `hall:event` whose `seq` is above yours. Commands are acknowledged with
 * `{ ok: true, data } | { ok: false, error }`; retry with the same `idempotencyKey`.
 */
import type { DomainError } from '../domain/errors.ts';
import type { LoggedEvent } from '../domain/events.ts';
import type { HallConfig, Ticket } from '../domain/model.ts';
import type { ServiceQueueStats } from '../domain/eta.ts';
import type { DayFigures } from '../domain/figures.ts';
import type { DeviceConfig } from './devices.ts';
import type { CommandEventName, CommandPayload, SyncRequest } from './schemas.ts';
import type { HallView } from './view.ts';

export type Ack<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: DomainError };

/** What every accepted command answers: the events it caused and the ticket it concerns. */
export interface CommandReply {
  /** Sequence number of the last event written (unchanged when nothing happened). */
  readonly seq: number;
  readonly events: readonly LoggedEvent[];
  readonly ticket: TicketInfo | null;
}

/** A ticket with its place in the queue, as the kiosk prints it and the phone page shows it. */
export interface TicketInfo {
  readonly ticket: Ticket;
  /** People ahead in its queue (0 when called or finished). */
  readonly ahead: number;
  /** Estimated wait in ms; null when no window is open for its service. */
  readonly estimatedWaitMs: number | null;
}

export type SyncReply =
  | { readonly mode: 'events'; readonly seq: number; readonly events: readonly LoggedEvent[] }
  | { readonly mode: 'snapshot'; readonly seq: number; readonly view: HallView };

export interface SessionInfo {
  readonly actor: string;
  readonly role: string;
  readonly windowId: number | null;
}

export type ClientToServerEvents = {
  [E in CommandEventName]: (
    payload: CommandPayload<E>,
    ack: (reply: Ack<CommandReply>) => void,
  ) => void;
} & {
  'sync:request': (request: SyncRequest, ack: (reply: Ack<SyncReply>) => void) => void;
  'hall:get': (payload: Record<string, never>, ack: (reply: Ack<HallConfig>) => void) => void;
  'figures:get': (payload: { windowId?: number }, ack: (reply: Ack<DayFigures>) => void) => void;
  'queues:get': (
    payload: Record<string, never>,
    ack: (reply: Ack<readonly ServiceQueueStats[]>) => void,
  ) => void;
};

export interface ServerToClientEvents {
  /** Every change, in `seq` order, to the rooms it concerns. */
  'hall:event': (event: LoggedEvent) => void;
  /** Per-service waiting counts and estimates, sent at most about once a second on change. */
  'queues:update': (stats: readonly ServiceQueueStats[]) => void;
  /** The server accepted the connection; who it thinks you are. */
  'session:ready': (session: SessionInfo) => void;
  /** To a paired device (room `device:<id>`): its configuration after the admin changed it. */
  'device:config': (config: DeviceConfig) => void;
}
