import { describe, expect, it } from 'vitest';
import { effectivePolicy, isEligible, pickNext, queueFor, windowServices } from './dispatch.ts';
import type { DispatchPick } from './dispatch.ts';
import { makeTicketId, windowId } from './ids.ts';
import type { WindowId } from './ids.ts';
import type {
  Assignment,
  DispatchPolicy,
  HallConfig,
  HallState,
  PriorityClass,
  Ticket,
  TicketState,
} from './model.ts';
import {
  IDC,
  SEAL,
  TAX,
  TEST_DAY,
  W1,
  W2,
  W3,
  makeAssignment,
  makeService,
  makeWindowDef,
  makeWindowState,
  testConfig,
  ticketAt,
} from '../testing/factories.ts';

// A tiny hall: three services (A 不动产 idc, B 税费 tax, C 刻章 seal) and three windows.
// Window 1: idc primary (weight 1), tax secondary (weight 3).
// Window 2: seal primary only.
// Window 3: idc primary (weight 1), tax primary (weight 3).
const DAY = TEST_DAY;

const DEFAULT_ASSIGNMENTS: readonly Assignment[] = [
  makeAssignment(W1, IDC, 'primary', 1),
  makeAssignment(W1, TAX, 'secondary', 3),
  makeAssignment(W2, SEAL, 'primary', 1),
  makeAssignment(W3, IDC, 'primary', 1),
  makeAssignment(W3, TAX, 'primary', 3),
];

interface HallOptions {
  readonly dispatch?: DispatchPolicy;
  readonly interleave?: number;
  readonly overrides?: Readonly<Partial<Record<number, DispatchPolicy>>>;
  readonly assignments?: readonly Assignment[];
  readonly streak?: number;
}

function config(options: HallOptions): HallConfig {
  return testConfig({
    services: [
      makeService({ id: IDC, prefix: 'A' }),
      makeService({ id: TAX, prefix: 'B' }),
      makeService({ id: SEAL, prefix: 'C' }),
    ],
    windows: [W1, W2, W3].map((id) =>
      makeWindowDef(id, { dispatchPolicy: options.overrides?.[id] ?? null }),
    ),
    assignments: options.assignments ?? DEFAULT_ASSIGNMENTS,
    policies: {
      dispatch: options.dispatch ?? 'priority',
      priorityInterleave: options.interleave ?? 2,
    },
  });
}

function hall(tickets: readonly Ticket[], options: HallOptions = {}): HallState {
  const streak = options.streak ?? 0;
  return {
    config: config(options),
    day: {
      businessDay: DAY,
      counters: new Map(),
      tickets: new Map(tickets.map((t) => [t.id, t])),
      windows: new Map(
        [W1, W2, W3].map((id) => [id, makeWindowState({ windowId: id, priorityStreak: streak })]),
      ),
      handling: new Map(),
    },
  };
}

/** What the reducer does on call-next, reduced to what dispatch reads. */
function applyCall(state: HallState, window: WindowId, pick: DispatchPick): HallState {
  const tickets = new Map(state.day.tickets);
  tickets.set(pick.ticket.id, { ...pick.ticket, state: 'called', windowId: window });
  const windows = new Map(state.day.windows);
  windows.set(window, makeWindowState({ windowId: window, priorityStreak: pick.priorityStreak }));
  return { ...state, day: { ...state.day, tickets, windows } };
}

/** Calls next until the queue is empty; returns the numbers and the streak after each call. */
function callAll(state: HallState, window: WindowId, now: number): string[] {
  const called: string[] = [];
  let current = state;
  for (let pick = pickNext(current, window, now); pick; pick = pickNext(current, window, now)) {
    called.push(pick.ticket.number);
    current = applyCall(current, window, pick);
  }
  return called;
}

function numbers(tickets: readonly Ticket[]): string[] {
  return tickets.map((t) => t.number);
}

describe('effectivePolicy', () => {
  it('uses the hall policy unless the window overrides it', () => {
    const cfg = config({ dispatch: 'fifo', overrides: { 2: 'longest_wait' } });
    expect(effectivePolicy(cfg, W1)).toBe('fifo');
    expect(effectivePolicy(cfg, W2)).toBe('longest_wait');
    expect(effectivePolicy(cfg, windowId(99))).toBe('fifo');
  });
});

describe('windowServices', () => {
  it('lists the assignments of one window in configuration order', () => {
    const cfg = config({});
    expect(windowServices(cfg, W1)).toEqual([
      makeAssignment(W1, IDC, 'primary', 1),
      makeAssignment(W1, TAX, 'secondary', 3),
    ]);
    expect(windowServices(cfg, W2).map((a) => a.serviceId)).toEqual([SEAL]);
    expect(windowServices(cfg, windowId(99))).toEqual([]);
  });
});

describe('isEligible', () => {
  const state = hall([]);

  it('accepts a waiting untargeted ticket of an assigned service, primary or secondary', () => {
    expect(isEligible(state, W1, ticketAt('A001', 0))).toBe(true);
    expect(isEligible(state, W1, ticketAt('B001', 0))).toBe(true);
  });

  it('rejects services not assigned to the window', () => {
    expect(isEligible(state, W1, ticketAt('C001', 0))).toBe(false);
    expect(isEligible(state, W2, ticketAt('A001', 0))).toBe(false);
  });

  it('accepts a ticket targeted at the window even for an unassigned service', () => {
    expect(isEligible(state, W2, ticketAt('A001', 0, { targetWindowId: W2 }))).toBe(true);
  });

  it('never accepts a ticket targeted at another window', () => {
    expect(isEligible(state, W1, ticketAt('A001', 0, { targetWindowId: W3 }))).toBe(false);
  });

  it.each(['called', 'serving', 'done', 'no_show', 'cancelled', 'suspended'] as const)(
    'rejects a %s ticket',
    (ticketState) => {
      expect(isEligible(state, W1, ticketAt('A001', 0, { state: ticketState }))).toBe(false);
      const targeted = ticketAt('A002', 0, { state: ticketState, targetWindowId: W1 });
      expect(isEligible(state, W1, targeted)).toBe(false);
    },
  );
});

describe('pickNext', () => {
  it('returns null when nothing is eligible', () => {
    expect(pickNext(hall([]), W1, 1000)).toBeNull();
    // Window 2 serves only seal; idc and tax tickets are not its business.
    const state = hall([ticketAt('A001', 0), ticketAt('B001', 0, { priority: 'elderly' })]);
    expect(pickNext(state, W2, 1000)).toBeNull();
    expect(pickNext(state, windowId(99), 1000)).toBeNull();
  });

  it('never picks tickets that are not waiting, however old', () => {
    const state = hall([
      ticketAt('A001', 0, { state: 'suspended' }),
      ticketAt('A002', 1, { state: 'called' }),
      ticketAt('A003', 2, { state: 'serving' }),
      ticketAt('A004', 3, { state: 'done' }),
      ticketAt('A005', 4, { state: 'no_show' }),
      ticketAt('A006', 5, { state: 'cancelled' }),
      ticketAt('A007', 6, { state: 'suspended', targetWindowId: W1 }),
      ticketAt('A008', 100),
    ]);
    expect(pickNext(state, W1, 1000)?.ticket.number).toBe('A008');
    expect(queueFor(state, W1, 1000)).toHaveLength(1);
  });

  describe('fifo', () => {
    it('orders by sortKey across services, ignoring priority and role; streak 0', () => {
      const state = hall(
        [
          ticketAt('A001', 300, { priority: 'elderly' }),
          ticketAt('B001', 100),
          ticketAt('A002', 200, { priority: 'appointment' }),
        ],
        { dispatch: 'fifo', streak: 5 },
      );
      expect(pickNext(state, W1, 1000)).toEqual({
        ticket: state.day.tickets.get(makeTicketId(DAY, 'B001')),
        priorityStreak: 0,
      });
      expect(callAll(state, W1, 1000)).toEqual(['B001', 'A002', 'A001']);
    });

    it('breaks sortKey ties by issuedAt, then by number as a plain string', () => {
      const state = hall(
        [
          ticketAt('B002', 100, { issuedAt: 50 }),
          ticketAt('A010', 100, { issuedAt: 60 }),
          ticketAt('B001', 100, { issuedAt: 60 }),
          ticketAt('A009', 100, { issuedAt: 60 }),
        ],
        { dispatch: 'fifo' },
      );
      expect(numbers(queueFor(state, W1, 1000))).toEqual(['B002', 'A009', 'A010', 'B001']);
    });
  });

  describe('priority', () => {
    it('calls green channel, then appointments, then normal, FIFO within a class', () => {
      const state = hall(
        [
          ticketAt('A001', 100),
          ticketAt('A002', 200, { priority: 'appointment' }),
          ticketAt('A003', 300, { priority: 'pregnant' }),
          ticketAt('B001', 150, { priority: 'military' }),
          ticketAt('A004', 50),
        ],
        { interleave: 0 },
      );
      expect(callAll(state, W3, 1000)).toEqual(['B001', 'A003', 'A002', 'A004', 'A001']);
    });

    it('treats all green-channel kinds as one class ordered by arrival', () => {
      const state = hall([
        ticketAt('A001', 400, { priority: 'elderly' }),
        ticketAt('A002', 300, { priority: 'disabled' }),
        ticketAt('A003', 200, { priority: 'pregnant' }),
        ticketAt('A004', 100, { priority: 'military' }),
      ]);
      expect(numbers(queueFor(state, W1, 1000))).toEqual(['A004', 'A003', 'A002', 'A001']);
    });

    it('breaks ties within a class by issuedAt, then number', () => {
      const state = hall([
        ticketAt('A003', 100, { priority: 'elderly', issuedAt: 10 }),
        ticketAt('A002', 100, { priority: 'elderly', issuedAt: 20 }),
        ticketAt('A001', 100, { priority: 'elderly', issuedAt: 20 }),
        ticketAt('A004', 100),
      ]);
      expect(numbers(queueFor(state, W1, 1000))).toEqual(['A003', 'A001', 'A004', 'A002']);
    });

    it('counts the streak up on priority calls and resets it on a normal call', () => {
      const green = hall([ticketAt('A001', 100, { priority: 'elderly' }), ticketAt('A002', 0)], {
        streak: 1,
      });
      expect(pickNext(green, W1, 1000)).toMatchObject({
        ticket: { number: 'A001' },
        priorityStreak: 2,
      });
      const appointment = hall([ticketAt('A001', 100, { priority: 'appointment' })], { streak: 4 });
      expect(pickNext(appointment, W1, 1000)?.priorityStreak).toBe(5);
      const normal = hall([ticketAt('A002', 0)], { streak: 1 });
      expect(pickNext(normal, W1, 1000)?.priorityStreak).toBe(0);
    });

    it('N:1 interleave: with N = 2 a normal ticket goes third among many green tickets', () => {
      const greens = [1, 2, 3, 4, 5].map((i) =>
        ticketAt(`A00${i}`, 100 + i, { priority: i % 2 === 0 ? 'appointment' : 'elderly' }),
      );
      const state = hall([...greens, ticketAt('A099', 500)], { interleave: 2 });
      const expected = ['A001', 'A003', 'A099', 'A005', 'A002', 'A004'];
      expect(callAll(state, W1, 1000)).toEqual(expected);
      expect(numbers(queueFor(state, W1, 1000))).toEqual(expected);
    });

    it('interleaves again after every N priority calls, taking the oldest normal ticket', () => {
      const greens = [1, 2, 3, 4, 5].map((i) =>
        ticketAt(`A00${i}`, 100 + i, { priority: 'elderly' }),
      );
      const normals = [ticketAt('A020', 900), ticketAt('A010', 800)];
      const state = hall([...greens, ...normals], { interleave: 2 });
      expect(callAll(state, W1, 1000)).toEqual([
        'A001',
        'A002',
        'A010',
        'A003',
        'A004',
        'A020',
        'A005',
      ]);
    });

    it('starts from the window’s current streak', () => {
      const state = hall([ticketAt('A001', 100, { priority: 'elderly' }), ticketAt('A002', 500)], {
        interleave: 3,
        streak: 3,
      });
      expect(pickNext(state, W1, 1000)).toMatchObject({
        ticket: { number: 'A002' },
        priorityStreak: 0,
      });
    });

    it('keeps calling priority tickets past N when no normal ticket waits', () => {
      const state = hall([ticketAt('A001', 100, { priority: 'elderly' })], {
        interleave: 2,
        streak: 7,
      });
      expect(pickNext(state, W1, 1000)).toMatchObject({
        ticket: { number: 'A001' },
        priorityStreak: 8,
      });
    });

    it('turns the interleave off for N <= 0', () => {
      const greens = [1, 2, 3].map((i) => ticketAt(`A00${i}`, 100 + i, { priority: 'elderly' }));
      for (const interleave of [0, -1]) {
        const state = hall([ticketAt('A099', 0), ...greens], { interleave, streak: 10 });
        expect(callAll(state, W1, 1000)).toEqual(['A001', 'A002', 'A003', 'A099']);
      }
    });
  });

  describe('targeted tickets and transfers', () => {
    it('calls a ticket targeted at the window first, leaving the streak unchanged', () => {
      const state = hall(
        [
          ticketAt('A001', 100, { priority: 'elderly' }),
          ticketAt('A002', 50),
          ticketAt('B007', 900, { targetWindowId: W1 }),
        ],
        { streak: 1 },
      );
      expect(pickNext(state, W1, 1000)).toMatchObject({
        ticket: { number: 'B007' },
        priorityStreak: 1,
      });
    });

    it('orders targeted tickets by sortKey then number, ignoring class, under every policy', () => {
      const tickets = [
        ticketAt('A001', 10, { priority: 'elderly' }),
        ticketAt('C003', 300, { targetWindowId: W1, priority: 'elderly' }),
        ticketAt('B002', 200, { targetWindowId: W1 }),
        ticketAt('A005', 200, { targetWindowId: W1 }),
      ];
      for (const dispatch of ['fifo', 'priority', 'primary_first', 'longest_wait'] as const) {
        const order = numbers(queueFor(hall(tickets, { dispatch }), W1, 1000));
        expect(order).toEqual(['A005', 'B002', 'C003', 'A001']);
      }
    });

    it('leaves a ticket targeted at another window to that window alone', () => {
      const state = hall([ticketAt('A001', 0, { targetWindowId: W3 }), ticketAt('A002', 100)]);
      expect(pickNext(state, W1, 1000)?.ticket.number).toBe('A002');
      expect(pickNext(state, W3, 1000)?.ticket.number).toBe('A001');
      // A targeted ticket reaches a window that does not even serve its service.
      const seal = hall([ticketAt('A001', 0, { targetWindowId: W2 }), ticketAt('C001', 100)]);
      expect(callAll(seal, W2, 1000)).toEqual(['A001', 'C001']);
    });

    it('puts a resumed suspension first and skips the still-suspended one', () => {
      const state = hall([
        ticketAt('A001', 0, { state: 'suspended', targetWindowId: W1 }),
        ticketAt('A002', 400, { targetWindowId: W1 }),
        ticketAt('A003', 100, { priority: 'elderly' }),
        ticketAt('A004', 200),
      ]);
      expect(numbers(queueFor(state, W1, 1000))).toEqual(['A002', 'A003', 'A004']);
    });

    it('ranks a ticket transferred in with its kept arrival before newer tickets', () => {
      // C004 was issued at 50 for seal and transferred to idc keeping its arrival (一票到底);
      // C009 was transferred with a fresh arrival at 700.
      const state = hall([
        ticketAt('A001', 200),
        ticketAt('A002', 300),
        ticketAt('C004', 50, { serviceId: IDC, transferCount: 1, queuedAt: 50 }),
        ticketAt('C009', 700, { serviceId: IDC, transferCount: 1, issuedAt: 20 }),
      ]);
      expect(numbers(queueFor(state, W1, 1000))).toEqual(['C004', 'A001', 'A002', 'C009']);
    });
  });

  describe('primary_first', () => {
    it('calls primary services before secondary ones even when the secondary is older', () => {
      const state = hall([ticketAt('B001', 0), ticketAt('A001', 500)], {
        dispatch: 'primary_first',
      });
      expect(pickNext(state, W1, 1000)?.ticket.number).toBe('A001');
      // Role beats class: a green secondary ticket waits behind a normal primary one.
      const green = hall([ticketAt('B001', 0, { priority: 'elderly' }), ticketAt('A001', 500)], {
        dispatch: 'primary_first',
      });
      expect(callAll(green, W1, 1000)).toEqual(['A001', 'B001']);
    });

    it('applies the priority rule within each role group', () => {
      const state = hall(
        [
          ticketAt('B001', 0),
          ticketAt('B002', 10, { priority: 'elderly' }),
          ticketAt('A001', 100),
          ticketAt('A002', 200, { priority: 'appointment' }),
          ticketAt('A003', 300, { priority: 'disabled' }),
        ],
        { dispatch: 'primary_first', interleave: 0 },
      );
      expect(callAll(state, W1, 1000)).toEqual(['A003', 'A002', 'A001', 'B002', 'B001']);
    });

    it('interleaves only with normal tickets of the chosen role group', () => {
      const state = hall(
        [
          ticketAt('A001', 100, { priority: 'elderly' }),
          ticketAt('A002', 200, { priority: 'elderly' }),
          ticketAt('A003', 300, { priority: 'elderly' }),
          ticketAt('A004', 400),
          ticketAt('B001', 0),
        ],
        { dispatch: 'primary_first', interleave: 2, streak: 2 },
      );
      // Streak 2 = N: the primary group's normal A004 is called instead of A001.
      expect(pickNext(state, W1, 1000)).toMatchObject({
        ticket: { number: 'A004' },
        priorityStreak: 0,
      });
      // Without a primary normal ticket the secondary B001 does not break the streak.
      const noNormal = hall([ticketAt('A001', 100, { priority: 'elderly' }), ticketAt('B001', 0)], {
        dispatch: 'primary_first',
        interleave: 2,
        streak: 2,
      });
      expect(pickNext(noNormal, W1, 1000)).toMatchObject({
        ticket: { number: 'A001' },
        priorityStreak: 3,
      });
      expect(callAll(state, W1, 1000)).toEqual(['A004', 'A001', 'A002', 'A003', 'B001']);
    });

    it('treats every service as primary on a window without secondary assignments', () => {
      const state = hall([ticketAt('B001', 0), ticketAt('A001', 500)], {
        dispatch: 'primary_first',
      });
      expect(callAll(state, W3, 1000)).toEqual(['B001', 'A001']);
    });
  });

  describe('longest_wait', () => {
    it('orders within a class by weight × wait across services', () => {
      // At now = 1000 on window 3 (idc weight 1, tax weight 3):
      // A001: 1 × 1000 = 1000; B001: 3 × 300 = 900; B002: 3 × 400 = 1200; A002: 1 × 950 = 950.
      const state = hall(
        [ticketAt('A001', 0), ticketAt('B001', 700), ticketAt('B002', 600), ticketAt('A002', 50)],
        { dispatch: 'longest_wait' },
      );
      expect(callAll(state, W3, 1000)).toEqual(['B002', 'A001', 'A002', 'B001']);
      // Later the weights matter less than age: at now = 2000, A001 = 2000, A002 = 1950,
      // B002 = 4200, B001 = 3900.
      expect(numbers(queueFor(state, W3, 2000))).toEqual(['B002', 'B001', 'A001', 'A002']);
    });

    it('keeps classes: a fresh green ticket beats a long-waiting heavy normal one', () => {
      const state = hall([ticketAt('B001', 0), ticketAt('A001', 990, { priority: 'elderly' })], {
        dispatch: 'longest_wait',
      });
      expect(pickNext(state, W3, 1000)).toMatchObject({
        ticket: { number: 'A001' },
        priorityStreak: 1,
      });
    });

    it('breaks equal scores by sortKey, then number', () => {
      // A001: 1 × (1000 − 400) = 600; B001: 3 × (1000 − 800) = 600; A002/A003 both 600 too.
      const state = hall(
        [ticketAt('B001', 800), ticketAt('A003', 400), ticketAt('A002', 400, { issuedAt: 0 })],
        { dispatch: 'longest_wait' },
      );
      expect(numbers(queueFor(state, W3, 1000))).toEqual(['A002', 'A003', 'B001']);
    });

    it('applies the N:1 interleave with the best-scoring normal ticket', () => {
      const state = hall(
        [
          ticketAt('A001', 100, { priority: 'elderly' }),
          ticketAt('A002', 200, { priority: 'elderly' }),
          ticketAt('A003', 300, { priority: 'elderly' }),
          ticketAt('A010', 0),
          ticketAt('B010', 500),
        ],
        { dispatch: 'longest_wait', interleave: 2 },
      );
      // Normal scores at 1000: A010 = 1000, B010 = 3 × 500 = 1500.
      expect(callAll(state, W3, 1000)).toEqual(['A001', 'A002', 'B010', 'A003', 'A010']);
    });

    it('uses the weights of the calling window', () => {
      // On window 1 tax is secondary with weight 3 too, but on a window with tax weight 1
      // the older idc ticket wins.
      const assignments = [
        ...DEFAULT_ASSIGNMENTS.filter((a) => a.windowId !== W3),
        makeAssignment(W3, IDC, 'primary', 1),
        makeAssignment(W3, TAX, 'primary', 1),
      ];
      const tickets = [ticketAt('A001', 0), ticketAt('B001', 600)];
      expect(numbers(queueFor(hall(tickets, { dispatch: 'longest_wait' }), W3, 1000))).toEqual([
        'B001',
        'A001',
      ]);
      const even = hall(tickets, { dispatch: 'longest_wait', assignments });
      expect(numbers(queueFor(even, W3, 1000))).toEqual(['A001', 'B001']);
    });
  });

  it('follows the window’s override of the hall policy', () => {
    const tickets = [ticketAt('A001', 0), ticketAt('A002', 100, { priority: 'elderly' })];
    const state = hall(tickets, { dispatch: 'fifo', overrides: { 3: 'priority' } });
    expect(pickNext(state, W1, 1000)?.ticket.number).toBe('A001');
    expect(pickNext(state, W3, 1000)?.ticket.number).toBe('A002');
  });

  it('does not change the state it reads', () => {
    const state = hall([ticketAt('A001', 0), ticketAt('A002', 100, { priority: 'elderly' })]);
    const before = structuredClone(state);
    pickNext(state, W1, 1000);
    queueFor(state, W1, 1000);
    expect(state).toEqual(before);
  });
});

describe('queueFor', () => {
  it('returns at most `limit` tickets, none for limit <= 0', () => {
    const state = hall([ticketAt('A001', 0), ticketAt('A002', 1), ticketAt('A003', 2)]);
    expect(numbers(queueFor(state, W1, 1000, 2))).toEqual(['A001', 'A002']);
    expect(queueFor(state, W1, 1000, 0)).toEqual([]);
    expect(queueFor(state, W1, 1000, -1)).toEqual([]);
    expect(queueFor(state, W1, 1000, 10)).toHaveLength(3);
  });

  it('lists only the tickets the window can call', () => {
    const state = hall([
      ticketAt('A001', 0),
      ticketAt('C001', 1),
      ticketAt('A002', 2, { targetWindowId: W3 }),
      ticketAt('B001', 3),
    ]);
    expect(numbers(queueFor(state, W1, 1000))).toEqual(['A001', 'B001']);
    expect(numbers(queueFor(state, W2, 1000))).toEqual(['C001']);
    expect(numbers(queueFor(state, W3, 1000))).toEqual(['A002', 'A001', 'B001']);
  });

  it('equals successive picks for every policy on a mixed day', () => {
    // A deterministic pseudo-random day: classes, states, targets, ties and all services.
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const classes: readonly PriorityClass[] = [
      'normal',
      'normal',
      'normal',
      'elderly',
      'appointment',
    ];
    const states: readonly TicketState[] = ['waiting', 'waiting', 'waiting', 'done', 'suspended'];
    const targets: readonly (WindowId | null)[] = [null, null, null, null, null, null, W1, W3];
    const tickets = Array.from({ length: 240 }, (_, i) => {
      const prefix = ['A', 'B', 'C'][next(3)] ?? 'A';
      return ticketAt(`${prefix}${String(i).padStart(3, '0')}`, next(60) * 10, {
        priority: classes[next(classes.length)] ?? 'normal',
        state: states[next(states.length)] ?? 'waiting',
        targetWindowId: targets[next(targets.length)] ?? null,
        issuedAt: next(4),
      });
    });
    for (const dispatch of ['fifo', 'priority', 'primary_first', 'longest_wait'] as const) {
      for (const streak of [0, 2]) {
        const state = hall(tickets, { dispatch, interleave: 2, streak });
        for (const window of [W1, W2, W3]) {
          const queue = numbers(queueFor(state, window, 1000));
          expect(queue.length).toBeGreaterThan(0);
          expect(queue).toEqual(callAll(state, window, 1000));
        }
      }
    }
  });
});

describe('a full-size day', () => {
  it('picks among 50,000 tickets for each of 108 windows', () => {
    const windows = Array.from({ length: 108 }, (_, i) => windowId(i + 1));
    const services = [IDC, TAX, SEAL];
    const assignments = windows.flatMap((w, i) => [
      makeAssignment(w, services[i % 3] ?? IDC, 'primary', 1),
      makeAssignment(w, services[(i + 1) % 3] ?? TAX, 'secondary', 2),
    ]);
    const tickets = Array.from({ length: 50_000 }, (_, i) =>
      ticketAt(`${'ABC'.charAt(i % 3)}${String(i).padStart(5, '0')}`, i * 10, {
        priority: i % 7 === 0 ? 'elderly' : 'normal',
        state: i < 30_000 ? 'done' : 'waiting',
      }),
    );
    const base = hall(tickets, { dispatch: 'primary_first', assignments });
    const state: HallState = {
      ...base,
      config: { ...base.config, windows: windows.map((w) => makeWindowDef(w)) },
    };
    const picked = windows.map((w) => pickNext(state, w, 600_000)?.ticket.number);
    // Each window's primary service, its oldest waiting green ticket (i ≡ 0 mod 7).
    expect(picked.slice(0, 3)).toEqual(['A30009', 'B30016', 'C30002']);
    expect(queueFor(state, W1, 600_000, 5)).toHaveLength(5);
  });
});
