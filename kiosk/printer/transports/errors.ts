/**
 * Errors every transport throws, so callers (printReceipt, the CLI tools) can tell a printer
 * that is not there from a bad address or a printer that stopped answering.
 */

/**
 * The printer cannot be reached or opened: nothing listening, no such device, a native module
 * or OS tool missing. `offline` is true when the printer itself is absent or unreachable (the
 * kiosk shows "printer offline"), false when this machine lacks what the transport needs.
 */
export class PrinterUnavailableError extends Error {
  override readonly name = 'PrinterUnavailableError';
  readonly offline: boolean;

  constructor(message: string, options: { offline: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.offline = options.offline;
  }
}

/** The printer URL is malformed or names an unknown scheme. */
export class PrinterUrlError extends Error {
  override readonly name = 'PrinterUrlError';
}

/** A reply (or a write) did not complete in time. */
export class PrinterTimeoutError extends Error {
  override readonly name = 'PrinterTimeoutError';
}

/** The transport can only send (an OS spooler, a USB printer without an IN endpoint). */
export class StatusUnsupportedError extends Error {
  override readonly name = 'StatusUnsupportedError';
}

/** A short description of any thrown value, for messages. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
