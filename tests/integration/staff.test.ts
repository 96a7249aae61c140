/**
 * Staff accounts over REST against the real server (issue 8): the admin creates, changes,
 * resets and disables accounts; managers read; every other caller is refused (and audited);
 * each change is a `staff.changed` event and an audit row without any password or hash; a
 * reset or disable ends the account's sessions; the console always keeps an enabled admin.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DomainError, StaffPublic } from '@hallq/shared';
import {
  api,
  auditRows,
  connectClient,
  dbState,
  login,
  loginAdmin,
  loginClerk,
  readAllEvents,
  useTestHall,
  type ApiResponse,
} from '../support/hall.ts';

const hall = useTestHall();
let admin: string;
beforeEach(async () => {
  admin = await loginAdmin(hall.url);
});

interface StaffReply {
  readonly data: { readonly staff: StaffPublic; readonly temporaryPassword?: string };
  readonly error?: DomainError & { details?: { problems?: string[] } };
}

/** `null` calls anonymously; the default is the admin. */
function call(
  method: string,
  path: string,
  body?: unknown,
  token: string | null = admin,
): Promise<ApiResponse<StaffReply>> {
  return api<StaffReply>(hall.url, method, path, {
    ...(token === null ? {} : { token }),
    ...(body === undefined ? {} : { body }),
  });
}

async function list(token = admin): Promise<StaffPublic[]> {
  const response = await api<{ data: StaffPublic[] }>(hall.url, 'GET', '/api/v1/staff', { token });
  expect(response.status).toBe(200);
  return response.body.data;
}

const NEW_CLERK = {
  staffId: 'w901',
  name: '张晓',
  role: 'clerk',
  windowId: 5,
  password: 'Secret-pass-1',
};

async function createOk(body: unknown = NEW_CLERK): Promise<StaffPublic> {
  const response = await call('POST', '/api/v1/staff', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data.staff;
}

/** Everything a staff change may touch: accounts with hashes, the day, the event log. */
async function snapshot(): Promise<string> {
  const { store } = hall.server;
  return JSON.stringify({
    staff: await store.listStaff(),
    day: await dbState(hall.server),
  });
}

function loginStatus(staffId: string, password: string, windowId?: number): Promise<number> {
  return api(hall.url, 'POST', '/api/v1/auth/login', {
    body: windowId === undefined ? { staffId, password } : { staffId, password, windowId },
  }).then((r) => r.status);
}

describe('GET /api/v1/staff', () => {
  it('lists every account to admins and managers, without hashes', async () => {
    const all = await list();
    expect(all.length).toBe(3 + 7 + 108);
    expect(all.find((s) => s.staffId === 'w005')).toEqual({
      staffId: 'w005',
      name: '5号窗口',
      role: 'clerk',
      windowId: 5,
      zoneIds: ['A'],
      disabled: false,
    });
    expect(JSON.stringify(all)).not.toMatch(/scrypt|passwordHash/);
    const manager = await login(hall.url, 'manager', 'demo-admin');
    expect(await list(manager)).toEqual(all);
  });

  it('refuses anonymous (401), clerks and zone leads (403, audited)', async () => {
    expect((await call('GET', '/api/v1/staff', undefined, null)).status).toBe(401);
    expect((await call('GET', '/api/v1/staff', undefined, 'garbage')).status).toBe(401);
    const clerk = await loginClerk(hall.url, 1);
    const lead = await login(hall.url, 'leadA', 'demo');
    expect((await call('GET', '/api/v1/staff', undefined, clerk)).status).toBe(403);
    expect((await call('GET', '/api/v1/staff', undefined, lead)).status).toBe(403);
    const refused = auditRows(hall.dataDir).filter((r) => r.command === 'staff.list');
    expect(refused.map((r) => [r.actor, r.outcome])).toEqual([
      ['staff:w001', 'forbidden'],
      ['staff:leadA', 'forbidden'],
    ]);
  });
});

describe('POST /api/v1/staff', () => {
  it('creates an account: event and audit row without the password, and it can sign in', async () => {
    const seqBefore = hall.server.hall.currentSeq;
    const created = await createOk();
    expect(created).toEqual({
      staffId: 'w901',
      name: '张晓',
      role: 'clerk',
      windowId: 5,
      zoneIds: ['A'], // a clerk's zone follows the window
      disabled: false,
    });
    const events = await readAllEvents(hall.url, admin, seqBefore);
    expect(events.map((e) => e.event.type)).toEqual(['staff.changed']);
    expect(events[0]).toMatchObject({
      actor: 'staff:admin',
      event: { type: 'staff.changed', change: 'created', staff: created },
    });
    const stored = await hall.server.store.findStaff('w901');
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    const logged = JSON.stringify(events);
    expect(logged).not.toContain('Secret-pass-1');
    expect(logged).not.toContain(stored?.passwordHash ?? '?');
    const audit = auditRows(hall.dataDir).filter((r) => r.command === 'staff.create');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.outcome).toBe('ok');
    expect(audit[0]?.payload).not.toContain('Secret-pass-1');
    expect(JSON.parse(audit[0]?.payload ?? '{}')).toMatchObject({ staffId: 'w901', windowId: 5 });

    await login(hall.url, 'w901', 'Secret-pass-1');
    const window = hall.server.hall.state.day.windows.get(5 as never);
    expect(window?.state).not.toBe('closed');
  });

  it('creates a zone lead with zones and a manager without', async () => {
    expect(
      await createOk({
        staffId: 'lead-bc',
        name: '李',
        role: 'zone_lead',
        zoneIds: ['B', 'C'],
        password: 'longenough',
      }),
    ).toMatchObject({ role: 'zone_lead', windowId: null, zoneIds: ['B', 'C'] });
    expect(
      await createOk({ staffId: 'mgr2', name: '王', role: 'manager', password: 'longenough' }),
    ).toMatchObject({ role: 'manager', windowId: null, zoneIds: [] });
    const lead = await login(hall.url, 'lead-bc', 'longenough');
    expect((await call('GET', '/api/v1/staff', undefined, lead)).status).toBe(403);
  });

  it('refuses invalid accounts with 400 and changes nothing', async () => {
    const before = await snapshot();
    const cases: [unknown, string][] = [
      [{ ...NEW_CLERK, staffId: 'has space' }, 'staffId'],
      [{ ...NEW_CLERK, staffId: 'a@b' }, 'staffId'],
      [{ ...NEW_CLERK, staffId: 'x'.repeat(41) }, 'staffId'],
      [{ ...NEW_CLERK, name: '  ' }, 'name'],
      [{ ...NEW_CLERK, role: 'root' }, 'role'],
      [{ ...NEW_CLERK, password: 'short' }, 'password'],
      [{ ...NEW_CLERK, windowId: 999 }, 'no window 999'],
      [{ ...NEW_CLERK, windowId: 0 }, 'windowId'],
      [{ ...NEW_CLERK, role: 'manager' }, 'only a clerk'],
      [{ ...NEW_CLERK, zoneIds: ['Z'] }, 'no zone Z'],
      [{ ...NEW_CLERK, zoneIds: ['A', 'A'] }, 'each zone once'],
      [
        { staffId: 'lead9', name: '李', role: 'zone_lead', password: 'longenough' },
        'at least one zone',
      ],
      [{ ...NEW_CLERK, extra: 1 }, 'extra'],
      [{ staffId: 'w902' }, 'name'],
      [[NEW_CLERK], 'JSON object'],
    ];
    for (const [body, mentions] of cases) {
      const response = await call('POST', '/api/v1/staff', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error?.code).toBe('validation');
      expect(response.body.error?.message, JSON.stringify(body)).toContain(mentions);
    }
    expect(await snapshot()).toBe(before);
    expect(auditRows(hall.dataDir).filter((r) => r.command === 'staff.create')).toEqual([]);
  });

  it('refuses a taken 工号 (409) and keeps the existing account', async () => {
    const before = await snapshot();
    const response = await call('POST', '/api/v1/staff', { ...NEW_CLERK, staffId: 'w005' });
    expect(response.status).toBe(409);
    expect(response.body.error?.message).toContain('taken');
    expect(await snapshot()).toBe(before);
  });

  it('lets only admins create (401 anonymous, 403 audited for the rest)', async () => {
    const before = await snapshot();
    expect((await call('POST', '/api/v1/staff', NEW_CLERK, null)).status).toBe(401);
    const others = {
      clerk: await loginClerk(hall.url, 1),
      lead: await login(hall.url, 'leadA', 'demo'),
      manager: await login(hall.url, 'manager', 'demo-admin'),
      guide: await login(hall.url, 'guide', 'demo'),
    };
    const afterLogins = await snapshot();
    for (const [who, token] of Object.entries(others)) {
      const response = await call('POST', '/api/v1/staff', NEW_CLERK, token);
      expect(response.status, who).toBe(403);
      expect(response.body.error?.code).toBe('forbidden');
    }
    expect(await snapshot()).toBe(afterLogins);
    const staffOf = (snap: string): unknown => (JSON.parse(snap) as { staff: unknown }).staff;
    expect(staffOf(before)).toEqual(staffOf(afterLogins));
    const refused = auditRows(hall.dataDir).filter((r) => r.command === 'staff.create');
    expect(refused.map((r) => r.outcome)).toEqual([
      'forbidden',
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
    expect(refused.map((r) => r.payload).join('')).not.toContain('Secret-pass-1');
  });
});

describe('PATCH /api/v1/staff/{id}', () => {
  it('renames without ending sessions', async () => {
    const token = await loginClerk(hall.url, 5);
    const response = await call('PATCH', '/api/v1/staff/w005', { name: '五号窗口 张三' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.staff.name).toBe('五号窗口 张三');
    expect((await api(hall.url, 'GET', '/api/v1/auth/me', { token })).status).toBe(200);
  });

  it('binds a clerk to a new window: old session ends, they sign in there', async () => {
    const old = await loginClerk(hall.url, 5);
    const socket = await connectClient(hall.url, old);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const seqBefore = hall.server.hall.currentSeq;
    const response = await call('PATCH', '/api/v1/staff/w005', { windowId: 60 });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.staff).toMatchObject({ windowId: 60, zoneIds: ['E'] });
    expect((await api(hall.url, 'GET', '/api/v1/auth/me', { token: old })).status).toBe(401);
    // The old session's socket is cut (a command on it would be refused anyway).
    await disconnected;
    expect(socket.connected).toBe(false);
    expect(await loginStatus('w005', 'demo', 5)).toBe(403);
    await login(hall.url, 'w005', 'demo');
    const me = await api<{ data: { windowId: number } }>(hall.url, 'GET', '/api/v1/auth/me', {
      token: await login(hall.url, 'w005', 'demo', 60),
    });
    expect(me.status).toBe(200);
    const events = await readAllEvents(hall.url, admin, seqBefore);
    expect(events.find((e) => e.event.type === 'staff.changed')?.event).toMatchObject({
      change: 'updated',
      staff: { staffId: 'w005', windowId: 60 },
    });
  });

  it('promotes a clerk to zone lead (window dropped, zones required)', async () => {
    const missing = await call('PATCH', '/api/v1/staff/w005', { role: 'zone_lead', zoneIds: [] });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.message).toContain('at least one zone');
    const response = await call('PATCH', '/api/v1/staff/w005', {
      role: 'zone_lead',
      zoneIds: ['A'],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.staff).toMatchObject({
      role: 'zone_lead',
      windowId: null,
      zoneIds: ['A'],
    });
  });

  it('refuses invalid changes (400), unknown accounts (404), and non-admins', async () => {
    const before = await snapshot();
    for (const body of [
      {},
      { name: '' },
      { windowId: 999 },
      { role: 'x' },
      { zoneIds: ['Q'] },
      { password: 'longenough' },
    ]) {
      const response = await call('PATCH', '/api/v1/staff/w005', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call('PATCH', '/api/v1/staff/nobody', { name: 'x' })).status).toBe(404);
    expect((await call('PATCH', '/api/v1/staff/w005', { name: 'x' }, null)).status).toBe(401);
    const manager = await login(hall.url, 'manager', 'demo-admin');
    expect((await call('PATCH', '/api/v1/staff/w005', { name: 'x' }, manager)).status).toBe(403);
    expect(await snapshot()).toBe(before);
    const audit = auditRows(hall.dataDir).filter((r) => r.command === 'staff.update');
    expect(audit.map((r) => [r.actor, r.outcome])).toEqual([['staff:manager', 'forbidden']]);
  });
});

describe('passwords', () => {
  it('a reset ends the old session; the new password works, the old one not', async () => {
    const old = await loginClerk(hall.url, 3);
    const response = await call('POST', '/api/v1/staff/w003/password', {
      password: 'brand-new-pass',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.temporaryPassword).toBeUndefined();
    expect((await api(hall.url, 'GET', '/api/v1/auth/me', { token: old })).status).toBe(401);
    expect(await loginStatus('w003', 'demo')).toBe(401);
    await login(hall.url, 'w003', 'brand-new-pass');
    const audit = auditRows(hall.dataDir).filter((r) => r.command === 'staff.password');
    expect(audit.map((r) => r.payload)).toEqual([
      JSON.stringify({ staffId: 'w003', generated: false }),
    ]);
    const events = await readAllEvents(hall.url, admin);
    const logged = JSON.stringify(events.filter((e) => e.event.type === 'staff.changed'));
    expect(logged).toContain('password_reset');
    expect(logged).not.toMatch(/brand-new-pass|scrypt/);
  });

  it('without a body generates a temporary password, returned once', async () => {
    const response = await call('POST', '/api/v1/staff/w004/password');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const temporary = response.body.data.temporaryPassword ?? '';
    expect(temporary).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12}$/);
    await login(hall.url, 'w004', temporary);
    const again = await call('POST', '/api/v1/staff/w004/password', {});
    expect(again.body.data.temporaryPassword).not.toBe(temporary);
    const stored =
      JSON.stringify(auditRows(hall.dataDir)) +
      JSON.stringify(await readAllEvents(hall.url, admin));
    expect(stored).not.toContain(temporary);
  });

  it('refuses short passwords, extra keys, non-admins', async () => {
    const before = await snapshot();
    expect((await call('POST', '/api/v1/staff/w004/password', { password: 'short' })).status).toBe(
      400,
    );
    expect((await call('POST', '/api/v1/staff/w004/password', { pw: 'longenough' })).status).toBe(
      400,
    );
    expect((await call('POST', '/api/v1/staff/nobody/password', {})).status).toBe(404);
    expect((await call('POST', '/api/v1/staff/w004/password', {}, null)).status).toBe(401);
    const lead = await login(hall.url, 'leadA', 'demo');
    expect((await call('POST', '/api/v1/staff/w004/password', {}, lead)).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });
});

describe('disable and enable', () => {
  it('a disabled account cannot sign in, its session and socket are refused; enable restores it', async () => {
    const token = await loginClerk(hall.url, 2);
    const socket = await connectClient(hall.url, token);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const response = await call('POST', '/api/v1/staff/w002/disable');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.staff.disabled).toBe(true);
    await disconnected;
    expect((await api(hall.url, 'GET', '/api/v1/auth/me', { token })).status).toBe(401);
    expect(await loginStatus('w002', 'demo')).toBe(401);
    expect((await call('POST', '/api/v1/staff/w002/disable')).status).toBe(409);

    const enabled = await call('POST', '/api/v1/staff/w002/enable', {});
    expect(enabled.status).toBe(200);
    expect(enabled.body.data.staff.disabled).toBe(false);
    await loginClerk(hall.url, 2);
    expect((await call('POST', '/api/v1/staff/w002/enable')).status).toBe(409);
    const changes = (await readAllEvents(hall.url, admin))
      .filter((e) => e.event.type === 'staff.changed')
      .map((e) => (e.event as { change: string }).change);
    expect(changes).toEqual(['disabled', 'enabled']);
  });

  it('keeps an enabled admin: no self-disable, the last admin cannot be demoted', async () => {
    const before = await snapshot();
    const self = await call('POST', '/api/v1/staff/admin/disable');
    expect(self.status).toBe(409);
    expect(self.body.error?.message).toContain('your own account');
    const demote = await call('PATCH', '/api/v1/staff/admin', { role: 'manager' });
    expect(demote.status).toBe(409);
    expect(demote.body.error?.message).toContain('last enabled admin');
    expect(await snapshot()).toBe(before);

    // With a second admin, the first may be demoted by it, but that one not disabled by itself.
    await createOk({
      staffId: 'admin2',
      name: '副管理员',
      role: 'admin',
      password: 'second-admin',
    });
    const second = await login(hall.url, 'admin2', 'second-admin');
    expect((await call('PATCH', '/api/v1/staff/admin', { role: 'manager' }, second)).status).toBe(
      200,
    );
    expect((await call('PATCH', '/api/v1/staff/admin2', { role: 'manager' }, second)).status).toBe(
      409,
    );
    expect((await call('POST', '/api/v1/staff/admin2/disable', undefined, second)).status).toBe(
      409,
    );
    // The demoted account's session ended with its role change.
    expect((await api(hall.url, 'GET', '/api/v1/auth/me', { token: admin })).status).toBe(401);
  });

  it('refuses bodies, unknown accounts and non-admins', async () => {
    const before = await snapshot();
    expect((await call('POST', '/api/v1/staff/w002/disable', { x: 1 })).status).toBe(400);
    expect((await call('POST', '/api/v1/staff/nobody/disable')).status).toBe(404);
    expect((await call('POST', '/api/v1/staff/w002/disable', undefined, null)).status).toBe(401);
    const manager = await login(hall.url, 'manager', 'demo-admin');
    const clerk = await loginClerk(hall.url, 9);
    const afterLogins = await snapshot();
    for (const token of [manager, clerk]) {
      expect((await call('POST', '/api/v1/staff/w002/disable', undefined, token)).status).toBe(403);
      expect((await call('POST', '/api/v1/staff/w002/enable', undefined, token)).status).toBe(403);
    }
    expect(await snapshot()).toBe(afterLogins);
    expect(before).not.toBe(afterLogins); // window 9 opened at the clerk's sign-in
    const audit = auditRows(hall.dataDir).filter((r) => r.command.startsWith('staff.'));
    expect(audit.map((r) => `${r.actor} ${r.command} ${r.outcome}`)).toEqual([
      'staff:manager staff.disable forbidden',
      'staff:manager staff.enable forbidden',
      'staff:w009 staff.disable forbidden',
      'staff:w009 staff.enable forbidden',
    ]);
  });
});
