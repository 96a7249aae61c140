/**
 * `npm run simulate`: the CLI on a tiny day (scale 0.05), its JSON figures, its chart files,
 * reproducibility and its refusals.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'hallq-simulate-test-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function runCli(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const POLICY_KEYS = [
  'mean_wait_min',
  'p90_wait_min',
  'max_wait_min',
  'served_within_30_min',
  'fairness_normal_max_wait_min',
  'erlang_c_mean_wait_min',
  'eta_mae_min',
  'eta_mape',
] as const;

describe('npm run simulate', () => {
  it('writes the figures per policy as JSON and the chart as SVG and PNG', () => {
    const json = join(work, 'a.json');
    const outDir = join(work, 'charts');
    const run = runCli(['--scale', '0.05', '--seed', '11', '--json', json, '--out-dir', outDir]);
    expect(run.stderr).not.toMatch(/simulate:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('平均等候 mean wait');
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      seed: number;
      days: number;
      visitors: number;
      erlang_c: { mean_wait_min: number; method: string };
      policies: Record<string, Record<string, unknown> & { counts: Record<string, number> }>;
    };
    expect(report.seed).toBe(11);
    expect(report.days).toBe(1);
    expect(report.visitors).toBeGreaterThan(20);
    expect(report.erlang_c.method).toMatch(/M\/M\/c/);
    expect(Object.keys(report.policies)).toEqual([
      'fifo',
      'priority',
      'primary_first',
      'longest_wait',
    ]);
    for (const [policy, figures] of Object.entries(report.policies)) {
      for (const key of POLICY_KEYS) {
        // The MAPE is null only when no ticket waited 5 minutes or more (possible on a tiny day).
        const value = figures[key];
        if (key === 'eta_mape' && value === null) expect(figures.counts.eta_mape_samples).toBe(0);
        else expect(typeof value, `${policy}.${key}`).toBe('number');
      }
      expect(figures.served_within_30_min as number).toBeLessThanOrEqual(1);
      expect(figures.counts.issued).toBe(report.visitors);
      const { issued, served, no_show: noShow } = figures.counts;
      expect((served ?? 0) + (noShow ?? 0)).toBe(issued);
    }
    const svg = readFileSync(join(outDir, 'hall-day.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('等候人数');
    const png = readFileSync(join(outDir, 'hall-day.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1200); // width from the IHDR chunk
  });

  it('gives identical JSON for the same seed and other figures for another seed', () => {
    const args = ['--scale', '0.05', '--policies', 'fifo,priority', '--no-chart'];
    const a = join(work, 'same-1.json');
    const b = join(work, 'same-2.json');
    const c = join(work, 'other.json');
    expect(runCli([...args, '--seed', '5', '--json', a]).status).toBe(0);
    expect(runCli([...args, '--seed', '5', '--json', b]).status).toBe(0);
    expect(runCli([...args, '--seed', '6', '--json', c]).status).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(readFileSync(c, 'utf8')).not.toBe(readFileSync(a, 'utf8'));
    const report = JSON.parse(readFileSync(a, 'utf8')) as { policies: object };
    expect(Object.keys(report.policies)).toEqual(['fifo', 'priority']);
  });

  it('refuses bad options with a clear message and writes nothing', () => {
    const json = join(work, 'refused.json');
    for (const [args, message] of [
      [
        ['--policies', 'fifo,random'],
        /--policies takes fifo, priority, primary_first, longest_wait/,
      ],
      [['--seed=-3'], /--seed must be a whole number/],
      [['--seed', '4294967296'], /--seed must be at most 4294967295/],
      [['--scale', '0'], /--scale must be above 0/],
      [['--days', '0'], /--days must be at least 1/],
      [['--speed', '3'], /Unknown option '--speed'/],
    ] as const) {
      const run = runCli([...args, '--json', json]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(existsSync(json)).toBe(false);
  });
});
