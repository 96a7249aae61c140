/**
 * Estimated wait (brief §4) for the kiosk, the ticket, the phone page and the admin
 * console. Deliberately simple and documented so the simulator (§10) can measure and tune
 * it:
 *
 *   wait = max(0, ahead + 1 − idleWindows) × meanHandling / capacity, rounded to whole seconds
 *
 * - `ahead`: people who will be served before this ticket ({@link peopleAhead}).
 * - `idleWindows`: assigned windows in state `idle`, which can call at once.
 * - `meanHandling`: {@link meanHandlingMs}.
 * - `capacity`: {@link activeWindowCapacity}; when it is 0 no window is open for the service
 *   and the estimate is null (the UI says "no window open").
 *
 * Known simplifications: tickets of other services sharing the same windows are only
 * accounted for through the secondary share; the time already spent on the tickets at the
 * windows is ignored; the order assumed is the `priority` order whatever the window policy.
 */
import type { ServiceId, WindowId, ZoneId } from './ids.ts';
import { priorityRank } from './model.ts';
import type { HallState, Service, Ticket, WindowStateName } from './model.ts';

/** Samples below which measured handling times are padded with the expected time. */
export const MIN_HANDLING_SAMPLES = 3;

/** Capacity share of a window for a service it serves as primary. */
export const PRIMARY_SHARE = 1;

/** Capacity share of a window for a service it serves as secondary (岗位互补). */
export const SECONDARY_SHARE = 0.5;

/**
 * Mean handling time of a service in ms. With k recent samples and E = the service's
 * `expectedHandlingMin × 60000`: k ≥ {@link MIN_HANDLING_SAMPLES} → the mean of the samples;
 * fewer → the samples padded with E up to {@link MIN_HANDLING_SAMPLES} values, i.e.
 * `(sum + (3 − k) × E) / 3` (so E with no sample). An unknown service has E = 0.
 */
export function meanHandlingMs(state: HallState, serviceId: ServiceId): number {
  const samples = state.day.handling.get(serviceId)?.recentMs ?? [];
  const sum = samples.reduce((total, ms) => total + ms, 0);
  if (samples.length >= MIN_HANDLING_SAMPLES) return sum / samples.length;
  const service = findService(state, serviceId);
  const expected = (service?.expectedHandlingMin ?? 0) * 60_000;
  return (sum + (MIN_HANDLING_SAMPLES - samples.length) * expected) / MIN_HANDLING_SAMPLES;
}

/**
 * Serving capacity of a service in windows: over the windows assigned to it that are open
 * (state `idle`, `calling` or `serving`; a window without state counts as closed), the sum of
 * {@link PRIMARY_SHARE} for a primary and {@link SECONDARY_SHARE} for a secondary
 * assignment. 0 when no assigned window is open.
 */
export function activeWindowCapacity(state: HallState, serviceId: ServiceId): number {
  return supplyOf(state, serviceId).capacity;
}

/**
 * Number of people served before the ticket, counted among `waiting` tickets:
 * - an untargeted ticket: tickets of the same service targeted at any window (they go first
 *   at their window), plus untargeted tickets of the same service that rank before it by
 *   priority rank, then `sortKey`, then `number`;
 * - a targeted ticket: tickets targeted at the same window before it by `sortKey`, `number`.
 * 0 for a ticket that is not waiting.
 */
export function peopleAhead(state: HallState, ticket: Ticket): number {
  if (ticket.state !== 'waiting') return 0;
  let ahead = 0;
  for (const other of state.day.tickets.values()) {
    if (other.state !== 'waiting' || other.id === ticket.id) continue;
    if (ticket.targetWindowId !== null) {
      if (other.targetWindowId === ticket.targetWindowId && byArrival(other, ticket) < 0) {
        ahead += 1;
      }
    } else if (other.serviceId === ticket.serviceId) {
      if (other.targetWindowId !== null || byRank(other, ticket) < 0) ahead += 1;
    }
  }
  return ahead;
}

/**
 * Estimated wait in ms for a visitor with `ahead` people before them, by the formula of the
 * module comment; null when no window is open for the service. `now` is not used yet; it is
 * part of the signature for the simulator's tuning (e.g. time already spent at windows).
 */
export function estimateWaitMs(
  state: HallState,
  serviceId: ServiceId,
  ahead: number,
  _now: number,
): number | null {
  const supply = supplyOf(state, serviceId);
  return estimateFrom(supply, meanHandlingMs(state, serviceId), ahead);
}

/** Queue figures of one service, for the kiosk and the admin console. */
export interface ServiceQueueStats {
  readonly serviceId: ServiceId;
  readonly zoneId: ZoneId;
  /** Tickets of the service in state `waiting` (targeted ones included). */
  readonly waiting: number;
  /** `now − queuedAt` of the longest-waiting ticket; 0 when nobody waits. */
  readonly longestWaitMs: number;
  /** Estimate for a ticket issued now (`ahead` = `waiting`); null when no window is open. */
  readonly estimatedWaitMs: number | null;
  /** Assigned windows that are open (`idle`, `calling` or `serving`). */
  readonly openWindows: number;
  /** Tickets issued today: the daily counter of the service's prefix. */
  readonly issued: number;
  /** `max(0, dailyQuota − issued)`; null when the service has no quota. */
  readonly quotaLeft: number | null;
  /** Whether `issued` has reached the service's `quotaWarning` threshold. */
  readonly quotaWarning: boolean;
}

/**
 * @returns one entry per configured service, in configuration order, from one pass over the
 * day's tickets and one over the assignments.
 */
export function queueStats(state: HallState, now: number): readonly ServiceQueueStats[] {
  const waiting = new Map<ServiceId, { count: number; oldestQueuedAt: number }>();
  for (const ticket of state.day.tickets.values()) {
    if (ticket.state !== 'waiting') continue;
    const entry = waiting.get(ticket.serviceId);
    if (entry === undefined) {
      waiting.set(ticket.serviceId, { count: 1, oldestQueuedAt: ticket.queuedAt });
    } else {
      entry.count += 1;
      entry.oldestQueuedAt = Math.min(entry.oldestQueuedAt, ticket.queuedAt);
    }
  }
  const supplies = new Map<ServiceId, Supply>();
  for (const a of state.config.assignments) {
    const supply = supplies.get(a.serviceId) ?? { ...NO_SUPPLY };
    addWindow(supply, windowStateName(state, a.windowId), a.role === 'primary');
    supplies.set(a.serviceId, supply);
  }
  return state.config.services.map((service) => {
    const queue = waiting.get(service.id);
    const supply = supplies.get(service.id) ?? NO_SUPPLY;
    const issued = state.day.counters.get(service.prefix) ?? 0;
    const count = queue?.count ?? 0;
    return {
      serviceId: service.id,
      zoneId: service.zoneId,
      waiting: count,
      longestWaitMs: queue === undefined ? 0 : Math.max(0, now - queue.oldestQueuedAt),
      estimatedWaitMs: estimateFrom(supply, meanHandlingMs(state, service.id), count),
      openWindows: supply.open,
      issued,
      quotaLeft: service.dailyQuota === null ? null : Math.max(0, service.dailyQuota - issued),
      quotaWarning: service.quotaWarning !== null && issued >= service.quotaWarning,
    };
  });
}

/** A ticket's place and estimated wait. */
export interface TicketEstimate {
  readonly ahead: number;
  readonly estimatedWaitMs: number | null;
}

/**
 * @returns {@link peopleAhead} and {@link estimateWaitMs} for the ticket's service; a ticket
 * that is no longer waiting has nobody ahead and no wait left (0).
 */
export function ticketEstimate(state: HallState, ticket: Ticket, now: number): TicketEstimate {
  if (ticket.state !== 'waiting') return { ahead: 0, estimatedWaitMs: 0 };
  const ahead = peopleAhead(state, ticket);
  return { ahead, estimatedWaitMs: estimateWaitMs(state, ticket.serviceId, ahead, now) };
}

interface Supply {
  capacity: number;
  open: number;
  idle: number;
}

const NO_SUPPLY: Readonly<Supply> = { capacity: 0, open: 0, idle: 0 };

function supplyOf(state: HallState, serviceId: ServiceId): Supply {
  const supply = { ...NO_SUPPLY };
  for (const a of state.config.assignments) {
    if (a.serviceId !== serviceId) continue;
    addWindow(supply, windowStateName(state, a.windowId), a.role === 'primary');
  }
  return supply;
}

function addWindow(supply: Supply, state: WindowStateName, primary: boolean): void {
  if (state === 'closed' || state === 'paused') return;
  supply.open += 1;
  supply.capacity += primary ? PRIMARY_SHARE : SECONDARY_SHARE;
  if (state === 'idle') supply.idle += 1;
}

function windowStateName(state: HallState, windowId: WindowId): WindowStateName {
  return state.day.windows.get(windowId)?.state ?? 'closed';
}

function estimateFrom(supply: Supply, meanMs: number, ahead: number): number | null {
  if (supply.capacity <= 0) return null;
  const ms = (Math.max(0, ahead + 1 - supply.idle) * meanMs) / supply.capacity;
  return Math.round(ms / 1000) * 1000;
}

function findService(state: HallState, serviceId: ServiceId): Service | undefined {
  return state.config.services.find((s) => s.id === serviceId);
}

function byArrival(a: Ticket, b: Ticket): number {
  return a.sortKey - b.sortKey || compareNumbers(a.number, b.number);
}

function byRank(a: Ticket, b: Ticket): number {
  return priorityRank(a.priority) - priorityRank(b.priority) || byArrival(a, b);
}

function compareNumbers(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
