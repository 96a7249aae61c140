/**
 * The Electron kiosk prints its own tickets, in the main process (the kiosk page calls
 * `window.hallq.printTicket`): validate the request → read the ticket (GET
 * /api/v1/tickets/{id}), the hall (GET /api/v1/hall) and today's business day (GET
 * /api/v1/health) with the device token → `kioskTicketReceipt` (the same layout the server's
 * print relay prints) → ESC/POS → the binding's printer through `@hallq/kiosk/printer`, with
 * its status checks. One job at a time; every outcome is a `ShellPrintResult`.
 *
 * The printer stack (canvas, iconv, serialport, usb) is loaded on the first print, so a
 * misconfigured native module cannot stop the kiosk from starting.
 */
import {
  kioskTicketReceipt,
  type HallConfig,
  type KioskBinding,
  type TicketInfo,
} from '@hallq/shared';
import type * as Printer from '@hallq/kiosk/printer';
import type {
  ShellPrintFailure,
  ShellPrintResult,
} from '../../../shared/src/client/shell-bridge.ts';
import { z } from 'zod';
import { printTicketRequestSchema, type PrintTicketRequest } from './ipc.ts';

/** What the bridge needs of the printer stack (`@hallq/kiosk/printer`). */
export type PrinterStack = Pick<typeof Printer, 'printDocument' | 'canvasRasterizer'>;

export interface PrinterBridgeOptions {
  /** The hall server's origin. */
  readonly serverUrl: () => string;
  readonly token: () => string;
  /** The kiosk's binding now (it changes when the admin edits the device); null: not a kiosk. */
  readonly binding: () => KioskBinding | null;
  readonly fetch?: typeof globalThis.fetch;
  /** Loads the printer stack (default: `import('@hallq/kiosk/printer')`). */
  readonly loadPrinter?: () => Promise<PrinterStack>;
  readonly printOptions?: Printer.PrintOptions;
  /** How long each request to the server may take (default 5 s). */
  readonly requestTimeoutMs?: number;
}

export interface PrinterBridge {
  /** Prints one ticket; never throws. Jobs run one after the other. */
  printTicket(request: unknown): Promise<ShellPrintResult>;
}

function refused(reason: ShellPrintFailure, message: string): ShellPrintResult {
  return { printed: false, reason, message };
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

class ServerProblem extends Error {}

const healthSchema = z.object({ businessDay: z.string() });

/** Maps the printer stack's result to what the kiosk page receives. */
export function shellPrintResult(result: Printer.PrintResult): ShellPrintResult {
  if (result.printed) return { printed: true, paperNearEnd: result.status.paperNearEnd };
  return { printed: false, reason: result.reason, message: result.message };
}

/**
 * The printer state a print result shows, as `POST /api/v1/device/status` takes it: the
 * server raises (and clears) the paper-low and paper-out alarms of the admin console from it.
 */
export function printerStateOf(
  result: ShellPrintResult,
): 'ok' | 'paper_low' | 'paper_out' | 'offline' | 'error' | null {
  if (result.printed) return result.paperNearEnd ? 'paper_low' : 'ok';
  switch (result.reason) {
    case 'paper_out':
      return 'paper_out';
    case 'offline':
      return 'offline';
    case 'cover_open':
      return 'error';
    case 'error':
    case 'no_printer':
      // Not known to be the printer (no printer bound, a server or request problem).
      return null;
  }
}

/** The kiosk's printer in the main process. */
export function createPrinterBridge(options: PrinterBridgeOptions): PrinterBridge {
  const fetcher = options.fetch ?? globalThis.fetch;
  const loadPrinter =
    options.loadPrinter ?? ((): Promise<PrinterStack> => import('@hallq/kiosk/printer'));
  let stack: Promise<PrinterStack> | null = null;
  let rasterizer: Printer.Rasterizer | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function getJson(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetcher(`${options.serverUrl()}${path}`, {
        headers: { accept: 'application/json', authorization: `Bearer ${options.token()}` },
        signal: AbortSignal.timeout(options.requestTimeoutMs ?? 5000),
        redirect: 'error',
      });
    } catch (error) {
      throw new ServerProblem(
        `连不上服务器，无法读取号票 / Cannot reach the hall server to read the ticket (${errorText(error)})`,
      );
    }
    if (response.status === 401) {
      throw new ServerProblem(
        '本设备未获授权（可能已被停用），请联系管理员 / This device is not authorised (it may have been revoked); call the admin',
      );
    }
    if (response.status === 404) {
      throw new ServerProblem('服务器上没有这张号票 / The server has no such ticket');
    }
    if (!response.ok) {
      throw new ServerProblem(
        `服务器出错（${response.status}） / The server answered ${response.status}`,
      );
    }
    const body = (await response.json().catch(() => null)) as { data?: unknown } | null;
    return body !== null && typeof body === 'object' && 'data' in body ? body.data : body;
  }

  async function job(
    request: PrintTicketRequest,
    binding: KioskBinding & { printerUrl: string },
  ): Promise<ShellPrintResult> {
    let info: TicketInfo;
    let config: HallConfig;
    let businessDay: string;
    try {
      const [ticketData, hallData, health] = await Promise.all([
        getJson(`/api/v1/tickets/${encodeURIComponent(request.ticketId)}`),
        getJson('/api/v1/hall'),
        getJson('/api/v1/health'),
      ]);
      // The server's own REST shapes (shared types); only what the layout reads is checked.
      info = ticketData as TicketInfo;
      config = hallData as HallConfig;
      if (info.ticket.id !== request.ticketId || typeof config.hall.timeZone !== 'string') {
        throw new ServerProblem('服务器的回复不对 / The server sent an unexpected reply');
      }
      businessDay = healthSchema.parse(health).businessDay;
    } catch (error) {
      if (error instanceof ServerProblem) return refused('error', error.message);
      return refused(
        'error',
        `服务器的回复不对 / The server sent an unexpected reply (${errorText(error)})`,
      );
    }
    if (info.ticket.businessDay !== businessDay) {
      return refused(
        'error',
        `号票 ${request.ticketId} 不是今天的，不能补打 / Ticket ${request.ticketId} is from another day and is not printed`,
      );
    }
    const doc = kioskTicketReceipt({
      info,
      config,
      settings: binding,
      serverOrigin: options.serverUrl(),
      lang: request.lang,
    });
    let printer: PrinterStack;
    try {
      stack ??= loadPrinter();
      printer = await stack;
      rasterizer ??= printer.canvasRasterizer();
    } catch (error) {
      stack = null;
      return refused(
        'error',
        `本机无法加载打印模块 / The printer modules cannot be loaded on this machine (${errorText(error)})`,
      );
    }
    const result = shellPrintResult(
      await printer.printDocument(binding.printerUrl, doc, rasterizer, options.printOptions),
    );
    await reportPrinter(result);
    return result;
  }

  /** Tells the server what the printer showed; a failure here never fails the print. */
  async function reportPrinter(result: ShellPrintResult): Promise<void> {
    const state = printerStateOf(result);
    if (state === null) return;
    try {
      await fetcher(`${options.serverUrl()}/api/v1/device/status`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${options.token()}`,
        },
        body: JSON.stringify(
          result.printed
            ? { printer: state }
            : { printer: state, detail: result.message.slice(0, 200) },
        ),
        signal: AbortSignal.timeout(options.requestTimeoutMs ?? 5000),
        redirect: 'error',
      });
    } catch {
      // The next print reports again; the alarm engine also sees the device go offline.
    }
  }

  return {
    printTicket(raw) {
      const request = printTicketRequestSchema.safeParse(raw);
      if (!request.success) {
        return Promise.resolve(
          refused(
            'error',
            '打印请求无效 / Invalid print request: ticketId like 20261124-A001, lang zh-CN or en',
          ),
        );
      }
      const binding = options.binding();
      if (binding === null || binding.printerUrl === null) {
        return Promise.resolve(
          refused(
            'no_printer',
            '本机没有配置打印机，请管理员在“设备管理”中设置打印机地址 / No printer is set for this kiosk; ask the admin to set its printer under Devices',
          ),
        );
      }
      const bound = { ...binding, printerUrl: binding.printerUrl };
      const run = (): Promise<ShellPrintResult> =>
        job(request.data, bound).catch((error: unknown) =>
          refused('error', `打印失败 / Printing failed: ${errorText(error)}`),
        );
      const next = queue.then(run, run);
      queue = next;
      return next;
    },
  };
}
