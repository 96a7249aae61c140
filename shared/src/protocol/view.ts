/**
 * What a screen, counter or kiosk keeps of the hall: a projection of the event log,
 * limited to the rooms it joined. The server builds the same projection as a snapshot, so
 * a client that applies events and a client that took a snapshot hold equal views — that
 * equality is how resync is tested.
 */
import { isAdminEvent, type DomainEvent, type LoggedEvent } from '../domain/events.ts';
import type { BusinessDay, TicketId, WindowId, ZoneId } from '../domain/ids.ts';
import type { HallConfig, HallState, Ticket, WindowState } from '../domain/model.ts';

/** One call on the screens: the newest call of a ticket. */
export interface CallRecord {
  readonly ticketId: TicketId;
  readonly number: string;
  readonly serviceId: string;
  readonly windowId: WindowId;
  readonly at: number;
}

export interface HallView {
  readonly seq: number;
  readonly businessDay: BusinessDay;
  readonly rooms: readonly string[];
  /** Windows in scope, by window number. */
  readonly windows: Readonly<Record<number, WindowState>>;
  /** Open tickets in scope (waiting, called, serving, suspended), by id. */
  readonly tickets: Readonly<Record<string, Ticket>>;
  /** Newest calls first, one per ticket, at most `RECENT_CALLS`. */
  readonly recentCalls: readonly CallRecord[];
}

export const RECENT_CALLS = 12;

const OPEN_STATES: ReadonlySet<Ticket['state']> = new Set([
  'waiting',
  'called',
  'serving',
  'suspended',
]);

/** The scope a set of rooms selects. */
export interface Scope {
  readonly hall: boolean;
  readonly zones: ReadonlySet<string>;
  readonly windows: ReadonlySet<number>;
}

/** Parses room names (`hall`, `zone:A`, `window:5`) into a scope. */
export function scopeOf(rooms: readonly string[]): Scope {
  const zones = new Set<string>();
  const windows = new Set<number>();
  let hall = false;
  for (const room of rooms) {
    if (room === 'hall') hall = true;
    else if (room.startsWith('zone:')) zones.add(room.slice(5));
    else if (room.startsWith('window:')) windows.add(Number(room.slice(7)));
  }
  return { hall, zones, windows };
}

/** Lookup tables from the configuration used to place tickets and windows in zones. */
export interface ZoneIndex {
  readonly serviceZone: ReadonlyMap<string, ZoneId>;
  readonly windowZone: ReadonlyMap<number, ZoneId>;
}

/** Builds the service → zone and window → zone lookups. */
export function zoneIndex(config: HallConfig): ZoneIndex {
  return {
    serviceZone: new Map(config.services.map((s) => [s.id, s.zoneId])),
    windowZone: new Map(config.windows.map((w) => [w.id, w.zoneId])),
  };
}

/** Whether a window belongs to the scope. */
export function windowInScope(scope: Scope, index: ZoneIndex, windowId: number): boolean {
  if (scope.hall || scope.windows.has(windowId)) return true;
  const zone = index.windowZone.get(windowId);
  return zone !== undefined && scope.zones.has(zone);
}

/** Whether an open ticket belongs to the scope (by its service's zone or its window). */
export function ticketInScope(scope: Scope, index: ZoneIndex, ticket: Ticket): boolean {
  if (!OPEN_STATES.has(ticket.state)) return false;
  if (scope.hall) return true;
  const zone = index.serviceZone.get(ticket.serviceId);
  if (zone !== undefined && scope.zones.has(zone)) return true;
  const atWindow = ticket.state === 'called' || ticket.state === 'serving' ? ticket.windowId : null;
  const target = ticket.targetWindowId;
  return (
    (atWindow !== null && scope.windows.has(atWindow)) ||
    (target !== null && scope.windows.has(target))
  );
}

/**
 * The rooms an event is broadcast to: the hall and every zone and window it touches. A
 * configuration change goes to every room; admin events (alarms, work orders, staff) only to
 * `admin` and, when they concern a zone, that zone's lead (`admin:zone:<id>`).
 */
export function eventRooms(index: ZoneIndex, event: DomainEvent): readonly string[] {
  if (isAdminEvent(event)) {
    const zone =
      'alarm' in event ? event.alarm.zoneId : 'order' in event ? event.order.zoneId : null;
    return zone === null ? ['admin'] : ['admin', `admin:zone:${zone}`];
  }
  const rooms = new Set<string>(['hall']);
  const addWindow = (id: number | null): void => {
    if (id === null) return;
    rooms.add(`window:${id}`);
    const zone = index.windowZone.get(id);
    if (zone !== undefined) rooms.add(`zone:${zone}`);
  };
  const addService = (id: string): void => {
    const zone = index.serviceZone.get(id);
    if (zone !== undefined) rooms.add(`zone:${zone}`);
  };
  if (event.type === 'day.closed' || event.type === 'config.changed') {
    for (const zone of new Set(index.windowZone.values())) rooms.add(`zone:${zone}`);
    for (const zone of index.serviceZone.values()) rooms.add(`zone:${zone}`);
    for (const id of index.windowZone.keys()) rooms.add(`window:${id}`);
    return [...rooms];
  }
  if ('window' in event && event.window !== null) addWindow(event.window.windowId);
  if ('ticket' in event) {
    addService(event.ticket.serviceId);
    addWindow(event.ticket.windowId);
    addWindow(event.ticket.targetWindowId);
  }
  if (event.type === 'ticket.transferred') {
    addService(event.fromServiceId);
    addWindow(event.fromWindowId);
  }
  // Screens of the window that called it before drop that older call.
  if (event.type === 'ticket.called') addWindow(event.previousWindowId ?? null);
  return [...rooms];
}

function callRecord(ticket: Ticket): CallRecord | null {
  if (ticket.lastCalledAt === null || ticket.windowId === null) return null;
  return {
    ticketId: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    windowId: ticket.windowId,
    at: ticket.lastCalledAt,
  };
}

function byNewest(a: CallRecord, b: CallRecord): number {
  return b.at - a.at || (a.ticketId < b.ticketId ? 1 : a.ticketId > b.ticketId ? -1 : 0);
}

/** The server's snapshot of the view for a set of rooms. */
export function buildView(state: HallState, seq: number, rooms: readonly string[]): HallView {
  const scope = scopeOf(rooms);
  const index = zoneIndex(state.config);
  const windows: Record<number, WindowState> = {};
  for (const w of state.day.windows.values()) {
    if (windowInScope(scope, index, w.windowId)) windows[w.windowId] = w;
  }
  const tickets: Record<string, Ticket> = {};
  const calls: CallRecord[] = [];
  for (const t of state.day.tickets.values()) {
    if (ticketInScope(scope, index, t)) tickets[t.id] = t;
    const call = callRecord(t);
    if (call !== null && windowInScope(scope, index, call.windowId)) calls.push(call);
  }
  calls.sort(byNewest);
  return {
    seq,
    businessDay: state.day.businessDay,
    rooms: [...rooms],
    windows,
    tickets,
    recentCalls: calls.slice(0, RECENT_CALLS),
  };
}

/** Applies one logged event to a view (the client side of sync). Pure. */
export function applyToView(view: HallView, logged: LoggedEvent, index: ZoneIndex): HallView {
  if (logged.seq <= view.seq) return view; // already applied: replays are harmless
  const scope = scopeOf(view.rooms);
  const { event } = logged;
  if (event.type === 'day.closed') {
    const windows: Record<number, WindowState> = {};
    for (const w of event.windows)
      if (windowInScope(scope, index, w.windowId)) windows[w.windowId] = w;
    return {
      seq: logged.seq,
      businessDay: event.nextDay,
      rooms: view.rooms,
      windows,
      tickets: {},
      recentCalls: [],
    };
  }
  if (event.type === 'config.changed') {
    // New windows in scope appear closed, removed ones go (the index is the new one's).
    const windows: Record<number, WindowState> = {};
    for (const def of event.config.windows) {
      if (!windowInScope(scope, index, def.id)) continue;
      windows[def.id] = view.windows[def.id] ?? {
        windowId: def.id,
        state: 'closed',
        since: event.at,
        staffId: null,
        pauseReason: null,
        currentTicketId: null,
        priorityStreak: 0,
      };
    }
    return { ...view, seq: logged.seq, windows };
  }
  let windows = view.windows;
  let tickets = view.tickets;
  let recentCalls = view.recentCalls;
  if (
    'window' in event &&
    event.window !== null &&
    windowInScope(scope, index, event.window.windowId)
  ) {
    windows = { ...windows, [event.window.windowId]: event.window };
  }
  if ('ticket' in event) {
    const { ticket } = event;
    if (ticketInScope(scope, index, ticket)) {
      tickets = { ...tickets, [ticket.id]: ticket };
    } else if (ticket.id in tickets) {
      tickets = Object.fromEntries(Object.entries(tickets).filter(([id]) => id !== ticket.id));
    }
    // The record is derived from the ticket's latest version, exactly as in buildView.
    const call = callRecord(ticket);
    const others = recentCalls.filter((c) => c.ticketId !== ticket.id);
    recentCalls =
      call !== null && windowInScope(scope, index, call.windowId)
        ? [call, ...others].sort(byNewest).slice(0, RECENT_CALLS)
        : others.length === recentCalls.length
          ? recentCalls
          : others;
  }
  return {
    seq: logged.seq,
    businessDay: logged.businessDay,
    rooms: view.rooms,
    windows,
    tickets,
    recentCalls,
  };
}
