import type { Actor } from './actor.ts';
import type { BusinessDay, ServiceId, WindowId } from './ids.ts';
import type { Alarm, ConfigSection, StaffPublic, WorkOrder } from './admin.ts';
import type { HallConfig, Ticket, WindowState } from './model.ts';

/**
 * Domain events. Each carries the resulting versions of the ticket and/or window it
 * changed, so a projection (the server's tables, a screen's view) is a plain upsert.
 */
interface EventBase<T extends string> {
  readonly type: T;
  readonly at: number;
}
interface TicketEvent<T extends string> extends EventBase<T> {
  readonly ticket: Ticket;
}
interface TicketWindowEvent<T extends string> extends TicketEvent<T> {
  readonly window: WindowState;
}

export type TicketIssued = TicketEvent<'ticket.issued'>;
export interface TicketCalled extends TicketWindowEvent<'ticket.called'> {
  /** 特呼 of a named ticket rather than call-next. */
  readonly specific: boolean;
  /**
   * The window that called the ticket before, when another one (a transferred or no-show
   * ticket called elsewhere): its screens must drop the old call. Absent in older logs.
   */
  readonly previousWindowId?: WindowId | null;
}
export type TicketRecalled = TicketWindowEvent<'ticket.recalled'>;
export type TicketStarted = TicketWindowEvent<'ticket.started'>;
export interface TicketCompleted extends TicketWindowEvent<'ticket.completed'> {
  readonly handlingMs: number;
}
export interface TicketNoShow extends TicketEvent<'ticket.noShow'> {
  /** Present when the ticket was at a window. */
  readonly window: WindowState | null;
}
export type TicketReactivated = TicketEvent<'ticket.reactivated'>;
export interface TicketTransferred extends TicketEvent<'ticket.transferred'> {
  readonly window: WindowState | null;
  readonly fromServiceId: ServiceId;
  /** The window it was called at, or the one it waited for (targeted); else null. */
  readonly fromWindowId: WindowId | null;
}
export type TicketSuspended = TicketWindowEvent<'ticket.suspended'>;
export type TicketResumed = TicketEvent<'ticket.resumed'>;
export interface TicketCancelled extends TicketEvent<'ticket.cancelled'> {
  readonly window: WindowState | null;
}
export type TicketRated = TicketEvent<'ticket.rated'>;
interface WindowEvent<T extends string> extends EventBase<T> {
  readonly window: WindowState;
}
export type WindowOpened = WindowEvent<'window.opened'>;
export type WindowClosed = WindowEvent<'window.closed'>;
export type WindowPaused = WindowEvent<'window.paused'>;
export type WindowResumed = WindowEvent<'window.resumed'>;
export interface DayClosed extends EventBase<'day.closed'> {
  readonly closedDay: BusinessDay;
  readonly nextDay: BusinessDay;
  /** Tickets closed by the day-close policy, in their final state. */
  readonly tickets: readonly Ticket[];
  /** Every window after the close (all closed, nobody signed in). */
  readonly windows: readonly WindowState[];
}

/** The configuration changed (admin console): `config` is the whole new configuration. */
export interface ConfigChanged extends EventBase<'config.changed'> {
  readonly section: ConfigSection | 'import';
  readonly config: HallConfig;
}
/** A staff account was created or changed (never carries the password or its hash). */
export interface StaffChanged extends EventBase<'staff.changed'> {
  readonly staff: StaffPublic;
  readonly change: 'created' | 'updated' | 'password_reset' | 'disabled' | 'enabled';
}
interface AlarmEvent<T extends string> extends EventBase<T> {
  readonly alarm: Alarm;
}
export type AlarmRaised = AlarmEvent<'alarm.raised'>;
export type AlarmCleared = AlarmEvent<'alarm.cleared'>;
export type AlarmAcknowledged = AlarmEvent<'alarm.acknowledged'>;
/** A bad-rating work order opened or changed; `action` names the change (callback, appeal …). */
export interface WorkOrderOpened extends EventBase<'workOrder.opened'> {
  readonly order: WorkOrder;
}
export interface WorkOrderUpdated extends EventBase<'workOrder.updated'> {
  readonly order: WorkOrder;
  readonly action: string;
}

/** Events of the admin console: they change no ticket or window and go to admin rooms. */
export type AdminEvent =
  | StaffChanged
  | AlarmRaised
  | AlarmCleared
  | AlarmAcknowledged
  | WorkOrderOpened
  | WorkOrderUpdated;

export const ADMIN_EVENT_TYPES: ReadonlySet<string> = new Set<AdminEvent['type']>([
  'staff.changed',
  'alarm.raised',
  'alarm.cleared',
  'alarm.acknowledged',
  'workOrder.opened',
  'workOrder.updated',
]);

export function isAdminEvent(event: DomainEvent): event is AdminEvent {
  return ADMIN_EVENT_TYPES.has(event.type);
}

export type DomainEvent =
  | TicketIssued
  | TicketCalled
  | TicketRecalled
  | TicketStarted
  | TicketCompleted
  | TicketNoShow
  | TicketReactivated
  | TicketTransferred
  | TicketSuspended
  | TicketResumed
  | TicketCancelled
  | TicketRated
  | WindowOpened
  | WindowClosed
  | WindowPaused
  | WindowResumed
  | DayClosed
  | ConfigChanged
  | AdminEvent;

export type DomainEventType = DomainEvent['type'];

/** An event as stored in the log: the domain event plus its hall-wide sequence and sender. */
export interface LoggedEvent {
  readonly seq: number;
  readonly businessDay: BusinessDay;
  readonly actor: string;
  readonly event: DomainEvent;
}

export type { Actor };
