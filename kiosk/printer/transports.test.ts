import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readStatus } from './status.ts';
import { startVirtualPrinter } from './sim.ts';
import {
  PrinterTimeoutError,
  PrinterUnavailableError,
  PrinterUrlError,
  StatusUnsupportedError,
  openTransport,
  parsePrinterUrl,
} from './transports/index.ts';
import { openSpoolerTransport } from './transports/spooler.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A raw TCP server on loopback whose connection handler the test writes. */
async function rawServer(onConnection: (socket: net.Socket) => void): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  );
  const address = server.address();
  return `tcp://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `bytes` one per packet, `ms` apart. */
function trickle(socket: net.Socket, bytes: readonly number[], ms: number): void {
  void (async () => {
    for (const byte of bytes) {
      await delay(ms);
      if (!socket.destroyed) socket.write(Uint8Array.of(byte));
    }
  })();
}

describe('parsePrinterUrl', () => {
  it('parses every supported scheme', () => {
    expect(parsePrinterUrl('tcp://192.168.1.50:9100')).toEqual({
      kind: 'tcp',
      host: '192.168.1.50',
      port: 9100,
    });
    expect(parsePrinterUrl('tcp://printer.local')).toEqual({
      kind: 'tcp',
      host: 'printer.local',
      port: 9100,
    });
    expect(parsePrinterUrl('tcp://[::1]:9101')).toEqual({ kind: 'tcp', host: '::1', port: 9101 });
    expect(parsePrinterUrl('serial:///dev/ttyUSB0?baud=19200')).toEqual({
      kind: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 19200,
      rtscts: false,
    });
    expect(parsePrinterUrl('serial:///dev/ttyS0')).toMatchObject({
      path: '/dev/ttyS0',
      baudRate: 9600,
    });
    expect(parsePrinterUrl('serial://COM3?baud=115200&rtscts=true')).toEqual({
      kind: 'serial',
      path: 'COM3',
      baudRate: 115200,
      rtscts: true,
    });
    expect(parsePrinterUrl('usb://0x0416:0x5011')).toEqual({
      kind: 'usb',
      vendorId: 0x0416,
      productId: 0x5011,
    });
    expect(parsePrinterUrl('usb://04b8:0e15')).toEqual({
      kind: 'usb',
      vendorId: 0x04b8,
      productId: 0x0e15,
    });
    expect(parsePrinterUrl('spooler://EPSON_TM_T20')).toEqual({
      kind: 'spooler',
      printerName: 'EPSON_TM_T20',
    });
    expect(parsePrinterUrl('spooler://Front%20Desk')).toEqual({
      kind: 'spooler',
      printerName: 'Front Desk',
    });
  });

  it.each([
    ['192.168.1.50:9100', /must start with a scheme/],
    ['', /must start with a scheme/],
    ['http://printer', /unknown scheme "http:\/\/"/],
    ['tcp://', /not a valid URL|host is missing/],
    ['tcp://host:99999', /not a valid URL|port is invalid/],
    ['tcp://host:9100/queue', /no path/],
    ['serial://', /path is missing/],
    ['serial://ttyUSB0', /absolute path/],
    ['serial:///dev/ttyUSB0?baud=fast', /baud "fast"/],
    ['serial:///dev/ttyUSB0?speed=9600', /unknown option "speed"/],
    ['usb://epson', /usb:\/\/VID:PID/],
    ['usb://0x0416', /usb:\/\/VID:PID/],
    ['usb://0x0416:0x5011:2', /usb:\/\/VID:PID/],
    ['spooler://', /name is missing/],
    ['spooler://-o', /may not start with "-"/],
  ])('%j is rejected clearly', (url, why) => {
    let error: unknown;
    try {
      parsePrinterUrl(url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PrinterUrlError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toContain('Examples: tcp://');
  });

  it('openTransport rejects a bad URL before touching any device', async () => {
    await expect(openTransport('usb://nope')).rejects.toBeInstanceOf(PrinterUrlError);
  });
});

describe('TCP transport', () => {
  it('assembles a reply that arrives one byte per packet', async () => {
    const url = await rawServer((socket) => {
      socket.once('data', () => trickle(socket, [0x12, 0x16, 0x12, 0x1e], 20));
    });
    const transport = await openTransport(url);
    cleanups.push(() => transport.close());
    const reply = await transport.request(Uint8Array.of(0x10, 4, 1), 4, 1000);
    expect([...reply]).toEqual([0x12, 0x16, 0x12, 0x1e]);
  });

  it('times out, and a late reply is not taken as the answer to the next request', async () => {
    let requests = 0;
    const url = await rawServer((socket) => {
      socket.on('data', () => {
        requests += 1;
        // The first answer comes after the client gave up; the second in time.
        if (requests === 1) trickle(socket, [0xaa], 150);
        else socket.write(Uint8Array.of(0xbb));
      });
    });
    const transport = await openTransport(url);
    cleanups.push(() => transport.close());
    await expect(transport.request(Uint8Array.of(1), 1, 50)).rejects.toBeInstanceOf(
      PrinterTimeoutError,
    );
    await delay(200);
    expect([...(await transport.request(Uint8Array.of(2), 1, 500))]).toEqual([0xbb]);
  });

  it('a connection the printer closes fails the waiting request at once', async () => {
    const url = await rawServer((socket) => socket.once('data', () => socket.destroy()));
    const transport = await openTransport(url);
    cleanups.push(() => transport.close());
    const started = Date.now();
    await expect(transport.request(Uint8Array.of(1), 1, 5000)).rejects.toBeInstanceOf(
      PrinterUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('nothing listening is a PrinterUnavailableError (offline)', async () => {
    const url = await rawServer(() => undefined);
    const port = Number(url.split(':').pop());
    // Close the server again: the port is then free and nothing listens on it.
    await cleanups.pop()?.();
    const error: unknown = await openTransport(`tcp://127.0.0.1:${port}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterUnavailableError);
    expect((error as PrinterUnavailableError).offline).toBe(true);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it('the virtual printer answers status requests that arrive one byte at a time', async () => {
    const printer = await startVirtualPrinter({ state: { paperNearEnd: true } });
    cleanups.push(() => printer.close());
    const reply = await new Promise<number[]>((resolve, reject) => {
      const socket = net.connect(printer.port, '127.0.0.1');
      socket.setNoDelay(true);
      const got: number[] = [];
      socket.on('data', (chunk) => {
        got.push(...chunk);
        if (got.length === 2) {
          socket.destroy();
          resolve(got);
        }
      });
      socket.on('error', reject);
      socket.on('connect', () => trickle(socket, [0x10, 4, 1, 0x10, 4, 4], 10));
    });
    expect(reply).toEqual([0x12, 0x1e]);
  });

  it('readStatus reads the virtual printer through the TCP transport', async () => {
    const printer = await startVirtualPrinter({ state: { coverOpen: true } });
    cleanups.push(() => printer.close());
    const transport = await openTransport(printer.url);
    cleanups.push(() => transport.close());
    expect(await readStatus(transport, 1000)).toEqual({
      online: false,
      coverOpen: true,
      paperNearEnd: false,
      paperOut: false,
      cutterError: false,
      error: false,
    });
  });
});

describe('USB transport', () => {
  it('with no such device, a clear PrinterUnavailableError rather than a crash', async () => {
    const error: unknown = await openTransport('usb://0xfffe:0xfffd').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterUnavailableError);
    // Either no device (offline) or, on a machine without libusb, the module could not load.
    expect((error as Error).message).toMatch(/fffe:fffd is connected|"usb" native module/);
  });
});

describe('spooler transport', () => {
  it('explains on Windows that a raw spooler needs the Electron shell', () => {
    expect(() => openSpoolerTransport('spooler://POS-80', 'POS-80', 'win32')).toThrow(
      /needs the HallQ Electron shell/,
    );
  });

  it('cannot read status', async () => {
    const transport = openSpoolerTransport('spooler://POS-80', 'POS-80', 'linux');
    await expect(transport.request(Uint8Array.of(0x10, 4, 1), 1, 100)).rejects.toBeInstanceOf(
      StatusUnsupportedError,
    );
  });

  const hasLp = spawnSync('lp', ['-h']).error === undefined;
  it.skipIf(hasLp)(
    'without CUPS, writing says that lp is missing (lp is not installed here)',
    async () => {
      const transport = openSpoolerTransport('spooler://POS-80', 'POS-80', 'linux');
      await expect(transport.write(Uint8Array.of(0x1b, 0x40))).rejects.toThrow(
        /"lp" command was not found/,
      );
    },
  );
});

const hasSocat = spawnSync('socat', ['-V']).error === undefined;

describe('serial transport', () => {
  it.skipIf(!hasSocat)(
    'reads status over a pty pair made by socat (skipped: socat is not installed)',
    async () => {
      const { SerialPort } = await import('serialport');
      const socat: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0']);
      cleanups.push(async () => socat.kill());
      const ptys = await new Promise<string[]>((resolve, reject) => {
        const found: string[] = [];
        socat.stderr?.on('data', (chunk: Buffer) => {
          for (const match of chunk.toString().matchAll(/PTY is (\S+)/g)) {
            if (match[1] !== undefined) found.push(match[1]);
          }
          if (found.length === 2) resolve(found);
        });
        socat.on('error', reject);
      });
      const [kioskSide = '', printerSide = ''] = ptys;
      // The printer end: answers each DLE EOT n, one byte per write.
      const printerPort = new SerialPort({ path: printerSide, baudRate: 9600 });
      cleanups.push(() => new Promise((resolve) => printerPort.close(resolve)));
      let pending: number[] = [];
      printerPort.on('data', (chunk: Buffer) => {
        pending.push(...chunk);
        while (pending.length >= 3) {
          const n = pending[2];
          pending = pending.slice(3);
          printerPort.write(Uint8Array.of(n === 4 ? 0x1e : 0x12));
        }
      });
      const transport = await openTransport(`serial://${kioskSide}?baud=9600`);
      cleanups.push(() => transport.close());
      expect(await readStatus(transport, 2000)).toMatchObject({ online: true, paperNearEnd: true });
    },
  );

  it('a missing serial device is a PrinterUnavailableError', async () => {
    const error: unknown = await openTransport('serial:///dev/ttyHALLQ-none').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PrinterUnavailableError);
    expect((error as Error).message).toMatch(/ttyHALLQ-none|"serialport" native module/);
  });
});
