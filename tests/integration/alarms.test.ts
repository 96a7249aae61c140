/**
 * Alarms (预警, brief §5.5) against the real server with a controllable clock: every kind is
 * raised when its condition starts and cleared when it ends, a person acknowledges it (who,
 * when, note), raise/clear/ack are events in the log, a restart keeps the live alarms
 * without duplicates, zone leads see and acknowledge only their zones, and refused calls
 * change nothing.
 */
import { describe, expect, it } from 'vitest';
import type {
  Alarm,
  AlarmKind,
  AlarmThresholds,
  CommandReply,
  DomainError,
  WorkOrder,
} from '@hallq/shared';
import {
  api,
  auditRows,
  command,
  connectClient,
  createDeviceToken,
  dbState,
  login,
  loginAdmin,
  loginClerk,
  readAllEvents,
  startTestHall,
  useTestHall,
  type RestData,
  type TestHall,
} from '../support/hall.ts';

const MIN = 60_000;
const hall = useTestHall();

type Reply<T> = { readonly data: T } & { readonly error?: DomainError };

async function alarms(h: TestHall, token: string, query = 'live=1'): Promise<Alarm[]> {
  const response = await api<Reply<Alarm[]>>(h.url, 'GET', `/api/v1/alarms?${query}`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return [...response.body.data];
}

function ofKind(list: readonly Alarm[], kind: AlarmKind): Alarm[] {
  return list.filter((a) => a.kind === kind);
}

async function setThresholds(h: TestHall, thresholds: Partial<AlarmThresholds>): Promise<void> {
  const changed = await h.server.hall.changeConfig(
    { kind: 'system' },
    'alarms',
    (config) => ({ ...config, alarms: { ...config.alarms, ...thresholds } }),
    thresholds,
  );
  expect(changed.ok).toBe(true);
}

async function issue(h: TestHall, serviceId = 'bdc-transfer'): Promise<string> {
  const issued = await api<RestData<CommandReply>>(h.url, 'POST', '/api/v1/tickets', {
    body: { serviceId },
  });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  return issued.body.data.ticket?.ticket.id ?? '';
}

async function ok(h: TestHall, path: string, token: string, body: unknown = {}): Promise<void> {
  const response = await api(h.url, 'POST', path, { token, body });
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
}

async function ack(token: string, id: string, body: unknown = {}) {
  return api<Reply<Alarm>>(hall.url, 'POST', `/api/v1/alarms/${id}/acknowledge`, {
    token,
    body,
  });
}

describe('queue alarms', () => {
  it('queue length and wait over per service: raised, then cleared when the queue shrinks', async () => {
    const admin = await loginAdmin(hall.url);
    await setThresholds(hall, { queueLength: 3, waitMin: 10 });
    for (let i = 0; i < 4; i += 1) await issue(hall);
    let live = await alarms(hall, admin);
    expect(ofKind(live, 'queue_length')).toMatchObject([
      { serviceId: 'bdc-transfer', zoneId: 'A', value: 4, threshold: 3, clearedAt: null },
    ]);
    expect(ofKind(live, 'wait_over')).toEqual([]);

    hall.advance(11 * MIN);
    live = await alarms(hall, admin);
    const wait = ofKind(live, 'wait_over');
    expect(wait).toMatchObject([{ serviceId: 'bdc-transfer', value: 11, threshold: 10 }]);
    expect(wait[0]?.detail).toBe('A001');

    const clerk = await loginClerk(hall.url, 1);
    await ok(hall, '/api/v1/windows/1/call-next', clerk);
    live = await alarms(hall, admin);
    const queue = ofKind(live, 'queue_length')[0];
    expect(queue?.clearedAt).toBe(hall.now());
    // Still on the live list until acknowledged.
    expect(queue?.acknowledgedAt).toBeNull();

    // A threshold of 0 turns the kind off: its alarm clears.
    await setThresholds(hall, { waitMin: 0 });
    live = await alarms(hall, admin);
    expect(ofKind(live, 'wait_over')[0]?.clearedAt).toBe(hall.now());

    const log = await readAllEvents(hall.url, admin);
    const alarmEvents = log.filter((l) => l.event.type.startsWith('alarm.'));
    expect(alarmEvents.map((l) => [l.event.type, l.actor])).toEqual([
      ['alarm.raised', 'system'],
      ['alarm.raised', 'system'],
      ['alarm.cleared', 'system'],
      ['alarm.cleared', 'system'],
    ]);
    // The alarm id names the event that raised it.
    const raised = alarmEvents[0];
    expect(raised !== undefined && 'alarm' in raised.event && raised.event.alarm.id).toBe(
      `AL-${raised?.seq}`,
    );
  });
});

describe('window alarms', () => {
  it('idle, paused (with the reason) and handling over: raised and cleared with the window', async () => {
    const admin = await loginAdmin(hall.url);
    await setThresholds(hall, { idleMin: 5, pausedMin: 10, handlingMin: 20, waitMin: 0 });
    const clerk = await loginClerk(hall.url, 1);
    await ok(hall, '/api/v1/windows/1/open', clerk);
    hall.advance(6 * MIN);
    let live = await alarms(hall, admin);
    expect(ofKind(live, 'window_idle')).toMatchObject([
      { windowId: 1, zoneId: 'A', value: 6, threshold: 5, clearedAt: null },
    ]);

    await ok(hall, '/api/v1/windows/1/pause', clerk, { reason: '业务培训' });
    hall.advance(11 * MIN);
    live = await alarms(hall, admin);
    expect(ofKind(live, 'window_idle')[0]?.clearedAt).not.toBeNull();
    expect(ofKind(live, 'window_paused')).toMatchObject([
      { windowId: 1, detail: '业务培训', value: 11, threshold: 10, clearedAt: null },
    ]);

    await ok(hall, '/api/v1/windows/1/resume', clerk);
    const id = await issue(hall);
    await ok(hall, '/api/v1/windows/1/call-next', clerk);
    await ok(hall, `/api/v1/tickets/${id}/start`, clerk);
    hall.advance(21 * MIN);
    live = await alarms(hall, admin);
    expect(ofKind(live, 'window_paused')[0]?.clearedAt).not.toBeNull();
    expect(ofKind(live, 'handling_over')).toMatchObject([
      { windowId: 1, ticketId: id, detail: 'A001', value: 21, threshold: 20, clearedAt: null },
    ]);
    await ok(hall, `/api/v1/tickets/${id}/complete`, clerk);
    live = await alarms(hall, admin);
    expect(ofKind(live, 'handling_over')[0]?.clearedAt).toBe(hall.now());
  });

  it('the timer evaluates without any request', async () => {
    const admin = await loginAdmin(hall.url);
    await setThresholds(hall, { pausedMin: 1 });
    const clerk = await loginClerk(hall.url, 2);
    await ok(hall, '/api/v1/windows/2/pause', clerk, { reason: '午休' });
    hall.advance(2 * MIN);
    const before = hall.server.hall.currentSeq;
    // The engine ticks every 5 s of real time.
    const until = Date.now() + 8000;
    while (hall.server.hall.currentSeq === before && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stored = await hall.server.store.listAlarms({ live: true, limit: 10 });
    expect(ofKind(stored, 'window_paused')).toHaveLength(1);
    expect(ofKind(await alarms(hall, admin), 'window_paused')).toHaveLength(1);
  }, 15_000);
});

describe('bad ratings and acknowledgement', () => {
  it('a bad rating raises an alarm cleared at once; a person acknowledges it once', async () => {
    const admin = await loginAdmin(hall.url);
    const clerk = await loginClerk(hall.url, 1);
    const id = await issue(hall);
    await ok(hall, '/api/v1/windows/1/call-next', clerk);
    await ok(hall, `/api/v1/tickets/${id}/start`, clerk);
    hall.advance(3 * MIN);
    await ok(hall, `/api/v1/tickets/${id}/complete`, clerk);
    const screen = await connectClient(hall.url);
    const rated = await command(screen, 'ticket:rate', {
      ticketId: id,
      score: 'very_dissatisfied',
      reasons: ['attitude'],
    });
    expect(rated.ok).toBe(true);
    const live = await alarms(hall, admin);
    const bad = ofKind(live, 'bad_rating');
    expect(bad).toHaveLength(1);
    const alarm = bad[0] as Alarm;
    expect(alarm).toMatchObject({
      ticketId: id,
      windowId: 1,
      zoneId: 'A',
      detail: 'A001:very_dissatisfied',
    });
    expect(alarm.clearedAt).toBe(alarm.raisedAt);

    hall.advance(MIN);
    const manager = await login(hall.url, 'manager', 'demo-admin');
    const acked = await ack(manager, alarm.id, { note: '已电话回访' });
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    expect(acked.body.data).toMatchObject({
      id: alarm.id,
      acknowledgedAt: hall.now(),
      acknowledgedBy: 'manager',
      note: '已电话回访',
    });
    expect(ofKind(await alarms(hall, admin), 'bad_rating')).toEqual([]);
    const history = await alarms(hall, admin, 'live=0&kind=bad_rating');
    expect(history.map((a) => a.id)).toEqual([alarm.id]);

    const again = await ack(admin, alarm.id);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('wrong_state');

    const log = await readAllEvents(hall.url, admin);
    const ackEvent = log.find((l) => l.event.type === 'alarm.acknowledged');
    expect(ackEvent?.actor).toBe('staff:manager');
    expect(auditRows(hall.dataDir).some((r) => r.command === 'alarm.acknowledge')).toBe(true);
  });

  it('refuses bad input, strangers and unknown alarms, and changes nothing', async () => {
    const admin = await loginAdmin(hall.url);
    await setThresholds(hall, { pausedMin: 1 });
    const clerk = await loginClerk(hall.url, 3);
    await ok(hall, '/api/v1/windows/3/pause', clerk, { reason: '会议' });
    hall.advance(2 * MIN);
    const [alarm] = await alarms(hall, admin);
    expect(alarm?.kind).toBe('window_paused');
    const id = alarm?.id ?? '';
    const before = await dbState(hall.server);
    const stored = JSON.stringify(await hall.server.store.listAlarms({ limit: 100 }));

    expect((await ack(clerk, id)).status).toBe(403);
    expect((await api(hall.url, 'POST', `/api/v1/alarms/${id}/acknowledge`, {})).status).toBe(401);
    expect((await ack(admin, id, { note: 5 })).status).toBe(400);
    expect((await ack(admin, id, { note: 'x', extra: 1 })).status).toBe(400);
    expect((await ack(admin, id, [1])).status).toBe(400);
    expect((await ack(admin, 'AL-999999')).status).toBe(404);
    expect((await ack(admin, 'nope')).status).toBe(404);
    expect((await api(hall.url, 'GET', '/api/v1/alarms?kind=fire', { token: admin })).status).toBe(
      400,
    );
    expect((await api(hall.url, 'GET', '/api/v1/alarms?limit=0', { token: admin })).status).toBe(
      400,
    );
    expect((await api(hall.url, 'GET', '/api/v1/alarms', { token: clerk })).status).toBe(403);
    expect((await api(hall.url, 'GET', '/api/v1/alarms')).status).toBe(401);

    expect(await dbState(hall.server)).toEqual(before);
    expect(JSON.stringify(await hall.server.store.listAlarms({ limit: 100 }))).toBe(stored);
    expect(
      auditRows(hall.dataDir).some(
        (r) => r.command === 'alarm.acknowledge' && r.outcome === 'forbidden',
      ),
    ).toBe(true);
  });
});

describe('zone leads', () => {
  it('see and acknowledge only the alarms of their zones', async () => {
    const admin = await loginAdmin(hall.url);
    await setThresholds(hall, { pausedMin: 1 });
    const clerkA = await loginClerk(hall.url, 1);
    await ok(hall, '/api/v1/windows/1/pause', clerkA, { reason: '会议' });
    const bWindow = hall.server.hall.state.config.windows.find((w) => w.zoneId === 'B');
    expect(bWindow).toBeDefined();
    const b = bWindow?.id ?? 0;
    const clerkB = await loginClerk(hall.url, b);
    await ok(hall, `/api/v1/windows/${b}/pause`, clerkB, { reason: '会议' });
    hall.advance(2 * MIN);
    expect(ofKind(await alarms(hall, admin), 'window_paused')).toHaveLength(2);

    const leadA = await login(hall.url, 'leadA', 'demo');
    const seen = await alarms(hall, leadA);
    expect(seen.map((a) => a.zoneId)).toEqual(['A']);
    const leadB = await login(hall.url, 'leadB', 'demo');
    const ofB = await alarms(hall, leadB);
    expect(ofB.map((a) => a.zoneId)).toEqual(['B']);

    const aId = seen[0]?.id ?? '';
    const refused = await ack(leadB, aId);
    expect(refused.status).toBe(404);
    expect((await hall.server.store.findAlarm(aId))?.acknowledgedAt).toBeNull();
    const done = await ack(leadA, aId);
    expect(done.status).toBe(200);
    expect(done.body.data.acknowledgedBy).toBe('leadA');
  });
});

describe('devices', () => {
  it('a paired device not seen for too long and without a socket is offline', async () => {
    const admin = await loginAdmin(hall.url);
    await setThresholds(hall, { deviceOfflineMin: 5 });
    const token = await createDeviceToken(hall.server, 'counter', 4, 'counter-4');
    // Last seen now on the server's clock (the store stamps pairing with the wall clock).
    await hall.server.store.touchDevice('counter-4', hall.now());
    hall.advance(4 * MIN);
    expect(ofKind(await alarms(hall, admin), 'device_offline')).toEqual([]);
    hall.advance(2 * MIN);
    expect(ofKind(await alarms(hall, admin), 'device_offline')).toMatchObject([
      { deviceId: 'counter-4', windowId: 4, zoneId: 'A', value: 6, detail: 'counter-4' },
    ]);
    const socket = await connectClient(hall.url, token);
    expect(socket.connected).toBe(true);
    const live = ofKind(await alarms(hall, admin), 'device_offline');
    expect(live[0]?.clearedAt).toBe(hall.now());
    // A revoked device never raises.
    await createDeviceToken(hall.server, 'display', null, 'old-screen');
    await hall.server.store.touchDevice('old-screen', hall.now());
    const revoked = await hall.server.store.revokeDevice('old-screen', hall.now(), {
      at: hall.now(),
      actor: 'test',
      command: 'device.revoke',
      payload: null,
      outcome: 'ok',
    });
    expect(revoked?.revoked).toBe(true);
    hall.advance(10 * MIN);
    const offline = ofKind(await alarms(hall, admin), 'device_offline');
    expect(offline.filter((a) => a.deviceId === 'old-screen')).toEqual([]);
  });

  it('a kiosk reports its printer: paper low, then out, then a new roll clears both', async () => {
    const admin = await loginAdmin(hall.url);
    const kiosk = await createDeviceToken(hall.server, 'kiosk', null, 'kiosk-1');
    const report = (printer: unknown, token: string | null = kiosk) =>
      api<Reply<unknown>>(hall.url, 'POST', '/api/v1/device/status', {
        ...(token === null ? {} : { token }),
        body: { printer },
      });
    expect((await report('paper_low')).status).toBe(200);
    let live = await alarms(hall, admin);
    expect(ofKind(live, 'printer_paper_low')).toMatchObject([
      { deviceId: 'kiosk-1', clearedAt: null, detail: 'kiosk-1' },
    ]);
    hall.advance(MIN);
    expect((await report('paper_out')).status).toBe(200);
    live = await alarms(hall, admin);
    expect(ofKind(live, 'printer_paper_low')[0]?.clearedAt).toBe(hall.now());
    expect(ofKind(live, 'printer_paper_out')[0]?.clearedAt).toBeNull();
    // offline says nothing about the paper: the alarm stands.
    expect((await report('offline')).status).toBe(200);
    expect(ofKind(await alarms(hall, admin), 'printer_paper_out')[0]?.clearedAt).toBeNull();
    hall.advance(MIN);
    expect((await report('ok')).status).toBe(200);
    live = await alarms(hall, admin);
    expect(ofKind(live, 'printer_paper_out')[0]?.clearedAt).toBe(hall.now());

    const before = hall.server.hall.currentSeq;
    const counter = await createDeviceToken(hall.server, 'counter', 1);
    expect((await report('paper_out', counter)).status).toBe(403);
    expect((await report('paper_out', admin)).status).toBe(403);
    expect((await report('paper_out', null)).status).toBe(401);
    expect((await report('empty')).status).toBe(400);
    expect(
      (
        await api(hall.url, 'POST', '/api/v1/device/status', {
          token: kiosk,
          body: { printer: 'ok', extra: true },
        })
      ).status,
    ).toBe(400);
    expect(hall.server.hall.currentSeq).toBe(before);
  });
});

describe('work orders', () => {
  it('an order past its callback deadline raises an alarm; the callback clears it', async () => {
    const admin = await loginAdmin(hall.url);
    const now = hall.now();
    const order: WorkOrder = {
      id: 'WO-20261124-A001',
      ticketId: '20261124-A001',
      ticketNumber: 'A001',
      businessDay: '20261124',
      serviceId: 'bdc-transfer',
      zoneId: 'A',
      windowId: 1,
      staffId: 'w001',
      score: 'dissatisfied',
      reasons: ['slow'],
      comment: null,
      openedAt: now,
      callbackDue: now + 60 * MIN,
      rectifyDue: now + 15 * 24 * 60 * MIN,
      appealDue: now + 3 * 24 * 60 * MIN,
      state: 'open',
      callbacks: [],
      calledBackAt: null,
      rectification: null,
      appeal: null,
      closedAt: null,
      closedBy: null,
      closure: null,
    };
    const opened = await hall.server.hall.commitAdmin({
      actor: { kind: 'system' },
      command: 'test.workOrder',
      auditPayload: null,
      build: () => ({
        ok: true,
        data: {
          events: [{ type: 'workOrder.opened', at: now, order }],
          workOrders: [order],
          reply: null,
        },
      }),
    });
    expect(opened.ok).toBe(true);
    hall.advance(59 * MIN);
    expect(ofKind(await alarms(hall, admin), 'work_order_overdue')).toEqual([]);
    hall.advance(2 * MIN);
    expect(ofKind(await alarms(hall, admin), 'work_order_overdue')).toMatchObject([
      {
        workOrderId: order.id,
        ticketId: order.ticketId,
        zoneId: 'A',
        detail: 'callback:A001',
        value: 1,
        clearedAt: null,
      },
    ]);
    const called: WorkOrder = {
      ...order,
      state: 'called_back',
      calledBackAt: hall.now(),
      callbacks: [{ at: hall.now(), by: 'admin', reached: true, note: '已联系' }],
    };
    await hall.server.hall.commitAdmin({
      actor: { kind: 'system' },
      command: 'test.workOrder',
      auditPayload: null,
      build: () => ({
        ok: true,
        data: {
          events: [
            { type: 'workOrder.updated', at: hall.now(), order: called, action: 'callback' },
          ],
          workOrders: [called],
          reply: null,
        },
      }),
    });
    expect(ofKind(await alarms(hall, admin), 'work_order_overdue')[0]?.clearedAt).toBe(hall.now());
  });
});

describe('restart', () => {
  it('keeps the live alarms and raises no duplicates', async () => {
    const first = await startTestHall();
    const dataDir = first.dataDir;
    try {
      const admin = await loginAdmin(first.url);
      await setThresholds(first, { pausedMin: 1, queueLength: 1 });
      const clerk = await loginClerk(first.url, 1);
      await ok(first, '/api/v1/windows/1/pause', clerk, { reason: '会议' });
      await issue(first);
      await issue(first);
      first.advance(2 * MIN);
      const before = await alarms(first, admin);
      expect(before.map((a) => a.kind).sort()).toEqual(['queue_length', 'window_paused']);
      const at = first.now();
      await first.server.close();

      const second = await startTestHall({ dataDir, start: at + MIN });
      try {
        const admin2 = await loginAdmin(second.url);
        const after = await alarms(second, admin2);
        expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
        expect(after.every((a) => a.clearedAt === null)).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
