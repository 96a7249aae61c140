/**
 * Runs a virtual ESC/POS network printer until Ctrl+C:
 * `npm run printer:sim -- [--port 9100] [--out ./printer-jobs] [--paper 80] [--state paper-near-end|paper-out|cover-open|offline]`.
 * Each received job is written to the output folder as job-<n>.bin and a job-<n>.png preview.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startVirtualPrinter, type SimState } from '../kiosk/printer/sim.ts';

const USAGE =
  'Usage: npm run printer:sim -- [--port 9100] [--host 127.0.0.1] [--out ./printer-jobs] [--paper 58|80]\n' +
  '                              [--state ok|paper-near-end|paper-out|cover-open|offline] [--split]';

const STATES: Record<string, Partial<SimState>> = {
  ok: {},
  'paper-near-end': { paperNearEnd: true },
  'paper-out': { paperOut: true },
  'cover-open': { coverOpen: true },
  // Switched off behind a live print server: status requests go unanswered.
  offline: { silent: true },
};

async function main(): Promise<number> {
  let values: {
    port: string;
    host: string;
    out: string;
    paper: string;
    state: string;
    split: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '9100' },
        host: { type: 'string', default: '127.0.0.1' },
        out: { type: 'string', default: './printer-jobs' },
        paper: { type: 'string', default: '80' },
        state: { type: 'string', default: 'ok' },
        split: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  const paper = Number(values.paper);
  const state = STATES[values.state];
  if (
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    (paper !== 58 && paper !== 80) ||
    !state
  ) {
    console.error(USAGE);
    return 2;
  }
  const previewDir = path.resolve(values.out);
  const printer = await startVirtualPrinter({
    port,
    host: values.host,
    paper,
    previewDir,
    state: { ...state, splitReplies: values.split },
    onPreview: (preview) => {
      const where = preview.pngPath ?? `${preview.binPath} (no preview: ${preview.error ?? ''})`;
      console.log(`job ${preview.index}: ${where}`);
    },
  });
  console.log(`Virtual printer (${paper} mm, state ${values.state}) listening on ${printer.url}`);
  console.log(`Jobs and PNG previews go to ${previewDir}`);
  console.log(`Try: npm run printer:test -- --printer ${printer.url} --paper ${paper}`);
  console.log('Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await printer.close();
  return 0;
}

process.exitCode = await main();
