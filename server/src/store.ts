/**
 * The storage interface of the hall server. SQLite (embedded, default) implements it in
 * `db/sqlite-store.ts`; a PostgreSQL implementation can satisfy it later (brief §9). No SQL
 * leaves the `db/` folder: the rest of the server only sees these methods.
 *
 * Methods are async so that a network database fits; the server runs commands one at a
 * time, so implementations need no locking of their own beyond their transaction.
 */
import type {
  Alarm,
  AlarmKind,
  WorkOrder,
  WorkOrderState,
  BusinessDay,
  DomainEvent,
  HallConfig,
  LoggedEvent,
  Ticket,
  TicketId,
  WindowState,
} from '@hallq/shared';

/** Everything one accepted command writes, committed in one durable transaction. */
export interface CommitBatch {
  /** The business day the events belong to. */
  readonly businessDay: BusinessDay;
  /** Label of the sender, e.g. `staff:w005`, stored with every event and in the audit log. */
  readonly actor: string;
  /** Domain events, appended to the log in order with consecutive sequence numbers. */
  readonly events: readonly DomainEvent[];
  /** Current versions of tickets to upsert (derived from the events). */
  readonly tickets: readonly Ticket[];
  /** Current versions of windows to upsert. */
  readonly windows: readonly WindowState[];
  /** Daily counters per prefix to raise (never lowered). */
  readonly counters: readonly { readonly prefix: string; readonly last: number }[];
  /** When the command carried an idempotency key: the key and the reply to replay. */
  readonly idempotency: {
    readonly key: string;
    readonly fingerprint: string;
    readonly reply: unknown;
  } | null;
  /** The audit row for the command. */
  readonly audit: AuditEntry;
  /** Set when the business day changes with this batch. */
  readonly newBusinessDay: BusinessDay | null;
  /** Set when the configuration changes with this batch. */
  readonly config: HallConfig | null;
  /** Staff accounts to write (admin console), password hash included. */
  readonly staff?: readonly StaffRecord[];
  /** Alarms to write in their new version. */
  readonly alarms?: readonly Alarm[];
  /** Work orders to write in their new version. */
  readonly workOrders?: readonly WorkOrder[];
}

export interface AlarmQuery {
  /** Only alarms still on the live list (not both cleared and acknowledged). */
  readonly live?: boolean;
  /** Raised at or after / before (ms since epoch). */
  readonly from?: number;
  readonly to?: number;
  readonly kind?: AlarmKind;
  /** Only these zones' alarms (a zone lead); undefined = all. */
  readonly zoneIds?: readonly string[];
  /** Newest first, at most this many. */
  readonly limit: number;
}

export interface WorkOrderQuery {
  readonly states?: readonly WorkOrderState[];
  /** Business days of the rating, inclusive (YYYY-MM-DD). */
  readonly fromDay?: string;
  readonly toDay?: string;
  readonly zoneIds?: readonly string[];
  /** Newest first, at most this many. */
  readonly limit: number;
}

export interface AuditEntry {
  readonly at: number;
  readonly actor: string;
  readonly command: string;
  /** The command payload, with personal data already masked. */
  readonly payload: unknown;
  /** `ok` or the error code. */
  readonly outcome: string;
}

/** What the server loads at start: the current business day as left on disk. */
export interface StoredDay {
  readonly businessDay: BusinessDay;
  readonly tickets: readonly Ticket[];
  readonly windows: readonly WindowState[];
  readonly counters: ReadonlyMap<string, number>;
}

export interface StoredReply {
  readonly fingerprint: string;
  readonly reply: unknown;
}

export interface StaffRecord {
  readonly staffId: string;
  readonly name: string;
  readonly role: string;
  /** The window a clerk is bound to. */
  readonly windowId: number | null;
  readonly zoneIds: readonly string[];
  readonly passwordHash: string;
  readonly disabled: boolean;
}

export interface SessionRecord {
  readonly tokenHash: string;
  readonly subject: string; // `staff:w005` | `device:<id>` | `integration:<keyId>`
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface DeviceRecord {
  readonly deviceId: string;
  readonly name: string;
  readonly role: string;
  readonly windowId: number | null;
  /** Binding details (screen layout, printer URL, audio zone) as given by the admin. */
  readonly binding: Readonly<Record<string, unknown>>;
  readonly tokenHash: string | null;
  readonly revoked: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Raised on every change of name, window, binding, token or revocation. */
  readonly version: number;
  /** When a hall client last paired with a code; null = never. */
  readonly pairedAt: number | null;
  /** Last config fetch or socket connect with the device token. */
  readonly lastSeenAt: number | null;
  /** What the hall client reported when it paired (hostname, platform, version). */
  readonly clientInfo: Readonly<Record<string, string>> | null;
}

/**
 * A device as tools and tests write it with `upsertDevice`: the bookkeeping fields may be left
 * out (created and updated now, version 1, paired now when it has a token).
 */
export type DeviceInput = Omit<
  DeviceRecord,
  'createdAt' | 'updatedAt' | 'version' | 'pairedAt' | 'lastSeenAt' | 'clientInfo'
> &
  Partial<
    Pick<
      DeviceRecord,
      'createdAt' | 'updatedAt' | 'version' | 'pairedAt' | 'lastSeenAt' | 'clientInfo'
    >
  >;

/** The admin-editable part of a device, written by `updateDevice`. */
export interface DeviceChange {
  readonly deviceId: string;
  readonly name: string;
  readonly windowId: number | null;
  readonly binding: Readonly<Record<string, unknown>>;
  readonly at: number;
}

/**
 * A pairing code as stored: only its keyed hash (HMAC with a server secret outside the
 * database), so a copy of the database does not reveal live codes.
 */
export interface PairingCodeRecord {
  readonly codeHash: string;
  readonly deviceId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

/** What a hall client presents when it pairs, and what it gets. */
export interface PairingRedemption {
  readonly codeHash: string;
  readonly at: number;
  /** Hash of the device's new token; the previous token stops working. */
  readonly tokenHash: string;
  readonly clientInfo: Readonly<Record<string, string>>;
  /** Written with actor `device:<id>` when the code is good. */
  readonly audit: Omit<AuditEntry, 'actor'>;
}

export type RedeemResult =
  | { readonly ok: true; readonly device: DeviceRecord }
  | { readonly ok: false; readonly reason: 'unknown' | 'used' | 'expired' };

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly name: string;
  readonly keyHash: string;
  readonly revoked: boolean;
}

export interface HallStore {
  /** `sqlite` or `postgres`, shown by `/api/v1/health`. */
  readonly kind: string;
  /** Runs pending migrations; throws `DatabaseTooNewError` for a database of a newer version. */
  migrate(): Promise<void>;
  /** The stored configuration, or null for an empty data folder. */
  loadConfig(): Promise<HallConfig | null>;
  /** Stores the configuration (first start / seeding) outside any command. */
  saveConfig(config: HallConfig, businessDay: BusinessDay): Promise<void>;
  /** The current business day with its open state; null before the first start. */
  loadDay(): Promise<StoredDay | null>;
  /** Appends the events and writes the state in one durable transaction; returns the seqs. */
  commit(batch: CommitBatch): Promise<{ readonly firstSeq: number; readonly lastSeq: number }>;
  /** The last sequence number in the log (0 when empty). */
  lastSeq(): Promise<number>;
  /** Events with `seq > after`, oldest first, at most `limit`. */
  readEvents(after: number, limit: number): Promise<readonly LoggedEvent[]>;
  /** The stored reply of an idempotency key, if any. */
  findReply(key: string): Promise<StoredReply | null>;
  /** A ticket of any business day (also past days). */
  findTicket(id: TicketId): Promise<Ticket | null>;
  /** Appends an audit row outside a command commit (refused commands, sign-ins). */
  audit(entry: AuditEntry): Promise<void>;
  // Accounts, sessions, devices, API keys.
  upsertStaff(staff: StaffRecord): Promise<void>;
  findStaff(staffId: string): Promise<StaffRecord | null>;
  listStaff(): Promise<readonly StaffRecord[]>;
  createSession(session: SessionRecord): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of one staff account (password reset, disabled); returns how many. */
  deleteStaffSessions(staffId: string): Promise<number>;
  /** Signs out every clerk signed in to a window (business-day close); returns how many. */
  deleteWindowSessions(): Promise<number>;
  /** Writes a device as given (tools, tests); `createDevice` is the admin's path. */
  upsertDevice(device: DeviceInput): Promise<void>;
  findDeviceByToken(tokenHash: string): Promise<DeviceRecord | null>;
  findDevice(deviceId: string): Promise<DeviceRecord | null>;
  /** Every device, revoked ones too, oldest first. */
  listDevices(): Promise<readonly DeviceRecord[]>;
  /**
   * Inserts a new device with its first pairing code and the audit row, in one transaction;
   * false (nothing written) when the device id or the code hash is taken.
   */
  createDevice(device: DeviceRecord, code: PairingCodeRecord, audit: AuditEntry): Promise<boolean>;
  /**
   * Writes name, window and binding, raises the version, writes the audit row; null (nothing
   * written) for an unknown device.
   */
  updateDevice(change: DeviceChange, audit: AuditEntry): Promise<DeviceRecord | null>;
  /**
   * Revokes a device: its token stops working, its unused codes are dropped, the version is
   * raised and the audit row written; null for an unknown device.
   */
  revokeDevice(deviceId: string, at: number, audit: AuditEntry): Promise<DeviceRecord | null>;
  /**
   * Stores a new pairing code for a device and drops its older unused ones, with the audit
   * row; false (nothing written) when the code hash is taken.
   */
  createPairingCode(code: PairingCodeRecord, audit: AuditEntry): Promise<boolean>;
  /**
   * Redeems a pairing code in one transaction: marks it used, gives its device the new token
   * hash, pairing time and client info, raises the version and writes the audit row. Nothing
   * is written for an unknown, used or expired code (or a revoked device: its codes are gone).
   */
  redeemPairingCode(redemption: PairingRedemption): Promise<RedeemResult>;
  /** The live (unused, unexpired at `now`) pairing code of each device that has one. */
  livePairingCodes(now: number): Promise<ReadonlyMap<string, PairingCodeRecord>>;
  /** Sets a device's last-seen time (not a change: the version stays). */
  touchDevice(deviceId: string, at: number): Promise<void>;
  upsertApiKey(key: ApiKeyRecord): Promise<void>;
  findApiKey(keyId: string): Promise<ApiKeyRecord | null>;
  /** Removes idempotency replies older than `before` (ms since epoch). */
  pruneReplies(before: number): Promise<void>;
  /** Writes a consistent online copy of the database to `path`. */
  backup(path: string): Promise<void>;
  /**
   * The month report of `month` (`YYYY-MM`, business days of the hall): issued and served
   * tickets with mean and p90 wait and handling, in total, by service and by window. Throws a
   * `RangeError` for a malformed month.
   */
  monthReport(month: string): Promise<MonthReport>;
  /**
   * Feeds the period reports, for the business days `fromDay`…`toDay` (inclusive,
   * `YYYY-MM-DD`): every ticket, then every rating, as bare tuples read from covering
   * indexes (never the JSON), in one read transaction. Streamed rather than returned, so a
   * year of history is never held in memory as half a million arrays.
   */
  reportScan(fromDay: string, toDay: string, sink: ReportSink): Promise<void>;
  // Admin console.
  /** Alarms, newest first. */
  listAlarms(query: AlarmQuery): Promise<readonly Alarm[]>;
  findAlarm(id: string): Promise<Alarm | null>;
  /** Work orders, newest first. */
  listWorkOrders(query: WorkOrderQuery): Promise<readonly WorkOrder[]>;
  findWorkOrder(id: string): Promise<WorkOrder | null>;
  findWorkOrderByTicket(ticketId: string): Promise<WorkOrder | null>;
  /** Every event of a ticket (also of past days), oldest first. */
  ticketEvents(ticketId: string): Promise<readonly LoggedEvent[]>;
  /** The events of a window on one business day, oldest first, at most `limit`. */
  windowEvents(
    windowId: number,
    businessDay: BusinessDay,
    limit: number,
  ): Promise<readonly LoggedEvent[]>;
  /** Tickets with a bad rating (不满意/非常不满意) that have no work order yet. */
  badRatingsWithoutWorkOrder(): Promise<readonly Ticket[]>;
  close(): Promise<void>;
}

/**
 * Figures of one group of a month report, over its served tickets (state `done`, started and
 * finished), as the counter's day figures count them (`dayFigures`):
 * - wait = first call − issue (`calledAt`, else `startedAt`, minus `issuedAt`);
 * - handling = `finishedAt − startedAt`;
 * - means rounded to whole ms; p90 is the nearest-rank 90th percentile (the value at rank
 *   ⌈0.9 n⌉ in ascending order); all null when nothing was served.
 */
export interface ReportFigures {
  readonly served: number;
  readonly meanWaitMs: number | null;
  readonly p90WaitMs: number | null;
  readonly meanHandlingMs: number | null;
  readonly p90HandlingMs: number | null;
}

/** A service's line: tickets count under the service they ended with (after transfers). */
export interface ServiceReport extends ReportFigures {
  readonly serviceId: string;
  readonly issued: number;
}

/** A window's line: tickets whose last call was at the window. */
export interface WindowReport extends ReportFigures {
  readonly windowId: number;
  readonly called: number;
}

export interface MonthReport {
  /** `YYYY-MM`. */
  readonly month: string;
  /** Every ticket of the month's business days. */
  readonly total: ReportFigures & { readonly issued: number };
  /** By service id. */
  readonly byService: readonly ServiceReport[];
  /** By window number. */
  readonly byWindow: readonly WindowReport[];
}

/**
 * One ticket as the period reports read it: business day, service (after transfers), the
 * window and clerk of the last call (null when never called), state, transfers, and the
 * issue, first call, start and finish times (ms since epoch).
 */
export type ReportTicketFact = readonly [
  businessDay: string,
  serviceId: string,
  windowId: number | null,
  staffId: string | null,
  state: string,
  transferCount: number,
  issuedAt: number,
  calledAt: number | null,
  startedAt: number | null,
  finishedAt: number | null,
];

/** One rating (好差评) as the period reports read it: where and by whom it was given. */
export type ReportRatingFact = readonly [
  businessDay: string,
  serviceId: string,
  windowId: number,
  staffId: string | null,
  score: string,
  ticketId: string,
];

/** Where `reportScan` sends what it reads. */
export interface ReportSink {
  ticket(fact: ReportTicketFact): void;
  /** `appealVoided`: the bad rating was voided by an accepted appeal (申诉成功). */
  rating(fact: ReportRatingFact, appealVoided: boolean): void;
}

/** Thrown by `migrate()` when the database was written by a newer HallQ. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The database has schema version ${found}, this HallQ supports up to ${supported}. ` +
        'Upgrade HallQ or restore a backup; the database was not changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** Thrown by `commit()` when the disk or the database size limit is full. */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super('The data disk is full: nothing was written. Free space on the server.', { cause });
    this.name = 'StorageFullError';
  }
}
