/**
 * The JSON of the report routes (`GET /api/v1/reports`, brief §5.5) shared by the server that
 * builds it (server/src/report-figures.ts) and the console page that shows it.
 */
import type { RatingScore } from '../domain/model.ts';

export const REPORT_PERIODS = ['day', 'week', 'month', 'custom'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];
export const REPORT_GROUPINGS = ['hall', 'zone', 'service', 'window', 'clerk'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** Business days `from`…`to` (inclusive, `YYYY-MM-DD`) of a period. */
export interface PeriodRange {
  readonly period: ReportPeriod;
  readonly from: string;
  readonly to: string;
}

/** One day of a line's series (charts). */
export interface ReportDay {
  readonly day: string;
  readonly issued: number;
  readonly served: number;
  readonly meanWaitMs: number | null;
}

/** One line of a report: the hall, a zone, a service, a window or a clerk. */
export interface ReportRow {
  /** Zone, service or staff id, window number as text, `hall`; '' = none (not called). */
  readonly key: string;
  readonly name: string;
  readonly nameEn: string;
  readonly issued: number;
  readonly called: number;
  readonly served: number;
  readonly noShow: number;
  readonly transferred: number;
  readonly cancelled: number;
  readonly meanWaitMs: number | null;
  readonly p90WaitMs: number | null;
  readonly meanHandlingMs: number | null;
  readonly p90HandlingMs: number | null;
  /** Served tickets that waited at most the wait target, and their share of served. */
  readonly withinTarget: number;
  readonly withinTargetRate: number | null;
  readonly ratings: Readonly<Record<RatingScore, number>>;
  readonly rated: number;
  /** Bad ratings voided by an accepted appeal (申诉成功): left out of 好评率. */
  readonly appealVoided: number;
  readonly goodRate: number | null;
  /** Days of the period on which the line had tickets (the total: every day). */
  readonly days: readonly ReportDay[];
}

export interface PeriodReport extends PeriodRange {
  readonly by: ReportGrouping;
  readonly hall: { readonly name: string; readonly nameEn: string };
  readonly waitTargetMin: number;
  readonly generatedAt: number;
  /** The zones the report is limited to (a zone lead's); null = the whole hall. */
  readonly zoneIds: readonly string[] | null;
  /** The hall (or the zone lead's zones) in total. */
  readonly total: ReportRow;
  /** One line per group, in configuration order; the "none" line last. */
  readonly rows: readonly ReportRow[];
}
