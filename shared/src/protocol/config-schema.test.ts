import { describe, expect, it } from 'vitest';
import { CONFIG_SECTIONS } from '../domain/admin.ts';
import { demoHallConfig } from '../demo-hall/index.ts';
import {
  parseConfigFile,
  parseConfigPatch,
  parseConfigSection,
  zodProblems,
  hallConfigSchema,
} from './config-schema.ts';

const demo = demoHallConfig();

describe('config schemas', () => {
  it('accept the demo hall, whole and section by section', () => {
    expect(hallConfigSchema.parse(demo)).toEqual(demo);
    for (const section of CONFIG_SECTIONS) {
      const value = demo[section] ?? (section === 'notices' ? [] : {});
      expect(parseConfigSection(section, value).ok, section).toBe(true);
    }
    expect(parseConfigFile({ format: 'hallq-config', version: 1, config: demo }).ok).toBe(true);
  });

  it('name every problem with its path, in English and Chinese', () => {
    const service = demo.services[0];
    const result = parseConfigSection('services', [
      { ...service, prefix: 'a', dailyQuota: 0, extra: true, bookable: 'yes' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = new Map(result.problems.map((p) => [p.path, p]));
    expect(byPath.get('services.0.prefix')?.zh).toBe(
      '事项 · 第 1 行 · 票号前缀：应为 1–2 个大写字母 A–Z',
    );
    expect(byPath.get('services.0.dailyQuota')?.zh).toBe('事项 · 第 1 行 · 每日限额：不能小于 1');
    expect(byPath.get('services.0.bookable')?.zh).toContain('应为是/否');
    expect(byPath.get('services.0')?.zh).toContain('不认识的字段：extra');
    for (const p of result.problems) expect(p.en).toContain(p.path);
  });

  it('say when a field is missing', () => {
    const result = parseConfigSection('hall', { id: 'x', name: '大厅' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.find((p) => p.path === 'hall.timeZone')?.zh).toBe(
      '大厅信息 · 时区：缺少此项',
    );
  });

  it('take several sections at once, at least one', () => {
    const patch = parseConfigPatch({ assignments: demo.assignments, services: demo.services });
    expect(patch.ok && patch.sections).toEqual(['services', 'assignments']);
    const empty = parseConfigPatch({});
    expect(empty.ok).toBe(false);
    expect(parseConfigPatch({ stuff: 1 }).ok).toBe(false);
  });

  it('refuse a file that is not ours', () => {
    const result = parseConfigFile({ format: 'other', version: 1, config: demo });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.path).toBe('format');
    const bad = hallConfigSchema.safeParse({ ...demo, windows: 'all' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(zodProblems(bad.error)[0]?.zh).toBe('窗口：应为列表');
  });
});
