/**
 * The storage interface of the hall server. SQLite (embedded, default) implements it in
 * `db/sqlite-store.ts`; a PostgreSQL implementation can satisfy it later (brief §9). No SQL
 * leaves the `db/` folder: the rest of the server only sees these methods.
 *
 * Methods are async so that a network database fits; the server runs commands one at a
 * time, so implementations need no locking of their own beyond their transaction.
 */
import type {
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
}

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
  /** Signs out every clerk signed in to a window (business-day close); returns how many. */
  deleteWindowSessions(): Promise<number>;
  upsertDevice(device: DeviceRecord): Promise<void>;
  findDeviceByToken(tokenHash: string): Promise<DeviceRecord | null>;
  upsertApiKey(key: ApiKeyRecord): Promise<void>;
  findApiKey(keyId: string): Promise<ApiKeyRecord | null>;
  /** Removes idempotency replies older than `before` (ms since epoch). */
  pruneReplies(before: number): Promise<void>;
  /** Writes a consistent online copy of the database to `path`. */
  backup(path: string): Promise<void>;
  close(): Promise<void>;
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
