import { spawn } from 'node:child_process';
import { PrinterUnavailableError, StatusUnsupportedError } from './errors.ts';
import type { Transport } from './transport.ts';

/**
 * Sends raw ESC/POS to a printer queue of the OS spooler (CUPS `lp -o raw`), for printers
 * that are only reachable through an installed driver. A spooler is one-way: it cannot
 * answer status requests, so `request` rejects with `StatusUnsupportedError`.
 */
export function openSpoolerTransport(
  url: string,
  printerName: string,
  platform: NodeJS.Platform = process.platform,
): Transport {
  if (platform === 'win32') {
    throw new PrinterUnavailableError(
      `spooler://${printerName}: sending raw ESC/POS to a Windows print queue needs the HallQ ` +
        'Electron shell (Node has no raw Windows spooler access); use tcp://, serial:// or usb:// ' +
        'for this printer, or print from the kiosk shell',
      { offline: false },
    );
  }
  return {
    url,
    // Each write is one spooler job: callers send a whole ticket at once.
    write: (bytes) => submitJob(printerName, bytes),
    request: () =>
      Promise.reject(
        new StatusUnsupportedError(
          `spooler://${printerName}: an OS print queue cannot report the printer's status`,
        ),
      ),
    close: () => Promise.resolve(),
  };
}

function submitJob(printerName: string, bytes: Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('lp', ['-d', printerName, '-o', 'raw'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => (stderr += text));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new PrinterUnavailableError(
          error.code === 'ENOENT'
            ? 'The "lp" command was not found: install CUPS (e.g. cups-client) to print through the spooler'
            : `Cannot run lp: ${error.message}`,
          { offline: false, cause: error },
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        reject(
          new PrinterUnavailableError(
            `lp -d ${printerName} failed (exit ${code ?? 'signal'}): ${stderr.trim()}`,
            { offline: true },
          ),
        );
      }
    });
    // EPIPE when lp exits early is reported through 'close' with lp's own message.
    child.stdin.on('error', () => undefined);
    child.stdin.end(Buffer.from(bytes));
  });
}
