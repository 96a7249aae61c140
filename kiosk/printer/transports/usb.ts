import type * as UsbTypes from 'usb';
import type { InEndpoint, OutEndpoint } from 'usb';
import {
  PrinterTimeoutError,
  PrinterUnavailableError,
  StatusUnsupportedError,
  errorText,
} from './errors.ts';
import { ReplyCollector, requestWith, type Transport } from './transport.ts';

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/**
 * Opens a USB printer (printer class, bulk endpoints) with libusb through `usb@2` (tech notes:
 * the old escpos USB adapter breaks with usb@3). The native module is loaded here, not at
 * start-up, so a kiosk without it still prints over the network.
 */
export async function openUsbTransport(
  url: string,
  vendorId: number,
  productId: number,
  options: { writeTimeoutMs?: number } = {},
): Promise<Transport> {
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  const id = `${hex4(vendorId)}:${hex4(productId)}`;
  let usb: typeof UsbTypes;
  try {
    usb = await import('usb');
  } catch (error) {
    throw new PrinterUnavailableError(
      `USB printers need the "usb" native module (libusb), which could not be loaded: ${errorText(error)}`,
      { offline: false, cause: error },
    );
  }
  const device = usb.findByIds(vendorId, productId);
  if (device === undefined) {
    throw new PrinterUnavailableError(
      `No USB printer ${id} is connected (is it plugged in and switched on?)`,
      { offline: true },
    );
  }
  try {
    device.open();
  } catch (error) {
    throw new PrinterUnavailableError(
      `Cannot open USB printer ${id}: ${errorText(error)} (on Linux, a udev rule must give this user access)`,
      { offline: false, cause: error },
    );
  }
  const iface = device.interfaces?.[0];
  if (iface === undefined) {
    device.close();
    throw new PrinterUnavailableError(`USB device ${id} has no interface`, { offline: false });
  }
  try {
    // Linux binds usblp to printers; libusb cannot claim the interface while it is attached.
    if (process.platform === 'linux' && iface.isKernelDriverActive()) iface.detachKernelDriver();
    iface.claim();
  } catch (error) {
    device.close();
    throw new PrinterUnavailableError(`Cannot claim USB printer ${id}: ${errorText(error)}`, {
      offline: false,
      cause: error,
    });
  }
  const bulk = usb.usb.LIBUSB_TRANSFER_TYPE_BULK;
  const out = iface.endpoints.find(
    (e): e is OutEndpoint => e.direction === 'out' && e.transferType === bulk,
  );
  const input = iface.endpoints.find(
    (e): e is InEndpoint => e.direction === 'in' && e.transferType === bulk,
  );
  if (out === undefined) {
    await iface.releaseAsync().catch(() => undefined);
    device.close();
    throw new PrinterUnavailableError(`USB device ${id} has no bulk OUT endpoint`, {
      offline: false,
    });
  }

  const sink: OutEndpoint = out;
  const collector = new ReplyCollector();
  if (input !== undefined) {
    input.on('data', (chunk: Buffer) => collector.push(chunk));
    input.on('error', (error: Error) =>
      collector.fail(new PrinterUnavailableError(errorText(error), { offline: true })),
    );
    input.startPoll(1, 64);
  }

  async function write(bytes: Uint8Array): Promise<void> {
    sink.timeout = writeTimeoutMs;
    try {
      await sink.transferAsync(Buffer.from(bytes));
    } catch (error) {
      if (/TIMEOUT/i.test(errorText(error))) {
        throw new PrinterTimeoutError(
          `The printer did not take the data within ${writeTimeoutMs} ms`,
        );
      }
      throw new PrinterUnavailableError(`USB write failed: ${errorText(error)}`, {
        offline: true,
        cause: error,
      });
    }
  }

  return {
    url,
    write,
    request: (bytes, replyLength, timeoutMs) =>
      input === undefined
        ? Promise.reject(
            new StatusUnsupportedError(
              `USB printer ${id} has no IN endpoint: it cannot report status`,
            ),
          )
        : requestWith(collector, () => write(bytes), replyLength, timeoutMs),
    close: async () => {
      if (input !== undefined) await new Promise<void>((resolve) => input.stopPoll(resolve));
      await iface.releaseAsync().catch(() => undefined);
      device.close();
    },
  };
}
