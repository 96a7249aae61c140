/**
 * Bad-rating work orders (差评整改, brief §5.5): opening one for a 不满意/非常不满意 rating with
 * its deadlines, the transitions of its life (callback log, rectification, appeal, closure)
 * and the figures of the work-order report. Pure: the current time is always a parameter.
 *
 * Life of an order:
 *
 *     open ──callback reached──▶ called_back ──rectification──▶ rectified ──close──▶ closed
 *       └──────────rectification (visitor not reached yet)──────────▲
 *     open | called_back | rectified ──appeal──▶ appealing ──accepted──▶ closed (appeal_accepted)
 *                                                          └─rejected──▶ the state it came from
 *
 * Deadlines are counted in working days of the hall calendar, from the business day of the
 * rating (see {@link workingDayDeadline}). An order keeps the deadlines it was opened with when
 * the rules change later.
 */
import type { WorkOrder, WorkOrderState } from './admin.ts';
import { workOrderRulesOf, workOrderOverdue } from './admin.ts';
import { fail, ok, type Result } from './errors.ts';
import type { Calendar, HallConfig, Ticket } from './model.ts';
import { isBadRating } from './model.ts';
import { addDays, businessDayAt, isoWeekdayOf, localTimeToEpoch } from './time.ts';

/** Longest free text of a callback note, rectification, appeal reason or decision note. */
export const WORK_ORDER_TEXT_MAX = 1000;

/**
 * How far ahead a deadline is looked for. A calendar without a single working day in ten
 * years (a misconfiguration checkConfig should catch) counts calendar days instead, so an
 * order still gets a deadline rather than none.
 */
const MAX_SEARCH_DAYS = 3660;

/**
 * Whether a local date counts as a working day (工作日) for work-order deadlines:
 * - an always-open hall works every day, so every date counts;
 * - otherwise a holiday never counts, an adjusted working day (调休) always does, and any
 *   other date counts when its weekday is one of `workingDays`. A 5+X Saturday (open with
 *   `saturdayHours` but not in `workingDays`) does not count: it is a reduced service day,
 *   and the statutory deadlines (e.g. 15 个工作日) mean the regular working week.
 */
export function isWorkingDay(calendar: Calendar, date: string): boolean {
  if (calendar.alwaysOpen) return true;
  if (calendar.holidays.includes(date)) return false;
  if (calendar.extraWorkingDays.includes(date)) return true;
  return calendar.workingDays.includes(isoWeekdayOf(date));
}

/**
 * The deadline `workingDays` working days after the business day `fromDay`: the instant the
 * hall's business day of the N-th working day after `fromDay` closes — local `dayCloseTime`
 * on the following date, which for the usual `00:00` is the end of that date (23:59:59.999
 * local; the returned instant is the first millisecond past it, and an order is overdue only
 * when `now > due`). With 0 the deadline is the close of `fromDay` itself.
 * @param fromDay business day of the rating, `YYYY-MM-DD`
 */
export function workingDayDeadline(
  config: HallConfig,
  fromDay: string,
  workingDays: number,
): number {
  const n = Math.max(0, Math.floor(workingDays));
  let day = fromDay;
  let counted = 0;
  for (let step = 1; counted < n && step <= MAX_SEARCH_DAYS; step += 1) {
    day = addDays(fromDay, step);
    if (isWorkingDay(config.calendar, day)) counted += 1;
  }
  if (counted < n) day = addDays(fromDay, n);
  return localTimeToEpoch(addDays(day, 1), config.hall.dayCloseTime, config.hall.timeZone);
}

/** `WO-20261124-A001` for ticket `20261124-A001`. */
export function workOrderIdFor(ticketId: string): string {
  return `WO-${ticketId}`;
}

/**
 * A new work order for a ticket with a bad rating; null when the ticket has no rating or a
 * good one. The zone is the service's zone (the window's when the service has since been
 * removed from the configuration); window and clerk are the rating's.
 * @param now when the order is opened (deadlines count from the rating's business day)
 */
export function openWorkOrder(ticket: Ticket, config: HallConfig, now: number): WorkOrder | null {
  const rating = ticket.rating;
  if (rating === null || !isBadRating(rating.score)) return null;
  const rules = workOrderRulesOf(config);
  const ratedDay = businessDayAt(rating.at, config.hall);
  const zoneId =
    config.services.find((s) => s.id === ticket.serviceId)?.zoneId ??
    config.windows.find((w) => w.id === rating.windowId)?.zoneId ??
    '';
  return {
    id: workOrderIdFor(ticket.id),
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    businessDay: ticket.businessDay,
    serviceId: ticket.serviceId,
    zoneId,
    windowId: rating.windowId,
    staffId: rating.staffId,
    score: rating.score,
    reasons: rating.reasons,
    comment: rating.comment,
    openedAt: now,
    callbackDue: workingDayDeadline(config, ratedDay, rules.callbackWorkingDays),
    rectifyDue: workingDayDeadline(config, ratedDay, rules.rectifyWorkingDays),
    appealDue: workingDayDeadline(config, ratedDay, rules.appealWorkingDays),
    state: 'open',
    callbacks: [],
    calledBackAt: null,
    rectification: null,
    appeal: null,
    closedAt: null,
    closedBy: null,
    closure: null,
  };
}

/** Chinese names of the states, as the console shows them. */
export const WORK_ORDER_STATE_NAMES: Readonly<Record<WorkOrderState, string>> = {
  open: '待回访',
  called_back: '整改中',
  appealing: '申诉复核中',
  rectified: '已整改',
  closed: '已办结',
};

type Transition = Result<WorkOrder>;

function text(value: string, what: string, required: boolean): Result<string> {
  const trimmed = value.trim();
  if (required && trimmed.length === 0) return fail('validation', `Write the ${what}.`);
  if (trimmed.length > WORK_ORDER_TEXT_MAX) {
    return fail(
      'validation',
      `The ${what} is too long (at most ${WORK_ORDER_TEXT_MAX} characters).`,
    );
  }
  return ok(trimmed);
}

function closedRefusal(order: WorkOrder): Transition | null {
  if (order.state !== 'closed') return null;
  return fail(
    'wrong_state',
    `Work order ${order.id} is closed (已办结); nothing more can be recorded.`,
    {
      state: order.state,
    },
  );
}

function appealingRefusal(order: WorkOrder): Transition | null {
  if (order.state !== 'appealing') return null;
  return fail(
    'wrong_state',
    `Work order ${order.id} is under appeal review (申诉复核中); decide the appeal first.`,
    { state: order.state },
  );
}

/**
 * Adds an entry to the callback log (回访记录). The first callback that reached the visitor
 * sets `calledBackAt` and moves an open order to `called_back`; unreached attempts are kept
 * in the log and change nothing else. Refused while the order is under appeal or closed.
 */
export function recordCallback(
  order: WorkOrder,
  entry: { readonly by: string; readonly reached: boolean; readonly note: string },
  now: number,
): Transition {
  const refused = closedRefusal(order) ?? appealingRefusal(order);
  if (refused !== null) return refused;
  const note = text(entry.note, 'callback note', false);
  if (!note.ok) return note;
  const callbacks = [
    ...order.callbacks,
    { at: now, by: entry.by, reached: entry.reached, note: note.value },
  ];
  const reachedNow = entry.reached && order.calledBackAt === null;
  return ok({
    ...order,
    callbacks,
    calledBackAt: reachedNow ? now : order.calledBackAt,
    state: reachedNow && order.state === 'open' ? 'called_back' : order.state,
  });
}

/**
 * Records the rectification (整改结果) once; the order becomes `rectified`. Allowed before the
 * visitor was reached (the order still needs a reached callback to close).
 */
export function recordRectification(
  order: WorkOrder,
  entry: { readonly by: string; readonly text: string },
  now: number,
): Transition {
  const refused = closedRefusal(order) ?? appealingRefusal(order);
  if (refused !== null) return refused;
  if (order.rectification !== null) {
    return fail('wrong_state', `Work order ${order.id} already has its rectification recorded.`, {
      state: order.state,
    });
  }
  const body = text(entry.text, 'rectification', true);
  if (!body.ok) return body;
  return ok({
    ...order,
    rectification: { at: now, by: entry.by, text: body.value },
    state: 'rectified',
  });
}

/**
 * Files the window's appeal (申诉): once per order, not after `appealDue`, not on a closed
 * order. The order is `appealing` until an admin or manager decides.
 */
export function fileAppeal(
  order: WorkOrder,
  entry: { readonly by: string; readonly reason: string },
  now: number,
): Transition {
  const refused = closedRefusal(order);
  if (refused !== null) return refused;
  if (order.appeal !== null) {
    return fail(
      'wrong_state',
      `Work order ${order.id} was already appealed; an order is appealed once.`,
      {
        state: order.state,
      },
    );
  }
  if (now > order.appealDue) {
    return fail(
      'wrong_state',
      `The time to appeal work order ${order.id} has ended (appeals are filed within the appeal deadline of the rules).`,
      { state: order.state, appealDue: order.appealDue },
    );
  }
  const reason = text(entry.reason, 'appeal reason', true);
  if (!reason.ok) return reason;
  return ok({
    ...order,
    appeal: {
      at: now,
      by: entry.by,
      reason: reason.value,
      decidedAt: null,
      decidedBy: null,
      outcome: null,
      decisionNote: null,
    },
    state: 'appealing',
  });
}

/**
 * The state an order returns to when its appeal is rejected. Nothing else is recorded while
 * an appeal is under review, so it follows from what the order holds.
 */
function stateBeforeAppeal(order: WorkOrder): WorkOrderState {
  if (order.rectification !== null) return 'rectified';
  if (order.calledBackAt !== null) return 'called_back';
  return 'open';
}

/**
 * Decides an appeal (申诉复核). Accepted: the bad rating is voided and the order closed with
 * closure `appeal_accepted`. Rejected: the order goes back to where it was. The person who
 * filed the appeal may not decide it (`forbidden`).
 */
export function decideAppeal(
  order: WorkOrder,
  entry: {
    readonly by: string;
    readonly outcome: 'accepted' | 'rejected';
    readonly note: string;
  },
  now: number,
): Transition {
  const appeal = order.appeal;
  if (order.state !== 'appealing' || appeal === null) {
    return fail('wrong_state', `Work order ${order.id} has no appeal waiting for a decision.`, {
      state: order.state,
    });
  }
  if (appeal.by === entry.by) {
    return fail(
      'forbidden',
      'You filed this appeal; another administrator or manager must decide it.',
    );
  }
  const note = text(entry.note, 'decision note', false);
  if (!note.ok) return note;
  const decided = {
    ...appeal,
    decidedAt: now,
    decidedBy: entry.by,
    outcome: entry.outcome,
    decisionNote: note.value,
  };
  if (entry.outcome === 'accepted') {
    return ok({
      ...order,
      appeal: decided,
      state: 'closed',
      closedAt: now,
      closedBy: entry.by,
      closure: 'appeal_accepted',
    });
  }
  return ok({ ...order, appeal: decided, state: stateBeforeAppeal(order) });
}

/** Closes (办结) a rectified order whose visitor was reached by a callback. */
export function closeWorkOrder(
  order: WorkOrder,
  entry: { readonly by: string },
  now: number,
): Transition {
  const refused = closedRefusal(order) ?? appealingRefusal(order);
  if (refused !== null) return refused;
  const missing = [
    ...(order.calledBackAt === null ? ['a callback that reached the visitor'] : []),
    ...(order.rectification === null ? ['the rectification'] : []),
  ];
  if (missing.length > 0) {
    return fail(
      'wrong_state',
      `Work order ${order.id} cannot be closed yet: record ${missing.join(' and ')} first.`,
      {
        state: order.state,
        missing,
      },
    );
  }
  return ok({ ...order, state: 'closed', closedAt: now, closedBy: entry.by, closure: 'rectified' });
}

/** Figures of the work-order report. Rates are shares in 0…1, null when nothing counts. */
export interface WorkOrderStats {
  /** Orders opened (bad ratings) in the period. */
  readonly opened: number;
  /** Orders voided by an accepted appeal: they count in no rate. */
  readonly voided: number;
  /** Orders the rates count: opened − voided. */
  readonly counted: number;
  readonly calledBack: number;
  readonly calledBackOnTime: number;
  /** calledBack / counted (回访率). */
  readonly callbackRate: number | null;
  /** calledBackOnTime / counted (按时回访率). */
  readonly callbackOnTimeRate: number | null;
  readonly rectified: number;
  readonly rectifiedOnTime: number;
  /** rectified / counted (整改率). */
  readonly rectificationRate: number | null;
  /** rectifiedOnTime / counted (按时整改率). */
  readonly rectificationOnTimeRate: number | null;
  readonly closed: number;
  readonly appealsFiled: number;
  readonly appealsAccepted: number;
  readonly appealsRejected: number;
  readonly appealsPending: number;
  /** Orders past a deadline at `now` (see workOrderOverdue), and which deadline. */
  readonly overdue: number;
  readonly overdueCallback: number;
  readonly overdueRectify: number;
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * The report figures of a set of orders at `now`. An order closed by an accepted appeal is
 * voided (the rating no longer stands), so it counts in `opened`, `voided` and the appeal
 * counts but in no callback or rectification figure; everything else counts, also orders
 * still open (their missing callback lowers the rate, which is what the report is for).
 */
export function workOrderStats(orders: readonly WorkOrder[], now: number): WorkOrderStats {
  let voided = 0;
  let calledBack = 0;
  let calledBackOnTime = 0;
  let rectified = 0;
  let rectifiedOnTime = 0;
  let closed = 0;
  let appealsFiled = 0;
  let appealsAccepted = 0;
  let appealsRejected = 0;
  let overdueCallback = 0;
  let overdueRectify = 0;
  for (const order of orders) {
    if (order.appeal !== null) {
      appealsFiled += 1;
      if (order.appeal.outcome === 'accepted') appealsAccepted += 1;
      if (order.appeal.outcome === 'rejected') appealsRejected += 1;
    }
    if (order.state === 'closed') closed += 1;
    if (order.closure === 'appeal_accepted') {
      voided += 1;
      continue;
    }
    if (order.calledBackAt !== null) {
      calledBack += 1;
      if (order.calledBackAt <= order.callbackDue) calledBackOnTime += 1;
    }
    if (order.rectification !== null) {
      rectified += 1;
      if (order.rectification.at <= order.rectifyDue) rectifiedOnTime += 1;
    }
    const overdue = workOrderOverdue(order, now);
    if (overdue === 'callback') overdueCallback += 1;
    if (overdue === 'rectify') overdueRectify += 1;
  }
  const counted = orders.length - voided;
  return {
    opened: orders.length,
    voided,
    counted,
    calledBack,
    calledBackOnTime,
    callbackRate: share(calledBack, counted),
    callbackOnTimeRate: share(calledBackOnTime, counted),
    rectified,
    rectifiedOnTime,
    rectificationRate: share(rectified, counted),
    rectificationOnTimeRate: share(rectifiedOnTime, counted),
    closed,
    appealsFiled,
    appealsAccepted,
    appealsRejected,
    appealsPending: appealsFiled - appealsAccepted - appealsRejected,
    overdue: overdueCallback + overdueRectify,
    overdueCallback,
    overdueRectify,
  };
}
