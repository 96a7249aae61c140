import type { Actor } from './actor.ts';
import type { ServiceId, TicketId, WindowId } from './ids.ts';
import type { BadRatingReason, IssueChannel, PriorityClass, RatingScore } from './model.ts';

/** Issue a ticket (取号). */
export interface IssueTicket {
  readonly type: 'ticket.issue';
  readonly serviceId: ServiceId;
  readonly priority: PriorityClass;
  readonly channel: IssueChannel;
  readonly personKey: string | null;
  readonly personMasked: string | null;
  readonly appointmentId: string | null;
}
/** Call the next ticket for a window (叫号). Opens a closed window of the signed-in clerk. */
export interface CallNext {
  readonly type: 'window.callNext';
  readonly windowId: WindowId;
}
/** Call one named ticket (特呼). */
export interface CallTicket {
  readonly type: 'ticket.call';
  readonly windowId: WindowId;
  readonly ticketId: TicketId;
}
export interface TicketAction<T extends string> {
  readonly type: T;
  readonly ticketId: TicketId;
}
export type RecallTicket = TicketAction<'ticket.recall'>;
export type StartTicket = TicketAction<'ticket.start'>;
export type CompleteTicket = TicketAction<'ticket.complete'>;
export type NoShowTicket = TicketAction<'ticket.noShow'>;
export type ReactivateTicket = TicketAction<'ticket.reactivate'>;
export type SuspendTicket = TicketAction<'ticket.suspend'>;
export type ResumeTicket = TicketAction<'ticket.resume'>;
export type CancelTicket = TicketAction<'ticket.cancel'>;
/** Transfer (转移) to another service or to a named window; keeps number and priority. */
export interface TransferTicket {
  readonly type: 'ticket.transfer';
  readonly ticketId: TicketId;
  readonly toServiceId: ServiceId | null;
  readonly toWindowId: WindowId | null;
  readonly note: string | null;
}
export interface OpenWindow {
  readonly type: 'window.open';
  readonly windowId: WindowId;
}
export interface CloseWindow {
  readonly type: 'window.close';
  readonly windowId: WindowId;
}
export interface PauseWindow {
  readonly type: 'window.pause';
  readonly windowId: WindowId;
  readonly reason: string;
}
export interface ResumeWindow {
  readonly type: 'window.resume';
  readonly windowId: WindowId;
}
/** The visitor rates a completed ticket (好差评), within the hall's rating time. */
export interface RateTicket {
  readonly type: 'ticket.rate';
  readonly ticketId: TicketId;
  readonly score: RatingScore;
  readonly reasons: readonly BadRatingReason[];
  readonly comment: string | null;
  readonly caseNumber: string | null;
}
/** Close the business day (日结): open tickets closed by policy, windows closed, clerks out. */
export interface CloseDay {
  readonly type: 'day.close';
}

export type CommandBody =
  | IssueTicket
  | CallNext
  | CallTicket
  | RecallTicket
  | StartTicket
  | CompleteTicket
  | NoShowTicket
  | ReactivateTicket
  | SuspendTicket
  | ResumeTicket
  | CancelTicket
  | TransferTicket
  | RateTicket
  | OpenWindow
  | CloseWindow
  | PauseWindow
  | ResumeWindow
  | CloseDay;

export type CommandType = CommandBody['type'];

/** A command with its sender. */
export type Command = CommandBody & { readonly actor: Actor };
