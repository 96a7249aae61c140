/**
 * A benchmark child process, driven over IPC by `main.ts` (see `control.ts`). It runs either
 * the real hall server (`startHallServer`, demo hall, a data folder) or the bare floors: a
 * Socket.IO server with the same options that acknowledges with a canned reply or emits a
 * canned event to everyone, and better-sqlite3 single-row durable transactions (WAL,
 * `synchronous=FULL`) in a file of its own. Servers run in their own process so their
 * resident memory is their own and the clients' work does not share their thread.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';
import { makeTicketId, pickNext, windowId, type CommandReply, type Ticket } from '@hallq/shared';
import { openSqliteStore, startHallServer, type HallServer } from '@hallq/server';
import { silentLogger } from './fixtures.ts';
import type { ChildReply, ChildRequest } from './control.ts';

let hall: HallServer | null = null;
let bare: { io: Server; http: HttpServer } | null = null;
let db: Database.Database | null = null;
let reply: unknown = null;
let event: unknown = null;

function openFloorDb(dir: string): Database.Database {
  const floor = new Database(join(dir, 'floor.db'));
  floor.pragma('journal_mode = WAL');
  floor.pragma('synchronous = FULL');
  floor.exec(
    'CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT NOT NULL) STRICT',
  );
  return floor;
}

/** One single-row durable transaction. */
let insertRow: (() => void) | null = null;

function txn(): void {
  if (insertRow === null) throw new Error('no floor database');
  insertRow();
}

async function startBare(dir: string): Promise<{ url: string; port: number }> {
  db = openFloorDb(dir);
  const insert = db.prepare<[number, string]>('INSERT INTO rows (at, body) VALUES (?, ?)');
  const once = db.transaction(() => insert.run(Date.now(), 'ticket'));
  insertRow = () => {
    once.immediate();
  };
  const http = createServer();
  // The options of server/src/realtime.ts.
  const io = new Server(http, {
    path: '/socket.io',
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    serveClient: false,
    cors: { origin: false },
  });
  io.on('connection', (socket) => {
    socket.on('rtt', (_payload: unknown, ack: (value: unknown) => void) => {
      ack(reply);
    });
    socket.on('rtt-txn', (_payload: unknown, ack: (value: unknown) => void) => {
      txn();
      ack(reply);
    });
    socket.on('fanout', (_payload: unknown, ack: (value: unknown) => void) => {
      io.emit('hall:event', event);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  bare = { io, http };
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port };
}

/**
 * What the store alone sustains: `SqliteStore.commit` in a loop with the rows of a real
 * issue (its event, ticket, counter, idempotency reply and audit row, from the sample reply),
 * in a fresh database of the current schema.
 */
async function storeRate(dir: string, ms: number): Promise<{ count: number; elapsedMs: number }> {
  const sample = (reply as { data?: CommandReply } | null)?.data;
  const base: Ticket | undefined = sample?.ticket?.ticket;
  if (sample === undefined || base === undefined) throw new Error('no sample reply');
  const store = await openSqliteStore({ file: join(dir, 'store-floor.db') });
  try {
    const started = performance.now();
    const until = started + ms;
    let count = 0;
    while (performance.now() < until) {
      count += 1;
      const number = `A${String(count).padStart(3, '0')}`;
      const ticket: Ticket = {
        ...base,
        seq: count,
        number,
        id: makeTicketId(base.businessDay, number),
      };
      await store.commit({
        businessDay: base.businessDay,
        actor: 'anonymous',
        events: [{ type: 'ticket.issued', at: ticket.issuedAt, ticket }],
        tickets: [ticket],
        windows: [],
        counters: [{ prefix: 'A', last: count }],
        idempotency: { key: `bench-${count}`, fingerprint: 'anonymous|bench', reply: sample },
        audit: {
          at: ticket.issuedAt,
          actor: 'anonymous',
          command: 'ticket.issue',
          payload: { serviceId: ticket.serviceId, priority: ticket.priority },
          outcome: 'ok',
        },
        newBusinessDay: null,
        config: null,
      });
    }
    return { count, elapsedMs: performance.now() - started };
  } finally {
    await store.close();
  }
}

async function handle(request: ChildRequest): Promise<unknown> {
  switch (request.op) {
    case 'hall': {
      const started = performance.now();
      hall = await startHallServer({
        dataDir: request.dataDir,
        port: request.port,
        host: '127.0.0.1',
        logger: silentLogger,
        clock: () => Date.now() + request.clockOffset,
      });
      return { url: hall.url, port: hall.port, startMs: performance.now() - started };
    }
    case 'bare':
      return startBare(request.dir);
    case 'payloads':
      reply = request.reply;
      event = request.event;
      return null;
    case 'txns': {
      const times: number[] = [];
      for (let i = 0; i < request.count; i += 1) {
        const t = performance.now();
        txn();
        times.push(performance.now() - t);
      }
      return times;
    }
    case 'txnRate': {
      const until = performance.now() + request.ms;
      const started = performance.now();
      let count = 0;
      while (performance.now() < until) {
        txn();
        count += 1;
      }
      return { count, elapsedMs: performance.now() - started };
    }
    case 'seq':
      return hall?.hall.currentSeq ?? 0;
    case 'rss': {
      const usage = process.memoryUsage();
      return { rss: usage.rss, heapUsed: usage.heapUsed };
    }
    case 'storeRate':
      return storeRate(request.dir, request.ms);
    case 'pickNext': {
      if (hall === null) throw new Error('no hall');
      const times: number[] = [];
      const state = hall.hall.state;
      const now = Date.now();
      for (let i = 0; i < request.runs; i += 1) {
        const t = performance.now();
        pickNext(state, windowId(request.windowId), now);
        times.push(performance.now() - t);
      }
      return { times, tickets: state.day.tickets.size };
    }
    case 'stop': {
      await hall?.close();
      hall = null;
      if (bare !== null) {
        const { io, http } = bare;
        await new Promise<void>((resolve) => {
          void io.close(() => resolve());
        });
        http.close();
        bare = null;
      }
      db?.close();
      db = null;
      return null;
    }
  }
}

process.on('message', (message: ChildRequest & { id: number }) => {
  handle(message).then(
    (value) => {
      const answer: ChildReply = { id: message.id, ok: true, value };
      // After a stop the process ends once the reply is out, whatever handles are left.
      process.send?.(answer, () => {
        if (message.op === 'stop') process.exit(0);
      });
    },
    (error: unknown) => {
      const answer: ChildReply = {
        id: message.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
      process.send?.(answer);
    },
  );
});
process.send?.({ id: 0, ok: true, value: 'loaded' } satisfies ChildReply);
