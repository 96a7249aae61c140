import { describe, expect, it } from 'vitest';
import { demoHallConfig } from '../demo-hall/index.ts';
import { checkConfig, checkConfigProblems, isTimeZone } from './config-check.ts';
import { floorId, serviceId, windowId, zoneId } from './ids.ts';
import type { HallConfig, Service } from './model.ts';

const valid = demoHallConfig();

function firstService(config: HallConfig): Service {
  const service = config.services[0];
  if (service === undefined) throw new Error('demo hall has no services');
  return service;
}

function withService(overrides: Partial<Service>): HallConfig {
  const [first, ...rest] = valid.services;
  if (first === undefined) throw new Error('demo hall has no services');
  return { ...valid, services: [{ ...first, ...overrides }, ...rest] };
}

function problems(config: HallConfig): string {
  return checkConfig(config).join('\n');
}

describe('checkConfig', () => {
  it('accepts a valid configuration', () => {
    expect(checkConfig(valid)).toEqual([]);
  });

  it('checks voice settings when a hall gives them', () => {
    expect(
      problems({
        ...valid,
        voice: {
          repeat: 2,
          languages: ['zh-CN', 'en'],
          quietHours: [{ from: '12:00', to: '13:30' }],
        },
      }),
    ).toBe('');
    const text = problems({
      ...valid,
      voice: {
        repeat: 9,
        staleAfterSec: -1,
        languages: [],
        volume: [{ from: '25:00', volume: 2 }],
        quietHours: [{ from: '12', to: '13:00' }],
        pack: '../etc',
        template: {
          zh: '请到{window}号窗口{who}',
          en: 'Number {number}',
          recallZh: '',
          recallEn: '',
        },
      },
    });
    for (const expected of [
      'voice: repeat 9 is not 1–5',
      'voice: staleAfterSec -1',
      'voice: languages is empty',
      'voice: volume period time "25:00"',
      'voice: volume 2 at 25:00 is not 0–1',
      'voice: quiet hours "12–13:00"',
      'voice: pack "../etc"',
      'voice: zh template has no {number}',
      'voice: zh template has unknown {who}',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('finds duplicate ids', () => {
    const floor = valid.floors[0];
    const zone = valid.zones[0];
    const window = valid.windows[0];
    if (floor === undefined || zone === undefined || window === undefined) throw new Error();
    const config: HallConfig = {
      ...valid,
      floors: [...valid.floors, floor],
      zones: [...valid.zones, zone],
      services: [...valid.services, { ...firstService(valid), prefix: 'AB' }],
      windows: [...valid.windows, window],
    };
    const text = problems(config);
    expect(text).toContain('floor 1: id is used twice');
    expect(text).toContain('zone A: id is used twice');
    expect(text).toContain('service bdc-transfer: id is used twice');
    expect(text).toContain('window 1: id is used twice');
  });

  it('checks prefixes', () => {
    const twin = { ...firstService(valid), id: serviceId('twin') };
    expect(problems({ ...valid, services: [...valid.services, twin] })).toContain(
      'prefix A: used by more than one service',
    );
    for (const prefix of ['a', 'ABC', '1', '']) {
      expect(problems(withService({ prefix }))).toContain('is not 1–2 letters A–Z');
    }
  });

  it('checks references between floors, zones, services and windows', () => {
    const zone = valid.zones[0];
    const window = valid.windows[0];
    if (zone === undefined || window === undefined) throw new Error();
    const config: HallConfig = {
      ...valid,
      zones: [{ ...zone, floorId: floorId(9) }, ...valid.zones.slice(1)],
      services: [{ ...firstService(valid), zoneId: zoneId('Q') }, ...valid.services.slice(1)],
      windows: [{ ...window, zoneId: zoneId('Q') }, ...valid.windows.slice(1)],
      assignments: [
        ...valid.assignments,
        { windowId: windowId(999), serviceId: serviceId('nope'), role: 'primary', weight: 1 },
      ],
    };
    const text = problems(config);
    expect(text).toContain('zone A: floor 9 does not exist');
    expect(text).toContain('service bdc-transfer: zone Q does not exist');
    expect(text).toContain('window 1: zone Q does not exist');
    expect(text).toContain('assignment window 999 → service nope: window does not exist');
    expect(text).toContain('assignment window 999 → service nope: service does not exist');
  });

  it('checks assignments: duplicates, weights and a primary window per service', () => {
    const first = valid.assignments[0];
    if (first === undefined) throw new Error();
    const text = problems({
      ...valid,
      assignments: [
        ...valid.assignments,
        first,
        { ...first, serviceId: serviceId('bdc-query'), weight: 0 },
      ],
    });
    expect(text).toContain('assignment window 1 → service bdc-transfer: assigned twice');
    expect(text).toContain('weight 0 is not positive');

    const noPrimary = valid.assignments.filter(
      (a) => !(a.serviceId === 'seal' && a.role === 'primary'),
    );
    expect(problems({ ...valid, assignments: noPrimary })).toContain(
      'service seal: no primary window',
    );
  });

  it('checks times', () => {
    expect(problems(withService({ hours: [{ open: '17:00', close: '09:00' }] }))).toContain(
      'does not open before it closes',
    );
    expect(problems(withService({ hours: [{ open: '9:00', close: '12:00' }] }))).toContain(
      'opening time "9:00"',
    );
    expect(
      problems(
        withService({
          hours: [
            { open: '09:00', close: '12:00' },
            { open: '11:00', close: '13:00' },
          ],
        }),
      ),
    ).toContain('opening hours overlap');
    expect(problems(withService({ hours: [{ open: '00:00', close: '24:00' }] }))).toBe('');
    expect(problems(withService({ lastTicketTime: '25:00' }))).toContain('last ticket time');
    expect(problems({ ...valid, hall: { ...valid.hall, dayCloseTime: '24:00' } })).toContain(
      'day close time',
    );
    expect(
      problems({ ...valid, calendar: { ...valid.calendar, holidays: ['2026-02-30'] } }),
    ).toContain('holiday "2026-02-30" is not YYYY-MM-DD');
    expect(problems({ ...valid, calendar: { ...valid.calendar, workingDays: [0, 1, 1] } })).toMatch(
      /working day 0 is not an ISO weekday[\s\S]*working day 1 is listed twice/,
    );
  });

  it('checks quotas and handling times', () => {
    expect(problems(withService({ dailyQuota: 10, quotaWarning: 11 }))).toContain(
      'quota warning 11 is not within 0–10',
    );
    expect(problems(withService({ dailyQuota: null, quotaWarning: 5 }))).toContain(
      'quota warning without a daily quota',
    );
    expect(problems(withService({ dailyQuota: 0, quotaWarning: null }))).toContain(
      'daily quota 0 is not a positive integer',
    );
    expect(problems(withService({ perPersonDailyLimit: 0 }))).toContain('per-person daily limit');
    expect(problems(withService({ expectedHandlingMin: 0 }))).toContain(
      'expected handling time 0 is not positive',
    );
    expect(problems(withService({ expectedHandlingMin: Number.NaN }))).toContain(
      'expected handling time',
    );
  });

  it('checks the time zone', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(problems({ ...valid, hall: { ...valid.hall, timeZone: 'Asia/Nowhere' } })).toContain(
      '"Asia/Nowhere" is not a known IANA time zone',
    );
  });

  it('checks policies', () => {
    const text = problems({
      ...valid,
      policies: {
        ...valid.policies,
        priorityInterleave: -1,
        recallLimit: 1.5,
        ratingWindowSec: -60,
      },
    });
    expect(text).toContain('priorityInterleave -1');
    expect(text).toContain('recallLimit 1.5');
    expect(text).toContain('ratingWindowSec -60');
  });
});

describe('checkConfigProblems', () => {
  it('gives each problem a path and Chinese next to the English of checkConfig', () => {
    const twin = { ...firstService(valid), id: serviceId('twin') };
    const config: HallConfig = {
      ...valid,
      services: [...valid.services, twin],
      notices: [
        {
          id: 'n',
          text: '',
          textEn: '',
          zoneIds: ['Q'],
          startsOn: '2026-12-02',
          endsOn: '2026-12-01',
          kiosk: false,
        },
      ],
      alarms: { waitMin: -1, waitTargetMin: 0 },
      workOrders: { callbackWorkingDays: 5, rectifyWorkingDays: 2 },
      ticket: { footer: 'x'.repeat(200) },
    };
    const list = checkConfigProblems(config);
    expect(list.map((p) => p.en)).toEqual(checkConfig(config));
    const byPath = new Map(list.map((p) => [p.path, p.zh]));
    expect(byPath.get(`services.${valid.services.length}.prefix`)).toContain('票号前缀 A');
    expect(byPath.get('notices.0.text')).toBe('屏幕公告 1：内容不能为空');
    expect(byPath.get('notices.0.zoneIds.0')).toBe('屏幕公告 1：专区 Q 不存在');
    expect(byPath.get('notices.0.endsOn')).toContain('早于开始日期');
    expect(byPath.get('alarms.waitMin')).toContain('等候超时');
    expect(byPath.get('alarms.waitTargetMin')).toContain('至少 1 分钟');
    expect(byPath.get('workOrders.rectifyWorkingDays')).toContain('不能早于回访时限');
    expect(byPath.get('ticket.footer')).toContain('票面放不下');
    for (const p of list) expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
  });
});
