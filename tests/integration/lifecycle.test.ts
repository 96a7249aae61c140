/**
 * A ticket's whole life (brief §4) against the real server: over REST (brief §6) and over the
 * Socket.IO commands, with a hall-room client watching the broadcast and the event log read
 * back as admin.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ticketId,
  type CommandReply,
  type DomainError,
  type HallConfig,
  type LoggedEvent,
  type Ticket,
  type TicketInfo,
  type WindowState,
} from '@hallq/shared';
import { DEMO_CLERK_PASSWORD } from '@hallq/server';
import {
  api,
  collectEvents,
  command,
  connectClient,
  login,
  loginAdmin,
  loginClerk,
  readAllEvents,
  syncRequest,
  useTestHall,
  waitFor,
  type HallClient,
  type RestData,
  type RestError,
} from '../support/hall.ts';

const DAY = '20261124';
const id = (number: string): string => `${DAY}-${number}`;
const GAP_MS = 10_000;

const hall = useTestHall();

/** A REST command that must succeed with `status`; returns its reply. */
async function ok(
  path: string,
  token: string | undefined,
  body: unknown = {},
  status = 200,
): Promise<CommandReply> {
  const response = await api<RestData<CommandReply> | RestError>(hall.url, 'POST', path, {
    ...(token === undefined ? {} : { token }),
    body,
  });
  if (response.status !== status) {
    throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return (response.body as RestData<CommandReply>).data;
}

/** A REST command that must be refused with `status` and `code`. */
async function refused(
  path: string,
  token: string | undefined,
  status: number,
  code: DomainError['code'],
  body: unknown = {},
): Promise<DomainError> {
  const response = await api<RestError>(hall.url, 'POST', path, {
    ...(token === undefined ? {} : { token }),
    body,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  return response.body.error;
}

function ticketOf(reply: CommandReply): Ticket {
  expect(reply.ticket).not.toBeNull();
  return (reply.ticket as TicketInfo).ticket;
}

function types(events: readonly LoggedEvent[]): string[] {
  return events.map((e) => e.event.type);
}

describe('a ticket’s life over REST', () => {
  it('issues, calls, recalls, serves, transfers, suspends, no-shows, cancels and pauses', async () => {
    const health = await api<{ status: string; store: string; seq: number; version: string }>(
      hall.url,
      'GET',
      '/api/v1/health',
    );
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', store: 'sqlite', seq: 0 });

    const config = await api<RestData<HallConfig>>(hall.url, 'GET', '/api/v1/hall');
    expect(config.status).toBe(200);
    expect(config.body.data.zones).toHaveLength(7);
    expect(config.body.data.windows).toHaveLength(108);
    expect(config.body.data.services.find((s) => s.id === 'bdc-transfer')?.prefix).toBe('A');

    // A screen joins the hall room before anything happens.
    const screen = await connectClient(hall.url);
    const synced = await syncRequest(screen, { after: 0, rooms: ['hall'] });
    expect(synced).toMatchObject({ ok: true, data: { mode: 'snapshot', seq: 0 } });
    const broadcast = collectEvents(screen);

    // Issue (anonymous is allowed in the demo hall).
    const issued = await api<RestData<CommandReply>>(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'bdc-transfer' },
    });
    expect(issued.status).toBe(201);
    const first = issued.body.data;
    expect(first.seq).toBe(1);
    expect(first.ticket?.ticket).toMatchObject({
      id: id('A001'),
      number: 'A001',
      state: 'waiting',
      serviceId: 'bdc-transfer',
      priority: 'normal',
    });
    expect(first.ticket?.ahead).toBe(0);
    expect(first.ticket).toHaveProperty('estimatedWaitMs');
    expect(first.ticket?.estimatedWaitMs).toBeNull(); // no window is open yet
    const a2 = await ok('/api/v1/tickets', undefined, { serviceId: 'bdc-transfer' }, 201);
    expect(a2.ticket?.ticket.number).toBe('A002');
    expect(a2.ticket?.ahead).toBe(1);
    await ok('/api/v1/tickets', undefined, { serviceId: 'bdc-transfer' }, 201); // A003
    await ok('/api/v1/tickets', undefined, { serviceId: 'bdc-transfer' }, 201); // A004

    // Clerk w001 signs in: window 1 opens.
    const w1 = await loginClerk(hall.url, 1);
    await waitFor(() => broadcast.some((e) => e.event.type === 'window.opened'), 5000, 'open');
    const opened = broadcast.find((e) => e.event.type === 'window.opened');
    expect(opened?.actor).toBe('staff:w001');
    expect(opened?.event).toMatchObject({
      window: { windowId: 1, state: 'idle', staffId: 'w001' },
    });
    const windows = await api<RestData<WindowState[]>>(hall.url, 'GET', '/api/v1/windows');
    expect(windows.body.data.find((w) => w.windowId === 1)?.state).toBe('idle');

    // Now a window serves the service: new tickets get an estimate.
    const a5 = await ok('/api/v1/tickets', undefined, { serviceId: 'bdc-transfer' }, 201);
    expect(a5.ticket?.ahead).toBe(4);
    expect(a5.ticket?.estimatedWaitMs).toBeGreaterThan(0);

    // Call next → A001; recall respects the minimum gap.
    const called = await ok('/api/v1/windows/1/call-next', w1);
    expect(ticketOf(called)).toMatchObject({
      number: 'A001',
      state: 'called',
      windowId: 1,
      staffId: 'w001',
    });
    const tooSoon = await refused(
      `/api/v1/tickets/${id('A001')}/recall`,
      w1,
      409,
      'recall_too_soon',
    );
    expect(tooSoon.details?.retryInMs).toBe(GAP_MS);
    hall.advance(GAP_MS - 1);
    await refused(`/api/v1/tickets/${id('A001')}/recall`, w1, 409, 'recall_too_soon');
    hall.advance(1);
    const recalled = await ok(`/api/v1/tickets/${id('A001')}/recall`, w1);
    expect(ticketOf(recalled)).toMatchObject({ recallCount: 1, lastCalledAt: hall.now() });
    expect(ticketOf(await ok(`/api/v1/tickets/${id('A001')}/start`, w1)).state).toBe('serving');
    hall.advance(5 * 60_000);
    const done = ticketOf(await ok(`/api/v1/tickets/${id('A001')}/complete`, w1));
    expect(done).toMatchObject({ state: 'done', finishedAt: hall.now() });

    // A002: three recalls, the fourth is past the limit → automatic no-show.
    expect(ticketOf(await ok('/api/v1/windows/1/call-next', w1)).number).toBe('A002');
    for (let i = 1; i <= 3; i += 1) {
      hall.advance(GAP_MS);
      expect(ticketOf(await ok(`/api/v1/tickets/${id('A002')}/recall`, w1)).recallCount).toBe(i);
    }
    hall.advance(GAP_MS);
    const limit = await ok(`/api/v1/tickets/${id('A002')}/recall`, w1);
    expect(types(limit.events)).toEqual(['ticket.noShow']);
    expect(ticketOf(limit)).toMatchObject({ state: 'no_show', closedReason: 'recall_limit' });
    // The window that handled it reactivates it: back to waiting, recall count reset.
    const back = ticketOf(await ok(`/api/v1/tickets/${id('A002')}/reactivate`, w1));
    expect(back).toMatchObject({ state: 'waiting', recallCount: 0, number: 'A002' });

    // A003: transfer to another service keeps the number (and, by policy, the arrival).
    expect(ticketOf(await ok('/api/v1/windows/1/call-next', w1)).number).toBe('A003');
    const moved = ticketOf(
      await ok(`/api/v1/tickets/${id('A003')}/transfer`, w1, {
        toServiceId: 'bdc-mortgage',
        note: '需办理抵押',
      }),
    );
    expect(moved).toMatchObject({
      id: id('A003'),
      number: 'A003',
      serviceId: 'bdc-mortgage',
      state: 'waiting',
      transferCount: 1,
      note: '需办理抵押',
      targetWindowId: null,
    });
    // It kept its place: still the oldest ticket, so window 1 calls it again.
    expect(ticketOf(await ok('/api/v1/windows/1/call-next', w1)).number).toBe('A003');
    await ok(`/api/v1/tickets/${id('A003')}/start`, w1);

    // Suspend (the visitor fetches a paper) and resume: back to window 1 only.
    const suspended = ticketOf(await ok(`/api/v1/tickets/${id('A003')}/suspend`, w1));
    expect(suspended).toMatchObject({ state: 'suspended', targetWindowId: 1 });
    const resumed = ticketOf(await ok(`/api/v1/tickets/${id('A003')}/resume`, w1));
    expect(resumed).toMatchObject({ state: 'waiting', targetWindowId: 1 });
    const w2 = await loginClerk(hall.url, 2);
    // Window 2 serves the same services but A003 (the oldest) is reserved for window 1.
    expect(ticketOf(await ok('/api/v1/windows/2/call-next', w2)).number).toBe('A004');
    await refused(`/api/v1/windows/2/call`, w2, 409, 'window_busy', { ticketId: id('A003') });
    expect(ticketOf(await ok('/api/v1/windows/1/call-next', w1))).toMatchObject({
      number: 'A003',
      windowId: 1,
      state: 'called',
    });
    await ok(`/api/v1/tickets/${id('A003')}/complete`, w1);
    // A002 re-entered the queue behind A005 (3 places from the front, there were only 3).
    expect(ticketOf(await ok('/api/v1/windows/1/call-next', w1)).number).toBe('A005');
    await ok(`/api/v1/tickets/${id('A005')}/complete`, w1);

    // A002 again: the clerk marks it no-show, the guide desk reactivates, then cancels it.
    expect(ticketOf(await ok('/api/v1/windows/1/call-next', w1)).number).toBe('A002');
    const noShow = ticketOf(await ok(`/api/v1/tickets/${id('A002')}/no-show`, w1));
    expect(noShow).toMatchObject({ state: 'no_show', closedReason: 'clerk' });
    const guide = await login(hall.url, 'guide', DEMO_CLERK_PASSWORD);
    expect(ticketOf(await ok(`/api/v1/tickets/${id('A002')}/reactivate`, guide)).state).toBe(
      'waiting',
    );
    const cancelled = ticketOf(await ok(`/api/v1/tickets/${id('A002')}/cancel`, guide));
    expect(cancelled).toMatchObject({ state: 'cancelled', closedReason: 'clerk' });
    await refused(`/api/v1/tickets/${id('A002')}/cancel`, guide, 409, 'wrong_state');

    // Pause with a reason, resume.
    const paused = await ok('/api/v1/windows/1/pause', w1, { reason: '午休' });
    expect(paused.events[0]?.event).toMatchObject({
      type: 'window.paused',
      window: { windowId: 1, state: 'paused', pauseReason: '午休' },
    });
    await refused('/api/v1/windows/1/call-next', w1, 409, 'window_paused');
    const unpaused = await ok('/api/v1/windows/1/resume', w1);
    expect(unpaused.events[0]?.event).toMatchObject({
      type: 'window.resumed',
      window: { state: 'idle', pauseReason: null },
    });
    await refused('/api/v1/windows/1/call-next', w1, 409, 'no_ticket_waiting');

    // A ticket's state and position.
    await ok('/api/v1/tickets', undefined, { serviceId: 'bdc-transfer' }, 201); // A006
    await ok('/api/v1/tickets', undefined, { serviceId: 'bdc-transfer' }, 201); // A007
    const a7 = await api<RestData<TicketInfo>>(hall.url, 'GET', `/api/v1/tickets/${id('A007')}`);
    expect(a7.status).toBe(200);
    expect(a7.body.data.ticket).toMatchObject({ number: 'A007', state: 'waiting' });
    expect(a7.body.data.ticket.personKey).toBeNull();
    expect(a7.body.data.ahead).toBe(1);
    expect(a7.body.data.estimatedWaitMs).toBeGreaterThan(0);
    const a3 = await api<RestData<TicketInfo>>(hall.url, 'GET', `/api/v1/tickets/${id('A003')}`);
    expect(a3.body.data).toMatchObject({ ahead: 0, ticket: { state: 'done', transferCount: 1 } });
    const missing = await api<RestError>(hall.url, 'GET', `/api/v1/tickets/${id('A999')}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');

    // The event log as admin: every step, in order, with its sender.
    const admin = await loginAdmin(hall.url);
    const log = await readAllEvents(hall.url, admin);
    const anon = 'anonymous';
    const c1 = 'staff:w001';
    const c2 = 'staff:w002';
    const g = 'staff:guide';
    expect(log.map((e) => [e.event.type, e.actor])).toEqual([
      ['ticket.issued', anon],
      ['ticket.issued', anon],
      ['ticket.issued', anon],
      ['ticket.issued', anon],
      ['window.opened', c1],
      ['ticket.issued', anon],
      ['ticket.called', c1],
      ['ticket.recalled', c1],
      ['ticket.started', c1],
      ['ticket.completed', c1],
      ['ticket.called', c1],
      ['ticket.recalled', c1],
      ['ticket.recalled', c1],
      ['ticket.recalled', c1],
      ['ticket.noShow', c1],
      ['ticket.reactivated', c1],
      ['ticket.called', c1],
      ['ticket.transferred', c1],
      ['ticket.called', c1],
      ['ticket.started', c1],
      ['ticket.suspended', c1],
      ['ticket.resumed', c1],
      ['window.opened', c2],
      ['ticket.called', c2],
      ['ticket.called', c1],
      ['ticket.completed', c1],
      ['ticket.called', c1],
      ['ticket.completed', c1],
      ['ticket.called', c1],
      ['ticket.noShow', c1],
      ['ticket.reactivated', g],
      ['ticket.cancelled', g],
      ['window.paused', c1],
      ['window.resumed', c1],
      ['ticket.issued', anon],
      ['ticket.issued', anon],
    ]);
    log.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      expect(e.businessDay).toBe('2026-11-24');
    });
    const health2 = await api<{ seq: number }>(hall.url, 'GET', '/api/v1/health');
    expect(health2.body.seq).toBe(log.length);
    // Paging: after= and limit= walk the same log.
    const page = await api<{ data: LoggedEvent[]; next: string | null }>(
      hall.url,
      'GET',
      '/api/v1/events?after=5&limit=10',
      { token: admin },
    );
    expect(page.body.data.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(page.body.next).toBe('/api/v1/events?after=15&limit=10');

    // The hall-room screen received exactly the same events, in strictly increasing seq.
    await waitFor(() => broadcast.length === log.length, 5000, 'broadcast');
    expect(broadcast.map((e) => e.seq)).toEqual(log.map((e) => e.seq));
    expect(broadcast).toEqual(log);
    for (const type of ['ticket.called', 'ticket.started', 'ticket.completed']) {
      expect(types(broadcast)).toContain(type);
    }
  });
});

describe('a ticket’s life over Socket.IO', () => {
  let sockets: HallClient[] = [];
  afterEach(() => {
    for (const s of sockets) s.close();
    sockets = [];
  });

  async function client(token?: string): Promise<HallClient> {
    const socket = await connectClient(hall.url, token);
    sockets.push(socket);
    return socket;
  }

  it('runs the same flow with socket commands and broadcasts to the zone and window rooms', async () => {
    const kiosk = await client(); // anonymous, allowed to issue in the demo hall
    const token = await loginClerk(hall.url, 3);
    const counter = await client(token);
    const zoneScreen = await client();
    const zoneSync = await syncRequest(zoneScreen, { after: 0, rooms: ['zone:A'] });
    expect(zoneSync.ok).toBe(true);
    if (!zoneSync.ok || zoneSync.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(zoneSync.data.view.windows[3]).toMatchObject({ state: 'idle', staffId: 'w003' });
    expect(Object.keys(zoneSync.data.view.windows)).toHaveLength(22); // zone A's windows
    const zoneEvents = collectEvents(zoneScreen);
    const otherZone = await client();
    await syncRequest(otherZone, { after: 0, rooms: ['zone:F'] });
    const otherEvents = collectEvents(otherZone);

    const issued = await command(kiosk, 'ticket:issue', { serviceId: 'bdc-transfer' });
    expect(issued.ok).toBe(true);
    if (!issued.ok) return;
    expect(issued.data.ticket?.ticket.number).toBe('A001');
    const idempotent = await command(kiosk, 'ticket:issue', {
      serviceId: 'bdc-mortgage',
      priority: 'elderly',
      idempotencyKey: 'kiosk-1:0001',
    });
    expect(idempotent.ok && idempotent.data.ticket?.ticket).toMatchObject({
      number: 'H001',
      priority: 'elderly',
    });

    // Green channel first (priority policy).
    const call1 = await command(counter, 'window:callNext', { windowId: 3 });
    expect(call1.ok && call1.data.ticket?.ticket).toMatchObject({ number: 'H001', windowId: 3 });
    const H001 = id('H001');
    const A001 = id('A001');
    const soon = await command(counter, 'ticket:recall', { ticketId: H001 });
    expect(soon).toMatchObject({ ok: false, error: { code: 'recall_too_soon' } });
    hall.advance(GAP_MS);
    const recall = await command(counter, 'ticket:recall', { ticketId: H001 });
    expect(recall.ok && recall.data.ticket?.ticket.recallCount).toBe(1);
    expect(await command(counter, 'ticket:start', { ticketId: H001 })).toMatchObject({
      ok: true,
      data: { ticket: { ticket: { state: 'serving' } } },
    });
    // Transfer to a named window of another zone (window 105 is in zone G).
    const transfer = await command(counter, 'ticket:transfer', {
      ticketId: H001,
      toWindowId: 105,
    });
    expect(transfer.ok && transfer.data.ticket?.ticket).toMatchObject({
      number: 'H001',
      state: 'waiting',
      targetWindowId: 105,
    });

    const call2 = await command(counter, 'window:callNext', { windowId: 3 });
    expect(call2.ok && call2.data.ticket?.ticket.number).toBe('A001');
    expect(await command(counter, 'ticket:suspend', { ticketId: A001 })).toMatchObject({
      ok: true,
      data: { ticket: { ticket: { state: 'suspended', targetWindowId: 3 } } },
    });
    expect(await command(counter, 'ticket:resume', { ticketId: A001 })).toMatchObject({
      ok: true,
      data: { ticket: { ticket: { state: 'waiting', targetWindowId: 3 } } },
    });
    const call3 = await command(counter, 'window:callNext', { windowId: 3 });
    expect(call3.ok && call3.data.ticket?.ticket.number).toBe('A001');
    expect(await command(counter, 'ticket:noShow', { ticketId: A001 })).toMatchObject({
      ok: true,
      data: { ticket: { ticket: { state: 'no_show' } } },
    });
    expect(await command(counter, 'ticket:reactivate', { ticketId: A001 })).toMatchObject({
      ok: true,
      data: { ticket: { ticket: { state: 'waiting' } } },
    });
    // 特呼: call the named ticket.
    const special = await command(counter, 'ticket:call', { windowId: 3, ticketId: A001 });
    expect(special.ok && special.data.events[0]?.event).toMatchObject({
      type: 'ticket.called',
      specific: true,
    });
    expect(await command(counter, 'ticket:complete', { ticketId: A001 })).toMatchObject({
      ok: true,
      data: { ticket: { ticket: { state: 'done' } } },
    });
    const nobody = await command(counter, 'window:callNext', { windowId: 3 });
    expect(nobody).toMatchObject({ ok: false, error: { code: 'no_ticket_waiting' } });

    await command(kiosk, 'ticket:issue', { serviceId: 'bdc-transfer' }); // A002
    const call4 = await command(counter, 'window:callNext', { windowId: 3 });
    expect(call4.ok && call4.data.ticket?.ticket.number).toBe('A002');
    expect(await command(counter, 'ticket:cancel', { ticketId: id('A002') })).toMatchObject({
      ok: true,
      data: { ticket: { ticket: { state: 'cancelled' } } },
    });

    const pause = await command(counter, 'window:pause', { windowId: 3, reason: '临时离开' });
    expect(pause.ok && pause.data.events[0]?.event).toMatchObject({
      type: 'window.paused',
      window: { pauseReason: '临时离开' },
    });
    const resume = await command(counter, 'window:resume', { windowId: 3 });
    expect(resume.ok && resume.data.events[0]?.event.type).toBe('window.resumed');

    // What the socket did is what REST shows.
    const h1 = await api<RestData<TicketInfo>>(hall.url, 'GET', `/api/v1/tickets/${H001}`);
    expect(h1.body.data.ticket).toMatchObject({ state: 'waiting', targetWindowId: 105 });
    expect(h1.body.data.ahead).toBe(0);

    // Zone A's screen saw every event (H001's transfer too, it left zone A); zone F none.
    const admin = await loginAdmin(hall.url);
    const log = await readAllEvents(hall.url, admin);
    const missed = log.filter((e) => e.seq > zoneSync.data.seq);
    await waitFor(() => zoneEvents.length === missed.length, 5000, 'zone events');
    expect(zoneEvents).toEqual(missed);
    for (let i = 1; i < zoneEvents.length; i += 1) {
      expect(zoneEvents[i]?.seq).toBeGreaterThan(zoneEvents[i - 1]?.seq ?? Infinity);
    }
    expect(otherEvents).toEqual([]);
    expect(log.filter((e) => e.actor === 'staff:w003').length).toBeGreaterThan(10);
    expect(log.filter((e) => e.actor === 'anonymous').map((e) => e.event.type)).toEqual([
      'ticket.issued',
      'ticket.issued',
      'ticket.issued',
    ]);

    // A reconnecting screen resyncs from its last seq: only the missed events of its rooms.
    const late = await client();
    const resync = await syncRequest(late, { after: 2, rooms: ['window:3'] });
    expect(resync.ok && resync.data.mode).toBe('events');
    if (resync.ok && resync.data.mode === 'events') {
      expect(resync.data.seq).toBe(log.length);
      expect(resync.data.events.every((e) => e.seq > 2)).toBe(true);
      expect(resync.data.events.length).toBeGreaterThan(5);
    }
  });
});

describe('personal data on the wire', () => {
  it('ID numbers are masked and the per-person key never leaves the server', async () => {
    const idNumber = '110101199003071233';
    const screen = await connectClient(hall.url);
    await syncRequest(screen, { after: 0, rooms: ['hall'] });
    const broadcast = collectEvents(screen);
    const kiosk = await connectClient(hall.url);
    const issued = await command(kiosk, 'ticket:issue', { serviceId: 'bdc-query', idNumber });
    expect(issued.ok && issued.data.ticket?.ticket.personMasked).toBe('1101**********1233');
    const rest = await api<RestData<CommandReply>>(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'bdc-query', idNumber: idNumber.toLowerCase() },
    });
    expect(rest.status).toBe(201);
    await command(kiosk, 'ticket:issue', { serviceId: 'bdc-query', idNumber });
    // The per-person daily limit (3 for enquiries) works on the hidden key.
    const fourth = await command(kiosk, 'ticket:issue', { serviceId: 'bdc-query', idNumber });
    expect(fourth).toMatchObject({ ok: false, error: { code: 'per_person_limit' } });
    const other = await command(kiosk, 'ticket:issue', {
      serviceId: 'bdc-query',
      idNumber: '320102194501010022',
    });
    expect(other.ok).toBe(true);

    const token = await loginClerk(hall.url, 16); // a citizen window
    const call = await api<RestData<CommandReply>>(
      hall.url,
      'POST',
      '/api/v1/windows/16/call-next',
      {
        token,
      },
    );
    expect(call.status).toBe(200);
    const late = await connectClient(hall.url);
    const snapshot = await syncRequest(late, { after: 0, rooms: ['hall'] });
    const info = await api(hall.url, 'GET', `/api/v1/tickets/${id('J001')}`);
    const stored = hall.server.hall.state.day.tickets.get(ticketId(id('J001')));

    // The business day closes (its event carries the tickets it closed).
    hall.setNow(Date.UTC(2026, 10, 24, 16, 0, 1)); // 2026-11-25 00:00:01 in Shanghai
    const admin = await loginAdmin(hall.url);
    const close = await api(hall.url, 'POST', '/api/v1/day/close', { token: admin });
    expect([200, 409]).toContain(close.status); // the clock's rollover may come first
    const log = await readAllEvents(hall.url, admin);
    const closed = log.find((e) => e.event.type === 'day.closed');
    expect(closed?.event).toMatchObject({ closedDay: '2026-11-24', nextDay: '2026-11-25' });
    const closedTickets = closed?.event.type === 'day.closed' ? closed.event.tickets : [];
    expect(closedTickets.filter((t) => t.personMasked !== null).length).toBeGreaterThan(1);
    expect(closedTickets.every((t) => t.personKey === null)).toBe(true);
    await waitFor(() => broadcast.length === log.length, 5000, 'broadcast');

    const wire = JSON.stringify([issued, rest.body, other, call.body, snapshot, log, broadcast]);
    expect(stored?.personKey).toMatch(/^[0-9a-f]{64}$/);
    const personKey = stored?.personKey ?? 'missing';
    for (const [what, text] of [
      ['command replies', JSON.stringify([issued, rest.body, other, call.body])],
      ['sync snapshot', JSON.stringify(snapshot)],
      ['event log', JSON.stringify(log)],
      ['broadcast', JSON.stringify(broadcast)],
      ['ticket info', JSON.stringify(info.body)],
    ] as const) {
      expect(text, what).not.toContain(idNumber);
      expect(text, what).not.toContain(personKey);
    }
    expect(wire).toContain('1101**********1233');
  });
});
