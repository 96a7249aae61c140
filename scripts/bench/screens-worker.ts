/**
 * A worker thread of the fan-out benchmark holding a share of the screens: real
 * socket.io-client sockets that join rooms of the hall server (or just connect to the bare
 * floor server) and note when each `hall:event` arrives, on `process.hrtime` (one clock for
 * every thread of the process). With all screens on one thread, the last one would only see
 * its event after the others had decoded theirs; spreading them over the machine's cores
 * keeps that client-side queue out of the server's figure as far as the cores allow.
 */
import { parentPort } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { clockMs, type Kind, type WorkerReply, type WorkerRequest } from './control.ts';

const sockets: Socket[] = [];
const arrivals: Record<Kind, number[]> = { called: [], completed: [], any: [] };
const waiting: { kind: Kind; count: number; reply: (times: number[]) => void }[] = [];
let sample: unknown = null;

function settle(): void {
  for (let i = waiting.length - 1; i >= 0; i -= 1) {
    const w = waiting[i];
    if (w === undefined || arrivals[w.kind].length < w.count) continue;
    waiting.splice(i, 1);
    w.reply(arrivals[w.kind].splice(0, w.count));
  }
}

function recordBare(): void {
  arrivals.any.push(clockMs());
  settle();
}

function record(logged: { event?: { type?: string } }): void {
  const at = clockMs();
  const type = logged.event?.type;
  if (type === 'ticket.called') {
    sample ??= logged;
    arrivals.called.push(at);
  } else if (type === 'ticket.completed') {
    arrivals.completed.push(at);
  }
  settle();
}

async function connectOne(url: string, rooms: readonly string[] | null, after: number) {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  if (rooms === null) {
    socket.on('hall:event', recordBare);
  } else {
    socket.on('hall:event', record);
    const reply = (await socket.timeout(30_000).emitWithAck('sync:request', { after, rooms })) as {
      ok: boolean;
    };
    if (!reply.ok) throw new Error('sync:request refused');
  }
  sockets.push(socket);
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'connect': {
      const rooms = request.rooms;
      for (let from = 0; from < rooms.length; from += 25) {
        await Promise.all(
          rooms.slice(from, from + 25).map((r) => connectOne(request.url, r, request.after)),
        );
      }
      return sockets.length;
    }
    case 'expect':
      return new Promise<number[]>((resolve) => {
        waiting.push({ kind: request.kind, count: request.count, reply: resolve });
        settle();
      });
    case 'sample':
      return sample;
    case 'close':
      for (const socket of sockets.splice(0)) socket.close();
      return null;
  }
}

parentPort?.on('message', (message: WorkerRequest & { id: number }) => {
  handle(message).then(
    (value) => parentPort?.postMessage({ id: message.id, value } satisfies WorkerReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id: message.id,
        value: null,
        error: error instanceof Error ? error.message : String(error),
      } satisfies WorkerReply),
  );
});
