import { PrinterUrlError } from './errors.ts';
import { openSerialTransport } from './serial.ts';
import { openSpoolerTransport } from './spooler.ts';
import { openTcpTransport } from './tcp.ts';
import type { Transport } from './transport.ts';
import { openUsbTransport } from './usb.ts';

export type { Transport } from './transport.ts';
export {
  PrinterTimeoutError,
  PrinterUnavailableError,
  PrinterUrlError,
  StatusUnsupportedError,
} from './errors.ts';

/** A printer URL, parsed. */
export type PrinterAddress =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | {
      readonly kind: 'serial';
      readonly path: string;
      readonly baudRate: number;
      readonly rtscts: boolean;
    }
  | { readonly kind: 'usb'; readonly vendorId: number; readonly productId: number }
  | { readonly kind: 'spooler'; readonly printerName: string };

const EXAMPLES =
  'tcp://192.168.1.50:9100, serial:///dev/ttyUSB0?baud=9600, serial://COM3?baud=9600, ' +
  'usb://0x0416:0x5011 or spooler://PrinterName';

function bad(url: string, why: string): PrinterUrlError {
  return new PrinterUrlError(`Bad printer URL "${url}": ${why}. Examples: ${EXAMPLES}`);
}

/** Parses a printer URL; throws `PrinterUrlError` saying what is wrong and what would work. */
export function parsePrinterUrl(url: string): PrinterAddress {
  const scheme = /^([a-z]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'tcp':
      return parseTcp(url);
    case 'serial':
      return parseSerial(url);
    case 'usb':
      return parseUsb(url);
    case 'spooler':
      return parseSpooler(url);
    case undefined:
      throw bad(url, 'it must start with a scheme such as tcp://');
    default:
      throw bad(url, `unknown scheme "${scheme}://"`);
  }
}

function parseTcp(url: string): PrinterAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad(url, 'it is not a valid URL');
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw bad(url, 'the host is missing');
  if (parsed.pathname !== '' && parsed.pathname !== '/') throw bad(url, 'a tcp URL has no path');
  const port = parsed.port === '' ? 9100 : Number(parsed.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(url, 'the port is invalid');
  return { kind: 'tcp', host, port };
}

function parseSerial(url: string): PrinterAddress {
  const match = /^serial:\/\/([^?#]*)(?:\?([^#]*))?$/i.exec(url);
  const rawPath = decodeURIComponent(match?.[1] ?? '');
  // serial://COM3 (Windows) or serial:///dev/ttyUSB0 (an absolute path after the //).
  const path = /^\/COM\d+$/i.test(rawPath) ? rawPath.slice(1) : rawPath;
  if (path === '' || path === '/') throw bad(url, 'the serial port path is missing');
  if (!path.startsWith('/') && !/^COM\d+$/i.test(path)) {
    throw bad(url, 'the serial port must be an absolute path (serial:///dev/ttyUSB0) or COMn');
  }
  const query = new URLSearchParams(match?.[2] ?? '');
  for (const key of query.keys()) {
    if (key !== 'baud' && key !== 'rtscts') throw bad(url, `unknown option "${key}"`);
  }
  const baudText = query.get('baud') ?? '9600';
  const baudRate = Number(baudText);
  if (!/^\d+$/.test(baudText) || baudRate < 300 || baudRate > 4_000_000) {
    throw bad(url, `baud "${baudText}" is not a baud rate`);
  }
  const rtsctsText = query.get('rtscts') ?? 'false';
  if (rtsctsText !== 'true' && rtsctsText !== 'false')
    throw bad(url, 'rtscts must be true or false');
  return { kind: 'serial', path, baudRate, rtscts: rtsctsText === 'true' };
}

function parseUsb(url: string): PrinterAddress {
  // Vendor and product ids are hexadecimal, as lsusb and Device Manager show them.
  const match = /^usb:\/\/(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})\/?$/i.exec(url);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw bad(url, 'a USB printer is usb://VID:PID with hexadecimal ids, e.g. usb://0x0416:0x5011');
  }
  return { kind: 'usb', vendorId: parseInt(match[1], 16), productId: parseInt(match[2], 16) };
}

function parseSpooler(url: string): PrinterAddress {
  const raw = url.slice('spooler://'.length).replace(/\/$/, '');
  let printerName: string;
  try {
    printerName = decodeURIComponent(raw);
  } catch {
    throw bad(url, 'the printer name is not valid percent-encoding');
  }
  if (printerName === '') throw bad(url, 'the printer (queue) name is missing');
  if (printerName.startsWith('-') || /[/\0]/.test(printerName)) {
    throw bad(url, 'the printer name may not start with "-" or contain "/"');
  }
  return { kind: 'spooler', printerName };
}

/** Options that apply to whichever transport the URL picks. */
export interface OpenOptions {
  readonly connectTimeoutMs?: number;
  readonly writeTimeoutMs?: number;
}

/**
 * Opens the transport a printer URL names. Throws `PrinterUrlError` for a bad URL and
 * `PrinterUnavailableError` when the printer, its device or a native module is missing.
 */
export async function openTransport(url: string, options: OpenOptions = {}): Promise<Transport> {
  const address = parsePrinterUrl(url);
  switch (address.kind) {
    case 'tcp':
      return openTcpTransport(url, address.host, address.port, options);
    case 'serial':
      return openSerialTransport(url, address, options);
    case 'usb':
      return openUsbTransport(url, address.vendorId, address.productId, options);
    case 'spooler':
      return openSpoolerTransport(url, address.printerName);
  }
}
