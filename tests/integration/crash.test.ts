/**
 * Crash safety (brief §4 "never duplicated, even across a crash", §5.4 "a retried command
 * never applies twice"): the real server runs as a child process (`npm start`'s entry),
 * 8 kiosks issue and 2 clerks call and complete as fast as acknowledgements come back, and
 * the process is SIGKILLed at a random moment. After each restart on the same data folder
 * every acknowledged write must be there, numbers never repeat, the log has no holes, and a
 * retried command answers its first reply without writing anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack, CommandReply, Ticket } from '@hallq/shared';
import { integrityCheck } from '../../server/src/db/sqlite-store.ts';
import {
  api,
  closeClients,
  command,
  connectClient,
  login,
  rawEmit,
  type HallClient,
} from '../support/hall.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CYCLES = 5;
const ISSUERS = 8;
/** No-quota services served by windows 1 and 2 (zone A). */
const SERVICES = ['bdc-mortgage', 'utility-transfer', 'deed-tax'] as const;
const CLERK_WINDOWS = [1, 2] as const;

const dataDir = mkdtempSync(join(tmpdir(), 'hallq-crash-'));
const dbFile = join(dataDir, 'hallq.db');
const children = new Set<ChildProcess>();

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<void>;
}

/** Starts `server/src/main.ts` on a random port; resolves with its URL once it listens. */
function startChild(): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<void>((done) => {
    child.once('exit', () => {
      children.delete(child);
      done();
    });
  });
  return new Promise((resolveStart, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 20 s: ${out} ${err}`));
    }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Hall\s+(http:\/\/\S+?)\/\s/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolveStart({ child, url: match[1], exited });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening: ${out} ${err}`));
    });
  });
}

async function killHard(running: Running): Promise<void> {
  running.child.kill('SIGKILL');
  await running.exited;
}

async function stopGracefully(running: Running): Promise<void> {
  running.child.kill('SIGTERM');
  await running.exited;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

interface IssueAck {
  readonly key: string;
  readonly payload: { serviceId: string; idempotencyKey: string };
  readonly reply: CommandReply;
  readonly ticket: Ticket;
}
interface ClerkAck {
  readonly key: string;
  readonly name: 'window:callNext' | 'ticket:complete';
  readonly payload: Record<string, unknown>;
  readonly windowId: number;
  readonly reply: CommandReply;
  readonly ticket: Ticket;
}

const issued: IssueAck[] = [];
const clerkAcks: ClerkAck[] = [];

/** Emits until stopped or disconnected; a command whose ack never comes is simply unknown. */
async function ackOrNull(
  socket: HallClient,
  name: string,
  payload: Record<string, unknown>,
): Promise<Ack<CommandReply> | null> {
  if (!socket.connected) return null;
  const gone = new Promise<null>((done) => socket.once('disconnect', () => done(null)));
  try {
    return await Promise.race([rawEmit(socket, name, payload) as Promise<Ack<CommandReply>>, gone]);
  } catch {
    return null; // timed out (5 s): the server died before answering
  }
}

async function issuer(url: string, cycle: number, n: number, stop: () => boolean): Promise<void> {
  let socket: HallClient;
  try {
    socket = await connectClient(url);
  } catch {
    return;
  }
  for (let i = 0; !stop() && socket.connected; i += 1) {
    const key = `crash-${cycle}-${n}-${i}`;
    const payload = {
      serviceId: SERVICES[(n + i) % SERVICES.length] ?? 'deed-tax',
      idempotencyKey: key,
    };
    const reply = await ackOrNull(socket, 'ticket:issue', payload);
    if (reply === null) break;
    if (!reply.ok) throw new Error(`issue refused: ${reply.error.code} ${reply.error.message}`);
    const ticket = reply.data.ticket?.ticket;
    if (ticket === undefined) throw new Error('issue without a ticket');
    issued.push({ key, payload, reply: reply.data, ticket });
  }
  socket.close();
}

async function clerk(
  url: string,
  token: string,
  windowId: number,
  cycle: number,
  stop: () => boolean,
): Promise<void> {
  let socket: HallClient;
  try {
    socket = await connectClient(url, token);
  } catch {
    return;
  }
  for (let i = 0; !stop() && socket.connected; i += 1) {
    // A ticket left at the window by the previous crash is completed first.
    const windows = await api<{ data: { windowId: number; currentTicketId: string | null }[] }>(
      url,
      'GET',
      '/api/v1/windows',
    ).catch(() => null);
    const current =
      windows?.body.data.find((w) => w.windowId === windowId)?.currentTicketId ?? null;
    const key = `crash-${cycle}-w${windowId}-${i}`;
    const [name, payload]: [ClerkAck['name'], Record<string, unknown>] =
      current === null
        ? ['window:callNext', { windowId, idempotencyKey: key }]
        : ['ticket:complete', { ticketId: current, idempotencyKey: key }];
    const reply = await ackOrNull(socket, name, payload);
    if (reply === null) break;
    if (!reply.ok) {
      if (reply.error.code === 'no_ticket_waiting' || reply.error.code === 'window_busy') {
        await sleep(5);
        continue;
      }
      throw new Error(`${name} refused: ${reply.error.code} ${reply.error.message}`);
    }
    const ticket = reply.data.ticket?.ticket;
    if (ticket === undefined) throw new Error(`${name} without a ticket`);
    clerkAcks.push({ key, name, payload, windowId, reply: reply.data, ticket });
  }
  socket.close();
}

const RANK: Readonly<Record<Ticket['state'], number>> = {
  waiting: 0,
  suspended: 1,
  called: 1,
  serving: 2,
  done: 3,
  no_show: 3,
  cancelled: 3,
};

afterAll(() => {
  closeClients();
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGKILL in the middle of a busy hall', () => {
  it(`loses no acknowledged write and repeats no number over ${CYCLES} crashes`, async () => {
    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      const running = await startChild();
      const tokens = await Promise.all(
        CLERK_WINDOWS.map((w) => login(running.url, `w${String(w).padStart(3, '0')}`, 'demo')),
      );
      let stopped = false;
      const stop = (): boolean => stopped;
      const workers = [
        ...Array.from({ length: ISSUERS }, (_, n) => issuer(running.url, cycle, n, stop)),
        ...CLERK_WINDOWS.map((w, i) => clerk(running.url, tokens[i] ?? '', w, cycle, stop)),
      ];
      await sleep(200 + Math.floor(Math.random() * 600));
      await killHard(running);
      stopped = true;
      closeClients(running.url);
      await Promise.all(workers);
    }
    expect(issued.length).toBeGreaterThan(CYCLES * 10);
    expect(clerkAcks.some((a) => a.name === 'window:callNext')).toBe(true);
    expect(clerkAcks.some((a) => a.name === 'ticket:complete')).toBe(true);

    const running = await startChild();
    try {
      const admin = await login(running.url, 'admin', 'demo-admin');
      // Every acknowledged ticket is there, as issued, at least as far along as acknowledged.
      const latest = new Map<string, Ticket>();
      for (const ack of [...issued.map((a) => a.ticket), ...clerkAcks.map((a) => a.ticket)]) {
        const before = latest.get(ack.id);
        if (before === undefined || RANK[ack.state] >= RANK[before.state]) latest.set(ack.id, ack);
      }
      const ids = new Set(issued.map((a) => a.ticket.id));
      expect(ids.size).toBe(issued.length); // no id was acknowledged twice
      for (const [id, acked] of latest) {
        const found = await api<{ data: { ticket: Ticket } }>(
          running.url,
          'GET',
          `/api/v1/tickets/${id}`,
        );
        expect(found.status, id).toBe(200);
        const { ticket } = found.body.data;
        expect(ticket.number).toBe(acked.number);
        expect(ticket.issuedAt).toBe(acked.issuedAt);
        expect(ticket.serviceId).toBe(acked.serviceId);
        expect(RANK[ticket.state], `${id} ${ticket.state} < ${acked.state}`).toBeGreaterThanOrEqual(
          RANK[acked.state],
        );
        if (acked.state === 'done') expect(ticket.state).toBe('done');
        if (acked.state === 'called') expect(ticket.calledAt).toBe(acked.calledAt);
      }

      // Retrying acknowledged commands after the restart: the first reply, no new event.
      const health = async (): Promise<number> =>
        (await api<{ seq: number }>(running.url, 'GET', '/api/v1/health')).body.seq;
      const clerkSocket = await connectClient(
        running.url,
        await login(running.url, 'w001', 'demo'),
      );
      const kiosk = await connectClient(running.url);
      const seqBefore = await health();
      // The last acknowledged issue of every kiosk in every cycle (closest to the kill) and a sample.
      const retried = new Map<string, IssueAck>();
      issued.forEach((a, i) => retried.set(i % 25 === 0 ? a.key : a.key.replace(/-\d+$/, ''), a));
      expect(retried.size).toBeGreaterThanOrEqual(CYCLES);
      for (const ack of retried.values()) {
        const again = await command(kiosk, 'ticket:issue', ack.payload);
        expect(again).toEqual({ ok: true, data: ack.reply });
      }
      for (const ack of clerkAcks.filter((a) => a.windowId === 1).slice(-4)) {
        const again = await rawEmit(clerkSocket, ack.name, ack.payload);
        expect(again).toEqual({ ok: true, data: ack.reply });
      }
      expect(await health()).toBe(seqBefore);

      // The event log read as admin has no holes.
      const page = await api<{ data: { seq: number }[]; seq: number }>(
        running.url,
        'GET',
        `/api/v1/events?after=${Math.max(0, seqBefore - 1000)}&limit=1000`,
        { token: admin },
      );
      expect(page.status).toBe(200);
      expect(page.body.data.at(-1)?.seq).toBe(seqBefore);
    } finally {
      closeClients(running.url);
      await stopGracefully(running);
    }

    // The file itself: sound, contiguous log, one ticket per number and day, no gaps in numbers.
    expect(integrityCheck(dbFile)).toBe('ok');
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const duplicates = db
        .prepare(
          'SELECT business_day, number, COUNT(*) AS n FROM tickets GROUP BY business_day, number HAVING COUNT(*) > 1',
        )
        .all();
      expect(duplicates).toEqual([]);
      const seqs = db.prepare<[], { seq: number }>('SELECT seq FROM events ORDER BY seq').all();
      expect(seqs.length).toBeGreaterThan(issued.length);
      seqs.forEach((row, i) => expect(row.seq).toBe(i + 1));
      // Per day and prefix the daily sequence runs 1…n: a number is never skipped or reused.
      const rows = db
        .prepare<[], { business_day: string; json: string }>(
          'SELECT business_day, json FROM tickets',
        )
        .all();
      const perPrefix = new Map<string, number[]>();
      for (const row of rows) {
        const ticket = JSON.parse(row.json) as Ticket;
        const prefix = ticket.number.replace(/\d+$/, '');
        const key = `${row.business_day}/${prefix}`;
        perPrefix.set(key, [...(perPrefix.get(key) ?? []), ticket.seq]);
      }
      for (const [key, list] of perPrefix) {
        const sorted = [...list].sort((a, b) => a - b);
        expect(sorted, key).toEqual(sorted.map((_, i) => i + 1));
      }
      const counters = db
        .prepare<[], { business_day: string; prefix: string; last: number }>(
          'SELECT business_day, prefix, last FROM counters',
        )
        .all();
      for (const c of counters) {
        expect(perPrefix.get(`${c.business_day}/${c.prefix}`)?.length ?? 0).toBe(c.last);
      }
    } finally {
      db.close();
    }
  });
});
