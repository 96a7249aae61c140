/**
 * The hall-day simulator end to end on the demo hall: demand calibration, visitors, one day
 * through the real domain code, the report and the chart.
 */
import { describe, expect, it } from 'vitest';
import { demoHallConfig } from '../demo-hall/index.ts';
import type { TicketId } from '../domain/ids.ts';
import { simulationChartSvg } from './chart.ts';
import { simulateDay } from './engine.ts';
import { erlangCForPlan, simulate } from './report.ts';
import { DEFAULT_SIM_OPTIONS, generateVisitors, planDay } from './scenario.ts';

const CONFIG = demoHallConfig();
const PLAN = planDay(CONFIG, DEFAULT_SIM_OPTIONS);
const VISITORS = generateVisitors(CONFIG, PLAN, 2026);
const DAY = simulateDay(CONFIG, PLAN, VISITORS, 'priority', { keepEvents: true });
const TINY = { ...DEFAULT_SIM_OPTIONS, scale: 0.1 };

describe('planDay', () => {
  it('loads every window to the target utilisation at the peak, by the layout split', () => {
    const offered = PLAN.services.reduce((sum, s) => sum + s.peakRatePerMin * s.occupancyMin, 0);
    expect(offered).toBeCloseTo(0.85 * CONFIG.windows.length, 6);
    for (const pool of PLAN.pools) {
      const utilisation = (pool.peakRatePerMin * pool.occupancyMin) / pool.windowIds.length;
      expect(utilisation).toBeCloseTo(0.85, 6);
    }
  });

  it('takes the real hall hours, the last ticket time and the lunch closure', () => {
    expect(PLAN.hours).toEqual([
      [540, 720],
      [810, 1020],
    ]);
    expect(PLAN.lastIssueMinute).toBe(990); // 16:30
    expect(PLAN.profile.open).toEqual([
      [540, 720],
      [810, 990],
    ]);
  });

  it('pools windows per zone by shared services, every window in one pool', () => {
    const windows = PLAN.pools.flatMap((p) => p.windowIds);
    expect(windows.length).toBe(CONFIG.windows.length);
    expect(new Set(windows).size).toBe(CONFIG.windows.length);
    const sizes = PLAN.pools.map((p) => `${p.zoneId}${p.windowIds.length}`);
    expect(sizes).toEqual(['A22', 'B20', 'C9', 'C1', 'D6', 'E20', 'F16', 'F8', 'G6']);
  });

  it('refuses a day the hall is closed and options out of range', () => {
    expect(() => planDay(CONFIG, { ...DEFAULT_SIM_OPTIONS, date: '2026-11-22' })).toThrow(
      /not a working day/,
    );
    expect(() => planDay(CONFIG, { ...DEFAULT_SIM_OPTIONS, scale: 0 })).toThrow(RangeError);
    expect(() => planDay(CONFIG, { ...DEFAULT_SIM_OPTIONS, peakUtilisation: 1 })).toThrow(
      RangeError,
    );
    expect(() =>
      planDay(CONFIG, { ...DEFAULT_SIM_OPTIONS, recallShare: 0.7, noShowShare: 0.5 }),
    ).toThrow(RangeError);
  });
});

describe('generateVisitors', () => {
  it('is reproducible and sorted, inside the issuing hours', () => {
    expect(generateVisitors(CONFIG, PLAN, 2026)).toEqual(VISITORS);
    expect(generateVisitors(CONFIG, PLAN, 2027)).not.toEqual(VISITORS);
    const minutes = VISITORS.map((v) => (v.arrivalMs - PLAN.midnightMs) / 60_000);
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    for (const m of minutes) expect((m >= 540 && m < 720) || (m >= 810 && m < 990)).toBe(true);
    expect(VISITORS.map((v) => v.index)).toEqual(VISITORS.map((_, i) => i));
  });

  it('comes close to the expected number, with the shares asked for', () => {
    const expected = PLAN.services.reduce((sum, s) => sum + s.expectedArrivals, 0);
    expect(Math.abs(VISITORS.length - expected)).toBeLessThan(4 * Math.sqrt(expected));
    const share = (f: (v: (typeof VISITORS)[number]) => boolean): number =>
      VISITORS.filter(f).length / VISITORS.length;
    const green = share((v) => !['normal', 'appointment'].includes(v.priority));
    expect(green).toBeGreaterThan(0.035);
    expect(green).toBeLessThan(0.065);
    expect(share((v) => v.behaviour === 'absent')).toBeGreaterThan(0.025);
    expect(share((v) => v.behaviour === 'absent')).toBeLessThan(0.055);
    expect(share((v) => v.behaviour === 'recall')).toBeGreaterThan(0.06);
    expect(share((v) => v.behaviour === 'recall')).toBeLessThan(0.1);
    // Handling times average the services' expected times.
    const expectedMin = new Map(CONFIG.services.map((s) => [s.id, s.expectedHandlingMin]));
    const ratio =
      VISITORS.reduce(
        (sum, v) => sum + v.handlingMs / 60_000 / (expectedMin.get(v.serviceId) ?? 1),
        0,
      ) / VISITORS.length;
    expect(ratio).toBeGreaterThan(0.95);
    expect(ratio).toBeLessThan(1.05);
  });
});

describe('simulateDay', () => {
  it('serves no ticket twice and ends every ticket in a final state', () => {
    expect(DAY.tickets.length).toBe(VISITORS.length);
    const calls = new Map<TicketId, number>();
    const ends = new Map<TicketId, number>();
    for (const e of DAY.events) {
      if (e.type === 'ticket.called') {
        expect(e.specific).toBe(false); // every call is a real call-next (pickNext)
        calls.set(e.ticket.id, (calls.get(e.ticket.id) ?? 0) + 1);
      }
      if (e.type === 'ticket.completed' || e.type === 'ticket.noShow') {
        ends.set(e.ticket.id, (ends.get(e.ticket.id) ?? 0) + 1);
      }
    }
    for (const t of DAY.tickets) {
      expect(calls.get(t.ticketId), t.number).toBe(1);
      expect(ends.get(t.ticketId), t.number).toBe(1);
      expect(['done', 'no_show']).toContain(t.finalState);
      expect(t.calledAt).not.toBeNull();
      expect(t.estimateMs).not.toBeNull();
    }
    expect(DAY.closedAtDayEnd).toBe(0);
  });

  it('recalls and marks no-shows as the visitors behave, through the hall’s recall limit', () => {
    const absent = VISITORS.filter((v) => v.behaviour === 'absent').length;
    const late = VISITORS.filter((v) => v.behaviour === 'recall').length;
    expect(DAY.tickets.filter((t) => t.finalState === 'no_show').length).toBe(absent);
    const recalls = DAY.events.filter((e) => e.type === 'ticket.recalled').length;
    expect(recalls).toBe(late + absent * CONFIG.policies.recallLimit);
    expect(DAY.recalls).toBe(recalls);
    const noShows = DAY.events.filter((e) => e.type === 'ticket.noShow');
    for (const e of noShows) expect(e.ticket.closedReason).toBe('recall_limit');
  });

  it('pauses windows for lunch, resumes them and closes every window at the end', () => {
    const paused = DAY.events.filter((e) => e.type === 'window.paused');
    expect(paused.length).toBe(CONFIG.windows.length);
    for (const e of paused) expect(e.window.pauseReason).toBe('午休');
    expect(DAY.events.filter((e) => e.type === 'window.closed').length).toBe(CONFIG.windows.length);
    // Nobody is called during the lunch closure (12:00–13:30) except the morning's queue.
    const issuedAtLunch = DAY.tickets.filter((t) => {
      const m = (t.issuedAt - PLAN.midnightMs) / 60_000;
      return m >= 720 && m < 810;
    });
    expect(issuedAtLunch).toEqual([]);
  });

  it('keeps the event log only when asked', () => {
    const lean = simulateDay(CONFIG, PLAN, VISITORS.slice(0, 50), 'fifo');
    expect(lean.events).toEqual([]);
    expect(lean.tickets.length).toBe(50);
  });

  it('runs the hall busy but stable at the peaks', () => {
    const report = simulate(CONFIG, DEFAULT_SIM_OPTIONS, 2026, ['priority']).report;
    const f = report.policies.priority;
    expect(f?.peak_utilisation).toBeGreaterThan(0.75);
    expect(f?.peak_utilisation).toBeLessThan(0.9);
    expect(f?.served_within_30_min).toBeGreaterThan(0.95);
  });
});

describe('simulate', () => {
  it('gives the same report for the same seed and another for another seed', () => {
    const a = simulate(CONFIG, TINY, 7, ['fifo', 'priority'], 2).report;
    const b = simulate(CONFIG, TINY, 7, ['fifo', 'priority'], 2).report;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = simulate(CONFIG, TINY, 8, ['fifo', 'priority'], 2).report;
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    expect(a.days).toBe(2);
    expect(a.policies.fifo?.counts.issued).toBe(a.visitors);
  });

  it('reports the figures of the issue per policy, with the M/M/c wait beside them', () => {
    const report = simulate(CONFIG, DEFAULT_SIM_OPTIONS, 7, ['priority', 'longest_wait']).report;
    const f = report.policies.priority;
    expect(f).toBeDefined();
    for (const key of [
      'mean_wait_min',
      'p90_wait_min',
      'max_wait_min',
      'served_within_30_min',
      'fairness_normal_max_wait_min',
      'erlang_c_mean_wait_min',
      'eta_mae_min',
      'eta_mape',
    ]) {
      expect(typeof (f as unknown as Record<string, unknown>)[key], key).toBe('number');
    }
    expect(f?.erlang_c_mean_wait_min).toBe(report.erlang_c.mean_wait_min);
    expect(report.erlang_c.method).toMatch(/pool/);
    expect(Object.keys(f?.by_zone ?? {})).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    // Every weight of the demo hall is 1, so the longest weighted wait is the oldest ticket:
    // longest_wait calls exactly as priority does.
    expect(report.policies.longest_wait).toEqual(f);
  });

  it('lets the green channel wait less under priority than under fifo', () => {
    const report = simulate(CONFIG, DEFAULT_SIM_OPTIONS, 2026, ['fifo', 'priority']).report;
    const fifo = report.policies.fifo;
    const priority = report.policies.priority;
    expect(priority?.green_mean_wait_min).toBeLessThan(fifo?.green_mean_wait_min ?? 0);
  });

  it('measures the estimate it is given: always 0 minutes is off by the whole wait', () => {
    const zero = simulate(CONFIG, TINY, 7, ['fifo'], 1, () => ({ ahead: 0, estimatedWaitMs: 0 }))
      .report.policies.fifo;
    expect(zero?.eta_mae_min).toBeCloseTo(zero?.mean_wait_min ?? -1, 1);
    expect(zero?.eta_bias_min).toBeCloseTo(-(zero?.mean_wait_min ?? -1), 1);
    if ((zero?.counts.eta_mape_samples ?? 0) > 0) expect(zero?.eta_mape).toBe(1);
    else expect(zero?.eta_mape).toBeNull();
  });

  it('refuses a bad seed, day count or empty policy list', () => {
    expect(() => simulate(CONFIG, TINY, -1, ['fifo'])).toThrow(RangeError);
    expect(() => simulate(CONFIG, TINY, 1.5, ['fifo'])).toThrow(RangeError);
    expect(() => simulate(CONFIG, TINY, 1, ['fifo'], 0)).toThrow(RangeError);
    expect(() => simulate(CONFIG, TINY, 1, [])).toThrow(RangeError);
  });
});

describe('erlangCForPlan', () => {
  it('gives each pool its M/M/c wait at the peak load and an arrival-weighted day mean', () => {
    const erlang = erlangCForPlan(PLAN);
    expect(erlang.pools.length).toBe(PLAN.pools.length);
    for (const p of erlang.pools) {
      expect(p.peak_utilisation).toBeCloseTo(0.85, 3);
      expect(p.mean_wait_min).toBeLessThanOrEqual(p.peak_mean_wait_min);
    }
    // The single seal window waits longest; the big pools hardly wait.
    const seal = erlang.pools.find((p) => p.windows === 1);
    expect(seal?.services).toEqual(['seal']);
    expect(seal?.peak_mean_wait_min).toBeGreaterThan(30);
    expect(erlang.by_zone.A).toBeLessThan(2);
  });
});

describe('simulationChartSvg', () => {
  it('draws both panels with one line per policy, labelled in Chinese and English', () => {
    const sim = simulate(CONFIG, TINY, 7, ['fifo', 'priority']);
    const svg = simulationChartSvg(CONFIG, sim);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)?.length).toBe(4);
    for (const text of [
      '玉山县行政服务中心',
      '等候人数',
      'Tickets waiting',
      '先到先叫 fifo',
      '优先级 priority',
      '午休',
      '高峰 peak',
      '09:00',
      '16:00',
    ]) {
      expect(svg).toContain(text);
    }
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });
});
