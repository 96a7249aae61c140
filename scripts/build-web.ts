/**
 * Builds the web UIs into dist/web when they are missing or older than their sources, so
 * `npm start` on a fresh clone serves them without a separate build step.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const SOURCES = [
  'kiosk',
  'display',
  'counter',
  'admin',
  'shared/src/ui',
  'shared/src/client',
  'shared/src/protocol',
  'shared/src/domain',
  'shared/src/voice',
  'vite.config.ts',
];
const STAMP = join(root, 'dist/web/kiosk/index.html');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** Builds when needed; returns whether it built. */
export async function buildWebIfNeeded(force = false): Promise<boolean> {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => newest(join(root, s))));
  if (!force && built > sources) return false;
  process.stdout.write('  Building the web UIs (kiosk, display, counter, rate)…\n');
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await buildWebIfNeeded(process.argv.includes('--force'));
}
