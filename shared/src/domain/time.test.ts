import { describe, expect, it } from 'vitest';
import { serviceId } from './ids.ts';
import type { Calendar, Hall, HallConfig, Service } from './model.ts';
import {
  addDays,
  businessDayAt,
  hoursOn,
  isLocalDate,
  isLocalTime,
  isoWeekdayOf,
  localParts,
  localTimeToEpoch,
  nextDayCloseAt,
  parseLocalTime,
  serviceOpenAt,
} from './time.ts';
import { makeService, testConfig } from '../testing/factories.ts';

// Fixed instants (ms since epoch); the comment gives the instant in ISO form.
const SH_TUE_0930 = 1795483800000; // 2026-11-24T09:30+08:00, Tuesday
const SH_TUE_0800 = 1795478400000; // 2026-11-24T08:00+08:00
const SH_TUE_1230 = 1795494600000; // 2026-11-24T12:30+08:00
const SH_TUE_1645 = 1795509900000; // 2026-11-24T16:45+08:00
const SH_TUE_1730 = 1795512600000; // 2026-11-24T17:30+08:00
const SH_TUE_235959 = 1795535999000; // 2026-11-24T23:59:59+08:00
const SH_WED_0000 = 1795536000000; // 2026-11-25T00:00+08:00
const SH_WED_0130 = 1795541400000; // 2026-11-25T01:30+08:00
const SH_WED_0200 = 1795543200000; // 2026-11-25T02:00+08:00
const SH_THU_0000 = 1795622400000; // 2026-11-26T00:00+08:00
const SH_SAT_1000 = 1795831200000; // 2026-11-28T10:00+08:00
const SH_SUN_1000 = 1795917600000; // 2026-11-29T10:00+08:00
const SH_OCT1_1000 = 1790820000000; // 2026-10-01T10:00+08:00, National Day

// Europe/Berlin 2026: CET→CEST on 29 March at 01:00Z, CEST→CET on 25 October at 01:00Z.
const BER_MAR28_2300 = 1774735200000; // 2026-03-28T22:00Z = 23:00 CET
const BER_MAR29_0330 = 1774747800000; // 2026-03-29T01:30Z = 03:30 CEST
const BER_MAR29_1200 = 1774778400000; // 2026-03-29T10:00Z = 12:00 CEST
const BER_MAR30_0000 = 1774821600000; // 2026-03-29T22:00Z = 00:00 CEST on the 30th
const BER_OCT25_0230_CEST = 1792888200000; // 2026-10-25T00:30Z
const BER_OCT25_0245_CEST = 1792889100000; // 2026-10-25T00:45Z
const BER_OCT25_0215_CET = 1792890900000; // 2026-10-25T01:15Z, the repeated hour
const BER_OCT25_1200 = 1792926000000; // 2026-10-25T11:00Z = 12:00 CET
const BER_OCT26_0230 = 1792978200000; // 2026-10-26T01:30Z = 02:30 CET

function hall(timeZone: string, dayCloseTime: string): Hall {
  return { id: 'h', name: '测试大厅', nameEn: 'Test hall', timeZone, dayCloseTime };
}

const calendar: Calendar = {
  alwaysOpen: false,
  workingDays: [1, 2, 3, 4, 5],
  hours: [
    { open: '13:30', close: '17:00' },
    { open: '09:00', close: '12:00' },
  ],
  holidays: ['2026-10-01'],
  extraWorkingDays: ['2026-11-29'],
  saturdayHours: [{ open: '09:00', close: '12:00' }],
};

function service(overrides: Partial<Service> = {}): Service {
  return makeService({
    id: serviceId('svc'),
    name: '测试',
    nameEn: 'Test',
    lastTicketTime: '16:30',
    ...overrides,
  });
}

function config(overrides: Partial<Calendar> = {}): HallConfig {
  return testConfig({
    hall: hall('Asia/Shanghai', '00:00'),
    floors: [],
    zones: [],
    calendar: { ...calendar, ...overrides },
    policies: { priorityInterleave: 3, allowAnonymousIssue: true, ratingWindowSec: 60 },
  });
}

describe('localParts', () => {
  it('gives the wall time in Asia/Shanghai', () => {
    expect(localParts(SH_TUE_0930, 'Asia/Shanghai')).toEqual({
      date: '2026-11-24',
      time: '09:30',
      minutes: 570,
      isoWeekday: 2,
    });
    expect(localParts(SH_TUE_235959, 'Asia/Shanghai')).toMatchObject({
      date: '2026-11-24',
      time: '23:59',
      minutes: 1439,
    });
    expect(localParts(SH_WED_0000, 'Asia/Shanghai')).toMatchObject({
      date: '2026-11-25',
      time: '00:00',
      minutes: 0,
      isoWeekday: 3,
    });
    expect(localParts(SH_SUN_1000, 'Asia/Shanghai').isoWeekday).toBe(7);
  });

  it('follows DST in Europe/Berlin', () => {
    expect(localParts(BER_MAR28_2300, 'Europe/Berlin')).toMatchObject({
      date: '2026-03-28',
      time: '23:00',
    });
    expect(localParts(BER_MAR29_0330, 'Europe/Berlin')).toMatchObject({
      date: '2026-03-29',
      time: '03:30',
      isoWeekday: 7,
    });
    expect(localParts(BER_OCT25_0245_CEST, 'Europe/Berlin').time).toBe('02:45');
    expect(localParts(BER_OCT25_0215_CET, 'Europe/Berlin').time).toBe('02:15');
  });

  it('gives the same local date on another zone for the same instant', () => {
    // 2026-11-24T16:45+08:00 is 03:45 in New York.
    expect(localParts(SH_TUE_1645, 'America/New_York')).toMatchObject({
      date: '2026-11-24',
      time: '03:45',
    });
  });
});

describe('local times and dates', () => {
  it('accepts HH:MM from 00:00 to 23:59 and 24:00', () => {
    for (const t of ['00:00', '09:05', '23:59', '24:00']) expect(isLocalTime(t)).toBe(true);
    for (const t of ['24:01', '25:00', '12:60', '9:00', '09:00:00', '', 'ab:cd']) {
      expect(isLocalTime(t)).toBe(false);
    }
  });

  it('parses to minutes since midnight', () => {
    expect(parseLocalTime('00:00')).toBe(0);
    expect(parseLocalTime('13:30')).toBe(810);
    expect(parseLocalTime('24:00')).toBe(1440);
    expect(() => parseLocalTime('7:00')).toThrow(RangeError);
  });

  it('does calendar arithmetic on dates', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(isoWeekdayOf('2026-11-23')).toBe(1);
    expect(isoWeekdayOf('2026-11-29')).toBe(7);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2026-1-01')).toBe(false);
  });
});

describe('localTimeToEpoch', () => {
  it('converts in a fixed-offset zone', () => {
    expect(localTimeToEpoch('2026-11-25', '00:00', 'Asia/Shanghai')).toBe(SH_WED_0000);
    expect(localTimeToEpoch('2026-11-24', '09:30', 'Asia/Shanghai')).toBe(SH_TUE_0930);
  });

  it('handles both DST transitions', () => {
    expect(localTimeToEpoch('2026-03-29', '12:00', 'Europe/Berlin')).toBe(BER_MAR29_1200);
    // 02:30 does not exist on 29 March: it maps to 03:30 CEST.
    expect(localTimeToEpoch('2026-03-29', '02:30', 'Europe/Berlin')).toBe(BER_MAR29_0330);
    // 02:30 happens twice on 25 October: the first time.
    expect(localTimeToEpoch('2026-10-25', '02:30', 'Europe/Berlin')).toBe(BER_OCT25_0230_CEST);
    expect(localTimeToEpoch('2026-10-25', '12:00', 'Europe/Berlin')).toBe(BER_OCT25_1200);
  });
});

describe('business day', () => {
  it('is the local date when the day closes at midnight', () => {
    const h = hall('Asia/Shanghai', '00:00');
    expect(businessDayAt(SH_TUE_235959, h)).toBe('2026-11-24');
    expect(businessDayAt(SH_WED_0000, h)).toBe('2026-11-25');
    expect(businessDayAt(SH_WED_0130, h)).toBe('2026-11-25');
  });

  it('runs past midnight until the close time', () => {
    const h = hall('Asia/Shanghai', '02:00');
    expect(businessDayAt(SH_WED_0130, h)).toBe('2026-11-24');
    expect(businessDayAt(SH_WED_0200, h)).toBe('2026-11-25');
    expect(businessDayAt(SH_TUE_0930, h)).toBe('2026-11-24');
  });

  it('never goes back in the repeated hour of a DST fall-back', () => {
    const h = hall('Europe/Berlin', '02:30');
    expect(businessDayAt(BER_OCT25_0230_CEST - 1, h)).toBe('2026-10-24');
    expect(businessDayAt(BER_OCT25_0230_CEST, h)).toBe('2026-10-25');
    expect(businessDayAt(BER_OCT25_0245_CEST, h)).toBe('2026-10-25');
    expect(businessDayAt(BER_OCT25_0215_CET, h)).toBe('2026-10-25');
  });

  it('finds the next close strictly after now', () => {
    const midnight = hall('Asia/Shanghai', '00:00');
    expect(nextDayCloseAt(SH_TUE_0930, midnight)).toBe(SH_WED_0000);
    expect(nextDayCloseAt(SH_TUE_235959, midnight)).toBe(SH_WED_0000);
    expect(nextDayCloseAt(SH_WED_0000, midnight)).toBe(SH_THU_0000);
    const two = hall('Asia/Shanghai', '02:00');
    expect(nextDayCloseAt(SH_TUE_0930, two)).toBe(SH_WED_0200);
    expect(nextDayCloseAt(SH_WED_0130, two)).toBe(SH_WED_0200);
  });

  it('finds the next close across DST in Europe/Berlin', () => {
    // The day of 29 March has 23 hours.
    expect(nextDayCloseAt(BER_MAR29_1200, hall('Europe/Berlin', '00:00'))).toBe(BER_MAR30_0000);
    // 02:30 is skipped on 29 March: the day closes at 03:30 CEST instead.
    expect(nextDayCloseAt(BER_MAR28_2300, hall('Europe/Berlin', '02:30'))).toBe(BER_MAR29_0330);
    // After the first 02:30 of 25 October the next close is on the 26th.
    expect(nextDayCloseAt(BER_OCT25_0215_CET, hall('Europe/Berlin', '02:30'))).toBe(BER_OCT26_0230);
  });
});

describe('hoursOn', () => {
  const svc = service();

  it('uses the calendar hours on a working day, sorted', () => {
    expect(hoursOn(config(), svc, '2026-11-24')).toEqual([
      { open: '09:00', close: '12:00' },
      { open: '13:30', close: '17:00' },
    ]);
  });

  it("prefers the service's own hours", () => {
    const late = service({ hours: [{ open: '09:00', close: '20:00' }] });
    expect(hoursOn(config(), late, '2026-11-24')).toEqual([{ open: '09:00', close: '20:00' }]);
  });

  it('is closed on holidays and non-working days', () => {
    expect(hoursOn(config(), svc, '2026-10-01')).toEqual([]);
    expect(hoursOn(config({ saturdayHours: [] }), svc, '2026-11-28')).toEqual([]);
  });

  it('opens on adjusted working days (调休)', () => {
    expect(hoursOn(config(), svc, '2026-11-29')).toHaveLength(2);
  });

  it('uses the 5+X Saturday hours, clipped to the service hours', () => {
    expect(hoursOn(config(), svc, '2026-11-28')).toEqual([{ open: '09:00', close: '12:00' }]);
    const afternoon = service({ hours: [{ open: '10:00', close: '17:00' }] });
    expect(hoursOn(config(), afternoon, '2026-11-28')).toEqual([{ open: '10:00', close: '12:00' }]);
  });

  it('uses regular hours when Saturday is a working day', () => {
    expect(hoursOn(config({ workingDays: [1, 2, 3, 4, 5, 6] }), svc, '2026-11-28')).toHaveLength(2);
  });

  it('is the whole day when always open', () => {
    expect(hoursOn(config({ alwaysOpen: true }), svc, '2026-10-01')).toEqual([
      { open: '00:00', close: '24:00' },
    ]);
  });
});

describe('serviceOpenAt', () => {
  const svc = service();

  it('is open within hours', () => {
    expect(serviceOpenAt(config(), svc, SH_TUE_0930)).toEqual({ open: true });
    expect(serviceOpenAt(config(), svc, SH_SAT_1000)).toEqual({ open: true });
    expect(serviceOpenAt(config(), svc, SH_SUN_1000)).toEqual({ open: true });
  });

  it('says why and when it opens when closed', () => {
    expect(serviceOpenAt(config(), svc, SH_TUE_0800)).toEqual({
      open: false,
      reason: 'before_hours',
      opensAt: '09:00',
    });
    expect(serviceOpenAt(config(), svc, SH_TUE_1230)).toEqual({
      open: false,
      reason: 'between_hours',
      opensAt: '13:30',
    });
    expect(serviceOpenAt(config(), svc, SH_TUE_1645)).toEqual({
      open: false,
      reason: 'after_last_ticket',
      opensAt: null,
    });
    expect(serviceOpenAt(config(), svc, SH_TUE_1730)).toEqual({
      open: false,
      reason: 'after_hours',
      opensAt: null,
    });
    expect(serviceOpenAt(config(), svc, SH_OCT1_1000)).toEqual({
      open: false,
      reason: 'closed_day',
      opensAt: null,
    });
  });

  it('issues until closing without a last ticket time', () => {
    const noLast = service({ lastTicketTime: null });
    expect(serviceOpenAt(config(), noLast, SH_TUE_1645)).toEqual({ open: true });
  });

  it('ignores hours and the last ticket time when always open', () => {
    const open = config({ alwaysOpen: true });
    expect(serviceOpenAt(open, svc, SH_TUE_1730)).toEqual({ open: true });
    expect(serviceOpenAt(open, svc, SH_OCT1_1000)).toEqual({ open: true });
  });
});
