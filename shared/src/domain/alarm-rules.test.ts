import { describe, expect, it } from 'vitest';
import { demoHallConfig } from '../demo-hall/index.ts';
import { makeTicket, makeWindowState, tid } from '../testing/factories.ts';
import { DEFAULT_ALARM_THRESHOLDS, type Alarm } from './admin.ts';
import {
  alarmOf,
  badRatingConditions,
  planAlarms,
  type AlarmFacts,
  type DeviceFact,
} from './alarm-rules.ts';
import { serviceId, windowId } from './ids.ts';
import type { HallState, Ticket, WindowState } from './model.ts';
import { emptyDay } from './reducer.ts';

const MIN = 60_000;
/** 2026-11-24 10:00 in Asia/Shanghai. */
const T0 = 1_795_485_600_000;
const config = demoHallConfig();

function stateWith(tickets: readonly Ticket[], windows: readonly WindowState[] = []): HallState {
  const day = emptyDay(config, tickets[0]?.businessDay ?? makeTicket().businessDay, T0);
  const ws = new Map(day.windows);
  for (const w of windows) ws.set(w.windowId, w);
  return {
    config,
    day: { ...day, tickets: new Map(tickets.map((t) => [t.id, t])), windows: ws },
  };
}

function facts(over: Partial<AlarmFacts>): AlarmFacts {
  return {
    state: stateWith([]),
    now: T0,
    thresholds: DEFAULT_ALARM_THRESHOLDS,
    devices: [],
    workOrders: [],
    live: [],
    ...over,
  };
}

const waiting = (n: number, at: number): Ticket =>
  makeTicket({
    id: tid(`A${String(n).padStart(3, '0')}`),
    number: `A${String(n).padStart(3, '0')}`,
    serviceId: serviceId('bdc-transfer'),
    state: 'waiting',
    issuedAt: at,
    queuedAt: at,
    sortKey: at,
  });

describe('planAlarms', () => {
  it('raises wait_over and queue_length per service above the thresholds only', () => {
    const tickets = [1, 2, 3].map((n) => waiting(n, T0 + n * 1000));
    const thresholds = { ...DEFAULT_ALARM_THRESHOLDS, waitMin: 10, queueLength: 2 };
    const early = planAlarms(facts({ state: stateWith(tickets), now: T0 + 5 * MIN, thresholds }));
    expect(early.raise.map((c) => c.key)).toEqual(['queue_length:bdc-transfer']);
    const late = planAlarms(facts({ state: stateWith(tickets), now: T0 + 12 * MIN, thresholds }));
    expect(late.raise.map((c) => [c.key, c.value, c.detail])).toEqual([
      ['queue_length:bdc-transfer', 3, null],
      ['wait_over:bdc-transfer', 12, 'A001'],
    ]);
  });

  it('one live alarm per key; an ended condition clears; 0 disables', () => {
    const paused = makeWindowState({
      windowId: windowId(3),
      state: 'paused',
      since: T0,
      pauseReason: '会议',
    });
    const now = T0 + 25 * MIN;
    const first = planAlarms(facts({ state: stateWith([], [paused]), now }));
    expect(first.raise).toHaveLength(1);
    const cond = first.raise[0];
    expect(cond).toMatchObject({ kind: 'window_paused', windowId: 3, detail: '会议', value: 25 });
    if (cond === undefined) throw new Error('no condition');
    const alarm: Alarm = alarmOf(cond, 'AL-9', now);
    expect(planAlarms(facts({ state: stateWith([], [paused]), now, live: [alarm] }))).toEqual({
      raise: [],
      clear: [],
    });
    const off = { ...DEFAULT_ALARM_THRESHOLDS, pausedMin: 0 };
    const disabled = planAlarms(
      facts({ state: stateWith([], [paused]), now, live: [alarm], thresholds: off }),
    );
    expect(disabled.clear.map((a) => a.id)).toEqual(['AL-9']);
    const resumed = { ...paused, state: 'idle' as const, since: now, pauseReason: null };
    expect(
      planAlarms(facts({ state: stateWith([], [resumed]), now, live: [alarm] })).clear,
    ).toHaveLength(1);
  });

  it('a condition back after its alarm cleared is a new alarm, even before the old is acknowledged', () => {
    const tickets = [1, 2, 3].map((n) => waiting(n, T0 + n * 1000));
    const thresholds = { ...DEFAULT_ALARM_THRESHOLDS, queueLength: 2 };
    const now = T0 + MIN;
    const [cond] = planAlarms(facts({ state: stateWith(tickets), now, thresholds })).raise;
    if (cond === undefined) throw new Error('no condition');
    const cleared: Alarm = { ...alarmOf(cond, 'AL-1', now), clearedAt: now + MIN };
    const again = planAlarms(
      facts({ state: stateWith(tickets), now: now + 2 * MIN, thresholds, live: [cleared] }),
    );
    expect(again.raise.map((c) => c.key)).toEqual(['queue_length:bdc-transfer']);
    const active = alarmOf(cond, 'AL-2', now + 2 * MIN);
    expect(
      planAlarms(
        facts({
          state: stateWith(tickets),
          now: now + 3 * MIN,
          thresholds,
          live: [cleared, active],
        }),
      ).raise,
    ).toEqual([]);
  });

  it('device offline needs old last-seen and no socket; paper from the last report', () => {
    const device: DeviceFact = {
      deviceId: 'k1',
      name: '取号机',
      role: 'kiosk',
      zoneId: null,
      windowId: null,
      revoked: false,
      paired: true,
      pairedAt: T0,
      lastSeenAt: T0,
      connected: false,
      paper: 'paper_out',
    };
    const now = T0 + 6 * MIN;
    expect(planAlarms(facts({ devices: [device], now })).raise.map((c) => c.kind)).toEqual([
      'device_offline',
      'printer_paper_out',
    ]);
    expect(
      planAlarms(facts({ devices: [{ ...device, connected: true, paper: 'ok' }], now })).raise,
    ).toEqual([]);
    expect(planAlarms(facts({ devices: [{ ...device, revoked: true }], now })).raise).toEqual([]);
  });

  it('bad ratings come from events, once per ticket, already cleared', () => {
    const rated = makeTicket({
      id: tid('A007'),
      number: 'A007',
      serviceId: serviceId('bdc-transfer'),
      state: 'done',
      rating: {
        score: 'dissatisfied',
        reasons: ['slow'],
        comment: null,
        caseNumber: null,
        at: T0,
        windowId: windowId(1),
        staffId: null,
      },
    });
    const event = { type: 'ticket.rated' as const, at: T0, ticket: rated };
    const conds = badRatingConditions(stateWith([]), [event, event], DEFAULT_ALARM_THRESHOLDS);
    expect(conds.map((c) => [c.key, c.zoneId])).toEqual([['bad_rating:' + rated.id, 'A']]);
    const [first] = conds;
    if (first === undefined) throw new Error('no condition');
    const alarm = alarmOf(first, 'AL-1', T0);
    expect(alarm.clearedAt).toBe(T0);
    expect(
      badRatingConditions(stateWith([]), [event], {
        ...DEFAULT_ALARM_THRESHOLDS,
        badRating: false,
      }),
    ).toEqual([]);
  });
});
