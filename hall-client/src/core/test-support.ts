/**
 * Helpers for the core's unit tests: a sample configuration per role, timers fired by hand,
 * and a small real HTTP server whose answers a test sets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BINDING_SCHEMAS, type DeviceConfig, type DeviceRole } from '@hallq/shared';
import type { Timers } from './connection.ts';

/** A valid configuration of `role` with its binding's defaults (plus `binding` over them). */
export function sampleConfig(
  role: DeviceRole,
  binding: Record<string, unknown> = {},
  version = 1,
): DeviceConfig {
  const parsed: unknown = BINDING_SCHEMAS[role].parse(binding);
  return {
    deviceId: `${role}-1`,
    name: `${role} 1`,
    role,
    windowId: role === 'counter' || role === 'rating' ? 5 : null,
    binding: parsed,
    version,
    hallName: '示范政务服务大厅',
  } as DeviceConfig;
}

/** Timers that only run when the test says so. */
export class ManualTimers implements Timers {
  private next = 1;
  private readonly pending = new Map<number, { callback: () => void; ms: number }>();

  setTimeout(callback: () => void, ms: number): number {
    const id = this.next++;
    this.pending.set(id, { callback, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** The delays of the timers waiting now. */
  get delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Runs every waiting timer once (those they schedule wait for the next call). */
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const timer of due) timer.callback();
  }
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** Sent as is instead of JSON. */
  readonly raw?: string;
}

export interface TestServer {
  readonly url: string;
  /** Every request seen: method, path, authorization header, parsed JSON body. */
  readonly requests: { method: string; path: string; auth: string | null; body: unknown }[];
  /** Sets the answer of `METHOD /path`. */
  answer(method: string, path: string, reply: Reply | ((body: unknown) => Reply)): void;
  close(): Promise<void>;
}

/** A real HTTP server on loopback port 0; unknown routes answer 404 (Fastify's shape). */
export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, Reply | ((body: unknown) => Reply)>();
  const requests: TestServer['requests'] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
      const path = request.url ?? '/';
      requests.push({
        method: request.method ?? 'GET',
        path,
        auth: request.headers.authorization ?? null,
        body,
      });
      const route = routes.get(`${request.method ?? 'GET'} ${path}`);
      const reply =
        route === undefined
          ? {
              status: 404,
              body: { message: `Route ${request.method ?? ''}:${path} not found`, statusCode: 404 },
            }
          : typeof route === 'function'
            ? route(body)
            : route;
      if (reply.raw !== undefined) {
        response.writeHead(reply.status, { 'content-type': 'text/html' });
        response.end(reply.raw);
        return;
      }
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply.body ?? null));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (method, path, reply) => routes.set(`${method} ${path}`, reply),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
