import { PrinterTimeoutError } from './transports/errors.ts';
import type { Transport } from './transports/transport.ts';

/**
 * What the printer says about itself, from the four ESC/POS real-time status requests
 * (`DLE EOT 1..4`, Epson ESC/POS reference).
 */
export interface PrinterStatus {
  /** Answered and reports itself online (a printer with its cover open or out of paper is offline). */
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  cutterError: boolean;
  /** An error other than the cutter (unrecoverable, or auto-recoverable such as head overheat). */
  error: boolean;
}

/** `DLE EOT n`: 1 printer, 2 offline cause, 3 error cause, 4 paper roll sensor. */
export type StatusRequest = 1 | 2 | 3 | 4;

/** `DLE EOT 1`. */
export interface PrinterByte {
  readonly offline: boolean;
}
/** `DLE EOT 2`. */
export interface OfflineCauseByte {
  readonly coverOpen: boolean;
  readonly feedButtonPressed: boolean;
  readonly stoppedByPaperEnd: boolean;
  readonly errorOccurred: boolean;
}
/** `DLE EOT 3`. */
export interface ErrorCauseByte {
  readonly cutterError: boolean;
  readonly unrecoverable: boolean;
  readonly autoRecoverable: boolean;
}
/** `DLE EOT 4`. */
export interface PaperSensorByte {
  readonly paperNearEnd: boolean;
  readonly paperOut: boolean;
}

/** What each request's reply byte parses to. */
export interface StatusByteOf {
  1: PrinterByte;
  2: OfflineCauseByte;
  3: ErrorCauseByte;
  4: PaperSensorByte;
}

/** A status reply that does not have the fixed bits every ESC/POS status byte carries. */
export class InvalidStatusReplyError extends Error {
  override readonly name = 'InvalidStatusReplyError';
}

// Bits 1 and 4 are always 1, bits 0 and 7 always 0: anything else is not a status reply
// (noise on a serial line, a printer speaking another protocol).
const FIXED_MASK = 0b1001_0011;
const FIXED_VALUE = 0b0001_0010;

function bit(byte: number, n: number): boolean {
  return (byte & (1 << n)) !== 0;
}

/** Parses the reply byte to `DLE EOT n`; throws `InvalidStatusReplyError` for a malformed byte. */
export function parseStatus<N extends StatusRequest>(n: N, byte: number): StatusByteOf[N];
export function parseStatus(n: StatusRequest, byte: number): StatusByteOf[StatusRequest] {
  if (!Number.isInteger(byte) || byte < 0 || byte > 255 || (byte & FIXED_MASK) !== FIXED_VALUE) {
    throw new InvalidStatusReplyError(
      `Invalid reply to DLE EOT ${n}: 0x${byte.toString(16).padStart(2, '0')} (not an ESC/POS status byte)`,
    );
  }
  switch (n) {
    case 1:
      return { offline: bit(byte, 3) };
    case 2:
      return {
        coverOpen: bit(byte, 2),
        feedButtonPressed: bit(byte, 3),
        stoppedByPaperEnd: bit(byte, 5),
        errorOccurred: bit(byte, 6),
      };
    case 3:
      return {
        cutterError: bit(byte, 3),
        unrecoverable: bit(byte, 5),
        autoRecoverable: bit(byte, 6),
      };
    case 4:
      // The sensor reports each condition on two bits; either one set means the condition.
      return { paperNearEnd: (byte & 0b0000_1100) !== 0, paperOut: (byte & 0b0110_0000) !== 0 };
  }
}

/** The status of a printer that does not answer. */
export const OFFLINE_STATUS: Readonly<PrinterStatus> = Object.freeze({
  online: false,
  coverOpen: false,
  paperNearEnd: false,
  paperOut: false,
  cutterError: false,
  error: false,
});

/** The four status requests, sent in one write: printers answer them in order, one byte each. */
export const STATUS_REQUESTS = Uint8Array.of(
  0x10,
  0x04,
  1,
  0x10,
  0x04,
  2,
  0x10,
  0x04,
  3,
  0x10,
  0x04,
  4,
);

/** Combines the four reply bytes (to `DLE EOT 1..4`, in order) into a `PrinterStatus`. */
export function statusFromReplies(replies: Uint8Array): PrinterStatus {
  const [b1 = -1, b2 = -1, b3 = -1, b4 = -1] = replies;
  const printer = parseStatus(1, b1);
  const cause = parseStatus(2, b2);
  const errors = parseStatus(3, b3);
  const paper = parseStatus(4, b4);
  return {
    online: !printer.offline,
    coverOpen: cause.coverOpen,
    paperNearEnd: paper.paperNearEnd,
    paperOut: paper.paperOut || cause.stoppedByPaperEnd,
    cutterError: errors.cutterError,
    error:
      errors.unrecoverable ||
      errors.autoRecoverable ||
      (cause.errorOccurred && !errors.cutterError),
  };
}

/**
 * Polls `DLE EOT 1..4`. A printer that does not answer all four within `timeoutMs` is offline;
 * a malformed reply throws `InvalidStatusReplyError`; a transport that cannot read (spooler)
 * throws `StatusUnsupportedError`.
 */
export async function readStatus(transport: Transport, timeoutMs: number): Promise<PrinterStatus> {
  let replies: Uint8Array;
  try {
    replies = await transport.request(STATUS_REQUESTS, 4, timeoutMs);
  } catch (error) {
    if (error instanceof PrinterTimeoutError) return { ...OFFLINE_STATUS };
    throw error;
  }
  return statusFromReplies(replies);
}
