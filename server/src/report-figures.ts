/**
 * Period reports of the admin console (brief §5.5): figures for a day, an ISO week, a month
 * or a custom range of business days, grouped by hall, zone, service, window or clerk, and
 * the monthly 统一情况汇总 a centre sends up. The store reads bare tuples from covering
 * indexes (`reportScan`); everything here is arithmetic over them and the current
 * configuration, so the figures are the same whatever database sits underneath.
 *
 * Definitions (the same as the store's `ReportFigures` and the counter's day figures):
 * - issued = every ticket of the period; called = tickets a window called at least once;
 *   served = `done` with a start and a finish; noShow = `no_show`; cancelled = `cancelled`;
 *   transferred = tickets moved at least once (`transferCount > 0`);
 * - wait = first call − issue (`calledAt`, else `startedAt`); handling = finish − start; means
 *   rounded to whole ms; p90 = nearest rank (the value at rank ⌈0.9 n⌉ in ascending order);
 * - withinTarget = served tickets that waited at most the wait target (预警阈值 waitTargetMin);
 * - 好评率 = (非常满意 + 满意 + 基本满意) / (rated − bad ratings voided by an accepted appeal).
 * A ticket counts under the service it ended with, the zone of that service, the window and
 * clerk of its last call (a ticket never called: the "not called" line). A zone lead sees
 * only tickets of their zones' services.
 */
import {
  RATING_SCORES,
  addDays,
  alarmThresholdsOf,
  isBadRating,
  isLocalDate,
  isoWeekdayOf,
  workOrderOverdue,
  type HallConfig,
  type PeriodRange,
  type PeriodReport,
  type RatingScore,
  type ReportDay,
  type ReportGrouping,
  type ReportPeriod,
  type ReportRow,
  type WorkOrder,
} from '@hallq/shared';
import type { ReportRatingFact, ReportSink, ReportTicketFact, StaffRecord } from './store.ts';

/** The longest custom range: a year and a day (a leap year, or a year from any date). */
export const MAX_RANGE_DAYS = 366;

/** The range of a period, or a message saying what to fix (for a 400). */
export function periodRange(query: {
  readonly period: ReportPeriod;
  readonly date?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}): PeriodRange | { readonly problem: string } {
  const { period } = query;
  if (period === 'custom') {
    const { from, to } = query;
    if (from === undefined || to === undefined) {
      return { problem: 'A custom period needs from and to (YYYY-MM-DD).' };
    }
    if (!isLocalDate(from) || !isLocalDate(to)) {
      return { problem: 'from and to must be real dates written YYYY-MM-DD.' };
    }
    if (from > to) return { problem: 'from must not be after to.' };
    if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) {
      return { problem: `A custom period covers at most ${String(MAX_RANGE_DAYS)} days.` };
    }
    return { period, from, to };
  }
  const { date } = query;
  if (date === undefined) {
    return { problem: `A ${period} period needs date (YYYY-MM-DD).` };
  }
  if (period === 'month' && /^\d{4}-\d{2}$/.test(date)) return monthRangeOf(date);
  if (!isLocalDate(date)) return { problem: 'date must be a real date written YYYY-MM-DD.' };
  if (period === 'day') return { period, from: date, to: date };
  if (period === 'week') {
    const monday = addDays(date, 1 - isoWeekdayOf(date));
    return { period, from: monday, to: addDays(monday, 6) };
  }
  return monthRangeOf(date.slice(0, 7));
}

/** The business days of a month `YYYY-MM`, or a problem for a malformed month. */
export function monthRangeOf(month: string): PeriodRange | { readonly problem: string } {
  const first = `${month}-01`;
  if (!/^\d{4}-\d{2}$/.test(month) || !isLocalDate(first)) {
    return { problem: 'month must be a real month written YYYY-MM.' };
  }
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next =
    m === 12
      ? `${String(year + 1).padStart(4, '0')}-01-01`
      : `${month.slice(0, 5)}${pad2(m + 1)}-01`;
  return { period: 'month', from: first, to: addDays(next, -1) };
}

/** Every date from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Samples of one line. */
class Line {
  issued = 0;
  called = 0;
  noShow = 0;
  transferred = 0;
  cancelled = 0;
  withinTarget = 0;
  readonly waits: number[] = [];
  readonly handlings: number[] = [];
  readonly ratings = Object.fromEntries(RATING_SCORES.map((s) => [s, 0])) as Record<
    RatingScore,
    number
  >;
  rated = 0;
  appealVoided = 0;
  /** Per day: issued, served, sum of waits. */
  readonly days = new Map<string, [number, number, number]>();

  dayOf(day: string): [number, number, number] {
    let entry = this.days.get(day);
    if (entry === undefined) {
      entry = [0, 0, 0];
      this.days.set(day, entry);
    }
    return entry;
  }

  row(key: string, name: string, nameEn: string, allDays: readonly string[] | null): ReportRow {
    const served = this.waits.length;
    let good = 0;
    for (const score of RATING_SCORES) if (!isBadRating(score)) good += this.ratings[score];
    const counted = this.rated - this.appealVoided;
    const day = (d: string): ReportDay => {
      const [issued, servedOfDay, waitSum] = this.days.get(d) ?? [0, 0, 0];
      return {
        day: d,
        issued,
        served: servedOfDay,
        meanWaitMs: servedOfDay === 0 ? null : Math.round(waitSum / servedOfDay),
      };
    };
    return {
      key,
      name,
      nameEn,
      issued: this.issued,
      called: this.called,
      served,
      noShow: this.noShow,
      transferred: this.transferred,
      cancelled: this.cancelled,
      meanWaitMs: mean(this.waits),
      p90WaitMs: p90(this.waits),
      meanHandlingMs: mean(this.handlings),
      p90HandlingMs: p90(this.handlings),
      withinTarget: this.withinTarget,
      withinTargetRate: served === 0 ? null : this.withinTarget / served,
      ratings: { ...this.ratings },
      rated: this.rated,
      appealVoided: this.appealVoided,
      goodRate: counted <= 0 ? null : good / counted,
      days: (allDays ?? [...this.days.keys()].sort()).map(day),
    };
  }
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return Math.round(sum / values.length);
}

/** Nearest rank: the value at rank ⌈0.9 n⌉ (1-based) in ascending order. */
function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numerically in native code, several times faster than a comparator.
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.ceil(0.9 * values.length) - 1] ?? null;
}

/** How tickets and ratings find their line, and the lines' names and order. */
interface Grouping {
  key(serviceId: string, windowId: number | null, staffId: string | null): string;
  /** Known keys in display order; unknown keys follow sorted, '' last. */
  readonly order: readonly string[];
  name(key: string): { name: string; nameEn: string };
}

function groupingOf(
  by: ReportGrouping,
  config: HallConfig,
  staff: readonly StaffRecord[],
): Grouping {
  const zoneOfService = new Map<string, string>(config.services.map((s) => [s.id, s.zoneId]));
  switch (by) {
    case 'hall':
      return {
        key: () => 'hall',
        order: ['hall'],
        name: () => ({ name: config.hall.name, nameEn: config.hall.nameEn }),
      };
    case 'zone': {
      const zones = new Map<string, { name: string; nameEn: string }>(
        config.zones.map((z) => [z.id, { name: z.name, nameEn: z.nameEn }]),
      );
      return {
        key: (serviceId) => zoneOfService.get(serviceId) ?? '',
        order: config.zones.map((z) => z.id),
        name: (key) =>
          zones.get(key) ??
          (key === '' ? { name: '未知专区', nameEn: 'Unknown zone' } : { name: key, nameEn: key }),
      };
    }
    case 'service': {
      const services = new Map<string, { name: string; nameEn: string }>(
        config.services.map((s) => [s.id, { name: s.name, nameEn: s.nameEn }]),
      );
      return {
        key: (serviceId) => serviceId,
        order: config.services.map((s) => s.id),
        name: (key) => services.get(key) ?? { name: key, nameEn: key },
      };
    }
    case 'window': {
      const labels = new Map<string, string | null>(
        config.windows.map((w) => [String(w.id), w.label]),
      );
      return {
        key: (_s, windowId) => (windowId === null ? '' : String(windowId)),
        order: config.windows.map((w) => String(w.id)),
        name: (key) =>
          key === ''
            ? { name: '未叫号', nameEn: 'Not called' }
            : { name: labels.get(key) ?? `${key}号窗口`, nameEn: `Window ${key}` },
      };
    }
    case 'clerk': {
      const names = new Map<string, string>(staff.map((s) => [s.staffId, s.name]));
      return {
        key: (_s, _w, staffId) => staffId ?? '',
        order: [...names.keys()].sort(),
        name: (key) => {
          if (key === '') return { name: '未叫号', nameEn: 'Not called' };
          const name = names.get(key);
          return name === undefined
            ? { name: key, nameEn: key }
            : { name: `${name}（${key}）`, nameEn: `${name} (${key})` };
        },
      };
    }
  }
}

export interface ReportInput {
  readonly range: PeriodRange;
  readonly by: ReportGrouping;
  readonly config: HallConfig;
  readonly staff: readonly StaffRecord[];
  /** A zone lead's zones; undefined = all. */
  readonly zoneIds: readonly string[] | undefined;
  readonly now: number;
}

/**
 * Builds the report of a period from what `HallStore.reportScan` sends it: each ticket and
 * each rating is added to the total and to its line as it streams past; `finish()` sorts
 * the samples and names the lines.
 */
export class ReportBuilder implements ReportSink {
  readonly #input: ReportInput;
  readonly #grouping: Grouping;
  readonly #visible: ReadonlySet<string> | null;
  readonly #targetMs: number;
  readonly #total = new Line();
  readonly #lines = new Map<string, Line>();

  constructor(input: ReportInput) {
    this.#input = input;
    const { by, config, staff, zoneIds } = input;
    this.#grouping = groupingOf(by, config, staff);
    this.#visible =
      zoneIds === undefined
        ? null
        : new Set<string>(
            config.services.filter((s) => zoneIds.includes(s.zoneId)).map((s) => s.id),
          );
    this.#targetMs = alarmThresholdsOf(config).waitTargetMin * 60_000;
  }

  #lineOf(serviceId: string, windowId: number | null, staffId: string | null): Line | null {
    if (this.#input.by === 'hall') return null;
    const key = this.#grouping.key(serviceId, windowId, staffId);
    let line = this.#lines.get(key);
    if (line === undefined) {
      line = new Line();
      this.#lines.set(key, line);
    }
    return line;
  }

  ticket(fact: ReportTicketFact): void {
    const [day, serviceId, windowId, staffId, state, transferCount] = fact;
    if (this.#visible !== null && !this.#visible.has(serviceId)) return;
    const [, , , , , , issuedAt, calledAt, startedAt, finishedAt] = fact;
    const line = this.#lineOf(serviceId, windowId, staffId);
    const served = state === 'done' && startedAt !== null && finishedAt !== null;
    const wait = served ? (calledAt ?? startedAt) - issuedAt : 0;
    const handling = served ? finishedAt - startedAt : 0;
    const add = (l: Line): void => {
      l.issued += 1;
      const today = l.dayOf(day);
      today[0] += 1;
      if (windowId !== null) l.called += 1;
      if (transferCount > 0) l.transferred += 1;
      if (state === 'no_show') l.noShow += 1;
      else if (state === 'cancelled') l.cancelled += 1;
      else if (served) {
        l.waits.push(wait);
        l.handlings.push(handling);
        if (wait <= this.#targetMs) l.withinTarget += 1;
        today[1] += 1;
        today[2] += wait;
      }
    };
    add(this.#total);
    if (line !== null) add(line);
  }

  rating(fact: ReportRatingFact, appealVoided: boolean): void {
    const [, serviceId, windowId, staffId, score] = fact;
    if (this.#visible !== null && !this.#visible.has(serviceId)) return;
    if (!isRatingScore(score)) return;
    const voided = appealVoided && isBadRating(score);
    const line = this.#lineOf(serviceId, windowId, staffId);
    for (const l of line === null ? [this.#total] : [this.#total, line]) {
      l.ratings[score] += 1;
      l.rated += 1;
      if (voided) l.appealVoided += 1;
    }
  }

  finish(): PeriodReport {
    const { range, by, config, zoneIds, now } = this.#input;
    const grouping = this.#grouping;
    const lines = this.#lines;
    const zoneOfService = new Map<string, string>(config.services.map((s) => [s.id, s.zoneId]));
    const known = new Set(grouping.order);
    const keys =
      by === 'hall'
        ? []
        : [
            ...grouping.order.filter(
              (key) => lines.has(key) || showsEmpty(by, key, zoneIds, zoneOfService),
            ),
            ...[...lines.keys()].filter((key) => !known.has(key) && key !== '').sort(),
            ...(lines.has('') ? [''] : []),
          ];
    return {
      ...range,
      by,
      hall: { name: config.hall.name, nameEn: config.hall.nameEn },
      waitTargetMin: alarmThresholdsOf(config).waitTargetMin,
      generatedAt: now,
      zoneIds: zoneIds === undefined ? null : [...zoneIds],
      total: this.#total.row(
        'hall',
        config.hall.name,
        config.hall.nameEn,
        daysOf(range.from, range.to),
      ),
      rows: keys.map((key) => {
        const { name, nameEn } = grouping.name(key);
        return (lines.get(key) ?? new Line()).row(key, name, nameEn, null);
      }),
    };
  }
}

/** Sends one scan to several builders (the monthly summary groups three ways at once). */
export function fanOut(sinks: readonly ReportSink[]): ReportSink {
  return {
    ticket: (fact) => {
      for (const sink of sinks) sink.ticket(fact);
    },
    rating: (fact, voided) => {
      for (const sink of sinks) sink.rating(fact, voided);
    },
  };
}

/**
 * Whether a configured group with no ticket still gets a (zero) line: zones and services
 * do (a quiet service is a figure too), within a zone lead's zones; windows and clerks only
 * when they had tickets, or a year by clerk would list every account ever made.
 */
function showsEmpty(
  by: ReportGrouping,
  key: string,
  zoneIds: readonly string[] | undefined,
  zoneOfService: ReadonlyMap<string, string>,
): boolean {
  if (by === 'zone') return zoneIds === undefined || zoneIds.includes(key);
  if (by === 'service') {
    const zone = zoneOfService.get(key);
    return zoneIds === undefined || (zone !== undefined && zoneIds.includes(zone));
  }
  return false;
}

function isRatingScore(score: string): score is RatingScore {
  return (RATING_SCORES as readonly string[]).includes(score);
}

/** Bad-rating work orders of a month (差评整改). */
export interface WorkOrderSummary {
  /** Work orders opened for the month's bad ratings. */
  readonly opened: number;
  /** With a callback that reached the visitor (已回访), and their share of opened. */
  readonly calledBack: number;
  readonly callbackRate: number | null;
  /** Appeals accepted (申诉成功): no rectification is due for them. */
  readonly appealAccepted: number;
  /** With a recorded rectification (已整改), and their share of opened − appealAccepted. */
  readonly rectified: number;
  readonly rectifyRate: number | null;
  readonly closed: number;
  /** Past a deadline now (逾期). */
  readonly overdue: number;
}

export function workOrderSummary(orders: readonly WorkOrder[], now: number): WorkOrderSummary {
  let calledBack = 0;
  let appealAccepted = 0;
  let rectified = 0;
  let closed = 0;
  let overdue = 0;
  for (const order of orders) {
    if (order.calledBackAt !== null) calledBack += 1;
    if (order.closure === 'appeal_accepted') appealAccepted += 1;
    else if (order.rectification !== null) rectified += 1;
    if (order.state === 'closed') closed += 1;
    if (workOrderOverdue(order, now) !== null) overdue += 1;
  }
  const opened = orders.length;
  const due = opened - appealAccepted;
  return {
    opened,
    calledBack,
    callbackRate: opened === 0 ? null : calledBack / opened,
    appealAccepted,
    rectified,
    rectifyRate: due === 0 ? null : rectified / due,
    closed,
    overdue,
  };
}

/** A zone's line of the monthly summary, with its window count. */
export interface MonthlyZoneRow extends ReportRow {
  readonly windows: number;
}

/** A service's line of the monthly summary, with its zone. */
export interface MonthlyServiceRow extends ReportRow {
  readonly zoneId: string | null;
  readonly zoneName: string;
}

/** The monthly report of one hall in the layout a centre sends up (统一情况汇总). */
export interface MonthlySummary {
  readonly month: string;
  readonly from: string;
  readonly to: string;
  readonly hall: { readonly name: string; readonly nameEn: string };
  readonly generatedAt: number;
  readonly waitTargetMin: number;
  readonly zoneIds: readonly string[] | null;
  readonly total: ReportRow;
  /** Windows set up (in the visible zones) and windows that served at least one ticket. */
  readonly windows: { readonly configured: number; readonly active: number };
  /** Served tickets that waited longer than the wait target (超时等候). */
  readonly overWait: number;
  readonly zones: readonly MonthlyZoneRow[];
  readonly services: readonly MonthlyServiceRow[];
  readonly workOrders: WorkOrderSummary;
}

/**
 * The monthly summary from three builders fed by one scan (by zone, by service, by window)
 * and the month's work orders.
 */
export function monthlySummaryOf(
  month: string,
  builders: {
    readonly zone: ReportBuilder;
    readonly service: ReportBuilder;
    readonly window: ReportBuilder;
  },
  config: HallConfig,
  zoneIds: readonly string[] | undefined,
  workOrders: readonly WorkOrder[],
  now: number,
): MonthlySummary {
  const byZone = builders.zone.finish();
  const byService = builders.service.finish();
  const byWindow = builders.window.finish();
  const zoneName = new Map<string, string>(config.zones.map((z) => [z.id, z.name]));
  const zoneOfService = new Map<string, string>(config.services.map((s) => [s.id, s.zoneId]));
  const visibleWindows = config.windows.filter(
    (w) => zoneIds === undefined || zoneIds.includes(w.zoneId),
  );
  const { total } = byZone;
  return {
    month,
    from: byZone.from,
    to: byZone.to,
    hall: { name: config.hall.name, nameEn: config.hall.nameEn },
    generatedAt: now,
    waitTargetMin: byZone.waitTargetMin,
    zoneIds: byZone.zoneIds,
    total,
    windows: {
      configured: visibleWindows.length,
      active: byWindow.rows.filter((r) => r.key !== '' && r.served > 0).length,
    },
    overWait: total.served - total.withinTarget,
    zones: byZone.rows.map((row) => ({
      ...row,
      windows: visibleWindows.filter((w) => w.zoneId === row.key).length,
    })),
    services: byService.rows.map((row) => {
      const zoneId = zoneOfService.get(row.key) ?? null;
      return { ...row, zoneId, zoneName: zoneId === null ? '' : (zoneName.get(zoneId) ?? zoneId) };
    }),
    workOrders: workOrderSummary(workOrders, now),
  };
}
