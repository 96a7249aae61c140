import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useI18n } from '../../../shared/src/ui/index.ts';
import { call } from '../api.ts';
import type { AdminKey } from '../i18n.ts';
import { useAdminLive } from '../live-context.tsx';
import type { PageProps } from '../pages.ts';
import {
  GROUPINGS,
  PERIODS,
  SCORES,
  queryString,
  type PeriodReport,
  type ReportQuery,
  type ReportRow,
} from './report-types.ts';
import './reports.css';

// Only the parts the page draws, so the bundle carries no unused chart types.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

type T = ReturnType<typeof useI18n<AdminKey>>['t'];

const SCORE_COLOURS = ['#1a7f37', '#4caf50', '#a3c644', '#f0a020', '#d1242f'];

/** Today in the hall's time zone, `YYYY-MM-DD` (en-CA writes dates that way). */
function today(timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timeZone ?? 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now());
}

function minutesText(ms: number | null): string {
  return ms === null ? '—' : (ms / 60_000).toFixed(1);
}

function percentText(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

interface ColumnDef {
  readonly id: string;
  readonly label: string;
  readonly value: (row: ReportRow) => number | string | null;
  readonly text: (row: ReportRow) => string;
}

function columnsOf(t: T, lang: string, targetMin: number): readonly ColumnDef[] {
  const count = (id: string, label: string, pick: (r: ReportRow) => number): ColumnDef => ({
    id,
    label,
    value: pick,
    text: (r) => String(pick(r)),
  });
  const time = (id: string, label: string, pick: (r: ReportRow) => number | null): ColumnDef => ({
    id,
    label,
    value: pick,
    text: (r) => minutesText(pick(r)),
  });
  const rate = (id: string, label: string, pick: (r: ReportRow) => number | null): ColumnDef => ({
    id,
    label,
    value: pick,
    text: (r) => percentText(pick(r)),
  });
  return [
    {
      id: 'name',
      label: t('reports.col.name'),
      value: (r) => (lang === 'en' ? r.nameEn : r.name),
      text: (r) => (lang === 'en' ? r.nameEn : r.name),
    },
    count('issued', t('reports.col.issued'), (r) => r.issued),
    count('called', t('reports.col.called'), (r) => r.called),
    count('served', t('reports.col.served'), (r) => r.served),
    count('noShow', t('reports.col.noShow'), (r) => r.noShow),
    count('transferred', t('reports.col.transferred'), (r) => r.transferred),
    count('cancelled', t('reports.col.cancelled'), (r) => r.cancelled),
    time('meanWait', t('reports.col.meanWait'), (r) => r.meanWaitMs),
    time('p90Wait', t('reports.col.p90Wait'), (r) => r.p90WaitMs),
    time('meanHandling', t('reports.col.meanHandling'), (r) => r.meanHandlingMs),
    time('p90Handling', t('reports.col.p90Handling'), (r) => r.p90HandlingMs),
    rate(
      'withinTarget',
      t('reports.col.withinTarget', { min: targetMin }),
      (r) => r.withinTargetRate,
    ),
    count('rated', t('reports.col.rated'), (r) => r.rated),
    count('bad', t('reports.col.bad'), (r) => r.ratings.dissatisfied + r.ratings.very_dissatisfied),
    count('voided', t('reports.col.voided'), (r) => r.appealVoided),
    rate('goodRate', t('reports.col.goodRate'), (r) => r.goodRate),
  ];
}

/** One chart.js chart on a canvas, rebuilt when its configuration changes. */
function ChartCanvas(props: { config: ChartConfiguration; label: string; testId: string }) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (canvas.current === null) return undefined;
    const chart = new Chart(canvas.current, props.config);
    return () => {
      chart.destroy();
    };
  }, [props.config]);
  return (
    <div className="rp-chart-box">
      <canvas ref={canvas} role="img" aria-label={props.label} data-testid={props.testId} />
    </div>
  );
}

/** Downloads a file of the API with the session's token (a plain link cannot send it). */
async function downloadFile(path: string, token: string): Promise<string | null> {
  try {
    const response = await fetch(`${globalThis.location.origin}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      const body = (await response.json()) as { error?: { message?: string } };
      return body.error?.message ?? `HTTP ${String(response.status)}`;
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'hallq-report';
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 10_000);
    return null;
  } catch {
    return 'The hall server cannot be reached.';
  }
}

export function ReportsPage(props: PageProps): ReactNode {
  const { session, onExpired } = props;
  const { t, errorText, lang } = useI18n<AdminKey>();
  const { config } = useAdminLive();
  const initialDay = today(config?.hall.timeZone);
  const [query, setQuery] = useState<ReportQuery>({
    period: 'day',
    date: initialDay,
    from: initialDay,
    to: initialDay,
    by: 'zone',
  });
  const [report, setReport] = useState<PeriodReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The query whose answer is shown; while it differs from the chosen one, a report loads.
  const [answered, setAnswered] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sort, setSort] = useState<{ id: string; desc: boolean } | null>(null);
  const key = queryString(query);
  const loading = answered !== key;

  useEffect(() => {
    let live = true;
    void call<PeriodReport>('GET', `/api/v1/reports?${key}`, session.token).then((reply) => {
      if (!live) return;
      setAnswered(key);
      if (reply.ok) {
        setReport(reply.data);
        setError(null);
      } else if (reply.error.code === 'unauthenticated') {
        onExpired();
      } else {
        setError(errorText(reply.error));
      }
    });
    return () => {
      live = false;
    };
  }, [key, session.token, onExpired, errorText]);

  const columns = useMemo(
    () => columnsOf(t, lang, report?.waitTargetMin ?? 20),
    [t, lang, report?.waitTargetMin],
  );

  const rows = useMemo(() => {
    if (report === null) return [];
    const list = [...report.rows];
    const column = sort === null ? undefined : columns.find((c) => c.id === sort.id);
    if (column === undefined || sort === null) return list;
    return list.sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      // Empty figures (—) sort last either way.
      if (x === null) return y === null ? 0 : 1;
      if (y === null) return -1;
      const order =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), lang);
      return sort.desc ? -order : order;
    });
  }, [report, sort, columns, lang]);

  const charts = useMemo(() => {
    if (report === null) return null;
    const days = report.total.days;
    const daily: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: days.map((d) => d.day.slice(5)),
        datasets: [
          {
            type: 'bar',
            label: t('reports.chart.issued'),
            data: days.map((d) => d.issued),
            backgroundColor: '#9db8e0',
            yAxisID: 'y',
            maxBarThickness: 56,
          },
          {
            type: 'bar',
            label: t('reports.chart.served'),
            data: days.map((d) => d.served),
            backgroundColor: '#2f6fc4',
            yAxisID: 'y',
            maxBarThickness: 56,
          },
          {
            type: 'line',
            label: t('reports.chart.meanWait'),
            data: days.map((d) => (d.meanWaitMs === null ? null : d.meanWaitMs / 60_000)),
            borderColor: '#d97706',
            backgroundColor: '#d97706',
            yAxisID: 'wait',
            spanGaps: true,
          },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          y: { beginAtZero: true, position: 'left', ticks: { precision: 0 } },
          wait: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } },
        },
      },
    };
    const ratings: ChartConfiguration = {
      type: 'doughnut',
      data: {
        labels: SCORES.map((s) => t(`reports.rating.${s}`)),
        datasets: [
          {
            data: SCORES.map((s) => report.total.ratings[s]),
            backgroundColor: SCORE_COLOURS,
          },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'right' } },
      },
    };
    const groups = report.rows.filter((r) => r.issued > 0);
    const compare: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: groups.map((r) => (lang === 'en' ? r.nameEn : r.name)),
        datasets: [
          {
            type: 'bar',
            label: t('reports.chart.issued'),
            data: groups.map((r) => r.issued),
            backgroundColor: '#9db8e0',
            yAxisID: 'y',
            maxBarThickness: 56,
          },
          {
            type: 'bar',
            label: t('reports.chart.served'),
            data: groups.map((r) => r.served),
            backgroundColor: '#2f6fc4',
            yAxisID: 'y',
            maxBarThickness: 56,
          },
          {
            type: 'line',
            label: t('reports.chart.meanWait'),
            data: groups.map((r) => (r.meanWaitMs === null ? null : r.meanWaitMs / 60_000)),
            borderColor: '#d97706',
            backgroundColor: '#d97706',
            showLine: false,
            pointRadius: 5,
            yAxisID: 'wait',
          },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          y: { beginAtZero: true, position: 'left', ticks: { precision: 0 } },
          wait: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } },
        },
      },
    };
    return { daily, ratings, compare, hasGroups: groups.length > 1 };
  }, [report, t, lang]);

  async function exportFile(path: string): Promise<void> {
    setBusy(true);
    const problem = await downloadFile(path, session.token);
    setBusy(false);
    setError(problem);
  }

  const set = (change: Partial<ReportQuery>): void => {
    setQuery((current) => ({ ...current, ...change }));
  };
  const month = query.date.slice(0, 7);

  return (
    <main className="ad-main rp-main" data-testid="reports-page">
      <section className="ad-card rp-controls">
        <h2>{t('reports.title')}</h2>
        <div className="rp-row">
          <span className="rp-label">{t('reports.period')}</span>
          <div className="rp-seg" role="group" aria-label={t('reports.period')}>
            {PERIODS.map((p) => (
              <button
                key={p}
                type="button"
                className={p === query.period ? 'rp-seg-on' : ''}
                aria-pressed={p === query.period}
                data-testid={`period-${p}`}
                onClick={() => {
                  set({ period: p });
                }}
              >
                {t(`reports.period.${p}`)}
              </button>
            ))}
          </div>
          {query.period === 'custom' ? (
            <>
              <label className="rp-field">
                {t('reports.from')}
                <input
                  type="date"
                  value={query.from}
                  onChange={(e) => {
                    if (e.target.value !== '') set({ from: e.target.value });
                  }}
                />
              </label>
              <label className="rp-field">
                {t('reports.to')}
                <input
                  type="date"
                  value={query.to}
                  onChange={(e) => {
                    if (e.target.value !== '') set({ to: e.target.value });
                  }}
                />
              </label>
            </>
          ) : query.period === 'month' ? (
            <label className="rp-field">
              {t('reports.month')}
              <input
                type="month"
                value={month}
                data-testid="report-month"
                onChange={(e) => {
                  if (e.target.value !== '') set({ date: `${e.target.value}-01` });
                }}
              />
            </label>
          ) : (
            <label className="rp-field">
              {t('reports.date')}
              <input
                type="date"
                value={query.date}
                data-testid="report-date"
                onChange={(e) => {
                  if (e.target.value !== '') set({ date: e.target.value });
                }}
              />
            </label>
          )}
        </div>
        <div className="rp-row">
          <span className="rp-label">{t('reports.by')}</span>
          <div className="rp-seg" role="group" aria-label={t('reports.by')}>
            {GROUPINGS.map((g) => (
              <button
                key={g}
                type="button"
                className={g === query.by ? 'rp-seg-on' : ''}
                aria-pressed={g === query.by}
                data-testid={`by-${g}`}
                onClick={() => {
                  setSort(null);
                  set({ by: g });
                }}
              >
                {t(`reports.by.${g}`)}
              </button>
            ))}
          </div>
          <div className="rp-exports">
            <button
              type="button"
              className="ad-btn"
              disabled={busy}
              data-testid="export-xlsx"
              onClick={() => {
                void exportFile(`/api/v1/reports/export?format=xlsx&${queryString(query)}`);
              }}
            >
              {t('reports.exportXlsx')}
            </button>
            <button
              type="button"
              className="ad-btn"
              disabled={busy}
              data-testid="export-csv"
              onClick={() => {
                void exportFile(`/api/v1/reports/export?format=csv&${queryString(query)}`);
              }}
            >
              {t('reports.exportCsv')}
            </button>
            <button
              type="button"
              className="ad-btn ad-btn-primary"
              disabled={busy}
              data-testid="export-monthly"
              onClick={() => {
                void exportFile(`/api/v1/reports/monthly?format=xlsx&month=${month}`);
              }}
            >
              {t('reports.monthly')}
            </button>
          </div>
        </div>
        {report !== null && (
          <p className="rp-meta" data-testid="report-range">
            {report.hall[lang === 'en' ? 'nameEn' : 'name']} ·{' '}
            {t('reports.range', { from: report.from, to: report.to })}
            {report.zoneIds !== null &&
              ` · ${t('reports.scope', { zones: report.zoneIds.join('、') })}`}
          </p>
        )}
        {busy && <p className="ad-message">{t('reports.downloading')}</p>}
        {error !== null && (
          <p className="ad-error" role="alert" data-testid="report-error">
            {error}
          </p>
        )}
      </section>

      {loading && report === null && <p className="ad-empty">{t('reports.loading')}</p>}

      {report !== null && charts !== null && (
        <>
          <section className="rp-charts">
            <div className="ad-card rp-chart rp-chart-wide">
              <h3>{t('reports.chart.daily')}</h3>
              <ChartCanvas
                config={charts.daily}
                label={t('reports.chart.daily')}
                testId="chart-daily"
              />
            </div>
            <div className="ad-card rp-chart">
              <h3>{t('reports.chart.ratings')}</h3>
              {report.total.rated === 0 ? (
                <p className="ad-empty">{t('reports.noRatings')}</p>
              ) : (
                <ChartCanvas
                  config={charts.ratings}
                  label={t('reports.chart.ratings')}
                  testId="chart-ratings"
                />
              )}
              {report.total.appealVoided > 0 && (
                <p className="rp-note">
                  {t('reports.voidedNote', { n: report.total.appealVoided })}
                </p>
              )}
            </div>
            {charts.hasGroups && (
              <div className="ad-card rp-chart rp-chart-wide">
                <h3>{t('reports.chart.compare')}</h3>
                <ChartCanvas
                  config={charts.compare}
                  label={t('reports.chart.compare')}
                  testId="chart-compare"
                />
              </div>
            )}
          </section>

          <section className="ad-card rp-table-card">
            {report.total.issued === 0 && <p className="ad-empty">{t('reports.empty')}</p>}
            <p className="rp-hint">
              {t('reports.sortHint')} · {t('reports.unitNote')}
            </p>
            <div className="rp-scroll">
              <table className="ad-table rp-table" data-testid="report-table">
                <thead>
                  <tr>
                    {columns.map((c) => {
                      const on = sort?.id === c.id;
                      return (
                        <th
                          key={c.id}
                          aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                        >
                          <button
                            type="button"
                            className="rp-sort"
                            onClick={() => {
                              setSort({ id: c.id, desc: on ? !sort.desc : c.id !== 'name' });
                            }}
                          >
                            {c.label}
                            {on ? (sort.desc ? ' ▼' : ' ▲') : ''}
                          </button>
                        </th>
                      );
                    })}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.key} data-testid={`report-row-${row.key || 'none'}`}>
                      {columns.map((c) => (
                        <td key={c.id} className={c.id === 'name' ? 'rp-name' : 'rp-num'}>
                          {c.text(row)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-testid="report-total">
                    {columns.map((c) => (
                      <td key={c.id} className={c.id === 'name' ? 'rp-name' : 'rp-num'}>
                        {c.id === 'name' ? t('reports.total') : c.text(report.total)}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>
        </>
      )}
    </main>
  );
}
