/**
 * `npm run bench` end to end at smoke size (tiny counts, well under a minute): the real
 * server and the bare floors in child processes, real clients, every phase. Checks that it
 * prints its table and writes every figure the issue asks for as a finite positive number.
 * The figures themselves are not judged here: speed lives in the benchmark, not in tests.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUIRED_KEYS } from '../../scripts/bench/keys.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function run(args: readonly string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/main.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, out, err }));
  });
}

describe('npm run bench', () => {
  let dir = '';
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('--smoke runs every phase and writes every figure as a positive number', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hallq-bench-test-'));
    const json = join(dir, 'bench.json');
    const { code, out, err } = await run([
      '--smoke',
      '--json',
      json,
      '--cache-dir',
      join(dir, 'cache'),
    ]);
    expect(code, err).toBe(0);
    expect(out).toContain('figure');
    expect(out).toContain('bare io.emit');
    const figures = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    expect(figures.mode).toBe('smoke');
    for (const key of REQUIRED_KEYS) {
      const value = figures[key];
      expect(typeof value, key).toBe('number');
      expect(Number.isFinite(value) && (value as number) > 0, `${key} = ${String(value)}`).toBe(
        true,
      );
    }
    // Every other figure is a finite number too.
    for (const [key, value] of Object.entries(figures)) {
      if (typeof value === 'number') expect(Number.isFinite(value), key).toBe(true);
    }
  }, 120_000);
});
