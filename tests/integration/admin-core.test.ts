/**
 * The admin console's groundwork (issue 8): a configuration change is one `config.changed`
 * event in the hall-wide log, written with its audit row and the new configuration in one
 * transaction, applied at once by the server and by every connected HallClient (the kiosk's
 * tiles change without a reload), and still there after a restart; the admin rooms that carry
 * alarms, work orders and staff changes are open only to the roles that may see them.
 */
import { describe, expect, it } from 'vitest';
import {
  applyToView,
  buildView,
  serviceId,
  zoneIndex,
  type Actor,
  type HallConfig,
  type LoggedEvent,
  type StaffId,
  type ZoneId,
  windowId,
} from '@hallq/shared';
import { HallClient } from '../../shared/src/client/hall-client.ts';
import {
  api,
  auditRows,
  collectEvents,
  connectClient,
  dbState,
  loginAdmin,
  loginClerk,
  login,
  postCommand,
  startTestHall,
  syncRequest,
  useTestHall,
  waitFor,
} from '../support/hall.ts';

const ADMIN: Actor = {
  kind: 'staff',
  staffId: 'admin' as StaffId,
  role: 'admin',
  windowId: null,
  zoneIds: [],
};

function renamed(config: HallConfig, id: string, name: string): HallConfig {
  return {
    ...config,
    services: config.services.map((s) => (s.id === id ? { ...s, name } : s)),
  };
}

describe('configuration changes', () => {
  const hall = useTestHall();

  it('commit one config.changed event with its audit row and reach clients live', async () => {
    const { server } = hall;
    const first = server.hall.state.config.services[0];
    if (first === undefined) throw new Error('demo hall has services');
    const client = new HallClient({ url: hall.url, rooms: ['zone:A'] });
    try {
      await waitFor(() => client.state === 'online', 5000, 'client online');
      const seqBefore = server.hall.currentSeq;
      const result = await server.hall.changeConfig(
        ADMIN,
        'services',
        (current) => renamed(current, first.id, '不动产登记（新）'),
        { services: 'renamed' },
      );
      expect(result.ok).toBe(true);
      expect(server.hall.currentSeq).toBe(seqBefore + 1);
      expect(server.hall.state.config.services[0]?.name).toBe('不动产登记（新）');

      const token = await loginAdmin(hall.url);
      const events = await api<{ data: LoggedEvent[] }>(
        hall.url,
        'GET',
        `/api/v1/events?after=${String(seqBefore)}`,
        { token },
      );
      expect(events.body.data.map((l) => l.event.type)).toEqual(['config.changed']);
      const [logged] = events.body.data;
      expect(logged?.actor).toBe('staff:admin');
      if (logged?.event.type !== 'config.changed') throw new Error('expected config.changed');
      expect(logged.event.section).toBe('services');
      expect(auditRows(hall.dataDir).filter((r) => r.command.startsWith('config.'))).toEqual([
        expect.objectContaining({
          actor: 'staff:admin',
          command: 'config.services',
          outcome: 'ok',
        }),
      ]);

      // The zone-A client had the old name and gets the new one without reconnecting.
      await waitFor(
        () => client.config?.services.find((s) => s.id === first.id)?.name === '不动产登记（新）',
        5000,
        'client config updated',
      );
      expect(client.view?.seq).toBe(server.hall.currentSeq);
    } finally {
      client.close();
    }
  });

  it('refuse a change that breaks the day and change nothing', async () => {
    const { server, url } = hall;
    const service = server.hall.state.config.services[0];
    if (service === undefined) throw new Error('demo hall has services');
    const issued = await api(url, 'POST', '/api/v1/tickets', {
      body: { serviceId: service.id },
    });
    expect(issued.status).toBe(201);
    const before = await dbState(server);
    const removed = await server.hall.changeConfig(
      ADMIN,
      'services',
      (current) => ({
        ...current,
        services: current.services.filter((s) => s.id !== service.id),
        assignments: current.assignments.filter((a) => a.serviceId !== service.id),
      }),
      {},
    );
    expect(removed.ok).toBe(false);
    if (removed.ok) return;
    expect(removed.error.code).toBe('validation');
    expect(removed.error.message).toContain('still open today');
    const prefix = await server.hall.changeConfig(
      ADMIN,
      'services',
      (current) => ({
        ...current,
        services: current.services.map((s) => (s.id === service.id ? { ...s, prefix: 'Z' } : s)),
      }),
      {},
    );
    expect(prefix.ok).toBe(false);
    const inconsistent = await server.hall.changeConfig(
      ADMIN,
      'windows',
      (current) => ({
        ...current,
        windows: current.windows.map((w) =>
          w.id === current.windows[0]?.id ? { ...w, zoneId: 'Q' as ZoneId } : w,
        ),
      }),
      {},
    );
    expect(inconsistent.ok).toBe(false);
    expect(await dbState(server)).toEqual(before);
  });

  it('add a window live: screens of the hall see it closed, equal to the server snapshot', async () => {
    const { server, url } = hall;
    const socket = await connectClient(url);
    const sync = await syncRequest(socket, { after: 0, rooms: ['hall'] });
    if (!sync.ok || sync.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const seen = collectEvents(socket);
    const zone = server.hall.state.config.zones[0];
    if (zone === undefined) throw new Error('demo hall has zones');
    const added = await server.hall.changeConfig(
      ADMIN,
      'windows',
      (current) => ({
        ...current,
        windows: [
          ...current.windows,
          {
            id: windowId(200),
            zoneId: zone.id,
            kind: 'standby',
            label: null,
            dispatchPolicy: null,
          },
        ],
      }),
      {},
    );
    expect(added.ok).toBe(true);
    await waitFor(() => seen.length === 1, 5000, 'config event');
    const [event] = seen;
    if (event === undefined || event.event.type !== 'config.changed') throw new Error('no event');
    const view = applyToView(sync.data.view, event, zoneIndex(event.event.config));
    expect(view.windows[200]?.state).toBe('closed');
    expect(view).toEqual(
      JSON.parse(
        JSON.stringify(buildView(server.hall.state, server.hall.currentSeq, ['hall'])),
      ) as unknown,
    );
    const windows = await api<{ data: { windowId: number; state: string }[] }>(
      url,
      'GET',
      '/api/v1/windows',
    );
    expect(windows.body.data.find((w) => w.windowId === 200)?.state).toBe('closed');
  });

  it('keep the new configuration after a restart', async () => {
    const first = await startTestHall();
    const { dataDir } = first;
    const service = first.server.hall.state.config.services[1];
    if (service === undefined) throw new Error('demo hall has services');
    const changed = await first.server.hall.changeConfig(
      ADMIN,
      'services',
      (current) => renamed(current, service.id, '改名后的事项'),
      {},
    );
    expect(changed.ok).toBe(true);
    await first.server.close();
    const again = await startTestHall({ dataDir });
    try {
      expect(again.server.hall.state.config.services.find((s) => s.id === service.id)?.name).toBe(
        '改名后的事项',
      );
      const reply = await api<{ data: HallConfig }>(again.url, 'GET', '/api/v1/hall');
      expect(reply.body.data.services.find((s) => s.id === service.id)?.name).toBe('改名后的事项');
    } finally {
      await again.close();
      await first.close();
    }
  });
});

describe('admin rooms', () => {
  const hall = useTestHall();

  async function joinWith(token: string | undefined, rooms: string[]) {
    const socket = await connectClient(hall.url, token);
    return syncRequest(socket, { after: 0, rooms });
  }

  it('are open to admins, managers and the zone lead of the zone only', async () => {
    const { url } = hall;
    const admin = await loginAdmin(url);
    const manager = await login(url, 'manager', 'demo-admin');
    const leadA = await login(url, 'leadA', 'demo');
    const clerk = await loginClerk(url, 1);
    expect((await joinWith(admin, ['hall', 'admin'])).ok).toBe(true);
    expect((await joinWith(manager, ['admin', 'admin:zone:B'])).ok).toBe(true);
    expect((await joinWith(leadA, ['zone:A', 'admin:zone:A'])).ok).toBe(true);

    const refusals: [string | undefined, string[], string][] = [
      [undefined, ['admin'], 'unauthenticated'],
      [clerk, ['admin'], 'forbidden'],
      [clerk, ['window:1', 'admin:zone:A'], 'forbidden'],
      [leadA, ['admin'], 'forbidden'],
      [leadA, ['admin:zone:B'], 'forbidden'],
    ];
    for (const [token, rooms, code] of refusals) {
      const reply = await joinWith(token, rooms);
      expect(reply.ok, `${rooms.join(',')} with ${String(token !== undefined)}`).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe(code);
    }
  });

  it('carry admin events only to those who joined them', async () => {
    const { server, url } = hall;
    const admin = await loginAdmin(url);
    const adminSocket = await connectClient(url, admin);
    await syncRequest(adminSocket, { after: 0, rooms: ['admin'] });
    const screen = await connectClient(url);
    await syncRequest(screen, { after: 0, rooms: ['hall'] });
    const adminSeen = collectEvents(adminSocket);
    const screenSeen = collectEvents(screen);
    const result = await server.hall.commitAdmin({
      actor: ADMIN,
      command: 'test.alarm',
      auditPayload: {},
      build: () => ({
        ok: true,
        data: {
          events: [
            {
              type: 'alarm.raised',
              at: hall.now(),
              alarm: {
                id: 'AL-test',
                kind: 'queue_length',
                key: `queue_length:${String(serviceId('x'))}`,
                zoneId: 'A',
                windowId: null,
                serviceId: 'x',
                deviceId: null,
                ticketId: null,
                workOrderId: null,
                value: 40,
                threshold: 30,
                detail: null,
                raisedAt: hall.now(),
                clearedAt: null,
                acknowledgedAt: null,
                acknowledgedBy: null,
                note: null,
              },
            },
          ],
          alarms: [],
          reply: null,
        },
      }),
    });
    expect(result.ok).toBe(true);
    await waitFor(() => adminSeen.length === 1, 5000, 'admin event');
    // A call afterwards reaches the screen; the alarm before it never did.
    const token = await loginClerk(url, 1);
    await postCommand(url, '/api/v1/windows/1/open', token);
    await waitFor(() => screenSeen.length > 0, 5000, 'screen event');
    expect(screenSeen.map((l) => l.event.type)).not.toContain('alarm.raised');
    expect(adminSeen[0]?.event.type).toBe('alarm.raised');
  });
});
