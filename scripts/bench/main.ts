/**
 * `npm run bench [-- --quick | --smoke] [--json FILE] [--cache-dir DIR] [--keep]`
 *   (development: `--phases A,B,C`, `--history N`, `--cpu-prof DIR`)
 *
 * Measures the hall server against raw floors measured in the same run, on the same machine,
 * with the same settings, and prints one table (figure, floor, ratio); `--json` writes the
 * figures (numbers; ms unless named otherwise). See docs/performance.md, "Benchmarks".
 *
 * Processes. Every server — the real one (`startHallServer`, demo hall, a temp data folder)
 * and the bare floors (a Socket.IO server with the same options, single-row better-sqlite3
 * transactions with WAL + synchronous=FULL) — runs in a child process (`child.ts`); the
 * clients (socket.io-client, and the real `HallClient` of the screens and counters for the
 * reconnect figure) run here; the fan-out's screens run in worker threads, one per core
 * (`screens-worker.ts`), because on one thread the clients' own decoding became the
 * bottleneck. Real and floor samples are taken in alternating blocks, so a change in machine
 * load hits both.
 *
 * Phases:
 *   A  a fresh hall: call-next and a snapshot on a small day, fan-out to N screens, issue
 *      latency, 8-kiosk throughput (and `store.commit` alone) — each next to its floor;
 *   B  a hall with M tickets today (written through the store): call-next, issue and a
 *      snapshot at that size, pure `pickNext` time, R real hall clients → server RSS, then a server
 *      restart → until every client has resynced;
 *   C  a data folder with H historical tickets (cached in .tmp/bench/): start-up time (and
 *      an empty hall's), the month report (and without its index), and the admin period
 *      reports for a day, a month and a year by zone and by clerk next to a bare scan.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { addDays, type Ack, type CommandReply } from '@hallq/shared';
import { demoHallConfig } from '@hallq/shared/demo-hall';
import { HallClient } from '../../shared/src/client/hall-client.ts';
import { openSqliteStore } from '../../server/src/db/sqlite-store.ts';
import { seedIfEmpty } from '../../server/src/seed.ts';
import { ReportBuilder, monthRangeOf } from '../../server/src/report-figures.ts';
import type { PeriodRange } from '../../shared/src/protocol/reports.ts';
import {
  clockMs,
  profileChildren,
  spawnChild,
  type Child,
  type Kind,
  type WorkerReply,
  type WorkerRequest,
} from './control.ts';
import { BENCH_NOW, buildHistory, seedToday } from './fixtures.ts';
import { REQUIRED_KEYS } from './keys.ts';

import { median, percentile, round } from './stats.ts';

interface Settings {
  readonly mode: 'full' | 'quick' | 'smoke';
  /** Issue round trips measured (each for the real server and both floors). */
  readonly issueSamples: number;
  readonly fanoutClients: number;
  readonly fanoutRounds: number;
  readonly throughputMs: number;
  readonly kiosks: number;
  readonly todayTickets: number;
  readonly todayWaiting: number;
  readonly callnextSamples: number;
  readonly reconnectClients: number;
  readonly historyTickets: number;
  readonly startupRuns: number;
  readonly reportRuns: number;
}

const SETTINGS: Readonly<Record<Settings['mode'], Settings>> = {
  full: {
    mode: 'full',
    issueSamples: 2000,
    fanoutClients: 300,
    fanoutRounds: 200,
    throughputMs: 20_000,
    kiosks: 8,
    todayTickets: 50_000,
    todayWaiting: 600,
    callnextSamples: 200,
    reconnectClients: 500,
    historyTickets: 1_000_000,
    startupRuns: 3,
    reportRuns: 5,
  },
  quick: {
    mode: 'quick',
    issueSamples: 300,
    fanoutClients: 300,
    fanoutRounds: 40,
    throughputMs: 4000,
    kiosks: 8,
    todayTickets: 10_000,
    todayWaiting: 300,
    callnextSamples: 50,
    reconnectClients: 200,
    historyTickets: 50_000,
    startupRuns: 1,
    reportRuns: 3,
  },
  smoke: {
    mode: 'smoke',
    issueSamples: 20,
    fanoutClients: 10,
    fanoutRounds: 4,
    throughputMs: 500,
    kiosks: 8,
    todayTickets: 1000,
    todayWaiting: 60,
    callnextSamples: 10,
    reconnectClients: 10,
    historyTickets: 2000,
    startupRuns: 1,
    reportRuns: 1,
  },
};

type Figures = Record<string, number>;

const clockOffset = BENCH_NOW - Date.now();
const now = (): number => performance.now();

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------
// Clients.

type RawSocket = Socket;

function connect(url: string, token?: string): Promise<RawSocket> {
  const socket = io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

async function ask<T>(socket: RawSocket, event: string, payload: unknown): Promise<T> {
  return (await socket.timeout(30_000).emitWithAck(event, payload)) as T;
}

async function command(socket: RawSocket, event: string, payload: object): Promise<CommandReply> {
  const ack = await ask<Ack<CommandReply>>(socket, event, {
    ...payload,
    idempotencyKey: randomUUID(),
  });
  if (!ack.ok) throw new Error(`${event}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

function ticketIdOf(reply: CommandReply): string {
  const id = reply.ticket?.ticket.id;
  if (id === undefined) throw new Error('no ticket in the reply');
  return id;
}

async function loginClerk(url: string, window: number): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffId: `w${String(window).padStart(3, '0')}`, password: 'demo' }),
  });
  const body = (await response.json()) as { data?: { token: string } };
  if (body.data === undefined) throw new Error(`login w${window}: ${response.status}`);
  return body.data.token;
}

/** Issue payloads cycle through these (no daily quota, so any count can be issued). */
const config = demoHallConfig();
const OPEN_SERVICES = config.services.filter((s) => s.dailyQuota === null).map((s) => s.id);
const ZONE_A_SERVICES = config.services
  .filter((s) => s.dailyQuota === null && s.zoneId === 'A')
  .map((s) => s.id);
const ZONES = config.zones.map((z) => z.id);

/** The same payload as an issue (with its idempotency key), for the bare server. */
function floorPayload(): object {
  return { ...issuePayload(), idempotencyKey: randomUUID() };
}

let rotation = 0;
function issuePayload(services: readonly string[] = OPEN_SERVICES): object {
  rotation += 1;
  return { serviceId: services[rotation % services.length], priority: 'normal' };
}

/**
 * A hall screen's first sync (`after: 0` → a snapshot of every open ticket, the windows and
 * the recent calls), `count` times; the median round trip.
 */
async function timeSnapshots(socket: RawSocket, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t = now();
    const reply = await ask<Ack<unknown>>(socket, 'sync:request', { after: 0, rooms: ['hall'] });
    if (!reply.ok) throw new Error(`sync: ${reply.error.message}`);
    times.push(now() - t);
  }
  return median(times);
}

function closeAll(sockets: readonly { close(): unknown }[]): void {
  for (const socket of sockets) socket.close();
}

interface ScreenWorker {
  request<T>(request: WorkerRequest): Promise<T>;
  close(): Promise<void>;
}

/** Worker threads do not take `--import tsx` from the parent: the bootstrap registers it. */
const WORKER_BOOT = `import('tsx/esm/api')
  .then(({ register }) => { register(); return import(${JSON.stringify(
    new URL('./screens-worker.ts', import.meta.url).href,
  )}); })`;

function startWorker(): ScreenWorker {
  const worker = new Worker(WORKER_BOOT, { eval: true });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  worker.on('message', (reply: WorkerReply) => {
    const waiter = pending.get(reply.id);
    if (waiter === undefined) return;
    pending.delete(reply.id);
    if (reply.error === undefined) waiter.resolve(reply.value);
    else waiter.reject(new Error(`screens worker: ${reply.error}`));
  });
  let failed: Error | null = null;
  worker.on('error', (error) => {
    failed = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });
  worker.on('exit', (code) => {
    failed ??= new Error(`screens worker exited (${String(code)})`);
    for (const waiter of pending.values()) waiter.reject(failed);
    pending.clear();
  });
  const request = <T>(req: WorkerRequest): Promise<T> => {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (failed !== null) {
        reject(failed);
        return;
      }
      pending.set(id, { resolve: (v) => resolve(v as T), reject });
      worker.postMessage({ ...req, id });
    });
  };
  return {
    request,
    async close() {
      await request({ op: 'close' }).catch(() => undefined);
      await worker.terminate();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

// ---------------------------------------------------------------------------------------
// Phase A: a fresh hall next to the bare floors.

async function phaseA(s: Settings, workDir: string, figures: Figures): Promise<void> {
  const hallDir = mkdtempSync(join(workDir, 'hall-a-'));
  const bareDir = mkdtempSync(join(workDir, 'bare-'));
  const hallChild = await spawnChild();
  const bareChild = await spawnChild();
  const sockets: RawSocket[] = [];
  try {
    const { url } = await hallChild.request<{ url: string }>({
      op: 'hall',
      dataDir: hallDir,
      port: 0,
      clockOffset,
    });
    const bare = await bareChild.request<{ url: string }>({ op: 'bare', dir: bareDir });
    const kiosk = await connect(url);
    const floor = await connect(bare.url);
    const clerk = await connect(url, await loginClerk(url, 1));
    sockets.push(kiosk, floor, clerk);

    // Payloads for the floors: a real issue reply and, below, a real call event.
    const sampleReply = await command(kiosk, 'ticket:issue', issuePayload(ZONE_A_SERVICES));
    const rounds = s.callnextSamples + s.fanoutRounds + 5;
    for (let i = 0; i < rounds; i += 1) {
      await command(kiosk, 'ticket:issue', issuePayload(ZONE_A_SERVICES));
    }

    // Call-next on a small day, nobody watching: the counterpart of callnext_50k.
    const callSmall: number[] = [];
    for (let i = 0; i < s.callnextSamples; i += 1) {
      const t = now();
      const reply = await command(clerk, 'window:callNext', { windowId: 1 });
      callSmall.push(now() - t);
      await command(clerk, 'ticket:complete', { ticketId: ticketIdOf(reply) });
    }
    figures.callnext_small_p50_ms = median(callSmall);
    figures.snapshot_small_p50_ms = await timeSnapshots(kiosk, s.callnextSamples);

    // Fan-out: N screens in the rooms a call at window 1 reaches (the hall, zone A, the
    // window), and N more on the bare server, spread over worker threads (one per core); a
    // round is one call (or one bare emit), from the clerk's emit to the last arrival.
    const threads = Math.max(1, Math.min(4, cpus().length));
    log(
      `fan-out: connecting ${s.fanoutClients} + ${s.fanoutClients} clients in ${threads} threads`,
    );
    const seq = await hallChild.request<number>({ op: 'seq' });
    const roomsOf = (i: number): readonly string[] =>
      [['hall'], ['zone:A'], ['window:1']][i % 3] ?? ['hall'];
    const workers = Array.from({ length: threads }, () => startWorker());
    const mine = <T>(k: number, list: readonly T[]): T[] =>
      list.filter((_, i) => i % threads === k);
    const all = Array.from({ length: s.fanoutClients }, (_, i) => i);
    try {
      await Promise.all(
        workers.map((w, k) =>
          w.request({ op: 'connect', url, rooms: mine(k, all).map(roomsOf), after: seq }),
        ),
      );
      await Promise.all(
        workers.map((w, k) =>
          w.request({
            op: 'connect',
            url: bare.url,
            rooms: mine(k, all).map(() => null),
            after: 0,
          }),
        ),
      );
      const arrivals = (kind: Kind): Promise<number[]> =>
        withTimeout(
          Promise.all(
            workers.map((w, k) =>
              w.request<number[]>({ op: 'expect', kind, count: mine(k, all).length }),
            ),
          ).then((lists) => lists.flat()),
          30_000,
          `${kind} arrivals`,
        );
      const callRound = async (): Promise<number> => {
        const arrived = arrivals('called');
        const t = clockMs();
        const reply = await command(clerk, 'window:callNext', { windowId: 1 });
        const took = Math.max(...(await arrived)) - t;
        const completed = arrivals('completed');
        await command(clerk, 'ticket:complete', { ticketId: ticketIdOf(reply) });
        await completed;
        return took;
      };
      const floorRound = async (): Promise<number> => {
        const arrived = arrivals('any');
        const t = clockMs();
        await ask(floor, 'fanout', null);
        return Math.max(...(await arrived)) - t;
      };
      await callRound(); // warm-up, and the call event the floor will send
      const sampleEvent = await workers[0]?.request<unknown>({ op: 'sample' });
      await bareChild.request({
        op: 'payloads',
        reply: { ok: true, data: sampleReply },
        event: sampleEvent,
      });
      for (let i = 0; i < 3; i += 1) await floorRound();
      const fanout: number[] = [];
      const fanoutFloor: number[] = [];
      for (let i = 0; i < s.fanoutRounds; i += 1) {
        fanout.push(await callRound());
        fanoutFloor.push(await floorRound());
      }
      figures.fanout_clients = s.fanoutClients;
      figures.fanout_threads = threads;
      figures.fanout_p50_ms = median(fanout);
      figures.fanout_p99_ms = percentile(fanout, 0.99);
      figures.fanout_floor_p50_ms = median(fanoutFloor);
      figures.fanout_floor_p99_ms = percentile(fanoutFloor, 0.99);
      figures.fanout_ratio_p99 = figures.fanout_p99_ms / figures.fanout_floor_p99_ms;
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }

    // Issue latency, in alternating blocks: real issue, floor (ack + one durable
    // transaction), bare ack alone.
    log(`issue: ${s.issueSamples} samples each`);
    const real: number[] = [];
    const floorIssue: number[] = [];
    const rtt: number[] = [];
    const time = async (into: number[] | null, run: () => Promise<unknown>): Promise<void> => {
      const t = now();
      await run();
      into?.push(now() - t);
    };
    const block = Math.min(50, s.issueSamples);
    for (let i = 0; i < block; i += 1) {
      await time(null, () => command(kiosk, 'ticket:issue', issuePayload()));
      await time(null, () => ask(floor, 'rtt-txn', floorPayload()));
      await time(null, () => ask(floor, 'rtt', floorPayload()));
    }
    while (real.length < s.issueSamples) {
      const n = Math.min(block, s.issueSamples - real.length);
      for (let i = 0; i < n; i += 1) {
        await time(real, () => command(kiosk, 'ticket:issue', issuePayload()));
      }
      for (let i = 0; i < n; i += 1)
        await time(floorIssue, () => ask(floor, 'rtt-txn', floorPayload()));
      for (let i = 0; i < n; i += 1) await time(rtt, () => ask(floor, 'rtt', floorPayload()));
    }
    const txns = await bareChild.request<number[]>({ op: 'txns', count: s.issueSamples });
    // Tickets of the day so far: the sample, the call rounds', and the issues above.
    const dayTickets = 1 + rounds + block + s.issueSamples;
    figures.issue_day_tickets = dayTickets;
    figures.issue_p50_ms = median(real);
    figures.issue_p99_ms = percentile(real, 0.99);
    figures.issue_floor_p50_ms = median(floorIssue);
    figures.issue_floor_p99_ms = percentile(floorIssue, 0.99);
    figures.issue_ratio_p50 = figures.issue_p50_ms / figures.issue_floor_p50_ms;
    figures.floor_rtt_p50_ms = median(rtt);
    figures.floor_txn_p50_ms = median(txns);

    // Throughput: 8 kiosks in closed loops, between two halves of the floor's run.
    log(`throughput: ${s.kiosks} kiosks for ${s.throughputMs} ms`);
    const kiosks = await Promise.all(Array.from({ length: s.kiosks }, () => connect(url)));
    sockets.push(...kiosks);
    const before = await bareChild.request<{ count: number; elapsedMs: number }>({
      op: 'txnRate',
      ms: s.throughputMs / 2,
    });
    const until = now() + s.throughputMs;
    const started = now();
    let count = 0;
    await Promise.all(
      kiosks.map(async (k) => {
        while (now() < until) {
          await command(k, 'ticket:issue', issuePayload());
          count += 1;
        }
      }),
    );
    const elapsed = now() - started;
    const after = await bareChild.request<{ count: number; elapsedMs: number }>({
      op: 'txnRate',
      ms: s.throughputMs / 2,
    });
    figures.throughput_per_s = (count / elapsed) * 1000;
    figures.throughput_floor_per_s =
      ((before.count + after.count) / (before.elapsedMs + after.elapsedMs)) * 1000;
    figures.throughput_ratio = figures.throughput_per_s / figures.throughput_floor_per_s;
    const store = await bareChild.request<{ count: number; elapsedMs: number }>({
      op: 'storeRate',
      dir: bareDir,
      ms: s.throughputMs / 2,
    });
    figures.throughput_store_per_s = (store.count / store.elapsedMs) * 1000;
    figures.throughput_tickets = count;
    figures.throughput_day_start_tickets = dayTickets;
  } finally {
    closeAll(sockets);
    await Promise.all([hallChild.stop(), bareChild.stop()]);
    rmSync(hallDir, { recursive: true, force: true });
    rmSync(bareDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// Phase B: a big day, many clients, a restart.

/** The rooms of reconnect client i: hall and zone screens, counters, window screens. */
function clientRooms(i: number): string[] {
  const window = 1 + ((i * 7) % config.windows.length);
  const zone = ZONES[i % ZONES.length] ?? 'A';
  const windowZone = config.windows.find((w) => w.id === window)?.zoneId ?? 'A';
  switch (i % 5) {
    case 0:
      return ['hall'];
    case 1:
    case 4:
      return [`zone:${zone}`];
    case 2:
      return [`window:${window}`, `zone:${windowZone}`];
    default:
      return [`window:${window}`];
  }
}

interface Watched {
  readonly client: HallClient;
  readonly rooms: readonly string[];
  online: boolean;
  wentOffline: boolean;
  /** When its socket connected again after the restart (before its resync). */
  reconnectedAt: number | null;
  /** When it was back online (resync done) after the restart. */
  onlineAt: number | null;
  syncedAt: number | null;
}

async function phaseB(s: Settings, workDir: string, figures: Figures): Promise<void> {
  const dataDir = mkdtempSync(join(workDir, 'hall-b-'));
  log(`today: writing ${s.todayTickets} tickets`);
  const today = await seedToday(dataDir, s.todayTickets, s.todayWaiting);
  figures.today_tickets = today.tickets;
  figures.today_write_ms = today.writeMs;
  let child: Child = await spawnChild();
  const sockets: RawSocket[] = [];
  const watched: Watched[] = [];
  try {
    let t = now();
    const first = await child.request<{ url: string; port: number }>({
      op: 'hall',
      dataDir,
      port: 0,
      clockOffset,
    });
    figures.startup_today_ms = now() - t;
    const { url, port } = first;

    // Call-next and issue with the big day in memory.
    const clerk = await connect(url, await loginClerk(url, 1));
    const kiosk = await connect(url);
    sockets.push(clerk, kiosk);
    const calls: number[] = [];
    const issues: number[] = [];
    for (let i = 0; i < s.callnextSamples + 5; i += 1) {
      t = now();
      const reply = await command(clerk, 'window:callNext', { windowId: 1 });
      if (i >= 5) calls.push(now() - t);
      await command(clerk, 'ticket:complete', { ticketId: ticketIdOf(reply) });
      t = now();
      await command(kiosk, 'ticket:issue', issuePayload());
      if (i >= 5) issues.push(now() - t);
    }
    figures.callnext_50k_p50_ms = median(calls);
    figures.callnext_50k_p99_ms = percentile(calls, 0.99);
    figures.issue_50k_p50_ms = median(issues);
    const pick = await child.request<{ times: number[]; tickets: number }>({
      op: 'pickNext',
      windowId: 1,
      runs: s.callnextSamples,
    });
    figures.picknext_50k_p50_ms = median(pick.times);
    figures.snapshot_50k_p50_ms = await timeSnapshots(kiosk, s.callnextSamples);

    // R real hall clients (the class the screens and counters use), then the RSS.
    log(`reconnect: connecting ${s.reconnectClients} hall clients`);
    let target = Number.POSITIVE_INFINITY;
    const check = (w: Watched): void => {
      if (w.syncedAt !== null || !w.online || !w.wentOffline) return;
      const seq = w.client.view?.seq ?? -1;
      const sees = w.rooms.includes('hall') || w.rooms.includes('zone:A');
      if (!sees || seq >= target) w.syncedAt = now();
    };
    for (let from = 0; from < s.reconnectClients; from += 50) {
      const batch: Watched[] = [];
      for (let i = from; i < Math.min(from + 50, s.reconnectClients); i += 1) {
        const rooms = clientRooms(i);
        const entry: Watched = {
          rooms,
          online: false,
          wentOffline: false,
          reconnectedAt: null,
          onlineAt: null,
          syncedAt: null,
          client: new HallClient({
            url,
            rooms,
            onState: (state) => {
              entry.online = state === 'online';
              if (state === 'offline') entry.wentOffline = true;
              if (state === 'online' && entry.wentOffline) entry.onlineAt ??= now();
              check(entry);
            },
            onView: () => {
              check(entry);
            },
          }),
        };
        // The client's own socket, only to see when it connects: the resync starts there.
        const { socket } = entry.client as unknown as { socket: RawSocket };
        socket.on('connect', () => {
          if (entry.wentOffline) entry.reconnectedAt ??= now();
        });
        batch.push(entry);
      }
      watched.push(...batch);
      await waitFor(() => batch.every((w) => w.online), 60_000, 'hall clients online');
    }
    const memory = await child.request<{ rss: number; heapUsed: number }>({ op: 'rss' });
    figures.rss_mb = memory.rss / 2 ** 20;
    figures.rss_heap_mb = memory.heapUsed / 2 ** 20;
    figures.reconnect_clients = s.reconnectClients;

    // Restart on the same port; three tickets of zone A right after it, which the hall and
    // zone A clients must catch up on (the others' rooms are unchanged).
    log('reconnect: restarting the server');
    const seqBefore = await child.request<number>({ op: 'seq' });
    closeAll(sockets.splice(0));
    const stopped = now();
    await child.stop();
    child = await spawnChild();
    await child.request({ op: 'hall', dataDir, port, clockOffset });
    const ready = now();
    const kiosk2 = await connect(url);
    sockets.push(kiosk2);
    for (let i = 0; i < 3; i += 1)
      await command(kiosk2, 'ticket:issue', issuePayload(ZONE_A_SERVICES));
    target = seqBefore + 3;
    for (const w of watched) check(w);
    await waitFor(() => watched.every((w) => w.syncedAt !== null), 60_000, 'clients resynced');
    const synced = watched.map((w) => (w.syncedAt ?? Number.NaN) - ready);
    figures.reconnect_all_synced_ms = Math.max(...synced);
    figures.reconnect_p50_ms = median(synced);
    figures.reconnect_restart_ms = ready - stopped;
    // The server's part: from each socket's reconnect to its client's resync being done.
    const resync = watched.map((w) => (w.onlineAt ?? Number.NaN) - (w.reconnectedAt ?? Number.NaN));
    figures.reconnect_resync_p50_ms = median(resync);
    figures.reconnect_resync_max_ms = Math.max(...resync);
  } finally {
    closeAll(sockets);
    closeAll(watched.map((w) => w.client));
    await child.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

// ---------------------------------------------------------------------------------------
// Phase C: history.

function periodRangeOrThrow(month: string): PeriodRange {
  const range = monthRangeOf(month);
  if ('problem' in range) throw new Error(range.problem);
  return range;
}

/**
 * From the start request to the first health answer, on a fresh child (its modules already
 * loaded), and from the process spawn to that answer.
 */
async function timeStartup(dataDir: string): Promise<{ ready: number; process: number }> {
  const spawned = now();
  const child = await spawnChild();
  try {
    const t = now();
    const { url } = await child.request<{ url: string }>({
      op: 'hall',
      dataDir,
      port: 0,
      clockOffset,
    });
    const health = await fetch(`${url}/api/v1/health`);
    if (health.status !== 200) throw new Error(`health: ${health.status}`);
    await health.arrayBuffer();
    return { ready: now() - t, process: now() - spawned };
  } finally {
    await child.stop();
  }
}

async function phaseC(s: Settings, workDir: string, cacheDir: string, figures: Figures) {
  log(`history: ${s.historyTickets} tickets (cached in ${cacheDir})`);
  const history = await buildHistory(cacheDir, s.historyTickets);
  figures.history_tickets = history.tickets;
  if (!history.cached) figures.history_build_ms = history.buildMs;

  const emptyDir = mkdtempSync(join(workDir, 'hall-empty-'));
  const historyDir = mkdtempSync(join(workDir, 'hall-history-'));
  try {
    const store = await openSqliteStore({ file: join(emptyDir, 'hallq.db') });
    await seedIfEmpty(store, BENCH_NOW, config);
    await store.close();
    copyFileSync(history.file, join(historyDir, 'hallq.db'));

    const empty: { ready: number; process: number }[] = [];
    const full: { ready: number; process: number }[] = [];
    for (let i = 0; i < s.startupRuns; i += 1) {
      empty.push(await timeStartup(emptyDir));
      full.push(await timeStartup(historyDir));
    }
    figures.startup_ms = median(full.map((r) => r.ready));
    figures.startup_process_ms = median(full.map((r) => r.process));
    figures.startup_empty_ms = median(empty.map((r) => r.ready));

    // The last whole month before the bench day (2026-10), a year and more into the full
    // history; a smaller history that does not reach back to it reports its last month.
    const month = history.firstDay <= '2026-10-01' ? '2026-10' : history.lastDay.slice(0, 7);
    const file = join(historyDir, 'hallq.db');
    const timeReports = async (): Promise<{ times: number[]; tickets: number }> => {
      const reportStore = await openSqliteStore({ file });
      try {
        const times: number[] = [];
        let tickets = 0;
        for (let i = 0; i < s.reportRuns; i += 1) {
          const t = now();
          const report = await reportStore.monthReport(month);
          times.push(now() - t);
          tickets = report.total.issued;
        }
        return { times, tickets };
      } finally {
        await reportStore.close();
      }
    };
    const indexed = await timeReports();
    figures.report_month_first_ms = indexed.times[0] ?? Number.NaN;
    figures.report_month_ms = median(indexed.times);
    figures.report_month_tickets = indexed.tickets;

    // Period reports (admin console): a day, the month and a year-long range, by zone and by
    // clerk (the grouping with the most lines), each the store's pass over the covering
    // index plus the aggregation. The floor is the bare read of the same columns of every
    // ticket of the year range, with nothing done to them.
    const yearFrom =
      addDays(history.lastDay, -364) < history.firstDay
        ? history.firstDay
        : addDays(history.lastDay, -364);
    const periods = {
      day: { period: 'day', from: history.lastDay, to: history.lastDay },
      month: periodRangeOrThrow(month),
      year: { period: 'custom', from: yearFrom, to: history.lastDay },
    } as const;
    const periodStore = await openSqliteStore({ file });
    try {
      const staff = await periodStore.listStaff();
      for (const [name, range] of Object.entries(periods)) {
        for (const by of ['zone', 'clerk'] as const) {
          const times: number[] = [];
          let issued = 0;
          for (let i = 0; i < s.reportRuns; i += 1) {
            const t = now();
            const builder = new ReportBuilder({
              range,
              by,
              config,
              staff,
              zoneIds: undefined,
              now: BENCH_NOW,
            });
            await periodStore.reportScan(range.from, range.to, builder);
            const report = builder.finish();
            times.push(now() - t);
            issued = report.total.issued;
          }
          figures[`report_${name}_${by}_ms`] = median(times);
          figures[`report_${name}_tickets`] = issued;
        }
      }
    } finally {
      await periodStore.close();
    }
    const scanDb = new Database(file, { readonly: true });
    try {
      const scan = scanDb
        .prepare(
          `SELECT business_day, service_id, window_id, staff_id, state,
             json_extract(json, '$.transferCount'), issued_at, called_at, started_at, finished_at
           FROM tickets WHERE business_day >= ? AND business_day <= ?`,
        )
        .raw();
      const times: number[] = [];
      for (let i = 0; i < s.reportRuns; i += 1) {
        const t = now();
        let rows = 0;
        for (const _row of scan.iterate(periods.year.from, periods.year.to)) rows += 1;
        times.push(now() - t);
        figures.report_scan_rows = rows;
      }
      figures.report_scan_floor_ms = median(times);
    } finally {
      scanDb.close();
    }

    const db = new Database(file);
    db.exec('DROP INDEX tickets_period');
    db.close();
    figures.report_month_noindex_ms = median((await timeReports()).times);
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
    rmSync(historyDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// The machine and the report.

function machine(workDir: string): Record<string, string | number> {
  const cpu = cpus();
  let disk = 'unknown';
  try {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter((f) => f.length > 2 && workDir.startsWith(f[1] ?? '\0'))
      .sort((a, b) => (b[1] ?? '').length - (a[1] ?? '').length);
    const [device, mount, type] = mounts[0] ?? [];
    if (device !== undefined) {
      const name = device.replace('/dev/', '');
      let rotational = '';
      try {
        rotational =
          readFileSync(`/sys/block/${name}/queue/rotational`, 'utf8').trim() === '1'
            ? ', rotational'
            : ', non-rotational';
      } catch {
        // not a block device name (overlay, tmpfs …)
      }
      disk = `${device} (${type ?? '?'}) on ${mount ?? '?'}${rotational}`;
    }
  } catch {
    // no /proc (not Linux)
  }
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    disk,
    node: process.version,
    kernel: `${process.platform} ${release()}`,
  };
}

interface Row {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly floor?: number;
  readonly floorName?: string;
  readonly ratio?: number;
}

function table(f: Figures, s: Settings): string {
  const rows: Row[] = [
    {
      figure: 'issue p50 (socket ack, durable)',
      value: f.issue_p50_ms ?? NaN,
      unit: 'ms',
      floor: f.issue_floor_p50_ms,
      floorName: 'bare ack + 1-row txn',
      ratio: f.issue_ratio_p50,
    },
    {
      figure: 'issue p99',
      value: f.issue_p99_ms ?? NaN,
      unit: 'ms',
      floor: f.issue_floor_p99_ms,
      floorName: 'bare ack + 1-row txn',
      ratio: (f.issue_p99_ms ?? NaN) / (f.issue_floor_p99_ms ?? NaN),
    },
    {
      figure: `fan-out p99 (${s.fanoutClients} clients)`,
      value: f.fanout_p99_ms ?? NaN,
      unit: 'ms',
      floor: f.fanout_floor_p99_ms,
      floorName: 'bare io.emit',
      ratio: f.fanout_ratio_p99,
    },
    {
      figure: 'fan-out p50',
      value: f.fanout_p50_ms ?? NaN,
      unit: 'ms',
      floor: f.fanout_floor_p50_ms,
      floorName: 'bare io.emit',
      ratio: (f.fanout_p50_ms ?? NaN) / (f.fanout_floor_p50_ms ?? NaN),
    },
    {
      figure: `throughput (${s.kiosks} kiosks)`,
      value: f.throughput_per_s ?? NaN,
      unit: '/s',
      floor: f.throughput_floor_per_s,
      floorName: 'bare 1-row txns',
      ratio: f.throughput_ratio,
    },
    {
      figure: 'store.commit alone, an issue’s rows',
      value: f.throughput_store_per_s ?? NaN,
      unit: '/s',
      floor: f.throughput_floor_per_s,
      floorName: 'bare 1-row txns',
      ratio: (f.throughput_store_per_s ?? NaN) / (f.throughput_floor_per_s ?? NaN),
    },
    {
      figure: `call-next p50, ${s.todayTickets} today`,
      value: f.callnext_50k_p50_ms ?? NaN,
      unit: 'ms',
      floor: f.callnext_small_p50_ms,
      floorName: 'call-next, small day',
      ratio: (f.callnext_50k_p50_ms ?? NaN) / (f.callnext_small_p50_ms ?? NaN),
    },
    {
      figure: `issue p50, ${s.todayTickets} today`,
      value: f.issue_50k_p50_ms ?? NaN,
      unit: 'ms',
      floor: f.issue_p50_ms,
      floorName: 'issue, small day',
      ratio: (f.issue_50k_p50_ms ?? NaN) / (f.issue_p50_ms ?? NaN),
    },
    {
      figure: `pickNext alone, ${s.todayTickets} today`,
      value: f.picknext_50k_p50_ms ?? NaN,
      unit: 'ms',
    },
    {
      figure: `hall snapshot p50, ${s.todayTickets} today`,
      value: f.snapshot_50k_p50_ms ?? NaN,
      unit: 'ms',
      floor: f.snapshot_small_p50_ms,
      floorName: 'snapshot, small day',
      ratio: (f.snapshot_50k_p50_ms ?? NaN) / (f.snapshot_small_p50_ms ?? NaN),
    },
    {
      figure: `reconnect: all ${s.reconnectClients} resynced`,
      value: f.reconnect_all_synced_ms ?? NaN,
      unit: 'ms after ready',
    },
    {
      figure: 'reconnect: server down (stop → ready)',
      value: f.reconnect_restart_ms ?? NaN,
      unit: 'ms',
    },
    {
      figure: 'reconnect: one resync, socket up → in sync',
      value: f.reconnect_resync_p50_ms ?? NaN,
      unit: 'ms p50',
      floor: f.reconnect_resync_max_ms,
      floorName: 'max',
    },
    {
      figure: `server RSS (${s.reconnectClients} clients, ${s.todayTickets} today)`,
      value: f.rss_mb ?? NaN,
      unit: 'MB',
    },
    {
      figure: `start-up, ${s.historyTickets} past tickets`,
      value: f.startup_ms ?? NaN,
      unit: 'ms',
      floor: f.startup_empty_ms,
      floorName: 'start-up, empty hall',
      ratio: (f.startup_ms ?? NaN) / (f.startup_empty_ms ?? NaN),
    },
    {
      figure: `month report (${f.report_month_tickets ?? 0} tickets)`,
      value: f.report_month_ms ?? NaN,
      unit: 'ms',
      floor: f.report_month_noindex_ms,
      floorName: 'same without its index',
      ratio: (f.report_month_ms ?? NaN) / (f.report_month_noindex_ms ?? NaN),
    },
    ...(['day', 'month', 'year'] as const).flatMap((name) =>
      (['zone', 'clerk'] as const).map((by) => ({
        figure: `${name} report by ${by} (${f[`report_${name}_tickets`] ?? 0} tickets)`,
        value: f[`report_${name}_${by}_ms`] ?? NaN,
        unit: 'ms',
        floor: f.report_scan_floor_ms,
        floorName: `bare scan of the year, ${f.report_scan_rows ?? 0} rows`,
        ratio: (f[`report_${name}_${by}_ms`] ?? NaN) / (f.report_scan_floor_ms ?? NaN),
      })),
    ),
  ];
  const fmt = (v: number | undefined): string =>
    v === undefined || Number.isNaN(v)
      ? ''
      : v >= 100
        ? v.toFixed(0)
        : v >= 10
          ? v.toFixed(1)
          : v.toFixed(3);
  const lines = rows
    .filter((r) => !Number.isNaN(r.value))
    .map((r) => [
      r.figure,
      `${fmt(r.value)} ${r.unit}`,
      r.floor === undefined ? '' : `${fmt(r.floor)} (${r.floorName ?? ''})`,
      r.ratio === undefined || !Number.isFinite(r.ratio) ? '' : `${r.ratio.toFixed(2)}×`,
    ]);
  const header = ['figure', 'value', 'floor / reference', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join(
    '\n',
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      json: { type: 'string' },
      'cache-dir': { type: 'string', default: '.tmp/bench' },
      keep: { type: 'boolean', default: false },
      phases: { type: 'string', default: 'A,B,C' },
      history: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run bench -- [--quick | --smoke] [--json FILE] [--cache-dir .tmp/bench] [--keep]\n' +
        '                        [--phases A,B,C] [--history N]   (partial runs, for development)\n' +
        '                        [--cpu-prof DIR]   (V8 CPU profiles of the server processes)\n',
    );
    return 0;
  }
  const preset = SETTINGS[values.smoke ? 'smoke' : values.quick ? 'quick' : 'full'];
  const s: Settings =
    values.history === undefined ? preset : { ...preset, historyTickets: Number(values.history) };
  if (!Number.isInteger(s.historyTickets) || s.historyTickets < 1) {
    log('--history takes a positive whole number of tickets');
    return 2;
  }
  if (values['cpu-prof'] !== undefined) profileChildren(resolve(values['cpu-prof']));
  const phases = new Set(values.phases.split(',').map((p) => p.trim().toUpperCase()));
  const cacheDir = resolve(values['cache-dir']);
  const workDir = mkdtempSync(join(tmpdir(), 'hallq-bench-'));
  const figures: Figures = {};
  const started = now();
  try {
    log(`HallQ bench (${s.mode}); temp folders in ${workDir}`);
    if (phases.has('A')) await phaseA(s, workDir, figures);
    if (phases.has('B')) await phaseB(s, workDir, figures);
    if (phases.has('C')) await phaseC(s, workDir, cacheDir, figures);
  } finally {
    if (!values.keep) rmSync(workDir, { recursive: true, force: true });
  }
  figures.bench_ms = now() - started;
  const rounded = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v)]));
  const host = machine(workDir);
  process.stdout.write(
    `\nHallQ bench (${s.mode}) — ${String(host.cpu)}, ${String(host.cores)} cores, ${String(host.disk)}, Node ${String(host.node)}\n\n${table(figures, s)}\n`,
  );
  if (values.json !== undefined) {
    const file = resolve(values.json);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `${JSON.stringify({ ...rounded, mode: s.mode, settings: s, machine: host }, null, 2)}\n`,
    );
    log(`wrote ${file}`);
  }
  if (phases.size < 3) return 0;
  const missing = REQUIRED_KEYS.filter(
    (k) => !Number.isFinite(figures[k]) || (figures[k] ?? 0) <= 0,
  );
  if (missing.length > 0) {
    log(`missing or non-positive figures: ${missing.join(', ')}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      log(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exit(1);
    },
  );
}
