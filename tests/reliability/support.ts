/**
 * Helpers of the reliability suites (crash, cut-off, fuzz, unauthorised): a loopback TCP
 * proxy that can cut or hold client connections, the hall server as a child process (to be
 * SIGKILLed), the real `HallClient` observed from a test, and a seeded random source.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { LoggedEvent } from '@hallq/shared';
import {
  HallClient,
  type ConnectionState,
  type ViewChange,
} from '../../shared/src/client/hall-client.ts';
import type { HallView } from '../../shared/src/protocol/view.ts';
import { deriveSeed, xoshiro128ss } from '../../shared/src/sim/prng.ts';
import { liveCalls, type LiveCall } from '../../display/src/use-hall.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

const sleepFor = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
export { sleepFor as sleep };

/** Polls `predicate` until it holds; throws with `what` after `timeoutMs`. */
export async function until(
  predicate: () => boolean,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await sleepFor(5);
  }
}

// ─── A seeded random source ─────────────────────────────────────────────────────────────────

/** Deterministic random choices for the suites (xoshiro128**, seeded). */
export class Random {
  private readonly next32: () => number;

  constructor(seed: number) {
    this.next32 = xoshiro128ss(
      deriveSeed(seed, 0),
      deriveSeed(seed, 1),
      deriveSeed(seed, 2),
      deriveSeed(seed, 3) | 1,
    );
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next32() / 4_294_967_296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  text(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[this.int(0, alphabet.length - 1)] ?? 'x';
    return out;
  }
}

// ─── A loopback TCP proxy ───────────────────────────────────────────────────────────────────

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
}

/**
 * Forwards connections from its own port to a target (the hall server). `cut()` drops every
 * connection and refuses new ones until `restore()` (a network cut); with no target, new
 * connections are held until one is set (a server restarting behind a stable address).
 */
export class TcpProxy {
  private target: { host: string; port: number } | null = null;
  private isCut = false;
  private readonly links = new Set<Link>();
  private readonly held: Socket[] = [];
  /** Connections accepted so far (reconnection attempts included). */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: string | null = null): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = createServer((client) => {
      proxy?.accept(client);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy: no port');
    proxy = new TcpProxy(server, address.port);
    proxy.setTarget(target);
    return proxy;
  }

  /** The proxy's own URL, for clients. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Points the proxy at `url` (http://host:port); null holds new connections. */
  setTarget(url: string | null): void {
    if (url === null) {
      this.target = null;
      return;
    }
    const parsed = new URL(url);
    this.target = { host: parsed.hostname, port: Number(parsed.port) };
    for (const client of this.held.splice(0)) {
      if (!client.destroyed) this.link(client);
    }
  }

  /** Drops every live connection and refuses new ones (the client sees a network error). */
  cut(): void {
    this.isCut = true;
    for (const client of this.held.splice(0)) client.destroy();
    for (const { client, upstream } of this.links) {
      client.destroy();
      upstream.destroy();
    }
    this.links.clear();
  }

  /** Ends a cut: new connections go through again. */
  restore(): void {
    this.isCut = false;
  }

  /** Live connections through the proxy. */
  get connections(): number {
    return this.links.size;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    client.on('error', () => undefined);
    if (this.isCut) {
      client.destroy();
      return;
    }
    if (this.target === null) {
      client.pause();
      this.held.push(client);
      return;
    }
    this.link(client);
  }

  private link(client: Socket): void {
    const target = this.target;
    if (target === null) throw new Error('proxy: no target');
    const upstream = connect(target.port, target.host);
    const link: Link = { client, upstream };
    this.links.add(link);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      this.links.delete(link);
    };
    upstream.on('error', drop);
    client.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  }
}

// ─── The hall server as a child process ─────────────────────────────────────────────────────

/**
 * Bundles `server/src/main.ts` (the `npm start` entry) with esbuild into a temp folder, so a
 * child starts in well under a second instead of compiling TypeScript each time; packages
 * stay external and load from the repository's node_modules. Returns the entry file and a
 * cleanup function.
 */
export async function bundleServer(): Promise<{ entry: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-server-bundle-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const entry = join(dir, 'server.mjs');
  await build({
    entryPoints: [join(ROOT, 'server/src/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: entry,
    logLevel: 'silent',
    // Static folders are found from the source location, as when run from source.
    define: { 'import.meta.dirname': JSON.stringify(join(ROOT, 'server/src')) },
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          // The workspace's own TypeScript is bundled; every other package stays external.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@hallq/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return { entry, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<void>;
}

const children = new Set<ChildProcess>();

/** Starts the server entry on a random port over `dataDir`; resolves once it listens. */
export function startChild(entry: string, dataDir: string): Promise<ChildServer> {
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<void>((done) => {
    child.once('exit', () => {
      children.delete(child);
      done();
    });
  });
  return new Promise((resolveStart, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 20 s: ${out} ${err}`));
    }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Hall\s+(http:\/\/\S+?)\/\s/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolveStart({ child, url: match[1], exited });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening: ${out} ${err}`));
    });
  });
}

/** SIGKILL: no shutdown code runs. */
export async function killHard(server: ChildServer): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** SIGTERM: the server closes cleanly. */
export async function stopGracefully(server: ChildServer): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

/** Kills every child still running (afterAll). */
export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
}

// ─── The real hall client, observed ─────────────────────────────────────────────────────────

/** One `onView` call of a client. */
export interface ObservedChange {
  readonly kind: ViewChange['kind'];
  readonly seqs: readonly number[];
  /** What the display would announce for this change (`liveCalls`). */
  readonly announced: readonly LiveCall[];
}

/**
 * The shared `HallClient` (the one the kiosk, screens and counter use) run under Node, with
 * every view change, every event it applied, and what a display would announce recorded.
 */
export class ObservedClient {
  readonly client: HallClient;
  readonly changes: ObservedChange[] = [];
  /** Every event applied to the view, by seq (live or resync). */
  readonly applied = new Map<number, LoggedEvent>();
  state: ConnectionState = 'connecting';
  /** How many times the client came online (first connect included). */
  onlineCount = 0;

  constructor(
    readonly name: string,
    url: string,
    readonly rooms: readonly string[],
    token: string | null = null,
  ) {
    this.client = new HallClient({
      url,
      token,
      rooms,
      onView: (view, change) => {
        for (const event of change.events) this.applied.set(event.seq, event);
        this.changes.push({
          kind: change.kind,
          seqs: change.events.map((e) => e.seq),
          announced: liveCalls(view, change),
        });
      },
      onState: (state) => {
        this.state = state;
        if (state === 'online') this.onlineCount += 1;
      },
    });
  }

  get view(): HallView | null {
    return this.client.view;
  }

  /** The seq the client has applied (0 before its first snapshot). */
  get seq(): number {
    return this.client.view?.seq ?? 0;
  }

  /** Resolves once the client has come online more than `count` times. */
  onlineAfter(count: number, timeoutMs = 15_000): Promise<void> {
    return until(
      () => this.onlineCount > count && this.state === 'online',
      `${this.name} to come online`,
      timeoutMs,
    );
  }

  /** Every call the display logic announced, in order. */
  announced(): LiveCall[] {
    return this.changes.flatMap((c) => c.announced);
  }

  close(): void {
    this.client.close();
  }
}
