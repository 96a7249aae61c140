/**
 * Crash safety (brief §4 "never duplicated, even across a crash", §5.4 "a retried command
 * never applies twice", issue 7 "Crash"): the real server runs as a child process (the
 * `npm start` entry, bundled once with esbuild so that 21 starts stay fast), behind a
 * loopback proxy that gives the clients one stable address and holds their reconnections
 * while the server is down.
 * Kiosks, counters and screens are the real `HallClient`. In each of 20 cycles the kiosks
 * issue and the counters call and complete as fast as acknowledgements come back, and the
 * server is SIGKILLed at a random moment. After every restart on the same data folder:
 * - nothing a client saw is lost: every client's seq is at most the restarted server's;
 * - every client resyncs by itself to the server's seq and holds exactly the server's
 *   snapshot of its rooms;
 * and at the end:
 * - every acknowledged command's events are in the log as acknowledged, and so is every
 *   event any client applied;
 * - tickets and windows in the state tables are those of the log's last event for them;
 * - numbers never repeat or skip, the log has no holes, `integrity_check` is ok;
 * - a retried acknowledged command answers its first reply and writes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventRooms,
  isAdminEvent,
  zoneIndex,
  type CommandReply,
  type HallView,
  type LoggedEvent,
  type Ticket,
  type WindowState,
  type ZoneIndex,
} from '@hallq/shared';
import { DEMO_CLERK_PASSWORD, demoClerkId } from '@hallq/server';
import { integrityCheck } from '../../server/src/db/sqlite-store.ts';
import {
  api,
  closeClients,
  command,
  connectClient,
  login,
  loginAdmin,
  rawEmit,
  readAllEvents,
  syncRequest,
} from '../support/hall.ts';
import {
  bundleServer,
  killChildren,
  killHard,
  ObservedClient,
  Random,
  sleep,
  startChild,
  stopGracefully,
  TcpProxy,
  until,
  type ChildServer,
} from './support.ts';

const CYCLES = 20;
const KIOSKS = 4;
/** No-quota services of zone A, served by windows 1–3. */
const SERVICES = ['bdc-mortgage', 'utility-transfer', 'deed-tax'] as const;
const COUNTER_WINDOWS = [1, 2, 3] as const;
const SCREENS: readonly (readonly [string, readonly string[]])[] = [
  ['hall screen', ['hall']],
  ['zone A screen', ['zone:A']],
  ['window 1 screen', ['window:1']],
];

const dataDir = mkdtempSync(join(tmpdir(), 'hallq-crash-'));
const dbFile = join(dataDir, 'hallq.db');
const random = new Random(20261124);
let bundle: { entry: string; remove: () => void };
let proxy: TcpProxy;
const clients: ObservedClient[] = [];

interface Acked {
  readonly key: string;
  readonly name: 'ticket:issue' | 'window:callNext' | 'ticket:complete';
  readonly payload: Record<string, unknown>;
  /** The client that sent it (for retries). */
  readonly client: ObservedClient;
  readonly reply: CommandReply;
}
const acked: Acked[] = [];

beforeAll(async () => {
  bundle = await bundleServer();
  proxy = await TcpProxy.start();
});

afterAll(async () => {
  for (const client of clients) client.close();
  closeClients();
  killChildren();
  await proxy.close();
  bundle.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

function ticketOf(reply: CommandReply, what: string): Ticket {
  const ticket = reply.ticket?.ticket;
  if (ticket === undefined) throw new Error(`${what} without a ticket`);
  return ticket;
}

/** A kiosk issuing as fast as its acknowledgements come back, until the server dies. */
async function kiosk(client: ObservedClient, cycle: number, n: number, stop: () => boolean) {
  for (let i = 0; !stop() && client.state === 'online'; i += 1) {
    const key = `crash-${cycle}-k${n}-${i}`;
    const payload = {
      serviceId: SERVICES[(n + i) % SERVICES.length] ?? 'deed-tax',
      idempotencyKey: key,
    };
    const reply = await client.client.command('ticket:issue', payload);
    if (!reply.ok) {
      if (reply.error.code === 'unavailable') return; // the server died before answering
      throw new Error(`issue refused: ${reply.error.code} ${reply.error.message}`);
    }
    ticketOf(reply.data, 'issue');
    acked.push({ key, name: 'ticket:issue', payload, client, reply: reply.data });
  }
}

/** A counter calling the next ticket and completing it, from its own view of its window. */
async function counter(
  client: ObservedClient,
  windowId: number,
  cycle: number,
  stop: () => boolean,
) {
  for (let i = 0; !stop() && client.state === 'online'; i += 1) {
    const key = `crash-${cycle}-w${windowId}-${i}`;
    const current = client.view?.windows[windowId]?.currentTicketId ?? null;
    const name = current === null ? 'window:callNext' : 'ticket:complete';
    const payload =
      current === null
        ? { windowId, idempotencyKey: key }
        : { ticketId: current, idempotencyKey: key };
    const reply =
      current === null
        ? await client.client.command('window:callNext', { windowId, idempotencyKey: key })
        : await client.client.command('ticket:complete', {
            ticketId: current,
            idempotencyKey: key,
          });
    if (!reply.ok) {
      if (reply.error.code === 'unavailable') return;
      if (reply.error.code === 'no_ticket_waiting') {
        await sleep(5);
        continue;
      }
      throw new Error(`${name} refused: ${reply.error.code} ${reply.error.message}`);
    }
    ticketOf(reply.data, name);
    acked.push({ key, name, payload, client, reply: reply.data });
  }
}

/** The server's log as read so far (grows each cycle). */
const log: LoggedEvent[] = [];

async function readLog(server: ChildServer, admin: string): Promise<void> {
  const fresh = await readAllEvents(server.url, admin, log.at(-1)?.seq ?? 0);
  log.push(...fresh);
  log.forEach((l, i) => expect(l.seq).toBe(i + 1)); // no holes
}

/** The seq a client of `rooms` has applied once synced: its rooms' last event. */
function lastSeqFor(index: ZoneIndex, rooms: readonly string[]): number {
  for (let i = log.length - 1; i >= 0; i -= 1) {
    const logged = log[i];
    if (logged !== undefined && eventRooms(index, logged.event).some((r) => rooms.includes(r))) {
      return logged.seq;
    }
  }
  return 0;
}

/** Windows some logged event has set (the others are as the server loaded them). */
function touchedWindows(): Set<number> {
  const touched = new Set<number>();
  for (const { event } of log) {
    if (event.type === 'day.closed') for (const w of event.windows) touched.add(w.windowId);
    else if ('window' in event && event.window !== null) touched.add(event.window.windowId);
  }
  return touched;
}

/**
 * A view for comparison. Pinned (reported): a window no event ever touched has no row in the
 * store, so each server start makes it `closed` with `since` = the start time; a client that
 * resynced by events keeps the earlier start's `since`. No UI shows it; everything else must
 * be equal.
 */
function comparable(view: HallView): HallView {
  const touched = touchedWindows();
  const windows: Record<number, WindowState> = {};
  for (const [id, w] of Object.entries(view.windows)) {
    windows[Number(id)] = touched.has(w.windowId) ? w : { ...w, since: 0 };
  }
  return { ...view, windows };
}

/** Every client back online, at the server's seq, holding exactly the server's snapshot. */
async function expectResynced(
  server: ChildServer,
  admin: string,
  index: ZoneIndex,
  onlineBefore: ReadonlyMap<ObservedClient, number>,
): Promise<void> {
  await Promise.all(clients.map((c) => c.onlineAfter(onlineBefore.get(c) ?? 0)));
  await readLog(server, admin);
  const health = await api<{ seq: number }>(server.url, 'GET', '/api/v1/health');
  const seq = health.body.seq;
  expect(log.at(-1)?.seq ?? 0).toBe(seq);
  const probe = await connectClient(server.url);
  try {
    const snapshots = new Map<string, HallView>();
    for (const client of clients) {
      // A client applies the events of its rooms: it reaches its rooms' last event (for a
      // client of the whole hall the last event that is not an admin one — alarms go to the
      // admin rooms only), or the seq of the snapshot it took.
      const expected = lastSeqFor(index, client.rooms);
      if (client.rooms.includes('hall')) {
        expect(expected).toBe(log.filter((l) => !isAdminEvent(l.event)).at(-1)?.seq ?? 0);
      }
      await until(
        () => client.seq >= expected,
        () => `${client.name} at seq ${client.seq} to reach ${expected}`,
      );
      expect(client.seq, client.name).toBeLessThanOrEqual(seq);
      const key = client.rooms.join(',');
      let snapshot = snapshots.get(key);
      if (snapshot === undefined) {
        const reply = await syncRequest(probe, { after: 0, rooms: [...client.rooms] });
        if (!reply.ok || reply.data.mode !== 'snapshot') throw new Error('no snapshot');
        snapshot = reply.data.view;
        snapshots.set(key, snapshot);
      }
      const view = client.view;
      if (view === null) throw new Error(`${client.name} has no view`);
      expect(comparable({ ...view, seq }), client.name).toEqual(comparable(snapshot));
    }
  } finally {
    probe.close();
  }
}

describe('SIGKILL in the middle of a busy hall', () => {
  it(`loses no acknowledged write, repeats no number and resyncs every client over ${CYCLES} crashes`, async () => {
    let server = await startChild(bundle.entry, dataDir);
    proxy.setTarget(server.url);
    // Sessions are stored: the clerks sign in once and stay signed in across the crashes.
    const admin = await loginAdmin(server.url);
    const tokens = await Promise.all(
      COUNTER_WINDOWS.map((w) => login(server.url, demoClerkId(w), DEMO_CLERK_PASSWORD)),
    );
    const config = await api<{ data: Parameters<typeof zoneIndex>[0] }>(
      server.url,
      'GET',
      '/api/v1/hall',
    );
    const index = zoneIndex(config.body.data);
    const kiosks = Array.from(
      { length: KIOSKS },
      (_, n) => new ObservedClient(`kiosk ${n + 1}`, proxy.url, ['hall']),
    );
    const counters = COUNTER_WINDOWS.map(
      (w, i) =>
        new ObservedClient(`counter ${w}`, proxy.url, [`window:${w}`, 'zone:A'], tokens[i] ?? null),
    );
    const screens = SCREENS.map(([name, rooms]) => new ObservedClient(name, proxy.url, rooms));
    clients.push(...kiosks, ...counters, ...screens);
    let onlineBefore = new Map(clients.map((c) => [c, 0]));

    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      await expectResynced(server, admin, index, onlineBefore);
      let stopped = false;
      const stop = (): boolean => stopped;
      const workers = [
        ...kiosks.map((client, n) => kiosk(client, cycle, n, stop)),
        ...counters.map((client, i) => counter(client, COUNTER_WINDOWS[i] ?? 1, cycle, stop)),
      ];
      await sleep(random.int(150, 500));
      // New connections wait at the proxy until the next server is up.
      proxy.setTarget(null);
      onlineBefore = new Map(clients.map((c) => [c, c.onlineCount]));
      await killHard(server);
      stopped = true;
      await Promise.all(workers);
      const seen = new Map(clients.map((c) => [c, c.seq]));

      server = await startChild(bundle.entry, dataDir);
      const health = await api<{ seq: number }>(server.url, 'GET', '/api/v1/health');
      // Every event a client received was committed before it was sent: none is lost.
      for (const [client, seq] of seen) {
        expect(seq, `${client.name} saw more than the disk kept`).toBeLessThanOrEqual(
          health.body.seq,
        );
      }
      proxy.setTarget(server.url);
    }
    await expectResynced(server, admin, index, onlineBefore);

    const issues = acked.filter((a) => a.name === 'ticket:issue');
    expect(issues.length).toBeGreaterThan(CYCLES * 10);
    expect(acked.filter((a) => a.name === 'window:callNext').length).toBeGreaterThan(CYCLES);
    expect(acked.filter((a) => a.name === 'ticket:complete').length).toBeGreaterThan(CYCLES);

    // Every acknowledged command's events are in the log exactly as acknowledged…
    const bySeq = new Map(log.map((l) => [l.seq, l]));
    for (const ack of acked) {
      expect(ack.reply.events.length, ack.key).toBeGreaterThan(0);
      for (const event of ack.reply.events) expect(bySeq.get(event.seq), ack.key).toEqual(event);
    }
    // …and so is every event a client applied, live or on resync.
    for (const client of clients) {
      expect(client.applied.size, client.name).toBeGreaterThan(0);
      for (const [seq, event] of client.applied) expect(bySeq.get(seq), client.name).toEqual(event);
    }
    // No ticket id or number was acknowledged twice.
    const ids = new Set(issues.map((a) => ticketOf(a.reply, 'issue').id));
    expect(ids.size).toBe(issues.length);

    // Retrying acknowledged commands after the restart: the first reply, no new event. The
    // last acknowledged command of every kiosk and counter per cycle (closest to the kill).
    const seqBefore = log.at(-1)?.seq ?? 0;
    const last = new Map<string, Acked>();
    for (const ack of acked) last.set(ack.key.replace(/-\d+$/, ''), ack);
    expect(new Set([...last.keys()].map((key) => key.split('-')[1])).size).toBe(CYCLES);
    const retrier = await connectClient(server.url);
    const clerkSockets = await Promise.all(tokens.map((t) => connectClient(server.url, t)));
    for (const ack of last.values()) {
      const windowIndex = counters.indexOf(ack.client);
      const socket = windowIndex < 0 ? retrier : clerkSockets[windowIndex];
      if (socket === undefined) throw new Error('no socket');
      const again =
        ack.name === 'ticket:issue'
          ? await command(socket, 'ticket:issue', ack.payload as { serviceId: string })
          : await rawEmit(socket, ack.name, ack.payload);
      expect(again, ack.key).toEqual({ ok: true, data: ack.reply });
    }
    const health = await api<{ seq: number }>(server.url, 'GET', '/api/v1/health');
    expect(health.body.seq).toBe(seqBefore);
    retrier.close();
    for (const socket of clerkSockets) socket.close();
    for (const client of clients) client.close();
    await stopGracefully(server);

    // The file itself.
    expect(integrityCheck(dbFile)).toBe('ok');
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      // State tables = the log's last word on each ticket and window.
      const lastTicket = new Map<string, Ticket>();
      const lastWindow = new Map<number, WindowState>();
      for (const { event } of log) {
        if (event.type === 'day.closed') {
          for (const t of event.tickets) lastTicket.set(t.id, t);
          for (const w of event.windows) lastWindow.set(w.windowId, w);
          continue;
        }
        if ('ticket' in event) lastTicket.set(event.ticket.id, event.ticket);
        if ('window' in event && event.window !== null)
          lastWindow.set(event.window.windowId, event.window);
      }
      const tickets = db
        .prepare<[], { json: string }>('SELECT json FROM tickets')
        .all()
        .map((row) => JSON.parse(row.json) as Ticket);
      expect(tickets.length).toBe(lastTicket.size);
      for (const ticket of tickets) {
        expect({ ...ticket, personKey: null }, ticket.id).toEqual(lastTicket.get(ticket.id));
      }
      const windows = db
        .prepare<[], { window_id: number; json: string }>('SELECT window_id, json FROM windows')
        .all();
      for (const row of windows) {
        const logged = lastWindow.get(row.window_id);
        if (logged !== undefined)
          expect(JSON.parse(row.json), `window ${row.window_id}`).toEqual(logged);
      }
      // Every acknowledged ticket is there, as acknowledged or further along.
      const stored = new Map(tickets.map((t) => [t.id, t]));
      for (const ack of acked) {
        const ticket = ticketOf(ack.reply, ack.name);
        const now = stored.get(ticket.id);
        expect(now?.number, ack.key).toBe(ticket.number);
        expect(now?.issuedAt, ack.key).toBe(ticket.issuedAt);
        if (ack.name === 'ticket:complete') expect(now?.state, ack.key).toBe('done');
      }

      // One ticket per number and day; per day and prefix the numbers run 1…n.
      const duplicates = db
        .prepare(
          'SELECT business_day, number, COUNT(*) AS n FROM tickets GROUP BY business_day, number HAVING COUNT(*) > 1',
        )
        .all();
      expect(duplicates).toEqual([]);
      const perPrefix = new Map<string, number[]>();
      for (const ticket of tickets) {
        const key = `${ticket.businessDay}/${ticket.number.replace(/\d+$/, '')}`;
        perPrefix.set(key, [...(perPrefix.get(key) ?? []), ticket.seq]);
      }
      for (const [key, list] of perPrefix) {
        const sorted = [...list].sort((a, b) => a - b);
        expect(sorted, key).toEqual(sorted.map((_, i) => i + 1));
      }
      const counterRows = db
        .prepare<[], { business_day: string; prefix: string; last: number }>(
          'SELECT business_day, prefix, last FROM counters',
        )
        .all();
      for (const c of counterRows) {
        expect(perPrefix.get(`${c.business_day}/${c.prefix}`)?.length ?? 0).toBe(c.last);
      }
      const seqs = db.prepare<[], { seq: number }>('SELECT seq FROM events ORDER BY seq').all();
      expect(seqs.map((r) => r.seq)).toEqual(log.map((l) => l.seq));
    } finally {
      db.close();
    }
  }, 180_000);
});
