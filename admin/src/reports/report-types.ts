/**
 * The JSON of `GET /api/v1/reports` as the page reads it. The server's own types live in
 * server/src/report-figures.ts (PeriodReport, ReportRow); the web build cannot import server
 * code, so this is the mirror of the fields the page shows.
 */
export const PERIODS = ['day', 'week', 'month', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export const GROUPINGS = ['hall', 'zone', 'service', 'window', 'clerk'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const SCORES = [
  'very_satisfied',
  'satisfied',
  'basic',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export type Score = (typeof SCORES)[number];

export interface ReportDay {
  readonly day: string;
  readonly issued: number;
  readonly served: number;
  readonly meanWaitMs: number | null;
}

export interface ReportRow {
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
  readonly withinTarget: number;
  readonly withinTargetRate: number | null;
  readonly ratings: Readonly<Record<Score, number>>;
  readonly rated: number;
  readonly appealVoided: number;
  readonly goodRate: number | null;
  readonly days: readonly ReportDay[];
}

export interface PeriodReport {
  readonly period: Period;
  readonly from: string;
  readonly to: string;
  readonly by: Grouping;
  readonly hall: { readonly name: string; readonly nameEn: string };
  readonly waitTargetMin: number;
  readonly generatedAt: number;
  readonly zoneIds: readonly string[] | null;
  readonly total: ReportRow;
  readonly rows: readonly ReportRow[];
}

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
