/**
 * Bad-rating work orders (差评整改, issue 8): every 不满意/非常不满意 rating opens exactly one order
 * (also one committed while the server could not open it, at the next start); the callback
 * log, rectification, appeal and closure over REST with typed refusals that change nothing;
 * zone leads limited to their zones; the report's figures against a hand-computed fixture.
 */
import { describe, expect, it } from 'vitest';
import type { CommandReply, DomainEvent, LoggedEvent, Ticket, WorkOrder } from '@hallq/shared';
import type { WorkOrderStats } from '../../shared/src/domain/work-orders.ts';
import {
  api,
  auditRows,
  collectEvents,
  command,
  connectClient,
  loginAdmin,
  loginClerk,
  login,
  readAllEvents,
  startTestHall,
  syncRequest,
  useTestHall,
  waitFor,
  type RestData,
  type RestError,
  type TestHall,
} from '../support/hall.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface OrderList {
  readonly data: readonly WorkOrder[];
  readonly now: number;
}
interface Report {
  readonly from: string;
  readonly to: string;
  readonly total: WorkOrderStats;
  readonly byZone: readonly { readonly zoneId: string; readonly stats: WorkOrderStats }[];
}

/** Issues a ticket of `serviceId`, serves it at `windowId` and returns its id. */
async function served(hall: TestHall, token: string, windowId: number, serviceId: string) {
  const issued = await api<RestData<CommandReply>>(hall.url, 'POST', '/api/v1/tickets', {
    body: { serviceId },
  });
  expect(issued.status).toBe(201);
  const id = issued.body.data.ticket?.ticket.id ?? '';
  const steps = [`/api/v1/windows/${windowId}/call-next`, `/api/v1/tickets/${id}/start`];
  for (const path of steps) expect((await api(hall.url, 'POST', path, { token })).status).toBe(200);
  hall.advance(3 * 60_000);
  const done = await api(hall.url, 'POST', `/api/v1/tickets/${id}/complete`, { token });
  expect(done.status).toBe(200);
  return id;
}

async function rate(hall: TestHall, id: string, score: string): Promise<void> {
  const bad = score === 'dissatisfied' || score === 'very_dissatisfied';
  const rated = await api(hall.url, 'POST', `/api/v1/tickets/${id}/rate`, {
    body: bad ? { score, reasons: ['attitude'], comment: '态度差' } : { score },
  });
  expect(rated.status).toBe(200);
}

/** Waits for the order of a ticket (opened asynchronously after the rating's commit). */
async function orderOf(hall: TestHall, ticketId: string): Promise<WorkOrder> {
  const until = Date.now() + 5000;
  for (;;) {
    const found = await hall.server.store.findWorkOrderByTicket(ticketId);
    if (found !== null) return found;
    if (Date.now() > until) throw new Error(`no work order for ${ticketId}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function workOrderEvents(log: readonly LoggedEvent[]): DomainEvent[] {
  return log.map((l) => l.event).filter((e) => e.type.startsWith('workOrder.'));
}

/** The first window of the demo hall outside zone A, with a service it serves. */
function otherZone(hall: TestHall): { windowId: number; serviceId: string; zoneId: string } {
  const { config } = hall.server.hall.state;
  for (const window of config.windows) {
    if (window.zoneId === 'A') continue;
    const assignment = config.assignments.find(
      (a) => a.windowId === window.id && a.role === 'primary',
    );
    const service = config.services.find((s) => s.id === assignment?.serviceId);
    if (service?.zoneId === window.zoneId) {
      return { windowId: window.id, serviceId: service.id, zoneId: window.zoneId };
    }
  }
  throw new Error('the demo hall has other zones');
}

describe('opening', () => {
  const hall = useTestHall();

  it('opens one order for a bad rating over REST and none for a good one', async () => {
    const admin = await loginAdmin(hall.url);
    const watcher = await connectClient(hall.url, admin);
    expect((await syncRequest(watcher, { after: 0, rooms: ['admin'] })).ok).toBe(true);
    const seen = collectEvents(watcher);
    const clerk = await loginClerk(hall.url, 1);
    const good = await served(hall, clerk, 1, 'bdc-transfer');
    await rate(hall, good, 'satisfied');
    const bad = await served(hall, clerk, 1, 'bdc-transfer');
    const ratedAt = hall.now();
    await rate(hall, bad, 'very_dissatisfied');

    const order = await orderOf(hall, bad);
    const { config } = hall.server.hall.state;
    expect(order).toMatchObject({
      id: `WO-${bad}`,
      ticketId: bad,
      zoneId: config.services.find((s) => s.id === 'bdc-transfer')?.zoneId,
      windowId: 1,
      staffId: 'w001',
      score: 'very_dissatisfied',
      reasons: ['attitude'],
      comment: '态度差',
      state: 'open',
    });
    // The demo hall is always open: every day counts; 1 day after Tue 24 Nov ends at the
    // close of Wed 25 Nov (local midnight = 16:00 UTC).
    expect(order.callbackDue).toBe(Date.UTC(2026, 10, 25, 16, 0));
    expect(order.openedAt).toBeGreaterThanOrEqual(ratedAt);
    await waitFor(
      () => seen.some((l) => l.event.type === 'workOrder.opened'),
      5000,
      'workOrder.opened on the admin room',
    );

    const log = await readAllEvents(hall.url, admin);
    expect(workOrderEvents(log)).toEqual([{ type: 'workOrder.opened', at: order.openedAt, order }]);
    expect(log.find((l) => l.event.type === 'workOrder.opened')?.actor).toBe('system');
    expect(await hall.server.store.findWorkOrderByTicket(good)).toBeNull();
    const list = await api<OrderList>(hall.url, 'GET', '/api/v1/work-orders', { token: admin });
    expect(list.body.data.map((o) => o.id)).toEqual([order.id]);
    expect(auditRows(hall.dataDir).filter((r) => r.command === 'workOrder.open')).toHaveLength(1);
  });

  it('opens one for a bad rating from a rating screen over Socket.IO', async () => {
    const clerk = await loginClerk(hall.url, 1);
    const screen = await connectClient(hall.url);
    expect((await syncRequest(screen, { after: 0, rooms: ['window:1'] })).ok).toBe(true);
    const id = await served(hall, clerk, 1, 'bdc-transfer');
    const rated = await command(screen, 'ticket:rate', {
      ticketId: id,
      score: 'dissatisfied',
      reasons: ['slow'],
    });
    expect(rated.ok).toBe(true);
    const order = await orderOf(hall, id);
    expect(order).toMatchObject({ score: 'dissatisfied', reasons: ['slow'], comment: null });
    const admin = await loginAdmin(hall.url);
    expect(workOrderEvents(await readAllEvents(hall.url, admin))).toHaveLength(1);
  });
});

describe('a rating committed without its order', () => {
  it('gets its order at the next start, once', async () => {
    const first = await startTestHall();
    const { dataDir } = first;
    let again: TestHall | null = null;
    try {
      const clerk = await loginClerk(first.url, 1);
      const id = await served(first, clerk, 1, 'bdc-transfer');
      const ticket = first.server.hall.state.day.tickets.get(id as Ticket['id']);
      if (ticket === undefined) throw new Error('served ticket');
      const rated: Ticket = {
        ...ticket,
        rating: {
          score: 'dissatisfied',
          reasons: ['wait_long'],
          comment: null,
          caseNumber: null,
          at: first.now(),
          windowId: ticket.windowId ?? (1 as Ticket['windowId'] & number),
          staffId: ticket.staffId,
        },
      };
      // As if the server stopped between the rating's commit and the order's: the rating
      // goes straight to the store, past the hall and its listeners.
      await first.server.store.commit({
        businessDay: ticket.businessDay,
        actor: 'anonymous',
        events: [{ type: 'ticket.rated', at: first.now(), ticket: rated }],
        tickets: [rated],
        windows: [],
        counters: [],
        idempotency: null,
        audit: {
          at: first.now(),
          actor: 'anonymous',
          command: 'ticket:rate',
          payload: {},
          outcome: 'ok',
        },
        newBusinessDay: null,
        config: null,
      });
      expect(await first.server.store.findWorkOrderByTicket(id)).toBeNull();
      await first.server.close();

      again = await startTestHall({ dataDir });
      const order = await again.server.store.findWorkOrderByTicket(id);
      expect(order).toMatchObject({ ticketId: id, score: 'dissatisfied', state: 'open' });
      await again.close();
      again = await startTestHall({ dataDir });
      const admin = await loginAdmin(again.url);
      const events = workOrderEvents(await readAllEvents(again.url, admin));
      expect(events.map((e) => e.type)).toEqual(['workOrder.opened']);
    } finally {
      await again?.close();
      await first.close();
    }
  });
});

describe('changing an order', () => {
  const hall = useTestHall();

  async function openOne(): Promise<WorkOrder> {
    const clerk = await loginClerk(hall.url, 1);
    const id = await served(hall, clerk, 1, 'bdc-transfer');
    await rate(hall, id, 'dissatisfied');
    return orderOf(hall, id);
  }

  function post<T = RestData<WorkOrder>>(
    token: string | undefined,
    id: string,
    action: string,
    body: unknown = {},
  ) {
    return api<T>(hall.url, 'POST', `/api/v1/work-orders/${id}/${action}`, { token, body });
  }

  async function unchanged(order: WorkOrder, seq: number): Promise<void> {
    expect(await hall.server.store.findWorkOrder(order.id)).toEqual(order);
    expect(hall.server.hall.currentSeq).toBe(seq);
  }

  it('records callbacks, the rectification and the closure, each as workOrder.updated', async () => {
    const order = await openOne();
    const lead = await login(hall.url, `lead${order.zoneId}`, 'demo');
    const admin = await loginAdmin(hall.url);
    hall.advance(HOUR);
    const missed = await post(lead, order.id, 'callback', { reached: false, note: '无人接听' });
    expect([missed.status, missed.body.data.state]).toEqual([200, 'open']);
    hall.advance(HOUR);
    const reached = await post(lead, order.id, 'callback', { reached: true, note: '已致歉' });
    expect(reached.body.data).toMatchObject({ state: 'called_back', calledBackAt: hall.now() });
    expect(reached.body.data.callbacks).toHaveLength(2);
    const rectified = await post(lead, order.id, 'rectification', { text: '组织服务礼仪培训' });
    expect(rectified.body.data).toMatchObject({
      state: 'rectified',
      rectification: { by: `lead${order.zoneId}`, text: '组织服务礼仪培训' },
    });
    const closed = await post(admin, order.id, 'close');
    expect(closed.body.data).toMatchObject({
      state: 'closed',
      closure: 'rectified',
      closedBy: 'admin',
    });

    const updates = workOrderEvents(await readAllEvents(hall.url, admin)).flatMap((e) =>
      e.type === 'workOrder.updated' ? [e.action] : [],
    );
    expect(updates).toEqual(['callback', 'callback', 'rectification', 'close']);
    const audited = auditRows(hall.dataDir).filter((r) => r.command.startsWith('workOrder.'));
    expect(audited.map((r) => [r.command, r.outcome])).toEqual([
      ['workOrder.open', 'ok'],
      ['workOrder.callback', 'ok'],
      ['workOrder.callback', 'ok'],
      ['workOrder.rectification', 'ok'],
      ['workOrder.close', 'ok'],
    ]);
    const got = await api<RestData<WorkOrder>>(hall.url, 'GET', `/api/v1/work-orders/${order.id}`, {
      token: lead,
    });
    expect(got.body.data).toEqual(closed.body.data);
  });

  it('refuses a wrong state, bad input, no token and a clerk, changing nothing', async () => {
    const order = await openOne();
    const admin = await loginAdmin(hall.url);
    const clerk = await loginClerk(hall.url, 1);
    const seq = hall.server.hall.currentSeq;
    const cases: [string | undefined, string, string, unknown, number, string][] = [
      [admin, order.id, 'close', {}, 409, 'wrong_state'],
      [admin, order.id, 'appeal-decision', { outcome: 'accepted' }, 409, 'wrong_state'],
      [admin, order.id, 'callback', {}, 400, 'validation'],
      [admin, order.id, 'callback', { reached: 'yes' }, 400, 'validation'],
      [admin, order.id, 'callback', { reached: true, extra: 1 }, 400, 'validation'],
      [admin, order.id, 'rectification', { text: '   ' }, 400, 'validation'],
      [admin, order.id, 'rectification', { text: 'x'.repeat(1001) }, 400, 'validation'],
      [admin, order.id, 'appeal', {}, 400, 'validation'],
      [admin, order.id, 'appeal-decision', { outcome: 'maybe' }, 400, 'validation'],
      [admin, order.id, 'close', [], 400, 'validation'],
      [admin, 'WO-20261124-Z999', 'close', {}, 404, 'not_found'],
      [admin, 'nonsense', 'close', {}, 404, 'not_found'],
      [undefined, order.id, 'callback', { reached: true }, 401, 'unauthenticated'],
      ['not-a-token', order.id, 'callback', { reached: true }, 401, 'unauthenticated'],
      [clerk, order.id, 'callback', { reached: true }, 403, 'forbidden'],
      [clerk, order.id, 'close', {}, 403, 'forbidden'],
    ];
    for (const [token, id, action, body, status, code] of cases) {
      const reply = await post<RestError>(token, id, action, body);
      expect([action, reply.status, reply.body.error.code]).toEqual([action, status, code]);
      expect(reply.body.error.message.length).toBeGreaterThan(5);
    }
    const wrongState = await post<RestError>(admin, order.id, 'close');
    expect(wrongState.body.error.message).toContain('callback that reached the visitor');
    await unchanged(order, seq);
    expect(
      auditRows(hall.dataDir).filter(
        (r) => r.command === 'workOrder.callback' && r.outcome === 'forbidden',
      ),
    ).toHaveLength(1);
    for (const path of [
      '/api/v1/work-orders',
      `/api/v1/work-orders/${order.id}`,
      '/api/v1/work-orders/report',
    ]) {
      expect((await api(hall.url, 'GET', path)).status).toBe(401);
      expect((await api(hall.url, 'GET', path, { token: clerk })).status).toBe(403);
    }
    const badQuery = await api<RestError>(hall.url, 'GET', '/api/v1/work-orders?state=lost', {
      token: admin,
    });
    expect([badQuery.status, badQuery.body.error.code]).toEqual([400, 'validation']);
  });

  it('limits zone leads to their zones', async () => {
    const order = await openOne();
    const other = otherZone(hall);
    const otherClerk = await loginClerk(hall.url, other.windowId);
    const otherId = await served(hall, otherClerk, other.windowId, other.serviceId);
    await rate(hall, otherId, 'dissatisfied');
    const otherOrder = await orderOf(hall, otherId);
    expect(otherOrder.zoneId).toBe(other.zoneId);

    const lead = await login(hall.url, `lead${order.zoneId}`, 'demo');
    const list = await api<OrderList>(hall.url, 'GET', '/api/v1/work-orders', { token: lead });
    expect(list.body.data.map((o) => o.id)).toEqual([order.id]);
    const admin = await loginAdmin(hall.url);
    const all = await api<OrderList>(hall.url, 'GET', '/api/v1/work-orders', { token: admin });
    expect(all.body.data.map((o) => o.id).sort()).toEqual([order.id, otherOrder.id].sort());
    const foreign = await api<RestError>(hall.url, 'GET', `/api/v1/work-orders/${otherOrder.id}`, {
      token: lead,
    });
    expect(foreign.status).toBe(403);
    const byZone = await api<RestError>(
      hall.url,
      'GET',
      `/api/v1/work-orders?zoneId=${other.zoneId}`,
      {
        token: lead,
      },
    );
    expect(byZone.status).toBe(403);
    const seq = hall.server.hall.currentSeq;
    const act = await post<RestError>(lead, otherOrder.id, 'callback', { reached: true });
    expect([act.status, act.body.error.code]).toEqual([403, 'forbidden']);
    await unchanged(otherOrder, seq);
    expect((await post(lead, order.id, 'callback', { reached: true })).status).toBe(200);
  });

  it('appeals: filed once by the zone lead, decided by a manager; accepted closes the order', async () => {
    const order = await openOne();
    const lead = await login(hall.url, `lead${order.zoneId}`, 'demo');
    const manager = await login(hall.url, 'manager', 'demo-admin');
    const filed = await post(lead, order.id, 'appeal', { reason: '访客误触屏幕，已核实录像' });
    expect(filed.body.data).toMatchObject({
      state: 'appealing',
      appeal: { by: `lead${order.zoneId}` },
    });
    const again = await post<RestError>(lead, order.id, 'appeal', { reason: '再次申诉' });
    expect([again.status, again.body.error.code]).toEqual([409, 'wrong_state']);
    const byLead = await post<RestError>(lead, order.id, 'appeal-decision', {
      outcome: 'accepted',
    });
    expect([byLead.status, byLead.body.error.code]).toEqual([403, 'forbidden']);
    const accepted = await post(manager, order.id, 'appeal-decision', {
      outcome: 'accepted',
      note: '属实，差评不计',
    });
    expect(accepted.body.data).toMatchObject({
      state: 'closed',
      closure: 'appeal_accepted',
      closedBy: 'manager',
      appeal: { outcome: 'accepted', decidedBy: 'manager', decisionNote: '属实，差评不计' },
    });
    const late = await post<RestError>(lead, order.id, 'callback', { reached: true });
    expect([late.status, late.body.error.code]).toEqual([409, 'wrong_state']);
  });

  it('does not let who filed an appeal decide it; a rejected one goes back', async () => {
    const order = await openOne();
    const admin = await loginAdmin(hall.url);
    const manager = await login(hall.url, 'manager', 'demo-admin');
    expect((await post(admin, order.id, 'appeal', { reason: '代窗口申诉' })).status).toBe(200);
    const self = await post<RestError>(admin, order.id, 'appeal-decision', { outcome: 'accepted' });
    expect([self.status, self.body.error.code]).toEqual([403, 'forbidden']);
    const rejected = await post(manager, order.id, 'appeal-decision', { outcome: 'rejected' });
    expect(rejected.body.data).toMatchObject({ state: 'open', appeal: { outcome: 'rejected' } });
  });

  it('refuses an appeal after the appeal deadline', async () => {
    const order = await openOne();
    hall.setNow(order.appealDue + 1);
    const admin = await loginAdmin(hall.url); // sessions end with the business day
    const late = await post<RestError>(admin, order.id, 'appeal', { reason: '迟到的申诉' });
    expect([late.status, late.body.error.code]).toEqual([409, 'wrong_state']);
  });
});

describe('report', () => {
  const hall = useTestHall();

  it('gives callback and rectification rates, on-time shares and overdue, by zone', async () => {
    let admin = await loginAdmin(hall.url);
    const manager = await login(hall.url, 'manager', 'demo-admin');
    const clerkA = await loginClerk(hall.url, 1);
    const other = otherZone(hall);
    const clerkX = await loginClerk(hall.url, other.windowId);
    const ids: string[] = [];
    for (const [token, windowId, serviceId] of [
      [clerkA, 1, 'bdc-transfer'],
      [clerkA, 1, 'bdc-transfer'],
      [clerkX, other.windowId, other.serviceId],
      [clerkX, other.windowId, other.serviceId],
    ] as const) {
      const id = await served(hall, token, windowId, serviceId);
      await rate(hall, id, 'dissatisfied');
      ids.push(id);
    }
    const [o1, o2, o3, o4] = await Promise.all(ids.map((id) => orderOf(hall, id)));
    if (o1 === undefined || o2 === undefined || o3 === undefined || o4 === undefined) {
      throw new Error('four orders');
    }
    const zoneA = o1.zoneId;
    const post = (token: string, id: string, action: string, body: unknown = {}) =>
      api(hall.url, 'POST', `/api/v1/work-orders/${id}/${action}`, { token, body });
    // o1 (zone A): reached on time, rectified on time, closed.
    hall.advance(HOUR);
    expect((await post(admin, o1.id, 'callback', { reached: true })).status).toBe(200);
    expect((await post(admin, o1.id, 'rectification', { text: '已整改' })).status).toBe(200);
    expect((await post(admin, o1.id, 'close')).status).toBe(200);
    // o3 (other zone): appeal accepted → voided.
    expect((await post(admin, o3.id, 'appeal', { reason: '误评' })).status).toBe(200);
    expect((await post(manager, o3.id, 'appeal-decision', { outcome: 'accepted' })).status).toBe(
      200,
    );
    // o2 (zone A): reached three days later (late), no rectification yet. o4: nothing.
    hall.advance(3 * DAY);
    admin = await loginAdmin(hall.url); // sessions end with the business day
    expect((await post(admin, o2.id, 'callback', { reached: true })).status).toBe(200);

    const report = await api<RestData<Report>>(
      hall.url,
      'GET',
      '/api/v1/work-orders/report?from=2026-11-01&to=2026-11-30',
      { token: admin },
    );
    expect(report.status).toBe(200);
    expect(report.body.data.total).toEqual({
      opened: 4,
      voided: 1,
      counted: 3,
      calledBack: 2,
      calledBackOnTime: 1,
      callbackRate: 2 / 3,
      callbackOnTimeRate: 1 / 3,
      rectified: 1,
      rectifiedOnTime: 1,
      rectificationRate: 1 / 3,
      rectificationOnTimeRate: 1 / 3,
      closed: 2,
      appealsFiled: 1,
      appealsAccepted: 1,
      appealsRejected: 0,
      appealsPending: 0,
      overdue: 1,
      overdueCallback: 1,
      overdueRectify: 0,
    });
    const byZone = new Map(report.body.data.byZone.map((z) => [z.zoneId, z.stats]));
    expect(byZone.get(zoneA)).toMatchObject({
      opened: 2,
      counted: 2,
      callbackRate: 1,
      callbackOnTimeRate: 0.5,
      rectificationRate: 0.5,
      overdue: 0,
    });
    expect(byZone.get(other.zoneId)).toMatchObject({
      opened: 2,
      voided: 1,
      counted: 1,
      callbackRate: 0,
      overdueCallback: 1,
    });
    expect(byZone.get('G')?.opened ?? 0).toBe(0);

    // A zone lead's report holds only their zone.
    const lead = await login(hall.url, `lead${zoneA}`, 'demo');
    const own = await api<RestData<Report>>(
      hall.url,
      'GET',
      '/api/v1/work-orders/report?from=2026-11-01&to=2026-11-30',
      { token: lead },
    );
    expect(own.body.data.byZone.map((z) => z.zoneId)).toEqual([zoneA]);
    expect(own.body.data.total.opened).toBe(2);
    // An empty period; a reversed one is refused.
    const empty = await api<RestData<Report>>(
      hall.url,
      'GET',
      '/api/v1/work-orders/report?from=2026-10-01&to=2026-10-31',
      { token: admin },
    );
    expect(empty.body.data.total).toMatchObject({ opened: 0, callbackRate: null });
    const reversed = await api(
      hall.url,
      'GET',
      '/api/v1/work-orders/report?from=2026-12-01&to=2026-11-01',
      {
        token: admin,
      },
    );
    expect(reversed.status).toBe(400);
    // The overdue filter of the list.
    const overdue = await api<OrderList>(hall.url, 'GET', '/api/v1/work-orders?overdue=1', {
      token: admin,
    });
    expect(overdue.body.data.map((o) => o.id)).toEqual([o4.id]);
    const closed = await api<OrderList>(hall.url, 'GET', '/api/v1/work-orders?state=closed', {
      token: admin,
    });
    expect(closed.body.data.map((o) => o.id).sort()).toEqual([o1.id, o3.id].sort());
  });
});
