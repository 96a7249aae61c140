import { describe, expect, it } from 'vitest';
import { demoHallConfig } from '../demo-hall/index.ts';
import type { Actor } from '../domain/actor.ts';
import type { CommandBody } from '../domain/commands.ts';
import type { DomainEvent, LoggedEvent } from '../domain/events.ts';
import { businessDay } from '../domain/ids.ts';
import type { ServiceId, WindowId } from '../domain/ids.ts';
import type { HallConfig, HallState } from '../domain/model.ts';
import { emptyDay, evolve, reduce } from '../domain/reducer.ts';
import { localTimeToEpoch } from '../domain/time.ts';
import {
  RECENT_CALLS,
  applyToView,
  buildView,
  eventRooms,
  scopeOf,
  zoneIndex,
  type HallView,
} from './view.ts';
import { SYSTEM, TEST_DAY, act, clerkAt, issueBody, manager, tid } from '../testing/factories.ts';

const DAY = TEST_DAY;
const NEXT_DAY = businessDay('2026-11-25');
const T0 = localTimeToEpoch('2026-11-24', '09:00', 'Asia/Shanghai');
const SEC = 1000;
const MIN = 60 * SEC;
const MANAGER = manager();

const CONFIG = demoHallConfig();
const INDEX = zoneIndex(CONFIG);

function windowsOf(config: HallConfig, zone: string): WindowId[] {
  return config.windows.filter((w) => w.zoneId === zone).map((w) => w.id);
}
function serviceByPrefix(prefix: string): ServiceId {
  const s = CONFIG.services.find((x) => x.prefix === prefix);
  if (s === undefined) throw new Error(`no service ${prefix}`);
  return s.id;
}
/** A window that serves the service as primary. */
function primaryWindow(service: ServiceId, skip = 0): WindowId {
  const ids = CONFIG.assignments
    .filter((a) => a.serviceId === service && a.role === 'primary')
    .map((a) => a.windowId);
  const id = ids[skip];
  if (id === undefined) throw new Error(`no window for ${service}`);
  return id;
}

const SVC_A = serviceByPrefix('A'); // zone A
const SVC_B = serviceByPrefix('B'); // zone B
const WA = primaryWindow(SVC_A); // window 1
const WA2 = primaryWindow(SVC_A, 1);
const WB = primaryWindow(SVC_B);
const ZONE_A_WINDOWS = windowsOf(CONFIG, 'A');
const ZONE_B_WINDOWS = windowsOf(CONFIG, 'B');

/** The log of a scripted day and the state after each event (states[k] after k events). */
interface Recording {
  readonly log: readonly LoggedEvent[];
  readonly states: readonly HallState[];
}

function record(script: readonly (readonly [CommandBody, Actor])[]): Recording {
  let state: HallState = { config: CONFIG, day: emptyDay(CONFIG, DAY, T0 - MIN) };
  const log: LoggedEvent[] = [];
  const states: HallState[] = [state];
  let now = T0;
  for (const [body, actor] of script) {
    now += body.type === 'day.close' ? 16 * 60 * MIN : 20 * SEC;
    const result = reduce(state, { ...body, actor }, now);
    if (!result.ok) throw new Error(`${body.type}: ${result.error.code} ${result.error.message}`);
    for (const event of result.value.events) {
      state = evolve(state, [event]);
      states.push(state);
      log.push({
        seq: log.length + 1,
        businessDay: event.type === 'day.closed' ? event.closedDay : state.day.businessDay,
        actor: 'test',
        event,
      });
    }
    expect(state.day).toEqual(result.value.state.day);
  }
  return { log, states };
}

/**
 * A busy morning: 16 calls at window WA (more than RECENT_CALLS), transfers between zones A
 * and B, a transfer to a named window and back out of it, recalls, no-show and reactivation,
 * suspension, cancel, pause, staff change; then a day close and the first calls of the next day.
 */
function busyScript(): (readonly [CommandBody, Actor])[] {
  const s: (readonly [CommandBody, Actor])[] = [];
  const A = clerkAt(WA);
  const A2 = clerkAt(WA2);
  const B = clerkAt(WB);
  for (let i = 0; i < 20; i += 1) s.push([issueBody(SVC_A), SYSTEM]);
  for (let i = 0; i < 6; i += 1) s.push([issueBody(SVC_B), SYSTEM]);
  // 14 tickets called and completed at WA: A001…A014, with recalls on some.
  for (let i = 1; i <= 14; i += 1) {
    const id = tid(`A${String(i).padStart(3, '0')}`);
    s.push([{ type: 'window.callNext', windowId: WA }, A]);
    if (i % 4 === 0) s.push([act('ticket.recall', id), A]);
    if (i % 3 === 0) s.push([act('ticket.start', id), A]);
    s.push([act('ticket.complete', id), A]);
  }
  // A015 called at WA and transferred to zone B's service (leaves zone A).
  s.push([{ type: 'window.callNext', windowId: WA }, A]);
  s.push([
    {
      type: 'ticket.transfer',
      ticketId: tid('A015'),
      toServiceId: SVC_B,
      toWindowId: null,
      note: null,
    },
    A,
  ]);
  // Window B calls next: A015 first (it kept its arrival time), then B001, sent to zone A.
  s.push([{ type: 'window.callNext', windowId: WB }, B]);
  s.push([act('ticket.recall', tid('A015')), B]);
  s.push([act('ticket.complete', tid('A015')), B]);
  s.push([{ type: 'ticket.call', windowId: WB, ticketId: tid('B001') }, B]);
  s.push([
    {
      type: 'ticket.transfer',
      ticketId: tid('B001'),
      toServiceId: SVC_A,
      toWindowId: null,
      note: '转A区',
    },
    B,
  ]);
  // A016 called at WA, no-show, reactivated, called at WA2.
  s.push([{ type: 'window.callNext', windowId: WA }, A]);
  s.push([act('ticket.recall', tid('A016')), A]);
  s.push([act('ticket.noShow', tid('A016')), A]);
  s.push([act('ticket.reactivate', tid('A016')), SYSTEM]);
  s.push([{ type: 'ticket.call', windowId: WA2, ticketId: tid('A016') }, A2]);
  // A017 at WA suspended, resumed, called back.
  s.push([{ type: 'ticket.call', windowId: WA, ticketId: tid('A017') }, A]);
  s.push([act('ticket.suspend', tid('A017')), A]);
  s.push([act('ticket.resume', tid('A017')), A]);
  s.push([{ type: 'window.callNext', windowId: WA }, A]);
  s.push([act('ticket.start', tid('A017')), A]);
  // A018 sent to the named window WB, then moved from there to a service by a manager.
  s.push([
    {
      type: 'ticket.transfer',
      ticketId: tid('A018'),
      toServiceId: null,
      toWindowId: WB,
      note: null,
    },
    MANAGER,
  ]);
  s.push([
    {
      type: 'ticket.transfer',
      ticketId: tid('A018'),
      toServiceId: SVC_A,
      toWindowId: null,
      note: null,
    },
    MANAGER,
  ]);
  // A019 cancelled while waiting; B002 cancelled while called.
  s.push([act('ticket.cancel', tid('A019')), SYSTEM]);
  s.push([{ type: 'window.callNext', windowId: WB }, B]);
  s.push([act('ticket.cancel', tid('B002')), B]);
  // WB pauses, another clerk takes over WA2 while it is busy.
  s.push([{ type: 'window.pause', windowId: WB, reason: '午休' }, B]);
  s.push([{ type: 'window.open', windowId: WA2 }, clerkAt(WA2, 'c-late')]);
  s.push([act('ticket.complete', tid('A016')), A2]);
  // The day closes with A017 being served and tickets waiting; the next day starts.
  s.push([{ type: 'day.close' }, SYSTEM]);
  s.push([issueBody(SVC_A), SYSTEM]);
  s.push([issueBody(SVC_B), SYSTEM]);
  s.push([{ type: 'window.callNext', windowId: WA }, A]);
  s.push([{ type: 'window.callNext', windowId: WB }, B]);
  return s;
}

const ROOM_SETS: readonly (readonly string[])[] = [
  ['hall'],
  ['zone:A'],
  ['zone:B'],
  [`window:${WA}`],
  [`window:${WB}`],
  [`window:${WA2}`],
  ['zone:A', `window:${WB}`],
  ['zone:C'],
];

/** Applies events to a view; with `routed` only those the server would send to its rooms. */
function replay(view: HallView, log: readonly LoggedEvent[], routed: boolean): HallView {
  const rooms = new Set(view.rooms);
  let v = view;
  for (const logged of log) {
    if (routed && !eventRooms(INDEX, logged.event).some((r) => rooms.has(r))) continue;
    v = applyToView(v, logged, INDEX);
  }
  return v;
}

/**
 * Compares a replayed view with a fresh snapshot. Known limitation (pinned, see the test
 * below): when a ticket of a full recent-call list is called again at a window outside the
 * view's scope, its record leaves the list and the replayed view cannot refill the place
 * with the older record a snapshot shows. So recent calls are compared as: the replayed
 * list is the snapshot's list with at most those refills missing, in the same order.
 */
function expectSameView(replayed: HallView, fresh: HallView, withSeq = true): void {
  const { recentCalls: got, ...gotRest } = withSeq ? replayed : { ...replayed, seq: 0 };
  const { recentCalls: want, ...wantRest } = withSeq ? fresh : { ...fresh, seq: 0 };
  expect(gotRest).toEqual(wantRest);
  const kept = new Set(got.map((c) => c.ticketId));
  expect(got).toEqual(want.filter((c) => kept.has(c.ticketId)));
  // Only the oldest records of the snapshot can be missing.
  expect(want.slice(0, got.length)).toEqual(got);
}

describe('buildView', () => {
  const { log, states } = record(busyScript());
  // The state just before the day close.
  const closeAt = log.findIndex((l) => l.event.type === 'day.closed');
  const before = states[closeAt];
  if (before === undefined) throw new Error('no state');

  it('hall: every window and every open ticket', () => {
    const view = buildView(before, closeAt, ['hall']);
    expect(view.seq).toBe(closeAt);
    expect(view.businessDay).toBe(DAY);
    expect(view.rooms).toEqual(['hall']);
    expect(Object.keys(view.windows)).toHaveLength(CONFIG.windows.length);
    const open = [...before.day.tickets.values()].filter((t) =>
      ['waiting', 'called', 'serving', 'suspended'].includes(t.state),
    );
    expect(Object.keys(view.tickets).sort()).toEqual(open.map((t) => t.id).sort());
    for (const t of Object.values(view.tickets)) {
      expect(['done', 'no_show', 'cancelled']).not.toContain(t.state);
    }
    expect(view.recentCalls).toHaveLength(RECENT_CALLS);
    for (let i = 1; i < view.recentCalls.length; i += 1) {
      expect(view.recentCalls[i - 1]?.at).toBeGreaterThanOrEqual(view.recentCalls[i]?.at ?? 0);
    }
    expect(new Set(view.recentCalls.map((c) => c.ticketId)).size).toBe(view.recentCalls.length);
  });

  it('zone:A: the zone windows, tickets of zone A services', () => {
    const view = buildView(before, closeAt, ['zone:A']);
    expect(
      Object.keys(view.windows)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(ZONE_A_WINDOWS);
    for (const t of Object.values(view.tickets)) {
      expect(INDEX.serviceZone.get(t.serviceId)).toBe('A');
    }
    // B001 was transferred into zone A; A015 went to zone B and is done.
    expect(view.tickets[tid('B001')]).toBeDefined();
    expect(view.tickets[tid('A015')]).toBeUndefined();
    expect(view.tickets[tid('A019')]).toBeUndefined(); // cancelled
    for (const c of view.recentCalls) expect(INDEX.windowZone.get(c.windowId)).toBe('A');
    expect(view.windows[WA]).toMatchObject({ state: 'serving', currentTicketId: tid('A017') });
    expect(view.windows[WA2]).toMatchObject({ state: 'idle', staffId: 'c-late' });
  });

  it('zone:B and window rooms', () => {
    const zoneB = buildView(before, closeAt, ['zone:B']);
    expect(
      Object.keys(zoneB.windows)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(ZONE_B_WINDOWS);
    expect(zoneB.windows[WB]).toMatchObject({ state: 'paused', pauseReason: '午休' });
    expect(zoneB.tickets[tid('B001')]).toBeUndefined();
    expect(zoneB.recentCalls.map((c) => c.number)).toEqual(['B002', 'B001', 'A015']);

    const w1 = buildView(before, closeAt, [`window:${WA}`]);
    expect(Object.keys(w1.windows)).toEqual([String(WA)]);
    // Only the ticket served there; waiting tickets of its services belong to the zone room.
    expect(Object.keys(w1.tickets)).toEqual([tid('A017')]);
    expect(w1.recentCalls.every((c) => c.windowId === WA)).toBe(true);
    expect(w1.recentCalls[0]?.number).toBe('A017');
  });

  it('a window room sees the tickets targeted at it', () => {
    const at = log.findIndex(
      (l) => l.event.type === 'ticket.transferred' && l.event.ticket.targetWindowId === WB,
    );
    const state = states[at + 1];
    if (state === undefined) throw new Error('no state');
    const view = buildView(state, at + 1, [`window:${WB}`]);
    expect(view.tickets[tid('A018')]).toMatchObject({ state: 'waiting', targetWindowId: WB });
  });

  it('an empty room list sees nothing; unknown rooms are ignored', () => {
    const view = buildView(before, 1, ['window:999', 'zone:Q']);
    expect(view.windows).toEqual({});
    expect(view.tickets).toEqual({});
    expect(view.recentCalls).toEqual([]);
    expect(scopeOf(['hall', 'zone:A', 'window:7', 'bogus'])).toEqual({
      hall: true,
      zones: new Set(['A']),
      windows: new Set([7]),
    });
  });
});

describe('applyToView equals buildView', () => {
  const { log, states } = record(busyScript());
  const last = states[states.length - 1];
  if (last === undefined) throw new Error('no state');

  it('the script exercises transfers between zones, recalls, completes and a day close', () => {
    const types = new Set(log.map((l) => l.event.type));
    for (const t of [
      'ticket.transferred',
      'ticket.recalled',
      'ticket.completed',
      'ticket.noShow',
      'ticket.reactivated',
      'ticket.suspended',
      'ticket.resumed',
      'ticket.cancelled',
      'window.paused',
      'window.opened',
      'day.closed',
    ] as const) {
      expect(types).toContain(t);
    }
    expect(last.day.businessDay).toBe(NEXT_DAY);
  });

  it.each(ROOM_SETS.map((r) => [r.join(','), r] as const))(
    '%s: step by step from the empty day',
    (_name, rooms) => {
      let view = buildView(states[0] ?? last, 0, rooms);
      for (const logged of log) {
        view = applyToView(view, logged, INDEX);
        const state = states[logged.seq];
        if (state === undefined) throw new Error('no state');
        expectSameView(view, buildView(state, logged.seq, rooms));
        if (rooms.includes('hall')) expect(view).toEqual(buildView(state, logged.seq, rooms));
      }
    },
  );

  it.each(ROOM_SETS.map((r) => [r.join(','), r] as const))(
    '%s: from every earlier snapshot to the end',
    (_name, rooms) => {
      const fresh = buildView(last, log.length, rooms);
      for (let k = 0; k <= log.length; k += 1) {
        const state = states[k];
        if (state === undefined) throw new Error('no state');
        const view = replay(buildView(state, k, rooms), log.slice(k), false);
        expect(view).toEqual(fresh);
      }
    },
  );

  it.each(ROOM_SETS.map((r) => [r.join(','), r] as const))(
    '%s: with only the events routed to its rooms (eventRooms)',
    (_name, rooms) => {
      for (let k = 0; k <= log.length; k += 1) {
        const state = states[k];
        if (state === undefined) throw new Error('no state');
        for (let j = k; j <= log.length; j += 7) {
          const target = states[j];
          if (target === undefined) throw new Error('no state');
          const view = replay(buildView(state, k, rooms), log.slice(k, j), true);
          expectSameView(view, buildView(target, j, rooms), false);
        }
      }
    },
  );

  it('known limitation: a full recent-call list is not refilled when a call leaves scope', () => {
    // A016 was among window 1's last 12 calls; called again at WA2 its record moves there.
    const i = log.findIndex(
      (l) =>
        l.event.type === 'ticket.called' &&
        l.event.ticket.id === tid('A016') &&
        l.event.window.windowId === WA2,
    );
    const rooms = [`window:${WA}`];
    const state = states[i];
    const after = states[i + 1];
    const logged = log[i];
    if (state === undefined || after === undefined || logged === undefined) throw new Error();
    const replayed = applyToView(buildView(state, i, rooms), logged, INDEX);
    const fresh = buildView(after, i + 1, rooms);
    expect(replayed.recentCalls).toHaveLength(RECENT_CALLS - 1);
    expect(fresh.recentCalls).toHaveLength(RECENT_CALLS);
    expect(fresh.recentCalls.at(-1)?.number).toBe('A003');
    expect(replayed.recentCalls).toEqual(fresh.recentCalls.slice(0, RECENT_CALLS - 1));
  });

  it('ignores replayed events (old seq)', () => {
    const rooms = ['hall'];
    const k = 40;
    const state = states[k];
    if (state === undefined) throw new Error('no state');
    const view = buildView(state, k, rooms);
    for (const logged of log.slice(0, k)) expect(applyToView(view, logged, INDEX)).toBe(view);
    // Applying the whole log again after catching up changes nothing either.
    const caught = replay(view, log.slice(k), false);
    expect(replay(caught, log, false)).toBe(caught);
    expect(caught).toEqual(buildView(last, log.length, rooms));
  });

  it('a day close empties tickets and calls and closes the windows', () => {
    const i = log.findIndex((l) => l.event.type === 'day.closed');
    const state = states[i];
    if (state === undefined) throw new Error('no state');
    const logged = log[i];
    if (logged === undefined) throw new Error('no event');
    const view = applyToView(buildView(state, i, ['zone:A']), logged, INDEX);
    expect(view.businessDay).toBe(NEXT_DAY);
    expect(view.tickets).toEqual({});
    expect(view.recentCalls).toEqual([]);
    expect(
      Object.keys(view.windows)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(ZONE_A_WINDOWS);
    for (const w of Object.values(view.windows)) {
      expect(w).toMatchObject({ state: 'closed', staffId: null, currentTicketId: null });
    }
  });
});

describe('eventRooms', () => {
  const { log } = record(busyScript());
  const find = (pred: (e: DomainEvent) => boolean): DomainEvent => {
    const found = log.find((l) => pred(l.event));
    if (found === undefined) throw new Error('event not found');
    return found.event;
  };
  const sorted = (rooms: readonly string[]): string[] => [...rooms].sort();

  it('an issued ticket: the hall and its zone', () => {
    const e = find((x) => x.type === 'ticket.issued' && x.ticket.serviceId === SVC_B);
    expect(sorted(eventRooms(INDEX, e))).toEqual(['hall', 'zone:B']);
  });

  it('a call: the hall, the zone and the window', () => {
    const e = find((x) => x.type === 'ticket.called' && x.window.windowId === WA);
    expect(sorted(eventRooms(INDEX, e))).toEqual(sorted(['hall', 'zone:A', `window:${WA}`]));
  });

  it('a window event: the hall, its zone and the window', () => {
    const e = find((x) => x.type === 'window.paused');
    expect(sorted(eventRooms(INDEX, e))).toEqual(sorted(['hall', 'zone:B', `window:${WB}`]));
  });

  it('a transfer between zones: both zones and the window it left', () => {
    const e = find((x) => x.type === 'ticket.transferred' && x.ticket.id === tid('A015'));
    expect(sorted(eventRooms(INDEX, e))).toEqual(
      sorted(['hall', 'zone:A', 'zone:B', `window:${WA}`]),
    );
    const back = find((x) => x.type === 'ticket.transferred' && x.ticket.id === tid('B001'));
    expect(sorted(eventRooms(INDEX, back))).toEqual(
      sorted(['hall', 'zone:A', 'zone:B', `window:${WB}`]),
    );
  });

  it('a transfer to a named window: that window too', () => {
    const e = find((x) => x.type === 'ticket.transferred' && x.ticket.targetWindowId === WB);
    expect(eventRooms(INDEX, e)).toContain(`window:${WB}`);
    expect(eventRooms(INDEX, e)).toContain('zone:B');
  });

  it('a transfer out of a named window: that window hears of it', () => {
    const e = find(
      (x) =>
        x.type === 'ticket.transferred' &&
        x.ticket.id === tid('A018') &&
        x.ticket.targetWindowId === null,
    );
    if (e.type !== 'ticket.transferred') throw new Error();
    expect(e.fromWindowId).toBe(WB);
    expect(eventRooms(INDEX, e)).toContain(`window:${WB}`);
  });

  it('a day close: every zone and every window', () => {
    const e = find((x) => x.type === 'day.closed');
    const rooms = eventRooms(INDEX, e);
    expect(rooms).toContain('hall');
    for (const z of CONFIG.zones) expect(rooms).toContain(`zone:${z.id}`);
    for (const w of CONFIG.windows) expect(rooms).toContain(`window:${w.id}`);
    expect(rooms).toHaveLength(1 + CONFIG.zones.length + CONFIG.windows.length);
  });

  it('lists each room once', () => {
    for (const l of log) {
      const rooms = eventRooms(INDEX, l.event);
      expect(new Set(rooms).size).toBe(rooms.length);
      expect(rooms[0]).toBe('hall');
    }
  });
});
