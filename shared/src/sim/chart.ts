/**
 * A line chart of the hall over the day, one line per dispatch policy, as a standalone SVG
 * document (pure string building; the CLI also rasterises it to PNG). Chinese first, English
 * beside it, as everything a person reads in HallQ.
 */
import type { DispatchPolicy, HallConfig } from '../domain/model.ts';
import { profileFactor } from './arrivals.ts';
import type { DayRun } from './engine.ts';
import type { Simulation } from './report.ts';

/** One line: `[local minute, value]` points. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** SVG `stroke-dasharray`, e.g. `6 4`; empty for a solid line. */
  readonly dash: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartPanel {
  readonly title: string;
  readonly series: readonly ChartSeries[];
}

/** A shaded time band behind the panels (peak hours, lunch closure). */
export interface ChartBand {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly fill: string;
}

export interface ChartInput {
  readonly title: string;
  readonly subtitle: string;
  /** Local minutes of the x axis. */
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly bands: readonly ChartBand[];
  readonly panels: readonly ChartPanel[];
  /** Small print under the chart. */
  readonly footnote: string;
}

const WIDTH = 1200;
const MARGIN_LEFT = 80;
const MARGIN_RIGHT = 30;
const TITLE_HEIGHT = 96;
const PANEL_HEIGHT = 270;
const PANEL_GAP = 74;
const LEGEND_HEIGHT = 60;
const FONT =
  "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/** Colour-blind-safe colours and dashes (Okabe–Ito) for up to four policies. */
export const SERIES_STYLES: readonly { readonly color: string; readonly dash: string }[] = [
  { color: '#0072B2', dash: '' },
  { color: '#D55E00', dash: '9 5' },
  { color: '#009E73', dash: '3 4' },
  { color: '#CC79A7', dash: '12 4 3 4' },
];

/** Escapes text for SVG content and attributes. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** A "nice" axis step (1, 2 or 5 × 10^k) giving about `ticks` intervals up to `max`. */
export function niceStep(max: number, ticks = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10;
  return Math.max(1, nice * power);
}

function hhmm(minute: number): string {
  const m = Math.round(minute);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

/** @returns the chart as an SVG document. */
export function lineChartSvg(input: ChartInput): string {
  const height =
    TITLE_HEIGHT + input.panels.length * (PANEL_HEIGHT + PANEL_GAP) + LEGEND_HEIGHT + 10;
  const plotWidth = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
  const span = Math.max(1, input.toMinute - input.fromMinute);
  const x = (minute: number): number =>
    MARGIN_LEFT + ((minute - input.fromMinute) / span) * plotWidth;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${escapeXml(FONT)}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN_LEFT}" y="38" font-size="24" font-weight="bold" fill="#1a1a1a">${escapeXml(input.title)}</text>`,
    `<text x="${MARGIN_LEFT}" y="68" font-size="15" fill="#444444">${escapeXml(input.subtitle)}</text>`,
  );

  input.panels.forEach((panel, index) => {
    const top = TITLE_HEIGHT + index * (PANEL_HEIGHT + PANEL_GAP) + 30;
    const bottom = top + PANEL_HEIGHT;
    let max = 0;
    for (const s of panel.series) for (const [, v] of s.points) max = Math.max(max, v);
    const step = niceStep(max);
    const yMax = Math.max(step, Math.ceil(max / step) * step);
    const y = (value: number): number => bottom - (value / yMax) * PANEL_HEIGHT;

    out.push(
      `<text x="${MARGIN_LEFT}" y="${top - 12}" font-size="17" font-weight="bold" fill="#1a1a1a">${escapeXml(panel.title)}</text>`,
    );
    for (const band of input.bands) {
      const from = Math.max(input.fromMinute, band.from);
      const to = Math.min(input.toMinute, band.to);
      if (from >= to) continue;
      out.push(
        `<rect x="${fmt(x(from))}" y="${top}" width="${fmt(x(to) - x(from))}" height="${PANEL_HEIGHT}" fill="${band.fill}"/>`,
        `<text x="${fmt((x(from) + x(to)) / 2)}" y="${top + 18}" font-size="13" fill="#555555" text-anchor="middle">${escapeXml(band.label)}</text>`,
      );
    }
    for (let v = 0; v <= yMax + 1e-9; v += step) {
      out.push(
        `<line x1="${MARGIN_LEFT}" y1="${fmt(y(v))}" x2="${WIDTH - MARGIN_RIGHT}" y2="${fmt(y(v))}" stroke="#dddddd" stroke-width="1"/>`,
        `<text x="${MARGIN_LEFT - 10}" y="${fmt(y(v) + 5)}" font-size="14" fill="#333333" text-anchor="end">${fmt(v)}</text>`,
      );
    }
    const firstHour = Math.ceil(input.fromMinute / 60) * 60;
    for (let m = firstHour; m <= input.toMinute; m += 60) {
      out.push(
        `<line x1="${fmt(x(m))}" y1="${bottom}" x2="${fmt(x(m))}" y2="${bottom + 6}" stroke="#333333" stroke-width="1"/>`,
        `<text x="${fmt(x(m))}" y="${bottom + 24}" font-size="14" fill="#333333" text-anchor="middle">${hhmm(m)}</text>`,
      );
    }
    out.push(
      `<line x1="${MARGIN_LEFT}" y1="${bottom}" x2="${WIDTH - MARGIN_RIGHT}" y2="${bottom}" stroke="#333333" stroke-width="1.5"/>`,
      `<line x1="${MARGIN_LEFT}" y1="${top}" x2="${MARGIN_LEFT}" y2="${bottom}" stroke="#333333" stroke-width="1.5"/>`,
    );
    for (const s of panel.series) {
      const points = s.points
        .filter(([m]) => m >= input.fromMinute && m <= input.toMinute)
        .map(([m, v]) => `${fmt(x(m))},${fmt(y(v))}`)
        .join(' ');
      if (points === '') continue;
      const dash = s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`;
      out.push(
        `<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2.2" stroke-linejoin="round" stroke-opacity="0.9"${dash}/>`,
      );
    }
  });

  const legendTop = TITLE_HEIGHT + input.panels.length * (PANEL_HEIGHT + PANEL_GAP) + 8;
  const series = input.panels[0]?.series ?? [];
  const slot = plotWidth / Math.max(1, series.length);
  series.forEach((s, i) => {
    const left = MARGIN_LEFT + i * slot;
    const dash = s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`;
    out.push(
      `<line x1="${fmt(left)}" y1="${legendTop}" x2="${fmt(left + 44)}" y2="${legendTop}" stroke="${s.color}" stroke-width="3"${dash}/>`,
      `<text x="${fmt(left + 54)}" y="${legendTop + 5}" font-size="15" fill="#1a1a1a">${escapeXml(s.label)}</text>`,
    );
  });
  out.push(
    `<text x="${MARGIN_LEFT}" y="${legendTop + 38}" font-size="13" fill="#555555">${escapeXml(input.footnote)}</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}

/** How each policy is named on the chart. */
export const POLICY_LABELS: Readonly<Record<DispatchPolicy, string>> = {
  fifo: '先到先叫 fifo',
  priority: '优先级 priority',
  primary_first: '主岗优先 primary_first',
  longest_wait: '最长等候优先 longest_wait',
};

/** Contiguous ranges `[from, to)` of the minutes given (sorted, whole minutes). */
function ranges(minutes: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const m of minutes) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === m) last[1] = m + 1;
    else out.push([m, m + 1]);
  }
  return out;
}

/**
 * @returns the chart of the first simulated day: tickets waiting in the whole hall, and the
 * longest current wait of a normal ticket, once a minute, one line per policy.
 */
export function simulationChartSvg(config: HallConfig, sim: Simulation): string {
  const { plan, report } = sim;
  const firstDay = sim.runs.map((days) => days[0]).filter((r) => r !== undefined);
  const lastSample = Math.max(
    plan.closeMinute,
    ...firstDay.flatMap((run) => run.samples.filter((s) => s.waiting > 0).map((s) => s.minute)),
  );
  const fromMinute = plan.openMinute - 30;
  const toMinute = Math.ceil((lastSample + 30) / 60) * 60;
  const style = (i: number): { color: string; dash: string } =>
    SERIES_STYLES[i % SERIES_STYLES.length] ?? { color: '#000000', dash: '' };
  const series = (value: (s: DayRun['samples'][number]) => number): ChartSeries[] =>
    firstDay.map((run, i) => ({
      label: POLICY_LABELS[run.policy],
      ...style(i),
      points: run.samples.map((s) => [s.minute, value(s)] as const),
    }));
  const max = Math.max(...plan.profile.points.map((p) => p.factor));
  const peak: number[] = [];
  for (let m = fromMinute; m < toMinute; m += 1) {
    if (profileFactor(plan.profile, m + 0.5) >= max - 1e-9) peak.push(m);
  }
  const lunch = plan.hours
    .slice(1)
    .map(([open], i) => [plan.hours[i]?.[1] ?? open, open] as const)
    .filter(([a, b]) => a < b);
  const issued = firstDay[0]?.tickets.length ?? 0;
  const dayNote =
    report.days > 1 ? `（共模拟 ${report.days} 天，图为第 1 天 first of ${report.days} days）` : '';
  return lineChartSvg({
    title: `${config.hall.name} · 模拟一天  Hall-day simulation`,
    subtitle: `${plan.date} · 种子 seed ${report.seed}${dayNote} · ${issued} 张票 tickets · ${report.windows} 个窗口 windows · 高峰负荷 peak load ${plan.options.peakUtilisation}`,
    fromMinute,
    toMinute,
    bands: [
      ...ranges(peak).map(([from, to]) => ({
        from,
        to,
        label: '高峰 peak',
        fill: '#fff1dc',
      })),
      ...lunch.map(([from, to]) => ({
        from,
        to,
        label: '午休 停止取号 lunch closure',
        fill: '#ececec',
      })),
    ],
    panels: [
      { title: '等候人数（全厅）  Tickets waiting, whole hall', series: series((s) => s.waiting) },
      {
        title: '普通号当前最长等候（分钟）  Longest current wait of a normal ticket (min)',
        series: series((s) => s.longestNormalWaitMin),
      },
    ],
    footnote:
      '每分钟取样；各策略的来访者完全相同（同一种子）。Sampled every minute; every policy sees the same visitors (same seed).',
  });
}
