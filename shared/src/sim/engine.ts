/**
 * The discrete-event simulation of one hall day through the real domain code.
 *
 * Every change goes through `decide` and `applyEvents` (`domain/reducer.ts`), exactly as the
 * server runs them: the kiosk issues (`ticket.issue`), the clerk signed in to each window
 * calls (`window.callNext`, so the window's dispatch policy is the real `pickNext`), recalls,
 * starts, completes, pauses for lunch, resumes and closes. The estimated wait recorded for a
 * ticket is the one the kiosk shows: `ticketEstimate` right after the issue.
 *
 * What the simulator adds is only the people: when visitors come and what they do
 * ({@link Visitor}), and when clerks act (after a wrap-up, a reaction delay, a recall gap).
 * Events at the same instant run in the order they were scheduled, so a run is a pure
 * function of the configuration, the plan, the visitors and the policy.
 */
import type { Actor } from '../domain/actor.ts';
import type { CommandBody } from '../domain/commands.ts';
import type { DomainError, Result } from '../domain/errors.ts';
import type { DomainEvent } from '../domain/events.ts';
import { ticketEstimate, type TicketEstimate } from '../domain/eta.ts';
import {
  businessDay,
  deviceId,
  staffId,
  type TicketId,
  type WindowId,
  type ZoneId,
} from '../domain/ids.ts';
import type {
  DispatchPolicy,
  HallConfig,
  HallState,
  PriorityClass,
  Ticket,
  TicketState,
} from '../domain/model.ts';
import { applyEvents, decide, emptyDay, type MutableDayState } from '../domain/reducer.ts';
import { nextDayCloseAt } from '../domain/time.ts';
import { recallGapSec, simHallConfig, type DayPlan, type Visitor } from './scenario.ts';

/** The estimate function under test; the server's `ticketEstimate` by default. */
export type Estimator = (state: HallState, ticket: Ticket, now: number) => TicketEstimate;

/** What happened to one issued ticket. */
export interface TicketRecord {
  readonly ticketId: TicketId;
  readonly number: string;
  readonly visitorIndex: number;
  readonly serviceId: Ticket['serviceId'];
  readonly zoneId: ZoneId;
  readonly priority: PriorityClass;
  readonly issuedAt: number;
  /** First call; null when never called. */
  readonly calledAt: number | null;
  readonly finalState: TicketState;
  /** The estimate shown at issue (ms); null when no window was open. */
  readonly estimateMs: number | null;
  /** People ahead shown at issue. */
  readonly ahead: number;
}

/** The hall once a minute. */
export interface Sample {
  /** Local minute of the day. */
  readonly minute: number;
  /** Tickets waiting (state `waiting`). */
  readonly waiting: number;
  /** Wait so far of the longest-waiting normal ticket, minutes (0 when none waits). */
  readonly longestNormalWaitMin: number;
  /** Windows calling or serving (or in wrap-up). */
  readonly busyWindows: number;
}

/** The outcome of one simulated day under one policy. */
export interface DayRun {
  readonly policy: DispatchPolicy;
  /** Epoch ms of local midnight of the simulated day. */
  readonly midnightMs: number;
  readonly tickets: readonly TicketRecord[];
  /** Refused issues by error code (e.g. `quota_reached`). */
  readonly refused: Readonly<Record<string, number>>;
  readonly samples: readonly Sample[];
  /** Busy window-milliseconds per local minute of the day (index 0…1439+). */
  readonly busyMsByMinute: readonly number[];
  /** Recalls (`ticket.recalled` events) of the day. */
  readonly recalls: number;
  /** Every domain event, in order (the day's log), when asked for; else empty. */
  readonly events: readonly DomainEvent[];
  /** Tickets still open when the last window closed, closed by `day.close`. */
  readonly closedAtDayEnd: number;
  /** Epoch ms of the last event of the day. */
  readonly endMs: number;
  readonly windowCount: number;
}

type SimEvent =
  | { readonly kind: 'arrive'; readonly visitor: Visitor }
  | { readonly kind: 'call'; readonly windowId: WindowId }
  | { readonly kind: 'recall'; readonly windowId: WindowId; readonly ticketId: TicketId }
  | { readonly kind: 'start'; readonly ticketId: TicketId }
  | { readonly kind: 'complete'; readonly windowId: WindowId; readonly ticketId: TicketId }
  | { readonly kind: 'open' }
  | { readonly kind: 'lunch' }
  | { readonly kind: 'afternoon' }
  | { readonly kind: 'lastTicket' }
  | { readonly kind: 'sample' };

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly event: SimEvent;
}

/** A binary min-heap on (at, seq): deterministic order for events at the same instant. */
class EventQueue {
  private readonly heap: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, event: SimEvent): void {
    const item = { at, seq: this.seq++, event };
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p];
      if (parent === undefined || !before(item, parent)) break;
      heap[i] = parent;
      i = p;
    }
    heap[i] = item;
  }

  pop(): Scheduled | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let best = last;
      const left = heap[l];
      const right = heap[r];
      if (left !== undefined && before(left, best)) {
        m = l;
        best = left;
      }
      if (right !== undefined && before(right, best)) {
        m = r;
        best = right;
      }
      if (m === i) break;
      heap[i] = best;
      i = m;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

type WindowMode = 'closed' | 'idle' | 'pending' | 'busy' | 'lunch' | 'done';

interface WindowRun {
  readonly windowId: WindowId;
  readonly actor: Actor;
  mode: WindowMode;
  idleSince: number;
  /** Start of the current busy spell (call to the next call attempt), or null. */
  busySince: number | null;
}

const MINUTE = 60_000;
const FINAL: readonly TicketState[] = ['done', 'no_show', 'cancelled'];

/** Thrown when the domain refuses a command the simulated clerk should be allowed to send. */
export class SimulationError extends Error {
  constructor(
    message: string,
    readonly error: DomainError,
  ) {
    super(`${message}: ${error.code} — ${error.message}`);
    this.name = 'SimulationError';
  }
}

/** How to run a day. */
export interface SimulateDayOptions {
  /** The estimate shown at issue; the domain's `ticketEstimate` by default. */
  readonly estimator?: Estimator;
  /** Keep the day's event log in the result (memory: about 6 events per ticket). */
  readonly keepEvents?: boolean;
}

/** Plays the day of `plan` with `visitors` under `policy` (set for every window). */
export function simulateDay(
  hallConfig: HallConfig,
  plan: DayPlan,
  visitors: readonly Visitor[],
  policy: DispatchPolicy,
  options: SimulateDayOptions = {},
): DayRun {
  const estimator = options.estimator ?? ticketEstimate;
  const keepEvents = options.keepEvents ?? false;
  const config = simHallConfig(hallConfig, policy);
  const startMs = plan.midnightMs + (plan.openMinute - 30) * MINUTE;
  let day: MutableDayState = emptyDay(config, businessDay(plan.date), startMs);
  let state: HallState = { config, day };
  const log: DomainEvent[] = [];
  const queue = new EventQueue();
  const kiosk: Actor = {
    kind: 'device',
    deviceId: deviceId('sim-kiosk'),
    role: 'kiosk',
    windowId: null,
  };
  const windows = new Map<WindowId, WindowRun>(
    config.windows.map((w) => [
      w.id,
      {
        windowId: w.id,
        actor: {
          kind: 'staff',
          staffId: staffId(`w${String(w.id).padStart(3, '0')}`),
          role: 'clerk',
          windowId: w.id,
          zoneIds: [],
        },
        mode: 'closed',
        idleSince: startMs,
        busySince: null,
      },
    ]),
  );
  const servedBy = new Map<string, WindowId[]>();
  for (const a of config.assignments) {
    const list = servedBy.get(a.serviceId) ?? [];
    list.push(a.windowId);
    servedBy.set(a.serviceId, list);
  }
  const zoneOf = new Map(config.services.map((s) => [s.id, s.zoneId]));
  const visitorOf = new Map<TicketId, Visitor>();
  const records = new Map<TicketId, TicketRecord>();
  const refused: Record<string, number> = {};
  const samples: Sample[] = [];
  const busyMsByMinute: number[] = Array.from({ length: 2 * 1440 }, () => 0);
  const gapMs = recallGapSec(config, plan.options) * 1000;
  const { recallLimit, autoNoShowAfterRecallLimit } = config.policies;
  const lunchGaps = plan.hours
    .slice(1)
    .map(([open], i) => [plan.hours[i]?.[1] ?? open, open] as const)
    .filter(([from, to]) => from < to);
  const minuteOf = (ms: number): number => (ms - plan.midnightMs) / MINUTE;
  const atLunch = (ms: number): boolean =>
    lunchGaps.some(([from, to]) => minuteOf(ms) >= from && minuteOf(ms) < to);
  const afterLastTicket = (ms: number): boolean => minuteOf(ms) >= plan.lastIssueMinute;
  let openTickets = 0;
  let waitingTickets = 0;
  let recalls = 0;
  let endMs = startMs;

  const run = (body: CommandBody, actor: Actor, now: number): Result<readonly DomainEvent[]> => {
    const result = decide(state, { ...body, actor }, now);
    if (!result.ok) return result;
    day = applyEvents(config, day, result.value);
    state = { config, day };
    for (const event of result.value) {
      if (keepEvents) log.push(event);
      if (event.type === 'ticket.recalled') {
        recalls += 1;
      } else if (event.type === 'ticket.issued') {
        openTickets += 1;
        waitingTickets += 1;
      } else if (event.type === 'ticket.called') {
        waitingTickets -= 1;
      } else if (
        event.type === 'ticket.completed' ||
        event.type === 'ticket.noShow' ||
        event.type === 'ticket.cancelled'
      ) {
        openTickets -= 1;
      }
    }
    return result;
  };
  const must = (
    body: CommandBody,
    actor: Actor,
    now: number,
    what: string,
  ): readonly DomainEvent[] => {
    const result = run(body, actor, now);
    if (!result.ok) throw new SimulationError(what, result.error);
    return result.value;
  };

  const endBusy = (w: WindowRun, now: number): void => {
    if (w.busySince === null) return;
    addBusy(busyMsByMinute, minuteOf(w.busySince), minuteOf(now));
    w.busySince = null;
  };

  const call = (w: WindowRun, now: number): void => {
    const result = run({ type: 'window.callNext', windowId: w.windowId }, w.actor, now);
    if (result.ok) {
      const called = result.value.find((e) => e.type === 'ticket.called');
      if (called?.type !== 'ticket.called') throw new Error('callNext without ticket.called');
      const ticket = called.ticket;
      const record = records.get(ticket.id);
      if (record !== undefined && record.calledAt === null) {
        records.set(ticket.id, { ...record, calledAt: now });
      }
      w.mode = 'busy';
      w.busySince ??= now;
      const visitor = visitorOf.get(ticket.id);
      if (visitor === undefined) throw new Error(`No visitor for ${ticket.number}`);
      if (visitor.behaviour === 'present') {
        queue.push(now + visitor.walkUpMs, { kind: 'start', ticketId: ticket.id });
      } else {
        queue.push(now + gapMs, { kind: 'recall', windowId: w.windowId, ticketId: ticket.id });
      }
      return;
    }
    const { error } = result;
    if (error.code !== 'no_ticket_waiting')
      throw new SimulationError(`window ${w.windowId} call`, error);
    endBusy(w, now);
    if (atLunch(now)) {
      must({ type: 'window.pause', windowId: w.windowId, reason: '午休' }, w.actor, now, 'lunch');
      w.mode = 'lunch';
    } else if (afterLastTicket(now)) {
      must({ type: 'window.close', windowId: w.windowId }, w.actor, now, 'close');
      w.mode = 'done';
    } else {
      w.mode = 'idle';
      w.idleSince = now;
    }
  };

  const afterTicket = (w: WindowRun, now: number, visitor: Visitor | undefined): void => {
    w.mode = 'pending';
    queue.push(now + (visitor?.wrapUpMs ?? 0), { kind: 'call', windowId: w.windowId });
  };

  const sample = (now: number): void => {
    let longest = 0;
    for (const t of day.tickets.values()) {
      if (t.state === 'waiting' && t.priority === 'normal') {
        longest = Math.max(longest, now - t.queuedAt);
      }
    }
    let busy = 0;
    for (const w of windows.values()) if (w.busySince !== null) busy += 1;
    samples.push({
      minute: Math.round(minuteOf(now)),
      waiting: waitingTickets,
      longestNormalWaitMin: longest / MINUTE,
      busyWindows: busy,
    });
  };

  const at = (minute: number): number => plan.midnightMs + minute * MINUTE;
  queue.push(at(plan.openMinute), { kind: 'open' });
  for (const [from, to] of lunchGaps) {
    queue.push(at(from), { kind: 'lunch' });
    queue.push(at(to), { kind: 'afternoon' });
  }
  queue.push(at(plan.lastIssueMinute), { kind: 'lastTicket' });
  queue.push(startMs, { kind: 'sample' });
  for (const visitor of visitors) queue.push(visitor.arrivalMs, { kind: 'arrive', visitor });

  for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
    const now = item.at;
    const event = item.event;
    if (event.kind !== 'sample') endMs = Math.max(endMs, now);
    switch (event.kind) {
      case 'open':
        for (const w of windows.values()) {
          must({ type: 'window.open', windowId: w.windowId }, w.actor, now, 'open');
          w.mode = 'idle';
          w.idleSince = now;
        }
        break;
      case 'lunch':
        for (const w of windows.values()) {
          if (w.mode !== 'idle') continue;
          must(
            { type: 'window.pause', windowId: w.windowId, reason: '午休' },
            w.actor,
            now,
            'lunch',
          );
          w.mode = 'lunch';
        }
        break;
      case 'afternoon':
        for (const w of windows.values()) {
          if (w.mode !== 'lunch') continue;
          must({ type: 'window.resume', windowId: w.windowId }, w.actor, now, 'resume');
          w.mode = 'idle';
          w.idleSince = now;
        }
        break;
      case 'lastTicket':
        for (const w of windows.values()) {
          if (w.mode !== 'idle') continue;
          must({ type: 'window.close', windowId: w.windowId }, w.actor, now, 'close');
          w.mode = 'done';
        }
        break;
      case 'arrive': {
        const v = event.visitor;
        const result = run(
          {
            type: 'ticket.issue',
            serviceId: v.serviceId,
            priority: v.priority,
            channel: 'kiosk',
            personKey: null,
            personMasked: null,
            appointmentId: v.priority === 'appointment' ? `sim-${v.index}` : null,
          },
          kiosk,
          now,
        );
        if (!result.ok) {
          const { code } = result.error;
          refused[code] = (refused[code] ?? 0) + 1;
          break;
        }
        const issued = result.value[0];
        if (issued?.type !== 'ticket.issued') throw new Error('issue without ticket.issued');
        const ticket = issued.ticket;
        const estimate = estimator(state, ticket, now);
        visitorOf.set(ticket.id, v);
        records.set(ticket.id, {
          ticketId: ticket.id,
          number: ticket.number,
          visitorIndex: v.index,
          serviceId: ticket.serviceId,
          zoneId: zoneOf.get(ticket.serviceId) ?? ('?' as ZoneId),
          priority: ticket.priority,
          issuedAt: now,
          calledAt: null,
          finalState: 'waiting',
          estimateMs: estimate.estimatedWaitMs,
          ahead: estimate.ahead,
        });
        // The clerk idle longest among those who can serve it notices and calls.
        let chosen: WindowRun | undefined;
        for (const id of servedBy.get(v.serviceId) ?? []) {
          const w = windows.get(id);
          if (w?.mode !== 'idle') continue;
          if (chosen === undefined || w.idleSince < chosen.idleSince) chosen = w;
        }
        if (chosen !== undefined) {
          chosen.mode = 'pending';
          queue.push(now + v.reactionMs, { kind: 'call', windowId: chosen.windowId });
        }
        break;
      }
      case 'call': {
        const w = windows.get(event.windowId);
        if (w !== undefined) call(w, now);
        break;
      }
      case 'recall': {
        const w = windows.get(event.windowId);
        const visitor = visitorOf.get(event.ticketId);
        const ticket = day.tickets.get(event.ticketId);
        if (w === undefined || visitor === undefined || ticket === undefined) break;
        if (ticket.recallCount >= recallLimit && !autoNoShowAfterRecallLimit) {
          must({ type: 'ticket.noShow', ticketId: ticket.id }, w.actor, now, 'no-show');
          afterTicket(w, now, visitor);
          break;
        }
        const events = must({ type: 'ticket.recall', ticketId: ticket.id }, w.actor, now, 'recall');
        if (events.some((e) => e.type === 'ticket.noShow')) {
          afterTicket(w, now, visitor);
        } else if (visitor.behaviour === 'recall') {
          queue.push(now + visitor.walkUpMs, { kind: 'start', ticketId: ticket.id });
        } else {
          queue.push(now + gapMs, { kind: 'recall', windowId: w.windowId, ticketId: ticket.id });
        }
        break;
      }
      case 'start': {
        const visitor = visitorOf.get(event.ticketId);
        const ticket = day.tickets.get(event.ticketId);
        const w = ticket?.windowId == null ? undefined : windows.get(ticket.windowId);
        if (visitor === undefined || ticket === undefined || w === undefined) break;
        must({ type: 'ticket.start', ticketId: ticket.id }, w.actor, now, 'start');
        queue.push(now + visitor.handlingMs, {
          kind: 'complete',
          windowId: w.windowId,
          ticketId: ticket.id,
        });
        break;
      }
      case 'complete': {
        const w = windows.get(event.windowId);
        if (w === undefined) break;
        must({ type: 'ticket.complete', ticketId: event.ticketId }, w.actor, now, 'complete');
        afterTicket(w, now, visitorOf.get(event.ticketId));
        break;
      }
      case 'sample':
        sample(now);
        if (queue.size > 0 || openTickets > 0) queue.push(now + MINUTE, { kind: 'sample' });
        break;
    }
  }

  // Anything still open (nothing, when every window worked its queue off) is closed by the
  // day close, as the server does at midnight.
  const finalStates = new Map<TicketId, TicketState>();
  for (const t of day.tickets.values()) finalStates.set(t.id, t.state);
  let closedAtDayEnd = 0;
  if (openTickets > 0) {
    const closeAt = nextDayCloseAt(endMs, config.hall);
    const events = must({ type: 'day.close' }, { kind: 'system' }, closeAt, 'day close');
    const closed = events.find((e) => e.type === 'day.closed');
    if (closed?.type === 'day.closed') {
      closedAtDayEnd = closed.tickets.length;
      for (const t of closed.tickets) finalStates.set(t.id, t.state);
    }
  }
  const tickets = [...records.values()].map((r) => ({
    ...r,
    finalState: finalStates.get(r.ticketId) ?? r.finalState,
  }));
  for (const r of tickets) {
    if (!FINAL.includes(r.finalState)) throw new Error(`${r.number} ended ${r.finalState}`);
  }
  return {
    policy,
    midnightMs: plan.midnightMs,
    tickets,
    refused,
    samples,
    busyMsByMinute,
    recalls,
    events: log,
    closedAtDayEnd,
    endMs,
    windowCount: config.windows.length,
  };
}

/** Adds the busy interval [from, to) (local minutes) to the per-minute buckets. */
function addBusy(buckets: number[], from: number, to: number): void {
  let t = from;
  while (t < to) {
    const minute = Math.floor(t);
    const end = Math.min(to, minute + 1);
    if (minute >= 0 && minute < buckets.length)
      buckets[minute] = (buckets[minute] ?? 0) + (end - t) * MINUTE;
    t = end;
  }
}
