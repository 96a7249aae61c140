import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/** What the virtual printer reports, and how it answers. */
export interface SimState {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** Send each status reply byte in its own packet, with a delay, like slow serial bridges. */
  splitReplies: boolean;
  /** Never answer status requests: a printer that is switched off behind a live print server. */
  silent: boolean;
}

/** A job the virtual printer finished, and where its preview went. */
export interface SimPreview {
  readonly index: number;
  readonly binPath: string;
  /** null when no decoder is available yet or the job could not be decoded (see `error`). */
  readonly pngPath: string | null;
  readonly error: string | null;
}

/** Options for `startVirtualPrinter`. */
export interface VirtualPrinterOptions {
  /** 0 or absent: any free port. */
  readonly port?: number;
  readonly host?: string;
  readonly state?: Partial<SimState>;
  onJob?(bytes: Uint8Array): void;
  /** When set, each job is written there as job-<n>.bin and, decoded, job-<n>.png. */
  readonly previewDir?: string;
  readonly paper?: 58 | 80;
  onPreview?(preview: SimPreview): void;
}

/** A running virtual printer. */
export interface VirtualPrinter {
  readonly url: string;
  readonly port: number;
  readonly state: Readonly<SimState>;
  setState(partial: Partial<SimState>): void;
  /** Finished jobs, without the status requests that came with them. */
  readonly jobs: Uint8Array[];
  /** Resolves when every preview started so far has been written. */
  previewsWritten(): Promise<void>;
  close(): Promise<void>;
}

const DLE = 0x10;
const EOT = 0x04;
const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const SPLIT_DELAY_MS = 15;

/**
 * Length of the ESC/POS command at `i`, or null when more bytes are needed to know or to
 * complete it. The framing matters because raster and QR payloads may contain any byte:
 * a 0x10 0x04 inside an image is not a status request, and a 0x1d 0x56 is not a cut.
 */
function commandLength(buf: Uint8Array, i: number): number | null {
  const need = (n: number): number | null => (i + n <= buf.length ? n : null);
  const at = (k: number): number | undefined => buf[i + k];
  const first = at(0);
  if (first === DLE || first === ESC || first === FS || first === GS) {
    const op = at(1);
    if (op === undefined) return null;
    if (first === DLE) return op === EOT ? need(3) : need(2);
    if (first === ESC) {
      if (op === 0x2a /* * bit image */) {
        const m = at(2);
        const nL = at(3);
        const nH = at(4);
        if (m === undefined || nL === undefined || nH === undefined) return null;
        return need(5 + (nL + nH * 256) * (m >= 32 ? 3 : 1));
      }
      if (op === 0x70 /* p drawer kick */) return need(5);
      return '@2<'.includes(String.fromCharCode(op)) ? need(2) : need(3);
    }
    if (first === FS) {
      if (op === 0x70 /* p */) return need(4);
      return '&.'.includes(String.fromCharCode(op)) ? need(2) : need(3);
    }
    // GS
    if (op === 0x76 /* v 0 raster */) {
      if (i + 8 > buf.length) return null;
      const widthBytes = (at(4) ?? 0) + (at(5) ?? 0) * 256;
      const height = (at(6) ?? 0) + (at(7) ?? 0) * 256;
      return need(8 + widthBytes * height);
    }
    if (op === 0x28 /* ( function with pL pH */) {
      if (i + 5 > buf.length) return null;
      return need(5 + (at(3) ?? 0) + (at(4) ?? 0) * 256);
    }
    if (op === 0x56 /* V cut */) {
      const m = at(2);
      if (m === undefined) return null;
      return need(m >= 65 ? 4 : 3);
    }
    if (op === 0x4c /* L */ || op === 0x57 /* W */) return need(4);
    return need(3);
  }
  return need(1);
}

function statusByte(state: SimState, n: number): number {
  const base = 0x12;
  const stopped = !state.online || state.coverOpen || state.paperOut;
  switch (n) {
    case 1:
      return base | (stopped ? 0x08 : 0);
    case 2:
      return base | (state.coverOpen ? 0x04 : 0) | (state.paperOut ? 0x20 : 0);
    case 3:
      return base;
    default:
      return base | (state.paperNearEnd || state.paperOut ? 0x0c : 0) | (state.paperOut ? 0x60 : 0);
  }
}

interface Decoder {
  decodeEscPos(bytes: Uint8Array): unknown;
  renderJobPng(job: unknown, paper: 58 | 80): Uint8Array;
}

function isDecoder(value: unknown): value is Decoder {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.decodeEscPos === 'function' && typeof record.renderJobPng === 'function';
}

/**
 * The decoder (decode.ts) is optional for the simulator: without it the raw .bin files are
 * still written. The specifier is a variable so the build does not require the file.
 */
async function loadDecoder(): Promise<Decoder | null> {
  const specifier = './decode.ts';
  try {
    const module: unknown = await import(specifier);
    return isDecoder(module) ? module : null;
  } catch {
    return null;
  }
}

/**
 * Starts a virtual ESC/POS network printer on loopback: answers `DLE EOT 1..4` from its state
 * and records everything else as job bytes; a job ends at `GS V` (cut) or when the connection
 * closes. Used by tests and `npm run printer:sim`.
 */
export async function startVirtualPrinter(
  options: VirtualPrinterOptions = {},
): Promise<VirtualPrinter> {
  const state: SimState = {
    online: true,
    coverOpen: false,
    paperNearEnd: false,
    paperOut: false,
    splitReplies: false,
    silent: false,
    ...options.state,
  };
  const jobs: Uint8Array[] = [];
  const sockets = new Set<net.Socket>();
  let previews: Promise<void> = Promise.resolve();

  function finishJob(job: Uint8Array): void {
    if (job.length === 0) return;
    jobs.push(job);
    const index = jobs.length;
    options.onJob?.(job);
    const dir = options.previewDir;
    if (dir !== undefined) {
      previews = previews
        .then(() => writePreview(dir, index, job))
        .then(
          (preview) => options.onPreview?.(preview),
          () => undefined,
        );
    }
  }

  async function writePreview(dir: string, index: number, job: Uint8Array): Promise<SimPreview> {
    await mkdir(dir, { recursive: true });
    const binPath = path.join(dir, `job-${index}.bin`);
    await writeFile(binPath, job);
    const decoder = await loadDecoder();
    if (decoder === null)
      return { index, binPath, pngPath: null, error: 'decode.ts not available' };
    try {
      const png = decoder.renderJobPng(decoder.decodeEscPos(job), options.paper ?? 80);
      const pngPath = path.join(dir, `job-${index}.png`);
      await writeFile(pngPath, png);
      return { index, binPath, pngPath, error: null };
    } catch (error) {
      return {
        index,
        binPath,
        pngPath: null,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  function handle(socket: net.Socket): void {
    sockets.add(socket);
    socket.setNoDelay(true);
    let pending: Uint8Array = new Uint8Array(0);
    let job: Uint8Array[] = [];
    // Replies go out in order even when split replies are still being trickled out.
    let replying: Promise<void> = Promise.resolve();

    function reply(bytes: number[]): void {
      if (bytes.length === 0) return;
      if (!state.splitReplies) {
        socket.write(Uint8Array.from(bytes));
        return;
      }
      replying = replying.then(async () => {
        for (const b of bytes) {
          await new Promise((resolve) => setTimeout(resolve, SPLIT_DELAY_MS));
          if (!socket.destroyed) socket.write(Uint8Array.of(b));
        }
      });
    }

    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const replies: number[] = [];
      let i = 0;
      for (;;) {
        const length = commandLength(pending, i);
        if (length === null) break;
        const command = pending.subarray(i, i + length);
        i += length;
        if (command[0] === DLE && command[1] === EOT) {
          if (!state.silent) replies.push(statusByte(state, command[2] ?? 0));
          continue;
        }
        job.push(command.slice());
        if (command[0] === GS && command[1] === 0x56) {
          finishJob(new Uint8Array(Buffer.concat(job)));
          job = [];
        }
      }
      pending = pending.slice(i);
      reply(replies);
    });
    socket.on('close', () => {
      sockets.delete(socket);
      job.push(pending);
      finishJob(new Uint8Array(Buffer.concat(job)));
    });
    socket.on('error', () => undefined);
  }

  const server = net.createServer(handle);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    state,
    setState: (partial) => Object.assign(state, partial),
    jobs,
    previewsWritten: () => previews,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          void previews.then(() => resolve());
        });
      }),
  };
}
