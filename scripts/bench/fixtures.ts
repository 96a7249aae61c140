/**
 * Data folders for the benchmark, written through the real store (`SqliteStore.commit`, the
 * same code and schema the server writes with), one durable transaction per business day or
 * per batch — far faster than thousands of commands, and the rows, the event log and the
 * counters are exactly what the server would have written for those tickets:
 *
 * - `buildHistory`: the demo hall with N historical tickets over the working days before
 *   today (one event per ticket — its last; a live log has ~4 — and the day's counters).
 *   Cached under `.tmp/bench/` keyed by schema version, fixture version and size.
 * - `seedToday`: M tickets of today into a data folder, most finished, some still waiting.
 *
 * Ticket times are drawn from a seeded PRNG (mulberry32), so the same size gives the same
 * folder.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import {
  addDays,
  businessDay,
  businessDayAt,
  isoWeekdayOf,
  localTimeToEpoch,
  makeTicketId,
  staffId,
  windowId,
  type BusinessDay,
  type DomainEvent,
  type HallConfig,
  type PriorityClass,
  type Service,
  type Ticket,
  type WindowId,
  type WindowState,
} from '@hallq/shared';
import { demoHallConfig } from '@hallq/shared/demo-hall';
import { makeTicket } from '../../shared/src/testing/factories.ts';
import { openSqliteStore } from '../../server/src/db/sqlite-store.ts';
import { LATEST_VERSION } from '../../server/src/db/migrations.ts';
import { demoClerkId, seedIfEmpty } from '../../server/src/seed.ts';
import type { HallStore } from '../../server/src/store.ts';

/** Raise when the generated tickets change, so cached folders are rebuilt. */
export const FIXTURE_VERSION = 1;

/** The bench's "now": Tuesday 2026-11-24 15:00 in Asia/Shanghai (UTC+8). */
export const BENCH_NOW = Date.UTC(2026, 10, 24, 7, 0);

/** A seeded PRNG (mulberry32): uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A lognormal draw with the given mean and log-space sigma. */
function lognormal(rng: () => number, mean: number, sigma: number): number {
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * normal);
}

const PRIORITIES: readonly (readonly [PriorityClass, number])[] = [
  ['elderly', 0.08],
  ['disabled', 0.02],
  ['pregnant', 0.01],
  ['military', 0.01],
  ['appointment', 0.05],
];

function drawPriority(rng: () => number): PriorityClass {
  let x = rng();
  for (const [priority, share] of PRIORITIES) {
    if (x < share) return priority;
    x -= share;
  }
  return 'normal';
}

interface HallFacts {
  readonly config: HallConfig;
  /** Services that may take any number of tickets a day (no daily quota). */
  readonly services: readonly Service[];
  readonly windowsOf: ReadonlyMap<string, readonly WindowId[]>;
}

function hallFacts(config: HallConfig): HallFacts {
  const windowsOf = new Map<string, WindowId[]>();
  for (const a of config.assignments) {
    const list = windowsOf.get(a.serviceId) ?? [];
    list.push(a.windowId);
    windowsOf.set(a.serviceId, list);
  }
  return {
    config,
    services: config.services.filter((s) => s.dailyQuota === null && windowsOf.has(s.id)),
    windowsOf,
  };
}

function pick<T>(rng: () => number, list: readonly T[]): T {
  const item = list[Math.floor(rng() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

type Outcome = 'done' | 'no_show' | 'cancelled' | 'waiting';

interface DayPlan {
  readonly day: BusinessDay;
  readonly count: number;
  /** Local opening time of the issue span and its length in minutes. */
  readonly from: string;
  readonly spanMin: number;
  /** How many of the day's tickets (the latest ones) are still waiting. */
  readonly waiting: number;
}

interface DayBatch {
  readonly tickets: Ticket[];
  readonly events: DomainEvent[];
  readonly counters: Map<string, number>;
}

/** The tickets of one business day in their final state, with the event that left them so. */
function generateDay(facts: HallFacts, plan: DayPlan, rng: () => number): DayBatch {
  const { config } = facts;
  const zone = config.hall.timeZone;
  const open = localTimeToEpoch(plan.day, plan.from, zone);
  const issuedTimes = Array.from(
    { length: plan.count },
    () => open + Math.floor(rng() * plan.spanMin * 60_000),
  ).sort((a, b) => a - b);
  const counters = new Map<string, number>();
  const tickets: Ticket[] = [];
  const events: DomainEvent[] = [];
  issuedTimes.forEach((issuedAt, i) => {
    const service = pick(rng, facts.services);
    const seq = (counters.get(service.prefix) ?? 0) + 1;
    counters.set(service.prefix, seq);
    const number = `${service.prefix}${String(seq).padStart(3, '0')}`;
    const roll = rng();
    const outcome: Outcome =
      i >= plan.count - plan.waiting
        ? 'waiting'
        : roll < 0.88
          ? 'done'
          : roll < 0.94
            ? 'no_show'
            : 'cancelled';
    const base: Ticket = makeTicket({
      id: makeTicketId(plan.day, number),
      number,
      businessDay: plan.day,
      seq,
      serviceId: service.id,
      priority: drawPriority(rng),
      issuedAt,
      queuedAt: issuedAt,
      sortKey: issuedAt,
    });
    if (outcome === 'waiting') {
      tickets.push(base);
      events.push({ type: 'ticket.issued', at: issuedAt, ticket: base });
      return;
    }
    if (outcome === 'cancelled') {
      const at = issuedAt + Math.floor(lognormal(rng, 20 * 60_000, 0.8));
      const ticket: Ticket = {
        ...base,
        state: 'cancelled',
        finishedAt: at,
        closedReason: 'visitor',
      };
      tickets.push(ticket);
      events.push({ type: 'ticket.cancelled', at, ticket, window: null });
      return;
    }
    const win = pick(rng, facts.windowsOf.get(service.id) ?? []);
    const clerk = staffId(demoClerkId(win));
    const calledAt = issuedAt + Math.floor(lognormal(rng, 12 * 60_000, 0.9));
    const called: Ticket = {
      ...base,
      windowId: windowId(win),
      staffId: clerk,
      calledAt,
      lastCalledAt: calledAt,
    };
    const idle = (since: number): WindowState => ({
      windowId: windowId(win),
      state: 'idle',
      since,
      staffId: clerk,
      pauseReason: null,
      currentTicketId: null,
      priorityStreak: 0,
    });
    if (outcome === 'no_show') {
      const at = calledAt + 3 * 30_000;
      const ticket: Ticket = {
        ...called,
        state: 'no_show',
        recallCount: 3,
        lastCalledAt: at - 30_000,
        finishedAt: at,
        closedReason: 'recall_limit',
      };
      tickets.push(ticket);
      events.push({ type: 'ticket.noShow', at, ticket, window: idle(at) });
      return;
    }
    const startedAt = calledAt + 10_000 + Math.floor(rng() * 50_000);
    const handlingMs = Math.floor(lognormal(rng, service.expectedHandlingMin * 60_000, 0.5));
    const finishedAt = startedAt + handlingMs;
    const ticket: Ticket = { ...called, state: 'done', startedAt, finishedAt };
    tickets.push(ticket);
    events.push({
      type: 'ticket.completed',
      at: finishedAt,
      ticket,
      window: idle(finishedAt),
      handlingMs,
    });
  });
  return { tickets, events, counters };
}

/** Writes one day's batch through the store, in `chunk`-ticket durable transactions. */
async function commitDay(store: HallStore, day: BusinessDay, batch: DayBatch, chunk: number) {
  for (let from = 0; from < batch.tickets.length; from += chunk) {
    const last = from + chunk >= batch.tickets.length;
    await store.commit({
      businessDay: day,
      actor: 'system',
      events: batch.events.slice(from, from + chunk),
      tickets: batch.tickets.slice(from, from + chunk),
      windows: [],
      // Counters once, with the day's final values.
      counters: last ? [...batch.counters].map(([prefix, n]) => ({ prefix, last: n })) : [],
      idempotency: null,
      audit: {
        at: BENCH_NOW,
        actor: 'system',
        command: 'bench.fixture',
        payload: { day, tickets: Math.min(chunk, batch.tickets.length - from) },
        outcome: 'ok',
      },
      newBusinessDay: null,
      config: null,
    });
  }
}

/** The working days (Monday–Friday, minus the calendar's holidays) before `today`. */
function workingDaysBefore(config: HallConfig, today: BusinessDay, count: number): BusinessDay[] {
  const holidays = new Set(config.calendar.holidays);
  const extra = new Set(config.calendar.extraWorkingDays);
  const days: BusinessDay[] = [];
  for (let date = addDays(today, -1); days.length < count; date = addDays(date, -1)) {
    const weekday = isoWeekdayOf(date);
    const works = extra.has(date) || (weekday <= 5 && !holidays.has(date));
    if (works) days.push(businessDay(date));
  }
  return days.reverse();
}

export interface HistoryInfo {
  readonly file: string;
  readonly tickets: number;
  readonly days: number;
  readonly firstDay: BusinessDay;
  readonly lastDay: BusinessDay;
  /** Whether it came from the cache. */
  readonly cached: boolean;
  readonly buildMs: number;
}

/** Tickets per working day of the history (a busy county hall). */
const HISTORY_PER_DAY = 2100;

/**
 * A data folder's database (demo hall seeded, today = the bench day, no ticket today) with
 * `tickets` historical tickets, ~{@link HISTORY_PER_DAY} per working day before today.
 * Returns the cached file when one of this schema and size exists.
 */
export async function buildHistory(cacheDir: string, tickets: number): Promise<HistoryInfo> {
  const config = demoHallConfig();
  const today = businessDayAt(BENCH_NOW, config.hall);
  const dayCount = Math.max(1, Math.ceil(tickets / HISTORY_PER_DAY));
  const days = workingDaysBefore(config, today, dayCount);
  const firstDay = days[0] ?? today;
  const lastDay = days[days.length - 1] ?? today;
  const name = `history-s${LATEST_VERSION}-f${FIXTURE_VERSION}-${tickets}.db`;
  const file = join(cacheDir, name);
  const info = { file, tickets, days: days.length, firstDay, lastDay };
  if (existsSync(file)) return { ...info, cached: true, buildMs: 0 };

  mkdirSync(cacheDir, { recursive: true });
  const partial = join(cacheDir, `${name}.partial`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  const started = performance.now();
  const store = await openSqliteStore({ file: partial });
  try {
    await seedIfEmpty(store, BENCH_NOW, config);
    const facts = hallFacts(config);
    const rng = mulberry32(20261124);
    // Per-day counts vary ±20 % and add up to exactly `tickets`.
    const weights = days.map(() => 0.8 + 0.4 * rng());
    const total = weights.reduce((sum, w) => sum + w, 0);
    let left = tickets;
    for (let i = 0; i < days.length; i += 1) {
      const day = days[i];
      if (day === undefined) continue;
      const count =
        i === days.length - 1
          ? left
          : Math.min(left, Math.round((tickets * (weights[i] ?? 1)) / total));
      left -= count;
      if (count <= 0) continue;
      const batch = generateDay(
        facts,
        { day, count, from: '09:00', spanMin: 450, waiting: 0 },
        rng,
      );
      await commitDay(store, day, batch, 5000);
    }
  } finally {
    await store.close();
  }
  // Fold the WAL into the file so the cached database is one self-contained file.
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(partial);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, file);
  for (const suffix of ['-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  return { ...info, cached: false, buildMs: performance.now() - started };
}

export interface TodayInfo {
  readonly tickets: number;
  readonly waiting: number;
  readonly writeMs: number;
}

/**
 * Seeds a fresh data folder (the demo hall) with `tickets` tickets of today issued since
 * 09:00: the last `waiting` still wait (in zone A's services first, so window 1 has work),
 * the rest finished. Written through the store in 5,000-ticket transactions.
 */
export async function seedToday(
  dataDir: string,
  tickets: number,
  waiting: number,
): Promise<TodayInfo> {
  const config = demoHallConfig();
  const today = businessDayAt(BENCH_NOW, config.hall);
  mkdirSync(dataDir, { recursive: true });
  const started = performance.now();
  const store = await openSqliteStore({ file: join(dataDir, 'hallq.db') });
  try {
    await seedIfEmpty(store, BENCH_NOW, config);
    const facts = hallFacts(config);
    const rng = mulberry32(7);
    const finished = generateDay(
      facts,
      { day: today, count: tickets - waiting, from: '09:00', spanMin: 240, waiting: 0 },
      rng,
    );
    // The waiting ones come after 13:00, numbered on from the finished ones.
    const zoneA = { ...facts, services: facts.services.filter((s) => s.zoneId === 'A') };
    const open = generateDay(
      zoneA,
      { day: today, count: waiting, from: '13:00', spanMin: 110, waiting },
      rng,
    );
    const counters = new Map(finished.counters);
    const renumbered = open.tickets.map((t) => {
      const prefix = t.number.replace(/\d+$/, '');
      const seq = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, seq);
      const number = `${prefix}${String(seq).padStart(3, '0')}`;
      return { ...t, seq, number, id: makeTicketId(today, number) };
    });
    const batch: DayBatch = {
      tickets: [...finished.tickets, ...renumbered],
      events: [
        ...finished.events,
        ...renumbered.map((ticket): DomainEvent => ({
          type: 'ticket.issued',
          at: ticket.issuedAt,
          ticket,
        })),
      ],
      counters,
    };
    await commitDay(store, today, batch, 5000);
  } finally {
    await store.close();
  }
  return { tickets, waiting, writeMs: performance.now() - started };
}

/** A silent logger for servers the bench starts. */
export const silentLogger = pino({ level: 'silent' });
