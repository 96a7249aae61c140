import { readStatus, type PrinterStatus } from './status.ts';
import {
  PrinterTimeoutError,
  PrinterUnavailableError,
  PrinterUrlError,
  StatusUnsupportedError,
  openTransport,
  type Transport,
} from './transports/index.ts';
import { errorText } from './transports/errors.ts';

/** Why a ticket was not printed. */
export type PrintFailureReason = 'offline' | 'paper_out' | 'cover_open' | 'error';

/**
 * The outcome of one print job. `printed: true` only when the printer reported a good status
 * after the job; a near-end paper roll is printed, with `status.paperNearEnd` as an alarm.
 */
export type PrintResult =
  | { printed: true; status: PrinterStatus }
  | {
      printed: false;
      reason: PrintFailureReason;
      status: PrinterStatus | null;
      /** Plain Chinese + English, for people (kiosk staff, the CLI). */
      message: string;
    };

/** Options for `printReceipt`. */
export interface PrintOptions {
  /** How long each status poll may take before the printer counts as offline. */
  readonly statusTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly writeTimeoutMs?: number;
}

const MESSAGES: Record<PrintFailureReason, string> = {
  offline: '打印机未连接或未开机 / The printer is offline or not reachable',
  paper_out: '打印机缺纸 / The printer is out of paper',
  cover_open: '打印机纸仓盖未关 / The printer cover is open',
  error: '打印机故障 / The printer reported an error',
};

/** The people-facing message for a failure reason, with optional technical detail. */
export function failureMessage(reason: PrintFailureReason, detail?: string): string {
  return detail === undefined ? MESSAGES[reason] : `${MESSAGES[reason]} (${detail})`;
}

/** The most specific reason a printer in `status` cannot print, or null when it can. */
export function statusProblem(status: PrinterStatus): PrintFailureReason | null {
  if (status.coverOpen) return 'cover_open';
  if (status.paperOut) return 'paper_out';
  if (status.cutterError || status.error) return 'error';
  if (!status.online) return 'offline';
  return null;
}

function failed(
  reason: PrintFailureReason,
  status: PrinterStatus | null,
  detail?: string,
): PrintResult {
  return { printed: false, reason, status, message: failureMessage(reason, detail) };
}

function failureFromError(error: unknown, status: PrinterStatus | null): PrintResult {
  if (error instanceof PrinterTimeoutError) return failed('offline', status, error.message);
  if (error instanceof PrinterUrlError) {
    return {
      printed: false,
      reason: 'error',
      status,
      message: `打印机地址无效 / ${error.message}`,
    };
  }
  if (error instanceof PrinterUnavailableError) {
    if (error.offline) return failed('offline', status, error.message);
    // This machine lacks a driver, module or tool: not the printer's fault.
    return {
      printed: false,
      reason: 'error',
      status,
      message: `无法使用打印机 / The printer cannot be used from this machine: ${error.message}`,
    };
  }
  return failed('error', status, errorText(error));
}

/**
 * Prints one job (ESC/POS bytes) on the printer at `url`: checks the status first and refuses
 * to print when the printer is offline, out of paper or its cover is open, sends the job, then
 * checks again so a job that ran out of paper is not reported as printed. Never throws.
 */
export async function printReceipt(
  url: string,
  bytes: Uint8Array,
  options: PrintOptions = {},
): Promise<PrintResult> {
  const statusTimeoutMs = options.statusTimeoutMs ?? 2000;
  let transport: Transport;
  try {
    transport = await openTransport(url, options);
  } catch (error) {
    return failureFromError(error, null);
  }
  try {
    return await printOn(transport, bytes, statusTimeoutMs);
  } finally {
    await transport.close().catch(() => undefined);
  }
}

async function printOn(
  transport: Transport,
  bytes: Uint8Array,
  statusTimeoutMs: number,
): Promise<PrintResult> {
  let before: PrinterStatus;
  try {
    before = await readStatus(transport, statusTimeoutMs);
  } catch (error) {
    if (error instanceof StatusUnsupportedError) return printUnverified(transport, bytes, error);
    return failureFromError(error, null);
  }
  const refused = statusProblem(before);
  if (refused !== null) return failed(refused, before);

  try {
    await transport.write(bytes);
  } catch (error) {
    return failureFromError(error, before);
  }

  let after: PrinterStatus;
  try {
    after = await readStatus(transport, statusTimeoutMs);
  } catch (error) {
    return failureFromError(error, null);
  }
  const problem = statusProblem(after);
  if (problem !== null) {
    return failed(problem, after, 'after the job: the ticket may be missing or incomplete');
  }
  return { printed: true, status: after };
}

/**
 * A transport that cannot read status (an OS spooler): the job is handed over, but since
 * nothing confirms it printed, the result says so rather than claiming a printed ticket.
 */
async function printUnverified(
  transport: Transport,
  bytes: Uint8Array,
  cause: StatusUnsupportedError,
): Promise<PrintResult> {
  try {
    await transport.write(bytes);
  } catch (error) {
    return failureFromError(error, null);
  }
  return {
    printed: false,
    reason: 'error',
    status: null,
    message: `已发送到打印队列，但无法确认是否打印 / Sent to the print queue, but it cannot confirm the ticket printed (${cause.message})`,
  };
}
