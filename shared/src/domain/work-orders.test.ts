import { describe, expect, it } from 'vitest';
import type { WorkOrder } from './admin.ts';
import { workOrderOverdue } from './admin.ts';
import { businessDay, staffId, windowId, zoneId } from './ids.ts';
import type { Calendar, HallConfig, RatingScore, Ticket } from './model.ts';
import { localTimeToEpoch } from './time.ts';
import {
  closeWorkOrder,
  decideAppeal,
  fileAppeal,
  isWorkingDay,
  openWorkOrder,
  recordCallback,
  recordRectification,
  WORK_ORDER_TEXT_MAX,
  workingDayDeadline,
  workOrderStats,
} from './work-orders.ts';
import { IDC, makeService, makeTicket, makeWindowDef, testConfig } from '../testing/factories.ts';

const HOUR = 3_600_000;
/** Local wall time in Asia/Shanghai (UTC+8, no DST) as ms since epoch. */
function sh(date: string, time = '00:00'): number {
  return localTimeToEpoch(date, time, 'Asia/Shanghai');
}

/** A regular Monday–Friday calendar with the 2026 National Day holidays and their 调休 days. */
const WEEKDAYS: Partial<Calendar> = {
  alwaysOpen: false,
  workingDays: [1, 2, 3, 4, 5],
  holidays: [
    '2026-10-01',
    '2026-10-02',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
    '2026-10-08', // a Thursday off
  ],
  extraWorkingDays: ['2026-09-20', '2026-10-10'], // a Sunday and a Saturday worked (调休)
  saturdayHours: [{ open: '09:00', close: '12:00' }], // 5+X Saturday service
};

function config(calendar: Partial<Calendar> = WEEKDAYS, dayCloseTime = '00:00'): HallConfig {
  return testConfig({
    hall: { dayCloseTime },
    calendar,
    services: [makeService({ id: IDC, zoneId: zoneId('A') })],
    windows: [makeWindowDef(windowId(5), { zoneId: zoneId('B') })],
  });
}

function ratedTicket(at: number, score: RatingScore = 'dissatisfied', day = '2026-11-24'): Ticket {
  return makeTicket({
    businessDay: businessDay(day),
    state: 'done',
    windowId: windowId(5),
    staffId: staffId('w005'),
    rating: {
      score,
      reasons: ['attitude'],
      comment: '态度不好',
      caseNumber: null,
      at,
      windowId: windowId(5),
      staffId: staffId('w005'),
    },
  });
}

function opened(at = sh('2026-11-24', '10:00'), cfg = config()): WorkOrder {
  const order = openWorkOrder(ratedTicket(at), cfg, at + 1000);
  if (order === null) throw new Error('no order');
  return order;
}

function value(result: { ok: true; value: WorkOrder } | { ok: false; error: unknown }): WorkOrder {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

function code(result: { ok: true } | { ok: false; error: { code: string } }): string {
  return result.ok ? 'ok' : result.error.code;
}

describe('working days and deadlines', () => {
  it('counts weekdays, skips weekends, holidays and 5+X Saturdays, counts 调休 days', () => {
    const { calendar } = config();
    expect(isWorkingDay(calendar, '2026-11-24')).toBe(true); // Tuesday
    expect(isWorkingDay(calendar, '2026-11-28')).toBe(false); // Saturday with 5+X hours
    expect(isWorkingDay(calendar, '2026-11-29')).toBe(false); // Sunday
    expect(isWorkingDay(calendar, '2026-10-08')).toBe(false); // holiday on a Thursday
    expect(isWorkingDay(calendar, '2026-10-10')).toBe(true); // 调休 Saturday
    expect(isWorkingDay(config({ ...WEEKDAYS, alwaysOpen: true }).calendar, '2026-10-01')).toBe(
      true,
    );
  });

  it('ends a deadline at the close of the N-th working day after the rating day', () => {
    const cfg = config();
    // Tuesday → Wednesday 24:00 local.
    expect(workingDayDeadline(cfg, '2026-11-24', 1)).toBe(sh('2026-11-26'));
    // Friday → over the weekend to Monday.
    expect(workingDayDeadline(cfg, '2026-11-27', 1)).toBe(sh('2026-12-01'));
    // 15 working days from Tuesday 24 Nov: 25–27, 30 Nov–4 Dec, 7–11, 14–15 Dec.
    expect(workingDayDeadline(cfg, '2026-11-24', 15)).toBe(sh('2026-12-16'));
    // 0 = the end of the rating day itself.
    expect(workingDayDeadline(cfg, '2026-11-24', 0)).toBe(sh('2026-11-25'));
  });

  it('skips holidays and counts 调休 days', () => {
    const cfg = config();
    // Wednesday 30 Sep: 1–8 Oct off (3–4 Oct weekend) → Friday 9 Oct.
    expect(workingDayDeadline(cfg, '2026-09-30', 1)).toBe(sh('2026-10-10'));
    // … then the 调休 Saturday 10 Oct, then Monday 12 Oct.
    expect(workingDayDeadline(cfg, '2026-09-30', 2)).toBe(sh('2026-10-11'));
    expect(workingDayDeadline(cfg, '2026-09-30', 3)).toBe(sh('2026-10-13'));
    // Friday 18 Sep → the 调休 Sunday 20 Sep.
    expect(workingDayDeadline(cfg, '2026-09-18', 1)).toBe(sh('2026-09-21'));
  });

  it('counts every day of an always-open hall', () => {
    const cfg = config({ ...WEEKDAYS, alwaysOpen: true });
    expect(workingDayDeadline(cfg, '2026-11-27', 1)).toBe(sh('2026-11-29')); // Saturday's end
    expect(workingDayDeadline(cfg, '2026-09-30', 3)).toBe(sh('2026-10-04'));
  });

  it("follows the hall's day close time and the rating's business day", () => {
    const late = config(WEEKDAYS, '02:00');
    // Rated at 01:30 local on Wednesday: still Tuesday's business day → due Thursday 02:00.
    const order = opened(sh('2026-11-25', '01:30'), late);
    expect(order.callbackDue).toBe(sh('2026-11-26', '02:00'));
    // Rated at 23:30 Tuesday with a midnight close: due at the end of Wednesday.
    expect(opened(sh('2026-11-24', '23:30')).callbackDue).toBe(sh('2026-11-26'));
    // Rated at 00:30 Wednesday: counts from Wednesday.
    expect(opened(sh('2026-11-25', '00:30')).callbackDue).toBe(sh('2026-11-27'));
  });

  it('falls back to calendar days when the calendar has no working day at all', () => {
    const none = config({ alwaysOpen: false, workingDays: [], holidays: [], extraWorkingDays: [] });
    expect(workingDayDeadline(none, '2026-11-24', 2)).toBe(sh('2026-11-27'));
  });
});

describe('openWorkOrder', () => {
  it('opens one for 不满意 and 非常不满意 with the rules of the configuration', () => {
    const at = sh('2026-11-24', '10:00');
    const cfg = { ...config(), workOrders: { callbackWorkingDays: 2, appealWorkingDays: 5 } };
    const order = openWorkOrder(ratedTicket(at, 'very_dissatisfied'), cfg, at + 5000);
    expect(order).toMatchObject({
      id: 'WO-20261124-A001',
      ticketId: '20261124-A001',
      ticketNumber: 'A001',
      businessDay: '2026-11-24',
      serviceId: 'idc',
      zoneId: 'A',
      windowId: 5,
      staffId: 'w005',
      score: 'very_dissatisfied',
      reasons: ['attitude'],
      comment: '态度不好',
      openedAt: at + 5000,
      callbackDue: sh('2026-11-27'),
      rectifyDue: sh('2026-12-16'), // default 15
      appealDue: sh('2026-12-02'), // 25, 26, 27, 30 Nov, 1 Dec
      state: 'open',
      callbacks: [],
      calledBackAt: null,
      closure: null,
    });
  });

  it('opens none for a good rating or no rating', () => {
    const at = sh('2026-11-24', '10:00');
    for (const score of ['very_satisfied', 'satisfied', 'basic'] as const) {
      expect(openWorkOrder(ratedTicket(at, score), config(), at)).toBeNull();
    }
    expect(openWorkOrder(makeTicket(), config(), at)).toBeNull();
  });

  it("takes the window's zone when the service is no longer configured", () => {
    const at = sh('2026-11-24', '10:00');
    const cfg = { ...config(), services: [] };
    expect(openWorkOrder(ratedTicket(at), cfg, at)?.zoneId).toBe('B');
  });
});

describe('transitions', () => {
  const t0 = sh('2026-11-24', '11:00');

  it('keeps unreached callbacks in the log and moves to called_back on the first reached one', () => {
    const order = opened();
    const missed = value(
      recordCallback(order, { by: 'leadA', reached: false, note: '无人接听' }, t0),
    );
    expect(missed).toMatchObject({ state: 'open', calledBackAt: null });
    const reached = value(
      recordCallback(missed, { by: 'leadA', reached: true, note: '  已致歉  ' }, t0 + HOUR),
    );
    expect(reached.state).toBe('called_back');
    expect(reached.calledBackAt).toBe(t0 + HOUR);
    expect(reached.callbacks).toEqual([
      { at: t0, by: 'leadA', reached: false, note: '无人接听' },
      { at: t0 + HOUR, by: 'leadA', reached: true, note: '已致歉' },
    ]);
    const again = value(
      recordCallback(reached, { by: 'x', reached: true, note: '' }, t0 + 2 * HOUR),
    );
    expect(again.calledBackAt).toBe(t0 + HOUR);
    expect(again.callbacks).toHaveLength(3);
  });

  it('records the rectification once, also before the visitor was reached', () => {
    const order = opened();
    const early = value(recordRectification(order, { by: 'leadA', text: '加强培训' }, t0));
    expect(early).toMatchObject({
      state: 'rectified',
      rectification: { at: t0, text: '加强培训' },
    });
    expect(code(recordRectification(early, { by: 'leadA', text: '再次' }, t0))).toBe('wrong_state');
    expect(code(recordRectification(order, { by: 'leadA', text: '   ' }, t0))).toBe('validation');
    const long = 'x'.repeat(WORK_ORDER_TEXT_MAX + 1);
    expect(code(recordRectification(order, { by: 'leadA', text: long }, t0))).toBe('validation');
    // A reached callback afterwards keeps it rectified.
    const reached = value(recordCallback(early, { by: 'leadA', reached: true, note: '' }, t0));
    expect(reached.state).toBe('rectified');
  });

  it('closes only with a reached callback and a rectification', () => {
    const order = opened();
    const refused = closeWorkOrder(order, { by: 'admin' }, t0);
    expect(code(refused)).toBe('wrong_state');
    if (!refused.ok) {
      expect(refused.error.message).toContain('a callback that reached the visitor');
      expect(refused.error.message).toContain('the rectification');
    }
    const rectified = value(recordRectification(order, { by: 'leadA', text: '整改' }, t0));
    expect(code(closeWorkOrder(rectified, { by: 'admin' }, t0))).toBe('wrong_state');
    const ready = value(recordCallback(rectified, { by: 'leadA', reached: true, note: '' }, t0));
    const closed = value(closeWorkOrder(ready, { by: 'admin' }, t0 + HOUR));
    expect(closed).toMatchObject({
      state: 'closed',
      closedAt: t0 + HOUR,
      closedBy: 'admin',
      closure: 'rectified',
    });
    expect(code(closeWorkOrder(closed, { by: 'admin' }, t0))).toBe('wrong_state');
    expect(code(recordCallback(closed, { by: 'a', reached: true, note: '' }, t0))).toBe(
      'wrong_state',
    );
    expect(code(recordRectification(closed, { by: 'a', text: 'x' }, t0))).toBe('wrong_state');
    expect(code(fileAppeal(closed, { by: 'a', reason: 'x' }, t0))).toBe('wrong_state');
  });

  it('files one appeal before the appeal deadline; an accepted one closes the order', () => {
    const order = opened();
    const appealing = value(fileAppeal(order, { by: 'leadA', reason: '访客误操作' }, t0));
    expect(appealing.state).toBe('appealing');
    expect(appealing.appeal).toMatchObject({ by: 'leadA', reason: '访客误操作', outcome: null });
    // Nothing else is recorded while it is under review.
    expect(code(recordCallback(appealing, { by: 'a', reached: true, note: '' }, t0))).toBe(
      'wrong_state',
    );
    expect(code(recordRectification(appealing, { by: 'a', text: 'x' }, t0))).toBe('wrong_state');
    expect(code(closeWorkOrder(appealing, { by: 'a' }, t0))).toBe('wrong_state');
    expect(code(fileAppeal(appealing, { by: 'leadA', reason: 'again' }, t0))).toBe('wrong_state');
    // The one who filed it may not decide it.
    expect(code(decideAppeal(appealing, { by: 'leadA', outcome: 'accepted', note: '' }, t0))).toBe(
      'forbidden',
    );
    const accepted = value(
      decideAppeal(appealing, { by: 'manager', outcome: 'accepted', note: '核实属实' }, t0 + HOUR),
    );
    expect(accepted).toMatchObject({
      state: 'closed',
      closure: 'appeal_accepted',
      closedBy: 'manager',
      appeal: { outcome: 'accepted', decidedBy: 'manager', decisionNote: '核实属实' },
    });
    expect(code(decideAppeal(accepted, { by: 'admin', outcome: 'rejected', note: '' }, t0))).toBe(
      'wrong_state',
    );
  });

  it('a rejected appeal goes back to the state it came from, and is not filed twice', () => {
    const order = opened();
    for (const before of [
      order,
      value(recordCallback(order, { by: 'a', reached: true, note: '' }, t0)),
      value(recordRectification(order, { by: 'a', text: '整改' }, t0)),
    ]) {
      const appealing = value(fileAppeal(before, { by: 'leadA', reason: '理由' }, t0));
      const rejected = value(
        decideAppeal(appealing, { by: 'admin', outcome: 'rejected', note: '' }, t0),
      );
      expect(rejected.state).toBe(before.state);
      expect(rejected.appeal?.outcome).toBe('rejected');
      expect(code(fileAppeal(rejected, { by: 'leadA', reason: '再次' }, t0))).toBe('wrong_state');
    }
    expect(code(decideAppeal(order, { by: 'admin', outcome: 'accepted', note: '' }, t0))).toBe(
      'wrong_state',
    );
  });

  it('refuses an appeal after the appeal deadline or without a reason', () => {
    const order = opened(); // appeal due at the end of Friday 27 Nov
    expect(order.appealDue).toBe(sh('2026-11-28'));
    expect(code(fileAppeal(order, { by: 'leadA', reason: 'x' }, order.appealDue))).toBe('ok');
    expect(code(fileAppeal(order, { by: 'leadA', reason: 'x' }, order.appealDue + 1))).toBe(
      'wrong_state',
    );
    expect(code(fileAppeal(order, { by: 'leadA', reason: ' ' }, t0))).toBe('validation');
  });
});

describe('workOrderStats', () => {
  it('counts rates, on-time shares, appeals and overdue orders (hand-computed)', () => {
    const at = sh('2026-11-24', '10:00'); // callback due 26 Nov 00:00, rectify due 16 Dec 00:00
    const base = opened(at);
    const onTime = sh('2026-11-25', '09:00');
    const late = sh('2026-11-27', '09:00');
    // 1: called back on time, rectified on time, closed.
    const o1 = value(
      closeWorkOrder(
        value(
          recordRectification(
            value(recordCallback(base, { by: 'a', reached: true, note: '' }, onTime)),
            { by: 'a', text: '整改' },
            onTime,
          ),
        ),
        { by: 'admin' },
        onTime,
      ),
    );
    // 2: called back late, rectified late.
    const o2 = value(
      recordRectification(
        value(recordCallback({ ...base, id: 'o2' }, { by: 'a', reached: true, note: '' }, late)),
        { by: 'a', text: '整改' },
        sh('2026-12-20', '09:00'),
      ),
    );
    // 3: only an unreached callback: overdue for its callback.
    const o3 = value(
      recordCallback({ ...base, id: 'o3' }, { by: 'a', reached: false, note: '' }, onTime),
    );
    // 4: appeal accepted → voided.
    const o4 = value(
      decideAppeal(
        value(fileAppeal({ ...base, id: 'o4' }, { by: 'leadA', reason: 'r' }, onTime)),
        { by: 'admin', outcome: 'accepted', note: '' },
        onTime,
      ),
    );
    // 5: appeal rejected, back to called_back, no rectification: overdue for rectification.
    const o5 = value(
      decideAppeal(
        value(
          fileAppeal(
            value(
              recordCallback({ ...base, id: 'o5' }, { by: 'a', reached: true, note: '' }, onTime),
            ),
            { by: 'leadA', reason: 'r' },
            onTime,
          ),
        ),
        { by: 'admin', outcome: 'rejected', note: '' },
        onTime,
      ),
    );
    // 6: appeal pending (under review holds the rectification deadline), never called back.
    const o6 = value(fileAppeal({ ...base, id: 'o6' }, { by: 'leadA', reason: 'r' }, onTime));
    const now = sh('2026-12-21', '10:00');
    expect(workOrderOverdue(o6, now)).toBe('callback');

    const stats = workOrderStats([o1, o2, o3, o4, o5, o6], now);
    expect(stats).toEqual({
      opened: 6,
      voided: 1,
      counted: 5,
      calledBack: 3, // o1, o2, o5
      calledBackOnTime: 2, // o1, o5
      callbackRate: 3 / 5,
      callbackOnTimeRate: 2 / 5,
      rectified: 2, // o1, o2
      rectifiedOnTime: 1, // o1
      rectificationRate: 2 / 5,
      rectificationOnTimeRate: 1 / 5,
      closed: 2, // o1, o4
      appealsFiled: 3,
      appealsAccepted: 1,
      appealsRejected: 1,
      appealsPending: 1,
      overdue: 3, // o3 and o6 callback, o5 rectify
      overdueCallback: 2,
      overdueRectify: 1,
    });
  });

  it('has no rates for no orders', () => {
    const stats = workOrderStats([], 0);
    expect(stats.opened).toBe(0);
    expect(stats.callbackRate).toBeNull();
    expect(stats.rectificationOnTimeRate).toBeNull();
  });
});
