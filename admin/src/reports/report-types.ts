/**
 * The report JSON as the page reads it: the shared types of `GET /api/v1/reports`
 * (shared/src/protocol/reports.ts) under the page's short names, and the query it sends.
 */
import {
  REPORT_GROUPINGS,
  REPORT_PERIODS,
  type ReportGrouping,
  type ReportPeriod,
} from '../../../shared/src/protocol/reports.ts';
import { RATING_SCORES, type RatingScore } from '../../../shared/src/domain/model.ts';

export type { PeriodReport, ReportDay, ReportRow } from '../../../shared/src/protocol/reports.ts';
export const PERIODS = REPORT_PERIODS;
export type Period = ReportPeriod;
export const GROUPINGS = REPORT_GROUPINGS;
export type Grouping = ReportGrouping;
export const SCORES = RATING_SCORES;
export type Score = RatingScore;

/** The query string of a report request (also of its export). */
export interface ReportQuery {
  readonly period: Period;
  readonly date: string;
  readonly from: string;
  readonly to: string;
  readonly by: Grouping;
}

export function queryString(query: ReportQuery): string {
  const params = new URLSearchParams({ period: query.period, by: query.by });
  if (query.period === 'custom') {
    params.set('from', query.from);
    params.set('to', query.to);
  } else {
    params.set('date', query.date);
  }
  return params.toString();
}
