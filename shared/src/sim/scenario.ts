/**
 * The hall day the simulator plays: when tickets can be taken, how many visitors come for
 * each service and when, and what each visitor does (handling time, answering the call).
 *
 * Demand. A real hall sizes its windows to its demand, so demand is derived from the window
 * layout: each window splits its time among its services (primary weight 1, secondary 0.5,
 * normalised per window), which gives each service a capacity in windows; the service's
 * peak arrival rate is `peakUtilisation × capacity / occupancy`, where occupancy is the
 * window time one ticket takes on average (walk-up, handling, wrap-up, recalls, no-shows).
 * At the peaks every window is then loaded to `peakUtilisation` if the dispatch followed
 * that split exactly; the real dispatch decides.
 *
 * Time. Tickets are taken during the calendar's opening hours (the real hall's: the demo's
 * `alwaysOpen` is only for trying it at any hour), up to each service's `lastTicketTime`,
 * with a morning and an afternoon peak (see {@link DEFAULT_SIM_OPTIONS}). Windows open at
 * the first opening time, work off the morning queue, pause for the lunch closure, resume
 * after it and close once their queue is empty after the last ticket time.
 */
import type { ServiceId, WindowId, ZoneId } from '../domain/ids.ts';
import type { DispatchPolicy, HallConfig, PriorityClass, Service } from '../domain/model.ts';
import { hoursOn, localTimeToEpoch, parseLocalTime } from '../domain/time.ts';
import { profileFactor, profileIntegral, thinnedArrivals } from './arrivals.ts';
import type { ArrivalProfile } from './arrivals.ts';
import { createRng, deriveSeed } from './prng.ts';

/** Everything about a simulated day that is not the hall's own configuration. */
export interface SimOptions {
  /** The local date simulated; it must be a working day of the hall's calendar. */
  readonly date: string;
  /** Multiplies every arrival rate (1 = the calibrated day; 0.05 = a tiny day for tests). */
  readonly scale: number;
  /** Target window utilisation at the peaks (0–1). */
  readonly peakUtilisation: number;
  /**
   * Visitors waiting at the door when the hall opens, as minutes of peak-rate arrivals; they
   * take their tickets within {@link OPENING_CROWD_SPREAD_MIN} minutes of opening.
   */
  readonly openingCrowdMin: number;
  /** Arrival-rate factor (of the peak rate) over the day: `[HH:MM, factor]`, linear between. */
  readonly profile: readonly (readonly [string, number])[];
  /** Coefficient of variation of the lognormal handling time (its mean is the service's). */
  readonly handlingCv: number;
  /** Share of visitors in the green channel (绿色通道), all kinds together. */
  readonly greenShare: number;
  /** Share of visitors of bookable services who come with an appointment on time. */
  readonly appointmentShare: number;
  /** Share of calls the visitor answers only after one recall (重呼). */
  readonly recallShare: number;
  /** Share of calls nobody answers: recalled up to the limit, then no-show (过号). */
  readonly noShowShare: number;
  /** Seconds between the clerk's call (or recall) and the visitor at the window: [min, max]. */
  readonly walkUpSec: readonly [number, number];
  /** Seconds the clerk needs after a ticket before calling the next: [min, max]. */
  readonly wrapUpSec: readonly [number, number];
  /** Seconds an idle clerk takes to call a newly arrived ticket: [min, max]. */
  readonly reactionSec: readonly [number, number];
  /** Seconds a clerk waits for the visitor before recalling (at least the hall's minimum gap). */
  readonly recallGapSec: number;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  date: '2026-11-24',
  scale: 1,
  peakUtilisation: 0.85,
  openingCrowdMin: 15,
  profile: [
    ['09:00', 0.75],
    ['09:30', 1],
    ['10:30', 1],
    ['11:30', 0.6],
    ['12:00', 0.45],
    ['13:30', 0.5],
    ['14:30', 1],
    ['15:30', 1],
    ['16:30', 0.4],
    ['17:00', 0.3],
  ],
  handlingCv: 0.6,
  greenShare: 0.05,
  appointmentShare: 0.1,
  recallShare: 0.08,
  noShowShare: 0.04,
  walkUpSec: [20, 60],
  wrapUpSec: [10, 40],
  reactionSec: [5, 30],
  recallGapSec: 60,
};

/** Minutes after opening over which the opening crowd takes its tickets. */
export const OPENING_CROWD_SPREAD_MIN = 3;

/** Green-channel kinds and their shares within the green channel. */
const GREEN_MIX: readonly (readonly [PriorityClass, number])[] = [
  ['elderly', 0.6],
  ['disabled', 0.2],
  ['pregnant', 0.1],
  ['military', 0.1],
];

/** Relative weight of a secondary assignment in a window's split of its time. */
export const SECONDARY_DEMAND_WEIGHT = 0.5;

/** One service's demand. */
export interface ServiceDemand {
  readonly serviceId: ServiceId;
  readonly zoneId: ZoneId;
  /** Mean handling time in minutes (the service's `expectedHandlingMin`). */
  readonly handlingMin: number;
  /** Mean window time per ticket in minutes: handling plus walk-up, wrap-up and recalls. */
  readonly occupancyMin: number;
  /** Windows' worth of capacity from the layout split. */
  readonly capacity: number;
  /** Arrivals per minute at the peak (factor 1), scale included. */
  readonly peakRatePerMin: number;
  /** Expected arrivals over the day, the opening crowd included. */
  readonly expectedArrivals: number;
  /** Periods `[from, to)` in local minutes when the service issues tickets. */
  readonly issuing: readonly (readonly [number, number])[];
}

/**
 * A pool for the M/M/c comparison: windows of one zone linked by services of that zone they
 * share (a connected group), with the demand the layout split puts on them.
 */
export interface WindowPool {
  readonly zoneId: ZoneId;
  readonly windowIds: readonly WindowId[];
  readonly serviceIds: readonly ServiceId[];
  /** Arrivals per minute at the peak routed to this pool by the layout split. */
  readonly peakRatePerMin: number;
  /** Mean window time per ticket of the pool, minutes. */
  readonly occupancyMin: number;
}

/** The day's timetable and demand. */
export interface DayPlan {
  readonly date: string;
  /** Epoch ms of local midnight of `date`. */
  readonly midnightMs: number;
  /** The hall's opening hours that day, local minutes. */
  readonly hours: readonly (readonly [number, number])[];
  /** First opening minute. */
  readonly openMinute: number;
  /** Closing minute of the last period. */
  readonly closeMinute: number;
  /** Last minute at which any service issues a ticket. */
  readonly lastIssueMinute: number;
  readonly profile: ArrivalProfile;
  readonly services: readonly ServiceDemand[];
  readonly pools: readonly WindowPool[];
  readonly options: SimOptions;
}

/** One visitor: when they come, for what, and how they behave. Policy-independent. */
export interface Visitor {
  /** Order of arrival over the day (0-based). */
  readonly index: number;
  readonly serviceId: ServiceId;
  readonly arrivalMs: number;
  readonly priority: PriorityClass;
  readonly handlingMs: number;
  /** `present` answers the first call; `recall` only the first recall; `absent` never. */
  readonly behaviour: 'present' | 'recall' | 'absent';
  readonly walkUpMs: number;
  readonly wrapUpMs: number;
  readonly reactionMs: number;
}

/** The demo hall's configuration as the simulator runs it: real hours, one policy everywhere. */
export function simHallConfig(config: HallConfig, policy: DispatchPolicy): HallConfig {
  return {
    ...config,
    calendar: { ...config.calendar, alwaysOpen: false },
    windows: config.windows.map((w) => ({ ...w, dispatchPolicy: null })),
    policies: { ...config.policies, dispatch: policy },
  };
}

/** Validates options; throws a RangeError naming the first bad one. */
export function checkSimOptions(options: SimOptions): void {
  const share = (name: string, v: number): void => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be within 0–1, not ${v}.`);
  };
  if (!(options.scale > 0 && options.scale <= 10)) {
    throw new RangeError(`scale must be within (0, 10], not ${options.scale}.`);
  }
  if (!(options.peakUtilisation > 0 && options.peakUtilisation < 1)) {
    throw new RangeError(`peakUtilisation must be within (0, 1), not ${options.peakUtilisation}.`);
  }
  share('greenShare', options.greenShare);
  share('appointmentShare', options.appointmentShare);
  share('recallShare', options.recallShare);
  share('noShowShare', options.noShowShare);
  share('recallShare + noShowShare', options.recallShare + options.noShowShare);
  if (!(options.handlingCv >= 0 && options.handlingCv <= 3)) {
    throw new RangeError(`handlingCv must be within 0–3, not ${options.handlingCv}.`);
  }
  for (const [name, [lo, hi]] of [
    ['walkUpSec', options.walkUpSec],
    ['wrapUpSec', options.wrapUpSec],
    ['reactionSec', options.reactionSec],
  ] as const) {
    if (!(lo >= 0 && hi >= lo))
      throw new RangeError(`${name} must be [min, max] with 0 ≤ min ≤ max.`);
  }
  if (!(options.recallGapSec > 0)) throw new RangeError('recallGapSec must be positive.');
  if (!(options.openingCrowdMin >= 0 && options.openingCrowdMin <= 120)) {
    throw new RangeError(`openingCrowdMin must be within 0–120, not ${options.openingCrowdMin}.`);
  }
  for (const [time, factor] of options.profile) {
    parseLocalTime(time);
    if (!(factor >= 0 && factor <= 1)) {
      throw new RangeError(`Profile factor at ${time} must be within 0–1, not ${factor}.`);
    }
  }
}

const midpoint = ([lo, hi]: readonly [number, number]): number => (lo + hi) / 2;

/** Seconds between recalls as the clerk works: the option, at least the hall's minimum. */
export function recallGapSec(config: HallConfig, options: SimOptions): number {
  return Math.max(options.recallGapSec, config.policies.recallMinGapSec);
}

/** Mean window minutes per ticket of a service with mean handling `handlingMin`. */
function occupancyOf(config: HallConfig, options: SimOptions, handlingMin: number): number {
  const gap = recallGapSec(config, options) / 60;
  const walk = midpoint(options.walkUpSec) / 60;
  const wrap = midpoint(options.wrapUpSec) / 60;
  const present = 1 - options.noShowShare;
  const noShowMin = (config.policies.recallLimit + 1) * gap;
  return (
    present * (handlingMin + walk) +
    options.recallShare * gap +
    options.noShowShare * noShowMin +
    wrap
  );
}

/** The opening crowd in minutes of peak arrivals: none when the service opens later. */
function crowdMin(options: SimOptions, issuing: readonly (readonly [number, number])[]): number {
  return issuing.length > 0 ? options.openingCrowdMin : 0;
}

function issuingPeriods(
  config: HallConfig,
  service: Service,
  date: string,
): (readonly [number, number])[] {
  const last =
    service.lastTicketTime === null
      ? Number.POSITIVE_INFINITY
      : parseLocalTime(service.lastTicketTime);
  return hoursOn(config, service, date)
    .map((r) => [parseLocalTime(r.open), Math.min(parseLocalTime(r.close), last)] as const)
    .filter(([from, to]) => from < to);
}

/**
 * @returns the day's timetable and per-service demand for `config` (taken with its real
 * opening hours) under `options`. Throws a RangeError when the date is not a working day.
 */
export function planDay(
  hallConfig: HallConfig,
  options: SimOptions = DEFAULT_SIM_OPTIONS,
): DayPlan {
  checkSimOptions(options);
  const config = simHallConfig(hallConfig, hallConfig.policies.dispatch);
  const { date } = options;
  const hours = config.calendar.hours
    .map((r) => [parseLocalTime(r.open), parseLocalTime(r.close)] as const)
    .sort((a, b) => a[0] - b[0]);
  const anyOpen = config.services.some((s) => hoursOn(config, s, date).length > 0);
  if (hours.length === 0 || !anyOpen) {
    throw new RangeError(`${date} is not a working day of ${config.hall.nameEn}.`);
  }
  const points = options.profile.map(([time, factor]) => ({
    minute: parseLocalTime(time),
    factor,
  }));

  // Each window's split of its time among its services.
  const weightsByWindow = new Map<WindowId, number>();
  for (const a of config.assignments) {
    const weight = a.role === 'primary' ? 1 : SECONDARY_DEMAND_WEIGHT;
    weightsByWindow.set(a.windowId, (weightsByWindow.get(a.windowId) ?? 0) + weight);
  }
  const share = (windowId: WindowId, role: 'primary' | 'secondary'): number =>
    (role === 'primary' ? 1 : SECONDARY_DEMAND_WEIGHT) / (weightsByWindow.get(windowId) ?? 1);
  const capacity = new Map<ServiceId, number>();
  for (const a of config.assignments) {
    capacity.set(a.serviceId, (capacity.get(a.serviceId) ?? 0) + share(a.windowId, a.role));
  }

  const services: ServiceDemand[] = config.services.map((service) => {
    const issuing = issuingPeriods(config, service, date);
    const occupancyMin = occupancyOf(config, options, service.expectedHandlingMin);
    const cap = capacity.get(service.id) ?? 0;
    const peakRatePerMin =
      cap > 0 && issuing.length > 0
        ? (options.peakUtilisation * cap * options.scale) / occupancyMin
        : 0;
    const profile: ArrivalProfile = { points, open: issuing };
    return {
      serviceId: service.id,
      zoneId: service.zoneId,
      handlingMin: service.expectedHandlingMin,
      occupancyMin,
      capacity: cap,
      peakRatePerMin,
      expectedArrivals: peakRatePerMin * (profileIntegral(profile) + crowdMin(options, issuing)),
      issuing,
    };
  });
  const lastIssueMinute = Math.max(...services.flatMap((s) => s.issuing.map(([, to]) => to)));
  const hallIssuing = hours
    .map(([from, to]) => [from, Math.min(to, lastIssueMinute)] as const)
    .filter(([from, to]) => from < to);

  return {
    date,
    midnightMs: localTimeToEpoch(date, '00:00', config.hall.timeZone),
    hours,
    openMinute: hours[0]?.[0] ?? 0,
    closeMinute: hours[hours.length - 1]?.[1] ?? 0,
    lastIssueMinute,
    profile: { points, open: hallIssuing },
    services,
    pools: windowPools(config, services, share),
    options,
  };
}

function windowPools(
  config: HallConfig,
  services: readonly ServiceDemand[],
  share: (windowId: WindowId, role: 'primary' | 'secondary') => number,
): WindowPool[] {
  const zoneOfWindow = new Map(config.windows.map((w) => [w.id, w.zoneId]));
  const zoneOfService = new Map(config.services.map((s) => [s.id, s.zoneId]));
  // Union–find over windows: two windows of a zone sharing a service of that zone.
  const parent = new Map(config.windows.map((w) => [w.id, w.id]));
  const root = (id: WindowId): WindowId => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    return r;
  };
  const firstWindow = new Map<string, WindowId>();
  for (const a of config.assignments) {
    const zone = zoneOfWindow.get(a.windowId);
    if (zone === undefined || zoneOfService.get(a.serviceId) !== zone) continue;
    const key = `${zone}/${a.serviceId}`;
    const first = firstWindow.get(key);
    if (first === undefined) firstWindow.set(key, a.windowId);
    else parent.set(root(a.windowId), root(first));
  }
  const demand = new Map(services.map((s) => [s.serviceId, s]));
  const pools = new Map<
    WindowId,
    { windows: WindowId[]; services: Set<ServiceId>; rate: number; work: number }
  >();
  for (const w of config.windows) {
    const key = root(w.id);
    const pool = pools.get(key) ?? { windows: [], services: new Set(), rate: 0, work: 0 };
    pool.windows.push(w.id);
    pools.set(key, pool);
  }
  for (const a of config.assignments) {
    const pool = pools.get(root(a.windowId));
    const s = demand.get(a.serviceId);
    if (pool === undefined || s === undefined || s.capacity <= 0) continue;
    // The part of the service's flow the layout split routes to this window.
    const rate = (s.peakRatePerMin * share(a.windowId, a.role)) / s.capacity;
    pool.services.add(a.serviceId);
    pool.rate += rate;
    pool.work += rate * s.occupancyMin;
  }
  return [...pools.values()]
    .map((p) => ({
      zoneId: zoneOfWindow.get(p.windows[0] ?? (0 as WindowId)) ?? ('?' as ZoneId),
      windowIds: p.windows,
      serviceIds: [...p.services],
      peakRatePerMin: p.rate,
      occupancyMin: p.rate > 0 ? p.work / p.rate : 0,
    }))
    .sort((a, b) => (a.windowIds[0] ?? 0) - (b.windowIds[0] ?? 0));
}

/**
 * @returns the day's visitors for `seed`, sorted by arrival. Each service draws from its
 * own sub-stream of the seed, in configuration order, so the same seed gives the same
 * visitors whatever the dispatch policy.
 */
export function generateVisitors(config: HallConfig, plan: DayPlan, seed: number): Visitor[] {
  const { options } = plan;
  const bookable = new Map(config.services.map((s) => [s.id, s.bookable]));
  const drafts: Omit<Visitor, 'index'>[] = [];
  plan.services.forEach((demand, serviceIndex) => {
    if (demand.peakRatePerMin <= 0) return;
    const rng = createRng(deriveSeed(seed, serviceIndex));
    const profile: ArrivalProfile = { points: plan.profile.points, open: demand.issuing };
    const rate = (minute: number): number => demand.peakRatePerMin * profileFactor(profile, minute);
    const first = demand.issuing[0]?.[0] ?? 0;
    const last = demand.issuing[demand.issuing.length - 1]?.[1] ?? 0;
    const maxFactor = Math.max(...plan.profile.points.map((p) => p.factor), 0);
    const crowdRate =
      (demand.peakRatePerMin * crowdMin(options, demand.issuing)) / OPENING_CROWD_SPREAD_MIN;
    const crowd = thinnedArrivals(
      rng,
      () => crowdRate,
      crowdRate,
      first,
      Math.min(last, first + OPENING_CROWD_SPREAD_MIN),
    );
    const times = [
      ...crowd,
      ...thinnedArrivals(rng, rate, demand.peakRatePerMin * maxFactor, first, last),
    ];
    for (const minute of times) {
      const u = rng.next();
      let priority: PriorityClass = 'normal';
      if (u < options.greenShare) {
        priority = GREEN_MIX[rng.pick(GREEN_MIX.map(([, w]) => w))]?.[0] ?? 'elderly';
      } else if (bookable.get(demand.serviceId) === true && rng.next() < options.appointmentShare) {
        priority = 'appointment';
      }
      const b = rng.next();
      const behaviour =
        b < options.noShowShare
          ? 'absent'
          : b < options.noShowShare + options.recallShare
            ? 'recall'
            : 'present';
      const handlingMin = rng.lognormal(demand.handlingMin, options.handlingCv);
      const seconds = ([lo, hi]: readonly [number, number]): number =>
        Math.round(rng.uniform(lo, hi) * 1000);
      drafts.push({
        serviceId: demand.serviceId,
        arrivalMs: plan.midnightMs + Math.floor(minute * 60_000),
        priority,
        handlingMs: Math.max(1000, Math.round(handlingMin * 60_000)),
        behaviour,
        walkUpMs: seconds(options.walkUpSec),
        wrapUpMs: seconds(options.wrapUpSec),
        reactionMs: seconds(options.reactionSec),
      });
    }
  });
  const order = new Map(plan.services.map((s, i) => [s.serviceId, i]));
  drafts.sort(
    (a, b) =>
      a.arrivalMs - b.arrivalMs || (order.get(a.serviceId) ?? 0) - (order.get(b.serviceId) ?? 0),
  );
  return drafts.map((d, index) => ({ ...d, index }));
}
