/**
 * Estimated wait (brief §4) for the kiosk, the ticket, the phone page and the admin
 * console. Deliberately simple and documented so the simulator (`npm run simulate`, §10) can
 * measure and tune it:
 *
 *   wait = max(0, ahead + 1 − freeIdle) × meanHandling / capacity, rounded to whole seconds
 *
 * - `ahead`: people of the same service who will be served before this ticket
 *   ({@link peopleAhead}).
 * - `meanHandling`: {@link meanHandlingMs}.
 * - `capacity`: the windows' worth of service the ticket can count on. Each open window
 *   assigned to the service gives its role's share ({@link PRIMARY_SHARE} for a primary,
 *   {@link SECONDARY_SHARE} for a secondary assignment), split among the window's services of
 *   the same role in proportion to their waiting work: `share × W(s) / Σ W(x)`, where
 *   `W(s) = (ahead + 1) × meanHandling(s)` and `W(x) = competitors(x) × meanHandling(x)`.
 *   A window whose other services of that role have nobody waiting gives its whole share
 *   (so with one service per window this is {@link activeWindowCapacity}). When it is 0 no
 *   window is open for the service and the estimate is null (the UI says "no window open").
 * - `competitors(x)`: waiting untargeted tickets of another service x that go before this
 *   ticket (priority rank, then `sortKey`); for a ticket issued now, all of them.
 * - `freeIdle`: assigned windows in state `idle`, less the competitors waiting for a service
 *   those idle windows also serve (they take the idle windows first).
 *
 * Why the split: windows serve several services (岗位互补), so a window shared by three
 * services' queues gives each about a third of its time. Counting it whole for each made the
 * estimate far too short whenever queues formed: over 30 simulated demo-hall days (seeds
 * 2026–2055, `priority` policy) the split and the idle claims took the mean absolute error
 * from 0.89 to 0.67 minutes, the mean error from −0.72 to −0.30 minutes and the MAPE (waits
 * of 5 minutes or more) from 0.59 to 0.36 (docs/performance.md, "Hall-day simulation").
 *
 * Known simplifications: a secondary assignment's share does not shrink for the primary
 * services' queues (the fixed 0.5 stands for them); the time already spent on the tickets
 * at the windows, the walk to the window and recalls are ignored; the order assumed is the
 * `priority` order whatever the window policy.
 */
import type { ServiceId, WindowId, ZoneId } from './ids.ts';
import { priorityRank } from './model.ts';
import type {
  Assignment,
  HallConfig,
  HallState,
  Service,
  Ticket,
  WindowStateName,
} from './model.ts';

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
 * Estimated wait in ms for a normal ticket of the service issued now with `ahead` people of
 * its own service before it, by the formula of the module comment: every waiting untargeted
 * ticket of another service counts as a competitor. Null when no window is open for the
 * service. `now` is not used yet; it is part of the signature for the simulator's tuning.
 */
export function estimateWaitMs(
  state: HallState,
  serviceId: ServiceId,
  ahead: number,
  _now: number,
): number | null {
  return estimateWith(state, serviceId, ahead, waitingUntargeted(state));
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
 * day's tickets and one over the assignments (plus the estimate's pass over each service's
 * windows).
 */
export function queueStats(state: HallState, now: number): readonly ServiceQueueStats[] {
  const waiting = new Map<ServiceId, { count: number; oldestQueuedAt: number }>();
  const untargeted = new Map<ServiceId, number>();
  for (const ticket of state.day.tickets.values()) {
    if (ticket.state !== 'waiting') continue;
    if (ticket.targetWindowId === null) {
      untargeted.set(ticket.serviceId, (untargeted.get(ticket.serviceId) ?? 0) + 1);
    }
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
      estimatedWaitMs:
        supply.capacity > 0 ? estimateWith(state, service.id, count, untargeted) : null,
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
 * @returns {@link peopleAhead} and the estimate of the module comment for the ticket, whose
 * competitors are the waiting untargeted tickets of other services that rank before it (a
 * ticket targeted at a window goes first there and has none); a ticket that is no longer
 * waiting has nobody ahead and no wait left (0). `now` is not used yet.
 */
export function ticketEstimate(state: HallState, ticket: Ticket, _now: number): TicketEstimate {
  if (ticket.state !== 'waiting') return { ahead: 0, estimatedWaitMs: 0 };
  const ahead = peopleAhead(state, ticket);
  const competitors = new Map<ServiceId, number>();
  if (ticket.targetWindowId === null) {
    for (const other of state.day.tickets.values()) {
      if (other.state !== 'waiting' || other.targetWindowId !== null) continue;
      if (other.serviceId === ticket.serviceId || byRank(other, ticket) >= 0) continue;
      competitors.set(other.serviceId, (competitors.get(other.serviceId) ?? 0) + 1);
    }
  }
  return { ahead, estimatedWaitMs: estimateWith(state, ticket.serviceId, ahead, competitors) };
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

/** Assignments by window and by service, computed once per configuration object. */
interface AssignmentIndex {
  readonly byWindow: ReadonlyMap<WindowId, readonly Assignment[]>;
  readonly byService: ReadonlyMap<ServiceId, readonly Assignment[]>;
}

const indexes = new WeakMap<HallConfig, AssignmentIndex>();

function assignmentIndex(config: HallConfig): AssignmentIndex {
  let index = indexes.get(config);
  if (index === undefined) {
    const byWindow = new Map<WindowId, Assignment[]>();
    const byService = new Map<ServiceId, Assignment[]>();
    for (const a of config.assignments) {
      byWindow.set(a.windowId, [...(byWindow.get(a.windowId) ?? []), a]);
      byService.set(a.serviceId, [...(byService.get(a.serviceId) ?? []), a]);
    }
    index = { byWindow, byService };
    indexes.set(config, index);
  }
  return index;
}

/** Waiting untargeted tickets per service: the competitors of a ticket issued now. */
function waitingUntargeted(state: HallState): Map<ServiceId, number> {
  const counts = new Map<ServiceId, number>();
  for (const t of state.day.tickets.values()) {
    if (t.state === 'waiting' && t.targetWindowId === null) {
      counts.set(t.serviceId, (counts.get(t.serviceId) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The estimate of the module comment for `ahead` people of the service and the competitors
 * of other services (entries for the service itself are ignored); null when no window is
 * open for the service.
 */
function estimateWith(
  state: HallState,
  serviceId: ServiceId,
  ahead: number,
  competitors: ReadonlyMap<ServiceId, number>,
): number | null {
  const index = assignmentIndex(state.config);
  const means = new Map<ServiceId, number>();
  const mean = (id: ServiceId): number => {
    let ms = means.get(id);
    if (ms === undefined) {
      ms = meanHandlingMs(state, id);
      means.set(id, ms);
    }
    return ms;
  };
  const own = mean(serviceId);
  const ownWork = (ahead + 1) * own;
  const work = (id: ServiceId): number =>
    id === serviceId ? ownWork : (competitors.get(id) ?? 0) * mean(id);

  let capacity = 0;
  const idleWindows: WindowId[] = [];
  for (const a of index.byService.get(serviceId) ?? []) {
    const windowState = windowStateName(state, a.windowId);
    if (windowState === 'closed' || windowState === 'paused') continue;
    if (windowState === 'idle') idleWindows.push(a.windowId);
    const share = a.role === 'primary' ? PRIMARY_SHARE : SECONDARY_SHARE;
    let sameRole = 0;
    for (const b of index.byWindow.get(a.windowId) ?? []) {
      if (b.role === a.role) sameRole += work(b.serviceId);
    }
    capacity += ownWork > 0 && sameRole > 0 ? (share * ownWork) / sameRole : share;
  }
  if (capacity <= 0) return null;

  // Competitors waiting for a service an idle window also serves take that window first.
  let claims = 0;
  if (idleWindows.length > 0) {
    for (const [id, count] of competitors) {
      if (id === serviceId || count <= 0) continue;
      const served = idleWindows.some((w) =>
        (index.byWindow.get(w) ?? []).some((b) => b.serviceId === id),
      );
      if (served) claims += count;
    }
  }
  const freeIdle = Math.max(0, idleWindows.length - claims);
  const ms = (Math.max(0, ahead + 1 - freeIdle) * own) / capacity;
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
