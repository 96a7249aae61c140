/**
 * `npm run simulate -- [--json FILE] [--seed N] [--days N ≤ 60] [--policies fifo,priority,…]
 *  [--scale X] [--out-dir DIR] [--no-chart]`
 *
 * Simulates a demo-hall day (玉山县行政服务中心) through the real domain code for each dispatch
 * policy and prints the waiting figures, the M/M/c (Erlang C) mean wait for the same load and
 * the accuracy of the estimated wait shown at issue. `--json` writes the figures; the chart of
 * the hall over the day goes to `--out-dir` (default `.tmp/simulate/`) as SVG and PNG. The same
 * seed always gives the same figures. The model: shared/src/sim (scenario.ts, report.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { demoHallConfig } from '../shared/src/demo-hall/index.ts';
import { DISPATCH_POLICIES, type DispatchPolicy } from '../shared/src/domain/model.ts';
import { simulationChartSvg } from '../shared/src/sim/chart.ts';
import { simulate, type PolicyFigures } from '../shared/src/sim/report.ts';
import { DEFAULT_SIM_OPTIONS } from '../shared/src/sim/scenario.ts';

const ROOT = resolve(import.meta.dirname, '..');

function fail(message: string): never {
  process.stderr.write(`simulate: ${message}\n`);
  process.exit(2);
}

const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} must be at most ${max}`),
    );

const argsSchema = z.object({
  seed: integer('--seed', 0, 0xffffffff),
  days: integer('--days', 1, 60),
  scale: z
    .string()
    .regex(/^\d+(\.\d+)?$/, '--scale must be a number such as 1 or 0.05')
    .transform(Number)
    .pipe(z.number().gt(0, '--scale must be above 0').max(10, '--scale must be at most 10')),
  policies: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    )
    .pipe(
      z
        .array(
          z.enum(DISPATCH_POLICIES, { error: `--policies takes ${DISPATCH_POLICIES.join(', ')}` }),
        )
        .min(1, '--policies needs at least one policy'),
    ),
  json: z.string().min(1).optional(),
  outDir: z.string().min(1),
  chart: z.boolean(),
});

function parse(): z.infer<typeof argsSchema> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: 'string', default: '2026' },
        days: { type: 'string', default: '1' },
        scale: { type: 'string', default: '1' },
        policies: { type: 'string', default: DISPATCH_POLICIES.join(',') },
        json: { type: 'string' },
        'out-dir': { type: 'string', default: join(ROOT, '.tmp/simulate') },
        'no-chart': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const parsed = argsSchema.safeParse({
    seed: values.seed,
    days: values.days,
    scale: values.scale,
    policies: values.policies,
    json: values.json,
    outDir: values['out-dir'],
    chart: !values['no-chart'],
  });
  if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

const pad = (text: string, width: number): string => text.padStart(width);

/** Terminal columns of a text: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

function table(
  policies: readonly DispatchPolicy[],
  figures: Partial<Record<DispatchPolicy, PolicyFigures>>,
): string {
  const rows: [string, (f: PolicyFigures) => string][] = [
    ['平均等候 mean wait (min)', (f) => f.mean_wait_min.toFixed(2)],
    ['P90 等候 p90 wait (min)', (f) => f.p90_wait_min.toFixed(2)],
    ['最长等候 max wait (min)', (f) => f.max_wait_min.toFixed(1)],
    ['30 分钟内叫号 called ≤ 30 min', (f) => `${(f.served_within_30_min * 100).toFixed(1)}%`],
    ['普通号最长 normal max (min)', (f) => f.fairness_normal_max_wait_min.toFixed(1)],
    ['绿色通道平均 green mean (min)', (f) => f.green_mean_wait_min.toFixed(2)],
    ['M/M/c 平均 Erlang C mean (min)', (f) => f.erlang_c_mean_wait_min.toFixed(2)],
    ['预计误差 ETA MAE (min)', (f) => f.eta_mae_min.toFixed(2)],
    ['预计误差 ETA MAPE', (f) => (f.eta_mape === null ? '-' : `${(f.eta_mape * 100).toFixed(1)}%`)],
    ['预计偏差 ETA bias (min)', (f) => f.eta_bias_min.toFixed(2)],
    ['高峰忙碌率 peak utilisation', (f) => `${(f.peak_utilisation * 100).toFixed(1)}%`],
    [
      '取号 / 办结 / 过号 issued/done/no-show',
      (f) => `${f.counts.issued}/${f.counts.served}/${f.counts.no_show}`,
    ],
  ];
  const width = 18;
  const head = `${''.padEnd(40)}${policies.map((p) => pad(p, width)).join('')}`;
  const lines = rows.map(([label, cell]) => {
    const cells = policies.map((p) => {
      const f = figures[p];
      return pad(f === undefined ? '-' : cell(f), width);
    });
    return `${label}${' '.repeat(Math.max(1, 40 - displayWidth(label)))}${cells.join('')}`;
  });
  return [head, ...lines].join('\n');
}

async function writePng(svg: string, path: string): Promise<boolean> {
  try {
    const { createCanvas, Image } = await import('@napi-rs/canvas');
    const image = new Image();
    image.src = Buffer.from(svg);
    const canvas = createCanvas(image.width, image.height);
    canvas.getContext('2d').drawImage(image, 0, 0);
    writeFileSync(path, canvas.toBuffer('image/png'));
    return true;
  } catch (error) {
    process.stderr.write(
      `simulate: no PNG (${error instanceof Error ? error.message : String(error)}); the SVG is written\n`,
    );
    return false;
  }
}

async function main(): Promise<void> {
  const args = parse();
  const config = demoHallConfig();
  const options = { ...DEFAULT_SIM_OPTIONS, scale: args.scale };
  const sim = simulate(config, options, args.seed, args.policies, args.days);
  const { report } = sim;
  const out: string[] = [
    `${config.hall.name} ${config.hall.nameEn} — ${report.date}, seed ${report.seed}, ${report.days} day(s), scale ${report.scale}`,
    `来访 visitors ${report.visitors}; 窗口 windows ${report.windows}; M/M/c: ${report.erlang_c.method_zh} — ${report.erlang_c.method}`,
    '',
    table(args.policies, report.policies),
    '',
  ];
  if (args.json !== undefined) {
    const path = resolve(args.json);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
    out.push(`JSON → ${path}`);
  }
  if (args.chart) {
    const dir = resolve(args.outDir);
    mkdirSync(dir, { recursive: true });
    const svg = simulationChartSvg(config, sim);
    writeFileSync(join(dir, 'hall-day.svg'), svg);
    out.push(`图表 chart → ${join(dir, 'hall-day.svg')}`);
    if (await writePng(svg, join(dir, 'hall-day.png')))
      out.push(`图表 chart → ${join(dir, 'hall-day.png')}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
