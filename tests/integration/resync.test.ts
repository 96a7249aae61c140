/**
 * Display resync (brief §5.2 "resynchronises to the exact current state", §5.4 "clients sync
 * by sequence number on every connect"): a screen keeps its own view by applying
 * `hall:event`s, goes offline while the hall keeps working, reconnects, asks for what it
 * missed and must end up with exactly the server's projection (`buildView`) for its rooms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyToView,
  buildView,
  eventRooms,
  serviceId,
  zoneIndex,
  type CommandReply,
  type HallConfig,
  type HallView,
  type LoggedEvent,
  type SyncReply,
  type Ticket,
  type ZoneIndex,
  RECENT_CALLS,
} from '@hallq/shared';
import { MAX_SYNC_EVENTS } from '../../server/src/hall-service.ts';
import {
  api,
  command,
  connectClient,
  login,
  startTestHall,
  syncRequest,
  waitFor,
  type HallClient,
  type TestHall,
} from '../support/hall.ts';

/** What a screen may hold: tickets without the per-person key (never sent to screens). */
function publicView(view: HallView): unknown {
  const tickets: Record<string, Ticket> = {};
  for (const [id, t] of Object.entries(view.tickets)) tickets[id] = { ...t, personKey: null };
  return JSON.parse(JSON.stringify({ ...view, tickets })) as unknown;
}

/** The server's projection for `rooms`, as a screen must hold it. */
function serverView(hall: TestHall, rooms: readonly string[]): unknown {
  const { server } = hall;
  return publicView(buildView(server.hall.state, server.hall.currentSeq, rooms));
}

/** A 18-character resident ID number with a valid GB 11643 check digit. */
function idNumber(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(body17[i]) * (weights[i] ?? 0);
  return `${body17}${'10X98765432'[sum % 11] ?? ''}`;
}

/** A screen: a socket, the view it keeps, and every event it received. */
class Screen {
  view: HallView | null = null;
  readonly received: LoggedEvent[] = [];
  private pending: LoggedEvent[] = [];
  socket: HallClient | null = null;

  constructor(
    readonly rooms: readonly string[],
    private readonly index: ZoneIndex,
  ) {}

  /** Connects a fresh socket and resyncs from the view's seq (0 without a view). */
  async connect(url: string): Promise<SyncReply> {
    const socket = await connectClient(url);
    this.socket = socket;
    this.pending = [];
    socket.on('hall:event', (event) => {
      this.received.push(event);
      if (this.view === null) this.pending.push(event);
      else this.view = applyToView(this.view, event, this.index);
    });
    const before = this.view;
    this.view = null; // buffer live events until the sync reply is applied
    const reply = await syncRequest(socket, { after: before?.seq ?? 0, rooms: [...this.rooms] });
    if (!reply.ok) throw new Error(`sync failed: ${reply.error.message}`);
    const sync = reply.data;
    let view: HallView;
    if (sync.mode === 'snapshot') {
      view = sync.view;
    } else {
      if (before === null) throw new Error('events reply without a view');
      view = before;
      for (const event of sync.events) view = applyToView(view, event, this.index);
      // Everything up to the reply's seq is now known, including events outside the rooms.
      view = { ...view, seq: Math.max(view.seq, sync.seq) };
    }
    for (const event of this.pending) view = applyToView(view, event, this.index);
    this.pending = [];
    this.view = view;
    return sync;
  }

  disconnect(): void {
    this.socket?.close();
    this.socket = null;
  }

  /** The view as compared with the server's: seq brought to the hall's seq. */
  viewAt(seq: number): unknown {
    if (this.view === null) throw new Error('no view');
    return publicView({ ...this.view, seq });
  }
}

let hall: TestHall;
let config: HallConfig;
let index: ZoneIndex;
let admin: string;
let clerk1: HallClient;
let clerk2: HallClient;
let clerk79: HallClient;

async function issue(serviceId: string, extra: Record<string, unknown> = {}): Promise<Ticket> {
  const response = await api<{ data: CommandReply }>(hall.url, 'POST', '/api/v1/tickets', {
    token: admin,
    body: { serviceId, ...extra },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const info = response.body.data.ticket;
  if (info === null) throw new Error('no ticket in reply');
  return info.ticket;
}

async function ok(reply: Promise<Awaited<ReturnType<typeof command>>>): Promise<CommandReply> {
  const result = await reply;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function callNext(clerk: HallClient, windowId: number): Promise<Ticket> {
  const reply = await ok(command(clerk, 'window:callNext', { windowId }));
  if (reply.ticket === null) throw new Error('call-next without a ticket');
  return reply.ticket.ticket;
}

/** Every screen got every event of its rooms up to the hall's seq. */
async function settled(screens: readonly Screen[]): Promise<void> {
  const log = await hall.server.hall.readEvents(0, 100_000);
  for (const screen of screens) {
    const mine = log.filter((l) =>
      eventRooms(index, l.event).some((room) => screen.rooms.includes(room)),
    );
    const last = mine[mine.length - 1]?.seq ?? 0;
    await waitFor(
      () => (screen.view?.seq ?? 0) >= last,
      5000,
      `${screen.rooms.join(',')} to reach seq ${last}`,
    );
  }
}

beforeAll(async () => {
  hall = await startTestHall();
  const reply = await api<{ data: HallConfig }>(hall.url, 'GET', '/api/v1/hall');
  config = reply.body.data;
  index = zoneIndex(config);
  admin = await login(hall.url, 'admin', 'demo-admin');
  clerk1 = await connectClient(hall.url, await login(hall.url, 'w001', 'demo'));
  clerk2 = await connectClient(hall.url, await login(hall.url, 'w002', 'demo'));
  clerk79 = await connectClient(hall.url, await login(hall.url, 'w079', 'demo'));
});

afterAll(async () => {
  await hall.close();
});

describe('display resync after being offline', () => {
  it('replays exactly the missed events of its rooms and ends equal to the server projection', async () => {
    const screens = [new Screen(['hall'], index), new Screen(['zone:A'], index)];
    screens.push(new Screen(['window:1'], index), new Screen(['zone:F', 'window:2'], index));
    for (const screen of screens) {
      const first = await screen.connect(hall.url);
      expect(first.mode).toBe('snapshot');
      expect(screen.viewAt(hall.server.hall.currentSeq)).toEqual(serverView(hall, screen.rooms));
    }

    // Online: the screens follow live.
    const a1 = await issue('bdc-transfer');
    await issue('bdc-mortgage', { priority: 'elderly', idNumber: idNumber('32010519491231002') });
    await issue('household');
    await issue('household');
    const called1 = await callNext(clerk1, 1);
    expect(called1.id).not.toBe(a1.id); // the elderly ticket goes first
    const called79 = await callNext(clerk79, 79);
    expect(called79.serviceId).toBe('household');
    await settled(screens);
    for (const screen of screens) {
      expect(screen.viewAt(hall.server.hall.currentSeq)).toEqual(serverView(hall, screen.rooms));
    }

    // Offline: the hall keeps working.
    for (const screen of screens) screen.disconnect();
    const offlineFrom = hall.server.hall.currentSeq;
    await ok(command(clerk1, 'ticket:complete', { ticketId: called1.id }));
    await ok(command(clerk79, 'ticket:complete', { ticketId: called79.id }));
    const a2 = await issue('bdc-transfer');
    await issue('deed-tax');
    await issue('household', { priority: 'military' });
    await issue('exit-entry');
    const next1 = await callNext(clerk1, 1);
    expect(next1.id).toBe(a1.id);
    // Window 1 sends A001 to the household service (zone F); window 79 calls it there.
    await ok(command(clerk1, 'ticket:transfer', { ticketId: a1.id, toServiceId: 'household' }));
    const next2 = await callNext(clerk2, 2);
    expect(next2.id).toBe(a2.id);
    await ok(command(clerk2, 'ticket:suspend', { ticketId: a2.id }));
    await ok(command(clerk2, 'ticket:resume', { ticketId: a2.id }));
    const f1 = await callNext(clerk79, 79); // military household ticket first
    await ok(command(clerk79, 'ticket:start', { ticketId: f1.id }));
    await ok(command(clerk79, 'ticket:complete', { ticketId: f1.id }));
    const moved = await ok(command(clerk79, 'ticket:call', { windowId: 79, ticketId: a1.id }));
    expect(moved.ticket?.ticket.windowId).toBe(79);
    await ok(command(clerk79, 'ticket:complete', { ticketId: a1.id }));
    const next1b = await callNext(clerk1, 1);
    await ok(command(clerk1, 'ticket:transfer', { ticketId: next1b.id, toWindowId: 2 }));
    await ok(command(clerk1, 'window:pause', { windowId: 1, reason: '午休' }));
    expect(hall.server.hall.currentSeq).toBeGreaterThan(offlineFrom + 10);

    // Back online: each screen asks for what it missed.
    for (const screen of screens) {
      const missedFrom = screen.view?.seq ?? 0;
      const sync = await screen.connect(hall.url);
      expect(sync.mode).toBe('events');
      if (sync.mode !== 'events') continue;
      expect(sync.seq).toBe(hall.server.hall.currentSeq);
      for (const event of sync.events) {
        expect(event.seq).toBeGreaterThan(missedFrom);
        expect(eventRooms(index, event.event).some((r) => screen.rooms.includes(r))).toBe(true);
        if ('ticket' in event.event) expect(event.event.ticket.personKey).toBeNull();
      }
      expect(screen.viewAt(hall.server.hall.currentSeq), screen.rooms.join(',')).toEqual(
        serverView(hall, screen.rooms),
      );
    }

    // Live again after the resync.
    await issue('bdc-query');
    await issue('traffic');
    await settled(screens);
    for (const screen of screens) {
      expect(screen.viewAt(hall.server.hall.currentSeq)).toEqual(serverView(hall, screen.rooms));
    }

    // Every screen saw its events once, in strictly increasing seq order.
    for (const screen of screens) {
      const seqs = screen.received.map((e) => e.seq);
      for (let i = 1; i < seqs.length; i += 1) {
        expect(seqs[i], screen.rooms.join(',')).toBeGreaterThan(seqs[i - 1] ?? 0);
      }
    }
    // A zone A screen never receives an event that touches only zone F.
    const zoneA = screens[1];
    if (zoneA === undefined) throw new Error('no zone A screen');
    expect(zoneA.received.length).toBeGreaterThan(0);
    for (const event of zoneA.received) {
      expect(eventRooms(index, event.event)).toContain('zone:A');
    }
    const log = await hall.server.hall.readEvents(0, 100_000);
    const onlyF = log.filter((l) => {
      const rooms = eventRooms(index, l.event);
      return rooms.includes('zone:F') && !rooms.includes('zone:A');
    });
    expect(onlyF.length).toBeGreaterThan(3);
    const seenByA = new Set(zoneA.received.map((e) => e.seq));
    for (const event of onlyF) expect(seenByA.has(event.seq)).toBe(false);

    for (const screen of screens) screen.disconnect();
  });

  // Pinned design limit (reported): `recentCalls` is capped at RECENT_CALLS, so when a call
  // in the list moves out of the screen's scope (the ticket is called in another zone), an
  // event-following screen cannot know the call that moves up from place RECENT_CALLS + 1,
  // while a snapshot shows it. Everything else stays equal and the screen's list is a prefix
  // of the server's; the next snapshot (e.g. a restart of the screen) fills it again.
  it('a call leaving the zone with more than RECENT_CALLS calls leaves the screen one short (pinned)', async () => {
    const live = new Screen(['zone:A'], index);
    const offline = new Screen(['zone:A'], index);
    await live.connect(hall.url);
    await offline.connect(hall.url);
    offline.disconnect();
    for (let i = 0; i < RECENT_CALLS + 2; i += 1) {
      await issue('utility-transfer');
      hall.advance(1000);
      const t = await callNext(clerk2, 2);
      await ok(command(clerk2, 'ticket:complete', { ticketId: t.id }));
    }
    await issue('utility-transfer');
    hall.advance(1000);
    const leaving = await callNext(clerk2, 2);
    await ok(command(clerk2, 'ticket:transfer', { ticketId: leaving.id, toServiceId: 'traffic' }));
    hall.advance(1000);
    await ok(command(clerk79, 'ticket:call', { windowId: 79, ticketId: leaving.id }));
    await ok(command(clerk79, 'ticket:complete', { ticketId: leaving.id }));
    const expected = serverView(hall, ['zone:A']) as { recentCalls: unknown[] };
    expect(expected.recentCalls).toHaveLength(RECENT_CALLS);
    await settled([live]);
    await offline.connect(hall.url);
    const oneShort = { ...expected, recentCalls: expected.recentCalls.slice(0, -1) };
    expect(live.viewAt(hall.server.hall.currentSeq)).toEqual(oneShort);
    expect(offline.viewAt(hall.server.hall.currentSeq)).toEqual(oneShort);
    const fresh = new Screen(['zone:A'], index);
    await fresh.connect(hall.url);
    expect(fresh.viewAt(hall.server.hall.currentSeq)).toEqual(expected);
    fresh.disconnect();
    live.disconnect();
    offline.disconnect();
  });

  it('answers with a snapshot equal to the server projection for after 0 and after > seq', async () => {
    await issue('bdc-query', { idNumber: idNumber('11010519800101123') });
    for (const rooms of [['hall'], ['zone:A'], ['window:1'], ['zone:F', 'window:2']]) {
      for (const after of [0, hall.server.hall.currentSeq + 50]) {
        const socket = await connectClient(hall.url);
        const reply = await syncRequest(socket, { after, rooms });
        socket.close();
        if (!reply.ok) throw new Error(reply.error.message);
        expect(reply.data.mode).toBe('snapshot');
        if (reply.data.mode !== 'snapshot') continue;
        expect(reply.data.seq).toBe(hall.server.hall.currentSeq);
        // Screens never receive the per-person key, in a snapshot either.
        for (const ticket of Object.values(reply.data.view.tickets)) {
          expect(ticket.personKey).toBeNull();
        }
        expect(JSON.parse(JSON.stringify(reply.data.view))).toEqual(serverView(hall, rooms));
      }
    }
  });

  it(`answers with a snapshot when more than ${MAX_SYNC_EVENTS} events were missed`, async () => {
    const screen = new Screen(['zone:A'], index);
    await screen.connect(hall.url);
    screen.disconnect();
    const from = hall.server.hall.currentSeq;
    // No-quota services of zones A and F, issued directly on the hall (fast).
    const services = ['bdc-mortgage', 'utility-transfer', 'deed-tax', 'household', 'traffic'];
    for (let i = 0; hall.server.hall.currentSeq - from <= MAX_SYNC_EVENTS; i += 1) {
      const reply = await hall.server.hall.execute(
        { kind: 'system' },
        {
          type: 'ticket.issue',
          serviceId: serviceId(services[i % services.length] ?? 'household'),
          priority: 'normal',
          channel: 'api',
          personKey: null,
          personMasked: null,
          appointmentId: null,
        },
      );
      expect(reply.ok).toBe(true);
    }
    const sync = await screen.connect(hall.url);
    expect(sync.mode).toBe('snapshot');
    expect(screen.viewAt(hall.server.hall.currentSeq)).toEqual(serverView(hall, screen.rooms));
    expect(Object.keys(screen.view?.tickets ?? {}).length).toBeGreaterThan(MAX_SYNC_EVENTS / 2);
    screen.disconnect();
  });
});
