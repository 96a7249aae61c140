/**
 * Time and storage edge cases (brief §4 "business-day close … nothing is deleted", §5.4):
 * the business day rolls over at the hall's close time (demo hall: 00:00 Asia/Shanghai),
 * also when the server was down at that moment; a clock moved backwards breaks nothing; a
 * full disk refuses writes with `storage_full` over REST and Socket.IO alike (sign-ins too)
 * and keeps what is there intact, across a restart on the full disk and after space is freed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandReply, DayClosed, LoggedEvent, Ticket, WindowState } from '@hallq/shared';
import { integrityCheck } from '../../server/src/db/sqlite-store.ts';
import {
  api,
  command,
  connectClient,
  dbState,
  DEFAULT_START,
  login,
  readAllEvents,
  startTestHall,
  type HallClient,
  type TestHall,
} from '../support/hall.ts';

const HOUR = 3_600_000;
/** 2026-11-25 00:00 in Asia/Shanghai (UTC+8), the close of business day 2026-11-24. */
const MIDNIGHT = Date.UTC(2026, 10, 24, 16, 0);

const halls: TestHall[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const hall of halls.splice(0)) await hall.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(options: Parameters<typeof startTestHall>[0] = {}): Promise<TestHall> {
  const hall = await startTestHall(options);
  halls.push(hall);
  return hall;
}

type IssueReply = { data: CommandReply } | { error: { code: string } };

async function issue(hall: TestHall, serviceId = 'bdc-transfer'): Promise<Ticket> {
  const response = await api<IssueReply>(hall.url, 'POST', '/api/v1/tickets', {
    body: { serviceId },
  });
  if (response.status !== 201 || !('data' in response.body)) {
    throw new Error(`issue: ${response.status} ${JSON.stringify(response.body)}`);
  }
  const ticket = response.body.data.ticket?.ticket;
  if (ticket === undefined) throw new Error('issue without a ticket');
  return ticket;
}

async function getTicket(hall: TestHall, id: string): Promise<Ticket> {
  const response = await api<{ data: { ticket: Ticket } }>(
    hall.url,
    'GET',
    `/api/v1/tickets/${id}`,
  );
  expect(response.status, id).toBe(200);
  return response.body.data.ticket;
}

async function ok(reply: ReturnType<typeof command>): Promise<CommandReply> {
  const result = await reply;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function clerkAt(hall: TestHall, windowId: number): Promise<HallClient> {
  const token = await login(hall.url, `w${String(windowId).padStart(3, '0')}`, 'demo');
  return connectClient(hall.url, token);
}

/** Tickets waiting, called, serving and suspended at window 1 on business day 2026-11-24. */
async function busyDay(hall: TestHall): Promise<Record<string, Ticket>> {
  const served = await issue(hall);
  const suspended = await issue(hall);
  const called = await issue(hall);
  const waiting = await issue(hall);
  const clerk = await clerkAt(hall, 1);
  const first = await ok(command(clerk, 'window:callNext', { windowId: 1 }));
  expect(first.ticket?.ticket.id).toBe(served.id);
  await ok(command(clerk, 'ticket:start', { ticketId: served.id }));
  const clerk2 = await clerkAt(hall, 2);
  await ok(command(clerk2, 'window:callNext', { windowId: 2 }));
  await ok(command(clerk2, 'ticket:suspend', { ticketId: suspended.id }));
  await ok(command(clerk2, 'window:callNext', { windowId: 2 }));
  expect(hall.server.hall.state.day.tickets.get(called.id)?.state).toBe('called');
  expect(hall.server.hall.state.day.tickets.get(suspended.id)?.state).toBe('suspended');
  clerk.close();
  clerk2.close();
  return { served, called, suspended, waiting };
}

async function expectClosedDay(hall: TestHall, tickets: Record<string, Ticket>): Promise<void> {
  // The next command closes the day first; the new day starts at A001 again, under a new id.
  const next = await issue(hall);
  expect(next.number).toBe('A001');
  expect(next.businessDay).toBe('2026-11-25');
  expect(next.id).toBe('20261125-A001');
  const admin = await login(hall.url, 'admin', 'demo-admin');
  const events = await readAllEvents(hall.url, admin);
  const closes = events.filter(
    (l): l is LoggedEvent & { event: DayClosed } => l.event.type === 'day.closed',
  );
  expect(closes).toHaveLength(1);
  const close = closes[0]?.event;
  expect(close?.closedDay).toBe('2026-11-24');
  expect(close?.nextDay).toBe('2026-11-25');
  expect(hall.server.hall.state.day.businessDay).toBe('2026-11-25');

  // Nothing deleted: yesterday's tickets are still readable, closed by the policy.
  const { served, called, suspended, waiting } = tickets;
  if (!served || !called || !suspended || !waiting) throw new Error('missing ticket');
  const done = await getTicket(hall, served.id);
  expect(done.state).toBe('done');
  for (const t of [called, suspended, waiting]) {
    const closed = await getTicket(hall, t.id);
    expect(closed.state, t.number).toBe('cancelled');
    expect(closed.closedReason, t.number).toBe('day_closed');
    expect(closed.businessDay).toBe('2026-11-24');
  }
  const windows = await api<{ data: WindowState[] }>(hall.url, 'GET', '/api/v1/windows');
  expect(windows.body.data.length).toBe(108);
  for (const w of windows.body.data) {
    expect(w.state, `window ${w.windowId}`).toBe('closed');
    expect(w.staffId).toBeNull();
    expect(w.currentTicketId).toBeNull();
  }

  expect((await getTicket(hall, served.id)).number).toBe('A001');
}

describe('business-day rollover', () => {
  it('closes the day at midnight Asia/Shanghai on the next command', async () => {
    const hall = await open();
    const tickets = await busyDay(hall);
    hall.setNow(MIDNIGHT - 60_000); // 23:59: still the same day
    const lateClerk = await login(hall.url, 'w003', 'demo');
    await hall.server.hall.rolloverIfDue();
    expect(hall.server.hall.state.day.businessDay).toBe('2026-11-24');
    hall.setNow(MIDNIGHT + 30_000);
    await expectClosedDay(hall, tickets);
    // Clerks are signed out: the next day starts clean, they sign in again at their windows.
    const me = await api(hall.url, 'GET', '/api/v1/auth/me', { token: lateClerk });
    expect(me.status).toBe(401);
    const admin = await login(hall.url, 'admin', 'demo-admin');
    expect((await api(hall.url, 'GET', '/api/v1/auth/me', { token: admin })).status).toBe(200);
  });

  it('closes the day through rolloverIfDue (the timer) without any command', async () => {
    const hall = await open();
    await issue(hall);
    const seq = hall.server.hall.currentSeq;
    hall.setNow(MIDNIGHT + 1000);
    await hall.server.hall.rolloverIfDue();
    expect(hall.server.hall.currentSeq).toBe(seq + 1);
    expect(hall.server.hall.state.day.businessDay).toBe('2026-11-25');
    await hall.server.hall.rolloverIfDue(); // once only
    expect(hall.server.hall.currentSeq).toBe(seq + 1);
  });

  it('rolls over on start-up when the server was down across midnight', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hallq-day-'));
    dirs.push(dataDir);
    const first = await open({ dataDir });
    const tickets = await busyDay(first);
    await first.close();

    const second = await open({ dataDir, start: MIDNIGHT + 9 * HOUR }); // 09:00 next morning
    expect(second.server.hall.state.day.businessDay).toBe('2026-11-25');
    const health = await api<{ businessDay: string }>(second.url, 'GET', '/api/v1/health');
    expect(health.body.businessDay).toBe('2026-11-25');
    await expectClosedDay(second, tickets);
    expect(integrityCheck(join(dataDir, 'hallq.db'))).toBe('ok');
    // The closed day was backed up online: a consistent copy holding its tickets.
    await second.close();
    const copy = join(dataDir, 'backups', 'hallq-2026-11-24.db');
    expect(integrityCheck(copy)).toBe('ok');
    const db = new Database(copy, { readonly: true });
    const rows = db
      .prepare('SELECT COUNT(*) AS n FROM tickets WHERE business_day = ?')
      .get('2026-11-24') as { n: number };
    db.close();
    expect(rows.n).toBe(Object.keys(tickets).length);
  });

  it('skips a whole missed day in one close (down for two nights)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hallq-day-'));
    dirs.push(dataDir);
    const first = await open({ dataDir });
    const ticket = await issue(first);
    await first.close();
    const second = await open({ dataDir, start: MIDNIGHT + 33 * HOUR }); // 2026-11-26 09:00
    expect(second.server.hall.state.day.businessDay).toBe('2026-11-26');
    const old = await getTicket(second, ticket.id);
    expect(old.state).toBe('cancelled');
    const next = await issue(second);
    expect(next.id).toBe('20261126-A001');
  });
});

describe('clock moved backwards', () => {
  it('keeps issuing and calling within the day, numbers still increasing', async () => {
    const hall = await open();
    const a = await issue(hall);
    const b = await issue(hall);
    hall.advance(-2 * HOUR);
    const c = await issue(hall);
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    expect(c.number).toBe('A003');
    expect(c.businessDay).toBe(a.businessDay);
    // Pinned: the earlier wall clock makes C look as if it arrived first.
    expect(c.issuedAt).toBeLessThan(a.issuedAt);

    const clerk = await clerkAt(hall, 1);
    const called: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const reply = await ok(command(clerk, 'window:callNext', { windowId: 1 }));
      const ticket = reply.ticket?.ticket;
      if (ticket === undefined) throw new Error('no ticket called');
      called.push(ticket.number);
      hall.advance(-60_000); // completing "before" the call
      const done = await ok(command(clerk, 'ticket:complete', { ticketId: ticket.id }));
      const event = done.events.find((l) => l.event.type === 'ticket.completed')?.event;
      expect(event?.type === 'ticket.completed' ? event.handlingMs : -1).toBe(0);
    }
    expect([...called].sort()).toEqual(['A001', 'A002', 'A003']);
    expect((await issue(hall)).number).toBe('A004');
    clerk.close();
  });

  it('does not reopen the previous day when the clock goes back across midnight', async () => {
    const hall = await open();
    await issue(hall);
    hall.setNow(MIDNIGHT + 5 * 60_000);
    const today = await issue(hall);
    expect(today.id).toBe('20261125-A001');
    hall.setNow(MIDNIGHT - 10 * 60_000); // 23:50 the evening before
    const later = await issue(hall);
    expect(later.id).toBe('20261125-A002');
    expect(hall.server.hall.state.day.businessDay).toBe('2026-11-25');
    const health = await api(hall.url, 'GET', '/api/v1/health');
    expect(health.status).toBe(200);
  });
});

describe('full disk', () => {
  it('answers storage_full (507), stays up and keeps what was saved', async () => {
    const hall = await open({ server: { maxDbBytes: 320 * 1024 } });
    expect(hall.now()).toBe(DEFAULT_START);
    const saved: Ticket[] = [];
    let refused: { status: number; body: unknown } | null = null;
    for (let i = 0; i < 3000 && refused === null; i += 1) {
      const response = await api<IssueReply>(hall.url, 'POST', '/api/v1/tickets', {
        body: { serviceId: 'bdc-mortgage', idempotencyKey: `full-key-${i}` },
      });
      if (response.status === 201 && 'data' in response.body) {
        const ticket = response.body.data.ticket?.ticket;
        if (ticket !== undefined) saved.push(ticket);
      } else {
        refused = response;
      }
    }
    if (refused === null) throw new Error('the database never filled up');
    expect(saved.length).toBeGreaterThan(10);
    expect(refused.status).toBe(507);
    expect(refused.body).toMatchObject({ error: { code: 'storage_full' } });

    // Nothing half-written: memory and store agree and a retry changes nothing either.
    const before = await dbState(hall.server);
    expect(before.seq).toBe(before.storeSeq);
    const memory = JSON.parse(before.memory) as { tickets: unknown; counters: unknown };
    const stored0 = JSON.parse(before.stored) as { tickets: unknown; counters: unknown };
    expect(memory.tickets).toEqual(stored0.tickets);
    expect(memory.counters).toEqual(stored0.counters);
    const again = await api(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'bdc-mortgage', idempotencyKey: `full-key-${saved.length}` },
    });
    expect(again.status).toBe(507);
    expect(await dbState(hall.server)).toEqual(before);

    // Still up: reads work and every saved ticket is intact.
    const health = await api<{ status: string }>(hall.url, 'GET', '/api/v1/health');
    expect(health.body.status).toBe('ok');
    for (const t of [saved[0], saved[saved.length - 1]]) {
      if (t === undefined) continue;
      expect(await getTicket(hall, t.id)).toEqual({ ...t, personKey: null });
    }
    const stored = await hall.server.store.loadDay();
    expect(stored?.tickets.length).toBe(saved.length);
    // A retried acknowledged issue still answers from the idempotency table.
    const retry = await api<IssueReply>(hall.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'bdc-mortgage', idempotencyKey: 'full-key-0' },
    });
    expect(retry.status).toBe(201);
    expect('data' in retry.body && retry.body.data.ticket?.ticket.id).toBe(saved[0]?.id);
    expect(integrityCheck(join(hall.dataDir, 'hallq.db'))).toBe('ok');
  });

  it('tells the kiosk over Socket.IO and REST alike, and a restart loses nothing acknowledged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hallq-full-'));
    dirs.push(dataDir);
    const limit = { maxDbBytes: 320 * 1024 };
    const hall = await open({ dataDir, server: limit });
    const kiosk = await connectClient(hall.url);
    const clerk = await clerkAt(hall, 1);
    const issued: CommandReply[] = [];
    const calls: CommandReply[] = [];
    const clerkActs = (): ReturnType<typeof command> => {
      const current = hall.server.hall.state.day.windows.get(1 as never)?.currentTicketId ?? null;
      return current === null
        ? command(clerk, 'window:callNext', { windowId: 1 })
        : command(clerk, 'ticket:complete', { ticketId: current });
    };
    // Issue over Socket.IO, calling at window 1 now and then, until the disk is full.
    let refusal: Awaited<ReturnType<typeof command>> | null = null;
    for (let i = 0; i < 3000 && refusal === null; i += 1) {
      const reply = await command(kiosk, 'ticket:issue', {
        serviceId: 'deed-tax',
        idempotencyKey: `socket-full-${i}`,
      });
      if (!reply.ok) refusal = reply;
      else issued.push(reply.data);
      if (i % 3 === 0) {
        const called = await clerkActs();
        if (called.ok) calls.push(called.data);
      }
    }
    expect(issued.length).toBeGreaterThan(10);
    expect(calls.length).toBeGreaterThan(3);

    // The kiosk's error, the same over both transports: a code its screen translates and a
    // message for the log. (A smaller write may still fit a last free page: kiosks retry.)
    const message = 'The server disk is full: nothing was saved. Tell the hall IT staff.';
    expect(refusal).toEqual({ ok: false, error: { code: 'storage_full', message } });
    const issueOverRest = () =>
      api<{ data: CommandReply }>(hall.url, 'POST', '/api/v1/tickets', {
        body: { serviceId: 'deed-tax' },
      });
    let rest = await issueOverRest();
    for (let i = 0; rest.status === 201 && i < 100; i += 1) {
      issued.push(rest.body.data);
      rest = await issueOverRest();
    }
    expect(rest.status).toBe(507);
    expect(rest.body).toEqual({ error: { code: 'storage_full', message } });
    const i18n = readFileSync(join(import.meta.dirname, '../../shared/src/ui/i18n.tsx'), 'utf8');
    const texts = [...i18n.matchAll(/'error\.storage_full': '([^']+)'/g)].map((m) => m[1]);
    expect(texts).toEqual([
      '服务器存储已满，请联系大厅管理员。',
      'The server storage is full; call the hall staff.',
    ]);

    // Calls are refused too, leaving the window and its ticket as they were.
    let call = await clerkActs();
    for (let i = 0; call.ok && i < 100; i += 1) {
      calls.push(call.data);
      call = await clerkActs();
    }
    expect(call).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    // A sign-in writes its session outside the command queue: refused the same way (507).
    const signIn = () =>
      api(hall.url, 'POST', '/api/v1/auth/login', { body: { staffId: 'w002', password: 'demo' } });
    let signedIn = await signIn();
    for (let i = 0; signedIn.status === 200 && i < 100; i += 1) signedIn = await signIn();
    expect(signedIn.status).toBe(507);
    expect(signedIn.body).toEqual({ error: { code: 'storage_full', message } });
    const before = await dbState(hall.server);
    expect(await clerkActs()).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    expect((await issueOverRest()).status).toBe(507);
    expect(await dbState(hall.server)).toEqual(before);
    expect(integrityCheck(join(dataDir, 'hallq.db'))).toBe('ok');
    kiosk.close();
    clerk.close();
    await hall.close();

    // Restarted on the full disk: everything acknowledged is there, and writes are refused.
    const again = await open({ dataDir, server: limit });
    const check = async (running: TestHall): Promise<void> => {
      for (const reply of [...issued, ...calls]) {
        const acked = reply.ticket?.ticket;
        if (acked === undefined) throw new Error('no ticket');
        const stored = await getTicket(running, acked.id);
        expect(stored.number).toBe(acked.number);
        expect(stored.issuedAt).toBe(acked.issuedAt);
      }
      for (const reply of calls) {
        const acked = reply.ticket?.ticket;
        if (acked !== undefined && acked.state === 'done') {
          expect((await getTicket(running, acked.id)).state).toBe('done');
        }
      }
      const seqs = [...issued, ...calls].map((r) => r.seq);
      expect(running.server.hall.currentSeq).toBeGreaterThanOrEqual(Math.max(...seqs));
    };
    await check(again);
    let full = await api<{ data: CommandReply }>(again.url, 'POST', '/api/v1/tickets', {
      body: { serviceId: 'deed-tax' },
    });
    for (let i = 0; full.status === 201 && i < 100; i += 1) {
      issued.push(full.body.data);
      full = await api(again.url, 'POST', '/api/v1/tickets', { body: { serviceId: 'deed-tax' } });
    }
    expect(full.status).toBe(507);
    await again.close();
    expect(integrityCheck(join(dataDir, 'hallq.db'))).toBe('ok');

    // Space freed: the next ticket takes the next number, none repeats.
    const freed = await open({ dataDir });
    await check(freed);
    const next = await issue(freed, 'deed-tax');
    const last = issued.at(-1)?.ticket?.ticket;
    expect(next.seq).toBe((last?.seq ?? 0) + 1);
    expect(integrityCheck(join(dataDir, 'hallq.db'))).toBe('ok');
  });
});
