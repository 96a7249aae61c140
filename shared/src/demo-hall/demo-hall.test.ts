import { describe, expect, it } from 'vitest';
import { checkConfig } from '../domain/config-check.ts';
import { DEMO_HALL_ID, demoHallConfig } from './index.ts';

const config = demoHallConfig();

describe('demo hall 玉山县行政服务中心', () => {
  it('is valid', () => {
    expect(checkConfig(config)).toEqual([]);
  });

  it('is the hall of seed 000', () => {
    expect(config.hall).toEqual({
      id: DEMO_HALL_ID,
      name: '玉山县行政服务中心',
      nameEn: 'Yushan County Administrative Service Center',
      timeZone: 'Asia/Shanghai',
      dayCloseTime: '00:00',
    });
    expect(config.floors.map((f) => f.id)).toEqual([1, 4, 5]);
    expect(config.zones.map((z) => `${z.id}${z.floorId}`)).toEqual([
      'A1',
      'B1',
      'C1',
      'D1',
      'E4',
      'F4',
      'G5',
    ]);
  });

  it('has 108 windows numbered 1…108 with the kinds of the seed', () => {
    expect(config.windows.map((w) => w.id)).toEqual(Array.from({ length: 108 }, (_, i) => i + 1));
    const kinds: Record<string, Record<string, number>> = {};
    for (const w of config.windows) {
      const zone = (kinds[w.zoneId] ??= {});
      zone[w.kind] = (zone[w.kind] ?? 0) + 1;
    }
    expect(kinds).toEqual({
      A: { general: 10, standby: 3, tax: 2, citizen: 7 },
      B: { general: 16, standby: 4 },
      C: { general: 8, standby: 1, seal: 1 },
      D: { general: 5, emergency: 1 },
      E: { general: 16, emergency: 4 },
      F: { specialised: 24 },
      G: { general: 6 },
    });
    // Zone order A…G along the numbers.
    const zoneOrder = config.windows.map((w) => w.zoneId).join('');
    expect(zoneOrder).toMatch(/^A{22}B{20}C{10}D{6}E{20}F{24}G{6}$/);
  });

  it('gives every service a unique prefix and a primary window', () => {
    const prefixes = config.services.map((s) => s.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const s of config.services) {
      expect(s.prefix).toMatch(/^[A-HJ-NP-Z]{1,2}$/);
      const primaries = config.assignments.filter(
        (a) => a.serviceId === s.id && a.role === 'primary',
      );
      expect(primaries.length, s.id).toBeGreaterThan(0);
    }
  });

  it('has 3–6 services per zone', () => {
    for (const z of config.zones) {
      const count = config.services.filter((s) => s.zoneId === z.id).length;
      expect(count, z.id).toBeGreaterThanOrEqual(3);
      expect(count, z.id).toBeLessThanOrEqual(6);
    }
  });

  it('lets every window serve at least one service', () => {
    for (const w of config.windows) {
      expect(
        config.assignments.some((a) => a.windowId === w.id),
        `window ${w.id}`,
      ).toBe(true);
    }
  });

  it('assigns windows by kind', () => {
    const roleOf = (window: number, service: string) =>
      config.assignments.find((a) => a.windowId === window && a.serviceId === service)?.role;
    expect(roleOf(1, 'bdc-transfer')).toBe('primary'); // A 综合受理
    expect(roleOf(11, 'bdc-transfer')).toBe('secondary'); // A 备用
    expect(roleOf(14, 'deed-tax')).toBe('primary'); // A 税费
    expect(roleOf(14, 'bdc-mortgage')).toBe('secondary');
    expect(roleOf(16, 'utility-transfer')).toBe('primary'); // A 市民
    expect(roleOf(52, 'seal')).toBe('primary'); // C 刻章
    expect(roleOf(58, 'general-intake')).toBe('secondary'); // D 应急
    expect(roleOf(102, 'notary-legal-aid')).toBe('primary'); // F 司法
    expect(roleOf(102, 'household')).toBeUndefined();
  });

  it('keeps the demo open at any hour with a realistic calendar behind it', () => {
    expect(config.calendar.alwaysOpen).toBe(true);
    expect(config.calendar.workingDays).toEqual([1, 2, 3, 4, 5]);
    expect(config.calendar.holidays).toContain('2026-10-07');
    expect(config.policies.allowAnonymousIssue).toBe(true);
  });
});
