import { describe, expect, it } from 'vitest';
import { demoHallConfig } from '../demo-hall/index.ts';
import type { Notice } from './admin.ts';
import type { HallConfig } from './model.ts';
import { noticesFor, noticeShowsOn } from './notices.ts';

function notice(id: string, over: Partial<Notice> = {}): Notice {
  return {
    id,
    text: `通知${id}`,
    textEn: `Notice ${id}`,
    zoneIds: [],
    startsOn: null,
    endsOn: null,
    kiosk: false,
    ...over,
  };
}

const base = demoHallConfig();
const config: HallConfig = {
  ...base,
  notices: [
    notice('all'),
    notice('a', { zoneIds: ['A'] }),
    notice('bc', { zoneIds: ['B', 'C'], kiosk: true }),
    notice('dated', { startsOn: '2026-11-24', endsOn: '2026-11-25', kiosk: true }),
  ],
};
const ids = (list: readonly Notice[]): string[] => list.map((n) => n.id);

describe('noticesFor', () => {
  it('shows every notice on the hall screen, in order', () => {
    expect(ids(noticesFor(config, { kind: 'hall' }, '2026-11-24'))).toEqual([
      'all',
      'a',
      'bc',
      'dated',
    ]);
  });

  it('shows a zone screen its zone and the all-zone notices', () => {
    expect(ids(noticesFor(config, { kind: 'zone', zoneId: 'A' }, '2026-11-24'))).toEqual([
      'all',
      'a',
      'dated',
    ]);
    expect(ids(noticesFor(config, { kind: 'zone', zoneId: 'C' }, '2026-11-26'))).toEqual([
      'all',
      'bc',
    ]);
  });

  it("shows a window screen its window's zone", () => {
    // Window 23 is the first of zone B.
    expect(ids(noticesFor(config, { kind: 'window', windowId: 23 }, '2026-11-26'))).toEqual([
      'all',
      'bc',
    ]);
    expect(ids(noticesFor(config, { kind: 'window', windowId: 9999 }, '2026-11-26'))).toEqual([
      'all',
    ]);
  });

  it('shows the kiosk only kiosk notices, within their dates', () => {
    expect(ids(noticesFor(config, { kind: 'kiosk' }, '2026-11-25'))).toEqual(['bc', 'dated']);
    expect(ids(noticesFor(config, { kind: 'kiosk' }, '2026-11-26'))).toEqual(['bc']);
  });

  it('treats the dates as inclusive and open-ended when null', () => {
    const n = notice('x', { startsOn: '2026-11-24', endsOn: '2026-11-24' });
    expect(noticeShowsOn(n, '2026-11-23')).toBe(false);
    expect(noticeShowsOn(n, '2026-11-24')).toBe(true);
    expect(noticeShowsOn(n, '2026-11-25')).toBe(false);
    expect(noticeShowsOn(notice('y', { endsOn: '2026-01-01' }), '2025-06-01')).toBe(true);
    expect(noticeShowsOn(notice('z', { startsOn: '2027-01-01' }), '2026-12-31')).toBe(false);
  });

  it('shows nothing when the hall has no notices', () => {
    expect(noticesFor(base, { kind: 'hall' }, '2026-11-24')).toEqual([]);
  });
});
