/**
 * `npm start`: runs the hall server on PORT (8080), HOST (0.0.0.0) and DATA_DIR (./data),
 * loading the demo hall into an empty data folder, until stopped. VOICE_DIR points the
 * screens at a folder of voice packs (default: the shipped display/voice).
 */
import { resolve } from 'node:path';
import { startHallServer } from './app.ts';
import { DEMO_ADMIN, DEMO_CLERK_PASSWORD } from './seed.ts';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.DATA_DIR ?? './data');
const voiceDir = process.env.VOICE_DIR === undefined ? undefined : resolve(process.env.VOICE_DIR);

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a port number, not "${process.env.PORT ?? ''}".\n`);
  process.exit(2);
}

try {
  const server = await startHallServer({ dataDir, port, host, voiceDir });
  const { config } = server.hall.state;
  const lines = [
    '',
    `  HallQ 大厅排队叫号 — ${config.hall.name} (${config.hall.nameEn})`,
    `  ${config.zones.length} zones, ${config.windows.length} windows, data in ${dataDir}${server.seeded ? ' (demo hall loaded)' : ''}`,
    '',
    `  Hall        ${server.url}/`,
    `  Kiosk       ${server.url}/kiosk                取号机`,
    `  Screens     ${server.url}/display?screen=hall  (zone:A … window:5)  叫号屏`,
    `  Counter     ${server.url}/counter              窗口终端 (w005 / demo)`,
    `  Rating      ${server.url}/rate?window=5        评价器`,
    `  REST API    ${server.url}/api/v1/hall   (OpenAPI: ${server.url}/api/v1/openapi.json)`,
    `  Health      ${server.url}/api/v1/health`,
    `  Realtime    ${server.url}/socket.io`,
    '',
    '  Demo accounts:',
    `    admin            ${DEMO_ADMIN.staffId} / ${DEMO_ADMIN.password}`,
    `    manager          manager / ${DEMO_ADMIN.password}`,
    `    guide desk       guide / ${DEMO_CLERK_PASSWORD}`,
    `    window clerks    w001 … w${String(config.windows.length).padStart(3, '0')} / ${DEMO_CLERK_PASSWORD}  (w005 signs in to window 5)`,
    '',
    '  Stop with Ctrl+C.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n  ${signal}: closing…\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  process.stderr.write(
    `HallQ could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
