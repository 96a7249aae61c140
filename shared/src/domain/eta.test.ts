import { describe, expect, it } from 'vitest';
import {
  activeWindowCapacity,
  estimateWaitMs,
  meanHandlingMs,
  peopleAhead,
  queueStats,
  ticketEstimate,
} from './eta.ts';
import { makeTicketId, serviceId, windowId, zoneId } from './ids.ts';
import type { ServiceId, ZoneId } from './ids.ts';
import type { HallConfig, HallState, Service, Ticket, WindowStateName } from './model.ts';
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
  makeZone,
  testConfig,
  ticketAt,
} from '../testing/factories.ts';

// Services: idc (A, 10 min, quota 100 warn 80), tax (B, 6 min, no quota), seal (C, 20 min,
// quota 5 warn 5, zone C). Windows: 1 idc primary + tax secondary; 2 idc primary;
// 3 tax primary; 4 seal primary.
const DAY = TEST_DAY;
const W4 = windowId(4);
const ZA = zoneId('A');
const ZC = zoneId('C');
const MIN = 60_000;

interface ServiceSpec {
  readonly zone: ZoneId;
  readonly expectedMin: number;
  readonly quota: number | null;
  readonly warning: number | null;
}

function service(id: ServiceId, prefix: string, spec: ServiceSpec): Service {
  return makeService({
    id,
    zoneId: spec.zone,
    prefix,
    dailyQuota: spec.quota,
    quotaWarning: spec.warning,
    expectedHandlingMin: spec.expectedMin,
  });
}

const CONFIG: HallConfig = testConfig({
  zones: [makeZone(ZA), makeZone(ZC)],
  services: [
    service(IDC, 'A', { zone: ZA, expectedMin: 10, quota: 100, warning: 80 }),
    service(TAX, 'B', { zone: ZA, expectedMin: 6, quota: null, warning: null }),
    service(SEAL, 'C', { zone: ZC, expectedMin: 20, quota: 5, warning: 5 }),
  ],
  windows: [W1, W2, W3, W4].map((id) => makeWindowDef(id, { zoneId: id === W4 ? ZC : ZA })),
  assignments: [
    makeAssignment(W1, IDC, 'primary'),
    makeAssignment(W1, TAX, 'secondary'),
    makeAssignment(W2, IDC, 'primary'),
    makeAssignment(W3, TAX, 'primary'),
    makeAssignment(W4, SEAL, 'primary'),
  ],
});

interface DaySpec {
  readonly tickets?: readonly Ticket[];
  /** Window states; windows left out have no state (closed). */
  readonly windows?: Readonly<Partial<Record<number, WindowStateName>>>;
  readonly handling?: Readonly<Partial<Record<string, readonly number[]>>>;
  readonly counters?: Readonly<Record<string, number>>;
}

function hall(spec: DaySpec = {}, config: HallConfig = CONFIG): HallState {
  const windows = Object.entries(spec.windows ?? {}).map(([id, state]) => {
    const wid = windowId(Number(id));
    return [wid, makeWindowState({ windowId: wid, state: state ?? 'closed' })] as const;
  });
  const handling = Object.entries(spec.handling ?? {}).map(
    ([id, recentMs]) => [serviceId(id), { recentMs: recentMs ?? [] }] as const,
  );
  return {
    config,
    day: {
      businessDay: DAY,
      counters: new Map(Object.entries(spec.counters ?? {})),
      tickets: new Map((spec.tickets ?? []).map((t) => [t.id, t])),
      windows: new Map(windows),
      handling: new Map(handling),
    },
  };
}

function find(state: HallState, number: string): Ticket {
  const found = state.day.tickets.get(makeTicketId(DAY, number));
  if (found === undefined) throw new Error(`no ticket ${number}`);
  return found;
}

describe('meanHandlingMs', () => {
  it('uses the expected handling time without samples', () => {
    expect(meanHandlingMs(hall(), IDC)).toBe(10 * MIN);
    expect(meanHandlingMs(hall({ handling: { idc: [] } }), IDC)).toBe(10 * MIN);
    expect(meanHandlingMs(hall(), SEAL)).toBe(20 * MIN);
  });

  it('pads one or two samples with the expected time up to three values', () => {
    expect(meanHandlingMs(hall({ handling: { idc: [5 * MIN] } }), IDC)).toBe(500_000);
    expect(meanHandlingMs(hall({ handling: { idc: [5 * MIN, 7 * MIN] } }), IDC)).toBe(440_000);
  });

  it('takes the plain mean from three samples on', () => {
    expect(meanHandlingMs(hall({ handling: { idc: [5 * MIN, 6 * MIN, 7 * MIN] } }), IDC)).toBe(
      360_000,
    );
    const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 1000);
    expect(meanHandlingMs(hall({ handling: { tax: twenty } }), TAX)).toBe(10_500);
  });

  it('is 0 for an unknown service without samples', () => {
    expect(meanHandlingMs(hall(), serviceId('nope'))).toBe(0);
  });
});

describe('activeWindowCapacity', () => {
  it('is 0 when every assigned window is closed, paused or has no state', () => {
    expect(activeWindowCapacity(hall(), IDC)).toBe(0);
    expect(activeWindowCapacity(hall({ windows: { 1: 'closed', 2: 'paused' } }), IDC)).toBe(0);
    expect(activeWindowCapacity(hall({ windows: { 3: 'idle' } }), IDC)).toBe(0);
  });

  it('counts 1 per open primary window and 0.5 per open secondary window', () => {
    const state = hall({ windows: { 1: 'idle', 2: 'serving', 3: 'closed', 4: 'calling' } });
    expect(activeWindowCapacity(state, IDC)).toBe(2);
    expect(activeWindowCapacity(state, TAX)).toBe(0.5);
    expect(activeWindowCapacity(state, SEAL)).toBe(1);
    const tax = hall({ windows: { 1: 'calling', 3: 'serving' } });
    expect(activeWindowCapacity(tax, TAX)).toBe(1.5);
    expect(activeWindowCapacity(hall({ windows: { 1: 'paused', 2: 'idle' } }), IDC)).toBe(1);
  });
});

describe('peopleAhead', () => {
  const state = hall({
    tickets: [
      ticketAt('A001', 100),
      ticketAt('A002', 300, { priority: 'elderly' }),
      ticketAt('A003', 200),
      ticketAt('A004', 200),
      ticketAt('A005', 50, { state: 'called' }),
      ticketAt('A006', 60, { state: 'suspended' }),
      ticketAt('A007', 400, { targetWindowId: W2 }),
      ticketAt('A008', 500, { priority: 'appointment' }),
      ticketAt('B001', 10),
      ticketAt('B009', 50, { targetWindowId: W2 }),
    ],
  });

  it('counts targeted tickets of the service and those ranking before by class, sortKey, number', () => {
    expect(peopleAhead(state, find(state, 'A002'))).toBe(1); // A007
    expect(peopleAhead(state, find(state, 'A008'))).toBe(2); // A007, A002
    expect(peopleAhead(state, find(state, 'A001'))).toBe(3); // A007, A002, A008
    expect(peopleAhead(state, find(state, 'A003'))).toBe(4); // … and A001
    expect(peopleAhead(state, find(state, 'A004'))).toBe(5); // … and A003 (same sortKey)
    expect(peopleAhead(state, find(state, 'B001'))).toBe(1); // B009
  });

  it('counts for a targeted ticket the earlier tickets targeted at the same window', () => {
    expect(peopleAhead(state, find(state, 'A007'))).toBe(1); // B009, another service
    expect(peopleAhead(state, find(state, 'B009'))).toBe(0);
  });

  it('is 0 for a ticket that is not waiting', () => {
    expect(peopleAhead(state, find(state, 'A005'))).toBe(0);
    expect(peopleAhead(state, find(state, 'A006'))).toBe(0);
  });
});

describe('estimateWaitMs', () => {
  it('is null when no window is open for the service', () => {
    expect(estimateWaitMs(hall(), IDC, 3, 0)).toBeNull();
    expect(estimateWaitMs(hall({ windows: { 1: 'paused', 2: 'closed' } }), IDC, 0, 0)).toBeNull();
  });

  it('divides (ahead + 1 − idle windows) × mean handling by the capacity', () => {
    const busy = hall({ windows: { 1: 'serving', 2: 'serving' } });
    expect(estimateWaitMs(busy, IDC, 3, 0)).toBe(1_200_000); // 4 × 600 000 / 2
    const oneIdle = hall({ windows: { 1: 'serving', 2: 'idle' } });
    expect(estimateWaitMs(oneIdle, IDC, 3, 0)).toBe(900_000); // 3 × 600 000 / 2
    expect(estimateWaitMs(oneIdle, IDC, 0, 0)).toBe(0);
    const bothIdle = hall({ windows: { 1: 'idle', 2: 'idle' } });
    expect(estimateWaitMs(bothIdle, IDC, 0, 0)).toBe(0);
    expect(estimateWaitMs(bothIdle, IDC, 2, 0)).toBe(300_000); // 1 × 600 000 / 2
  });

  it('uses measured handling times and rounds to whole seconds', () => {
    const state = hall({
      windows: { 1: 'calling', 3: 'serving' },
      handling: { tax: [100_001, 100_002, 100_003] },
    });
    // Capacity 1.5 (window 3 primary, window 1 secondary): 100 002 / 1.5 = 66 668 → 67 000.
    expect(estimateWaitMs(state, TAX, 0, 0)).toBe(67_000);
    expect(estimateWaitMs(state, TAX, 1, 0)).toBe(133_000); // 133 336
  });
});

describe('ticketEstimate', () => {
  const state = hall({
    tickets: [
      ticketAt('A001', 100),
      ticketAt('A002', 200),
      ticketAt('A003', 300),
      ticketAt('A000', 0, { state: 'done' }),
    ],
    windows: { 1: 'serving', 2: 'serving' },
  });

  it('combines the people ahead and the estimate for the ticket’s service', () => {
    expect(ticketEstimate(state, find(state, 'A003'), 1000)).toEqual({
      ahead: 2,
      estimatedWaitMs: 900_000, // 3 × 600 000 / 2
    });
    expect(ticketEstimate(state, find(state, 'A001'), 1000)).toEqual({
      ahead: 0,
      estimatedWaitMs: 300_000,
    });
  });

  it('is null when no window is open and 0 once the ticket has left the queue', () => {
    const closed = hall({ tickets: [ticketAt('A001', 100), ticketAt('A002', 200)] });
    expect(ticketEstimate(closed, find(closed, 'A002'), 1000)).toEqual({
      ahead: 1,
      estimatedWaitMs: null,
    });
    expect(ticketEstimate(state, find(state, 'A000'), 1000)).toEqual({
      ahead: 0,
      estimatedWaitMs: 0,
    });
  });
});

describe('queueStats', () => {
  it('gives one entry per service in configuration order with exact figures', () => {
    const now = 1_000_000;
    const state = hall({
      tickets: [
        ticketAt('A001', 100_000),
        // Reactivated: its sortKey moved forward, but it has queued since 50 000.
        ticketAt('A002', 700_000, { queuedAt: 50_000 }),
        ticketAt('A003', 800_000, { priority: 'elderly' }),
        ticketAt('A004', 10_000, { state: 'serving' }),
        ticketAt('A005', 20_000, { state: 'suspended' }),
        ticketAt('B001', 900_000),
      ],
      windows: { 1: 'serving', 2: 'idle', 3: 'paused', 4: 'idle' },
      handling: { idc: [5 * MIN, 7 * MIN, 9 * MIN] },
      counters: { A: 80, B: 1, C: 5 },
    });
    expect(queueStats(state, now)).toEqual([
      {
        serviceId: IDC,
        zoneId: ZA,
        waiting: 3,
        longestWaitMs: 950_000,
        // (3 + 1 − 1 idle) × 420 000 / 2
        estimatedWaitMs: 630_000,
        openWindows: 2,
        issued: 80,
        quotaLeft: 20,
        quotaWarning: true,
      },
      {
        serviceId: TAX,
        zoneId: ZA,
        waiting: 1,
        longestWaitMs: 100_000,
        // Only window 1 (secondary, serving) is open: (1 + 1) × 360 000 / 0.5
        estimatedWaitMs: 1_440_000,
        openWindows: 1,
        issued: 1,
        quotaLeft: null,
        quotaWarning: false,
      },
      {
        serviceId: SEAL,
        zoneId: ZC,
        waiting: 0,
        longestWaitMs: 0,
        estimatedWaitMs: 0,
        openWindows: 1,
        issued: 5,
        quotaLeft: 0,
        quotaWarning: true,
      },
    ]);
  });

  it('reports no window open, no issue yet and the quota below its warning', () => {
    const state = hall({ tickets: [ticketAt('C001', 0)], counters: { A: 79 } });
    const [idc, tax, seal] = queueStats(state, 60_000);
    expect(idc).toMatchObject({ issued: 79, quotaLeft: 21, quotaWarning: false, openWindows: 0 });
    expect(tax).toMatchObject({ issued: 0, quotaLeft: null, estimatedWaitMs: null });
    expect(seal).toMatchObject({
      waiting: 1,
      longestWaitMs: 60_000,
      estimatedWaitMs: null,
      issued: 0,
      quotaLeft: 5,
    });
  });

  it('agrees with estimateWaitMs for a ticket issued now', () => {
    const state = hall({
      tickets: [ticketAt('A001', 0), ticketAt('A002', 10)],
      windows: { 1: 'serving', 2: 'calling' },
    });
    const [idc] = queueStats(state, 1000);
    expect(idc?.estimatedWaitMs).toBe(estimateWaitMs(state, IDC, 2, 1000));
    expect(idc?.estimatedWaitMs).toBe(900_000);
  });
});

// Windows 1 and 2 both serve idc (A, 10 min) and tax (B, 6 min) as primary; window 3 serves
// tax as secondary only. Zone A.
const SHARED: HallConfig = testConfig({
  zones: [makeZone(ZA)],
  services: [
    service(IDC, 'A', { zone: ZA, expectedMin: 10, quota: null, warning: null }),
    service(TAX, 'B', { zone: ZA, expectedMin: 6, quota: null, warning: null }),
  ],
  windows: [W1, W2, W3].map((id) => makeWindowDef(id, { zoneId: ZA })),
  assignments: [
    makeAssignment(W1, IDC, 'primary'),
    makeAssignment(W1, TAX, 'primary'),
    makeAssignment(W2, IDC, 'primary'),
    makeAssignment(W2, TAX, 'primary'),
    makeAssignment(W3, TAX, 'secondary'),
  ],
});

describe('estimates with windows shared between services', () => {
  const tickets = [ticketAt('B001', 100), ticketAt('B002', 200), ticketAt('A001', 300)];

  it('splits a shared window among its services in proportion to their waiting work', () => {
    const state = hall(
      { tickets: [...tickets, ticketAt('A002', 400)], windows: { 1: 'serving', 2: 'serving' } },
      SHARED,
    );
    // A002: A001 ahead (2 × 10 min of idc work) against B001, B002 (2 × 6 min of tax work):
    // each window gives idc 20 / 32 of its time, capacity 1.25 → 2 × 10 min / 1.25 = 16 min.
    expect(ticketEstimate(state, find(state, 'A002'), 500)).toEqual({
      ahead: 1,
      estimatedWaitMs: 16 * MIN,
    });
    // B001 is first: no competitor ranks before it, so both windows count whole for it.
    expect(ticketEstimate(state, find(state, 'B001'), 500)).toEqual({
      ahead: 0,
      estimatedWaitMs: 3 * MIN,
    });
    // A ticket issued now competes with every waiting ticket, like queueStats.
    expect(estimateWaitMs(state, IDC, 2, 500)).toBe(
      Math.round((3 * 10 * MIN) / ((2 * 30) / 42) / 1000) * 1000,
    );
    const [idc] = queueStats(state, 500);
    expect(idc?.estimatedWaitMs).toBe(estimateWaitMs(state, IDC, 2, 500));
  });

  it('does not hold a green-channel ticket up behind normal tickets of other services', () => {
    const state = hall(
      {
        tickets: [...tickets, ticketAt('A002', 400, { priority: 'elderly' })],
        windows: { 1: 'serving', 2: 'serving' },
      },
      SHARED,
    );
    // Nobody ranks before it: one slot of 10 min over two whole windows.
    expect(ticketEstimate(state, find(state, 'A002'), 500)).toEqual({
      ahead: 0,
      estimatedWaitMs: 5 * MIN,
    });
  });

  it('leaves idle windows to the other services’ tickets waiting for them', () => {
    const state = hall(
      {
        tickets: [ticketAt('B001', 100), ticketAt('A001', 200)],
        windows: { 1: 'idle', 2: 'serving' },
      },
      SHARED,
    );
    // Window 1 is idle but B001 takes it; A001 waits for a window: shares 10 / 16 each.
    expect(ticketEstimate(state, find(state, 'A001'), 300)).toEqual({
      ahead: 0,
      estimatedWaitMs: 8 * MIN,
    });
    // B001 itself has the idle window.
    expect(ticketEstimate(state, find(state, 'B001'), 300).estimatedWaitMs).toBe(0);
  });

  it('keeps the whole share while the other services have nobody waiting, and secondary at 0.5', () => {
    const state = hall(
      {
        tickets: [ticketAt('B001', 100), ticketAt('B002', 200)],
        windows: { 1: 'serving', 2: 'serving', 3: 'serving' },
      },
      SHARED,
    );
    // Tax: windows 1 and 2 whole (no idc waiting), window 3 secondary 0.5 → capacity 2.5.
    expect(ticketEstimate(state, find(state, 'B002'), 300).estimatedWaitMs).toBe(
      Math.round((2 * 6 * MIN) / 2.5 / 1000) * 1000,
    );
  });

  it('gives a targeted ticket no competitors', () => {
    const state = hall(
      {
        tickets: [...tickets, ticketAt('A002', 400, { targetWindowId: W1 })],
        windows: { 1: 'serving', 2: 'serving' },
      },
      SHARED,
    );
    // Targeted tickets of its service go first anyway: ahead 0, whole windows.
    expect(ticketEstimate(state, find(state, 'A002'), 500)).toEqual({
      ahead: 0,
      estimatedWaitMs: 5 * MIN,
    });
  });
});
