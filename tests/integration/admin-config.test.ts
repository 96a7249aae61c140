/**
 * Configuration over REST against the real server (issue 8 "Configuration"): every section
 * changes with one `config.changed` event, an audit row, and the new value live on every
 * socket; invalid values are refused with every problem in Chinese and English and change
 * nothing; roles are enforced (and refusals audited); today's tickets and windows hold changes
 * back; the whole configuration exports and imports as one file, with a dry run; a restart
 * loads what was saved.
 */
import { describe, expect, it } from 'vitest';
import type {
  ConfigProblem,
  ConfigSection,
  DomainError,
  HallConfig,
  LoggedEvent,
} from '@hallq/shared';
import {
  api,
  auditRows,
  collectEvents,
  connectClient,
  dbState,
  login,
  loginAdmin,
  loginClerk,
  postCommand,
  readAllEvents,
  startTestHall,
  syncRequest,
  useTestHall,
  waitFor,
  type DbState,
} from '../support/hall.ts';

const hall = useTestHall();

interface ConfigData {
  readonly config: HallConfig;
  readonly seq: number;
  readonly version: string;
  readonly changes?: Record<string, { added: number; removed: number; changed: number }>;
}
interface Refused {
  readonly error: DomainError & { readonly details?: { readonly problems?: ConfigProblem[] } };
}
type Reply<T> = { readonly data: T } & Partial<Refused>;

async function readConfig(token: string): Promise<ConfigData> {
  const response = await api<Reply<ConfigData>>(hall.url, 'GET', '/api/v1/admin/config', {
    token,
  });
  expect(response.status).toBe(200);
  return response.body.data;
}

function put(token: string | undefined, section: string, body: unknown, ifMatch?: string) {
  return api<Reply<ConfigData>>(hall.url, 'PUT', `/api/v1/admin/config/${section}`, {
    ...(token === undefined ? {} : { token }),
    body,
    ...(ifMatch === undefined ? {} : { headers: { 'if-match': `"${ifMatch}"` } }),
  });
}

/** Everything a refused change must leave alone: day state, event log, stored configuration. */
async function snapshot(token: string): Promise<{
  db: DbState;
  events: readonly LoggedEvent[];
  config: HallConfig;
}> {
  return {
    db: await dbState(hall.server),
    events: await readAllEvents(hall.url, token),
    config: (await hall.server.store.loadConfig()) as HallConfig,
  };
}

async function expectUnchanged(
  token: string,
  before: Awaited<ReturnType<typeof snapshot>>,
): Promise<void> {
  const after = await snapshot(token);
  expect(after.db).toEqual(before.db);
  expect(after.events).toEqual(before.events);
  expect(after.config).toEqual(before.config);
  expect(hall.server.hall.state.config).toEqual(before.config);
}

/** A valid new value and an invalid one (with a path the refusal must name) per section. */
function cases(config: HallConfig): Record<
  ConfigSection,
  {
    readonly valid: unknown;
    readonly check: (c: HallConfig) => unknown;
    readonly invalid: unknown;
    readonly path: string;
  }
> {
  const [s0, ...services] = config.services;
  const [f0, ...floors] = config.floors;
  const [z0, ...zones] = config.zones;
  const [w0, ...windows] = config.windows;
  const [a0, ...assignments] = config.assignments;
  if (!s0 || !f0 || !z0 || !w0 || !a0) throw new Error('demo hall is empty');
  return {
    hall: {
      valid: { ...config.hall, name: '玉山县政务服务中心' },
      check: (c) => c.hall.name,
      invalid: { ...config.hall, timeZone: 'Asia/Nowhere' },
      path: 'hall.timeZone',
    },
    floors: {
      valid: [{ ...f0, name: '一层大厅' }, ...floors],
      check: (c) => c.floors[0]?.name,
      invalid: [f0, ...floors, { ...f0 }],
      path: 'floors.3.id',
    },
    zones: {
      valid: [{ ...z0, location: '一楼大厅东侧' }, ...zones],
      check: (c) => c.zones[0]?.location,
      invalid: [{ ...z0, floorId: 9 }, ...zones],
      path: 'zones.0.floorId',
    },
    services: {
      valid: [
        { ...s0, name: '不动产转移登记（新）', dailyQuota: 200, quotaWarning: 180 },
        ...services,
      ],
      check: (c) => c.services[0]?.name,
      invalid: [s0, ...services.map((s, i) => (i === 0 ? { ...s, prefix: s0.prefix } : s))],
      path: 'services.1.prefix',
    },
    windows: {
      valid: [{ ...w0, label: '1号综合窗口', kind: 'specialised' }, ...windows],
      check: (c) => c.windows[0]?.label,
      invalid: [{ ...w0, zoneId: 'Q' }, ...windows],
      path: 'windows.0.zoneId',
    },
    assignments: {
      valid: [{ ...a0, weight: 3 }, ...assignments],
      check: (c) => c.assignments[0]?.weight,
      invalid: [a0, ...assignments, { ...a0, serviceId: 'nope', role: 'primary' }],
      path: `assignments.${config.assignments.length}.serviceId`,
    },
    calendar: {
      valid: { ...config.calendar, holidays: [...config.calendar.holidays, '2026-12-31'] },
      check: (c) => c.calendar.holidays.at(-1),
      invalid: { ...config.calendar, hours: [{ open: '17:00', close: '09:00' }] },
      path: 'calendar.hours.0',
    },
    policies: {
      valid: { ...config.policies, recallLimit: 2 },
      check: (c) => c.policies.recallLimit,
      invalid: { ...config.policies, recallLimit: -1 },
      path: 'policies.recallLimit',
    },
    voice: {
      valid: { repeat: 3, languages: ['zh-CN', 'en'] },
      check: (c) => c.voice?.repeat,
      invalid: {
        template: { zh: '请到{window}号窗口', en: 'x {number}', recallZh: '', recallEn: '' },
      },
      path: 'voice.template.zh',
    },
    ticket: {
      valid: { footer: '监督电话 12345', qr: false },
      check: (c) => c.ticket?.footer,
      invalid: { footer: 'x'.repeat(500) },
      path: 'ticket.footer',
    },
    notices: {
      valid: [
        {
          id: 'lunch',
          text: '午间 12:00–13:30 综合窗口轮班',
          textEn: 'Lunch 12:00–13:30: general windows in turns',
          zoneIds: ['A'],
          startsOn: '2026-11-24',
          endsOn: null,
          kiosk: true,
        },
      ],
      check: (c) => c.notices?.[0]?.id,
      invalid: [
        {
          id: 'n1',
          text: '通知',
          textEn: '',
          zoneIds: ['Q'],
          startsOn: '2026-12-01',
          endsOn: '2026-11-01',
          kiosk: false,
        },
      ],
      path: 'notices.0.zoneIds.0',
    },
    alarms: {
      valid: { waitMin: 45, badRating: false },
      check: (c) => c.alarms?.waitMin,
      invalid: { waitMin: -5 },
      path: 'alarms.waitMin',
    },
    workOrders: {
      valid: { callbackWorkingDays: 2, rectifyWorkingDays: 10 },
      check: (c) => c.workOrders?.rectifyWorkingDays,
      invalid: { callbackWorkingDays: 5, rectifyWorkingDays: 3 },
      path: 'workOrders.rectifyWorkingDays',
    },
  };
}

describe('reading the configuration', () => {
  it('gives admins and managers the configuration, seq and version; nobody else', async () => {
    const admin = await loginAdmin(hall.url);
    const data = await readConfig(admin);
    expect(data.config).toEqual(hall.server.hall.state.config);
    expect(data.seq).toBe(hall.server.hall.currentSeq);
    expect(data.version).toMatch(/^[0-9a-f]{20}$/);
    const manager = await login(hall.url, 'manager', 'demo-admin');
    expect((await readConfig(manager)).version).toBe(data.version);

    expect((await api(hall.url, 'GET', '/api/v1/admin/config')).status).toBe(401);
    const clerk = await loginClerk(hall.url, 1);
    const lead = await login(hall.url, 'leadA', 'demo');
    for (const token of [clerk, lead]) {
      expect((await api(hall.url, 'GET', '/api/v1/admin/config', { token })).status).toBe(403);
    }
  });
});

describe('changing each section', () => {
  it('applies a valid change of every section: event, audit row, GET, live socket', async () => {
    const admin = await loginAdmin(hall.url);
    const socket = await connectClient(hall.url);
    expect(
      (await syncRequest(socket, { after: hall.server.hall.currentSeq, rooms: ['hall'] })).ok,
    ).toBe(true);
    const seen = collectEvents(socket);
    const table = cases(hall.server.hall.state.config);
    for (const section of Object.keys(table) as ConfigSection[]) {
      const { valid, check } = table[section];
      const before = hall.server.hall.currentSeq;
      const response = await put(admin, section, valid);
      expect(response.status, `${section}: ${JSON.stringify(response.body)}`).toBe(200);
      const { data } = response.body;
      expect(data.seq).toBe(before + 1);
      expect(response.headers.get('etag')).toBe(`"${data.version}"`);
      expect(data.changes?.[section], section).toBeDefined();
      const expected = check(data.config);
      expect(expected, section).toBeDefined();
      // GET shows it; the log has it; the socket got it.
      expect(check((await readConfig(admin)).config)).toEqual(expected);
      const logged = (await readAllEvents(hall.url, admin, before)).map((l) => l.event);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ type: 'config.changed', section });
      await waitFor(() => seen.some((l) => l.seq === data.seq), 5000, `${section} on the socket`);
      const live = seen.find((l) => l.seq === data.seq)?.event;
      expect(live?.type === 'config.changed' && check(live.config)).toEqual(expected);
    }
    const audit = auditRows(hall.dataDir).filter(
      (r) => r.command.startsWith('config.') && r.outcome === 'ok',
    );
    expect(audit.map((r) => r.command)).toEqual(
      Object.keys(table).map((section) => `config.${section}`),
    );
    expect(audit.every((r) => r.actor.includes('admin'))).toBe(true);
    expect(JSON.parse(audit[0]?.payload ?? '{}')).toEqual({
      section: 'hall',
      changes: { hall: { added: 0, removed: 0, changed: 1 } },
    });
  });

  it('refuses an invalid value of every section with every problem in zh and en, changing nothing', async () => {
    const admin = await loginAdmin(hall.url);
    const table = cases(hall.server.hall.state.config);
    const before = await snapshot(admin);
    for (const section of Object.keys(table) as ConfigSection[]) {
      const { invalid, path } = table[section];
      const response = await put(admin, section, invalid);
      expect(response.status, `${section}: ${JSON.stringify(response.body)}`).toBe(400);
      expect(response.body.error?.code).toBe('validation');
      const problems = response.body.error?.details?.problems ?? [];
      expect(
        problems.map((p) => p.path),
        section,
      ).toContain(path);
      for (const p of problems) {
        expect(p.en.length, section).toBeGreaterThan(0);
        expect(p.zh, section).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    // Wrong shapes: an object for a list, unknown keys, wrong types.
    for (const [section, body] of [
      ['services', { services: [] }],
      ['hall', { ...before.config.hall, extra: 1 }],
      ['policies', { ...before.config.policies, dispatch: 'random' }],
      ['windows', [{ id: 'one', zoneId: 'A', kind: 'general' }]],
    ] as const) {
      const response = await put(admin, section, body);
      expect(response.status, section).toBe(400);
      expect(response.body.error?.details?.problems?.length).toBeGreaterThan(0);
    }
    expect((await put(admin, 'nothing', {})).status).toBe(404);
    await expectUnchanged(admin, before);
  });

  it('explains a new service without a primary window, and adds it with its assignment in one change', async () => {
    const admin = await loginAdmin(hall.url);
    const config = hall.server.hall.state.config;
    const fresh = {
      ...config.services[0],
      id: 'bdc-new',
      name: '不动产新事项',
      nameEn: 'New real-estate service',
      prefix: 'AB',
    };
    const refused = await put(admin, 'services', [...config.services, fresh]);
    expect(refused.status).toBe(400);
    const problem = refused.body.error?.details?.problems?.find((p) =>
      p.path.startsWith('services'),
    );
    expect(problem?.zh).toContain('没有主办窗口');

    const patch = await api<Reply<ConfigData>>(hall.url, 'PATCH', '/api/v1/admin/config', {
      token: admin,
      body: {
        services: [...config.services, fresh],
        assignments: [
          ...config.assignments,
          { windowId: 1, serviceId: 'bdc-new', role: 'primary', weight: 1 },
        ],
      },
    });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    expect(patch.body.data.changes).toEqual({
      services: { added: 1, removed: 0, changed: 0 },
      assignments: { added: 1, removed: 0, changed: 0 },
    });
    const [event] = await readAllEvents(hall.url, admin, patch.body.data.seq - 1);
    expect(event?.event).toMatchObject({ type: 'config.changed', section: 'services' });
    // The new service takes tickets at once.
    const ticket = await api<Reply<{ ticket: { ticket: { number: string } } }>>(
      hall.url,
      'POST',
      '/api/v1/tickets',
      { body: { serviceId: 'bdc-new' } },
    );
    expect(ticket.status).toBe(201);
    expect(ticket.body.data.ticket.ticket.number).toBe('AB001');
    expect(
      (await api(hall.url, 'PATCH', '/api/v1/admin/config', { token: admin, body: {} })).status,
    ).toBe(400);
  });

  it('refuses a change made on a stale version (two admins editing)', async () => {
    const admin = await loginAdmin(hall.url);
    const { version, config } = await readConfig(admin);
    expect((await put(admin, 'alarms', { waitMin: 40 }, version)).status).toBe(200);
    const before = await snapshot(admin);
    const stale = await put(admin, 'hall', { ...config.hall, name: '旧页面的修改' }, version);
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe('wrong_state');
    expect(stale.body.error?.details?.problems?.[0]?.zh).toContain('其他人已修改');
    await expectUnchanged(admin, before);
    const { version: now } = await readConfig(admin);
    expect((await put(admin, 'hall', { ...config.hall, name: '新名称' }, now)).status).toBe(200);
  });
});

describe('who may change what', () => {
  it('refuses anonymous (401), clerks and zone leads (403), managers beyond notices and alarms (403), audited', async () => {
    const admin = await loginAdmin(hall.url);
    const clerk = await loginClerk(hall.url, 1);
    const lead = await login(hall.url, 'leadA', 'demo');
    const manager = await login(hall.url, 'manager', 'demo-admin');
    const config = hall.server.hall.state.config;
    const before = await snapshot(admin);
    const auditBefore = auditRows(hall.dataDir).length;

    expect((await put(undefined, 'hall', config.hall)).status).toBe(401);
    expect((await put('not-a-token', 'hall', config.hall)).status).toBe(401);
    expect((await put(clerk, 'alarms', { waitMin: 10 })).status).toBe(403);
    expect((await put(lead, 'notices', [])).status).toBe(403);
    for (const section of ['hall', 'services', 'windows', 'policies', 'workOrders'] as const) {
      const response = await put(manager, section, config[section] ?? {});
      expect(response.status, section).toBe(403);
      expect(response.body.error?.code).toBe('forbidden');
    }
    const managerPatch = await api(hall.url, 'PATCH', '/api/v1/admin/config', {
      token: manager,
      body: { alarms: { waitMin: 10 }, policies: config.policies },
    });
    expect(managerPatch.status).toBe(403);
    const managerImport = await api(hall.url, 'POST', '/api/v1/admin/config/import', {
      token: manager,
      body: { format: 'hallq-config', version: 1, config },
    });
    expect(managerImport.status).toBe(403);
    await expectUnchanged(admin, before);
    const refusals = auditRows(hall.dataDir)
      .slice(auditBefore)
      .filter((r) => r.outcome === 'forbidden');
    expect(refusals.length).toBe(9);
    expect(refusals.map((r) => r.actor).join(' ')).toMatch(/w001[\s\S]*leadA[\s\S]*manager/);

    // What a manager may do: notices and alarm thresholds.
    expect((await put(manager, 'alarms', { waitMin: 25 })).status).toBe(200);
    expect(
      (
        await put(manager, 'notices', [
          {
            id: 'n1',
            text: '今日下午系统升级',
            textEn: 'System upgrade this afternoon',
            zoneIds: [],
            startsOn: null,
            endsOn: null,
            kiosk: false,
          },
        ])
      ).status,
    ).toBe(200);
  });
});

describe('today’s tickets and windows', () => {
  it('refuses removing a service with waiting tickets, changing a used prefix, removing an open window', async () => {
    const admin = await loginAdmin(hall.url);
    await postCommand(hall.url, '/api/v1/tickets', undefined, { serviceId: 'deed-tax' });
    const clerk = await loginClerk(hall.url, 1);
    await postCommand(hall.url, '/api/v1/windows/1/open', clerk);
    const config = hall.server.hall.state.config;
    const before = await snapshot(admin);

    const withoutDeedTax = await api<Reply<ConfigData>>(hall.url, 'PATCH', '/api/v1/admin/config', {
      token: admin,
      body: {
        services: config.services.filter((s) => s.id !== 'deed-tax'),
        assignments: config.assignments.filter((a) => a.serviceId !== 'deed-tax'),
      },
    });
    expect(withoutDeedTax.status).toBe(409);
    expect(withoutDeedTax.body.error?.code).toBe('wrong_state');
    expect(withoutDeedTax.body.error?.details?.problems?.[0]?.zh).toContain('不能删除');

    const prefix = await put(
      admin,
      'services',
      config.services.map((s) => (s.id === 'deed-tax' ? { ...s, prefix: 'QQ' } : s)),
    );
    expect(prefix.status).toBe(409);
    const problem = prefix.body.error?.details?.problems?.[0];
    expect(problem?.path).toMatch(/^services\.\d+\.prefix$/);
    expect(problem?.zh).toContain('票号前缀不能从 Q 改为 QQ');

    const withoutWindow1 = await api<Reply<ConfigData>>(hall.url, 'PATCH', '/api/v1/admin/config', {
      token: admin,
      body: {
        windows: config.windows.filter((w) => w.id !== 1),
        assignments: config.assignments.filter((a) => a.windowId !== 1),
      },
    });
    expect(withoutWindow1.status).toBe(409);
    expect(withoutWindow1.body.error?.details?.problems?.[0]?.zh).toContain('请先关闭该窗口');
    await expectUnchanged(admin, before);
  });
});

describe('export and import', () => {
  it('exports a file that imports back as one event without changes', async () => {
    const admin = await loginAdmin(hall.url);
    const exported = await api<{ format: string; version: number; config: HallConfig }>(
      hall.url,
      'GET',
      '/api/v1/admin/config/export',
      { token: admin },
    );
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe(
      'attachment; filename="hallq-config-yushan-2026-11-24.json"',
    );
    expect(exported.body).toMatchObject({ format: 'hallq-config', version: 1 });
    expect(exported.body.config).toEqual(hall.server.hall.state.config);
    const manager = await login(hall.url, 'manager', 'demo-admin');
    expect(
      (await api(hall.url, 'GET', '/api/v1/admin/config/export', { token: manager })).status,
    ).toBe(200);

    const dry = await api<Reply<{ valid: boolean; problems: ConfigProblem[]; changes: object }>>(
      hall.url,
      'POST',
      '/api/v1/admin/config/import?dryRun=1',
      { token: admin, body: exported.body },
    );
    expect(dry.status).toBe(200);
    expect(dry.body.data).toMatchObject({ valid: true, problems: [], changes: {} });

    const seq = hall.server.hall.currentSeq;
    const applied = await api<Reply<ConfigData>>(hall.url, 'POST', '/api/v1/admin/config/import', {
      token: admin,
      body: exported.body,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.data.seq).toBe(seq + 1);
    expect(applied.body.data.changes).toEqual({});
    expect(applied.body.data.config).toEqual(exported.body.config);
    const events = await readAllEvents(hall.url, admin, seq);
    expect(events.map((e) => e.event)).toMatchObject([
      { type: 'config.changed', section: 'import' },
    ]);
  });

  it('dry-runs a changed file with a summary, then applies it', async () => {
    const admin = await loginAdmin(hall.url);
    const config = hall.server.hall.state.config;
    const edited: HallConfig = {
      ...config,
      hall: { ...config.hall, name: '玉山县政务服务中心' },
      windows: config.windows.map((w) => (w.id === 2 ? { ...w, label: '2号窗口（老年人）' } : w)),
      notices: [
        {
          id: 'x',
          text: '欢迎',
          textEn: 'Welcome',
          zoneIds: [],
          startsOn: null,
          endsOn: null,
          kiosk: true,
        },
      ],
    };
    const file = { format: 'hallq-config', version: 1, config: edited };
    const dry = await api<Reply<{ valid: boolean; changes: object }>>(
      hall.url,
      'POST',
      '/api/v1/admin/config/import?dryRun=1',
      { token: admin, body: file },
    );
    expect(dry.body.data).toMatchObject({
      valid: true,
      changes: {
        hall: { added: 0, removed: 0, changed: 1 },
        windows: { added: 0, removed: 0, changed: 1 },
        notices: { added: 1, removed: 0, changed: 0 },
      },
    });
    expect(hall.server.hall.state.config).toEqual(config);
    const applied = await api<Reply<ConfigData>>(hall.url, 'POST', '/api/v1/admin/config/import', {
      token: admin,
      body: file,
    });
    expect(applied.status).toBe(200);
    expect(hall.server.hall.state.config.hall.name).toBe('玉山县政务服务中心');
  });

  it('refuses broken files (shape, duplicate prefix, window in an unknown zone) and changes nothing', async () => {
    const admin = await loginAdmin(hall.url);
    const config = hall.server.hall.state.config;
    const before = await snapshot(admin);
    const [s0, s1, ...rest] = config.services;
    if (!s0 || !s1) throw new Error();
    const broken: [string, unknown, string][] = [
      ['not a config file', { hello: 'world' }, 'format'],
      ['wrong version', { format: 'hallq-config', version: 2, config }, 'version'],
      [
        'bad shape',
        { format: 'hallq-config', version: 1, config: { ...config, windows: 'all' } },
        'windows',
      ],
      [
        'duplicate prefix',
        {
          format: 'hallq-config',
          version: 1,
          config: { ...config, services: [s0, { ...s1, prefix: s0.prefix }, ...rest] },
        },
        'services.1.prefix',
      ],
      [
        'window in an unknown zone',
        {
          format: 'hallq-config',
          version: 1,
          config: {
            ...config,
            windows: config.windows.map((w) => (w.id === 7 ? { ...w, zoneId: 'Z' } : w)),
          },
        },
        'windows.6.zoneId',
      ],
    ];
    for (const [what, body, path] of broken) {
      const dry = await api<Reply<{ valid: boolean; problems: ConfigProblem[] }>>(
        hall.url,
        'POST',
        '/api/v1/admin/config/import?dryRun=1',
        { token: admin, body },
      );
      expect(dry.status, what).toBe(200);
      expect(dry.body.data.valid, what).toBe(false);
      expect(dry.body.data.problems.map((p) => p.path).join(' '), what).toContain(path);
      const applied = await api<Refused>(hall.url, 'POST', '/api/v1/admin/config/import', {
        token: admin,
        body,
      });
      expect(applied.status, what).toBe(400);
      expect(applied.body.error.details?.problems?.length, what).toBeGreaterThan(0);
    }
    expect(
      (
        await api(hall.url, 'POST', '/api/v1/admin/config/import?dryRun=maybe', {
          token: admin,
          body: {},
        })
      ).status,
    ).toBe(400);
    await expectUnchanged(admin, before);
  });

  it('takes a large section (over 128 KiB; the default body limit is 64 KiB)', async () => {
    const admin = await loginAdmin(hall.url);
    const config = hall.server.hall.state.config;
    const services = config.services.map((s) => ({
      ...s,
      materials: Array.from({ length: 40 }, (_, i) => `材料${i + 1}：${'证明文件'.repeat(12)}`),
      materialsEn: [],
    }));
    expect(Buffer.byteLength(JSON.stringify(services))).toBeGreaterThan(128 * 1024);
    const response = await put(admin, 'services', services);
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
  });
});

describe('restart', () => {
  it('loads the changed configuration after a restart', async () => {
    const first = await startTestHall();
    const dataDir = first.dataDir;
    try {
      const admin = await loginAdmin(first.url);
      const config = first.server.hall.state.config;
      const response = await api(first.url, 'PUT', '/api/v1/admin/config/hall', {
        token: admin,
        body: { ...config.hall, name: '重启后的名称' },
      });
      expect(response.status).toBe(200);
      await first.server.close();
      const second = await startTestHall({ dataDir });
      try {
        expect(second.server.hall.state.config.hall.name).toBe('重启后的名称');
        const hallReply = await api<{ data: HallConfig }>(second.url, 'GET', '/api/v1/hall');
        expect(hallReply.body.data.hall.name).toBe('重启后的名称');
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });
});
