/**
 * The print relay: a web kiosk on the hall LAN (a plain browser, no Electron) prints its
 * tickets on a network printer through the server. The printer comes from the kiosk's device
 * binding as the admin paired it — never from the request, so nobody can make the server
 * connect to an address of their choosing. The last status of each kiosk's printer is kept in
 * memory for managers; near-end and out-of-paper are logged at warn and reported to the alarm
 * engine (printer paper low / out alarms, cleared when the printer reports paper again).
 *
 * The printer stack (`@hallq/kiosk/printer`: canvas, iconv) is imported on the first print,
 * so a server whose kiosks print themselves never loads it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { kioskTicketReceipt, ticketIdSchema, ticketId as toTicketId } from '@hallq/shared';
import type * as Printer from '@hallq/kiosk/printer';
import { z } from 'zod';
import { hashToken, resolveToken } from './auth.ts';
import { reportPrinterState, type PrinterState } from './alarms.ts';
import { bearerToken, sendError } from './errors.ts';
import type { HallService } from './hall-service.ts';
import type { DeviceRecord, HallStore } from './store.ts';

export interface PrintRelayContext {
  readonly hall: HallService;
  readonly store: HallStore;
  readonly clock: () => number;
}

/** The last print of a kiosk, as `GET /api/v1/devices/printers` lists it. */
export interface PrinterReport {
  readonly deviceId: string;
  readonly name: string;
  readonly printerUrl: string;
  readonly paper: 58 | 80;
  /** The printer's status after the last job (before it, when the job was refused); null = unknown. */
  readonly status: Printer.PrinterStatus | null;
  readonly printed: boolean;
  readonly reason: Printer.PrintFailureReason | null;
  readonly message: string | null;
  /** When the last job ended, ms since epoch. */
  readonly at: number;
  readonly ticketId: string;
}

/** What the relay reads from a device binding; other binding fields are left alone. */
const bindingSchema = z.object({
  printerUrl: z.string().trim().min(1).max(300),
  paper: z.union([z.literal(58), z.literal(80)]).default(80),
  printMaterials: z.boolean().default(false),
  footer: z.string().max(200).nullable().default(null),
  footerEn: z.string().max(200).nullable().default(null),
});

const bodySchema = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Registers `POST /api/v1/print/tickets/:id` and `GET /api/v1/devices/printers`. */
export function registerPrintRelay(app: FastifyInstance, ctx: PrintRelayContext): void {
  const { hall, store, clock } = ctx;
  const reports = new Map<string, PrinterReport>();
  // One job at a time per printer: two kiosks sharing a printer must not interleave bytes.
  const queues = new Map<string, Promise<unknown>>();
  let stack: Promise<typeof Printer> | null = null;
  let rasterizer: Printer.Rasterizer | null = null;

  function printerStack(): Promise<typeof Printer> {
    stack ??= import('@hallq/kiosk/printer');
    return stack;
  }

  function enqueue<T>(printerUrl: string, job: () => Promise<T>): Promise<T> {
    const previous = queues.get(printerUrl) ?? Promise.resolve();
    const next = previous.then(job, job);
    const settled = next.catch(() => undefined);
    queues.set(printerUrl, settled);
    void settled.then(() => {
      if (queues.get(printerUrl) === settled) queues.delete(printerUrl);
    });
    return next;
  }

  /** The paired kiosk behind the request's token, or null after answering 401/403. */
  async function kioskDevice(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<DeviceRecord | null> {
    const token = bearerToken(request);
    const resolved = await resolveToken(store, token, clock());
    if (!resolved.ok || token === undefined) {
      await sendError(reply, {
        code: 'unauthenticated',
        message: 'Printing needs the kiosk’s device token.',
      });
      return null;
    }
    const { actor } = resolved;
    const device =
      actor.kind === 'device' && actor.role === 'kiosk'
        ? await store.findDeviceByToken(hashToken(token))
        : null;
    if (device === null) {
      await sendError(reply, { code: 'forbidden', message: 'Only a paired kiosk prints tickets.' });
      return null;
    }
    return device;
  }

  app.post('/api/v1/print/tickets/:id', async (request, reply) => {
    const device = await kioskDevice(request, reply);
    if (device === null) return reply;
    const binding = bindingSchema.safeParse(device.binding);
    if (!binding.success) {
      return sendError(reply, {
        code: 'wrong_state',
        message: `Kiosk ${device.deviceId} has no printer configured.`,
        details: { reason: 'no_printer' },
      });
    }
    const body = bodySchema.safeParse(request.body ?? {});
    if (!body.success)
      return sendError(reply, { code: 'validation', message: 'lang is zh-CN or en.' });
    const id = ticketIdSchema.safeParse((request.params as { id: string }).id);
    if (!id.success)
      return sendError(reply, {
        code: 'validation',
        message: 'A ticket id looks like 20261124-A001.',
      });
    const info = await hall.ticketInfo(toTicketId(id.data));
    if (info === null)
      return sendError(reply, { code: 'not_found', message: `No ticket ${id.data}.` });
    if (info.ticket.businessDay !== hall.state.day.businessDay) {
      return sendError(reply, {
        code: 'wrong_state',
        message: `Ticket ${id.data} is from another business day.`,
      });
    }

    const doc = kioskTicketReceipt({
      info,
      config: hall.state.config,
      settings: binding.data,
      // The server as the kiosk reached it.
      serverOrigin: `${request.protocol}://${request.host}`,
      lang: body.data.lang,
    });

    const { printerUrl, paper } = binding.data;
    const result: Printer.PrintResult = await enqueue(printerUrl, async () => {
      try {
        const printer = await printerStack();
        rasterizer ??= printer.canvasRasterizer();
        return await printer.printDocument(printerUrl, doc, rasterizer);
      } catch (error) {
        return {
          printed: false,
          reason: 'error',
          status: null,
          message: `打印失败 / Printing failed: ${errorMessage(error)}`,
        } satisfies Printer.PrintResult;
      }
    });

    const report: PrinterReport = {
      deviceId: device.deviceId,
      name: device.name,
      printerUrl,
      paper,
      status: result.status,
      printed: result.printed,
      reason: result.printed ? null : result.reason,
      message: result.printed ? null : result.message,
      at: clock(),
      ticketId: info.ticket.id,
    };
    reports.set(device.deviceId, report);
    // The printer's own status (DLE EOT) feeds the paper alarms of the admin console.
    const paperNow = paperState(result.status);
    if (paperNow !== null) reportPrinterState(hall, device.deviceId, paperNow);
    const where = { deviceId: device.deviceId, printerUrl, ticketId: info.ticket.id };
    if (!result.printed) {
      request.log.warn({ ...where, reason: result.reason, status: result.status }, result.message);
    } else if (result.status.paperNearEnd) {
      request.log.warn(where, 'printer paper near end: replace the roll soon');
    }
    return reply.send({ data: result });
  });

  app.get('/api/v1/devices/printers', async (request, reply) => {
    const resolved = await resolveToken(store, bearerToken(request), clock());
    if (!resolved.ok || resolved.actor.kind === 'anonymous') {
      return sendError(reply, { code: 'unauthenticated', message: 'Sign in as a manager.' });
    }
    const { actor } = resolved;
    if (actor.kind !== 'staff' || (actor.role !== 'admin' && actor.role !== 'manager')) {
      return sendError(reply, { code: 'forbidden', message: 'Only managers see the printers.' });
    }
    const data = [...reports.values()].sort((a, b) => a.deviceId.localeCompare(b.deviceId));
    return reply.send({ data });
  });
}

/**
 * What a printer status says about its paper: out, near end, fine (online without error), or
 * nothing (no answer, offline for another reason) — then the last known state stands.
 */
export function paperState(status: Printer.PrinterStatus | null): PrinterState | null {
  if (status === null) return null;
  if (status.paperOut) return 'paper_out';
  if (status.paperNearEnd) return 'paper_low';
  if (status.online && !status.error && !status.coverOpen) return 'ok';
  return null;
}
