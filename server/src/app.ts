/**
 * Builds a running hall server from a data folder: storage, the hall, REST, Socket.IO and
 * the landing page. Tests start it on port 0 with a temp folder; `main.ts` runs it for real.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply } from 'fastify';
import { pino, type Logger } from 'pino';
import type { HallConfig } from '@hallq/shared';
import type { AdminContext, AdminModule } from './admin-auth.ts';
import { registerAdminConfig } from './admin-config.ts';
import { registerAlarms } from './alarms.ts';
import { backupDay } from './backup.ts';
import { openSqliteStore } from './db/sqlite-store.ts';
import { registerDevices } from './devices.ts';
import { HallService } from './hall-service.ts';
import { registerHistory } from './history.ts';
import { registerApi } from './http.ts';
import { landingPage } from './landing.ts';
import { registerPrintRelay } from './print-relay.ts';
import { attachRealtime, type HallIo } from './realtime.ts';
import { registerReports } from './reports.ts';
import { seedIfEmpty } from './seed.ts';
import { registerStaff } from './staff.ts';
import { registerStatic } from './static.ts';
import { StorageFullError, type HallStore } from './store.ts';
import { registerWorkOrders } from './work-orders.ts';

export const VERSION = '0.1.0';

export interface HallServerOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly host?: string;
  /** Milliseconds since epoch; tests pass a fixed clock. */
  readonly clock?: () => number;
  readonly logger?: Logger;
  /** Configuration for an empty data folder (default: the demo hall). */
  readonly seedConfig?: HallConfig;
  /** Caps the database size (tests simulate a full disk with it). */
  readonly maxDbBytes?: number;
  /** Folder of voice packs served at /voice/ (default: the shipped display/voice). */
  readonly voiceDir?: string;
}

export interface HallServer {
  readonly url: string;
  readonly port: number;
  readonly hall: HallService;
  readonly store: HallStore;
  readonly io: HallIo;
  readonly seeded: boolean;
  close(): Promise<void>;
}

/** Reads or creates the secret that keys the per-person hash of ID numbers. */
function personSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'person.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32), { mode: 0o600 });
  return readFileSync(file);
}

export async function startHallServer(options: HallServerOptions): Promise<HallServer> {
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  mkdirSync(options.dataDir, { recursive: true });
  const store = await openSqliteStore({
    file: join(options.dataDir, 'hallq.db'),
    ...(options.maxDbBytes === undefined ? {} : { maxSizeBytes: options.maxDbBytes }),
  });
  await store.migrate();
  const seeded = await seedIfEmpty(store, clock(), options.seedConfig);
  const secret = personSecret(options.dataDir);
  const hall = await HallService.open({ store, clock, logger });

  const fastifyLogger: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance: fastifyLogger,
    bodyLimit: 64 * 1024,
    // One line per request is noise at a kiosk's pace; commands are in the audit log.
    logController: new LogController({ disableRequestLogging: true }),
    // A request Node's HTTP parser refuses (headers over 16 KiB, a broken request line)
    // gets the error format of brief §6 too, before the connection is closed.
    clientErrorHandler: (error, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const status =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? 431
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? 408
            : 400;
      const body = JSON.stringify({
        error: {
          code: 'validation',
          message:
            status === 431
              ? 'The request headers are too large (16 KiB at most).'
              : status === 408
                ? 'The request took too long to arrive.'
                : 'The request is not valid HTTP.',
        },
      });
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy(error);
    },
    // A URL the router cannot take (bad percent-encoding, a path parameter over 100
    // characters) is answered in the error format of brief §6 too, not Fastify's own.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void reply.code(tooLong ? 414 : 400).send({
        error: {
          code: 'validation',
          message: tooLong ? 'A part of the URL is too long.' : 'The URL is malformed.',
        },
      });
    },
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const bodyLimit = request.routeOptions.bodyLimit;
    if (error instanceof StorageFullError) {
      // A write outside the command queue (a sign-in's session, a device change) on a full
      // disk: the same answer as a refused command, not an internal error.
      request.log.error({ err: error }, 'storage full: request refused');
      void reply.code(507).send({
        error: {
          code: 'storage_full',
          message: 'The server disk is full: nothing was saved. Tell the hall IT staff.',
        },
      });
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    // Keep Fastify's own client-error statuses (413 too large, 415 wrong content type …)
    // in the error format of brief §6.
    const clientError = status >= 400 && status < 500;
    const message =
      status === 413
        ? `The request body is too large (${String(Math.round(bodyLimit / 1024))} KiB at most).`
        : status === 415
          ? 'Send JSON with content-type: application/json.'
          : clientError
            ? `Bad request: ${error.message}`
            : 'Internal error; nothing was changed.';
    void reply
      .code(clientError ? status : 500)
      .send({ error: { code: clientError ? 'validation' : 'internal', message } });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      error: {
        code: 'not_found',
        message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`,
      },
    });
  });
  registerApi(app, { hall, store, clock, personSecret: secret, version: VERSION });
  registerPrintRelay(app, { hall, store, clock });
  const devices = registerDevices(app, { hall, store, clock, personSecret: secret });
  let io: HallIo | null = null;
  const adminCtx: AdminContext = { hall, store, clock, logger, io: () => io };
  const adminModules: AdminModule[] = [
    registerAdminConfig(app, adminCtx),
    registerStaff(app, adminCtx),
    registerAlarms(app, adminCtx),
    registerHistory(app, adminCtx),
    registerReports(app, adminCtx),
    registerWorkOrders(app, adminCtx),
  ];
  registerStatic(app, undefined, options.voiceDir);
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(landingPage(hall.state.config, hall.currentSeq)),
  );

  const realtime = attachRealtime(app.server, { hall, store, clock, personSecret: secret, logger });
  devices.attach(realtime.io);
  io = realtime.io;
  let backups: Promise<unknown> = Promise.resolve();
  const stopBackups = hall.onCommitted((events) => {
    for (const { event } of events) {
      if (event.type === 'day.closed') {
        backups = backups.then(() => backupDay(store, options.dataDir, event.closedDay, logger));
      }
    }
  });
  // A business day that ended while the server was down closes now (and is backed up).
  await hall.rolloverIfDue();
  for (const module of adminModules) await module.start();
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? 'localhost' : shownHost}:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    hall,
    store,
    io: realtime.io,
    seeded,
    close: () => {
      closing ??= (async () => {
        realtime.stop();
        stopBackups();
        for (const module of adminModules) await module.stop();
        await hall.close();
        await backups;
        await new Promise<void>((resolve) => {
          void realtime.io.close(() => resolve());
        });
        await app.close();
        await store.close();
      })();
      return closing;
    },
  };
}
