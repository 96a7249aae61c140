/**
 * Whether the paired device can reach its hall server, and whether it is still paired:
 *
 *   starting ──GET /api/v1/device──▶ online ──(every refreshMs)──▶ GET /api/v1/device …
 *       │                              │ network error, 5xx, bad reply
 *       │                              ▼
 *       └────────────────────────▶ offline ──(backoff + jitter)──▶ GET /api/v1/health
 *                                      ▲          └─ ok ─▶ GET /api/v1/device ─▶ online
 *                                      └──── still down: attempt + 1
 *   any 401 from GET /api/v1/device ──▶ revoked (terminal: the shell clears the token and
 *                                        shows the pairing page)
 *
 * A changed configuration (its `version` differs) is handed to `onConfig`. The clock, the
 * timers and the randomness of the jitter are injected, so tests drive every transition.
 */
import type { DeviceConfig } from '@hallq/shared';
import { parseDeviceConfig } from './device-config.ts';

export type ConnectionState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'online'; readonly since: number }
  | {
      readonly kind: 'offline';
      readonly since: number;
      /** How many tries failed since the connection went down (1 after the first). */
      readonly attempt: number;
      readonly nextTryAt: number;
      readonly reason: string;
    }
  | { readonly kind: 'revoked'; readonly at: number }
  | { readonly kind: 'stopped' };

/** setTimeout/clearTimeout as an interface, so tests fire timers by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export interface BackoffOptions {
  /** The first retry waits about this long (default 1 s). */
  readonly baseMs: number;
  /** No retry waits longer (default 60 s). */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/**
 * The wait before retry number `attempt` (0-based): exponential, capped, with "equal jitter"
 * — between half and all of the capped delay — so a hall full of devices does not hammer a
 * server that comes back all at the same moment.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number,
): number {
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(cap / 2 + (r * cap) / 2);
}

export interface ConnectionOptions {
  /** The hall server's origin. */
  readonly serverUrl: string;
  readonly token: string;
  /** The version of the configuration the client has now. */
  readonly configVersion: number;
  readonly now: () => number;
  readonly timers: Timers;
  readonly random: () => number;
  readonly fetch?: typeof globalThis.fetch;
  /** How often an online device re-reads its configuration (default 30 s). */
  readonly refreshMs?: number;
  readonly backoff?: BackoffOptions;
  /** How long one request may take before it counts as failed (default 5 s). */
  readonly requestTimeoutMs?: number;
  onState?(state: ConnectionState): void;
  onConfig?(config: DeviceConfig): void;
}

type Check =
  | { readonly kind: 'config'; readonly config: DeviceConfig }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'down'; readonly reason: string };

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

/** The connection state machine of one paired device. */
export class Connection {
  private current: ConnectionState = { kind: 'starting' };
  private version: number;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  /** Raised by stop(): answers of requests started before are ignored. */
  private generation = 0;
  private readonly options: ConnectionOptions;
  private readonly fetcher: typeof globalThis.fetch;

  constructor(options: ConnectionOptions) {
    this.options = options;
    this.version = options.configVersion;
    this.fetcher = options.fetch ?? globalThis.fetch;
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The configuration version last seen. */
  get configVersion(): number {
    return this.version;
  }

  /** Starts checking: the first check runs at once. */
  start(): Promise<void> {
    if (this.current.kind !== 'starting' && this.current.kind !== 'stopped') return this.settled();
    this.setState({ kind: 'starting' });
    return this.checkNow();
  }

  /** Stops every timer; nothing is reported after this. */
  stop(): void {
    this.generation += 1;
    this.clearTimer();
    this.inFlight = null;
    if (this.current.kind !== 'revoked') this.setState({ kind: 'stopped' });
  }

  /**
   * Checks now instead of waiting for the next timer (e.g. when a UI reports its socket came
   * back). A check already under way is shared, not doubled.
   */
  checkNow(): Promise<void> {
    if (this.current.kind === 'revoked' || this.current.kind === 'stopped')
      return Promise.resolve();
    if (this.inFlight !== null) return this.inFlight;
    const check: Promise<void> = this.runCheck().finally(() => {
      if (this.inFlight === check) this.inFlight = null;
    });
    this.inFlight = check;
    return check;
  }

  private settled(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  private async runCheck(): Promise<void> {
    const generation = this.generation;
    this.clearTimer();
    // Offline: first ask the cheap, unauthenticated health endpoint.
    if (this.current.kind === 'offline') {
      const health = await this.health();
      if (generation !== this.generation) return;
      if (health !== null) {
        this.wentDown(health);
        return;
      }
    }
    const result = await this.device();
    if (generation !== this.generation) return;
    switch (result.kind) {
      case 'revoked':
        this.clearTimer();
        this.setState({ kind: 'revoked', at: this.options.now() });
        return;
      case 'down':
        this.wentDown(result.reason);
        return;
      case 'config':
        if (this.current.kind !== 'online')
          this.setState({ kind: 'online', since: this.options.now() });
        if (result.config.version !== this.version) {
          this.version = result.config.version;
          this.options.onConfig?.(result.config);
        }
        this.schedule(this.options.refreshMs ?? 30_000);
    }
  }

  private wentDown(reason: string): void {
    const now = this.options.now();
    const previous = this.current;
    const attempt = previous.kind === 'offline' ? previous.attempt + 1 : 1;
    const since = previous.kind === 'offline' ? previous.since : now;
    const delay = backoffDelay(
      attempt - 1,
      this.options.backoff ?? DEFAULT_BACKOFF,
      this.options.random,
    );
    this.setState({ kind: 'offline', since, attempt, nextTryAt: now + delay, reason });
    this.schedule(delay);
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = null;
      void this.checkNow();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.options.onState?.(state);
  }

  private request(path: string, token: boolean): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${this.options.token}`;
    return this.fetcher(`${this.options.serverUrl}${path}`, {
      headers,
      signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 5000),
      redirect: 'error',
    });
  }

  /** null when the server answers healthy; else why not. */
  private async health(): Promise<string | null> {
    try {
      const response = await this.request('/api/v1/health', false);
      const body = (await response.json().catch(() => null)) as { status?: unknown } | null;
      if (response.ok && body?.status === 'ok') return null;
      return `health: ${response.status}`;
    } catch (error) {
      return `health: ${errorText(error)}`;
    }
  }

  private async device(): Promise<Check> {
    let response: Response;
    try {
      response = await this.request('/api/v1/device', true);
    } catch (error) {
      return { kind: 'down', reason: `device: ${errorText(error)}` };
    }
    if (response.status === 401) return { kind: 'revoked' };
    if (!response.ok) return { kind: 'down', reason: `device: ${response.status}` };
    const body: unknown = await response.json().catch(() => null);
    const data = typeof body === 'object' && body !== null && 'data' in body ? body.data : body;
    const parsed = parseDeviceConfig(data);
    if (!parsed.ok)
      return { kind: 'down', reason: `device: bad reply: ${parsed.problems[0] ?? ''}` };
    return { kind: 'config', config: parsed.config };
  }
}
