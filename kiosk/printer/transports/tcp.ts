import net from 'node:net';
import { PrinterTimeoutError, PrinterUnavailableError, errorText } from './errors.ts';
import { ReplyCollector, requestWith, type Transport } from './transport.ts';

/** Options for a raw TCP printer (port 9100, "JetDirect"). */
export interface TcpOptions {
  readonly connectTimeoutMs?: number;
  /** A write that the printer does not drain in time (buffer full, stalled) fails. */
  readonly writeTimeoutMs?: number;
}

/** Connects to a network printer; rejects with `PrinterUnavailableError` when nobody answers. */
export function openTcpTransport(
  url: string,
  host: string,
  port: number,
  options: TcpOptions = {},
): Promise<Transport> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  return new Promise<Transport>((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new PrinterUnavailableError(
          `No answer from the printer at ${host}:${port} within ${connectTimeoutMs} ms`,
          { offline: true },
        ),
      );
    }, connectTimeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new PrinterUnavailableError(
          `Cannot connect to the printer at ${host}:${port}: ${error.message}`,
          { offline: true, cause: error },
        ),
      );
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(tcpTransport(url, socket, writeTimeoutMs));
    });
  });
}

function tcpTransport(url: string, socket: net.Socket, writeTimeoutMs: number): Transport {
  // Status requests are a few bytes; without this Nagle would hold them back.
  socket.setNoDelay(true);
  const collector = new ReplyCollector();
  let closedError: Error | null = null;
  socket.on('data', (chunk: Buffer) => collector.push(chunk));
  socket.on('error', (error) => {
    closedError = new PrinterUnavailableError(`Printer connection failed: ${error.message}`, {
      offline: true,
      cause: error,
    });
    collector.fail(closedError);
  });
  socket.on('close', () => {
    closedError ??= new PrinterUnavailableError('The printer closed the connection', {
      offline: true,
    });
    collector.fail(closedError);
  });

  function write(bytes: Uint8Array): Promise<void> {
    if (closedError !== null) return Promise.reject(closedError);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new PrinterTimeoutError(`The printer did not take the data within ${writeTimeoutMs} ms`),
        );
      }, writeTimeoutMs);
      socket.write(bytes, (error) => {
        clearTimeout(timer);
        if (error) reject(new PrinterUnavailableError(errorText(error), { offline: true }));
        else resolve();
      });
    });
  }

  return {
    url,
    write,
    request: (bytes, replyLength, timeoutMs) =>
      requestWith(collector, () => write(bytes), replyLength, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) {
          resolve();
          return;
        }
        // end() flushes what is queued before the FIN; destroy if the peer never acknowledges.
        const timer = setTimeout(() => socket.destroy(), 2000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.end();
      }),
  };
}
