/**
 * Cut-off clients (issue 7 "Cut-off clients", brief §5.2 "resynchronises to the exact current
 * state"): screens (rooms hall, zone, window) and counters run the real `HallClient`, each
 * behind its own loopback proxy. The proxy cuts them off (a real network cut: connections
 * dropped, reconnections refused) while the hall keeps calling and the server's clock moves
 * 1–60 s; then the network comes back and the client reconnects and resyncs by itself.
 *
 * After every reconnect each client's view equals the server's projection (`buildView`) of
 * its rooms, and the display's live-call logic (`liveCalls`, display/src/use-hall.ts) never
 * announces a call that happened while the client was cut off, while announcing every call
 * of its scope that happened while it was connected exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildView,
  eventRooms,
  scopeOf,
  windowInScope,
  zoneIndex,
  type CommandEventName,
  type HallConfig,
  type HallView,
  type LoggedEvent,
  type ZoneIndex,
} from '@hallq/shared';
import { DEMO_CLERK_PASSWORD, demoClerkId } from '@hallq/server';
import { publicView } from '../../server/src/realtime.ts';
import {
  api,
  command,
  connectClient,
  createDeviceToken,
  login,
  startTestHall,
  type HallClient,
  type TestHall,
} from '../support/hall.ts';
import { ObservedClient, Random, sleep, TcpProxy, until } from './support.ts';

const CYCLES = 12;
/** Windows the drivers work: three in zone A, one in zone F. */
const WINDOWS = [1, 2, 3, 79] as const;
const SERVICES = ['bdc-mortgage', 'utility-transfer', 'deed-tax', 'household'] as const;
/** Codes the drivers' random actions may meet: the queue rules saying "not now". */
const NOT_NOW = new Set(['no_ticket_waiting', 'window_busy', 'recall_too_soon', 'wrong_state']);

const random = new Random(7_000_001);
let hall: TestHall;
let config: HallConfig;
let index: ZoneIndex;
const drivers = new Map<number, HallClient>();
const proxies = new Map<ObservedClient, TcpProxy>();
/** Per client, the seq ranges (from, to] of events that happened while it was cut off. */
const cuts = new Map<ObservedClient, [number, number][]>();
/** Per client, the seq of its first snapshot (calls before it are not its to announce). */
const joinedAt = new Map<ObservedClient, number>();

beforeAll(async () => {
  hall = await startTestHall();
  config = (await api<{ data: HallConfig }>(hall.url, 'GET', '/api/v1/hall')).body.data;
  index = zoneIndex(config);
  for (const w of WINDOWS) {
    drivers.set(
      w,
      await connectClient(hall.url, await login(hall.url, demoClerkId(w), DEMO_CLERK_PASSWORD)),
    );
  }
});

afterAll(async () => {
  for (const [client, proxy] of proxies) {
    client.close();
    await proxy.close();
  }
  await hall.close();
});

async function observe(
  name: string,
  rooms: readonly string[],
  token: string | null = null,
): Promise<ObservedClient> {
  const proxy = await TcpProxy.start(hall.url);
  const client = new ObservedClient(name, proxy.url, rooms, token);
  proxies.set(client, proxy);
  cuts.set(client, []);
  await client.onlineAfter(0);
  joinedAt.set(client, client.seq);
  return client;
}

function step(): void {
  // Calls at distinct times keep the newest-first order of recent calls unambiguous.
  hall.advance(random.int(1, 3) * 1000);
}

async function run(windowId: number, name: CommandEventName, payload: object): Promise<void> {
  const driver = drivers.get(windowId);
  if (driver === undefined) throw new Error(`no driver for window ${windowId}`);
  const reply = await command(driver, name, payload as never);
  if (!reply.ok && !NOT_NOW.has(reply.error.code)) {
    throw new Error(`${name} at window ${windowId}: ${reply.error.code} ${reply.error.message}`);
  }
}

/** One random thing the hall does: a ticket issued, or a clerk acting at a window. */
async function hallActs(): Promise<void> {
  step();
  if (random.chance(0.35)) {
    const response = await api(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: random.pick(SERVICES) },
    });
    expect(response.status).toBe(201);
    return;
  }
  const windowId = random.pick(WINDOWS);
  const { day } = hall.server.hall.state;
  const suspended = [...day.tickets.values()].find(
    (t) => t.state === 'suspended' && t.targetWindowId === windowId,
  );
  const current = day.windows.get(windowId as never)?.currentTicketId ?? null;
  if (current === null) {
    if (suspended !== undefined && random.chance(0.5)) {
      await run(windowId, 'ticket:resume', { ticketId: suspended.id });
    } else {
      await run(windowId, 'window:callNext', { windowId });
    }
    return;
  }
  const ticket = day.tickets.get(current);
  const actions: [CommandEventName, number][] =
    ticket?.state === 'called'
      ? [
          ['ticket:recall', 4],
          ['ticket:start', 3],
          ['ticket:complete', 2],
          ['ticket:noShow', 1],
          ['ticket:suspend', 1],
        ]
      : [
          ['ticket:complete', 4],
          ['ticket:suspend', 1],
        ];
  const name = random.pick(
    actions.flatMap(([n, weight]) => Array<CommandEventName>(weight).fill(n)),
  );
  await run(windowId, name, { ticketId: current });
}

async function log(): Promise<readonly LoggedEvent[]> {
  return hall.server.hall.readEvents(0, 100_000);
}

function inRooms(rooms: readonly string[], logged: LoggedEvent): boolean {
  return eventRooms(index, logged.event).some((room) => rooms.includes(room));
}

/** The server's projection for a client's rooms, as the server sends it. */
function serverView(rooms: readonly string[]): HallView {
  const { server } = hall;
  return publicView(buildView(server.hall.state, server.hall.currentSeq, rooms));
}

/** Every client caught up; each view equals the server's projection of its rooms. */
async function expectExact(clients: readonly ObservedClient[]): Promise<void> {
  const events = await log();
  const seq = hall.server.hall.currentSeq;
  for (const client of clients) {
    const last = events.filter((l) => inRooms(client.rooms, l)).at(-1)?.seq ?? 0;
    await until(
      () => client.seq >= last,
      () => `${client.name} at ${client.seq} to reach ${last}`,
    );
    expect(client.seq, client.name).toBeLessThanOrEqual(seq);
    const view = client.view;
    if (view === null) throw new Error(`${client.name} has no view`);
    expect(JSON.parse(JSON.stringify({ ...view, seq })), client.name).toEqual(
      JSON.parse(JSON.stringify(serverView(client.rooms))),
    );
  }
}

/** Cuts `clients` off, lets the hall work for `seconds` of its clock, and reconnects them. */
async function cutOff(
  clients: readonly ObservedClient[],
  seconds: number,
  actions: number,
): Promise<void> {
  const onlineBefore = new Map(clients.map((c) => [c, c.onlineCount]));
  const changesBefore = new Map(clients.map((c) => [c, c.changes.length]));
  for (const client of clients) proxies.get(client)?.cut();
  await Promise.all(
    clients.map((c) => until(() => c.state === 'offline', `${c.name} to notice the cut`)),
  );
  const from = hall.server.hall.currentSeq;

  // A counter cut off cannot send: the client answers at once, and nothing is sent.
  for (const client of clients.filter((c) => c.name.startsWith('counter'))) {
    const reply = await client.client.command('window:pause', {
      windowId: Number(client.rooms[0]?.slice('window:'.length)),
      reason: '午休',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(hall.server.hall.currentSeq).toBe(from);
  }
  const start = hall.now();
  for (let i = 0; i < actions; i += 1) await hallActs();
  hall.setNow(Math.max(hall.now(), start + seconds * 1000));
  const to = hall.server.hall.currentSeq;

  for (const client of clients) {
    cuts.get(client)?.push([from, to]);
    proxies.get(client)?.restore();
  }
  await Promise.all(clients.map((c) => c.onlineAfter(onlineBefore.get(c) ?? 0)));

  // The missed events arrived as one resync, never as live changes.
  const events = await log();
  for (const client of clients) {
    const missed = events.filter((l) => l.seq > from && l.seq <= to && inRooms(client.rooms, l));
    const since = client.changes.slice(changesBefore.get(client) ?? 0);
    const resync = since.filter((c) => c.kind === 'resync');
    expect(resync.length, client.name).toBe(missed.length > 0 ? 1 : 0);
    expect(
      resync.flatMap((c) => c.seqs),
      client.name,
    ).toEqual(missed.map((l) => l.seq));
    expect(
      resync.flatMap((c) => c.announced),
      client.name,
    ).toEqual([]);
    for (const change of since.filter((c) => c.kind === 'live')) {
      for (const seq of change.seqs) expect(seq > to, `${client.name} live ${seq}`).toBe(true);
    }
  }
}

describe('screens and counters cut off while the hall calls', () => {
  it(`resync to the exact state and never replay a missed call (${CYCLES} cuts)`, async () => {
    const display = (): Promise<string> => createDeviceToken(hall.server, 'display');
    const clients = [
      await observe('hall screen', ['hall']),
      await observe('zone A screen', ['zone:A'], await display()),
      await observe('window 1 screen', ['window:1']),
      await observe('window 79 screen', ['window:79'], await display()),
      await observe(
        'counter 1',
        ['window:1', 'zone:A'],
        await login(hall.url, demoClerkId(1), DEMO_CLERK_PASSWORD),
      ),
      await observe(
        'counter 2',
        ['window:2', 'zone:A'],
        await createDeviceToken(hall.server, 'counter', 2),
      ),
    ];
    for (let i = 0; i < 6; i += 1) await hallActs();
    await expectExact(clients);

    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      const off = clients.filter(() => random.chance(0.6));
      if (off.length === 0) off.push(random.pick(clients));
      // A short blip now and then: no time passes, nothing happens, nothing to resync.
      const blip = cycle % 5 === 4;
      await cutOff(off, blip ? 0 : random.int(1, 60), blip ? 0 : random.int(2, 8));
      await expectExact(clients);
      // Live again: everyone follows.
      for (let i = 0, n = random.int(1, 4); i < n; i += 1) await hallActs();
      await expectExact(clients);
    }

    // The display logic announced exactly the calls of its scope made while it was online.
    const events = await log();
    let announced = 0;
    for (const client of clients) {
      const scope = scopeOf(client.rooms);
      const cutRanges = cuts.get(client) ?? [];
      const first = joinedAt.get(client) ?? 0;
      const expected: string[] = [];
      for (const { seq, event } of events) {
        if (seq <= first) continue;
        if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') continue;
        const { windowId } = event.ticket;
        if (windowId === null || !windowInScope(scope, index, windowId)) continue;
        if (cutRanges.some(([from, to]) => seq > from && seq <= to)) continue;
        expected.push(
          `${event.type === 'ticket.recalled' ? 'recall' : 'call'} ${event.ticket.number} @${windowId}`,
        );
      }
      const got = client
        .announced()
        .map((c) => `${c.recall ? 'recall' : 'call'} ${c.number} @${c.windowId}`);
      expect(got, client.name).toEqual(expected);
      announced += got.length;
      expect(cutRanges.length, client.name).toBeGreaterThan(0);
    }
    expect(announced).toBeGreaterThan(20);
    const missedCalls = events.filter(
      (l) =>
        (l.event.type === 'ticket.called' || l.event.type === 'ticket.recalled') &&
        [...cuts.values()].some((ranges) =>
          ranges.some(([from, to]) => l.seq > from && l.seq <= to),
        ),
    );
    expect(missedCalls.length).toBeGreaterThan(5);
  });

  it('a screen cut off across midnight comes back to the new day, silently', async () => {
    const screens = [
      await observe('hall screen at night', ['hall']),
      await observe('zone A screen at night', ['zone:A']),
    ];
    await expectExact(screens);
    const before = screens.map((s) => s.announced().length);
    for (const screen of screens) proxies.get(screen)?.cut();
    await Promise.all(screens.map((s) => until(() => s.state === 'offline', s.name)));
    const onlineBefore = screens.map((s) => s.onlineCount);
    hall.setNow(Date.UTC(2026, 10, 24, 16, 0, 40)); // 00:00:40, 2026-11-25 in Shanghai
    await hall.server.hall.rolloverIfDue();
    expect(hall.server.hall.state.day.businessDay).toBe('2026-11-25');
    const next = await api(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'deed-tax' },
    });
    expect(next.status).toBe(201);
    await sleep(50);
    for (const screen of screens) proxies.get(screen)?.restore();
    await Promise.all(screens.map((s, i) => s.onlineAfter(onlineBefore[i] ?? 0)));
    await expectExact(screens);
    for (const [i, screen] of screens.entries()) {
      expect(screen.view?.businessDay).toBe('2026-11-25');
      expect(screen.announced().length, screen.name).toBe(before[i]);
    }
  });
});
