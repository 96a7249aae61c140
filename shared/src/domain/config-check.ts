/**
 * Consistency check of a hall configuration. Pure. The server refuses to load a configuration
 * with problems; the messages are for the administrator who wrote it (English, one line each,
 * naming the offending item).
 */
import type { HallConfig, TimeRange } from './model.ts';
import { DISPATCH_POLICIES, WINDOW_KINDS } from './model.ts';
import { isLocalDate, isLocalTime, parseLocalTime } from './time.ts';

const ZONE_ID_PATTERN = /^[A-Z]$/;
const PREFIX_PATTERN = /^[A-Z]{1,2}$/;

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const repeated = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

function isNonNegativeInteger(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

function isPositiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/** @returns true when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Problems of a list of opening hours: malformed times, open ≥ close, overlaps. */
function checkRanges(ranges: readonly TimeRange[], where: string): string[] {
  const problems: string[] = [];
  const valid: { open: number; close: number }[] = [];
  for (const range of ranges) {
    if (!isLocalTime(range.open) || range.open === '24:00') {
      problems.push(`${where}: opening time "${range.open}" is not HH:MM (00:00–23:59)`);
    } else if (!isLocalTime(range.close)) {
      problems.push(`${where}: closing time "${range.close}" is not HH:MM (00:00–24:00)`);
    } else if (parseLocalTime(range.open) >= parseLocalTime(range.close)) {
      problems.push(`${where}: ${range.open}–${range.close} does not open before it closes`);
    } else {
      valid.push({ open: parseLocalTime(range.open), close: parseLocalTime(range.close) });
    }
  }
  valid.sort((a, b) => a.open - b.open);
  for (let i = 1; i < valid.length; i++) {
    const previous = valid[i - 1];
    const current = valid[i];
    if (previous !== undefined && current !== undefined && current.open < previous.close) {
      problems.push(`${where}: opening hours overlap`);
      break;
    }
  }
  return problems;
}

function checkHallAndCalendar(config: HallConfig): string[] {
  const problems: string[] = [];
  const { hall, calendar } = config;
  if (hall.id.trim() === '') problems.push('hall: id is empty');
  if (hall.name.trim() === '') problems.push('hall: name is empty');
  if (!isTimeZone(hall.timeZone)) {
    problems.push(`hall: "${hall.timeZone}" is not a known IANA time zone`);
  }
  if (!isLocalTime(hall.dayCloseTime) || hall.dayCloseTime === '24:00') {
    problems.push(`hall: day close time "${hall.dayCloseTime}" is not HH:MM (00:00–23:59)`);
  }

  for (const day of calendar.workingDays) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      problems.push(`calendar: working day ${day} is not an ISO weekday 1–7`);
    }
  }
  for (const day of duplicates(calendar.workingDays)) {
    problems.push(`calendar: working day ${day} is listed twice`);
  }
  problems.push(...checkRanges(calendar.hours, 'calendar hours'));
  problems.push(...checkRanges(calendar.saturdayHours, 'calendar Saturday hours'));
  for (const [list, name] of [
    [calendar.holidays, 'holiday'],
    [calendar.extraWorkingDays, 'extra working day'],
  ] as const) {
    for (const date of list) {
      if (!isLocalDate(date)) problems.push(`calendar: ${name} "${date}" is not YYYY-MM-DD`);
    }
    for (const date of duplicates(list)) problems.push(`calendar: ${name} ${date} is listed twice`);
  }
  for (const date of calendar.extraWorkingDays) {
    if (calendar.holidays.includes(date)) {
      problems.push(`calendar: ${date} is both a holiday and an extra working day`);
    }
  }
  if (!calendar.alwaysOpen && calendar.workingDays.length > 0 && calendar.hours.length === 0) {
    problems.push('calendar: working days but no opening hours');
  }
  return problems;
}

function checkLayout(config: HallConfig): string[] {
  const problems: string[] = [];
  const floorIds = new Set(config.floors.map((f) => f.id));
  const zoneIds = new Set(config.zones.map((z) => z.id));

  for (const id of duplicates(config.floors.map((f) => f.id))) {
    problems.push(`floor ${id}: id is used twice`);
  }
  for (const floor of config.floors) {
    if (!Number.isInteger(floor.id)) problems.push(`floor ${floor.id}: id is not an integer`);
  }
  for (const id of duplicates(config.zones.map((z) => z.id))) {
    problems.push(`zone ${id}: id is used twice`);
  }
  for (const zone of config.zones) {
    if (!ZONE_ID_PATTERN.test(zone.id)) problems.push(`zone "${zone.id}": id is not a letter A–Z`);
    if (!floorIds.has(zone.floorId)) {
      problems.push(`zone ${zone.id}: floor ${zone.floorId} does not exist`);
    }
  }
  for (const id of duplicates(config.windows.map((w) => w.id))) {
    problems.push(`window ${id}: id is used twice`);
  }
  for (const window of config.windows) {
    if (!isPositiveInteger(window.id)) {
      problems.push(`window ${window.id}: id is not a positive integer`);
    }
    if (!zoneIds.has(window.zoneId)) {
      problems.push(`window ${window.id}: zone ${window.zoneId} does not exist`);
    }
    if (!WINDOW_KINDS.includes(window.kind)) {
      problems.push(`window ${window.id}: unknown kind "${window.kind}"`);
    }
    if (window.dispatchPolicy !== null && !DISPATCH_POLICIES.includes(window.dispatchPolicy)) {
      problems.push(`window ${window.id}: unknown dispatch policy "${window.dispatchPolicy}"`);
    }
  }
  return problems;
}

function checkServices(config: HallConfig): string[] {
  const problems: string[] = [];
  const zoneIds = new Set(config.zones.map((z) => z.id));

  for (const id of duplicates(config.services.map((s) => s.id))) {
    problems.push(`service ${id}: id is used twice`);
  }
  for (const prefix of duplicates(config.services.map((s) => s.prefix))) {
    problems.push(`prefix ${prefix}: used by more than one service`);
  }
  for (const s of config.services) {
    const where = `service ${s.id}`;
    if (s.id.trim() === '') problems.push('service: id is empty');
    if (!PREFIX_PATTERN.test(s.prefix)) {
      problems.push(`${where}: prefix "${s.prefix}" is not 1–2 letters A–Z`);
    }
    if (!zoneIds.has(s.zoneId)) problems.push(`${where}: zone ${s.zoneId} does not exist`);
    problems.push(...checkRanges(s.hours, `${where} hours`));
    if (s.lastTicketTime !== null && !isLocalTime(s.lastTicketTime)) {
      problems.push(`${where}: last ticket time "${s.lastTicketTime}" is not HH:MM`);
    }
    if (s.dailyQuota !== null && !isPositiveInteger(s.dailyQuota)) {
      problems.push(`${where}: daily quota ${s.dailyQuota} is not a positive integer`);
    }
    if (s.quotaWarning !== null) {
      if (s.dailyQuota === null) {
        problems.push(`${where}: quota warning without a daily quota`);
      } else if (!isNonNegativeInteger(s.quotaWarning) || s.quotaWarning > s.dailyQuota) {
        problems.push(`${where}: quota warning ${s.quotaWarning} is not within 0–${s.dailyQuota}`);
      }
    }
    if (s.perPersonDailyLimit !== null && !isPositiveInteger(s.perPersonDailyLimit)) {
      problems.push(
        `${where}: per-person daily limit ${s.perPersonDailyLimit} is not a positive integer`,
      );
    }
    if (!Number.isFinite(s.expectedHandlingMin) || s.expectedHandlingMin <= 0) {
      problems.push(`${where}: expected handling time ${s.expectedHandlingMin} is not positive`);
    }
    if (s.materialsEn.length > 0 && s.materialsEn.length !== s.materials.length) {
      problems.push(`${where}: materials and their English translation differ in length`);
    }
  }
  return problems;
}

function checkAssignments(config: HallConfig): string[] {
  const problems: string[] = [];
  const windowIds = new Set(config.windows.map((w) => w.id));
  const serviceIds = new Set(config.services.map((s) => s.id));
  const pairs = new Set<string>();

  for (const a of config.assignments) {
    const where = `assignment window ${a.windowId} → service ${a.serviceId}`;
    if (!windowIds.has(a.windowId)) problems.push(`${where}: window does not exist`);
    if (!serviceIds.has(a.serviceId)) problems.push(`${where}: service does not exist`);
    // Configurations come from files: check the unions at run time too.
    const role: string = a.role;
    if (role !== 'primary' && role !== 'secondary') {
      problems.push(`${where}: unknown role "${role}"`);
    }
    if (!Number.isFinite(a.weight) || a.weight <= 0) {
      problems.push(`${where}: weight ${a.weight} is not positive`);
    }
    const key = `${a.windowId}\u0000${a.serviceId}`;
    if (pairs.has(key)) problems.push(`${where}: assigned twice`);
    pairs.add(key);
  }
  const withPrimary = new Set(
    config.assignments.filter((a) => a.role === 'primary').map((a) => a.serviceId),
  );
  for (const s of config.services) {
    if (!withPrimary.has(s.id)) problems.push(`service ${s.id}: no primary window`);
  }
  return problems;
}

function checkPolicies(config: HallConfig): string[] {
  const problems: string[] = [];
  const p = config.policies;
  if (!DISPATCH_POLICIES.includes(p.dispatch)) {
    problems.push(`policies: unknown dispatch policy "${p.dispatch}"`);
  }
  const dayClose: string = p.dayClose;
  if (dayClose !== 'cancel' && dayClose !== 'no_show') {
    problems.push(`policies: unknown day-close policy "${dayClose}"`);
  }
  const counts = {
    priorityInterleave: p.priorityInterleave,
    recallLimit: p.recallLimit,
    recallMinGapSec: p.recallMinGapSec,
    noShowReactivateMin: p.noShowReactivateMin,
    noShowReinsertPosition: p.noShowReinsertPosition,
    ratingWindowSec: p.ratingWindowSec,
  };
  for (const [name, value] of Object.entries(counts)) {
    if (!isNonNegativeInteger(value)) {
      problems.push(`policies: ${name} ${value} is not a non-negative integer`);
    }
  }
  return problems;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function checkVoice(config: HallConfig): string[] {
  const v = config.voice;
  if (v === undefined) return [];
  const problems: string[] = [];
  if (v.mode !== undefined && !['clips', 'webspeech', 'off'].includes(v.mode)) {
    problems.push(`voice: unknown mode "${v.mode}"`);
  }
  if (v.pack !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(v.pack)) {
    problems.push(`voice: pack "${v.pack}" is not a folder name (letters, digits, - and _)`);
  }
  for (const lang of (v.languages ?? []) as readonly string[]) {
    if (lang !== 'zh-CN' && lang !== 'en') problems.push(`voice: unknown language "${lang}"`);
  }
  if (v.languages !== undefined && v.languages.length === 0) {
    problems.push('voice: languages is empty');
  }
  if (v.repeat !== undefined && !(Number.isInteger(v.repeat) && v.repeat >= 1 && v.repeat <= 5)) {
    problems.push(`voice: repeat ${v.repeat} is not 1–5`);
  }
  for (const key of ['clipGapMs', 'repeatGapMs', 'staleAfterSec', 'captionHoldMs'] as const) {
    const value = v[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      problems.push(`voice: ${key} ${value} is not a non-negative number`);
    }
  }
  for (const period of v.volume ?? []) {
    if (!HHMM.test(period.from)) problems.push(`voice: volume period time "${period.from}"`);
    if (!(period.volume >= 0 && period.volume <= 1)) {
      problems.push(`voice: volume ${period.volume} at ${period.from} is not 0–1`);
    }
  }
  for (const q of v.quietHours ?? []) {
    if (!HHMM.test(q.from) || !HHMM.test(q.to)) {
      problems.push(`voice: quiet hours "${q.from}–${q.to}" are not HH:MM`);
    }
  }
  if (v.template !== undefined) {
    for (const [lang, text] of [
      ['zh', v.template.zh],
      ['en', v.template.en],
    ] as const) {
      if (!text.includes('{number}')) problems.push(`voice: ${lang} template has no {number}`);
      const unknown = [...text.matchAll(/\{([^}]*)\}/g)]
        .map((m) => m[1] ?? '')
        .filter((k) => !['number', 'window', 'zone', 'service', 'name'].includes(k));
      for (const k of unknown) problems.push(`voice: ${lang} template has unknown {${k}}`);
    }
  }
  return problems;
}

/**
 * Checks a hall configuration for consistency: unique ids and prefixes, references between
 * floors, zones, services, windows and assignments, every service reachable from a primary
 * window, well-formed times and dates, a known time zone, and policies and voice settings within
 * range.
 * @returns human-readable problems; empty when the configuration is valid
 */
export function checkConfig(config: HallConfig): readonly string[] {
  return [
    ...checkHallAndCalendar(config),
    ...checkLayout(config),
    ...checkServices(config),
    ...checkAssignments(config),
    ...checkPolicies(config),
    ...checkVoice(config),
  ];
}
