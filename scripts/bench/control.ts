/**
 * The parent's side of a benchmark child (`child.ts`): fork it under tsx, send requests over
 * IPC and await their replies.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ChildRequest =
  | {
      readonly op: 'hall';
      readonly dataDir: string;
      readonly port: number;
      readonly clockOffset: number;
    }
  | { readonly op: 'bare'; readonly dir: string }
  | { readonly op: 'payloads'; readonly reply: unknown; readonly event: unknown }
  | { readonly op: 'txns'; readonly count: number }
  | { readonly op: 'txnRate'; readonly ms: number }
  | { readonly op: 'storeRate'; readonly dir: string; readonly ms: number }
  | { readonly op: 'seq' }
  | { readonly op: 'rss' }
  | { readonly op: 'pickNext'; readonly windowId: number; readonly runs: number }
  | { readonly op: 'stop' };

export type ChildReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** A request to a fan-out worker thread (`screens-worker.ts`). */
export type WorkerRequest =
  | {
      readonly op: 'connect';
      readonly url: string;
      /** One entry per socket: its rooms (hall server), or null (bare server: no rooms). */
      readonly rooms: readonly (readonly string[] | null)[];
      readonly after: number;
    }
  | { readonly op: 'expect'; readonly kind: Kind; readonly count: number }
  | { readonly op: 'sample' }
  | { readonly op: 'close' };

/** What a fan-out round waits for: a call, a completion, or (bare server) any event. */
export type Kind = 'called' | 'completed' | 'any';

export interface WorkerReply {
  readonly id: number;
  readonly value: unknown;
  readonly error?: string;
}

/** Milliseconds on the process-wide monotonic clock (the same in every thread). */
export function clockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export interface Child {
  readonly pid: number;
  /** Sends a request; resolves with the child's value (typed by the caller). */
  request<T>(request: ChildRequest): Promise<T>;
  /** Stops the servers and waits for the process to end. */
  stop(): Promise<void>;
  /** Ends the process now (SIGKILL). */
  kill(): void;
}

/** When set (`--cpu-prof DIR`), every child writes a V8 CPU profile there. */
let profileDir: string | null = null;

export function profileChildren(dir: string): void {
  profileDir = dir;
}

/** Forks a child and waits until its modules are loaded. */
export function spawnChild(): Promise<Child> {
  const proc: ChildProcess = fork(CHILD, [], {
    execArgv: [
      '--import',
      'tsx',
      ...(profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => {
      for (const { reject: fail } of pending.values()) {
        fail(new Error(`bench child exited (${String(code)})`));
      }
      pending.clear();
      reject(new Error(`bench child exited before it loaded (${String(code)})`));
    });
    proc.on('message', (message: ChildReply) => {
      if (message.id === 0) {
        resolve(child);
        return;
      }
      const waiter = pending.get(message.id);
      if (waiter === undefined) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`bench child: ${message.error}`));
    });
    const child: Child = {
      pid: proc.pid ?? -1,
      request<T>(request: ChildRequest): Promise<T> {
        const id = nextId++;
        return new Promise<T>((ok, fail) => {
          pending.set(id, { resolve: (v) => ok(v as T), reject: fail });
          proc.send({ ...request, id });
        });
      },
      async stop() {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        await child.request({ op: 'stop' });
        await exited;
      },
      kill() {
        proc.kill('SIGKILL');
      },
    };
  });
}
