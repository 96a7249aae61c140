/**
 * Hall time zone and working calendar. Pure: the current time is always a parameter
 * (`now`, ms since epoch) and every local wall time is computed with `Intl.DateTimeFormat`
 * in the hall's zone, so the result never depends on the machine's own time zone.
 */
import type { BusinessDay } from './ids.ts';
import { businessDay } from './ids.ts';
import type { Calendar, Hall, HallConfig, LocalTime, Service, TimeRange } from './model.ts';

/** Local calendar date and wall time of an instant in a time zone. */
export interface LocalParts {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** `HH:MM`, 24 h. */
  readonly time: string;
  /** Minutes since local midnight (0…1439). */
  readonly minutes: number;
  /** 1 = Monday … 7 = Sunday. */
  readonly isoWeekday: number;
}

/** Why a service does not issue tickets right now. */
export type ClosedReason =
  'closed_day' | 'before_hours' | 'between_hours' | 'after_hours' | 'after_last_ticket';

/** Whether a service issues tickets at an instant, and if not, why and when it opens. */
export type ServiceOpenness =
  | { readonly open: true }
  | {
      readonly open: false;
      readonly reason: ClosedReason;
      /** Next local `HH:MM` today at which a ticket can be taken, if any. */
      readonly opensAt: LocalTime | null;
    };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** Hours shown for an always-open calendar. */
const ALL_DAY: readonly TimeRange[] = [{ open: '00:00', close: '24:00' }];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

type WallField = keyof WallClock;
const WALL_FIELDS: readonly string[] = ['year', 'month', 'day', 'hour', 'minute', 'second'];

function isWallField(type: string): type is WallField {
  return WALL_FIELDS.includes(type);
}

function wallClock(now: number, timeZone: string): WallClock {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(now)) {
    if (isWallField(part.type)) fields[part.type] = Number(part.value);
  }
  return fields;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date `YYYY-MM-DD` that is `days` days after 1970-01-01 (Hinnant's civil_from_days). */
function civilFromDays(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; throws on a malformed date. */
function dateToDays(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (match === null) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** @returns true when `date` is a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(date: string): boolean {
  return DATE_PATTERN.test(date) && civilFromDays(dateToDays(date)) === date;
}

/** @returns the date `days` calendar days after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return civilFromDays(dateToDays(date) + days);
}

/** @returns the ISO weekday of a `YYYY-MM-DD` date: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(date: string): number {
  return isoWeekdayFromDays(dateToDays(date));
}

function isoWeekdayFromDays(days: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const w = wallClock(whole, timeZone);
  const asUtc =
    daysFromCivil(w.year, w.month, w.day) * DAY_MS +
    ((w.hour * 60 + w.minute) * 60 + w.second) * 1000;
  return asUtc - whole;
}

/**
 * Local date and wall time of an instant in a time zone.
 * @param now ms since epoch
 * @param timeZone IANA zone, e.g. `Asia/Shanghai`
 */
export function localParts(now: number, timeZone: string): LocalParts {
  const w = wallClock(now, timeZone);
  const days = daysFromCivil(w.year, w.month, w.day);
  return {
    date: civilFromDays(days),
    time: `${pad2(w.hour)}:${pad2(w.minute)}`,
    minutes: w.hour * 60 + w.minute,
    isoWeekday: isoWeekdayFromDays(days),
  };
}

const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/** @returns true for `HH:MM` from 00:00 to 23:59, and `24:00` (a closing time). */
export function isLocalTime(t: string): boolean {
  const match = TIME_PATTERN.exec(t);
  if (match === null) return false;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 24) return minutes === 0;
  return hours < 24 && minutes < 60;
}

/** @returns minutes since midnight of an `HH:MM` time (`24:00` is 1440); throws if malformed. */
export function parseLocalTime(t: string): number {
  if (!isLocalTime(t)) throw new RangeError(`Not an HH:MM time: ${t}`);
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

/** @returns `HH:MM` for minutes since midnight (0…1440). */
export function formatLocalTime(minutes: number): LocalTime {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/**
 * The instant at which the wall clock of a zone shows `time` on `date`.
 *
 * Like Temporal's `compatible` disambiguation: a wall time skipped by a DST jump (spring
 * forward) maps to the instant the same number of minutes after the jump; a wall time that
 * occurs twice (fall back) maps to its first occurrence.
 */
export function localTimeToEpoch(date: string, time: LocalTime, timeZone: string): number {
  const wall = dateToDays(date) * DAY_MS + parseLocalTime(time) * MINUTE_MS;
  const before = offsetAt(wall - DAY_MS / 2, timeZone);
  const after = offsetAt(wall + DAY_MS / 2, timeZone);
  const candidates = [wall - before, wall - after].filter(
    (instant) => wall - offsetAt(instant, timeZone) === instant,
  );
  if (candidates.length === 0) return wall - before; // in a gap: shift forward by the jump
  return Math.min(...candidates);
}

/** The instant at which the business day that starts on `date` ends (next day's close time). */
function closeOf(date: string, hall: Hall): number {
  return localTimeToEpoch(addDays(date, 1), hall.dayCloseTime, hall.timeZone);
}

/**
 * The business day an instant belongs to. The business day closes at `hall.dayCloseTime`
 * local time: with `02:00`, local 01:30 on the 25th still belongs to the 24th; with `00:00`
 * the business day is the local date. Boundaries are instants, so the day never goes back
 * when a DST fall-back repeats the close time.
 */
export function businessDayAt(now: number, hall: Hall): BusinessDay {
  const today = localParts(now, hall.timeZone).date;
  const yesterday = addDays(today, -1);
  return businessDay(now < closeOf(yesterday, hall) ? yesterday : today);
}

/** @returns ms since epoch of the next business-day close strictly after `now`. */
export function nextDayCloseAt(now: number, hall: Hall): number {
  return closeOf(businessDayAt(now, hall), hall);
}

function intersect(a: readonly TimeRange[], b: readonly TimeRange[]): TimeRange[] {
  const out: TimeRange[] = [];
  for (const x of a) {
    for (const y of b) {
      const open = Math.max(parseLocalTime(x.open), parseLocalTime(y.open));
      const close = Math.min(parseLocalTime(x.close), parseLocalTime(y.close));
      if (open < close) out.push({ open: formatLocalTime(open), close: formatLocalTime(close) });
    }
  }
  return out;
}

function byOpen(ranges: readonly TimeRange[]): TimeRange[] {
  return [...ranges].sort((a, b) => parseLocalTime(a.open) - parseLocalTime(b.open));
}

/** @returns whether the calendar works on `date`: a regular day, a 5+X Saturday, or closed. */
function dayKind(calendar: Calendar, date: string): 'regular' | 'saturday' | 'closed' {
  if (calendar.holidays.includes(date)) return 'closed';
  if (calendar.extraWorkingDays.includes(date)) return 'regular';
  const weekday = isoWeekdayOf(date);
  if (calendar.workingDays.includes(weekday)) return 'regular';
  if (weekday === 6 && calendar.saturdayHours.length > 0) return 'saturday';
  return 'closed';
}

/**
 * Opening hours of a service on a local date, sorted by opening time.
 *
 * - Always-open calendar: the whole day (`00:00`–`24:00`).
 * - Holiday, or a weekday the hall does not work (and not an adjusted working day 调休): none.
 * - 5+X Saturday (Saturday not in `workingDays`): `calendar.saturdayHours`, clipped to the
 *   service's own hours when it has any.
 * - Otherwise the service's own hours, or the calendar's hours when it has none.
 */
export function hoursOn(config: HallConfig, service: Service, date: string): readonly TimeRange[] {
  const { calendar } = config;
  if (calendar.alwaysOpen) return ALL_DAY;
  switch (dayKind(calendar, date)) {
    case 'closed':
      return [];
    case 'saturday':
      return byOpen(
        service.hours.length > 0
          ? intersect(calendar.saturdayHours, service.hours)
          : calendar.saturdayHours,
      );
    case 'regular':
      return byOpen(service.hours.length > 0 ? service.hours : calendar.hours);
  }
}

/**
 * Whether a service issues tickets at `now` (hall-local wall time on the local date).
 * No ticket is issued at or after `service.lastTicketTime`, unless the calendar is always
 * open. When closed, `opensAt` is the next local time today at which a ticket can be taken.
 */
export function serviceOpenAt(config: HallConfig, service: Service, now: number): ServiceOpenness {
  if (config.calendar.alwaysOpen) return { open: true };
  const { date, minutes } = localParts(now, config.hall.timeZone);
  const ranges = hoursOn(config, service, date);
  if (ranges.length === 0) return { open: false, reason: 'closed_day', opensAt: null };
  const lastTicket =
    service.lastTicketTime === null ? DAY_MINUTES : parseLocalTime(service.lastTicketTime);
  const lastClose = Math.max(...ranges.map((r) => parseLocalTime(r.close)));
  if (minutes >= lastClose) return { open: false, reason: 'after_hours', opensAt: null };
  if (minutes >= lastTicket) return { open: false, reason: 'after_last_ticket', opensAt: null };
  if (ranges.some((r) => parseLocalTime(r.open) <= minutes && minutes < parseLocalTime(r.close))) {
    return { open: true };
  }
  const next = ranges.find((r) => parseLocalTime(r.open) > minutes);
  const opensAt = next !== undefined && parseLocalTime(next.open) < lastTicket ? next.open : null;
  const first = ranges[0];
  const reason =
    first !== undefined && minutes < parseLocalTime(first.open) ? 'before_hours' : 'between_hours';
  return { open: false, reason, opensAt };
}
