/**
 * Serves the built web UIs (dist/web): /kiosk, /display, /counter and /rate are pages,
 * /assets/* the hashed bundles (cached for a year). Query strings select the device or
 * screen (e.g. /display?screen=zone:A), so every page is one HTML file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.opus': 'audio/ogg; codecs=opus',
  '.flac': 'audio/flac',
};

export const PAGES: Readonly<Record<string, string>> = {
  '/kiosk': 'kiosk/index.html',
  '/display': 'display/index.html',
  '/counter': 'counter/index.html',
  '/rate': 'counter/rate/index.html',
  // The admin console (one page app; the path picks the page, see admin/src/pages.ts).
  '/admin': 'admin/index.html',
  '/admin/alarms': 'admin/index.html',
  '/admin/reports': 'admin/index.html',
  '/admin/work-orders': 'admin/index.html',
  '/admin/config': 'admin/index.html',
  '/admin/staff': 'admin/index.html',
  '/admin/devices': 'admin/index.html',
};

/** The built UI folder (repository root's dist/web). */
export const WEB_DIR = resolve(import.meta.dirname, '../../dist/web');

/** The shipped voice packs (display/voice/<pack>/pack.json + clips). */
export const VOICE_DIR = resolve(import.meta.dirname, '../../display/voice');

/** Sends a file below `root`, or 404 for anything outside it or missing. */
async function sendBelow(
  reply: FastifyReply,
  root: string,
  wanted: string,
  cacheControl: string,
): Promise<FastifyReply> {
  const path = normalize(join(root, wanted));
  if (!path.startsWith(root + sep)) {
    return reply.code(404).send({ error: { code: 'not_found', message: 'No such file.' } });
  }
  try {
    const body = await readFile(path);
    return await reply
      .type(TYPES[extname(path)] ?? 'application/octet-stream')
      .header('cache-control', cacheControl)
      .send(body);
  } catch {
    return reply.code(404).send({ error: { code: 'not_found', message: 'No such file.' } });
  }
}

/**
 * Registers the UI pages, assets and voice packs (/voice/<pack>/…, from `voiceDir`, where a
 * hall may put a recorded pack); pages answer 503 with advice when nothing is built.
 */
export function registerStatic(
  app: FastifyInstance,
  webDir: string = WEB_DIR,
  voiceDir: string = VOICE_DIR,
): void {
  for (const [route, file] of Object.entries(PAGES)) {
    app.get(route, async (_request, reply) => {
      const path = join(webDir, file);
      if (!existsSync(path)) {
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(
            '界面尚未构建 / The web UIs are not built: run `npm run build` (npm start builds them).',
          );
      }
      return reply
        .type(TYPES['.html'] ?? 'text/html')
        .header('cache-control', 'no-cache')
        .send(readFileSync(path));
    });
  }
  app.get('/assets/*', async (request, reply) =>
    sendBelow(
      reply,
      join(webDir, 'assets'),
      (request.params as { '*': string })['*'],
      'public, max-age=31536000, immutable',
    ),
  );
  // Voice packs can be replaced in place by a hall: revalidate, but let screens cache.
  app.get('/voice/*', async (request, reply) =>
    sendBelow(reply, resolve(voiceDir), (request.params as { '*': string })['*'], 'no-cache'),
  );
}
