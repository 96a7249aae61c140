import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../shared/src/receipt/document.ts';
import { concat, cut, encodeReceipt, rasterImage } from './escpos.ts';
import { printReceipt, type PrintResult } from './printer.ts';
import { startVirtualPrinter, type SimState, type VirtualPrinter } from './sim.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const DOC: ReceiptDocument = {
  paper: 58,
  cut: true,
  lines: [
    { kind: 'text', text: '政务服务大厅', align: 'center', width: 2, height: 2, bold: true },
    { kind: 'text', text: 'A012', align: 'center', width: 4, height: 4, bold: true },
    { kind: 'qr', data: 'https://hallq.example/t/A012', moduleSize: 6, align: 'center' },
  ],
};
const JOB = encodeReceipt(DOC);

const printers: VirtualPrinter[] = [];
async function sim(state: Partial<SimState> = {}): Promise<VirtualPrinter> {
  const printer = await startVirtualPrinter({ state });
  printers.push(printer);
  return printer;
}
afterEach(async () => {
  await Promise.all(printers.splice(0).map((p) => p.close()));
});

/** A port on loopback where nothing listens. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function messageOf(result: PrintResult): string {
  return result.printed ? '' : result.message;
}

/** Waits until the sim has seen the connection close (the job list is final then). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

describe('printReceipt over TCP against the virtual printer', () => {
  it('prints when the printer is ok, and the printer receives exactly the job', async () => {
    const printer = await sim();
    const result = await printReceipt(printer.url, JOB);
    expect(result).toEqual({
      printed: true,
      status: {
        online: true,
        coverOpen: false,
        paperNearEnd: false,
        paperOut: false,
        cutterError: false,
        error: false,
      },
    });
    await settle();
    expect(printer.jobs).toHaveLength(1);
    expect(printer.jobs[0]).toEqual(JOB);
  });

  it('a job whose raster data contains status-request and cut bytes arrives intact as one job', async () => {
    const printer = await sim();
    // Image rows that look like DLE EOT 1 and GS V 0: the sim must not take them as commands.
    const image = rasterImage({
      width: 48,
      height: 2,
      data: Uint8Array.of(0x10, 4, 1, 0x1d, 0x56, 0, 0x10, 4, 4, 0x1d, 0x56, 66),
    });
    const job = concat([image, cut()]);
    const result = await printReceipt(printer.url, job);
    expect(result.printed).toBe(true);
    await settle();
    expect(printer.jobs).toEqual([job]);
  });

  it('paper near end still prints, with the alarm in the status', async () => {
    const printer = await sim({ paperNearEnd: true });
    const result = await printReceipt(printer.url, JOB);
    expect(result.printed).toBe(true);
    expect(result.status?.paperNearEnd).toBe(true);
    await settle();
    expect(printer.jobs).toEqual([JOB]);
  });

  it('paper out: not printed, and no job bytes are sent', async () => {
    const printer = await sim({ paperOut: true });
    const result = await printReceipt(printer.url, JOB);
    expect(result).toMatchObject({
      printed: false,
      reason: 'paper_out',
      status: { paperOut: true },
    });
    expect(messageOf(result)).toContain('缺纸');
    await settle();
    expect(printer.jobs).toEqual([]);
  });

  it('cover open: not printed, and no job bytes are sent', async () => {
    const printer = await sim({ coverOpen: true });
    const result = await printReceipt(printer.url, JOB);
    expect(result).toMatchObject({
      printed: false,
      reason: 'cover_open',
      status: { coverOpen: true },
    });
    await settle();
    expect(printer.jobs).toEqual([]);
  });

  it('a printer that answers but reports itself offline is offline', async () => {
    const printer = await sim({ online: false });
    const result = await printReceipt(printer.url, JOB);
    expect(result).toMatchObject({ printed: false, reason: 'offline', status: { online: false } });
    await settle();
    expect(printer.jobs).toEqual([]);
  });

  it('a silent printer is offline within the status timeout, and gets no job', async () => {
    const printer = await sim({ silent: true });
    const started = Date.now();
    const result = await printReceipt(printer.url, JOB, { statusTimeoutMs: 300 });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ printed: false, reason: 'offline' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
    await settle();
    expect(printer.jobs).toEqual([]);
  });

  it('nothing listening is offline, with status null', async () => {
    const port = await deadPort();
    const result = await printReceipt(`tcp://127.0.0.1:${port}`, JOB, { connectTimeoutMs: 1000 });
    expect(result).toMatchObject({ printed: false, reason: 'offline', status: null });
  });

  it('status replies split into one-byte packets with delays are put back together', async () => {
    const printer = await sim({ splitReplies: true, paperNearEnd: true });
    const result = await printReceipt(printer.url, JOB, { statusTimeoutMs: 1000 });
    expect(result).toMatchObject({ printed: true, status: { paperNearEnd: true } });
    await settle();
    expect(printer.jobs).toEqual([JOB]);
  });

  it('paper running out during the job is not reported as printed', async () => {
    const printer = await startVirtualPrinter({
      onJob: () => printer.setState({ paperOut: true }),
    });
    printers.push(printer);
    const result = await printReceipt(printer.url, JOB);
    expect(result).toMatchObject({
      printed: false,
      reason: 'paper_out',
      status: { paperOut: true },
    });
    expect(printer.jobs).toEqual([JOB]);
  });

  it('a reply without the ESC/POS fixed bits is an error, and no job is sent', async () => {
    let received = 0;
    const server = net.createServer((socket) => {
      socket.on('data', (chunk) => {
        received += chunk.length;
        socket.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const result = await printReceipt(`tcp://127.0.0.1:${port}`, JOB);
      expect(result).toMatchObject({ printed: false, reason: 'error', status: null });
      expect(messageOf(result)).toMatch(/DLE EOT 1: 0xff/);
      expect(received).toBe(12);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a bad URL is an error result, not a throw', async () => {
    const result = await printReceipt('lpt://1', JOB);
    expect(result).toMatchObject({ printed: false, reason: 'error', status: null });
    expect(messageOf(result)).toMatch(/unknown scheme "lpt:\/\/"/);
  });

  it('the OS spooler cannot confirm a job, so it is never reported as printed', async () => {
    const result = await printReceipt('spooler://NoSuchQueue', JOB);
    expect(result.printed).toBe(false);
  });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runPrinterTest(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      [path.join(ROOT, 'scripts/printer-test.ts'), ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run printer:test', () => {
  it('exits 0 and the printer receives one cut job when the printer is ok', async () => {
    const printer = await sim();
    const run = await runPrinterTest(['--printer', printer.url, '--paper', '58']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Test ticket printed');
    await settle();
    expect(printer.jobs).toHaveLength(1);
    const job = printer.jobs[0] ?? new Uint8Array();
    expect([...job.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(job[job.length - 4]).toBe(0x1d);
  });

  it('exits non-zero with the paper-out message when out of paper', async () => {
    const printer = await sim({ paperOut: true });
    const run = await runPrinterTest(['--printer', printer.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('打印机缺纸 / The printer is out of paper');
    expect(printer.jobs).toEqual([]);
  });

  it('exits non-zero with a usage message without --printer', async () => {
    const run = await runPrinterTest([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--printer <url>');
  });
});
