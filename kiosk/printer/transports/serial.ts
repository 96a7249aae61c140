import type { SerialPort as SerialPortClass } from 'serialport';
import { PrinterTimeoutError, PrinterUnavailableError, errorText } from './errors.ts';
import { ReplyCollector, requestWith, type Transport } from './transport.ts';

/** Where and how to open a serial (RS-232 or USB-serial) printer. */
export interface SerialAddress {
  readonly path: string;
  readonly baudRate: number;
  /** Hardware flow control; many printers need it at higher baud rates to avoid overruns. */
  readonly rtscts: boolean;
}

/**
 * Opens a serial printer. `serialport` is a native module, so it is loaded here and not at
 * start-up: a kiosk with a network printer keeps working when the binding is missing.
 */
export async function openSerialTransport(
  url: string,
  address: SerialAddress,
  options: { writeTimeoutMs?: number } = {},
): Promise<Transport> {
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  let SerialPort: typeof SerialPortClass;
  try {
    ({ SerialPort } = await import('serialport'));
  } catch (error) {
    throw new PrinterUnavailableError(
      `Serial printers need the "serialport" native module, which could not be loaded: ${errorText(error)}`,
      { offline: false, cause: error },
    );
  }
  const port = new SerialPort({
    path: address.path,
    baudRate: address.baudRate,
    rtscts: address.rtscts,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => {
    port.open((error) => {
      if (error) {
        reject(
          new PrinterUnavailableError(`Cannot open ${address.path}: ${error.message}`, {
            offline: true,
            cause: error,
          }),
        );
      } else resolve();
    });
  });

  const collector = new ReplyCollector();
  port.on('data', (chunk: Buffer) => collector.push(chunk));
  port.on('error', (error: Error) =>
    collector.fail(new PrinterUnavailableError(errorText(error), { offline: true })),
  );
  port.on('close', () =>
    collector.fail(new PrinterUnavailableError(`${address.path} was closed`, { offline: true })),
  );

  function write(bytes: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new PrinterTimeoutError(`The printer did not take the data within ${writeTimeoutMs} ms`),
        );
      }, writeTimeoutMs);
      port.write(Buffer.from(bytes));
      // drain waits until the OS has sent the bytes, so a later status poll follows the job.
      port.drain((error) => {
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
        if (!port.isOpen) {
          resolve();
          return;
        }
        port.close(() => resolve());
      }),
  };
}
