/**
 * Schema migrations: an ordered list, tracked by `PRAGMA user_version` (0 = empty file).
 * Migration N has `version` N and runs in its own transaction together with the bump of
 * `user_version` to N, so a crash leaves the database at N-1 or N, never in between.
 * Never edit a shipped migration: append a new one.
 */
import type { Database } from 'better-sqlite3';
import { DatabaseTooNewError } from '../store.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- The whole HallConfig as one JSON document: it is small, always read whole and
      -- changed rarely (admin edits), so normalising it into tables would buy nothing but
      -- joins. The server validates it before saving; the CHECK keeps out anything that
      -- is not a JSON object. The single row is enforced by id = 1.
      CREATE TABLE config (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        json TEXT NOT NULL CHECK (json_valid(json) AND json_type(json) = 'object'),
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- The append-only event log. seq is the hall-wide sequence clients sync by. It is
      -- given explicitly as last + 1 inside the commit transaction (not AUTOINCREMENT):
      -- with rows never deleted, max(seq) + 1 can never reuse a number, and the triggers
      -- below make "never deleted" a property of the database rather than of our code.
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        business_day TEXT NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        ticket_id TEXT,
        window_id INTEGER,
        payload TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_business_day ON events (business_day);
      CREATE INDEX events_ticket_id ON events (ticket_id);
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

      -- Current ticket versions. The columns serve lookups and reports; json is the full
      -- Ticket the server loads, so new Ticket fields need no migration.
      CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        business_day TEXT NOT NULL,
        number TEXT NOT NULL,
        service_id TEXT NOT NULL,
        priority TEXT NOT NULL,
        state TEXT NOT NULL,
        window_id INTEGER,
        staff_id TEXT,
        issued_at INTEGER NOT NULL,
        called_at INTEGER,
        started_at INTEGER,
        finished_at INTEGER,
        json TEXT NOT NULL,
        UNIQUE (business_day, number)
      ) STRICT;
      CREATE INDEX tickets_day_service ON tickets (business_day, service_id);
      CREATE INDEX tickets_day_window ON tickets (business_day, window_id);
      CREATE INDEX tickets_issued_at ON tickets (issued_at);

      CREATE TABLE windows (
        window_id INTEGER PRIMARY KEY,
        json TEXT NOT NULL
      ) STRICT;

      CREATE TABLE counters (
        business_day TEXT NOT NULL,
        prefix TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (business_day, prefix)
      ) STRICT;

      CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        reply TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        command TEXT NOT NULL,
        payload TEXT NOT NULL,
        outcome TEXT NOT NULL
      ) STRICT;

      CREATE TABLE staff (
        staff_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        window_id INTEGER,
        zone_ids TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        window_id INTEGER,
        binding TEXT NOT NULL,
        token_hash TEXT UNIQUE,
        revoked INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE api_keys (
        key_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        revoked INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'ratings',
    // One row per rated ticket (好差评), with the columns reports group by. The ticket's json
    // holds the rating too; this table is what reports and bad-rating work orders query.
    up: `
      CREATE TABLE ratings (
        ticket_id TEXT PRIMARY KEY,
        business_day TEXT NOT NULL,
        at INTEGER NOT NULL,
        window_id INTEGER NOT NULL,
        staff_id TEXT,
        service_id TEXT NOT NULL,
        score TEXT NOT NULL,
        reasons TEXT NOT NULL,
        comment TEXT,
        case_number TEXT
      ) STRICT;
      CREATE INDEX ratings_day ON ratings (business_day, window_id);
    `,
  },
  {
    version: 3,
    name: 'device pairing',
    // Devices gain their bookkeeping: times, a version the hall client compares, the last
    // pairing and sighting, and what the client reported (JSON). Rows written before have a
    // token from a tool, so they count as paired when this migration runs.
    //
    // pairing_codes holds the 8-digit codes an admin reads out to a hall client, only as an
    // HMAC keyed by a secret outside the database (a copy of the file does not reveal a live
    // code). A code lives 15 minutes and pairs once; a newer code of the device drops the
    // older unused ones.
    up: `
      ALTER TABLE devices ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE devices ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE devices ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE devices ADD COLUMN paired_at INTEGER;
      ALTER TABLE devices ADD COLUMN last_seen_at INTEGER;
      ALTER TABLE devices ADD COLUMN client_info TEXT
        CHECK (client_info IS NULL OR (json_valid(client_info) AND json_type(client_info) = 'object'));
      UPDATE devices SET
        created_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000,
        updated_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000,
        paired_at = CASE WHEN token_hash IS NULL THEN NULL
          ELSE CAST(strftime('%s', 'now') AS INTEGER) * 1000 END;

      CREATE TABLE pairing_codes (
        code_hash TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      ) STRICT;
      CREATE INDEX pairing_codes_device ON pairing_codes (device_id);
    `,
  },
  {
    version: 4,
    name: 'report index',
    // Month reports (`monthReport`) read every ticket of a month but only these columns: a
    // covering index lets them skip the rows and their JSON (≈ 3× faster on a year of
    // history, see docs/performance.md). It starts with (business_day, service_id), so it
    // also serves everything tickets_day_service did, which goes.
    up: `
      CREATE INDEX tickets_report ON tickets (business_day, service_id, window_id, state,
        issued_at, called_at, started_at, finished_at);
      DROP INDEX tickets_day_service;
    `,
  },
  {
    version: 5,
    name: 'admin console: alarms, work orders, window history',
    up: `
      -- Alarms (预警): the json is the whole Alarm; the columns serve the live list and the
      -- history. Rows change (cleared, acknowledged); every change is also an event.
      CREATE TABLE alarms (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        zone_id TEXT,
        raised_at INTEGER NOT NULL,
        cleared_at INTEGER,
        acknowledged_at INTEGER,
        json TEXT NOT NULL CHECK (json_valid(json))
      ) STRICT;
      CREATE INDEX alarms_raised ON alarms (raised_at);
      CREATE INDEX alarms_live ON alarms (acknowledged_at, cleared_at);

      -- Bad-rating work orders (差评整改): one per bad rating (ticket_id UNIQUE).
      CREATE TABLE work_orders (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL UNIQUE,
        business_day TEXT NOT NULL,
        zone_id TEXT NOT NULL,
        window_id INTEGER,
        staff_id TEXT,
        state TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        json TEXT NOT NULL CHECK (json_valid(json))
      ) STRICT;
      CREATE INDEX work_orders_day ON work_orders (business_day);
      CREATE INDEX work_orders_state ON work_orders (state, opened_at);

      -- A window's history of a day reads the log by window.
      CREATE INDEX events_window ON events (window_id, seq);
    `,
  },
  {
    version: 6,
    name: 'period report indexes',
    // Period reports (`reportScan`) group by zone, service, window and clerk and count
    // transfers, over up to a year of business days. The transfer count stays in the ticket's
    // JSON (upsertTicket is unchanged, old rows need no rewrite): the index holds it as an
    // expression, which SQLite reads from the index like a column when a query names the
    // same expression (a VIRTUAL generated column would not make the index covering).
    // tickets_period covers every column the report reads, and every column monthReport
    // reads, in an order that still starts with business_day: it replaces tickets_report, so
    // a ticket write still maintains one report index, not two. ratings_report covers the
    // rating pass the same way and replaces ratings_day (business_day, window_id).
    up: `
      CREATE INDEX tickets_period ON tickets (business_day, service_id, window_id, staff_id,
        state, json_extract(json, '$.transferCount'), issued_at, called_at, started_at,
        finished_at);
      DROP INDEX tickets_report;
      CREATE INDEX ratings_report ON ratings (business_day, service_id, window_id, staff_id,
        score, ticket_id);
      DROP INDEX ratings_day;
    `,
  },
];

/** The schema version this build writes. */
export const LATEST_VERSION = MIGRATIONS.length;

/** The database's schema version (`PRAGMA user_version`). */
export function schemaVersion(db: Database): number {
  const value = db.pragma('user_version', { simple: true });
  if (typeof value !== 'number') throw new Error('PRAGMA user_version returned no number');
  return value;
}

/**
 * Runs the pending migrations up to `to` (default: all). Refuses, before writing anything,
 * a database whose version is newer than this build knows.
 */
export function migrate(db: Database, to: number = LATEST_VERSION): void {
  const found = schemaVersion(db);
  if (found > LATEST_VERSION) throw new DatabaseTooNewError(found, LATEST_VERSION);
  for (const migration of MIGRATIONS) {
    if (migration.version <= found || migration.version > to) continue;
    db.transaction(() => {
      db.exec(migration.up);
      // PRAGMA takes no bound parameters; the version is an integer from the list above.
      db.pragma(`user_version = ${String(Math.trunc(migration.version))}`);
    }).immediate();
  }
}
