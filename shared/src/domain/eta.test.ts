import { describe, expect, it } from 'vitest';
import {
  activeWindowCapacity,
  estimateWaitMs,
  meanHandlingMs,
  peopleAhead,
  queueStats,
  ticketEstimate,
} from './eta.ts';
import { businessDay, floorId, makeTicketId, serviceId, windowId, zoneId } from './ids.ts';
import type { ServiceId, WindowId, ZoneId } from './ids.ts';
import type {
  Assignment,
  HallConfig,
  HallState,
  PriorityClass,
  Service,
  Ticket,
  TicketState,
  WindowStateName,
} from './model.ts';

// Services: idc (A, 10 min, quota 100 warn 80), tax (B, 6 min, no quota), seal (C, 20 min,
// quota 5 warn 5, zone C). Windows: 1 idc primary + tax secondary; 2 idc primary;
// 3 tax primary; 4 seal primary.
const DAY = businessDay('2026-11-24');
const IDC = serviceId('idc');
const TAX = serviceId('tax');
const SEAL = serviceId('seal');
const W1 = windowId(1);
const W2 = windowId(2);
const W3 = windowId(3);
const W4 = windowId(4);
const ZA = zoneId('A');
const ZC = zoneId('C');
const MIN = 60_000;
const SERVICE_BY_PREFIX: Readonly<Record<string, ServiceId>> = { A: IDC, B: TAX, C: SEAL };

interface ServiceSpec {
  readonly zone: ZoneId;
  readonly expectedMin: number;
  readonly quota: number | null;
  readonly warning: number | null;
}

function service(id: ServiceId, prefix: string, spec: ServiceSpec): Service {
  return {
    id,
    zoneId: spec.zone,
    name: id,
    nameEn: id,
    prefix,
    hours: [],
    lastTicketTime: null,
    dailyQuota: spec.quota,
    quotaWarning: spec.warning,
    perPersonDailyLimit: null,
    expectedHandlingMin: spec.expectedMin,
    bookable: false,
    materials: [],
    materialsEn: [],
  };
}

function assignment(window: WindowId, svc: ServiceId, role: Assignment['role']): Assignment {
  return { windowId: window, serviceId: svc, role, weight: 1 };
}

const CONFIG: HallConfig = {
  hall: {
    id: 'test',
    name: '测试大厅',
    nameEn: 'Test hall',
    timeZone: 'Asia/Shanghai',
    dayCloseTime: '23:59',
  },
  floors: [{ id: floorId(1), name: '一楼', nameEn: 'Floor 1' }],
  zones: [ZA, ZC].map((id) => ({
    id,
    floorId: floorId(1),
    name: `${id}区`,
    nameEn: `Zone ${id}`,
    location: '一楼',
    locationEn: 'Floor 1',
  })),
  services: [
    service(IDC, 'A', { zone: ZA, expectedMin: 10, quota: 100, warning: 80 }),
    service(TAX, 'B', { zone: ZA, expectedMin: 6, quota: null, warning: null }),
    service(SEAL, 'C', { zone: ZC, expectedMin: 20, quota: 5, warning: 5 }),
  ],
  windows: [W1, W2, W3, W4].map((id) => ({
    id,
    zoneId: id === W4 ? ZC : ZA,
    kind: 'general',
    label: null,
    dispatchPolicy: null,
  })),
  assignments: [
    assignment(W1, IDC, 'primary'),
    assignment(W1, TAX, 'secondary'),
    assignment(W2, IDC, 'primary'),
    assignment(W3, TAX, 'primary'),
    assignment(W4, SEAL, 'primary'),
  ],
  calendar: {
    alwaysOpen: true,
    workingDays: [1, 2, 3, 4, 5],
    hours: [],
    holidays: [],
    extraWorkingDays: [],
    saturdayHours: [],
  },
  policies: {
    dispatch: 'priority',
    priorityInterleave: 2,
    recallLimit: 3,
    recallMinGapSec: 10,
    autoNoShowAfterRecallLimit: true,
    noShowReactivateMin: 30,
    noShowReinsertPosition: 3,
    transferKeepsArrival: true,
    dayClose: 'cancel',
    allowAnonymousIssue: false,
    ratingWindowSec: 300,
  },
};

interface TicketSpec {
  readonly priority?: PriorityClass;
  readonly state?: TicketState;
  readonly queuedAt?: number;
  readonly targetWindowId?: WindowId | null;
}

/** A ticket of the number's prefix service with sortKey `at` (queuedAt too unless given). */
function ticket(number: string, at: number, spec: TicketSpec = {}): Ticket {
  const svc = SERVICE_BY_PREFIX[number.charAt(0)];
  if (svc === undefined) throw new Error(`no service for ${number}`);
  return {
    id: makeTicketId(DAY, number),
    number,
    businessDay: DAY,
    seq: Number(number.slice(1)),
    serviceId: svc,
    priority: spec.priority ?? 'normal',
    state: spec.state ?? 'waiting',
    channel: 'kiosk',
    issuedAt: at,
    queuedAt: spec.queuedAt ?? at,
    sortKey: at,
    targetWindowId: spec.targetWindowId ?? null,
    windowId: null,
    staffId: null,
    calledAt: null,
    lastCalledAt: null,
    recallCount: 0,
    startedAt: null,
    finishedAt: null,
    transferCount: 0,
    note: null,
    personKey: null,
    personMasked: null,
    appointmentId: null,
    closedReason: null,
  };
}

interface DaySpec {
  readonly tickets?: readonly Ticket[];
  /** Window states; windows left out have no state (closed). */
  readonly windows?: Readonly<Partial<Record<number, WindowStateName>>>;
  readonly handling?: Readonly<Partial<Record<string, readonly number[]>>>;
  readonly counters?: Readonly<Record<string, number>>;
}

function hall(spec: DaySpec = {}): HallState {
  const windows = Object.entries(spec.windows ?? {}).map(([id, state]) => {
    const wid = windowId(Number(id));
    return [
      wid,
      {
        windowId: wid,
        state: state ?? 'closed',
        since: 0,
        staffId: null,
        pauseReason: null,
        currentTicketId: null,
        priorityStreak: 0,
      },
    ] as const;
  });
  const handling = Object.entries(spec.handling ?? {}).map(
    ([id, recentMs]) => [serviceId(id), { recentMs: recentMs ?? [] }] as const,
  );
  return {
    config: CONFIG,
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
      ticket('A001', 100),
      ticket('A002', 300, { priority: 'elderly' }),
      ticket('A003', 200),
      ticket('A004', 200),
      ticket('A005', 50, { state: 'called' }),
      ticket('A006', 60, { state: 'suspended' }),
      ticket('A007', 400, { targetWindowId: W2 }),
      ticket('A008', 500, { priority: 'appointment' }),
      ticket('B001', 10),
      ticket('B009', 50, { targetWindowId: W2 }),
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
      ticket('A001', 100),
      ticket('A002', 200),
      ticket('A003', 300),
      ticket('A000', 0, { state: 'done' }),
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
    const closed = hall({ tickets: [ticket('A001', 100), ticket('A002', 200)] });
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
        ticket('A001', 100_000),
        // Reactivated: its sortKey moved forward, but it has queued since 50 000.
        ticket('A002', 700_000, { queuedAt: 50_000 }),
        ticket('A003', 800_000, { priority: 'elderly' }),
        ticket('A004', 10_000, { state: 'serving' }),
        ticket('A005', 20_000, { state: 'suspended' }),
        ticket('B001', 900_000),
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
    const state = hall({ tickets: [ticket('C001', 0)], counters: { A: 79 } });
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
      tickets: [ticket('A001', 0), ticket('A002', 10)],
      windows: { 1: 'serving', 2: 'calling' },
    });
    const [idc] = queueStats(state, 1000);
    expect(idc?.estimatedWaitMs).toBe(estimateWaitMs(state, IDC, 2, 1000));
    expect(idc?.estimatedWaitMs).toBe(900_000);
  });
});
