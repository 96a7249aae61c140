/**
 * The embedded SQLite implementation of `HallStore` (better-sqlite3, synchronous calls
 * behind the async interface). Every statement is prepared once when the store opens and
 * every value is bound, never spliced into SQL.
 *
 * Durability: WAL with `synchronous=FULL`, because halls lose power and a ticket that was
 * printed must survive it (tech notes, "SQLite"). A command's events and state go in one
 * transaction, so a reader never sees a log ahead of or behind the tables.
 */
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { businessDay as toBusinessDay } from '@hallq/shared';
import type {
  Alarm,
  WorkOrder,
  BusinessDay,
  DomainEvent,
  HallConfig,
  LoggedEvent,
  Ticket,
  TicketId,
  WindowState,
} from '@hallq/shared';
import {
  DatabaseTooNewError,
  StorageFullError,
  type AlarmQuery,
  type ApiKeyRecord,
  type AuditEntry,
  type CommitBatch,
  type DeviceChange,
  type DeviceInput,
  type DeviceRecord,
  type HallStore,
  type MonthReport,
  type PairingCodeRecord,
  type PairingRedemption,
  type RedeemResult,
  type ReportSink,
  type ReportFigures,
  type ServiceReport,
  type SessionRecord,
  type StaffRecord,
  type StoredDay,
  type StoredReply,
  type WindowReport,
  type WorkOrderQuery,
} from '../store.ts';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations.ts';

export interface SqliteStoreOptions {
  readonly file: string;
  /**
   * Upper bound on the database size, rounded down to whole pages. Tests use it to
   * simulate a full disk; a real hall leaves it unset.
   */
  readonly maxSizeBytes?: number;
  /** How long a write waits for a lock held by another connection (a backup, a CLI). */
  readonly busyTimeoutMs?: number;
}

/** The connection settings as SQLite reports them, for health output and tests. */
export interface SqliteSettings {
  readonly journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  readonly synchronous: number;
  readonly foreignKeys: boolean;
  readonly busyTimeoutMs: number;
  readonly maxPageCount: number;
  readonly schemaVersion: number;
}

type Int = number | null;

interface TicketRow {
  id: string;
  business_day: string;
  number: string;
  service_id: string;
  priority: string;
  state: string;
  window_id: Int;
  staff_id: string | null;
  issued_at: number;
  called_at: Int;
  started_at: Int;
  finished_at: Int;
  json: string;
}

interface RatingRow {
  ticket_id: string;
  business_day: string;
  at: number;
  window_id: number;
  staff_id: string | null;
  service_id: string;
  score: string;
  reasons: string;
  comment: string | null;
  case_number: string | null;
}

interface EventRow {
  seq: number;
  at: number;
  business_day: string;
  type: string;
  actor: string;
  ticket_id: string | null;
  window_id: Int;
  payload: string;
}

interface StaffRow {
  staff_id: string;
  name: string;
  role: string;
  window_id: Int;
  zone_ids: string;
  password_hash: string;
  disabled: number;
}

interface SessionRow {
  token_hash: string;
  subject: string;
  created_at: number;
  expires_at: number;
}

interface DeviceRow {
  device_id: string;
  name: string;
  role: string;
  window_id: Int;
  binding: string;
  token_hash: string | null;
  revoked: number;
  created_at: number;
  updated_at: number;
  version: number;
  paired_at: Int;
  last_seen_at: Int;
  client_info: string | null;
}

interface PairingCodeRow {
  code_hash: string;
  device_id: string;
  created_at: number;
  expires_at: number;
  used_at: Int;
}

interface ApiKeyRow {
  key_id: string;
  name: string;
  key_hash: string;
  revoked: number;
}

interface AuditRow {
  at: number;
  actor: string;
  command: string;
  payload: string;
  outcome: string;
}

interface IdempotencyRow {
  key: string;
  fingerprint: string;
  reply: string;
  at: number;
}

/** The statements of the store, prepared once. */
function prepareStatements(db: Db) {
  return {
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    setMetaIfAbsent: db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    ),
    getConfig: db.prepare<[], { json: string }>('SELECT json FROM config WHERE id = 1'),
    setConfig: db.prepare<[string, number]>(
      `INSERT INTO config (id, json, updated_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
    ),
    lastSeq: db.prepare<[], { seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM events'),
    insertRating: db.prepare<[RatingRow]>(
      `INSERT INTO ratings (ticket_id, business_day, at, window_id, staff_id, service_id, score,
         reasons, comment, case_number)
       VALUES (@ticket_id, @business_day, @at, @window_id, @staff_id, @service_id, @score,
         @reasons, @comment, @case_number)`,
    ),
    insertEvent: db.prepare<[EventRow]>(
      `INSERT INTO events (seq, at, business_day, type, actor, ticket_id, window_id, payload)
       VALUES (@seq, @at, @business_day, @type, @actor, @ticket_id, @window_id, @payload)`,
    ),
    readEvents: db.prepare<
      [number, number],
      Pick<EventRow, 'seq' | 'business_day' | 'actor' | 'payload'>
    >('SELECT seq, business_day, actor, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
    upsertTicket: db.prepare<[TicketRow]>(
      `INSERT INTO tickets (id, business_day, number, service_id, priority, state, window_id,
         staff_id, issued_at, called_at, started_at, finished_at, json)
       VALUES (@id, @business_day, @number, @service_id, @priority, @state, @window_id,
         @staff_id, @issued_at, @called_at, @started_at, @finished_at, @json)
       ON CONFLICT (id) DO UPDATE SET
         business_day = excluded.business_day, number = excluded.number,
         service_id = excluded.service_id, priority = excluded.priority, state = excluded.state,
         window_id = excluded.window_id, staff_id = excluded.staff_id,
         issued_at = excluded.issued_at, called_at = excluded.called_at,
         started_at = excluded.started_at, finished_at = excluded.finished_at,
         json = excluded.json`,
    ),
    ticketsOfDay: db.prepare<[string], { json: string }>(
      'SELECT json FROM tickets WHERE business_day = ? ORDER BY issued_at, id',
    ),
    findTicket: db.prepare<[string], { json: string }>('SELECT json FROM tickets WHERE id = ?'),
    upsertWindow: db.prepare<[number, string]>(
      `INSERT INTO windows (window_id, json) VALUES (?, ?)
       ON CONFLICT (window_id) DO UPDATE SET json = excluded.json`,
    ),
    allWindows: db.prepare<[], { json: string }>('SELECT json FROM windows ORDER BY window_id'),
    raiseCounter: db.prepare<[string, string, number]>(
      `INSERT INTO counters (business_day, prefix, last) VALUES (?, ?, ?)
       ON CONFLICT (business_day, prefix) DO UPDATE SET last = MAX(last, excluded.last)`,
    ),
    countersOfDay: db.prepare<[string], { prefix: string; last: number }>(
      'SELECT prefix, last FROM counters WHERE business_day = ?',
    ),
    // A plain INSERT on purpose: a key already stored means the command was applied twice,
    // and failing the whole commit is the safe answer.
    insertReply: db.prepare<[IdempotencyRow]>(
      'INSERT INTO idempotency (key, fingerprint, reply, at) VALUES (@key, @fingerprint, @reply, @at)',
    ),
    findReply: db.prepare<[string], { fingerprint: string; reply: string }>(
      'SELECT fingerprint, reply FROM idempotency WHERE key = ?',
    ),
    pruneReplies: db.prepare<[number]>('DELETE FROM idempotency WHERE at < ?'),
    insertAudit: db.prepare<[AuditRow]>(
      `INSERT INTO audit (at, actor, command, payload, outcome)
       VALUES (@at, @actor, @command, @payload, @outcome)`,
    ),
    upsertStaff: db.prepare<[StaffRow]>(
      `INSERT INTO staff (staff_id, name, role, window_id, zone_ids, password_hash, disabled)
       VALUES (@staff_id, @name, @role, @window_id, @zone_ids, @password_hash, @disabled)
       ON CONFLICT (staff_id) DO UPDATE SET
         name = excluded.name, role = excluded.role, window_id = excluded.window_id,
         zone_ids = excluded.zone_ids, password_hash = excluded.password_hash,
         disabled = excluded.disabled`,
    ),
    findStaff: db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE staff_id = ?'),
    listStaff: db.prepare<[], StaffRow>('SELECT * FROM staff ORDER BY staff_id'),
    insertSession: db.prepare<[SessionRow]>(
      `INSERT INTO sessions (token_hash, subject, created_at, expires_at)
       VALUES (@token_hash, @subject, @created_at, @expires_at)`,
    ),
    findSession: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
    deleteStaffSessions: db.prepare<[string]>(
      "DELETE FROM sessions WHERE subject LIKE 'staff:' || ? || '@%'",
    ),
    deleteWindowSessions: db.prepare<[]>(
      "DELETE FROM sessions WHERE subject LIKE 'staff:%@%' AND subject NOT LIKE '%@-'",
    ),
    upsertDevice: db.prepare<[DeviceRow]>(
      `INSERT INTO devices (device_id, name, role, window_id, binding, token_hash, revoked,
         created_at, updated_at, version, paired_at, last_seen_at, client_info)
       VALUES (@device_id, @name, @role, @window_id, @binding, @token_hash, @revoked,
         @created_at, @updated_at, @version, @paired_at, @last_seen_at, @client_info)
       ON CONFLICT (device_id) DO UPDATE SET
         name = excluded.name, role = excluded.role, window_id = excluded.window_id,
         binding = excluded.binding, token_hash = excluded.token_hash, revoked = excluded.revoked,
         updated_at = excluded.updated_at, version = excluded.version,
         paired_at = excluded.paired_at, last_seen_at = excluded.last_seen_at,
         client_info = excluded.client_info`,
    ),
    // A plain INSERT: the caller checked that the id is free in the same transaction.
    insertDevice: db.prepare<[DeviceRow]>(
      `INSERT INTO devices (device_id, name, role, window_id, binding, token_hash, revoked,
         created_at, updated_at, version, paired_at, last_seen_at, client_info)
       VALUES (@device_id, @name, @role, @window_id, @binding, @token_hash, @revoked,
         @created_at, @updated_at, @version, @paired_at, @last_seen_at, @client_info)`,
    ),
    findDeviceByToken: db.prepare<[string], DeviceRow>(
      'SELECT * FROM devices WHERE token_hash = ?',
    ),
    findDevice: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE device_id = ?'),
    listDevices: db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY created_at, rowid'),
    changeDevice: db.prepare<[string, Int, string, number, string]>(
      `UPDATE devices SET name = ?, window_id = ?, binding = ?, updated_at = ?,
         version = version + 1
       WHERE device_id = ?`,
    ),
    revokeDevice: db.prepare<[number, string]>(
      'UPDATE devices SET revoked = 1, updated_at = ?, version = version + 1 WHERE device_id = ?',
    ),
    pairDevice: db.prepare<[string, number, string, number, string]>(
      `UPDATE devices SET token_hash = ?, paired_at = ?, client_info = ?, updated_at = ?,
         version = version + 1
       WHERE device_id = ?`,
    ),
    touchDevice: db.prepare<[number, string]>(
      'UPDATE devices SET last_seen_at = MAX(COALESCE(last_seen_at, 0), ?) WHERE device_id = ?',
    ),
    findCode: db.prepare<[string], PairingCodeRow>(
      'SELECT * FROM pairing_codes WHERE code_hash = ?',
    ),
    insertCode: db.prepare<[PairingCodeRow]>(
      `INSERT INTO pairing_codes (code_hash, device_id, created_at, expires_at, used_at)
       VALUES (@code_hash, @device_id, @created_at, @expires_at, @used_at)`,
    ),
    useCode: db.prepare<[number, string]>(
      'UPDATE pairing_codes SET used_at = ? WHERE code_hash = ?',
    ),
    dropUnusedCodes: db.prepare<[string]>(
      'DELETE FROM pairing_codes WHERE device_id = ? AND used_at IS NULL',
    ),
    pruneCodes: db.prepare<[number]>('DELETE FROM pairing_codes WHERE expires_at < ?'),
    liveCodes: db.prepare<[number], PairingCodeRow>(
      `SELECT * FROM pairing_codes WHERE used_at IS NULL AND expires_at > ?
       ORDER BY created_at`,
    ),
    upsertApiKey: db.prepare<[ApiKeyRow]>(
      `INSERT INTO api_keys (key_id, name, key_hash, revoked)
       VALUES (@key_id, @name, @key_hash, @revoked)
       ON CONFLICT (key_id) DO UPDATE SET
         name = excluded.name, key_hash = excluded.key_hash, revoked = excluded.revoked`,
    ),
    findApiKey: db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE key_id = ?'),
    upsertAlarm: db.prepare<[AlarmRow]>(
      `INSERT INTO alarms (id, kind, key, zone_id, raised_at, cleared_at, acknowledged_at, json)
       VALUES (@id, @kind, @key, @zone_id, @raised_at, @cleared_at, @acknowledged_at, @json)
       ON CONFLICT (id) DO UPDATE SET cleared_at = excluded.cleared_at,
         acknowledged_at = excluded.acknowledged_at, json = excluded.json`,
    ),
    findAlarm: db.prepare<[string], { json: string }>('SELECT json FROM alarms WHERE id = ?'),
    upsertWorkOrder: db.prepare<[WorkOrderRow]>(
      `INSERT INTO work_orders (id, ticket_id, business_day, zone_id, window_id, staff_id, state,
         opened_at, json)
       VALUES (@id, @ticket_id, @business_day, @zone_id, @window_id, @staff_id, @state,
         @opened_at, @json)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, json = excluded.json`,
    ),
    findWorkOrder: db.prepare<[string], { json: string }>(
      'SELECT json FROM work_orders WHERE id = ?',
    ),
    findWorkOrderByTicket: db.prepare<[string], { json: string }>(
      'SELECT json FROM work_orders WHERE ticket_id = ?',
    ),
    ticketEvents: db.prepare<
      [string],
      Pick<EventRow, 'seq' | 'business_day' | 'actor' | 'payload'>
    >('SELECT seq, business_day, actor, payload FROM events WHERE ticket_id = ? ORDER BY seq'),
    windowEvents: db.prepare<
      [number, string, number],
      Pick<EventRow, 'seq' | 'business_day' | 'actor' | 'payload'>
    >(
      `SELECT seq, business_day, actor, payload FROM events
       WHERE window_id = ? AND business_day = ? ORDER BY seq LIMIT ?`,
    ),
    badRatingsWithoutWorkOrder: db.prepare<[], { json: string }>(
      `SELECT t.json FROM ratings r JOIN tickets t ON t.id = r.ticket_id
       WHERE r.score IN ('dissatisfied', 'very_dissatisfied')
         AND NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.ticket_id = r.ticket_id)
       ORDER BY r.at`,
    ),
    // Only columns of the covering index tickets_period (migration 6): the rows and their
    // JSON are never read.
    monthTickets: db
      .prepare<[string, string], [string, Int, string, number, Int, Int, Int]>(
        `SELECT service_id, window_id, state, issued_at, called_at, started_at, finished_at
         FROM tickets WHERE business_day >= ? AND business_day < ?`,
      )
      .raw(),
    // Period reports (migration 6): both read only columns of their covering index.
    periodTickets: db
      .prepare<
        [string, string],
        [string, string, Int, string | null, string, number, number, Int, Int, Int]
      >(
        `SELECT business_day, service_id, window_id, staff_id, state,
           json_extract(json, '$.transferCount'), issued_at, called_at, started_at, finished_at
         FROM tickets WHERE business_day >= ? AND business_day <= ?`,
      )
      .raw(),
    periodRatings: db
      .prepare<[string, string], [string, string, number, string | null, string, string]>(
        `SELECT business_day, service_id, window_id, staff_id, score, ticket_id
         FROM ratings WHERE business_day >= ? AND business_day <= ?`,
      )
      .raw(),
    appealVoided: db.prepare<[string, string], { ticket_id: string }>(
      `SELECT ticket_id FROM work_orders
       WHERE business_day >= ? AND business_day <= ?
         AND json_extract(json, '$.closure') = 'appeal_accepted'`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

interface AlarmRow {
  id: string;
  kind: string;
  key: string;
  zone_id: string | null;
  raised_at: number;
  cleared_at: number | null;
  acknowledged_at: number | null;
  json: string;
}

interface WorkOrderRow {
  id: string;
  ticket_id: string;
  business_day: string;
  zone_id: string;
  window_id: number;
  staff_id: string | null;
  state: string;
  opened_at: number;
  json: string;
}

function alarmRow(alarm: Alarm): AlarmRow {
  return {
    id: alarm.id,
    kind: alarm.kind,
    key: alarm.key,
    zone_id: alarm.zoneId,
    raised_at: alarm.raisedAt,
    cleared_at: alarm.clearedAt,
    acknowledged_at: alarm.acknowledgedAt,
    json: JSON.stringify(alarm),
  };
}

function workOrderRow(order: WorkOrder): WorkOrderRow {
  return {
    id: order.id,
    ticket_id: order.ticketId,
    business_day: order.businessDay,
    zone_id: order.zoneId,
    window_id: order.windowId,
    staff_id: order.staffId,
    state: order.state,
    opened_at: order.openedAt,
    json: JSON.stringify(order),
  };
}

function staffRow(staff: StaffRecord): StaffRow {
  return {
    staff_id: staff.staffId,
    name: staff.name,
    role: staff.role,
    window_id: staff.windowId,
    zone_ids: JSON.stringify(staff.zoneIds),
    password_hash: staff.passwordHash,
    disabled: staff.disabled ? 1 : 0,
  };
}

function loggedOf(row: Pick<EventRow, 'seq' | 'business_day' | 'actor' | 'payload'>): LoggedEvent {
  return {
    seq: row.seq,
    businessDay: toBusinessDay(row.business_day),
    actor: row.actor,
    event: JSON.parse(row.payload) as DomainEvent,
  };
}

/** `?` placeholders for an IN list. */
function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

const BUSINESS_DAY_KEY = 'business_day';

// The `JSON.parse(…) as T` casts below read JSON this store wrote itself from typed
// values: every JSON column is filled only by the methods here, so its shape is the type's.

/** `undefined` has no JSON form; it is stored as `null` so the column stays valid JSON. */
function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function ticketRow(ticket: Ticket): TicketRow {
  return {
    id: ticket.id,
    business_day: ticket.businessDay,
    number: ticket.number,
    service_id: ticket.serviceId,
    priority: ticket.priority,
    state: ticket.state,
    window_id: ticket.windowId,
    staff_id: ticket.staffId,
    issued_at: ticket.issuedAt,
    called_at: ticket.calledAt,
    started_at: ticket.startedAt,
    finished_at: ticket.finishedAt,
    json: JSON.stringify(ticket),
  };
}

function eventTicketId(event: DomainEvent): string | null {
  if ('ticket' in event) return event.ticket.id;
  // A ticket's history also shows its work order and the alarms about it.
  if ('order' in event) return event.order.ticketId;
  if ('alarm' in event) return event.alarm.ticketId;
  return null;
}

function eventWindowId(event: DomainEvent): number | null {
  if ('window' in event && event.window !== null) return event.window.windowId;
  if ('alarm' in event) return event.alarm.windowId;
  return null;
}

function auditRow(entry: AuditEntry): AuditRow {
  return {
    at: entry.at,
    actor: entry.actor,
    command: entry.command,
    payload: toJson(entry.payload),
    outcome: entry.outcome,
  };
}

function staffFromRow(row: StaffRow): StaffRecord {
  return {
    staffId: row.staff_id,
    name: row.name,
    role: row.role,
    windowId: row.window_id,
    zoneIds: JSON.parse(row.zone_ids) as string[],
    passwordHash: row.password_hash,
    disabled: row.disabled !== 0,
  };
}

function deviceFromRow(row: DeviceRow): DeviceRecord {
  return {
    deviceId: row.device_id,
    name: row.name,
    role: row.role,
    windowId: row.window_id,
    binding: JSON.parse(row.binding) as Record<string, unknown>,
    tokenHash: row.token_hash,
    revoked: row.revoked !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    pairedAt: row.paired_at,
    lastSeenAt: row.last_seen_at,
    clientInfo:
      row.client_info === null ? null : (JSON.parse(row.client_info) as Record<string, string>),
  };
}

function deviceRow(device: DeviceRecord): DeviceRow {
  return {
    device_id: device.deviceId,
    name: device.name,
    role: device.role,
    window_id: device.windowId,
    binding: JSON.stringify(device.binding),
    token_hash: device.tokenHash,
    revoked: device.revoked ? 1 : 0,
    created_at: device.createdAt,
    updated_at: device.updatedAt,
    version: device.version,
    paired_at: device.pairedAt,
    last_seen_at: device.lastSeenAt,
    client_info: device.clientInfo === null ? null : JSON.stringify(device.clientInfo),
  };
}

function codeRow(code: PairingCodeRecord): PairingCodeRow {
  return {
    code_hash: code.codeHash,
    device_id: code.deviceId,
    created_at: code.createdAt,
    expires_at: code.expiresAt,
    used_at: code.usedAt,
  };
}

function codeFromRow(row: PairingCodeRow): PairingCodeRecord {
  return {
    codeHash: row.code_hash,
    deviceId: row.device_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

/** Used and expired codes are kept a day (so a late attempt is told "expired"), then dropped. */
const CODE_KEEP_MS = 24 * 60 * 60 * 1000;

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first business day of `month` and of the month after, `YYYY-MM-DD`. */
function monthBounds(month: string): readonly [string, string] {
  const match = MONTH_PATTERN.exec(month);
  if (match === null) throw new RangeError(`Not a YYYY-MM month: ${month}`);
  const year = Number(match[1]);
  const next = Number(match[2]) + 1;
  const after =
    next > 12
      ? `${String(year + 1).padStart(4, '0')}-01`
      : `${String(year).padStart(4, '0')}-${String(next).padStart(2, '0')}`;
  return [`${month}-01`, `${after}-01`];
}

/** Samples of one report group. */
class ReportGroup {
  tickets = 0;
  readonly waits: number[] = [];
  readonly handlings: number[] = [];

  add(wait: number, handling: number): void {
    this.waits.push(wait);
    this.handlings.push(handling);
  }

  figures(): ReportFigures {
    return {
      served: this.waits.length,
      meanWaitMs: mean(this.waits),
      p90WaitMs: p90(this.waits),
      meanHandlingMs: mean(this.handlings),
      p90HandlingMs: p90(this.handlings),
    };
  }
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return Math.round(sum / values.length);
}

/** Nearest rank: the value at rank ⌈0.9 n⌉ (1-based) in ascending order. */
function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numerically in native code, several times faster than a comparator.
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.ceil(0.9 * values.length) - 1] ?? null;
}

function groupOf<K>(groups: Map<K, ReportGroup>, key: K): ReportGroup {
  let group = groups.get(key);
  if (group === undefined) {
    group = new ReportGroup();
    groups.set(key, group);
  }
  return group;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A full disk or size limit as `StorageFullError`; other errors unchanged. */
function storageError(error: unknown): Error {
  return error instanceof Database.SqliteError && error.code === 'SQLITE_FULL'
    ? new StorageFullError(error)
    : asError(error);
}

// better-sqlite3 is synchronous; these give its results and errors the async shape of
// `HallStore`, so a failure is a rejected promise, never a throw from the call itself.
function reading<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (error) {
    return Promise.reject(asError(error));
  }
}

function writing<T>(write: () => T): Promise<T> {
  try {
    return Promise.resolve(write());
  } catch (error) {
    return Promise.reject(storageError(error));
  }
}

export class SqliteStore implements HallStore {
  readonly kind = 'sqlite';
  readonly #db: Db;
  readonly #st: Statements;
  readonly #commit: (batch: CommitBatch) => { firstSeq: number; lastSeq: number };
  readonly #saveConfig: (config: HallConfig, businessDay: BusinessDay) => void;
  readonly #loadDay: () => StoredDay | null;
  readonly #createDevice: (
    device: DeviceRecord,
    code: PairingCodeRecord,
    audit: AuditEntry,
  ) => boolean;
  readonly #updateDevice: (change: DeviceChange, audit: AuditEntry) => DeviceRecord | null;
  readonly #revokeDevice: (deviceId: string, at: number, audit: AuditEntry) => DeviceRecord | null;
  readonly #createPairingCode: (code: PairingCodeRecord, audit: AuditEntry) => boolean;
  readonly #redeemPairingCode: (redemption: PairingRedemption) => RedeemResult;

  /** Use `openSqliteStore`: the schema must be migrated before statements are prepared. */
  constructor(db: Db) {
    this.#db = db;
    this.#st = prepareStatements(db);
    const st = this.#st;

    // IMMEDIATE takes the write lock up front, so seq = last + 1 cannot race another
    // writer (a second process or CLI on the same file) between the read and the insert.
    const commit = db.transaction((batch: CommitBatch) => {
      const last = st.lastSeq.get()?.seq ?? 0;
      let seq = last;
      for (const event of batch.events) {
        seq += 1;
        st.insertEvent.run({
          seq,
          at: event.at,
          business_day: batch.businessDay,
          type: event.type,
          actor: batch.actor,
          ticket_id: eventTicketId(event),
          window_id: eventWindowId(event),
          payload: JSON.stringify(event),
        });
      }
      for (const ticket of batch.tickets) st.upsertTicket.run(ticketRow(ticket));
      for (const event of batch.events) {
        if (event.type !== 'ticket.rated') continue;
        const { ticket } = event;
        const rating = ticket.rating;
        if (rating === null) continue;
        st.insertRating.run({
          ticket_id: ticket.id,
          business_day: ticket.businessDay,
          at: rating.at,
          window_id: rating.windowId,
          staff_id: rating.staffId,
          service_id: ticket.serviceId,
          score: rating.score,
          reasons: JSON.stringify(rating.reasons),
          comment: rating.comment,
          case_number: rating.caseNumber,
        });
      }
      for (const window of batch.windows) {
        st.upsertWindow.run(window.windowId, JSON.stringify(window));
      }
      for (const counter of batch.counters) {
        st.raiseCounter.run(batch.businessDay, counter.prefix, counter.last);
      }
      if (batch.idempotency !== null) {
        st.insertReply.run({
          key: batch.idempotency.key,
          fingerprint: batch.idempotency.fingerprint,
          reply: toJson(batch.idempotency.reply),
          at: batch.audit.at,
        });
      }
      for (const staff of batch.staff ?? []) st.upsertStaff.run(staffRow(staff));
      for (const alarm of batch.alarms ?? []) st.upsertAlarm.run(alarmRow(alarm));
      for (const order of batch.workOrders ?? []) st.upsertWorkOrder.run(workOrderRow(order));
      st.insertAudit.run(auditRow(batch.audit));
      if (batch.newBusinessDay !== null) st.setMeta.run(BUSINESS_DAY_KEY, batch.newBusinessDay);
      if (batch.config !== null) st.setConfig.run(JSON.stringify(batch.config), batch.audit.at);
      // An empty batch yields firstSeq = lastSeq + 1: an empty range, and firstSeq is still
      // the number the next event will get.
      return { firstSeq: last + 1, lastSeq: seq };
    });
    this.#commit = (batch) => commit.immediate(batch);

    const saveConfig = db.transaction((config: HallConfig, businessDay: BusinessDay) => {
      st.setConfig.run(JSON.stringify(config), Date.now());
      // The day only moves forward through a committed day close; seeding must not move it.
      st.setMetaIfAbsent.run(BUSINESS_DAY_KEY, businessDay);
    });
    this.#saveConfig = (config, businessDay) => {
      saveConfig.immediate(config, businessDay);
    };

    // One read transaction, so the day, tickets and counters come from the same commit.
    const loadDay = db.transaction((): StoredDay | null => {
      const day = st.getMeta.get(BUSINESS_DAY_KEY);
      if (day === undefined) return null;
      const businessDay = toBusinessDay(day.value);
      return {
        businessDay,
        tickets: st.ticketsOfDay.all(businessDay).map((row) => JSON.parse(row.json) as Ticket),
        windows: st.allWindows.all().map((row) => JSON.parse(row.json) as WindowState),
        counters: new Map(st.countersOfDay.all(businessDay).map((row) => [row.prefix, row.last])),
      };
    });
    this.#loadDay = () => loadDay.deferred();

    // Device changes: each one with its audit row in one IMMEDIATE transaction, so a change
    // is never on disk without its audit row, nor the other way round.
    const createDevice = db.transaction(
      (device: DeviceRecord, code: PairingCodeRecord, audit: AuditEntry): boolean => {
        st.pruneCodes.run(code.createdAt - CODE_KEEP_MS);
        if (st.findDevice.get(device.deviceId) !== undefined) return false;
        if (st.findCode.get(code.codeHash) !== undefined) return false;
        st.insertDevice.run(deviceRow(device));
        st.insertCode.run(codeRow(code));
        st.insertAudit.run(auditRow(audit));
        return true;
      },
    );
    this.#createDevice = (device, code, audit) => createDevice.immediate(device, code, audit);

    const updateDevice = db.transaction(
      (change: DeviceChange, audit: AuditEntry): DeviceRecord | null => {
        const updated = st.changeDevice.run(
          change.name,
          change.windowId,
          JSON.stringify(change.binding),
          change.at,
          change.deviceId,
        );
        if (updated.changes === 0) return null;
        st.insertAudit.run(auditRow(audit));
        const row = st.findDevice.get(change.deviceId);
        return row === undefined ? null : deviceFromRow(row);
      },
    );
    this.#updateDevice = (change, audit) => updateDevice.immediate(change, audit);

    const revokeDevice = db.transaction(
      (deviceId: string, at: number, audit: AuditEntry): DeviceRecord | null => {
        if (st.revokeDevice.run(at, deviceId).changes === 0) return null;
        st.dropUnusedCodes.run(deviceId);
        st.insertAudit.run(auditRow(audit));
        const row = st.findDevice.get(deviceId);
        return row === undefined ? null : deviceFromRow(row);
      },
    );
    this.#revokeDevice = (deviceId, at, audit) => revokeDevice.immediate(deviceId, at, audit);

    const createPairingCode = db.transaction(
      (code: PairingCodeRecord, audit: AuditEntry): boolean => {
        st.pruneCodes.run(code.createdAt - CODE_KEEP_MS);
        if (st.findCode.get(code.codeHash) !== undefined) return false;
        st.dropUnusedCodes.run(code.deviceId);
        st.insertCode.run(codeRow(code));
        st.insertAudit.run(auditRow(audit));
        return true;
      },
    );
    this.#createPairingCode = (code, audit) => createPairingCode.immediate(code, audit);

    const redeemPairingCode = db.transaction((redemption: PairingRedemption): RedeemResult => {
      const code = st.findCode.get(redemption.codeHash);
      if (code === undefined) return { ok: false, reason: 'unknown' };
      if (code.used_at !== null) return { ok: false, reason: 'used' };
      if (code.expires_at <= redemption.at) return { ok: false, reason: 'expired' };
      const device = st.findDevice.get(code.device_id);
      if (device === undefined || device.revoked !== 0) return { ok: false, reason: 'unknown' };
      st.useCode.run(redemption.at, redemption.codeHash);
      st.pairDevice.run(
        redemption.tokenHash,
        redemption.at,
        JSON.stringify(redemption.clientInfo),
        redemption.at,
        code.device_id,
      );
      st.insertAudit.run(auditRow({ ...redemption.audit, actor: `device:${code.device_id}` }));
      const paired = st.findDevice.get(code.device_id);
      return paired === undefined
        ? { ok: false, reason: 'unknown' }
        : { ok: true, device: deviceFromRow(paired) };
    });
    this.#redeemPairingCode = (redemption) => redeemPairingCode.immediate(redemption);
  }

  settings(): SqliteSettings {
    const pragma = (name: string): unknown => this.#db.pragma(name, { simple: true });
    return {
      journalMode: String(pragma('journal_mode')),
      synchronous: Number(pragma('synchronous')),
      foreignKeys: Number(pragma('foreign_keys')) === 1,
      busyTimeoutMs: Number(pragma('busy_timeout')),
      maxPageCount: Number(pragma('max_page_count')),
      schemaVersion: schemaVersion(this.#db),
    };
  }

  migrate(): Promise<void> {
    return writing(() => {
      migrate(this.#db);
    });
  }

  loadConfig(): Promise<HallConfig | null> {
    return reading(() => {
      const row = this.#st.getConfig.get();
      return row === undefined ? null : (JSON.parse(row.json) as HallConfig);
    });
  }

  saveConfig(config: HallConfig, businessDay: BusinessDay): Promise<void> {
    return writing(() => {
      this.#saveConfig(config, businessDay);
    });
  }

  loadDay(): Promise<StoredDay | null> {
    return reading(() => this.#loadDay());
  }

  commit(batch: CommitBatch): Promise<{ readonly firstSeq: number; readonly lastSeq: number }> {
    return writing(() => this.#commit(batch));
  }

  lastSeq(): Promise<number> {
    return reading(() => this.#st.lastSeq.get()?.seq ?? 0);
  }

  readEvents(after: number, limit: number): Promise<readonly LoggedEvent[]> {
    return reading(() => this.#st.readEvents.all(after, limit).map(loggedOf));
  }

  listAlarms(query: AlarmQuery): Promise<readonly Alarm[]> {
    return reading(() => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (query.live === true) where.push('(cleared_at IS NULL OR acknowledged_at IS NULL)');
      if (query.from !== undefined) {
        where.push('raised_at >= ?');
        args.push(query.from);
      }
      if (query.to !== undefined) {
        where.push('raised_at < ?');
        args.push(query.to);
      }
      if (query.kind !== undefined) {
        where.push('kind = ?');
        args.push(query.kind);
      }
      if (query.zoneIds !== undefined) {
        where.push(`zone_id IN (${marks(query.zoneIds.length)})`);
        args.push(...query.zoneIds);
      }
      const sql = `SELECT json FROM alarms ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
        ORDER BY raised_at DESC, id DESC LIMIT ?`;
      return this.#db
        .prepare<(string | number)[], { json: string }>(sql)
        .all(...args, query.limit)
        .map((row) => JSON.parse(row.json) as Alarm);
    });
  }

  findAlarm(id: string): Promise<Alarm | null> {
    return reading(() => {
      const row = this.#st.findAlarm.get(id);
      return row === undefined ? null : (JSON.parse(row.json) as Alarm);
    });
  }

  listWorkOrders(query: WorkOrderQuery): Promise<readonly WorkOrder[]> {
    return reading(() => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (query.states !== undefined) {
        where.push(`state IN (${marks(query.states.length)})`);
        args.push(...query.states);
      }
      if (query.fromDay !== undefined) {
        where.push('business_day >= ?');
        args.push(query.fromDay);
      }
      if (query.toDay !== undefined) {
        where.push('business_day <= ?');
        args.push(query.toDay);
      }
      if (query.zoneIds !== undefined) {
        where.push(`zone_id IN (${marks(query.zoneIds.length)})`);
        args.push(...query.zoneIds);
      }
      const sql = `SELECT json FROM work_orders ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
        ORDER BY opened_at DESC, id DESC LIMIT ?`;
      return this.#db
        .prepare<(string | number)[], { json: string }>(sql)
        .all(...args, query.limit)
        .map((row) => JSON.parse(row.json) as WorkOrder);
    });
  }

  findWorkOrder(id: string): Promise<WorkOrder | null> {
    return reading(() => {
      const row = this.#st.findWorkOrder.get(id);
      return row === undefined ? null : (JSON.parse(row.json) as WorkOrder);
    });
  }

  findWorkOrderByTicket(ticketId: string): Promise<WorkOrder | null> {
    return reading(() => {
      const row = this.#st.findWorkOrderByTicket.get(ticketId);
      return row === undefined ? null : (JSON.parse(row.json) as WorkOrder);
    });
  }

  ticketEvents(ticketId: string): Promise<readonly LoggedEvent[]> {
    return reading(() => this.#st.ticketEvents.all(ticketId).map(loggedOf));
  }

  windowEvents(
    windowId: number,
    businessDay: BusinessDay,
    limit: number,
  ): Promise<readonly LoggedEvent[]> {
    return reading(() => this.#st.windowEvents.all(windowId, businessDay, limit).map(loggedOf));
  }

  badRatingsWithoutWorkOrder(): Promise<readonly Ticket[]> {
    return reading(() =>
      this.#st.badRatingsWithoutWorkOrder.all().map((row) => JSON.parse(row.json) as Ticket),
    );
  }

  findReply(key: string): Promise<StoredReply | null> {
    return reading(() => {
      const row = this.#st.findReply.get(key);
      return row === undefined
        ? null
        : { fingerprint: row.fingerprint, reply: JSON.parse(row.reply) as unknown };
    });
  }

  findTicket(id: TicketId): Promise<Ticket | null> {
    return reading(() => {
      const row = this.#st.findTicket.get(id);
      return row === undefined ? null : (JSON.parse(row.json) as Ticket);
    });
  }

  audit(entry: AuditEntry): Promise<void> {
    return writing(() => {
      this.#st.insertAudit.run(auditRow(entry));
    });
  }

  upsertStaff(staff: StaffRecord): Promise<void> {
    return writing(() => {
      this.#st.upsertStaff.run(staffRow(staff));
    });
  }

  findStaff(staffId: string): Promise<StaffRecord | null> {
    return reading(() => {
      const row = this.#st.findStaff.get(staffId);
      return row === undefined ? null : staffFromRow(row);
    });
  }

  listStaff(): Promise<readonly StaffRecord[]> {
    return reading(() => this.#st.listStaff.all().map(staffFromRow));
  }

  createSession(session: SessionRecord): Promise<void> {
    return writing(() => {
      this.#st.insertSession.run({
        token_hash: session.tokenHash,
        subject: session.subject,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      });
    });
  }

  findSession(tokenHash: string): Promise<SessionRecord | null> {
    return reading(() => {
      const row = this.#st.findSession.get(tokenHash);
      return row === undefined
        ? null
        : {
            tokenHash: row.token_hash,
            subject: row.subject,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
          };
    });
  }

  deleteSession(tokenHash: string): Promise<void> {
    return writing(() => {
      this.#st.deleteSession.run(tokenHash);
    });
  }

  deleteStaffSessions(staffId: string): Promise<number> {
    return writing(() => this.#st.deleteStaffSessions.run(staffId).changes);
  }

  deleteWindowSessions(): Promise<number> {
    return writing(() => this.#st.deleteWindowSessions.run().changes);
  }

  upsertDevice(device: DeviceInput): Promise<void> {
    return writing(() => {
      const now = Date.now();
      this.#st.upsertDevice.run(
        deviceRow({
          ...device,
          createdAt: device.createdAt ?? now,
          updatedAt: device.updatedAt ?? now,
          version: device.version ?? 1,
          pairedAt: device.pairedAt ?? (device.tokenHash === null ? null : now),
          lastSeenAt: device.lastSeenAt ?? null,
          clientInfo: device.clientInfo ?? null,
        }),
      );
    });
  }

  findDevice(deviceId: string): Promise<DeviceRecord | null> {
    return reading(() => {
      const row = this.#st.findDevice.get(deviceId);
      return row === undefined ? null : deviceFromRow(row);
    });
  }

  listDevices(): Promise<readonly DeviceRecord[]> {
    return reading(() => this.#st.listDevices.all().map(deviceFromRow));
  }

  createDevice(device: DeviceRecord, code: PairingCodeRecord, audit: AuditEntry): Promise<boolean> {
    return writing(() => this.#createDevice(device, code, audit));
  }

  updateDevice(change: DeviceChange, audit: AuditEntry): Promise<DeviceRecord | null> {
    return writing(() => this.#updateDevice(change, audit));
  }

  revokeDevice(deviceId: string, at: number, audit: AuditEntry): Promise<DeviceRecord | null> {
    return writing(() => this.#revokeDevice(deviceId, at, audit));
  }

  createPairingCode(code: PairingCodeRecord, audit: AuditEntry): Promise<boolean> {
    return writing(() => this.#createPairingCode(code, audit));
  }

  redeemPairingCode(redemption: PairingRedemption): Promise<RedeemResult> {
    return writing(() => this.#redeemPairingCode(redemption));
  }

  livePairingCodes(now: number): Promise<ReadonlyMap<string, PairingCodeRecord>> {
    return reading(() => {
      const live = new Map<string, PairingCodeRecord>();
      // Oldest first, so the newest code of a device wins (there is only one after a change).
      for (const row of this.#st.liveCodes.all(now)) live.set(row.device_id, codeFromRow(row));
      return live;
    });
  }

  touchDevice(deviceId: string, at: number): Promise<void> {
    return writing(() => {
      this.#st.touchDevice.run(at, deviceId);
    });
  }

  findDeviceByToken(tokenHash: string): Promise<DeviceRecord | null> {
    return reading(() => {
      const row = this.#st.findDeviceByToken.get(tokenHash);
      return row === undefined ? null : deviceFromRow(row);
    });
  }

  upsertApiKey(key: ApiKeyRecord): Promise<void> {
    return writing(() => {
      this.#st.upsertApiKey.run({
        key_id: key.keyId,
        name: key.name,
        key_hash: key.keyHash,
        revoked: key.revoked ? 1 : 0,
      });
    });
  }

  findApiKey(keyId: string): Promise<ApiKeyRecord | null> {
    return reading(() => {
      const row = this.#st.findApiKey.get(keyId);
      return row === undefined
        ? null
        : { keyId: row.key_id, name: row.name, keyHash: row.key_hash, revoked: row.revoked !== 0 };
    });
  }

  pruneReplies(before: number): Promise<void> {
    return writing(() => {
      this.#st.pruneReplies.run(before);
    });
  }

  async backup(path: string): Promise<void> {
    try {
      await this.#db.backup(path);
    } catch (error) {
      throw storageError(error);
    }
  }

  monthReport(month: string): Promise<MonthReport> {
    return reading(() => {
      const [from, to] = monthBounds(month);
      const total = new ReportGroup();
      const services = new Map<string, ReportGroup>();
      const windows = new Map<number, ReportGroup>();
      // One pass over the month; the aggregation is plain arithmetic and sorting, which is
      // faster here than SQLite's window functions (three sorts of the month) and keeps the
      // SQL portable.
      for (const row of this.#st.monthTickets.all(from, to)) {
        const [serviceId, windowId, state, issuedAt, calledAt, startedAt, finishedAt] = row;
        const byService = groupOf(services, serviceId);
        const byWindow = windowId === null ? null : groupOf(windows, windowId);
        total.tickets += 1;
        byService.tickets += 1;
        if (byWindow !== null) byWindow.tickets += 1;
        if (state !== 'done' || startedAt === null || finishedAt === null) continue;
        const wait = (calledAt ?? startedAt) - issuedAt;
        const handling = finishedAt - startedAt;
        total.add(wait, handling);
        byService.add(wait, handling);
        byWindow?.add(wait, handling);
      }
      const byService: ServiceReport[] = [...services]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([serviceId, group]) => ({ serviceId, issued: group.tickets, ...group.figures() }));
      const byWindow: WindowReport[] = [...windows]
        .sort(([a], [b]) => a - b)
        .map(([windowId, group]) => ({ windowId, called: group.tickets, ...group.figures() }));
      return { month, total: { issued: total.tickets, ...total.figures() }, byService, byWindow };
    });
  }

  reportScan(fromDay: string, toDay: string, sink: ReportSink): Promise<void> {
    return reading(() => {
      // One read transaction, so tickets, ratings and work orders are of the same moment.
      this.#db
        .transaction(() => {
          const voided = new Set(
            this.#st.appealVoided.all(fromDay, toDay).map((row) => row.ticket_id),
          );
          for (const row of this.#st.periodTickets.iterate(fromDay, toDay)) sink.ticket(row);
          for (const row of this.#st.periodRatings.iterate(fromDay, toDay)) {
            sink.rating(row, voided.has(row[5]));
          }
        })
        .deferred();
    });
  }

  close(): Promise<void> {
    return reading(() => {
      this.#db.close();
    });
  }
}

/**
 * Opens (creating if needed) and migrates the database at `options.file`. A database from a
 * newer HallQ is refused with `DatabaseTooNewError` before any pragma or write touches it.
 */
export function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const db = new Database(options.file);
  try {
    db.pragma(`busy_timeout = ${String(Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    // Checked before journal_mode: switching to WAL rewrites the file header, and a newer
    // database must be left exactly as it was.
    const found = schemaVersion(db);
    if (found > LATEST_VERSION) throw new DatabaseTooNewError(found, LATEST_VERSION);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (options.maxSizeBytes !== undefined) {
      const pageSize = Number(db.pragma('page_size', { simple: true }));
      const pages = Math.max(1, Math.floor(options.maxSizeBytes / pageSize));
      db.pragma(`max_page_count = ${String(pages)}`);
    }
    migrate(db);
    return Promise.resolve(new SqliteStore(db));
  } catch (error) {
    db.close();
    return Promise.reject(storageError(error));
  }
}

/**
 * Runs `PRAGMA integrity_check` on its own read-only connection and returns `ok` or the
 * problems found, one per line.
 */
export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], { integrity_check: string }>('PRAGMA integrity_check').all();
    return rows.map((row) => row.integrity_check).join('\n');
  } finally {
    db.close();
  }
}
