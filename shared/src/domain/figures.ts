import type { StaffId, WindowId } from './ids.ts';
import { RATING_SCORES, isBadRating, type HallState, type RatingScore } from './model.ts';

/** A clerk's or a window's figures for the current business day (the counter's 今日统计). */
export interface DayFigures {
  readonly served: number;
  readonly noShows: number;
  readonly transferredOut: number;
  /** Mean handling time of served tickets in ms; null before the first one. */
  readonly meanHandlingMs: number | null;
  /** Mean wait from issue to first call of served tickets in ms; null before the first one. */
  readonly meanWaitMs: number | null;
  readonly ratings: Readonly<Record<RatingScore, number>>;
  readonly rated: number;
  /**
   * 好评率: share of ratings that are 非常满意, 满意 or 基本满意 (the 好差评 system's good
   * levels); null before the first rating.
   */
  readonly goodRate: number | null;
}

/**
 * Today's figures of one clerk (by staff id) or, when `staffId` is null, of one window.
 * One pass over the day's tickets.
 */
export function dayFigures(
  state: HallState,
  by: { staffId: StaffId | null; windowId: WindowId | null },
): DayFigures {
  const ratings = Object.fromEntries(RATING_SCORES.map((s) => [s, 0])) as Record<
    RatingScore,
    number
  >;
  let served = 0;
  let noShows = 0;
  let transferredOut = 0;
  let handling = 0;
  let wait = 0;
  let rated = 0;
  let good = 0;
  for (const t of state.day.tickets.values()) {
    const mine = by.staffId !== null ? t.staffId === by.staffId : t.windowId === by.windowId;
    if (!mine) continue;
    if (t.state === 'done' && t.startedAt !== null && t.finishedAt !== null) {
      served += 1;
      handling += t.finishedAt - t.startedAt;
      wait += (t.calledAt ?? t.startedAt) - t.issuedAt;
    } else if (t.state === 'no_show' && t.closedReason !== 'day_closed') {
      noShows += 1;
    } else if (t.transferCount > 0 && t.state === 'waiting') {
      transferredOut += 1;
    }
    if (t.rating !== null) {
      ratings[t.rating.score] += 1;
      rated += 1;
      if (!isBadRating(t.rating.score)) good += 1;
    }
  }
  return {
    served,
    noShows,
    transferredOut,
    meanHandlingMs: served === 0 ? null : Math.round(handling / served),
    meanWaitMs: served === 0 ? null : Math.round(wait / served),
    ratings,
    rated,
    goodRate: rated === 0 ? null : good / rated,
  };
}
