import { PrinterTimeoutError } from './errors.ts';

/**
 * One connection to a printer. Every implementation (TCP, serial, USB, spooler) sits behind
 * this interface; `openTransport` picks one from the printer URL.
 */
export interface Transport {
  readonly url: string;
  /** Resolves once the bytes have been handed to the OS (not when they are printed). */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Sends `bytes` and resolves with exactly `replyLength` bytes, however many packets they
   * arrive in; rejects with `PrinterTimeoutError` after `timeoutMs`.
   */
  request(bytes: Uint8Array, replyLength: number, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

interface Waiter {
  readonly length: number;
  readonly resolve: (bytes: Uint8Array) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Collects bytes from a stream-like source for `Transport.request`. Bytes that arrive while
 * no request waits (late replies to a request that timed out, automatic status back) are
 * dropped, so they can never be mistaken for the answer to the next request.
 */
export class ReplyCollector {
  #buffered: number[] = [];
  #waiter: Waiter | null = null;

  /** Feeds bytes read from the printer. */
  push(chunk: Uint8Array): void {
    if (this.#waiter === null) return;
    this.#buffered.push(...chunk);
    this.#settle();
  }

  /**
   * Starts waiting for `length` bytes; call before sending the request so a fast reply is
   * not dropped. Only one request may wait at a time.
   */
  expect(length: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.#waiter !== null) {
      return Promise.reject(new Error('A printer request is already waiting for its reply'));
    }
    this.#buffered = [];
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        const got = this.#buffered.length;
        this.#waiter = null;
        this.#buffered = [];
        reject(
          new PrinterTimeoutError(
            `The printer did not answer within ${timeoutMs} ms (${got} of ${length} bytes)`,
          ),
        );
      }, timeoutMs);
      this.#waiter = { length, resolve, reject, timer };
      this.#settle();
    });
  }

  /** Fails the waiting request, e.g. when the connection drops. */
  fail(error: Error): void {
    const waiter = this.#waiter;
    if (waiter === null) return;
    clearTimeout(waiter.timer);
    this.#waiter = null;
    this.#buffered = [];
    waiter.reject(error);
  }

  #settle(): void {
    const waiter = this.#waiter;
    if (waiter === null || this.#buffered.length < waiter.length) return;
    clearTimeout(waiter.timer);
    this.#waiter = null;
    const reply = Uint8Array.from(this.#buffered.slice(0, waiter.length));
    this.#buffered = [];
    waiter.resolve(reply);
  }
}

/** Runs `send`, then waits for the reply collected by `collector`. */
export async function requestWith(
  collector: ReplyCollector,
  send: () => Promise<void>,
  replyLength: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  const reply = collector.expect(replyLength, timeoutMs);
  try {
    await send();
  } catch (error) {
    collector.fail(error instanceof Error ? error : new Error(String(error)));
  }
  return reply;
}
