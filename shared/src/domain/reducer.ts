/**
 * The queue engine: `(state, command, now) → { state, events } | error`.
 *
 * `decide` checks a command against the state and returns the events it causes (or a typed
 * error); it never changes anything. `evolve` folds events into a state. The server runs
 * `decide`, commits the events durably, and only then applies them, so a failed commit
 * leaves its state untouched. Events carry the resulting ticket/window versions, so
 * applying one is an upsert — the same code drives the server, the screens' local views,
 * and the simulator.
 */
import { authorize } from './authz.ts';
import type { Command } from './commands.ts';
import { pickNext, isEligible } from './dispatch.ts';
import { fail, ok, type DomainError, type Result } from './errors.ts';
import type { DomainEvent } from './events.ts';
import {
  makeTicketId,
  type BusinessDay,
  type ServiceId,
  type TicketId,
  type WindowId,
} from './ids.ts';
import {
  HANDLING_SAMPLES,
  isBadRating,
  type DayState,
  type HallConfig,
  type HallState,
  type HandlingStats,
  type Rating,
  type Service,
  type Ticket,
  type WindowState,
} from './model.ts';
import { businessDayAt, serviceOpenAt } from './time.ts';

type Refusal = { readonly ok: false; readonly error: DomainError };
type Events = Result<readonly DomainEvent[]>;

/** A window's state before anything happened to it today. */
export function closedWindow(windowId: WindowId, since: number): WindowState {
  return {
    windowId,
    state: 'closed',
    since,
    staffId: null,
    pauseReason: null,
    currentTicketId: null,
    priorityStreak: 0,
  };
}

/** An empty business day: no tickets, every window closed. */
export function emptyDay(config: HallConfig, day: BusinessDay, now: number): MutableDayState {
  return {
    businessDay: day,
    counters: new Map(),
    tickets: new Map(),
    windows: new Map(config.windows.map((w) => [w.id, closedWindow(w.id, now)])),
    handling: new Map(),
  };
}

/**
 * Rebuilds the in-memory state from what storage holds for the current day (at start-up).
 * Handling statistics are recomputed from today's finished tickets.
 */
export function restoreDay(
  config: HallConfig,
  day: BusinessDay,
  tickets: readonly Ticket[],
  windows: readonly WindowState[],
  counters: ReadonlyMap<string, number>,
  now: number,
): MutableDayState {
  const base = emptyDay(config, day, now);
  const windowMap = new Map(base.windows);
  for (const w of windows) if (windowMap.has(w.windowId)) windowMap.set(w.windowId, w);
  const done = tickets
    .filter((t) => t.state === 'done' && t.startedAt !== null && t.finishedAt !== null)
    .sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
  const handling = new Map<ServiceId, HandlingStats>();
  for (const t of done) {
    pushHandling(handling, t.serviceId, (t.finishedAt ?? 0) - (t.startedAt ?? 0));
  }
  return {
    businessDay: day,
    counters: new Map(counters),
    tickets: new Map(tickets.map((t) => [t.id, t])),
    windows: windowMap,
    handling,
  };
}

/** Checks a command and returns the events it causes, or why it is refused. Pure. */
export function decide(state: HallState, command: Command, now: number): Events {
  const refusal = authorize(state, command);
  if (refusal !== null) return refusal;
  switch (command.type) {
    case 'ticket.issue':
      return issue(state, command, now);
    case 'window.callNext':
      return callNext(state, command.windowId, now, command.actor);
    case 'ticket.call':
      return callTicket(state, command.windowId, command.ticketId, now, command.actor);
    case 'ticket.recall':
      return recall(state, command.ticketId, now);
    case 'ticket.start':
      return start(state, command.ticketId, now);
    case 'ticket.complete':
      return complete(state, command.ticketId, now);
    case 'ticket.noShow':
      return noShow(state, command.ticketId, now);
    case 'ticket.reactivate':
      return reactivate(state, command.ticketId, now);
    case 'ticket.suspend':
      return suspend(state, command.ticketId, now);
    case 'ticket.resume':
      return resume(state, command.ticketId, now);
    case 'ticket.cancel':
      return cancel(state, command, now);
    case 'ticket.transfer':
      return transfer(state, command, now);
    case 'ticket.rate':
      return rate(state, command, now);
    case 'window.open':
      return openWindow(state, command.windowId, now, command.actor);
    case 'window.close':
      return closeWindow(state, command.windowId, now);
    case 'window.pause':
      return pauseWindow(state, command.windowId, command.reason, now);
    case 'window.resume':
      return resumeWindow(state, command.windowId, now);
    case 'day.close':
      return closeDay(state, now);
  }
}

/** Applies events to a state and returns the new state; the input is not changed. */
export function evolve(state: HallState, events: readonly DomainEvent[]): HallState {
  if (events.length === 0) return state;
  const next = applyEvents(state.config, copyDay(state.day), events);
  let config = state.config;
  for (const event of events) if (event.type === 'config.changed') config = event.config;
  return { config, day: next };
}

/** A day state whose maps may be changed in place (the server's own copy). */
export interface MutableDayState {
  businessDay: BusinessDay;
  readonly counters: Map<string, number>;
  readonly tickets: Map<TicketId, Ticket>;
  readonly windows: Map<WindowId, WindowState>;
  readonly handling: Map<ServiceId, HandlingStats>;
}

/** A mutable copy of a day (new maps, shared ticket and window objects). */
export function copyDay(day: DayState): MutableDayState {
  return {
    businessDay: day.businessDay,
    counters: new Map(day.counters),
    tickets: new Map(day.tickets),
    windows: new Map(day.windows),
    handling: new Map(day.handling),
  };
}

/**
 * Applies committed events to a mutable day in place — O(events), not O(tickets). Used by
 * the server after a durable commit; `evolve` is the copying equivalent. A day close
 * returns a fresh day, which the caller must adopt.
 */
export function applyEvents(
  config: HallConfig,
  day: MutableDayState,
  events: readonly DomainEvent[],
): MutableDayState {
  let current = day;
  for (const event of events) {
    switch (event.type) {
      case 'day.closed': {
        const fresh = emptyDay(config, event.nextDay, event.at);
        current = {
          businessDay: fresh.businessDay,
          counters: new Map(),
          tickets: new Map(),
          windows: new Map(fresh.windows),
          handling: new Map(),
        };
        break;
      }
      case 'window.opened':
      case 'window.closed':
      case 'window.paused':
      case 'window.resumed':
        current.windows.set(event.window.windowId, event.window);
        break;
      case 'ticket.issued': {
        const { ticket } = event;
        current.tickets.set(ticket.id, ticket);
        const prefix = prefixOf(config, ticket.serviceId);
        current.counters.set(prefix, Math.max(current.counters.get(prefix) ?? 0, ticket.seq));
        break;
      }
      case 'ticket.completed':
        current.tickets.set(event.ticket.id, event.ticket);
        current.windows.set(event.window.windowId, event.window);
        pushHandling(current.handling, event.ticket.serviceId, event.handlingMs);
        break;
      case 'ticket.called':
      case 'ticket.recalled':
      case 'ticket.started':
      case 'ticket.suspended':
        current.tickets.set(event.ticket.id, event.ticket);
        current.windows.set(event.window.windowId, event.window);
        break;
      case 'ticket.noShow':
      case 'ticket.transferred':
      case 'ticket.cancelled':
        current.tickets.set(event.ticket.id, event.ticket);
        if (event.window !== null) current.windows.set(event.window.windowId, event.window);
        break;
      case 'ticket.reactivated':
      case 'ticket.resumed':
      case 'ticket.rated':
        current.tickets.set(event.ticket.id, event.ticket);
        break;
      case 'config.changed': {
        // New windows start closed; removed ones (closed, checked by checkConfigChange) go.
        const ids = new Set(event.config.windows.map((w) => w.id));
        for (const id of [...current.windows.keys()]) if (!ids.has(id)) current.windows.delete(id);
        for (const id of ids) {
          if (!current.windows.has(id)) current.windows.set(id, closedWindow(id, event.at));
        }
        break;
      }
      case 'staff.changed':
      case 'alarm.raised':
      case 'alarm.cleared':
      case 'alarm.acknowledged':
      case 'workOrder.opened':
      case 'workOrder.updated':
        // Admin events change nothing of the day.
        break;
    }
  }
  return current;
}

/** `decide` then `evolve`: the reducer of the domain. */
export function reduce(
  state: HallState,
  command: Command,
  now: number,
): Result<{ readonly state: HallState; readonly events: readonly DomainEvent[] }> {
  const result = decide(state, command, now);
  if (!result.ok) return result;
  return ok({ state: evolve(state, result.value), events: result.value });
}

/** Formats a daily sequence as the printed number: A001 … A999, A1000 … */
export function formatTicketNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

function pushHandling(map: Map<ServiceId, HandlingStats>, id: ServiceId, ms: number): void {
  if (!(ms >= 0)) return;
  const recent = [...(map.get(id)?.recentMs ?? []), ms];
  map.set(id, { recentMs: recent.slice(-HANDLING_SAMPLES) });
}

function prefixOf(config: HallConfig, id: ServiceId): string {
  return config.services.find((s) => s.id === id)?.prefix ?? '?';
}

function findService(state: HallState, id: ServiceId): Service | undefined {
  return state.config.services.find((s) => s.id === id);
}

function windowOf(state: HallState, id: WindowId): WindowState | undefined {
  if (!state.config.windows.some((w) => w.id === id)) return undefined;
  return state.day.windows.get(id) ?? closedWindow(id, 0);
}

function ticketOf(state: HallState, id: TicketId): Result<Ticket> {
  const ticket = state.day.tickets.get(id);
  return ticket === undefined
    ? fail('not_found', `No ticket ${id} today.`, { ticketId: id })
    : ok(ticket);
}

function wrongState(ticket: Ticket, action: string): Refusal {
  return fail('wrong_state', `Ticket ${ticket.number} is ${ticket.state}; cannot ${action}.`, {
    ticketId: ticket.id,
    state: ticket.state,
  });
}

function issue(
  state: HallState,
  command: Extract<Command, { type: 'ticket.issue' }>,
  now: number,
): Events {
  const service = findService(state, command.serviceId);
  if (service === undefined) {
    return fail('not_found', `No service ${command.serviceId}.`, { serviceId: command.serviceId });
  }
  const open = serviceOpenAt(state.config, service, now);
  if (!open.open) {
    return fail('outside_hours', `${service.nameEn} is not issuing tickets now.`, {
      serviceId: service.id,
      reason: open.reason,
      opensAt: open.opensAt,
    });
  }
  const issued = state.day.counters.get(service.prefix) ?? 0;
  if (service.dailyQuota !== null && issued >= service.dailyQuota) {
    return fail(
      'quota_reached',
      `Today's ${service.dailyQuota} tickets for ${service.nameEn} are all taken.`,
      {
        serviceId: service.id,
        quota: service.dailyQuota,
      },
    );
  }
  if (command.personKey !== null && service.perPersonDailyLimit !== null) {
    let mine = 0;
    for (const t of state.day.tickets.values()) {
      if (t.personKey === command.personKey && t.serviceId === service.id) mine += 1;
    }
    if (mine >= service.perPersonDailyLimit) {
      return fail(
        'per_person_limit',
        `At most ${service.perPersonDailyLimit} tickets per person per day for ${service.nameEn}.`,
        {
          serviceId: service.id,
          limit: service.perPersonDailyLimit,
        },
      );
    }
  }
  const seq = issued + 1;
  const number = formatTicketNumber(service.prefix, seq);
  const ticket: Ticket = {
    id: makeTicketId(state.day.businessDay, number),
    number,
    businessDay: state.day.businessDay,
    seq,
    serviceId: service.id,
    priority: command.priority,
    state: 'waiting',
    channel: command.channel,
    issuedAt: now,
    queuedAt: now,
    sortKey: now,
    targetWindowId: null,
    windowId: null,
    staffId: null,
    calledAt: null,
    lastCalledAt: null,
    recallCount: 0,
    startedAt: null,
    finishedAt: null,
    transferCount: 0,
    note: null,
    personKey: command.personKey,
    personMasked: command.personMasked,
    appointmentId: command.appointmentId,
    rating: null,
    closedReason: null,
  };
  return ok([{ type: 'ticket.issued', at: now, ticket }]);
}

/** The window ready to call: opened first when closed; refused when paused or busy. */
function readyWindow(
  state: HallState,
  windowId: WindowId,
  now: number,
  actor: Command['actor'],
): Result<{ window: WindowState; opened: DomainEvent | null }> {
  const window = windowOf(state, windowId);
  if (window === undefined) return fail('not_found', `No window ${windowId}.`, { windowId });
  if (window.state === 'paused') {
    return fail(
      'window_paused',
      `Window ${windowId} is paused (${window.pauseReason ?? ''}); resume it first.`,
      {
        windowId,
      },
    );
  }
  if (window.currentTicketId !== null) {
    const current = state.day.tickets.get(window.currentTicketId);
    return fail(
      'window_busy',
      `Finish ${current?.number ?? 'the current ticket'} first: complete, no-show, transfer or suspend it.`,
      {
        windowId,
        ticketId: window.currentTicketId,
      },
    );
  }
  if (window.state !== 'closed') return ok({ window, opened: null });
  const staffId = actor.kind === 'staff' ? actor.staffId : window.staffId;
  const opened: WindowState = { ...window, state: 'idle', since: now, staffId, priorityStreak: 0 };
  return ok({ window: opened, opened: { type: 'window.opened', at: now, window: opened } });
}

function calledTicket(
  ticket: Ticket,
  window: WindowState,
  now: number,
  actor: Command['actor'],
): Ticket {
  return {
    ...ticket,
    state: 'called',
    windowId: window.windowId,
    staffId: actor.kind === 'staff' ? actor.staffId : window.staffId,
    calledAt: now,
    lastCalledAt: now,
    recallCount: 0,
    startedAt: null,
    finishedAt: null,
    closedReason: null,
  };
}

/** The window that called the ticket last, when it is not the one calling it now. */
function previousWindow(ticket: Ticket, windowId: WindowId): WindowId | null {
  return ticket.windowId !== null && ticket.windowId !== windowId ? ticket.windowId : null;
}

function callNext(
  state: HallState,
  windowId: WindowId,
  now: number,
  actor: Command['actor'],
): Events {
  const ready = readyWindow(state, windowId, now, actor);
  if (!ready.ok) return ready;
  const pick = pickNext(state, windowId, now);
  if (pick === null) {
    return fail('no_ticket_waiting', `Nobody is waiting for window ${windowId}.`, { windowId });
  }
  const ticket = calledTicket(pick.ticket, ready.value.window, now, actor);
  const window: WindowState = {
    ...ready.value.window,
    state: 'calling',
    since: now,
    currentTicketId: ticket.id,
    priorityStreak: pick.priorityStreak,
  };
  const called: DomainEvent = {
    type: 'ticket.called',
    at: now,
    ticket,
    window,
    specific: false,
    previousWindowId: previousWindow(pick.ticket, windowId),
  };
  return ok(ready.value.opened === null ? [called] : [ready.value.opened, called]);
}

function callTicket(
  state: HallState,
  windowId: WindowId,
  id: TicketId,
  now: number,
  actor: Command['actor'],
): Events {
  const found = ticketOf(state, id);
  if (!found.ok) return found;
  const original = found.value;
  const ready = readyWindow(state, windowId, now, actor);
  if (!ready.ok) return ready;
  const callable =
    (original.state === 'waiting' && isEligible(state, windowId, original)) ||
    (original.state === 'suspended' &&
      (original.targetWindowId ?? original.windowId) === windowId) ||
    (original.state === 'no_show' &&
      reactivatable(state, original, now) &&
      (original.windowId === windowId ||
        isEligible(state, windowId, { ...original, state: 'waiting', targetWindowId: null })));
  if (!callable) {
    if (
      original.state === 'waiting' ||
      original.state === 'suspended' ||
      original.state === 'no_show'
    ) {
      return fail(
        'wrong_state',
        `Ticket ${original.number} cannot be called to window ${windowId}.`,
        {
          ticketId: id,
          state: original.state,
        },
      );
    }
    return wrongState(original, 'call it');
  }
  const ticket = calledTicket(original, ready.value.window, now, actor);
  const window: WindowState = {
    ...ready.value.window,
    state: 'calling',
    since: now,
    currentTicketId: ticket.id,
  };
  const called: DomainEvent = {
    type: 'ticket.called',
    at: now,
    ticket,
    window,
    specific: true,
    previousWindowId: previousWindow(original, windowId),
  };
  return ok(ready.value.opened === null ? [called] : [ready.value.opened, called]);
}

/** The ticket called or served at its window, with that window. */
function atItsWindow(
  state: HallState,
  id: TicketId,
  allowed: readonly Ticket['state'][],
  action: string,
): Result<{ ticket: Ticket; window: WindowState }> {
  const found = ticketOf(state, id);
  if (!found.ok) return found;
  const ticket = found.value;
  if (!allowed.includes(ticket.state) || ticket.windowId === null)
    return wrongState(ticket, action);
  const window = windowOf(state, ticket.windowId);
  if (window?.currentTicketId !== ticket.id) return wrongState(ticket, action);
  return ok({ ticket, window });
}

function idle(window: WindowState, now: number): WindowState {
  return { ...window, state: 'idle', since: now, currentTicketId: null };
}

function recall(state: HallState, id: TicketId, now: number): Events {
  const found = atItsWindow(state, id, ['called'], 'recall it');
  if (!found.ok) return found;
  const { ticket, window } = found.value;
  const { recallLimit, recallMinGapSec, autoNoShowAfterRecallLimit } = state.config.policies;
  if (ticket.recallCount >= recallLimit) {
    if (!autoNoShowAfterRecallLimit) {
      return fail('recall_limit', `${ticket.number} was recalled ${recallLimit} times already.`, {
        ticketId: id,
        limit: recallLimit,
      });
    }
    return ok([
      {
        type: 'ticket.noShow',
        at: now,
        ticket: { ...ticket, state: 'no_show', finishedAt: now, closedReason: 'recall_limit' },
        window: idle(window, now),
      },
    ]);
  }
  const last = ticket.lastCalledAt ?? ticket.calledAt ?? 0;
  const waitMs = last + recallMinGapSec * 1000 - now;
  if (waitMs > 0) {
    return fail(
      'recall_too_soon',
      `Wait ${Math.ceil(waitMs / 1000)} s before recalling ${ticket.number}.`,
      {
        ticketId: id,
        retryInMs: waitMs,
      },
    );
  }
  return ok([
    {
      type: 'ticket.recalled',
      at: now,
      ticket: { ...ticket, recallCount: ticket.recallCount + 1, lastCalledAt: now },
      window,
    },
  ]);
}

function start(state: HallState, id: TicketId, now: number): Events {
  const found = atItsWindow(state, id, ['called'], 'start serving it');
  if (!found.ok) return found;
  const { ticket, window } = found.value;
  return ok([
    {
      type: 'ticket.started',
      at: now,
      ticket: { ...ticket, state: 'serving', startedAt: now },
      window: { ...window, state: 'serving', since: now },
    },
  ]);
}

function complete(state: HallState, id: TicketId, now: number): Events {
  const found = atItsWindow(state, id, ['called', 'serving'], 'complete it');
  if (!found.ok) return found;
  const { ticket, window } = found.value;
  const startedAt = ticket.startedAt ?? ticket.calledAt ?? now;
  return ok([
    {
      type: 'ticket.completed',
      at: now,
      ticket: { ...ticket, state: 'done', startedAt, finishedAt: now },
      window: idle(window, now),
      handlingMs: Math.max(0, now - startedAt),
    },
  ]);
}

function noShow(state: HallState, id: TicketId, now: number): Events {
  const found = atItsWindow(state, id, ['called'], 'mark it as no-show');
  if (!found.ok) return found;
  const { ticket, window } = found.value;
  return ok([
    {
      type: 'ticket.noShow',
      at: now,
      ticket: { ...ticket, state: 'no_show', finishedAt: now, closedReason: 'clerk' },
      window: idle(window, now),
    },
  ]);
}

function reactivatable(state: HallState, ticket: Ticket, now: number): boolean {
  const limitMs = state.config.policies.noShowReactivateMin * 60_000;
  return (
    ticket.state === 'no_show' && ticket.finishedAt !== null && now - ticket.finishedAt <= limitMs
  );
}

function reactivate(state: HallState, id: TicketId, now: number): Events {
  const found = ticketOf(state, id);
  if (!found.ok) return found;
  const ticket = found.value;
  if (ticket.state !== 'no_show') return wrongState(ticket, 'reactivate it');
  if (!reactivatable(state, ticket, now)) {
    return fail(
      'reactivate_expired',
      `${ticket.number} missed its call more than ${state.config.policies.noShowReactivateMin} min ago; take a new ticket.`,
      {
        ticketId: id,
      },
    );
  }
  // Re-enter N places from the front of its service's queue (过号重排).
  const keys: number[] = [];
  for (const t of state.day.tickets.values()) {
    if (t.state === 'waiting' && t.serviceId === ticket.serviceId && t.targetWindowId === null) {
      keys.push(t.sortKey);
    }
  }
  keys.sort((a, b) => a - b);
  const n = state.config.policies.noShowReinsertPosition;
  const before = keys[n - 1];
  const after = keys[n];
  const sortKey =
    after === undefined
      ? Math.max(now, (keys[keys.length - 1] ?? now) + 1)
      : n <= 0
        ? (keys[0] ?? now) - 1
        : ((before ?? after) + after) / 2;
  return ok([
    {
      type: 'ticket.reactivated',
      at: now,
      ticket: {
        ...ticket,
        state: 'waiting',
        sortKey,
        targetWindowId: null,
        recallCount: 0,
        finishedAt: null,
        closedReason: null,
      },
    },
  ]);
}

function suspend(state: HallState, id: TicketId, now: number): Events {
  const found = atItsWindow(state, id, ['called', 'serving'], 'suspend it');
  if (!found.ok) return found;
  const { ticket, window } = found.value;
  return ok([
    {
      type: 'ticket.suspended',
      at: now,
      ticket: { ...ticket, state: 'suspended', targetWindowId: window.windowId },
      window: idle(window, now),
    },
  ]);
}

function resume(state: HallState, id: TicketId, now: number): Events {
  const found = ticketOf(state, id);
  if (!found.ok) return found;
  const ticket = found.value;
  if (ticket.state !== 'suspended') return wrongState(ticket, 'resume it');
  // Back to the same window, first in its line (targeted tickets go first).
  return ok([
    {
      type: 'ticket.resumed',
      at: now,
      ticket: {
        ...ticket,
        state: 'waiting',
        targetWindowId: ticket.targetWindowId ?? ticket.windowId,
      },
    },
  ]);
}

function cancel(
  state: HallState,
  command: Extract<Command, { type: 'ticket.cancel' }>,
  now: number,
): Events {
  const found = ticketOf(state, command.ticketId);
  if (!found.ok) return found;
  const ticket = found.value;
  if (ticket.state !== 'waiting' && ticket.state !== 'suspended' && ticket.state !== 'called') {
    return wrongState(ticket, 'cancel it');
  }
  let window: WindowState | null = null;
  if (ticket.state === 'called' && ticket.windowId !== null) {
    const w = windowOf(state, ticket.windowId);
    if (w?.currentTicketId === ticket.id) window = idle(w, now);
  }
  const reason = command.actor.kind === 'staff' ? 'clerk' : 'visitor';
  return ok([
    {
      type: 'ticket.cancelled',
      at: now,
      ticket: { ...ticket, state: 'cancelled', finishedAt: now, closedReason: reason },
      window,
    },
  ]);
}

function transfer(
  state: HallState,
  command: Extract<Command, { type: 'ticket.transfer' }>,
  now: number,
): Events {
  const found = ticketOf(state, command.ticketId);
  if (!found.ok) return found;
  const ticket = found.value;
  const { toServiceId, toWindowId } = command;
  if (toServiceId === null && toWindowId === null) {
    return fail('validation', 'Name a service or a window to transfer to.');
  }
  if (toServiceId !== null && findService(state, toServiceId) === undefined) {
    return fail('not_found', `No service ${toServiceId}.`, { serviceId: toServiceId });
  }
  if (toWindowId !== null && windowOf(state, toWindowId) === undefined) {
    return fail('not_found', `No window ${toWindowId}.`, { windowId: toWindowId });
  }
  const atWindow = ticket.state === 'called' || ticket.state === 'serving';
  // Moving a ticket that still waits is a manager's job (re-routing a queue), not a clerk's.
  const managerMove =
    ticket.state === 'waiting' &&
    command.actor.kind === 'staff' &&
    (command.actor.role === 'admin' ||
      command.actor.role === 'manager' ||
      command.actor.role === 'zone_lead');
  if (!atWindow && !managerMove) return wrongState(ticket, 'transfer it');
  let window: WindowState | null = null;
  if (atWindow && ticket.windowId !== null) {
    const w = windowOf(state, ticket.windowId);
    if (w?.currentTicketId !== ticket.id) return wrongState(ticket, 'transfer it');
    if (toWindowId === ticket.windowId) {
      return fail('validation', 'The ticket is already at that window.', { windowId: toWindowId });
    }
    window = idle(w, now);
  }
  const keep = state.config.policies.transferKeepsArrival;
  const moved: Ticket = {
    ...ticket,
    state: 'waiting',
    serviceId: toServiceId ?? ticket.serviceId,
    targetWindowId: toWindowId,
    queuedAt: keep ? ticket.queuedAt : now,
    sortKey: keep ? ticket.sortKey : now,
    calledAt: null,
    recallCount: 0,
    startedAt: null,
    transferCount: ticket.transferCount + 1,
    note: command.note,
  };
  return ok([
    {
      type: 'ticket.transferred',
      at: now,
      ticket: moved,
      window,
      fromServiceId: ticket.serviceId,
      // A waiting ticket targeted at a window leaves that window's line: name it, so the
      // window's room hears of the move (eventRooms).
      fromWindowId: atWindow ? ticket.windowId : ticket.targetWindowId,
    },
  ]);
}

function rate(
  state: HallState,
  command: Extract<Command, { type: 'ticket.rate' }>,
  now: number,
): Events {
  const found = ticketOf(state, command.ticketId);
  if (!found.ok) return found;
  const ticket = found.value;
  if (ticket.state !== 'done' || ticket.windowId === null || ticket.finishedAt === null) {
    return wrongState(ticket, 'rate it');
  }
  if (ticket.rating !== null) {
    return fail('wrong_state', `${ticket.number} has already been rated.`, { ticketId: ticket.id });
  }
  const limitMs = state.config.policies.ratingWindowSec * 1000;
  if (now - ticket.finishedAt > limitMs) {
    return fail('rating_expired', `The time to rate ${ticket.number} has passed.`, {
      ticketId: ticket.id,
    });
  }
  const bad = isBadRating(command.score);
  if (bad && command.reasons.length === 0 && (command.comment ?? '').trim() === '') {
    return fail('validation', 'A bad rating needs a reason: choose one or write one.', {
      ticketId: ticket.id,
    });
  }
  const rating: Rating = {
    score: command.score,
    reasons: bad ? command.reasons : [],
    comment: bad ? command.comment : null,
    caseNumber: command.caseNumber,
    at: now,
    windowId: ticket.windowId,
    staffId: ticket.staffId,
  };
  return ok([{ type: 'ticket.rated', at: now, ticket: { ...ticket, rating } }]);
}

function openWindow(
  state: HallState,
  windowId: WindowId,
  now: number,
  actor: Command['actor'],
): Events {
  const window = windowOf(state, windowId);
  if (window === undefined) return fail('not_found', `No window ${windowId}.`, { windowId });
  const staffId = actor.kind === 'staff' && actor.role === 'clerk' ? actor.staffId : window.staffId;
  if (window.state === 'closed') {
    const opened: WindowState = {
      ...window,
      state: 'idle',
      since: now,
      staffId,
      priorityStreak: 0,
    };
    return ok([{ type: 'window.opened', at: now, window: opened }]);
  }
  if (staffId === window.staffId) return ok([]); // already open for this clerk: nothing to do
  // Another clerk takes over an open window (shift change); its state stays.
  return ok([{ type: 'window.opened', at: now, window: { ...window, staffId } }]);
}

function closeWindow(state: HallState, windowId: WindowId, now: number): Events {
  const window = windowOf(state, windowId);
  if (window === undefined) return fail('not_found', `No window ${windowId}.`, { windowId });
  if (window.currentTicketId !== null) {
    return fail('window_busy', 'Finish the current ticket before closing the window.', {
      windowId,
      ticketId: window.currentTicketId,
    });
  }
  if (window.state === 'closed') return ok([]);
  const closed: WindowState = { ...closedWindow(windowId, now), priorityStreak: 0 };
  return ok([{ type: 'window.closed', at: now, window: closed }]);
}

function pauseWindow(state: HallState, windowId: WindowId, reason: string, now: number): Events {
  const window = windowOf(state, windowId);
  if (window === undefined) return fail('not_found', `No window ${windowId}.`, { windowId });
  if (window.currentTicketId !== null) {
    return fail('window_busy', 'Finish the current ticket before pausing.', {
      windowId,
      ticketId: window.currentTicketId,
    });
  }
  if (window.state === 'closed') {
    return fail('wrong_state', `Window ${windowId} is closed; open it before pausing.`, {
      windowId,
    });
  }
  const since = window.state === 'paused' ? window.since : now;
  return ok([
    {
      type: 'window.paused',
      at: now,
      window: { ...window, state: 'paused', since, pauseReason: reason },
    },
  ]);
}

function resumeWindow(state: HallState, windowId: WindowId, now: number): Events {
  const window = windowOf(state, windowId);
  if (window === undefined) return fail('not_found', `No window ${windowId}.`, { windowId });
  if (window.state !== 'paused') {
    return fail('wrong_state', `Window ${windowId} is not paused.`, {
      windowId,
      state: window.state,
    });
  }
  return ok([
    {
      type: 'window.resumed',
      at: now,
      window: { ...window, state: 'idle', since: now, pauseReason: null },
    },
  ]);
}

function closeDay(state: HallState, now: number): Events {
  const nextDay = businessDayAt(now, state.config.hall);
  if (nextDay <= state.day.businessDay) {
    return fail('wrong_state', `Business day ${state.day.businessDay} has not ended yet.`, {
      businessDay: state.day.businessDay,
    });
  }
  const policy = state.config.policies.dayClose;
  const tickets: Ticket[] = [];
  for (const t of state.day.tickets.values()) {
    if (t.state === 'serving') {
      tickets.push({ ...t, state: 'done', finishedAt: now });
    } else if (t.state === 'waiting' || t.state === 'called' || t.state === 'suspended') {
      tickets.push({
        ...t,
        state: policy === 'no_show' ? 'no_show' : 'cancelled',
        finishedAt: now,
        closedReason: 'day_closed',
      });
    }
  }
  const windows = state.config.windows.map((w) => closedWindow(w.id, now));
  return ok([
    { type: 'day.closed', at: now, closedDay: state.day.businessDay, nextDay, tickets, windows },
  ]);
}
