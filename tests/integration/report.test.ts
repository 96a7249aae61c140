/**
 * The month report (`HallStore.monthReport`): issued and served tickets with mean and p90
 * (nearest rank) wait and handling, in total, by service and by window, against small
 * fixtures computed by hand — one written through the store, one played through the real
 * server's commands with a controlled clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  businessDay,
  makeTicketId,
  serviceId,
  windowId,
  type BusinessDay,
  type Ticket,
  type TicketState,
} from '@hallq/shared';
import { openSqliteStore } from '@hallq/server';
import type { HallStore } from '../../server/src/store.ts';
import { command, connectClient, loginClerk, startTestHall } from '../support/hall.ts';

const MIN = 60_000;

interface Spec {
  readonly day: string;
  readonly number: string;
  readonly service: string;
  readonly state: TicketState;
  readonly window?: number;
  /** Minutes after issue. */
  readonly called?: number;
  readonly started?: number;
  readonly finished?: number;
}

/** A ticket issued at 09:00 UTC of its day, with its times in minutes after that. */
function ticket(spec: Spec): Ticket {
  const day: BusinessDay = businessDay(spec.day);
  const issuedAt = Date.parse(`${spec.day}T09:00:00Z`);
  const at = (minutes: number | undefined): number | null =>
    minutes === undefined ? null : issuedAt + minutes * MIN;
  return {
    id: makeTicketId(day, spec.number),
    number: spec.number,
    businessDay: day,
    seq: Number(spec.number.slice(1)),
    serviceId: serviceId(spec.service),
    priority: 'normal',
    state: spec.state,
    channel: 'kiosk',
    issuedAt,
    queuedAt: issuedAt,
    sortKey: issuedAt,
    targetWindowId: null,
    windowId: spec.window === undefined ? null : windowId(spec.window),
    staffId: null,
    calledAt: at(spec.called),
    lastCalledAt: at(spec.called),
    recallCount: 0,
    startedAt: at(spec.started),
    finishedAt: at(spec.finished),
    transferCount: 0,
    note: null,
    personKey: null,
    personMasked: null,
    appointmentId: null,
    rating: null,
    closedReason: null,
  };
}

async function write(store: HallStore, tickets: readonly Ticket[]): Promise<void> {
  for (const t of tickets) {
    await store.commit({
      businessDay: t.businessDay,
      actor: 'system',
      events: [{ type: 'ticket.issued', at: t.issuedAt, ticket: t }],
      tickets: [t],
      windows: [],
      counters: [],
      idempotency: null,
      audit: { at: t.issuedAt, actor: 'system', command: 'test', payload: null, outcome: 'ok' },
      newBusinessDay: null,
      config: null,
    });
  }
}

describe('month report from the store', () => {
  let dir = '';
  let store: HallStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hallq-report-'));
    store = await openSqliteStore({ file: join(dir, 'hallq.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts and times a month by service and window, and nothing outside it', async () => {
    await write(store, [
      // October 2026. Service a: three served, one no-show, one still at the window.
      ticket({
        day: '2026-10-08',
        number: 'A001',
        service: 'a',
        state: 'done',
        window: 1,
        called: 5,
        started: 6,
        finished: 16,
      }),
      ticket({
        day: '2026-10-15',
        number: 'A001',
        service: 'a',
        state: 'done',
        window: 1,
        called: 10,
        started: 10,
        finished: 30,
      }),
      ticket({
        day: '2026-10-31',
        number: 'A001',
        service: 'a',
        state: 'done',
        window: 2,
        called: 15,
        started: 16,
        finished: 21,
      }),
      ticket({
        day: '2026-10-20',
        number: 'A001',
        service: 'a',
        state: 'no_show',
        window: 2,
        called: 20,
        finished: 22,
      }),
      ticket({
        day: '2026-10-10',
        number: 'A001',
        service: 'a',
        state: 'serving',
        window: 1,
        called: 3,
        started: 4,
      }),
      // Service b: one cancelled before any call, one served.
      ticket({ day: '2026-10-01', number: 'B001', service: 'b', state: 'cancelled', finished: 30 }),
      ticket({
        day: '2026-10-02',
        number: 'B001',
        service: 'b',
        state: 'done',
        window: 2,
        called: 1,
        started: 2,
        finished: 4,
      }),
      // Outside October: the day before and the day after.
      ticket({
        day: '2026-09-30',
        number: 'B001',
        service: 'b',
        state: 'done',
        window: 1,
        called: 99,
        started: 99,
        finished: 199,
      }),
      ticket({
        day: '2026-11-01',
        number: 'B001',
        service: 'b',
        state: 'done',
        window: 1,
        called: 99,
        started: 99,
        finished: 199,
      }),
    ]);

    const report = await store.monthReport('2026-10');
    // Waits (min): a 5, 10, 15; b 1. Handling (min): a 10, 20, 5; b 2.
    expect(report).toEqual({
      month: '2026-10',
      total: {
        issued: 7,
        served: 4,
        meanWaitMs: (31 / 4) * MIN, // (5 + 10 + 15 + 1) / 4
        p90WaitMs: 15 * MIN, // rank ⌈3.6⌉ = 4 of 1, 5, 10, 15
        meanHandlingMs: (37 / 4) * MIN, // (10 + 20 + 5 + 2) / 4
        p90HandlingMs: 20 * MIN,
      },
      byService: [
        {
          serviceId: 'a',
          issued: 5,
          served: 3,
          meanWaitMs: 10 * MIN,
          p90WaitMs: 15 * MIN, // rank ⌈2.7⌉ = 3
          meanHandlingMs: 700_000, // (10 + 20 + 5) / 3 min
          p90HandlingMs: 20 * MIN,
        },
        {
          serviceId: 'b',
          issued: 2,
          served: 1,
          meanWaitMs: 1 * MIN,
          p90WaitMs: 1 * MIN,
          meanHandlingMs: 2 * MIN,
          p90HandlingMs: 2 * MIN,
        },
      ],
      byWindow: [
        {
          windowId: 1,
          called: 3, // two served, one serving
          served: 2,
          meanWaitMs: 7.5 * MIN,
          p90WaitMs: 10 * MIN, // rank ⌈1.8⌉ = 2
          meanHandlingMs: 15 * MIN,
          p90HandlingMs: 20 * MIN,
        },
        {
          windowId: 2,
          called: 3, // two served, one no-show
          served: 2,
          meanWaitMs: 8 * MIN,
          p90WaitMs: 15 * MIN,
          meanHandlingMs: 3.5 * MIN,
          p90HandlingMs: 5 * MIN,
        },
      ],
    });
  });

  it('takes the nearest rank for p90 and ends December at the turn of the year', async () => {
    // Ten served tickets with waits of 1…10 min and handling of 10…100 min, and one on
    // 2027-01-01 that belongs to January.
    const december = Array.from({ length: 10 }, (_, i) =>
      ticket({
        day: `2026-12-${String(i + 1).padStart(2, '0')}`,
        number: 'C001',
        service: 'c',
        state: 'done',
        window: 7,
        called: i + 1,
        started: i + 1,
        finished: i + 1 + 10 * (i + 1),
      }),
    );
    await write(store, [
      ...december,
      ticket({
        day: '2027-01-01',
        number: 'C001',
        service: 'c',
        state: 'done',
        window: 7,
        called: 500,
        started: 500,
        finished: 900,
      }),
    ]);
    const report = await store.monthReport('2026-12');
    expect(report.total).toEqual({
      issued: 10,
      served: 10,
      meanWaitMs: 5.5 * MIN,
      p90WaitMs: 9 * MIN, // rank ⌈9⌉ = 9
      meanHandlingMs: 55 * MIN,
      p90HandlingMs: 90 * MIN,
    });
    expect((await store.monthReport('2027-01')).total).toMatchObject({ issued: 1, served: 1 });
  });

  it('reports an empty month with nulls and refuses a malformed month', async () => {
    expect(await store.monthReport('2025-02')).toEqual({
      month: '2025-02',
      total: {
        issued: 0,
        served: 0,
        meanWaitMs: null,
        p90WaitMs: null,
        meanHandlingMs: null,
        p90HandlingMs: null,
      },
      byService: [],
      byWindow: [],
    });
    for (const bad of ['2026-13', '2026-1', '26-10', '2026-10-01', '']) {
      await expect(store.monthReport(bad)).rejects.toThrow(RangeError);
    }
  });

  it('reads the month from the covering index, not the ticket rows', async () => {
    await store.close();
    const db = new Database(join(dir, 'hallq.db'), { readonly: true });
    try {
      const plan = db
        .prepare<[string, string], { detail: string }>(
          `EXPLAIN QUERY PLAN
           SELECT service_id, window_id, state, issued_at, called_at, started_at, finished_at
           FROM tickets WHERE business_day >= ? AND business_day < ?`,
        )
        .all('2026-10-01', '2026-11-01');
      // tickets_period (migration 6) replaced tickets_report with a superset of its columns.
      expect(plan.map((row) => row.detail).join(' ')).toContain('COVERING INDEX tickets_period');
    } finally {
      db.close();
    }
    store = await openSqliteStore({ file: join(dir, 'hallq.db') });
  });
});

describe('month report of a day played through the server', () => {
  it('matches the clerk’s served tickets, waits and handling times', async () => {
    // 2026-11-24 10:00 in Asia/Shanghai.
    const hall = await startTestHall({ start: Date.UTC(2026, 10, 24, 2, 0) });
    try {
      const kiosk = await connectClient(hall.url);
      const clerk = await connectClient(hall.url, await loginClerk(hall.url, 1));
      const issue = async (service: string): Promise<string> => {
        const ack = await command(kiosk, 'ticket:issue', {
          serviceId: service,
          priority: 'normal',
        });
        if (!ack.ok || ack.data.ticket === null) throw new Error(JSON.stringify(ack));
        return ack.data.ticket.ticket.id;
      };
      const act = async (
        name: 'ticket:start' | 'ticket:complete' | 'ticket:noShow',
        ticketId: string,
      ): Promise<void> => {
        const ack = await command(clerk, name, { ticketId });
        expect(ack.ok, JSON.stringify(ack)).toBe(true);
      };
      const callNext = async (): Promise<string> => {
        const ack = await command(clerk, 'window:callNext', { windowId: 1 });
        if (!ack.ok || ack.data.ticket === null) throw new Error(JSON.stringify(ack));
        return ack.data.ticket.ticket.id;
      };

      // 10:00 H001 and K001 issued; 10:04 H001 called, 10:05 started, 10:17 done.
      const h1 = await issue('bdc-mortgage');
      await issue('utility-transfer');
      hall.advance(4 * MIN);
      expect(await callNext()).toBe(h1);
      hall.advance(MIN);
      await act('ticket:start', h1);
      hall.advance(12 * MIN);
      await act('ticket:complete', h1);
      // 10:17 K001 called and completed at 10:25 without a start (handling from the call).
      const k1 = await callNext();
      hall.advance(8 * MIN);
      await act('ticket:complete', k1);
      // 10:25 H002 issued, 10:27 called, 10:28 a no-show.
      await issue('bdc-mortgage');
      hall.advance(2 * MIN);
      const h2 = await callNext();
      hall.advance(MIN);
      await act('ticket:noShow', h2);

      const report = await hall.server.store.monthReport('2026-11');
      // Waits: H001 4 min, K001 17 min. Handling: H001 12 min, K001 8 min.
      expect(report.total).toEqual({
        issued: 3,
        served: 2,
        meanWaitMs: 10.5 * MIN,
        p90WaitMs: 17 * MIN,
        meanHandlingMs: 10 * MIN,
        p90HandlingMs: 12 * MIN,
      });
      expect(report.byService.map((s) => [s.serviceId, s.issued, s.served])).toEqual([
        ['bdc-mortgage', 2, 1],
        ['utility-transfer', 1, 1],
      ]);
      expect(report.byWindow).toEqual([
        {
          windowId: 1,
          called: 3,
          served: 2,
          meanWaitMs: 10.5 * MIN,
          p90WaitMs: 17 * MIN,
          meanHandlingMs: 10 * MIN,
          p90HandlingMs: 12 * MIN,
        },
      ]);
    } finally {
      await hall.close();
    }
  });
});
