/**
 * Figures of simulated hall days, one set per dispatch policy, next to the M/M/c (Erlang C)
 * mean wait for the same load, and the accuracy of the estimated wait shown at issue.
 *
 * Definitions (all waits in minutes):
 * - wait: from the issue to the first call of the ticket; tickets never called (closed at
 *   the day's end) have no wait and count as not served within 30 minutes.
 * - `p90_wait_min`: the 0.9 quantile by linear interpolation (R type 7).
 * - `served_within_30_min`: share of issued tickets first called within 30 minutes.
 * - `fairness_normal_max_wait_min`: the longest wait of a normal ticket (no green channel,
 *   no appointment): what the priority classes cost the others.
 * - ETA: the estimate shown at issue (`ticketEstimate`) against the actual wait, over called
 *   tickets with an estimate. `eta_mae_min` is the mean absolute error; `eta_bias_min` the
 *   mean of (estimate − actual), negative when the kiosk promises too little;
 *   `eta_mape` the mean of |error| / actual over waits of at least
 *   {@link MAPE_FLOOR_MIN} minutes (shorter waits make percentages meaningless: 1 minute
 *   estimated for 20 seconds is "200 %" and harms nobody); null when there is no such wait.
 * - Erlang C: see {@link erlangCForPlan}.
 */
import type { DispatchPolicy, HallConfig } from '../domain/model.ts';
import { profileFactor } from './arrivals.ts';
import { simulateDay, type DayRun, type Estimator, type TicketRecord } from './engine.ts';
import { erlangC, maximum, mean, quantile } from './queueing.ts';
import { generateVisitors, planDay, type DayPlan, type SimOptions } from './scenario.ts';

/** Waits shorter than this are left out of the MAPE. */
export const MAPE_FLOOR_MIN = 5;
const MINUTE = 60_000;

/** Figures of one group of tickets (the hall or a zone). */
export interface WaitFigures {
  readonly issued: number;
  readonly mean_wait_min: number;
  readonly p90_wait_min: number;
  readonly max_wait_min: number;
  readonly served_within_30_min: number;
  readonly eta_mae_min: number;
  /** Null when no ticket waited {@link MAPE_FLOOR_MIN} minutes or more. */
  readonly eta_mape: number | null;
  readonly erlang_c_mean_wait_min: number;
}

/** The figures of one dispatch policy. */
export interface PolicyFigures extends WaitFigures {
  readonly fairness_normal_max_wait_min: number;
  readonly normal_mean_wait_min: number;
  readonly green_mean_wait_min: number;
  readonly appointment_mean_wait_min: number;
  readonly eta_bias_min: number;
  /** Busy share of window time during the peak hours. */
  readonly peak_utilisation: number;
  /** Busy share of window time while the hall issues tickets. */
  readonly day_utilisation: number;
  readonly counts: {
    readonly issued: number;
    readonly refused: number;
    readonly refused_by_reason: Readonly<Record<string, number>>;
    readonly called: number;
    readonly served: number;
    readonly no_show: number;
    readonly cancelled_at_day_end: number;
    readonly recalls: number;
    readonly green: number;
    readonly appointment: number;
    readonly normal: number;
    readonly eta_samples: number;
    readonly eta_mape_samples: number;
    readonly eta_unavailable: number;
  };
  readonly last_call: string;
  readonly by_zone: Readonly<Record<string, WaitFigures>>;
}

/** One pool's M/M/c figures. */
export interface PoolErlang {
  readonly zone: string;
  readonly windows: number;
  readonly services: readonly string[];
  readonly peak_arrivals_per_hour: number;
  readonly occupancy_min: number;
  readonly peak_utilisation: number;
  /** Stationary M/M/c mean wait at the peak rate. */
  readonly peak_mean_wait_min: number;
  /** Arrival-weighted mean over the day of the pointwise-stationary M/M/c wait. */
  readonly mean_wait_min: number;
  readonly expected_arrivals: number;
}

export interface ErlangFigures {
  readonly method: string;
  readonly method_zh: string;
  readonly mean_wait_min: number;
  readonly by_zone: Readonly<Record<string, number>>;
  readonly pools: readonly PoolErlang[];
}

/** The whole report the CLI writes as JSON. */
export interface SimulationReport {
  readonly seed: number;
  readonly days: number;
  readonly scale: number;
  readonly date: string;
  readonly hall: string;
  readonly windows: number;
  readonly services: number;
  readonly visitors: number;
  readonly model: Readonly<Record<string, unknown>>;
  readonly erlang_c: ErlangFigures;
  readonly policies: Readonly<Partial<Record<DispatchPolicy, PolicyFigures>>>;
}

const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * M/M/c (Erlang C) for the same load, pooled per window group: the windows of one zone that
 * share services of that zone form one c-server pool (a zone's windows serve each other's
 * services, 岗位互补, so they act as one queue; per service would have to split the shared
 * windows arbitrarily, and hall-wide pooling would let a tax clerk take a notary case). The
 * pool's load is what the layout split routes to it, its service time the mean window time
 * per ticket (handling, walk-up, wrap-up, recalls). The day is not stationary, so the wait is
 * the pointwise-stationary approximation: Erlang C at each minute's arrival rate, averaged
 * over arrivals. It ignores the queue carried over from a peak or the lunch closure (too
 * low) and assumes exponential handling, CV 1, where the simulation draws a lognormal with
 * a lower CV (too high).
 */
export function erlangCForPlan(plan: DayPlan): ErlangFigures {
  const [firstOpen] = plan.profile.open;
  const lastOpen = plan.profile.open[plan.profile.open.length - 1];
  const pools: PoolErlang[] = plan.pools.map((pool) => {
    const c = pool.windowIds.length;
    const mu = pool.occupancyMin > 0 ? 1 / pool.occupancyMin : 1;
    let weighted = 0;
    let arrivals = 0;
    if (firstOpen !== undefined && lastOpen !== undefined) {
      for (let m = firstOpen[0]; m < lastOpen[1]; m += 1) {
        const lambda = pool.peakRatePerMin * profileFactor(plan.profile, m + 0.5);
        if (lambda <= 0) continue;
        weighted += lambda * erlangC(c, lambda, mu).meanWait;
        arrivals += lambda;
      }
    }
    const peak = erlangC(c, pool.peakRatePerMin, mu);
    return {
      zone: pool.zoneId,
      windows: c,
      services: pool.serviceIds,
      peak_arrivals_per_hour: round(pool.peakRatePerMin * 60, 1),
      occupancy_min: round(pool.occupancyMin),
      peak_utilisation: round(peak.utilisation, 3),
      peak_mean_wait_min: round(peak.meanWait),
      mean_wait_min: round(arrivals > 0 ? weighted / arrivals : 0),
      expected_arrivals: round(arrivals, 1),
    };
  });
  const byZone: Record<string, { w: number; n: number }> = {};
  let w = 0;
  let n = 0;
  for (const p of pools) {
    const z = (byZone[p.zone] ??= { w: 0, n: 0 });
    z.w += p.mean_wait_min * p.expected_arrivals;
    z.n += p.expected_arrivals;
    w += p.mean_wait_min * p.expected_arrivals;
    n += p.expected_arrivals;
  }
  return {
    method:
      'M/M/c per window pool (windows of one zone sharing its services), pointwise-stationary over the day, arrival-weighted; exponential handling',
    method_zh:
      '按窗口池（同一专区内共享事项的窗口）计算 M/M/c，逐分钟平稳近似，按到达人数加权；假设办理时长为指数分布',
    mean_wait_min: round(n > 0 ? w / n : 0),
    by_zone: Object.fromEntries(
      Object.entries(byZone).map(([zone, z]) => [zone, round(z.n > 0 ? z.w / z.n : 0)]),
    ),
    pools,
  };
}

function waitMin(t: TicketRecord): number | null {
  return t.calledAt === null ? null : (t.calledAt - t.issuedAt) / MINUTE;
}

function waitFigures(tickets: readonly TicketRecord[], erlang: number): WaitFigures {
  const waits = tickets.map(waitMin).filter((w): w is number => w !== null);
  const eta = etaFigures(tickets);
  return {
    issued: tickets.length,
    mean_wait_min: round(mean(waits)),
    p90_wait_min: round(quantile(waits, 0.9)),
    max_wait_min: round(maximum(waits)),
    served_within_30_min: round(
      tickets.length === 0 ? 0 : waits.filter((w) => w <= 30).length / tickets.length,
      4,
    ),
    eta_mae_min: round(eta.mae),
    eta_mape: eta.mapeSamples > 0 ? round(eta.mape, 4) : null,
    erlang_c_mean_wait_min: erlang,
  };
}

function etaFigures(tickets: readonly TicketRecord[]): {
  mae: number;
  mape: number;
  bias: number;
  samples: number;
  mapeSamples: number;
  unavailable: number;
} {
  const abs: number[] = [];
  const signed: number[] = [];
  const relative: number[] = [];
  let unavailable = 0;
  for (const t of tickets) {
    const actual = waitMin(t);
    if (actual === null) continue;
    if (t.estimateMs === null) {
      unavailable += 1;
      continue;
    }
    const error = t.estimateMs / MINUTE - actual;
    abs.push(Math.abs(error));
    signed.push(error);
    if (actual >= MAPE_FLOOR_MIN) relative.push(Math.abs(error) / actual);
  }
  return {
    mae: mean(abs),
    mape: mean(relative),
    bias: mean(signed),
    samples: abs.length,
    mapeSamples: relative.length,
    unavailable,
  };
}

/** Local minutes at which the arrival profile is at its maximum (the peak hours). */
function peakMinutes(plan: DayPlan): number[] {
  const max = Math.max(...plan.profile.points.map((p) => p.factor));
  const minutes: number[] = [];
  for (let m = 0; m < 1440; m += 1) {
    if (profileFactor(plan.profile, m + 0.5) >= max - 1e-9) minutes.push(m);
  }
  return minutes;
}

function utilisation(runs: readonly DayRun[], minutes: readonly number[]): number {
  if (minutes.length === 0 || runs.length === 0) return 0;
  let busy = 0;
  let capacity = 0;
  for (const run of runs) {
    busy += minutes.reduce((sum, m) => sum + (run.busyMsByMinute[m] ?? 0), 0);
    capacity += run.windowCount * minutes.length * MINUTE;
  }
  return busy / capacity;
}

/** The figures of one policy over one or more simulated days (tickets pooled). */
export function policyFigures(
  plan: DayPlan,
  runs: readonly DayRun[],
  erlang: ErlangFigures,
): PolicyFigures {
  const tickets = runs.flatMap((run) => run.tickets);
  const mean_ = (filter: (t: TicketRecord) => boolean): number =>
    round(
      mean(
        tickets
          .filter(filter)
          .map(waitMin)
          .filter((w): w is number => w !== null),
      ),
    );
  const normalWaits = tickets
    .filter((t) => t.priority === 'normal')
    .map(waitMin)
    .filter((w): w is number => w !== null);
  const eta = etaFigures(tickets);
  const zones = [...new Set(tickets.map((t) => t.zoneId))].sort();
  const issuing: number[] = [];
  for (const [from, to] of plan.profile.open) for (let m = from; m < to; m += 1) issuing.push(m);
  // Latest call of any day, as a time of day.
  let lastCallMin = 0;
  for (const run of runs) {
    const midnight = run.midnightMs;
    for (const t of run.tickets) {
      if (t.calledAt !== null)
        lastCallMin = Math.max(lastCallMin, (t.calledAt - midnight) / MINUTE);
    }
  }
  const refusedByReason: Record<string, number> = {};
  for (const run of runs) {
    for (const [code, n] of Object.entries(run.refused)) {
      refusedByReason[code] = (refusedByReason[code] ?? 0) + n;
    }
  }
  const refused = Object.values(refusedByReason).reduce((sum, n) => sum + n, 0);
  const sum = (f: (run: DayRun) => number): number =>
    runs.reduce((total, run) => total + f(run), 0);
  return {
    ...waitFigures(tickets, erlang.mean_wait_min),
    fairness_normal_max_wait_min: round(maximum(normalWaits)),
    normal_mean_wait_min: mean_((t) => t.priority === 'normal'),
    green_mean_wait_min: mean_((t) => t.priority !== 'normal' && t.priority !== 'appointment'),
    appointment_mean_wait_min: mean_((t) => t.priority === 'appointment'),
    eta_bias_min: round(eta.bias),
    peak_utilisation: round(utilisation(runs, peakMinutes(plan)), 3),
    day_utilisation: round(utilisation(runs, issuing), 3),
    counts: {
      issued: tickets.length,
      refused,
      refused_by_reason: refusedByReason,
      called: tickets.filter((t) => t.calledAt !== null).length,
      served: tickets.filter((t) => t.finalState === 'done').length,
      no_show: tickets.filter((t) => t.finalState === 'no_show').length,
      cancelled_at_day_end: sum((run) => run.closedAtDayEnd),
      recalls: sum((run) => run.recalls),
      green: tickets.filter((t) => t.priority !== 'normal' && t.priority !== 'appointment').length,
      appointment: tickets.filter((t) => t.priority === 'appointment').length,
      normal: tickets.filter((t) => t.priority === 'normal').length,
      eta_samples: eta.samples,
      eta_mape_samples: eta.mapeSamples,
      eta_unavailable: eta.unavailable,
    },
    last_call: hhmm(Math.floor(lastCallMin)),
    by_zone: Object.fromEntries(
      zones.map((zone) => [
        zone,
        waitFigures(
          tickets.filter((t) => t.zoneId === zone),
          erlang.by_zone[zone] ?? 0,
        ),
      ]),
    ),
  };
}

/** A full simulation: the plan, the runs (per policy, per day) and the report. */
export interface Simulation {
  readonly plan: DayPlan;
  /** `runs[policy index][day index]`; samples only on the first day. */
  readonly runs: readonly (readonly DayRun[])[];
  readonly report: SimulationReport;
}

/** The seed of day `day` (0-based) of a run started with `seed`. */
export function daySeed(seed: number, day: number): number {
  return (seed + day) >>> 0;
}

/**
 * Simulates `days` days (seeds `seed`, `seed + 1`, …) under each policy; every policy sees
 * the same visitors on the same day. Figures pool the tickets of all days.
 * @param estimator the estimate shown at issue; the domain's `ticketEstimate` by default
 */
export function simulate(
  config: HallConfig,
  options: SimOptions,
  seed: number,
  policies: readonly DispatchPolicy[],
  days = 1,
  estimator?: Estimator,
): Simulation {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`The seed must be an integer 0–4294967295, not ${seed}.`);
  }
  if (!Number.isInteger(days) || days < 1 || days > 1000) {
    throw new RangeError(`Days must be an integer 1–1000, not ${days}.`);
  }
  if (policies.length === 0) throw new RangeError('Name at least one dispatch policy.');
  const plan = planDay(config, options);
  const erlang = erlangCForPlan(plan);
  const visitorsByDay = Array.from({ length: days }, (_, d) =>
    generateVisitors(config, plan, daySeed(seed, d)),
  );
  // The per-minute samples are kept for the first day only (the chart's), to save memory.
  const runs = policies.map((policy) =>
    visitorsByDay.map((visitors, day) => {
      const run = simulateDay(
        config,
        plan,
        visitors,
        policy,
        estimator === undefined ? {} : { estimator },
      );
      return day === 0 ? run : { ...run, samples: [] };
    }),
  );
  const report: SimulationReport = {
    seed,
    days,
    scale: options.scale,
    date: plan.date,
    hall: config.hall.id,
    windows: config.windows.length,
    services: config.services.length,
    visitors: visitorsByDay.reduce((sum, v) => sum + v.length, 0),
    model: {
      hours: plan.hours.map(([a, b]) => `${hhmm(a)}–${hhmm(b)}`),
      last_ticket: hhmm(plan.lastIssueMinute),
      arrival_profile: options.profile.map(([t, f]) => `${t} ${f}`),
      peak_utilisation_target: options.peakUtilisation,
      opening_crowd_min: options.openingCrowdMin,
      expected_arrivals_per_day: round(
        plan.services.reduce((sum, s) => sum + s.expectedArrivals, 0),
        1,
      ),
      handling: `lognormal, mean = expectedHandlingMin, cv ${options.handlingCv}`,
      green_share: options.greenShare,
      appointment_share_of_bookable: options.appointmentShare,
      recall_share: options.recallShare,
      no_show_share: options.noShowShare,
      walk_up_sec: options.walkUpSec,
      wrap_up_sec: options.wrapUpSec,
      reaction_sec: options.reactionSec,
      recall_gap_sec: options.recallGapSec,
      mape_floor_min: MAPE_FLOOR_MIN,
    },
    erlang_c: erlang,
    policies: Object.fromEntries(
      policies.map((policy, i) => [policy, policyFigures(plan, runs[i] ?? [], erlang)]),
    ),
  };
  return { plan, runs, report };
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
