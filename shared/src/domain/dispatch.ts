/**
 * Dispatch: who is next for a window (brief §4). A pure function of the hall state, the
 * window and the time; the reducer, the counter's waiting list and the simulator all use it.
 *
 * Eligibility. A ticket can be called by window W when it is `waiting` and either it is
 * targeted at W (`targetWindowId === W`: a transfer to a named window or a resumed
 * suspension), or it is untargeted and its service is assigned to W. A ticket targeted at
 * another window is never eligible; `called`, `serving`, `suspended`, `done`, `no_show` and
 * `cancelled` tickets are never picked.
 *
 * Order. Targeted tickets always come first, by `sortKey`, then `number`; calling one
 * leaves the window's priority streak unchanged (it is a return, not a priority call).
 * The rest follows the window's policy (the window's override, else the hall's):
 *
 * - `fifo`: `sortKey`, then `issuedAt`, then `number` (plain string order). Priority class
 *   and role are ignored; every call resets the streak to 0.
 * - `priority`: class rank first (0 green channel, 1 appointment, 2 normal — see
 *   {@link priorityRank}), then `sortKey`, `issuedAt`, `number`. N:1 interleave with
 *   N = `policies.priorityInterleave`: when the best ticket has rank < 2, the window's streak
 *   is ≥ N and a normal ticket is eligible, the best normal ticket is called instead and the
 *   streak becomes 0. Otherwise the new streak is `streak + 1` after a priority call (rank < 2)
 *   and 0 after a normal call. N ≤ 0 turns the interleave off.
 * - `primary_first`: tickets of the window's primary services before those of its secondary
 *   services, whatever their age; within the chosen role group the `priority` rule, the
 *   interleave included (it only looks at normal tickets of that group).
 * - `longest_wait`: as `priority` (classes and interleave), but within a class the ticket
 *   with the largest `weight × (now − sortKey)` goes first, where `weight` is the
 *   assignment's weight of the ticket's service on this window; ties by `sortKey`, `number`.
 *
 * Cost. {@link pickNext} is one pass over the day's tickets keeping the best ticket per
 * bucket (O(n)); {@link queueFor} sorts the eligible tickets once per bucket (O(n log n)) and
 * then replays the same choice as successive picks, so both always agree.
 */
import type { ServiceId, WindowId } from './ids.ts';
import { priorityRank } from './model.ts';
import type { Assignment, DispatchPolicy, HallConfig, HallState, Ticket } from './model.ts';

/** @returns the window's own dispatch policy if it overrides the hall's, else the hall's. */
export function effectivePolicy(config: HallConfig, windowId: WindowId): DispatchPolicy {
  const window = config.windows.find((w) => w.id === windowId);
  return window?.dispatchPolicy ?? config.policies.dispatch;
}

/** @returns the window's service assignments (role and weight), in configuration order. */
export function windowServices(config: HallConfig, windowId: WindowId): readonly Assignment[] {
  return config.assignments.filter((a) => a.windowId === windowId);
}

/**
 * @returns whether the window may call the ticket now: it is `waiting` and either targeted
 * at this window, or untargeted with a service assigned to this window.
 */
export function isEligible(state: HallState, windowId: WindowId, ticket: Ticket): boolean {
  if (ticket.state !== 'waiting') return false;
  if (ticket.targetWindowId !== null) return ticket.targetWindowId === windowId;
  return state.config.assignments.some(
    (a) => a.windowId === windowId && a.serviceId === ticket.serviceId,
  );
}

/** The result of a pick: the ticket to call and the window's priority streak afterwards. */
export interface DispatchPick {
  readonly ticket: Ticket;
  readonly priorityStreak: number;
}

/**
 * @returns the ticket the window calls next and its new `priorityStreak`, or null when no
 * eligible ticket waits. See the module comment for the rules.
 */
export function pickNext(state: HallState, windowId: WindowId, now: number): DispatchPick | null {
  const plan = makePlan(state, windowId, now);
  const best: (Ticket | undefined)[] = Array.from({ length: SLOT_COUNT }, () => undefined);
  for (const ticket of state.day.tickets.values()) {
    const slot = slotOf(plan, ticket);
    if (slot < 0) continue;
    const current = best[slot];
    if (current === undefined || plan.compare(ticket, current, slot) < 0) best[slot] = ticket;
  }
  const choice = choose(plan, (slot) => best[slot], currentStreak(state, windowId));
  return choice === null ? null : { ticket: choice.ticket, priorityStreak: choice.priorityStreak };
}

/**
 * @returns the waiting tickets in the order the window would call them if nothing else
 * happened (successive {@link pickNext} calls, the interleave streak included), at most
 * `limit` of them (all when omitted).
 */
export function queueFor(
  state: HallState,
  windowId: WindowId,
  now: number,
  limit: number = Number.POSITIVE_INFINITY,
): readonly Ticket[] {
  if (limit <= 0) return [];
  const plan = makePlan(state, windowId, now);
  const lists: Ticket[][] = Array.from({ length: SLOT_COUNT }, () => []);
  for (const ticket of state.day.tickets.values()) {
    const slot = slotOf(plan, ticket);
    if (slot >= 0) lists[slot]?.push(ticket);
  }
  lists.forEach((list, slot) => list.sort((a, b) => plan.compare(a, b, slot)));
  const heads: number[] = lists.map(() => 0);
  const head = (slot: number): Ticket | undefined => lists[slot]?.[heads[slot] ?? 0];

  const order: Ticket[] = [];
  let streak = currentStreak(state, windowId);
  while (order.length < limit) {
    const choice = choose(plan, head, streak);
    if (choice === null) break;
    order.push(choice.ticket);
    heads[choice.slot] = (heads[choice.slot] ?? 0) + 1;
    streak = choice.priorityStreak;
  }
  return order;
}

/**
 * Buckets of eligible tickets. Slot 0 holds targeted tickets; slots 1–3 the primary (or only)
 * group by class rank 0–2, slots 4–6 the secondary group under `primary_first`. Under `fifo`
 * every untargeted ticket goes to slot 3 (one class, so no interleave and streak 0).
 */
const TARGETED_SLOT = 0;
const GROUP_SIZE = 3;
const GROUP_COUNT = 2;
const SLOT_COUNT = 1 + GROUP_SIZE * GROUP_COUNT;
const NORMAL_RANK = 2;

interface Plan {
  readonly windowId: WindowId;
  readonly policy: DispatchPolicy;
  readonly interleave: number;
  readonly assignments: ReadonlyMap<ServiceId, Assignment>;
  /** Orders two tickets of the same slot; negative when `a` goes first. */
  readonly compare: (a: Ticket, b: Ticket, slot: number) => number;
}

interface Choice {
  readonly slot: number;
  readonly ticket: Ticket;
  readonly priorityStreak: number;
}

function makePlan(state: HallState, windowId: WindowId, now: number): Plan {
  const policy = effectivePolicy(state.config, windowId);
  const assignments = new Map<ServiceId, Assignment>();
  for (const a of windowServices(state.config, windowId)) {
    if (!assignments.has(a.serviceId)) assignments.set(a.serviceId, a);
  }
  const byArrival = (a: Ticket, b: Ticket): number =>
    a.sortKey - b.sortKey || a.issuedAt - b.issuedAt || compareNumbers(a.number, b.number);
  const byTarget = (a: Ticket, b: Ticket): number =>
    a.sortKey - b.sortKey || compareNumbers(a.number, b.number);
  const weighted = (t: Ticket): number =>
    (assignments.get(t.serviceId)?.weight ?? 1) * (now - t.sortKey);
  const byWeightedWait = (a: Ticket, b: Ticket): number =>
    weighted(b) - weighted(a) || byTarget(a, b);
  const compare = (a: Ticket, b: Ticket, slot: number): number => {
    if (slot === TARGETED_SLOT) return byTarget(a, b);
    return policy === 'longest_wait' ? byWeightedWait(a, b) : byArrival(a, b);
  };
  return {
    windowId,
    policy,
    interleave: state.config.policies.priorityInterleave,
    assignments,
    compare,
  };
}

/** @returns the ticket's bucket for this window, or -1 when the window cannot call it. */
function slotOf(plan: Plan, ticket: Ticket): number {
  if (ticket.state !== 'waiting') return -1;
  if (ticket.targetWindowId !== null) {
    return ticket.targetWindowId === plan.windowId ? TARGETED_SLOT : -1;
  }
  const assignment = plan.assignments.get(ticket.serviceId);
  if (assignment === undefined) return -1;
  if (plan.policy === 'fifo') return 1 + NORMAL_RANK;
  const group = plan.policy === 'primary_first' && assignment.role === 'secondary' ? 1 : 0;
  return 1 + group * GROUP_SIZE + priorityRank(ticket.priority);
}

/** The one decision shared by {@link pickNext} and {@link queueFor}, given each slot's head. */
function choose(
  plan: Plan,
  head: (slot: number) => Ticket | undefined,
  streak: number,
): Choice | null {
  const targeted = head(TARGETED_SLOT);
  if (targeted !== undefined) {
    return { slot: TARGETED_SLOT, ticket: targeted, priorityStreak: streak };
  }
  for (let group = 0; group < GROUP_COUNT; group += 1) {
    const base = 1 + group * GROUP_SIZE;
    for (let rank = 0; rank < GROUP_SIZE; rank += 1) {
      const ticket = head(base + rank);
      if (ticket === undefined) continue;
      if (rank < NORMAL_RANK && plan.interleave > 0 && streak >= plan.interleave) {
        const normal = head(base + NORMAL_RANK);
        if (normal !== undefined) {
          return { slot: base + NORMAL_RANK, ticket: normal, priorityStreak: 0 };
        }
      }
      return { slot: base + rank, ticket, priorityStreak: rank < NORMAL_RANK ? streak + 1 : 0 };
    }
  }
  return null;
}

function currentStreak(state: HallState, windowId: WindowId): number {
  return state.day.windows.get(windowId)?.priorityStreak ?? 0;
}

/** Plain code-unit order, independent of the runtime's locale. */
function compareNumbers(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
