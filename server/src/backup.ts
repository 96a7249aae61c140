/**
 * Daily online backup: when a business day closes, a consistent copy of the database is
 * written to `DATA_DIR/backups/hallq-<day>.db` while the hall keeps running; the newest
 * `keep` copies are kept.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { HallStore } from './store.ts';

export const BACKUPS_KEPT = 14;

/** Backs up the database for a closed business day and prunes old copies. */
export async function backupDay(
  store: HallStore,
  dataDir: string,
  day: string,
  logger: Logger,
  keep = BACKUPS_KEPT,
): Promise<string | null> {
  const dir = join(dataDir, 'backups');
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `hallq-${day}.db`);
    await store.backup(file);
    const copies = readdirSync(dir)
      .filter((name) => /^hallq-\d{4}-\d{2}-\d{2}\.db$/.test(name))
      .sort();
    for (const old of copies.slice(0, Math.max(0, copies.length - keep))) {
      rmSync(join(dir, old), { force: true });
    }
    logger.info({ file }, 'daily backup written');
    return file;
  } catch (error) {
    logger.error({ err: error, day }, 'daily backup failed; the hall keeps running');
    return null;
  }
}
