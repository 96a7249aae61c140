import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import type { CommandBody } from './commands.ts';
import { queueFor } from './dispatch.ts';
import { meanHandlingMs } from './eta.ts';
import { dayFigures } from './figures.ts';
import type { DomainError } from './errors.ts';
import type { DomainEvent } from './events.ts';
import { floorId, makeTicketId, serviceId, ticketId, windowId, zoneId } from './ids.ts';
import type { ServiceId, TicketId, WindowId } from './ids.ts';
import { HANDLING_SAMPLES, PRIORITY_CLASSES } from './model.ts';
import type {
  Calendar,
  DayState,
  HallConfig,
  HallState,
  Policies,
  Ticket,
  WindowState,
} from './model.ts';
import {
  applyEvents,
  copyDay,
  decide,
  emptyDay,
  evolve,
  formatTicketNumber,
  reduce,
} from './reducer.ts';
import { localTimeToEpoch } from './time.ts';
import {
  IDC,
  SEAL,
  TAX,
  W1,
  W2,
  W3,
  ANONYMOUS,
  SYSTEM,
  TEST_DAY,
  act,
  clerkAt,
  deviceActor,
  integrationActor,
  issueBody,
  kioskDevice,
  makeAssignment,
  makeService,
  makeWindowDef,
  makeZone,
  manager,
  staffActor,
  testConfig,
  tid,
} from '../testing/factories.ts';

// A small hall in Asia/Shanghai. Zone A: services idc (prefix A) and tax (prefix B),
// windows 1 and 2. Zone B: service seal (prefix C, quota 3, one ticket per person),
// window 3. Window 1: idc. Window 2: idc + tax. Window 3: seal + tax (secondary).
const DAY = TEST_DAY; // 2026-11-24, a Tuesday
const TZ = 'Asia/Shanghai';
const SEC = 1000;
const MIN = 60 * SEC;

/** Local wall time on the test day (or another date) as epoch ms. */
function at(time: string, date = '2026-11-24'): number {
  return localTimeToEpoch(date, time, TZ);
}
const T0 = at('10:00');

/** The small hall above; always open, with hours 09:00–17:00 when a test closes it. */
function hallConfig(
  policies: Partial<Policies> = {},
  calendar: Partial<Calendar> = {},
): HallConfig {
  return testConfig({
    hall: { timeZone: TZ, dayCloseTime: '00:00' },
    floors: [{ id: floorId(1), name: '一楼', nameEn: '1st floor' }],
    zones: ['A', 'B'].map((z) => makeZone(z, { name: z, nameEn: z, location: '', locationEn: '' })),
    services: [
      makeService({ id: IDC, prefix: 'A' }),
      makeService({ id: TAX, prefix: 'B' }),
      makeService({
        id: SEAL,
        zoneId: zoneId('B'),
        prefix: 'C',
        dailyQuota: 3,
        perPersonDailyLimit: 1,
      }),
    ],
    windows: [W1, W2, W3].map((id) => makeWindowDef(id, { zoneId: zoneId(id === W3 ? 'B' : 'A') })),
    assignments: [
      makeAssignment(W1, IDC, 'primary'),
      makeAssignment(W2, IDC, 'primary'),
      makeAssignment(W2, TAX, 'primary'),
      makeAssignment(W3, SEAL, 'primary'),
      makeAssignment(W3, TAX, 'secondary'),
    ],
    calendar: { hours: [{ open: '09:00', close: '17:00' }], ...calendar },
    policies: {
      priorityInterleave: 3,
      noShowReinsertPosition: 2,
      ratingWindowSec: 60,
      ...policies,
    },
  });
}

function hall(policies: Partial<Policies> = {}, calendar: Partial<Calendar> = {}): HallState {
  const config = hallConfig(policies, calendar);
  return { config, day: emptyDay(config, DAY, T0 - 60 * MIN) };
}

// Actors.
const KIOSK = kioskDevice();
const GUIDE = staffActor('guide', { staffId: 'g1' });
const MANAGER = manager();
const INTEGRATION = integrationActor('app');

// Command bodies.
const callNextBody = (w: WindowId): CommandBody => ({ type: 'window.callNext', windowId: w });
const callBody = (w: WindowId, t: TicketId): CommandBody => ({
  type: 'ticket.call',
  windowId: w,
  ticketId: t,
});
const transferBody = (
  t: TicketId,
  toServiceId: ServiceId | null,
  toWindowId: WindowId | null,
): CommandBody => ({
  type: 'ticket.transfer',
  ticketId: t,
  toServiceId,
  toWindowId,
  note: '补材料',
});

/** A state with its maps turned into sorted arrays, comparable with toEqual / JSON. */
function plain(state: HallState): unknown {
  return plainDay(state.day);
}
function plainDay(day: DayState): unknown {
  const sorted = <K, V>(m: ReadonlyMap<K, V>): [K, V][] =>
    [...m.entries()].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  return {
    businessDay: day.businessDay,
    counters: sorted(day.counters),
    tickets: sorted(day.tickets),
    windows: sorted(day.windows),
    handling: sorted(day.handling),
  };
}

interface Step {
  readonly state: HallState;
  readonly events: readonly DomainEvent[];
}

/**
 * Runs a command that must succeed; also checks that the input is not mutated and that
 * `applyEvents` on a mutable copy gives the same day as `reduce`.
 */
function run(state: HallState, body: CommandBody, actor: Actor, now: number): Step {
  const before = JSON.stringify(plain(state));
  const result = reduce(state, { ...body, actor }, now);
  if (!result.ok)
    throw new Error(`${body.type} refused: ${result.error.code} ${result.error.message}`);
  expect(JSON.stringify(plain(state))).toBe(before);
  const applied = applyEvents(state.config, copyDay(state.day), result.value.events);
  expect(plainDay(applied)).toEqual(plain(result.value.state));
  return result.value;
}

/** Runs a command that must be refused; checks the state is left as it was. */
function refuse(state: HallState, body: CommandBody, actor: Actor, now: number): DomainError {
  const before = JSON.stringify(plain(state));
  const result = reduce(state, { ...body, actor }, now);
  if (result.ok) throw new Error(`${body.type} unexpectedly accepted`);
  expect(JSON.stringify(plain(state))).toBe(before);
  return result.error;
}

function ticket(state: HallState, id: TicketId): Ticket {
  const t = state.day.tickets.get(id);
  if (t === undefined) throw new Error(`no ticket ${id}`);
  return t;
}
function win(state: HallState, id: WindowId): WindowState {
  const w = state.day.windows.get(id);
  if (w === undefined) throw new Error(`no window ${id}`);
  return w;
}

/** Issues `count` tickets of a service, one second apart from `from`. */
function issueMany(state: HallState, id: ServiceId, count: number, from = T0): HallState {
  let s = state;
  for (let i = 0; i < count; i += 1) s = run(s, issueBody(id), KIOSK, from + i * SEC).state;
  return s;
}

/** A state with A001…A00n waiting and A001 called at window 1 at `T0 + 1 min`. */
function withCalled(n = 3, policies: Partial<Policies> = {}): HallState {
  const s = issueMany(hall(policies), IDC, n);
  return run(s, callNextBody(W1), clerkAt(W1), T0 + MIN).state;
}

describe('ticket.issue', () => {
  it('numbers tickets per prefix: A001, A002 … and B001 for another service', () => {
    let s = hall();
    const numbers: string[] = [];
    for (const [i, id] of [IDC, IDC, TAX, IDC].entries()) {
      const step = run(s, issueBody(id), KIOSK, T0 + i * SEC);
      expect(step.events).toHaveLength(1);
      const [event] = step.events;
      if (event?.type !== 'ticket.issued') throw new Error('expected ticket.issued');
      numbers.push(event.ticket.number);
      s = step.state;
    }
    expect(numbers).toEqual(['A001', 'A002', 'B001', 'A003']);
    expect(s.day.counters.get('A')).toBe(3);
    expect(s.day.counters.get('B')).toBe(1);
    const a3 = ticket(s, tid('A003'));
    expect(a3).toMatchObject({
      id: '20261124-A003',
      businessDay: DAY,
      seq: 3,
      serviceId: IDC,
      priority: 'normal',
      state: 'waiting',
      channel: 'kiosk',
      issuedAt: T0 + 3 * SEC,
      queuedAt: T0 + 3 * SEC,
      sortKey: T0 + 3 * SEC,
      targetWindowId: null,
      windowId: null,
      recallCount: 0,
      transferCount: 0,
      closedReason: null,
    });
  });

  it('keeps the priority class, person and appointment data', () => {
    const s = run(
      hall(),
      {
        type: 'ticket.issue',
        serviceId: IDC,
        priority: 'elderly',
        channel: 'staff',
        personKey: 'k1',
        personMasked: '3201**********1234',
        appointmentId: 'ap-1',
      },
      GUIDE,
      T0,
    ).state;
    expect(ticket(s, tid('A001'))).toMatchObject({
      priority: 'elderly',
      channel: 'staff',
      personKey: 'k1',
      personMasked: '3201**********1234',
      appointmentId: 'ap-1',
    });
  });

  it('formats numbers zero-padded to three digits, longer beyond 999', () => {
    expect(formatTicketNumber('A', 1)).toBe('A001');
    expect(formatTicketNumber('XM', 42)).toBe('XM042');
    expect(formatTicketNumber('A', 999)).toBe('A999');
    expect(formatTicketNumber('A', 1000)).toBe('A1000');
  });

  it('refuses with quota_reached at the daily quota', () => {
    let s = hall();
    for (let i = 0; i < 3; i += 1) {
      s = run(s, issueBody(SEAL, { personKey: `p${i}` }), KIOSK, T0 + i * SEC).state;
    }
    const error = refuse(s, issueBody(SEAL, { personKey: 'p9' }), KIOSK, T0 + 10 * SEC);
    expect(error.code).toBe('quota_reached');
    expect(error.details).toMatchObject({ serviceId: SEAL, quota: 3 });
  });

  it('counts the quota on issued numbers: cancelled tickets do not give the number back', () => {
    let s = hall();
    for (let i = 0; i < 3; i += 1) {
      s = run(s, issueBody(SEAL, { personKey: `p${i}` }), KIOSK, T0 + i * SEC).state;
    }
    s = run(s, act('ticket.cancel', tid('C001')), GUIDE, T0 + 5 * SEC).state;
    expect(refuse(s, issueBody(SEAL, { personKey: 'p9' }), KIOSK, T0 + 6 * SEC).code).toBe(
      'quota_reached',
    );
  });

  it('refuses with per_person_limit by person key, per service', () => {
    let s = run(hall(), issueBody(SEAL, { personKey: 'alice' }), KIOSK, T0).state;
    const error = refuse(s, issueBody(SEAL, { personKey: 'alice' }), KIOSK, T0 + SEC);
    expect(error.code).toBe('per_person_limit');
    expect(error.details).toMatchObject({ serviceId: SEAL, limit: 1 });
    // Another person, and no person key at all, are fine.
    s = run(s, issueBody(SEAL, { personKey: 'bob' }), KIOSK, T0 + 2 * SEC).state;
    s = run(s, issueBody(SEAL), KIOSK, T0 + 3 * SEC).state;
    // The limit is per service: alice may take a ticket of a service without a limit.
    run(s, issueBody(IDC, { personKey: 'alice' }), KIOSK, T0 + 4 * SEC);
  });

  it('refuses outside_hours with a working calendar: 20:00 and before opening', () => {
    const s = hall({}, { alwaysOpen: false });
    const evening = refuse(s, issueBody(IDC), KIOSK, at('20:00'));
    expect(evening.code).toBe('outside_hours');
    expect(evening.details).toMatchObject({ serviceId: IDC, reason: 'after_hours' });
    const early = refuse(s, issueBody(IDC), KIOSK, at('08:30'));
    expect(early.code).toBe('outside_hours');
    expect(early.details).toMatchObject({ reason: 'before_hours', opensAt: '09:00' });
    // During the hours the same command succeeds.
    run(s, issueBody(IDC), KIOSK, at('09:00'));
    run(s, issueBody(IDC), KIOSK, at('16:59'));
    // The always-open calendar issues at 20:00.
    run(hall(), issueBody(IDC), KIOSK, at('20:00'));
  });

  it('refuses an unknown service with not_found', () => {
    const error = refuse(hall(), issueBody(serviceId('nope')), KIOSK, T0);
    expect(error.code).toBe('not_found');
    expect(error.details).toMatchObject({ serviceId: 'nope' });
  });
});

describe('window.callNext', () => {
  it('opens a closed window first: window.opened then ticket.called', () => {
    const s = issueMany(hall(), IDC, 2);
    const step = run(s, callNextBody(W1), clerkAt(W1), T0 + MIN);
    expect(step.events.map((e) => e.type)).toEqual(['window.opened', 'ticket.called']);
    const [opened, called] = step.events;
    if (opened?.type !== 'window.opened' || called?.type !== 'ticket.called') throw new Error();
    expect(opened.window).toMatchObject({ state: 'idle', staffId: 'c1', currentTicketId: null });
    expect(called.specific).toBe(false);
    expect(called.ticket).toMatchObject({
      id: tid('A001'),
      state: 'called',
      windowId: W1,
      staffId: 'c1',
      calledAt: T0 + MIN,
      lastCalledAt: T0 + MIN,
      recallCount: 0,
    });
    expect(win(step.state, W1)).toMatchObject({
      state: 'calling',
      since: T0 + MIN,
      staffId: 'c1',
      currentTicketId: tid('A001'),
    });
  });

  it('does not emit window.opened when the window is already open', () => {
    let s = issueMany(hall(), IDC, 1);
    s = run(s, { type: 'window.open', windowId: W1 }, clerkAt(W1), T0).state;
    const step = run(s, callNextBody(W1), clerkAt(W1), T0 + MIN);
    expect(step.events.map((e) => e.type)).toEqual(['ticket.called']);
  });

  it('calls in dispatch order: green channel before earlier normal tickets', () => {
    let s = run(hall(), issueBody(IDC), KIOSK, T0).state;
    s = run(s, issueBody(IDC, { priority: 'elderly' }), KIOSK, T0 + SEC).state;
    s = run(s, callNextBody(W1), clerkAt(W1), T0 + MIN).state;
    expect(win(s, W1).currentTicketId).toBe(tid('A002'));
    expect(win(s, W1).priorityStreak).toBe(1);
  });

  it('refuses window_paused on a paused window', () => {
    let s = issueMany(hall(), IDC, 1);
    s = run(s, { type: 'window.open', windowId: W1 }, clerkAt(W1), T0).state;
    s = run(s, { type: 'window.pause', windowId: W1, reason: '午休' }, clerkAt(W1), T0).state;
    expect(refuse(s, callNextBody(W1), clerkAt(W1), T0 + MIN).code).toBe('window_paused');
  });

  it('refuses window_busy while a ticket is called and while it is served', () => {
    let s = withCalled();
    const busy = refuse(s, callNextBody(W1), clerkAt(W1), T0 + 2 * MIN);
    expect(busy.code).toBe('window_busy');
    expect(busy.details).toMatchObject({ windowId: W1, ticketId: tid('A001') });
    s = run(s, act('ticket.start', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    expect(refuse(s, callNextBody(W1), clerkAt(W1), T0 + 3 * MIN).code).toBe('window_busy');
  });

  it('refuses no_ticket_waiting and leaves a closed window closed', () => {
    const s = hall();
    expect(refuse(s, callNextBody(W1), clerkAt(W1), T0).code).toBe('no_ticket_waiting');
    expect(win(s, W1).state).toBe('closed');
    // Tickets of a service the window does not serve do not count.
    const seal = run(s, issueBody(SEAL), KIOSK, T0).state;
    expect(refuse(seal, callNextBody(W1), clerkAt(W1), T0).code).toBe('no_ticket_waiting');
  });

  it('refuses an unknown window with not_found (for a system caller)', () => {
    const s = issueMany(hall(), IDC, 1);
    expect(refuse(s, callNextBody(windowId(99)), SYSTEM, T0).code).toBe('not_found');
  });
});

describe('ticket.call (特呼)', () => {
  it('calls a waiting eligible ticket out of order', () => {
    const s = issueMany(hall(), IDC, 3);
    const step = run(s, callBody(W1, tid('A003')), clerkAt(W1), T0 + MIN);
    expect(step.events.map((e) => e.type)).toEqual(['window.opened', 'ticket.called']);
    const called = step.events[1];
    if (called?.type !== 'ticket.called') throw new Error();
    expect(called.specific).toBe(true);
    expect(win(step.state, W1).currentTicketId).toBe(tid('A003'));
  });

  it('refuses a ticket of a service the window does not serve', () => {
    const s = run(hall(), issueBody(SEAL), KIOSK, T0).state;
    const error = refuse(s, callBody(W1, tid('C001')), clerkAt(W1), T0 + MIN);
    expect(error.code).toBe('wrong_state');
    expect(error.details).toMatchObject({ ticketId: tid('C001'), state: 'waiting' });
  });

  it('calls a suspended ticket back at the same window only', () => {
    let s = withCalled();
    s = run(s, act('ticket.suspend', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    expect(refuse(s, callBody(W2, tid('A001')), clerkAt(W2), T0 + 3 * MIN).code).toBe(
      'wrong_state',
    );
    const step = run(s, callBody(W1, tid('A001')), clerkAt(W1), T0 + 3 * MIN);
    expect(ticket(step.state, tid('A001'))).toMatchObject({
      state: 'called',
      windowId: W1,
      calledAt: T0 + 3 * MIN,
    });
    expect(win(step.state, W1).currentTicketId).toBe(tid('A001'));
  });

  it('calls a no-show ticket within the reactivation time, refuses it after', () => {
    let s = withCalled();
    s = run(s, act('ticket.noShow', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    // Back at the same window, or at another window serving the service.
    const same = run(s, callBody(W1, tid('A001')), clerkAt(W1), T0 + 32 * MIN).state;
    expect(ticket(same, tid('A001'))).toMatchObject({
      state: 'called',
      windowId: W1,
      recallCount: 0,
      finishedAt: null,
      closedReason: null,
    });
    const other = run(s, callBody(W2, tid('A001')), clerkAt(W2), T0 + 10 * MIN).state;
    expect(ticket(other, tid('A001')).windowId).toBe(W2);
    // Not at a window that does not serve the service.
    expect(refuse(s, callBody(W3, tid('A001')), clerkAt(W3), T0 + 10 * MIN).code).toBe(
      'wrong_state',
    );
    // 30 min after the no-show it is too late.
    expect(refuse(s, callBody(W1, tid('A001')), clerkAt(W1), T0 + 32 * MIN + 1).code).toBe(
      'wrong_state',
    );
  });

  it('refuses a ticket targeted at another window', () => {
    let s = issueMany(hall(), IDC, 2);
    s = run(s, transferBody(tid('A002'), null, W2), MANAGER, T0 + MIN).state;
    expect(refuse(s, callBody(W1, tid('A002')), clerkAt(W1), T0 + 2 * MIN).code).toBe(
      'wrong_state',
    );
    run(s, callBody(W2, tid('A002')), clerkAt(W2), T0 + 2 * MIN);
  });

  it('refuses done, called and unknown tickets', () => {
    let s = withCalled();
    expect(refuse(s, callBody(W2, tid('A001')), clerkAt(W2), T0 + 2 * MIN).code).toBe(
      'wrong_state',
    );
    s = run(s, act('ticket.complete', tid('A001')), clerkAt(W1), T0 + 3 * MIN).state;
    expect(refuse(s, callBody(W2, tid('A001')), clerkAt(W2), T0 + 4 * MIN).code).toBe(
      'wrong_state',
    );
    expect(refuse(s, callBody(W2, tid('A999')), clerkAt(W2), T0 + 4 * MIN).code).toBe('not_found');
  });

  it('refuses at a busy window', () => {
    const s = withCalled();
    expect(refuse(s, callBody(W1, tid('A002')), clerkAt(W1), T0 + 2 * MIN).code).toBe(
      'window_busy',
    );
  });
});

describe('ticket.recall', () => {
  it('enforces the minimum gap with retryInMs, then counts recalls', () => {
    let s = withCalled();
    const called = T0 + MIN;
    const early = refuse(s, act('ticket.recall', tid('A001')), clerkAt(W1), called + 4 * SEC);
    expect(early.code).toBe('recall_too_soon');
    expect(early.details).toMatchObject({ ticketId: tid('A001'), retryInMs: 6 * SEC });
    const step = run(s, act('ticket.recall', tid('A001')), clerkAt(W1), called + 10 * SEC);
    expect(step.events.map((e) => e.type)).toEqual(['ticket.recalled']);
    s = step.state;
    expect(ticket(s, tid('A001'))).toMatchObject({
      recallCount: 1,
      lastCalledAt: called + 10 * SEC,
      calledAt: called,
      state: 'called',
    });
    expect(win(s, W1).currentTicketId).toBe(tid('A001'));
    // The gap counts from the last recall.
    const again = refuse(s, act('ticket.recall', tid('A001')), clerkAt(W1), called + 15 * SEC);
    expect(again.details).toMatchObject({ retryInMs: 5 * SEC });
  });

  it('after the limit marks the ticket no-show (recall_limit) when the policy says so', () => {
    let s = withCalled();
    let now = T0 + MIN;
    for (let i = 1; i <= 3; i += 1) {
      now += 10 * SEC;
      s = run(s, act('ticket.recall', tid('A001')), clerkAt(W1), now).state;
      expect(ticket(s, tid('A001')).recallCount).toBe(i);
    }
    const step = run(s, act('ticket.recall', tid('A001')), clerkAt(W1), now + SEC);
    expect(step.events.map((e) => e.type)).toEqual(['ticket.noShow']);
    expect(ticket(step.state, tid('A001'))).toMatchObject({
      state: 'no_show',
      closedReason: 'recall_limit',
      finishedAt: now + SEC,
    });
    expect(win(step.state, W1)).toMatchObject({ state: 'idle', currentTicketId: null });
  });

  it('after the limit refuses with recall_limit when auto no-show is off', () => {
    let s = withCalled(3, { autoNoShowAfterRecallLimit: false, recallLimit: 2 });
    s = run(s, act('ticket.recall', tid('A001')), clerkAt(W1), T0 + MIN + 10 * SEC).state;
    s = run(s, act('ticket.recall', tid('A001')), clerkAt(W1), T0 + MIN + 20 * SEC).state;
    const error = refuse(s, act('ticket.recall', tid('A001')), clerkAt(W1), T0 + 5 * MIN);
    expect(error.code).toBe('recall_limit');
    expect(error.details).toMatchObject({ ticketId: tid('A001'), limit: 2 });
  });

  it('refuses to recall a ticket being served or not at a window', () => {
    let s = withCalled();
    expect(refuse(s, act('ticket.recall', tid('A002')), clerkAt(W1), T0 + 2 * MIN).code).toBe(
      'wrong_state',
    );
    s = run(s, act('ticket.start', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    expect(refuse(s, act('ticket.recall', tid('A001')), clerkAt(W1), T0 + 3 * MIN).code).toBe(
      'wrong_state',
    );
  });
});

describe('ticket.start and ticket.complete', () => {
  it('starts a called ticket: window serving', () => {
    const s = withCalled();
    const step = run(s, act('ticket.start', tid('A001')), clerkAt(W1), T0 + 2 * MIN);
    expect(ticket(step.state, tid('A001'))).toMatchObject({
      state: 'serving',
      startedAt: T0 + 2 * MIN,
    });
    expect(win(step.state, W1)).toMatchObject({ state: 'serving', since: T0 + 2 * MIN });
    expect(
      refuse(step.state, act('ticket.start', tid('A001')), clerkAt(W1), T0 + 3 * MIN).code,
    ).toBe('wrong_state');
  });

  it('refuses to start a waiting ticket or an unknown one', () => {
    const s = withCalled();
    expect(refuse(s, act('ticket.start', tid('A002')), clerkAt(W1), T0).code).toBe('wrong_state');
    expect(refuse(s, act('ticket.start', tid('A999')), clerkAt(W1), T0).code).toBe('not_found');
  });

  it('completes with handlingMs and updates the handling statistics', () => {
    let s = withCalled();
    expect(meanHandlingMs(s, IDC)).toBe(10 * MIN); // expected time, no sample yet
    s = run(s, act('ticket.start', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    const step = run(s, act('ticket.complete', tid('A001')), clerkAt(W1), T0 + 6 * MIN);
    const [event] = step.events;
    if (event?.type !== 'ticket.completed') throw new Error('expected ticket.completed');
    expect(event.handlingMs).toBe(4 * MIN);
    expect(event.ticket).toMatchObject({ state: 'done', finishedAt: T0 + 6 * MIN });
    expect(win(step.state, W1)).toMatchObject({
      state: 'idle',
      currentTicketId: null,
      staffId: 'c1',
    });
    expect(step.state.day.handling.get(IDC)?.recentMs).toEqual([4 * MIN]);
    // One 4 min sample padded with two expected 10 min values.
    expect(meanHandlingMs(step.state, IDC)).toBe(8 * MIN);
    expect(
      refuse(step.state, act('ticket.complete', tid('A001')), clerkAt(W1), T0 + 7 * MIN).code,
    ).toBe('wrong_state');
  });

  it('completes a called ticket directly, measured from the call', () => {
    const s = withCalled();
    const step = run(s, act('ticket.complete', tid('A001')), clerkAt(W1), T0 + 4 * MIN);
    const [event] = step.events;
    if (event?.type !== 'ticket.completed') throw new Error('expected ticket.completed');
    expect(event.handlingMs).toBe(3 * MIN);
    expect(event.ticket.startedAt).toBe(T0 + MIN);
  });

  it('keeps at most HANDLING_SAMPLES handling times, newest last', () => {
    let s = issueMany(hall(), IDC, HANDLING_SAMPLES + 2);
    let now = T0 + MIN;
    for (let i = 0; i < HANDLING_SAMPLES + 2; i += 1) {
      s = run(s, callNextBody(W1), clerkAt(W1), now).state;
      now += (i + 1) * SEC;
      s = run(s, act('ticket.complete', ticketIdAt(s, W1)), clerkAt(W1), now).state;
    }
    const recent = s.day.handling.get(IDC)?.recentMs ?? [];
    expect(recent).toHaveLength(HANDLING_SAMPLES);
    expect(recent.at(-1)).toBe((HANDLING_SAMPLES + 2) * SEC);
    expect(recent[0]).toBe(3 * SEC);
  });
});

/** The ticket a window holds; the last ticket it called when it holds none. */
function ticketIdAt(state: HallState, w: WindowId): TicketId {
  const current = win(state, w).currentTicketId;
  if (current !== null) return current;
  const last = [...state.day.tickets.values()]
    .filter((t) => t.windowId === w && t.lastCalledAt !== null)
    .sort((a, b) => (b.lastCalledAt ?? 0) - (a.lastCalledAt ?? 0))[0];
  if (last === undefined) throw new Error(`nothing at window ${w}`);
  return last.id;
}

describe('ticket.noShow and ticket.reactivate', () => {
  it('marks a called ticket no-show by the clerk; the window goes idle', () => {
    const s = withCalled();
    const step = run(s, act('ticket.noShow', tid('A001')), clerkAt(W1), T0 + 2 * MIN);
    const [event] = step.events;
    if (event?.type !== 'ticket.noShow') throw new Error('expected ticket.noShow');
    expect(event.window).toMatchObject({ windowId: W1, state: 'idle', currentTicketId: null });
    expect(ticket(step.state, tid('A001'))).toMatchObject({
      state: 'no_show',
      closedReason: 'clerk',
      finishedAt: T0 + 2 * MIN,
    });
  });

  it('refuses no-show for a ticket being served', () => {
    let s = withCalled();
    s = run(s, act('ticket.start', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    expect(refuse(s, act('ticket.noShow', tid('A001')), clerkAt(W1), T0 + 3 * MIN).code).toBe(
      'wrong_state',
    );
  });

  it.each([0, 1, 2, 3, 5, 8])(
    're-enters exactly N = %i places from the front of its service queue',
    (n) => {
      // A001 is called and missed; A002…A007 wait (6 tickets).
      let s = withCalled(7, { noShowReinsertPosition: n });
      s = run(s, act('ticket.noShow', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
      const step = run(s, act('ticket.reactivate', tid('A001')), GUIDE, T0 + 5 * MIN);
      expect(step.events.map((e) => e.type)).toEqual(['ticket.reactivated']);
      s = step.state;
      expect(ticket(s, tid('A001'))).toMatchObject({
        state: 'waiting',
        targetWindowId: null,
        recallCount: 0,
        finishedAt: null,
        closedReason: null,
      });
      const order = queueFor(s, W1, T0 + 5 * MIN).map((t) => t.number);
      expect(order).toHaveLength(7);
      expect(order.indexOf('A001')).toBe(Math.min(n, 6));
      const rest = order.filter((x) => x !== 'A001');
      expect(rest).toEqual(['A002', 'A003', 'A004', 'A005', 'A006', 'A007']);
      // The window really calls it in that place.
      const called: string[] = [];
      let now = T0 + 6 * MIN;
      for (let i = 0; i < 7; i += 1) {
        s = run(s, callNextBody(W1), clerkAt(W1), now).state;
        const id = ticketIdAt(s, W1);
        called.push(ticket(s, id).number);
        now += MIN;
        s = run(s, act('ticket.complete', id), clerkAt(W1), now).state;
      }
      expect(called).toEqual(order);
    },
  );

  it('reinserts among tickets of its own service only, ignoring targeted ones', () => {
    let s = withCalled(2, { noShowReinsertPosition: 1 });
    // Window 2 serves both idc and tax; tax tickets do not count as places.
    s = issueMany(s, TAX, 3, T0 + 10 * SEC);
    s = run(s, act('ticket.noShow', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    s = run(s, act('ticket.reactivate', tid('A001')), GUIDE, T0 + 3 * MIN).state;
    // Only A002 waits for idc, so A001 goes after it.
    expect(ticket(s, tid('A001')).sortKey).toBeGreaterThan(ticket(s, tid('A002')).sortKey);
    expect(queueFor(s, W1, T0 + 3 * MIN).map((t) => t.number)).toEqual(['A002', 'A001']);
  });

  it('refuses with reactivate_expired after the configured minutes', () => {
    let s = withCalled();
    const missed = T0 + 2 * MIN;
    s = run(s, act('ticket.noShow', tid('A001')), clerkAt(W1), missed).state;
    run(s, act('ticket.reactivate', tid('A001')), GUIDE, missed + 30 * MIN);
    const error = refuse(s, act('ticket.reactivate', tid('A001')), GUIDE, missed + 30 * MIN + 1);
    expect(error.code).toBe('reactivate_expired');
    expect(error.details).toMatchObject({ ticketId: tid('A001') });
  });

  it('refuses to reactivate a ticket that is not no-show', () => {
    const s = withCalled();
    expect(refuse(s, act('ticket.reactivate', tid('A002')), GUIDE, T0).code).toBe('wrong_state');
    expect(refuse(s, act('ticket.reactivate', tid('A999')), GUIDE, T0).code).toBe('not_found');
  });
});

describe('ticket.transfer', () => {
  it('to a service keeps number, priority and the arrival time (一票到底)', () => {
    let s = run(hall(), issueBody(IDC, { priority: 'disabled' }), KIOSK, T0).state;
    s = run(s, callNextBody(W1), clerkAt(W1), T0 + MIN).state;
    const step = run(s, transferBody(tid('A001'), TAX, null), clerkAt(W1), T0 + 5 * MIN);
    const [event] = step.events;
    if (event?.type !== 'ticket.transferred') throw new Error('expected ticket.transferred');
    expect(event.fromServiceId).toBe(IDC);
    expect(event.fromWindowId).toBe(W1);
    expect(event.window).toMatchObject({ windowId: W1, state: 'idle', currentTicketId: null });
    expect(event.ticket).toMatchObject({
      id: tid('A001'),
      number: 'A001',
      priority: 'disabled',
      serviceId: TAX,
      state: 'waiting',
      queuedAt: T0,
      sortKey: T0,
      targetWindowId: null,
      calledAt: null,
      recallCount: 0,
      transferCount: 1,
      note: '补材料',
    });
    // Counters do not move: the ticket keeps its number.
    expect(step.state.day.counters.get('A')).toBe(1);
    expect(step.state.day.counters.has('B')).toBe(false);
    // Window 2 and window 3 (tax secondary) may now call it; window 1 (idc only) not.
    expect(refuse(step.state, callNextBody(W1), clerkAt(W1), T0 + 6 * MIN).code).toBe(
      'no_ticket_waiting',
    );
    const called = run(step.state, callNextBody(W3), clerkAt(W3), T0 + 6 * MIN).state;
    expect(win(called, W3).currentTicketId).toBe(tid('A001'));
  });

  it('resets the arrival time when transferKeepsArrival is false', () => {
    let s = withCalled(1, { transferKeepsArrival: false });
    s = run(s, transferBody(tid('A001'), TAX, null), clerkAt(W1), T0 + 5 * MIN).state;
    expect(ticket(s, tid('A001'))).toMatchObject({
      queuedAt: T0 + 5 * MIN,
      sortKey: T0 + 5 * MIN,
      issuedAt: T0,
    });
  });

  it('keeps its place before later tickets of the new service when the arrival is kept', () => {
    let s = withCalled(1);
    s = issueMany(s, TAX, 2, T0 + 30 * SEC); // B001, B002 issued after A001
    s = run(s, transferBody(tid('A001'), TAX, null), clerkAt(W1), T0 + 5 * MIN).state;
    expect(queueFor(s, W3, T0 + 5 * MIN).map((t) => t.number)).toEqual(['A001', 'B001', 'B002']);
    let reset = withCalled(1, { transferKeepsArrival: false });
    reset = issueMany(reset, TAX, 2, T0 + 30 * SEC);
    reset = run(reset, transferBody(tid('A001'), TAX, null), clerkAt(W1), T0 + 5 * MIN).state;
    expect(queueFor(reset, W3, T0 + 5 * MIN).map((t) => t.number)).toEqual([
      'B001',
      'B002',
      'A001',
    ]);
  });

  it('to a named window: only that window can call it, and it goes first there', () => {
    let s = withCalled(1);
    s = issueMany(s, SEAL, 2, T0 + 10 * SEC); // C001, C002 wait for window 3
    s = run(s, transferBody(tid('A001'), null, W3), clerkAt(W1), T0 + 5 * MIN).state;
    expect(ticket(s, tid('A001'))).toMatchObject({
      serviceId: IDC,
      targetWindowId: W3,
      state: 'waiting',
    });
    // Window 2 serves idc but may not call a ticket targeted at window 3.
    expect(refuse(s, callNextBody(W2), clerkAt(W2), T0 + 6 * MIN).code).toBe('no_ticket_waiting');
    expect(refuse(s, callBody(W2, tid('A001')), clerkAt(W2), T0 + 6 * MIN).code).toBe(
      'wrong_state',
    );
    expect(queueFor(s, W3, T0 + 6 * MIN).map((t) => t.number)).toEqual(['A001', 'C001', 'C002']);
    s = run(s, callNextBody(W3), clerkAt(W3), T0 + 6 * MIN).state;
    expect(win(s, W3).currentTicketId).toBe(tid('A001'));
  });

  it('moving a ticket out of a named window names that window as fromWindowId', () => {
    let s = issueMany(hall(), IDC, 1);
    s = run(s, transferBody(tid('A001'), null, W3), MANAGER, T0 + MIN).state;
    const step = run(s, transferBody(tid('A001'), TAX, null), MANAGER, T0 + 2 * MIN);
    const [event] = step.events;
    if (event?.type !== 'ticket.transferred') throw new Error('expected ticket.transferred');
    expect(event.fromWindowId).toBe(W3);
    expect(event.window).toBeNull();
    expect(event.ticket).toMatchObject({ targetWindowId: null, serviceId: TAX, transferCount: 2 });
  });

  it('goes first at the named window even when transferred with a fresh arrival time', () => {
    let s = withCalled(1, { transferKeepsArrival: false });
    s = issueMany(s, SEAL, 2, T0 + 10 * SEC);
    s = run(s, transferBody(tid('A001'), null, W3), clerkAt(W1), T0 + 5 * MIN).state;
    expect(queueFor(s, W3, T0 + 6 * MIN)[0]?.number).toBe('A001');
  });

  it('managers, not clerks, may move a waiting ticket from the queue', () => {
    const s = issueMany(hall(), IDC, 1);
    const moved = run(s, transferBody(tid('A001'), TAX, null), MANAGER, T0 + MIN).state;
    expect(ticket(moved, tid('A001'))).toMatchObject({ serviceId: TAX, transferCount: 1 });
    // Re-routing a queue is a manager's job: a clerk may not move a ticket that waits.
    expect(refuse(s, transferBody(tid('A001'), SEAL, null), clerkAt(W1), T0 + MIN).code).toBe(
      'wrong_state',
    );
  });

  it('refuses bad targets and wrong states', () => {
    let s = withCalled(2);
    expect(refuse(s, transferBody(tid('A001'), null, null), clerkAt(W1), T0 + 2 * MIN).code).toBe(
      'validation',
    );
    expect(
      refuse(s, transferBody(tid('A001'), serviceId('nope'), null), clerkAt(W1), T0 + 2 * MIN).code,
    ).toBe('not_found');
    expect(refuse(s, transferBody(tid('A001'), null, windowId(99)), clerkAt(W1), T0).code).toBe(
      'not_found',
    );
    expect(refuse(s, transferBody(tid('A001'), null, W1), clerkAt(W1), T0).code).toBe('validation');
    expect(refuse(s, transferBody(tid('A999'), TAX, null), clerkAt(W1), T0).code).toBe('not_found');
    s = run(s, act('ticket.complete', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    expect(refuse(s, transferBody(tid('A001'), TAX, null), clerkAt(W1), T0 + 3 * MIN).code).toBe(
      'wrong_state',
    );
    // A waiting ticket cannot be moved by a device (not staff).
    const counter = deviceActor('counter', { deviceId: 'ctr-1', windowId: W1 });
    expect(refuse(s, transferBody(tid('A002'), TAX, null), counter, T0 + 3 * MIN).code).toBe(
      'wrong_state',
    );
  });

  it('transfers a ticket being served', () => {
    let s = withCalled(1);
    s = run(s, act('ticket.start', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    s = run(s, transferBody(tid('A001'), TAX, null), clerkAt(W1), T0 + 3 * MIN).state;
    expect(ticket(s, tid('A001'))).toMatchObject({ state: 'waiting', startedAt: null });
    expect(win(s, W1)).toMatchObject({ state: 'idle', currentTicketId: null });
  });
});

describe('ticket.suspend and ticket.resume', () => {
  it('suspends a called or served ticket; resume puts it first at the same window', () => {
    let s = withCalled(3);
    s = run(s, act('ticket.start', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    const step = run(s, act('ticket.suspend', tid('A001')), clerkAt(W1), T0 + 3 * MIN);
    s = step.state;
    expect(ticket(s, tid('A001'))).toMatchObject({ state: 'suspended', targetWindowId: W1 });
    expect(win(s, W1)).toMatchObject({ state: 'idle', currentTicketId: null });
    // While suspended it is nobody's next.
    expect(queueFor(s, W1, T0 + 3 * MIN).map((t) => t.number)).toEqual(['A002', 'A003']);
    s = run(s, callNextBody(W1), clerkAt(W1), T0 + 4 * MIN).state; // A002
    s = run(s, act('ticket.complete', tid('A002')), clerkAt(W1), T0 + 5 * MIN).state;
    s = run(s, act('ticket.resume', tid('A001')), clerkAt(W1), T0 + 20 * MIN).state;
    expect(ticket(s, tid('A001'))).toMatchObject({ state: 'waiting', targetWindowId: W1 });
    // Window 2 serves idc too but only window 1 may call it back.
    expect(queueFor(s, W2, T0 + 20 * MIN).map((t) => t.number)).toEqual(['A003']);
    expect(queueFor(s, W1, T0 + 20 * MIN).map((t) => t.number)).toEqual(['A001', 'A003']);
    s = run(s, callNextBody(W1), clerkAt(W1), T0 + 21 * MIN).state;
    expect(win(s, W1).currentTicketId).toBe(tid('A001'));
  });

  it('goes first even before green-channel tickets', () => {
    let s = withCalled(1);
    s = run(s, act('ticket.suspend', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    s = run(s, issueBody(IDC, { priority: 'elderly' }), KIOSK, T0 + 3 * MIN).state;
    s = run(s, act('ticket.resume', tid('A001')), clerkAt(W1), T0 + 4 * MIN).state;
    s = run(s, callNextBody(W1), clerkAt(W1), T0 + 5 * MIN).state;
    expect(win(s, W1).currentTicketId).toBe(tid('A001'));
  });

  it('refuses suspend for a waiting ticket and resume for a non-suspended one', () => {
    const s = withCalled(2);
    expect(refuse(s, act('ticket.suspend', tid('A002')), clerkAt(W1), T0).code).toBe('wrong_state');
    expect(refuse(s, act('ticket.resume', tid('A001')), clerkAt(W1), T0).code).toBe('wrong_state');
  });
});

describe('ticket.cancel', () => {
  it('cancels a waiting ticket: visitor reason for non-staff, clerk reason for staff', () => {
    const s = issueMany(hall(), IDC, 2);
    const byApp = run(s, act('ticket.cancel', tid('A001')), INTEGRATION, T0 + MIN).state;
    expect(ticket(byApp, tid('A001'))).toMatchObject({
      state: 'cancelled',
      closedReason: 'visitor',
      finishedAt: T0 + MIN,
    });
    const byGuide = run(s, act('ticket.cancel', tid('A001')), GUIDE, T0 + MIN).state;
    expect(ticket(byGuide, tid('A001')).closedReason).toBe('clerk');
    expect(queueFor(byGuide, W1, T0 + MIN).map((t) => t.number)).toEqual(['A002']);
  });

  it('cancels a called ticket and the window goes idle', () => {
    const s = withCalled(2);
    const step = run(s, act('ticket.cancel', tid('A001')), clerkAt(W1), T0 + 2 * MIN);
    const [event] = step.events;
    if (event?.type !== 'ticket.cancelled') throw new Error('expected ticket.cancelled');
    expect(event.window).toMatchObject({ windowId: W1, state: 'idle', currentTicketId: null });
    expect(win(step.state, W1).currentTicketId).toBeNull();
    run(step.state, callNextBody(W1), clerkAt(W1), T0 + 3 * MIN);
  });

  it('cancels a suspended ticket without touching a window', () => {
    let s = withCalled(1);
    s = run(s, act('ticket.suspend', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    const step = run(s, act('ticket.cancel', tid('A001')), GUIDE, T0 + 3 * MIN);
    const [event] = step.events;
    if (event?.type !== 'ticket.cancelled') throw new Error('expected ticket.cancelled');
    expect(event.window).toBeNull();
  });

  it('refuses to cancel a ticket being served or finished', () => {
    let s = withCalled(1);
    s = run(s, act('ticket.start', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    expect(refuse(s, act('ticket.cancel', tid('A001')), GUIDE, T0).code).toBe('wrong_state');
    s = run(s, act('ticket.complete', tid('A001')), clerkAt(W1), T0 + 3 * MIN).state;
    expect(refuse(s, act('ticket.cancel', tid('A001')), GUIDE, T0).code).toBe('wrong_state');
  });
});

describe('window open / close / pause / resume', () => {
  const open = (w: WindowId): CommandBody => ({ type: 'window.open', windowId: w });
  const close = (w: WindowId): CommandBody => ({ type: 'window.close', windowId: w });
  const pause = (w: WindowId, reason: string): CommandBody => ({
    type: 'window.pause',
    windowId: w,
    reason,
  });
  const resumeW = (w: WindowId): CommandBody => ({ type: 'window.resume', windowId: w });

  it('opens a closed window for the clerk; opening again is a no-op', () => {
    const step = run(hall(), open(W1), clerkAt(W1), T0);
    expect(step.events).toHaveLength(1);
    expect(win(step.state, W1)).toMatchObject({ state: 'idle', since: T0, staffId: 'c1' });
    const again = run(step.state, open(W1), clerkAt(W1), T0 + MIN);
    expect(again.events).toEqual([]);
    expect(again.state).toBe(step.state);
  });

  it('a manager opens a window without signing anybody in', () => {
    const s = run(hall(), open(W3), MANAGER, T0).state;
    expect(win(s, W3)).toMatchObject({ state: 'idle', staffId: null });
  });

  it('sign-in of another clerk at an open window changes the staff, not the state', () => {
    let s = withCalled(2);
    const step = run(s, open(W1), clerkAt(W1, 'c9'), T0 + 2 * MIN);
    expect(step.events.map((e) => e.type)).toEqual(['window.opened']);
    s = step.state;
    expect(win(s, W1)).toMatchObject({
      state: 'calling',
      staffId: 'c9',
      currentTicketId: tid('A001'),
      since: T0 + MIN,
    });
    // The new clerk carries on with the ticket and calls the next under their name.
    s = run(s, act('ticket.complete', tid('A001')), clerkAt(W1, 'c9'), T0 + 3 * MIN).state;
    s = run(s, callNextBody(W1), clerkAt(W1, 'c9'), T0 + 4 * MIN).state;
    expect(ticket(s, tid('A002')).staffId).toBe('c9');
  });

  it('closes an idle window and signs the clerk out; refuses while busy', () => {
    let s = withCalled(1);
    const busy = refuse(s, close(W1), clerkAt(W1), T0 + 2 * MIN);
    expect(busy.code).toBe('window_busy');
    s = run(s, act('ticket.complete', tid('A001')), clerkAt(W1), T0 + 2 * MIN).state;
    const step = run(s, close(W1), clerkAt(W1), T0 + 3 * MIN);
    expect(step.events.map((e) => e.type)).toEqual(['window.closed']);
    expect(win(step.state, W1)).toMatchObject({
      state: 'closed',
      staffId: null,
      pauseReason: null,
      currentTicketId: null,
      since: T0 + 3 * MIN,
    });
    expect(run(step.state, close(W1), clerkAt(W1), T0 + 4 * MIN).events).toEqual([]);
  });

  it('closes a paused window', () => {
    let s = run(hall(), open(W1), clerkAt(W1), T0).state;
    s = run(s, pause(W1, '会议'), clerkAt(W1), T0 + MIN).state;
    s = run(s, close(W1), MANAGER, T0 + 2 * MIN).state;
    expect(win(s, W1)).toMatchObject({ state: 'closed', pauseReason: null });
  });

  it('pauses with a reason and resumes; wrong_state and window_busy cases', () => {
    let s = hall();
    expect(refuse(s, pause(W1, '午休'), clerkAt(W1), T0).code).toBe('wrong_state');
    expect(refuse(s, resumeW(W1), clerkAt(W1), T0).code).toBe('wrong_state');
    s = run(s, open(W1), clerkAt(W1), T0).state;
    expect(refuse(s, resumeW(W1), clerkAt(W1), T0).code).toBe('wrong_state');
    s = run(s, pause(W1, '午休'), clerkAt(W1), T0 + MIN).state;
    expect(win(s, W1)).toMatchObject({ state: 'paused', pauseReason: '午休', since: T0 + MIN });
    // Pausing again changes the reason but keeps the time paused since.
    s = run(s, pause(W1, '临时离开'), clerkAt(W1), T0 + 2 * MIN).state;
    expect(win(s, W1)).toMatchObject({ state: 'paused', pauseReason: '临时离开', since: T0 + MIN });
    s = run(s, resumeW(W1), clerkAt(W1), T0 + 3 * MIN).state;
    expect(win(s, W1)).toMatchObject({ state: 'idle', pauseReason: null, since: T0 + 3 * MIN });
    // Busy windows cannot pause.
    const busy = withCalled(1);
    expect(refuse(busy, pause(W1, '午休'), clerkAt(W1), T0 + 2 * MIN).code).toBe('window_busy');
  });

  it('refuses unknown windows with not_found', () => {
    const s = hall();
    const w = windowId(42);
    for (const body of [open(w), close(w), pause(w, 'x'), resumeW(w)]) {
      expect(refuse(s, body, MANAGER, T0).code).toBe('not_found');
    }
  });
});

describe('day.close', () => {
  /** Waiting A003, called A001 at 1, serving A002 at 2, suspended C001, done B001, no-show B002. */
  function busyDay(policies: Partial<Policies> = {}): HallState {
    let s = run(hall(policies), issueBody(SEAL), KIOSK, T0 - MIN).state;
    s = issueMany(s, IDC, 3);
    s = issueMany(s, TAX, 2, T0 + 10 * SEC);
    s = run(s, callNextBody(W1), clerkAt(W1), T0 + MIN).state; // A001
    s = run(s, callNextBody(W2), clerkAt(W2), T0 + MIN).state; // A002
    s = run(s, act('ticket.start', tid('A002')), clerkAt(W2), T0 + 2 * MIN).state;
    s = run(s, callNextBody(W3), clerkAt(W3), T0 + MIN).state; // C001
    s = run(s, act('ticket.suspend', tid('C001')), clerkAt(W3), T0 + 2 * MIN).state;
    s = run(s, callNextBody(W3), clerkAt(W3), T0 + 3 * MIN).state; // B001
    s = run(s, act('ticket.complete', tid('B001')), clerkAt(W3), T0 + 4 * MIN).state;
    s = run(s, callNextBody(W3), clerkAt(W3), T0 + 5 * MIN).state; // B002
    s = run(s, act('ticket.noShow', tid('B002')), clerkAt(W3), T0 + 6 * MIN).state;
    s = run(
      s,
      { type: 'window.pause', windowId: W3, reason: '午休' },
      clerkAt(W3),
      T0 + 7 * MIN,
    ).state;
    return s;
  }

  it('is refused before the business day ended', () => {
    const s = busyDay();
    const error = refuse(s, { type: 'day.close' }, SYSTEM, at('23:59'));
    expect(error.code).toBe('wrong_state');
    expect(error.details).toMatchObject({ businessDay: DAY });
  });

  it('closes open tickets by policy (cancel), finishes served ones, closes every window', () => {
    const s = busyDay();
    const now = at('00:00', '2026-11-25');
    const step = run(s, { type: 'day.close' }, SYSTEM, now);
    expect(step.events).toHaveLength(1);
    const [event] = step.events;
    if (event?.type !== 'day.closed') throw new Error('expected day.closed');
    expect(event.closedDay).toBe(DAY);
    expect(event.nextDay).toBe('2026-11-25');
    const byNumber = new Map(event.tickets.map((t) => [t.number, t]));
    expect([...byNumber.keys()].sort()).toEqual(['A001', 'A002', 'A003', 'C001']);
    for (const n of ['A001', 'A003', 'C001']) {
      expect(byNumber.get(n)).toMatchObject({
        state: 'cancelled',
        closedReason: 'day_closed',
        finishedAt: now,
      });
    }
    expect(byNumber.get('A002')).toMatchObject({ state: 'done', finishedAt: now });
    expect(event.windows).toHaveLength(3);
    for (const w of event.windows) {
      expect(w).toMatchObject({
        state: 'closed',
        staffId: null,
        currentTicketId: null,
        pauseReason: null,
      });
    }
    // The new day starts clean.
    const next = step.state;
    expect(next.day.businessDay).toBe('2026-11-25');
    expect(next.day.tickets.size).toBe(0);
    expect(next.day.counters.size).toBe(0);
    expect(next.day.handling.size).toBe(0);
    expect([...next.day.windows.values()].every((w) => w.state === 'closed')).toBe(true);
    // The next ticket is A001 again, with a different id.
    const first = run(next, issueBody(IDC), KIOSK, now + MIN);
    const issued = first.events[0];
    if (issued?.type !== 'ticket.issued') throw new Error('expected ticket.issued');
    expect(issued.ticket.number).toBe('A001');
    expect(issued.ticket.id).toBe('20261125-A001');
    expect(issued.ticket.id).not.toBe(tid('A001'));
    // And closing the new day at once is refused.
    expect(refuse(next, { type: 'day.close' }, SYSTEM, now + MIN).code).toBe('wrong_state');
  });

  it('marks open tickets no_show under the no_show policy', () => {
    const s = busyDay({ dayClose: 'no_show' });
    const step = run(s, { type: 'day.close' }, MANAGER, at('08:00', '2026-11-25'));
    const [event] = step.events;
    if (event?.type !== 'day.closed') throw new Error('expected day.closed');
    const states = Object.fromEntries(event.tickets.map((t) => [t.number, t.state]));
    expect(states).toEqual({ A001: 'no_show', A002: 'done', A003: 'no_show', C001: 'no_show' });
    for (const t of event.tickets.filter((x) => x.state === 'no_show')) {
      expect(t.closedReason).toBe('day_closed');
    }
  });

  it('skips days: closing two days late names the current day', () => {
    const s = busyDay();
    const step = run(s, { type: 'day.close' }, SYSTEM, at('10:00', '2026-11-27'));
    expect(step.state.day.businessDay).toBe('2026-11-27');
  });
});

describe('evolve and applyEvents', () => {
  it('evolve does not mutate its input and returns the input for no events', () => {
    const s = withCalled(3);
    const before = JSON.stringify(plain(s));
    const result = decide(
      s,
      { ...act('ticket.start', tid('A001')), actor: clerkAt(W1) },
      T0 + 2 * MIN,
    );
    if (!result.ok) throw new Error('start refused');
    const next = evolve(s, result.value);
    expect(JSON.stringify(plain(s))).toBe(before);
    expect(next).not.toBe(s);
    expect(next.config).toBe(s.config);
    expect(ticket(s, tid('A001')).state).toBe('called');
    expect(ticket(next, tid('A001')).state).toBe('serving');
    expect(evolve(s, [])).toBe(s);
  });

  it('evolve works on deep-frozen states and events', () => {
    const s = deepFreeze(withCalled(3));
    const result = decide(
      s,
      { ...act('ticket.complete', tid('A001')), actor: clerkAt(W1) },
      T0 + 5 * MIN,
    );
    if (!result.ok) throw new Error('complete refused');
    const next = evolve(s, deepFreeze(result.value));
    expect(ticket(next, tid('A001')).state).toBe('done');
    expect(s.day.handling.size).toBe(0);
  });

  it('decide never changes the state, accepted or refused', () => {
    const s = withCalled(3);
    const before = JSON.stringify(plain(s));
    decide(s, { ...callNextBody(W2), actor: clerkAt(W2) }, T0);
    decide(s, { ...callNextBody(W1), actor: clerkAt(W1) }, T0);
    decide(s, { type: 'day.close', actor: SYSTEM }, at('01:00', '2026-11-25'));
    expect(JSON.stringify(plain(s))).toBe(before);
  });

  it('applies a day close through applyEvents as a fresh day', () => {
    const s = withCalled(2);
    const result = decide(s, { type: 'day.close', actor: SYSTEM }, at('01:00', '2026-11-25'));
    if (!result.ok) throw new Error('close refused');
    const original = copyDay(s.day);
    const fresh = applyEvents(s.config, original, result.value);
    expect(fresh).not.toBe(original);
    expect(fresh.businessDay).toBe('2026-11-25');
    expect(original.tickets.size).toBe(2); // the old day's copy is left as it was
  });
});

/** Freezes objects and arrays recursively (Maps are left alone: their entries are frozen). */
function deepFreeze<T>(value: T): T {
  if (value instanceof Map) {
    for (const [k, v] of value as Map<unknown, unknown>) {
      deepFreeze(k);
      deepFreeze(v);
    }
    return value;
  }
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Random sequences: the reducer never produces an invalid state.

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkInvariants(state: HallState): void {
  const { day, config } = state;
  const prefixes = new Map(config.services.map((s) => [s.id, s.prefix]));
  // Windows: exactly the configured ones; current tickets are called/serving there.
  expect([...day.windows.keys()].sort()).toEqual(config.windows.map((w) => w.id).sort());
  const held = new Set<TicketId>();
  for (const w of day.windows.values()) {
    if (w.currentTicketId === null) {
      expect(['closed', 'idle', 'paused']).toContain(w.state);
    } else {
      const t = day.tickets.get(w.currentTicketId);
      expect(t).toBeDefined();
      expect(t?.windowId).toBe(w.windowId);
      expect(w.state).toBe(t?.state === 'called' ? 'calling' : 'serving');
      expect(['called', 'serving']).toContain(t?.state);
      expect(held.has(w.currentTicketId)).toBe(false);
      held.add(w.currentTicketId);
    }
    if (w.state === 'paused') expect(w.pauseReason).not.toBeNull();
    else expect(w.pauseReason).toBeNull();
    if (w.state === 'closed') expect(w.staffId).toBeNull();
  }
  // Tickets: numbers unique; counters = max seq per prefix; called/serving held by a window.
  const maxSeq = new Map<string, number>();
  const numbers = new Set<string>();
  for (const t of day.tickets.values()) {
    expect(numbers.has(t.number)).toBe(false);
    numbers.add(t.number);
    expect(t.businessDay).toBe(day.businessDay);
    expect(t.id).toBe(makeTicketId(day.businessDay, t.number));
    const prefix = t.number.slice(0, t.number.length - String(t.seq).padStart(3, '0').length);
    expect(formatTicketNumber(prefix, t.seq)).toBe(t.number);
    expect([...prefixes.values()]).toContain(prefix);
    maxSeq.set(prefix, Math.max(maxSeq.get(prefix) ?? 0, t.seq));
    if (t.state === 'called' || t.state === 'serving') expect(held.has(t.id)).toBe(true);
    else expect(held.has(t.id)).toBe(false);
    if (t.state === 'done' || t.state === 'no_show' || t.state === 'cancelled') {
      expect(t.finishedAt).not.toBeNull();
    }
    if (t.state === 'no_show' || t.state === 'cancelled') expect(t.closedReason).not.toBeNull();
    if (t.state === 'waiting' || t.state === 'called' || t.state === 'serving') {
      expect(t.closedReason).toBeNull();
    }
    if (t.state === 'suspended') expect(t.targetWindowId).not.toBeNull();
    if (t.targetWindowId !== null) expect(day.windows.has(t.targetWindowId)).toBe(true);
    expect(t.recallCount).toBeLessThanOrEqual(config.policies.recallLimit);
    expect(PRIORITY_CLASSES).toContain(t.priority);
  }
  expect(new Map([...day.counters].sort())).toEqual(new Map([...maxSeq].sort()));
  for (const stats of day.handling.values()) {
    expect(stats.recentMs.length).toBeLessThanOrEqual(HANDLING_SAMPLES);
    for (const ms of stats.recentMs) expect(ms).toBeGreaterThanOrEqual(0);
  }
}

describe('random command sequences', () => {
  const services = [IDC, TAX, SEAL, serviceId('nope')];
  const windows = [W1, W2, W3, windowId(7)];
  const actors: readonly Actor[] = [
    clerkAt(W1),
    clerkAt(W2),
    clerkAt(W3),
    clerkAt(W1, 'c1b'),
    deviceActor('counter', { deviceId: 'ctr-2', windowId: W2 }),
    deviceActor('display', { deviceId: 'disp' }),
    KIOSK,
    GUIDE,
    MANAGER,
    staffActor('zone_lead', { staffId: 'z1', zoneIds: [zoneId('B')] }),
    INTEGRATION,
    ANONYMOUS,
    SYSTEM,
  ];

  it.each([1, 2, 3])('seed %i: 2,000 commands keep the state valid', (seed) => {
    const rnd = mulberry32(seed * 7919);
    const pick = <T>(list: readonly T[]): T => {
      const item = list[Math.floor(rnd() * list.length)];
      if (item === undefined) throw new Error('empty list');
      return item;
    };
    let state = hall({
      noShowReinsertPosition: 1 + (seed % 3),
      dayClose: seed % 2 === 0 ? 'cancel' : 'no_show',
    });
    let now = at('08:00');
    let accepted = 0;
    const codes = new Set<string>();
    const kinds = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      now += Math.floor(rnd() * 150 * SEC); // about 40 h in all: one or two day closes
      const ids: TicketId[] = [...state.day.tickets.keys()];
      ids.push(ticketId(`${state.day.businessDay.replaceAll('-', '')}-A999`));
      // Half the time act on a ticket held at a window, so the life goes on.
      const held = [...state.day.windows.values()].flatMap((x) =>
        x.currentTicketId === null ? [] : [x.currentTicketId],
      );
      const t = held.length > 0 && rnd() < 0.5 ? pick(held) : pick(ids);
      const w = pick(windows);
      const roll = rnd();
      let body: CommandBody;
      if (roll < 0.22) {
        body = issueBody(pick(services), {
          priority: pick(PRIORITY_CLASSES),
          personKey: rnd() < 0.5 ? `p${Math.floor(rnd() * 5)}` : null,
        });
      } else if (roll < 0.36) body = callNextBody(w);
      else if (roll < 0.4) body = callBody(w, t);
      else if (roll < 0.99) {
        const r = rnd();
        if (r < 0.55) {
          body = act(
            pick([
              'ticket.recall',
              'ticket.start',
              'ticket.complete',
              'ticket.complete',
              'ticket.noShow',
              'ticket.reactivate',
              'ticket.suspend',
              'ticket.resume',
              'ticket.cancel',
            ] as const),
            t,
          );
        } else if (r < 0.65) {
          body = transferBody(t, rnd() < 0.6 ? pick(services) : null, rnd() < 0.4 ? w : null);
        } else if (r < 0.75) body = { type: 'window.open', windowId: w };
        else if (r < 0.82) body = { type: 'window.close', windowId: w };
        else if (r < 0.9)
          body = { type: 'window.pause', windowId: w, reason: pick(['午休', '会议']) };
        else body = { type: 'window.resume', windowId: w };
      } else body = { type: 'day.close' };
      // Bias the actor towards someone who may act, so the sequence goes somewhere.
      const at_w =
        w === W1 ? clerkAt(W1) : w === W2 ? clerkAt(W2) : w === W3 ? clerkAt(W3) : SYSTEM;
      const holder = state.day.tickets.get(t)?.windowId;
      const atTicket = holder === null || holder === undefined ? GUIDE : clerkAt(holder);
      const preferred =
        body.type === 'window.callNext' ||
        body.type === 'ticket.call' ||
        body.type.startsWith('window.')
          ? at_w
          : body.type.startsWith('ticket.') && body.type !== 'ticket.issue'
            ? atTicket
            : body.type === 'day.close'
              ? SYSTEM
              : KIOSK;
      const actor = rnd() < 0.7 ? preferred : pick(actors);

      const before = JSON.stringify(plain(state));
      const result = reduce(state, { ...body, actor }, now);
      if (result.ok) {
        accepted += 1;
        for (const e of result.value.events) kinds.add(e.type);
        const applied = applyEvents(state.config, copyDay(state.day), result.value.events);
        expect(plainDay(applied)).toEqual(plain(result.value.state));
        expect(JSON.stringify(plain(state))).toBe(before);
        state = result.value.state;
        checkInvariants(state);
      } else {
        codes.add(result.error.code);
        expect(JSON.stringify(plain(state))).toBe(before);
      }
    }
    // The run exercised most of the machine.
    expect(accepted).toBeGreaterThan(250);
    for (const kind of [
      'ticket.issued',
      'ticket.called',
      'ticket.recalled',
      'ticket.started',
      'ticket.completed',
      'ticket.noShow',
      'ticket.transferred',
      'ticket.suspended',
      'ticket.cancelled',
      'window.opened',
      'window.closed',
      'window.paused',
      'window.resumed',
      'day.closed',
    ]) {
      expect(kinds).toContain(kind);
    }
    for (const code of [
      'forbidden',
      'not_found',
      'wrong_state',
      'window_busy',
      'no_ticket_waiting',
    ]) {
      expect(codes).toContain(code);
    }
  });
});

describe('ticket.rate (好差评)', () => {
  const rateBody = (
    id: TicketId,
    score: 'very_satisfied' | 'basic' | 'dissatisfied' | 'very_dissatisfied',
    reasons: ('slow' | 'attitude')[] = [],
    comment: string | null = null,
  ): CommandBody => ({
    type: 'ticket.rate',
    ticketId: id,
    score,
    reasons,
    comment,
    caseNumber: null,
  });
  const RATER: Actor = deviceActor('rating', { windowId: W1 });

  function completed(): HallState {
    const s = run(withCalled(2), act('ticket.complete', tid('A001')), clerkAt(W1), T0 + 5 * MIN);
    return s.state;
  }

  it('stores one rating with window, clerk, score and time, within the rating time', () => {
    const s = run(
      completed(),
      rateBody(tid('A001'), 'very_satisfied'),
      RATER,
      T0 + 5 * MIN + 30 * SEC,
    );
    expect(s.events.map((e) => e.type)).toEqual(['ticket.rated']);
    expect(ticket(s.state, tid('A001')).rating).toEqual({
      score: 'very_satisfied',
      reasons: [],
      comment: null,
      caseNumber: null,
      at: T0 + 5 * MIN + 30 * SEC,
      windowId: W1,
      staffId: ticket(s.state, tid('A001')).staffId,
    });
    expect(refuse(s.state, rateBody(tid('A001'), 'basic'), RATER, T0 + 6 * MIN).code).toBe(
      'wrong_state',
    );
  });

  it('refuses after the rating time, before completion, and a bad rating without a reason', () => {
    const done = completed();
    expect(refuse(done, rateBody(tid('A001'), 'basic'), RATER, T0 + 6 * MIN + SEC).code).toBe(
      'rating_expired',
    );
    expect(refuse(done, rateBody(tid('A002'), 'basic'), RATER, T0 + 5 * MIN).code).toBe(
      'wrong_state',
    );
    expect(refuse(done, rateBody(tid('A001'), 'dissatisfied'), RATER, T0 + 5 * MIN).code).toBe(
      'validation',
    );
    const withReason = run(
      done,
      rateBody(tid('A001'), 'dissatisfied', ['slow']),
      RATER,
      T0 + 5 * MIN,
    );
    expect(ticket(withReason.state, tid('A001')).rating?.reasons).toEqual(['slow']);
    const withText = run(
      done,
      rateBody(tid('A001'), 'very_dissatisfied', [], '等太久'),
      RATER,
      T0 + 5 * MIN,
    );
    expect(ticket(withText.state, tid('A001')).rating?.comment).toBe('等太久');
  });

  it('is the visitor’s: the clerk, a manager, a counter and another window’s device are refused', () => {
    const done = completed();
    const body = rateBody(tid('A001'), 'very_satisfied');
    const now = T0 + 5 * MIN;
    expect(refuse(done, body, clerkAt(W1), now).code).toBe('forbidden');
    expect(refuse(done, body, MANAGER, now).code).toBe('forbidden');
    expect(refuse(done, body, deviceActor('counter', { windowId: W1 }), now).code).toBe(
      'forbidden',
    );
    expect(refuse(done, body, deviceActor('rating', { windowId: W2 }), now).code).toBe(
      'not_your_window',
    );
    expect(refuse(done, body, ANONYMOUS, now).code).toBe('unauthenticated');
    const open = { config: hallConfig({ allowAnonymousRating: true }), day: done.day };
    expect(run(open, body, ANONYMOUS, now).events).toHaveLength(1);
    expect(run(done, body, INTEGRATION, now).events).toHaveLength(1);
  });

  it('feeds the clerk’s figures: served, handling, ratings and 好评率', () => {
    let s = run(completed(), rateBody(tid('A001'), 'basic'), RATER, T0 + 5 * MIN).state;
    s = run(s, callNextBody(W1), clerkAt(W1), T0 + 6 * MIN).state;
    s = run(s, act('ticket.start', tid('A002')), clerkAt(W1), T0 + 7 * MIN).state;
    s = run(s, act('ticket.complete', tid('A002')), clerkAt(W1), T0 + 9 * MIN).state;
    s = run(s, rateBody(tid('A002'), 'dissatisfied', ['attitude']), RATER, T0 + 9 * MIN).state;
    const clerk = clerkAt(W1);
    if (clerk.kind !== 'staff') throw new Error('clerk');
    const figures = dayFigures(s, { staffId: clerk.staffId, windowId: null });
    expect(figures).toMatchObject({ served: 2, noShows: 0, rated: 2, goodRate: 0.5 });
    expect(figures.ratings).toMatchObject({ basic: 1, dissatisfied: 1, very_satisfied: 0 });
    // A001: called at T0+1min, completed at T0+5min (no start: handling from the call);
    // A002: started T0+7min, completed T0+9min.
    expect(figures.meanHandlingMs).toBe((4 * MIN + 2 * MIN) / 2);
    expect(dayFigures(s, { staffId: null, windowId: W1 }).served).toBe(2);
    expect(dayFigures(s, { staffId: null, windowId: W2 }).served).toBe(0);
  });
});
