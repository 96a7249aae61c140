import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  businessDay,
  makeTicketId,
  serviceId,
  windowId,
  type BusinessDay,
  type DomainEvent,
  type HallConfig,
  type Ticket,
  type WindowState,
} from '@hallq/shared';
import { DatabaseTooNewError, StorageFullError, type CommitBatch } from '../store.ts';
import { LATEST_VERSION, MIGRATIONS, migrate } from './migrations.ts';
import { integrityCheck, openSqliteStore, type SqliteStore } from './sqlite-store.ts';
import { makeTicket, makeWindowState, testConfig } from '../../../shared/src/testing/factories.ts';

const DAY = businessDay('2026-11-24');
const NEXT_DAY = businessDay('2026-11-25');
const T0 = Date.UTC(2026, 10, 24, 1, 0, 0);

/** A waiting bdc-transfer ticket of `day`, issued at T0 + its sequence number. */
function kioskTicket(day: BusinessDay, number: string, overrides: Partial<Ticket> = {}): Ticket {
  const at = T0 + Number(number.slice(1));
  return makeTicket({
    businessDay: day,
    number,
    serviceId: serviceId('bdc-transfer'),
    issuedAt: at,
    queuedAt: at,
    sortKey: at,
    ...overrides,
  });
}

function makeWindow(id: number, overrides: Partial<WindowState> = {}): WindowState {
  return makeWindowState({ windowId: windowId(id), since: T0, ...overrides });
}

function issued(ticket: Ticket): DomainEvent {
  return { type: 'ticket.issued', at: ticket.issuedAt, ticket };
}

function makeConfig(name = '示例政务服务中心'): HallConfig {
  return testConfig({
    hall: { id: 'demo', name, nameEn: 'Demo Hall', dayCloseTime: '23:00' },
    floors: [],
    zones: [],
    calendar: { hours: [{ open: '09:00', close: '17:00' }] },
    policies: { priorityInterleave: 3, recallLimit: 2, ratingWindowSec: 120 },
  });
}

/** A batch issuing the given tickets, one event each, with the counter raised to the max. */
function issueBatch(tickets: readonly Ticket[], extra: Partial<CommitBatch> = {}): CommitBatch {
  const last = Math.max(0, ...tickets.map((ticket) => ticket.seq));
  return {
    businessDay: DAY,
    actor: 'device:kiosk-1',
    events: tickets.map(issued),
    tickets,
    windows: [],
    counters: tickets.length > 0 ? [{ prefix: 'A', last }] : [],
    idempotency: null,
    audit: { at: T0, actor: 'device:kiosk-1', command: 'ticket.issue', payload: {}, outcome: 'ok' },
    newBusinessDay: null,
    config: null,
    ...extra,
  };
}

function fileHash(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Reads the file on its own read-only connection, as an outside tool would. */
function query(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all()
    .map((row) => row.name);
}

let dir: string;
let file: string;
const open: SqliteStore[] = [];

async function openStore(maxSizeBytes?: number, at = file): Promise<SqliteStore> {
  const store = await openSqliteStore(
    maxSizeBytes === undefined ? { file: at } : { file: at, maxSizeBytes },
  );
  open.push(store);
  return store;
}

async function closeStore(store: SqliteStore): Promise<void> {
  open.splice(open.indexOf(store), 1);
  await store.close();
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-db-'));
  file = path.join(dir, 'hallq.db');
});

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are numbered 1…n in list order', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(
      MIGRATIONS.map((_, index) => index + 1),
    );
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('run once, and reopening or migrating again changes nothing', async () => {
    const store = await openStore();
    expect(store.settings().schemaVersion).toBe(LATEST_VERSION);
    await store.commit(issueBatch([kioskTicket(DAY, 'A001')]));
    await store.migrate();
    await closeStore(store);

    const schemaBefore = query(file, 'SELECT type, name, sql FROM sqlite_schema ORDER BY name');
    const reopened = await openStore();
    expect(reopened.settings().schemaVersion).toBe(LATEST_VERSION);
    expect(query(file, 'SELECT type, name, sql FROM sqlite_schema ORDER BY name')).toEqual(
      schemaBefore,
    );
    expect(await reopened.lastSeq()).toBe(1);
  });

  it('refuse a database from a newer HallQ and leave it unchanged', async () => {
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x INTEGER) STRICT');
    raw.pragma(`user_version = ${String(LATEST_VERSION + 1)}`);
    raw.close();
    const before = fileHash(file);

    const attempt = openSqliteStore({ file });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseTooNewError);
    await expect(attempt).rejects.toMatchObject({
      found: LATEST_VERSION + 1,
      supported: LATEST_VERSION,
    });
    expect(fileHash(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(query(file, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
  });

  it('migrate() itself refuses a newer database', () => {
    const db = new Database(file);
    db.pragma(`user_version = ${String(LATEST_VERSION + 5)}`);
    expect(() => {
      migrate(db);
    }).toThrow(DatabaseTooNewError);
    expect(tableNames(db)).toEqual([]);
    db.close();
  });

  /** The tables each migration adds; a new migration adds its line here. */
  const addedTables: Readonly<Record<number, readonly string[]>> = {
    1: [
      'meta',
      'config',
      'events',
      'tickets',
      'windows',
      'counters',
      'idempotency',
      'audit',
      'staff',
      'sessions',
      'devices',
      'api_keys',
    ],
    2: ['ratings'],
    3: ['pairing_codes'],
    4: [], // an index only
    5: ['alarms', 'work_orders'],
    6: [], // indexes only
  };

  it('each have a table expectation below', () => {
    expect(Object.keys(addedTables).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  for (const migration of MIGRATIONS) {
    it(`${String(migration.version)} (${migration.name}) creates its STRICT tables`, () => {
      const db = new Database(file);
      migrate(db, migration.version - 1);
      const before = new Set(tableNames(db));
      migrate(db, migration.version);
      expect(db.pragma('user_version', { simple: true })).toBe(migration.version);
      const added = tableNames(db).filter((name) => !before.has(name));
      expect(added.sort()).toEqual([...(addedTables[migration.version] ?? [])].sort());
      const strict = db
        .prepare<[], { name: string; strict: number }>(
          "SELECT name, strict FROM pragma_table_list WHERE schema = 'main'",
        )
        .all()
        .filter((row) => added.includes(row.name));
      expect(strict.every((row) => row.strict === 1)).toBe(true);
      db.close();
    });
  }
});

describe('SqliteStore', () => {
  it('really runs WAL with synchronous=FULL and foreign keys on', async () => {
    const store = await openStore();
    expect(store.settings()).toMatchObject({
      journalMode: 'wal',
      synchronous: 2,
      foreignKeys: true,
    });
    expect(store.settings().busyTimeoutMs).toBeGreaterThan(0);
    expect(query(file, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
  });

  it('numbers events consecutively across batches and indexes their ticket and window', async () => {
    const store = await openStore();
    expect(await store.lastSeq()).toBe(0);
    const first = await store.commit(
      issueBatch([kioskTicket(DAY, 'A001'), kioskTicket(DAY, 'A002')]),
    );
    expect(first).toEqual({ firstSeq: 1, lastSeq: 2 });

    const called = kioskTicket(DAY, 'A001', { state: 'called', windowId: windowId(5) });
    const window = makeWindow(5, { state: 'calling', currentTicketId: called.id });
    const opened: DomainEvent = { type: 'window.opened', at: T0 + 10, window: makeWindow(5) };
    const call: DomainEvent = {
      type: 'ticket.called',
      at: T0 + 20,
      ticket: called,
      window,
      specific: false,
    };
    const second = await store.commit({
      ...issueBatch([kioskTicket(DAY, 'A003')]),
      events: [opened, call, issued(kioskTicket(DAY, 'A003'))],
      tickets: [called, kioskTicket(DAY, 'A003')],
      windows: [window],
    });
    expect(second).toEqual({ firstSeq: 3, lastSeq: 5 });
    expect(await store.lastSeq()).toBe(5);

    const empty = await store.commit(issueBatch([]));
    expect(empty).toEqual({ firstSeq: 6, lastSeq: 5 });

    const logged = await store.readEvents(0, 100);
    expect(logged.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(logged[3]).toEqual({ seq: 4, businessDay: DAY, actor: 'device:kiosk-1', event: call });
    expect(
      query(file, 'SELECT seq, type, ticket_id, window_id FROM events WHERE seq >= 3'),
    ).toEqual([
      { seq: 3, type: 'window.opened', ticket_id: null, window_id: 5 },
      { seq: 4, type: 'ticket.called', ticket_id: makeTicketId(DAY, 'A001'), window_id: 5 },
      { seq: 5, type: 'ticket.issued', ticket_id: makeTicketId(DAY, 'A003'), window_id: null },
    ]);
    expect(await store.findTicket(called.id)).toEqual(called);
  });

  it('writes nothing of a batch that fails half way', async () => {
    const store = await openStore();
    await store.commit(issueBatch([kioskTicket(DAY, 'A001')]));
    const auditBefore = query(file, 'SELECT COUNT(*) AS n FROM audit');

    // Same printed number on the same day under another id: the UNIQUE constraint fails on
    // the second ticket, after the events and the first ticket were already inserted.
    const good = kioskTicket(DAY, 'A002');
    const clash = { ...kioskTicket(DAY, 'A002'), id: makeTicketId(DAY, 'A002-other') };
    const batch: CommitBatch = {
      ...issueBatch([good, clash]),
      windows: [makeWindow(3)],
      counters: [{ prefix: 'A', last: 2 }],
      idempotency: { key: 'k-1', fingerprint: 'f', reply: { ok: true } },
      newBusinessDay: NEXT_DAY,
      config: makeConfig('changed'),
    };
    await expect(store.commit(batch)).rejects.toThrow(/UNIQUE/);

    expect(await store.lastSeq()).toBe(1);
    expect(await store.findTicket(good.id)).toBeNull();
    expect(await store.findReply('k-1')).toBeNull();
    expect(await store.loadConfig()).toBeNull();
    expect(query(file, 'SELECT COUNT(*) AS n FROM audit')).toEqual(auditBefore);
    expect(query(file, 'SELECT * FROM windows')).toEqual([]);
    expect(query(file, 'SELECT * FROM meta')).toEqual([]);
    expect(query(file, 'SELECT prefix, last FROM counters')).toEqual([{ prefix: 'A', last: 1 }]);

    // The store is still usable and numbering continues without a gap.
    expect(await store.commit(issueBatch([good]))).toEqual({ firstSeq: 2, lastSeq: 2 });
  });

  it('refuses to rewrite or delete logged events', async () => {
    const store = await openStore();
    await store.commit(issueBatch([kioskTicket(DAY, 'A001')]));
    await closeStore(store);
    const db = new Database(file);
    expect(() => db.prepare("UPDATE events SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    db.close();
  });

  it('never lowers a counter', async () => {
    const store = await openStore();
    await saveDay(store);
    const withCounters = (counters: CommitBatch['counters']): CommitBatch => ({
      ...issueBatch([]),
      counters,
    });
    await store.commit(withCounters([{ prefix: 'A', last: 5 }]));
    await store.commit(
      withCounters([
        { prefix: 'A', last: 3 },
        { prefix: 'B', last: 1 },
      ]),
    );
    expect((await store.loadDay())?.counters).toEqual(
      new Map([
        ['A', 5],
        ['B', 1],
      ]),
    );
    await store.commit(withCounters([{ prefix: 'A', last: 7 }]));
    expect((await store.loadDay())?.counters.get('A')).toBe(7);
  });

  it('stores idempotency replies, refuses a key twice, and prunes old ones', async () => {
    const store = await openStore();
    const reply = { ok: true, data: { ticket: 'A001', position: 3, 名: '张*明' } };
    await store.commit(
      issueBatch([kioskTicket(DAY, 'A001')], {
        idempotency: { key: 'kiosk-1:42', fingerprint: 'sha256:abc', reply },
      }),
    );
    expect(await store.findReply('kiosk-1:42')).toEqual({ fingerprint: 'sha256:abc', reply });
    expect(await store.findReply('kiosk-1:43')).toBeNull();

    await expect(
      store.commit(
        issueBatch([kioskTicket(DAY, 'A002')], {
          idempotency: { key: 'kiosk-1:42', fingerprint: 'sha256:abc', reply },
        }),
      ),
    ).rejects.toThrow(/UNIQUE/);
    expect(await store.lastSeq()).toBe(1);

    await store.pruneReplies(T0);
    expect(await store.findReply('kiosk-1:42')).not.toBeNull();
    await store.pruneReplies(T0 + 1);
    expect(await store.findReply('kiosk-1:42')).toBeNull();
  });

  it('pages through the event log', async () => {
    const store = await openStore();
    for (let n = 1; n <= 10; n += 1) {
      await store.commit(issueBatch([kioskTicket(DAY, `A${String(n).padStart(3, '0')}`)]));
    }
    const pages: number[][] = [];
    let after = 0;
    for (;;) {
      const page = await store.readEvents(after, 4);
      if (page.length === 0) break;
      pages.push(page.map((entry) => entry.seq));
      after = page[page.length - 1]?.seq ?? after;
    }
    expect(pages).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
    expect(await store.readEvents(10, 4)).toEqual([]);
    expect((await store.readEvents(2, 1))[0]?.event).toEqual(issued(kioskTicket(DAY, 'A003')));
  });

  it('loads the committed day after a reopen', async () => {
    const store = await openStore();
    expect(await store.loadDay()).toBeNull();
    expect(await store.loadConfig()).toBeNull();
    await store.saveConfig(makeConfig(), DAY);

    const done = kioskTicket(DAY, 'A001', {
      state: 'done',
      windowId: windowId(2),
      calledAt: T0 + 100,
      startedAt: T0 + 200,
      finishedAt: T0 + 300,
    });
    const waiting = kioskTicket(DAY, 'A002');
    const windows = [makeWindow(2), makeWindow(7, { state: 'paused', pauseReason: 'lunch' })];
    await store.commit({ ...issueBatch([done, waiting]), windows });
    await closeStore(store);

    const reopened = await openStore();
    expect(await reopened.loadConfig()).toEqual(makeConfig());
    const day = await reopened.loadDay();
    expect(day?.businessDay).toBe(DAY);
    expect(day?.tickets).toEqual([done, waiting]);
    expect(day?.windows).toEqual(windows);
    expect(day?.counters).toEqual(new Map([['A', 2]]));

    // Seeding again does not move the day; a committed day close does.
    await reopened.saveConfig(makeConfig('renamed'), businessDay('2020-01-01'));
    expect((await reopened.loadDay())?.businessDay).toBe(DAY);
    await reopened.commit({
      ...issueBatch([kioskTicket(NEXT_DAY, 'A001')]),
      businessDay: NEXT_DAY,
      newBusinessDay: NEXT_DAY,
      config: makeConfig('next'),
    });
    const next = await reopened.loadDay();
    expect(next?.businessDay).toBe(NEXT_DAY);
    expect(next?.tickets.map((ticket) => ticket.id)).toEqual([makeTicketId(NEXT_DAY, 'A001')]);
    expect(next?.counters).toEqual(new Map([['A', 1]]));
    expect((await reopened.loadConfig())?.hall.name).toBe('next');
    expect(await reopened.findTicket(done.id)).toEqual(done);
  });

  it('throws StorageFullError when full, keeping the file sound and earlier commits', async () => {
    const store = await openStore(256 * 1024);
    await saveDay(store);
    const note = '备注'.repeat(1000);
    let committed = 0;
    let failure: unknown = null;
    for (let n = 1; n <= 500 && failure === null; n += 1) {
      const ticket = kioskTicket(DAY, `A${String(n).padStart(3, '0')}`, { note });
      try {
        await store.commit(issueBatch([ticket]));
        committed = n;
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toBeInstanceOf(StorageFullError);
    expect(committed).toBeGreaterThan(0);
    expect(await store.lastSeq()).toBe(committed);
    expect(integrityCheck(file)).toBe('ok');

    // Reads still work, and after closing the file reopens without the limit intact.
    expect((await store.loadDay())?.tickets).toHaveLength(committed);
    await closeStore(store);
    const reopened = await openStore();
    expect(await reopened.lastSeq()).toBe(committed);
    expect(await reopened.readEvents(0, 1000)).toHaveLength(committed);
    const lastTicket = makeTicketId(DAY, `A${String(committed).padStart(3, '0')}`);
    expect((await reopened.findTicket(lastTicket))?.note).toBe(note);
    expect(
      await reopened.findTicket(makeTicketId(DAY, `A${String(committed + 1).padStart(3, '0')}`)),
    ).toBeNull();
    expect(integrityCheck(file)).toBe('ok');
  });

  it('writes an online backup that opens and holds the same log', async () => {
    const store = await openStore();
    await saveDay(store);
    await store.commit(issueBatch([kioskTicket(DAY, 'A001'), kioskTicket(DAY, 'A002')]));
    const copy = path.join(dir, 'backup.db');
    await store.backup(copy);
    // Writes after the backup are not in it.
    await store.commit(issueBatch([kioskTicket(DAY, 'A003')]));

    expect(integrityCheck(copy)).toBe('ok');
    const restored = await openStore(undefined, copy);
    expect((await restored.readEvents(0, 100)).map((entry) => entry.seq)).toEqual([1, 2]);
    expect((await restored.loadDay())?.tickets).toHaveLength(2);
    expect(await restored.loadConfig()).toEqual(makeConfig());
  });

  it('keeps staff, sessions, devices, API keys and audit rows', async () => {
    const store = await openStore();
    const staff = {
      staffId: 'w005',
      name: '张*明',
      role: 'clerk',
      windowId: 5,
      zoneIds: ['A'],
      passwordHash: 'scrypt$x',
      disabled: false,
    };
    await store.upsertStaff(staff);
    await store.upsertStaff({ ...staff, staffId: 'w001', windowId: null, disabled: true });
    expect(await store.findStaff('w005')).toEqual(staff);
    expect((await store.listStaff()).map((row) => [row.staffId, row.disabled])).toEqual([
      ['w001', true],
      ['w005', false],
    ]);
    expect(await store.findStaff('nobody')).toBeNull();

    const session = { tokenHash: 'h1', subject: 'staff:w005', createdAt: T0, expiresAt: T0 + 1 };
    await store.createSession(session);
    expect(await store.findSession('h1')).toEqual(session);
    await store.deleteSession('h1');
    expect(await store.findSession('h1')).toBeNull();

    const device = {
      deviceId: 'kiosk-1',
      name: '一楼取号机',
      role: 'kiosk',
      windowId: null,
      binding: { printer: 'http://10.0.0.9' },
      tokenHash: 'dh',
      revoked: false,
    };
    await store.upsertDevice(device);
    // Left-out bookkeeping is filled in: version 1, paired when it has a token.
    expect(await store.findDeviceByToken('dh')).toMatchObject({
      ...device,
      version: 1,
      pairedAt: expect.any(Number) as number,
      lastSeenAt: null,
      clientInfo: null,
    });
    await store.upsertDevice({ ...device, tokenHash: 'dh2', revoked: true });
    expect(await store.findDeviceByToken('dh')).toBeNull();
    expect((await store.findDeviceByToken('dh2'))?.revoked).toBe(true);

    const key = { keyId: 'booking', name: '预约平台', keyHash: 'kh', revoked: false };
    await store.upsertApiKey(key);
    expect(await store.findApiKey('booking')).toEqual(key);

    await store.audit({
      at: T0,
      actor: 'staff:w005',
      command: 'auth.signIn',
      payload: undefined,
      outcome: 'bad_password',
    });
    expect(query(file, 'SELECT actor, payload, outcome FROM audit')).toEqual([
      { actor: 'staff:w005', payload: 'null', outcome: 'bad_password' },
    ]);
  });
});

describe('devices and pairing codes', () => {
  const MIN = 60_000;
  const adminAudit = (command: string, at = T0) => ({
    at,
    actor: 'staff:admin',
    command,
    payload: {},
    outcome: 'ok',
  });
  const newDevice = (deviceId: string) => ({
    deviceId,
    name: '一楼取号机',
    role: 'kiosk',
    windowId: null,
    binding: { paper: 80 },
    tokenHash: null,
    revoked: false,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    pairedAt: null,
    lastSeenAt: null,
    clientInfo: null,
  });
  const code = (codeHash: string, deviceId: string, createdAt = T0) => ({
    codeHash,
    deviceId,
    createdAt,
    expiresAt: createdAt + 15 * MIN,
    usedAt: null,
  });
  const redeem = (store: SqliteStore, codeHash: string, at: number, tokenHash: string) =>
    store.redeemPairingCode({
      codeHash,
      at,
      tokenHash,
      clientInfo: { hostname: 'kiosk-pc', platform: 'linux', version: '0.1.0' },
      audit: { at, command: 'device.pair', payload: {}, outcome: 'ok' },
    });
  const audits = () => query(file, 'SELECT actor, command FROM audit ORDER BY id');

  it('creates a device with its code and audit row, refusing a taken id or code', async () => {
    const store = await openStore();
    expect(await store.createDevice(newDevice('k1'), code('c1', 'k1'), adminAudit('create'))).toBe(
      true,
    );
    expect(await store.createDevice(newDevice('k1'), code('c2', 'k1'), adminAudit('create'))).toBe(
      false,
    );
    expect(await store.createDevice(newDevice('k2'), code('c1', 'k2'), adminAudit('create'))).toBe(
      false,
    );
    expect((await store.listDevices()).map((d) => d.deviceId)).toEqual(['k1']);
    expect(audits()).toEqual([{ actor: 'staff:admin', command: 'create' }]);
    expect([...(await store.livePairingCodes(T0)).keys()]).toEqual(['k1']);
    expect((await store.livePairingCodes(T0 + 15 * MIN)).size).toBe(0);
  });

  it('pairs once per code, before it expires, replacing the token and raising the version', async () => {
    const store = await openStore();
    await store.createDevice(newDevice('k1'), code('c1', 'k1'), adminAudit('create'));
    const paired = await redeem(store, 'c1', T0 + MIN, 't1');
    expect(paired).toMatchObject({
      ok: true,
      device: { deviceId: 'k1', tokenHash: 't1', pairedAt: T0 + MIN, version: 2 },
    });
    expect((await store.findDevice('k1'))?.clientInfo).toEqual({
      hostname: 'kiosk-pc',
      platform: 'linux',
      version: '0.1.0',
    });
    expect(await redeem(store, 'c1', T0 + 2 * MIN, 't2')).toEqual({ ok: false, reason: 'used' });
    expect(await redeem(store, 'nope', T0 + 2 * MIN, 't2')).toEqual({
      ok: false,
      reason: 'unknown',
    });
    await store.createPairingCode(code('c2', 'k1', T0 + 2 * MIN), adminAudit('code'));
    expect(await redeem(store, 'c2', T0 + 17 * MIN, 't2')).toEqual({
      ok: false,
      reason: 'expired',
    });
    // Nothing of a refused attempt was written: the first token still works.
    expect((await store.findDeviceByToken('t1'))?.version).toBe(2);
    expect(await store.findDeviceByToken('t2')).toBeNull();
    expect(audits()).toEqual([
      { actor: 'staff:admin', command: 'create' },
      { actor: 'device:k1', command: 'device.pair' },
      { actor: 'staff:admin', command: 'code' },
    ]);
  });

  it('drops older unused codes on a new code and all unused codes on revoke', async () => {
    const store = await openStore();
    await store.createDevice(newDevice('k1'), code('c1', 'k1'), adminAudit('create'));
    expect(await store.createPairingCode(code('c2', 'k1', T0 + MIN), adminAudit('code'))).toBe(
      true,
    );
    expect(await redeem(store, 'c1', T0 + 2 * MIN, 't1')).toEqual({
      ok: false,
      reason: 'unknown',
    });
    // A code hash already stored (the same 8 digits) is refused, and nothing is dropped.
    expect(await store.createPairingCode(code('c2', 'k1', T0 + 2 * MIN), adminAudit('code'))).toBe(
      false,
    );
    expect((await store.livePairingCodes(T0 + 2 * MIN)).get('k1')?.codeHash).toBe('c2');
    const revoked = await store.revokeDevice('k1', T0 + 3 * MIN, adminAudit('revoke'));
    expect(revoked).toMatchObject({ revoked: true, version: 2, updatedAt: T0 + 3 * MIN });
    expect(await redeem(store, 'c2', T0 + 4 * MIN, 't1')).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await store.revokeDevice('nobody', T0, adminAudit('revoke'))).toBeNull();
  });

  it('updates name, window and binding with the version, and records sightings apart', async () => {
    const store = await openStore();
    await store.createDevice(newDevice('k1'), code('c1', 'k1'), adminAudit('create'));
    const change = {
      deviceId: 'k1',
      name: '二楼取号机',
      windowId: null,
      binding: { paper: 58 },
      at: T0 + MIN,
    };
    expect(await store.updateDevice(change, adminAudit('update'))).toMatchObject({
      name: '二楼取号机',
      binding: { paper: 58 },
      version: 2,
      updatedAt: T0 + MIN,
      createdAt: T0,
    });
    expect(await store.updateDevice({ ...change, deviceId: 'x' }, adminAudit('update'))).toBeNull();
    await store.touchDevice('k1', T0 + 5 * MIN);
    await store.touchDevice('k1', T0 + 4 * MIN);
    expect(await store.findDevice('k1')).toMatchObject({ lastSeenAt: T0 + 5 * MIN, version: 2 });
    expect(audits()).toEqual([
      { actor: 'staff:admin', command: 'create' },
      { actor: 'staff:admin', command: 'update' },
    ]);
  });

  it('migrates version 2 devices: a device with a token counts as paired', () => {
    const db = new Database(file);
    migrate(db, 2);
    db.prepare(
      `INSERT INTO devices (device_id, name, role, window_id, binding, token_hash, revoked)
       VALUES ('k1', 'a', 'kiosk', NULL, '{}', 'h1', 0), ('k2', 'b', 'kiosk', NULL, '{}', NULL, 0)`,
    ).run();
    migrate(db);
    const rows = db
      .prepare<[], { device_id: string; paired_at: number | null; version: number }>(
        'SELECT device_id, paired_at, version FROM devices ORDER BY device_id',
      )
      .all();
    db.close();
    expect(rows).toEqual([
      { device_id: 'k1', paired_at: expect.any(Number) as number, version: 1 },
      { device_id: 'k2', paired_at: null, version: 1 },
    ]);
  });
});

async function saveDay(store: SqliteStore): Promise<void> {
  await store.saveConfig(makeConfig(), DAY);
}
