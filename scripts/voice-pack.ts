/**
 * `npm run voice-pack` — regenerates the shipped voice pack (display/voice/espeak-ng) with
 * Debian's espeak-ng (Mandarin voice cmn-latn-pinyin, English en-us), sox and opusenc:
 * every clip the announcements use (packClipSources: chime, phrases, letters, digits, 十/百,
 * the demo hall's 专区 and service names) is rendered, trimmed of leading and trailing
 * silence, normalised, resampled to 48 kHz mono and stored as Ogg Opus, with `pack.json`
 * listing file, text and trimmed duration of each clip.
 *
 *   npm run voice-pack                         # the whole pack, in place
 *   npm run voice-pack -- --out /tmp/pack --only chime,zh-qing
 *   npm run voice-pack -- --hall hall.json     # zone and service names of another hall
 *
 * Needs: apt-get install espeak-ng sox opus-tools.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoHallConfig } from '../shared/src/demo-hall/index.ts';
import type { HallConfig } from '../shared/src/domain/model.ts';
import {
  packClipSources,
  type ClipSource,
  type VoicePackClip,
  type VoicePackManifest,
} from '../shared/src/voice/pack.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SAMPLE_RATE = 48_000;
/** Words per minute: a little slower than espeak's 175 for a hall with echo. */
const SPEED = { 'zh-CN': 165, en: 160 } as const;
const VOICE = { 'zh-CN': 'cmn-latn-pinyin', en: 'en-us' } as const;
/** Opus bit rate, kbit/s: speech stays clear, the whole pack stays small. */
const BITRATE = 32;

function run(command: string, args: readonly string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function toolVersion(command: string, args: readonly string[]): string {
  try {
    return run(command, args).split('\n')[0]?.trim() ?? command;
  } catch {
    throw new Error(
      `${command} is not installed. Install the voice tools with: apt-get install espeak-ng sox opus-tools`,
    );
  }
}

/** Renders one clip to a trimmed, normalised 48 kHz mono WAV; returns its path. */
function renderWav(source: ClipSource, work: string, name: string): string {
  const raw = join(work, `${name}.raw.wav`);
  const out = join(work, `${name}.wav`);
  if (source.kind === 'chime') {
    // A two-note ding-dong (E6 then C6), plucked so it decays like a bell.
    const ding = join(work, 'ding.wav');
    const dong = join(work, 'dong.wav');
    run('sox', ['-n', '-r', String(SAMPLE_RATE), '-c', '1', ding, 'synth', '0.35', 'pluck', 'E6']);
    run('sox', ['-n', '-r', String(SAMPLE_RATE), '-c', '1', dong, 'synth', '0.7', 'pluck', 'C6']);
    run('sox', [ding, dong, '-b', '16', out, 'fade', 'q', '0.005', '-0', '0.3', 'norm', '-3']);
    return out;
  }
  run('espeak-ng', [
    '-v',
    VOICE[source.lang],
    '-s',
    String(SPEED[source.lang]),
    '-w',
    raw,
    source.text,
  ]);
  // Trim silence at both ends (threshold 0.3 %), resample, normalise to -1 dBFS, and fade
  // 5 ms in and out so clips join without clicks.
  run('sox', [
    raw,
    '-r',
    String(SAMPLE_RATE),
    '-c',
    '1',
    '-b',
    '16',
    out,
    'silence',
    '1',
    '0.005',
    '0.3%',
    'reverse',
    'silence',
    '1',
    '0.005',
    '0.3%',
    'reverse',
    'norm',
    '-1',
    'fade',
    'q',
    '0.005',
    'reverse',
    'fade',
    'q',
    '0.005',
    'reverse',
  ]);
  return out;
}

function durationMs(wav: string): number {
  return Math.round(Number(run('soxi', ['-D', wav]).trim()) * 1000);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(ROOT, 'display/voice/espeak-ng') },
      only: { type: 'string' },
      hall: { type: 'string' },
    },
  });
  const espeak = toolVersion('espeak-ng', ['--version']);
  toolVersion('sox', ['--version']);
  const opus = toolVersion('opusenc', ['--version']);
  const config: HallConfig =
    values.hall === undefined
      ? demoHallConfig()
      : (JSON.parse(readFileSync(values.hall, 'utf8')) as HallConfig);
  const wanted = values.only?.split(',').map((s) => s.trim());
  const sources = [...packClipSources(config)].filter(
    ([name]) => wanted === undefined || wanted.includes(name),
  );
  if (wanted !== undefined && sources.length !== wanted.length) {
    const known = new Set(sources.map(([n]) => n));
    throw new Error(`unknown clip names: ${wanted.filter((n) => !known.has(n)).join(', ')}`);
  }
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'hallq-voice-'));
  const clips: Record<string, VoicePackClip> = {};
  try {
    for (const [name, source] of sources) {
      const wav = renderWav(source, work, name);
      const file = `${name}.opus`;
      run('opusenc', ['--quiet', '--bitrate', String(BITRATE), wav, join(outDir, file)]);
      clips[name] = {
        file,
        text: source.kind === 'chime' ? '' : source.text,
        durationMs: durationMs(wav),
      };
      process.stdout.write(`${name.padEnd(28)} ${String(clips[name].durationMs).padStart(5)} ms\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const manifest: VoicePackManifest = {
    name: 'espeak-ng',
    description:
      `Synthetic voice: ${espeak}, voices ${VOICE['zh-CN']} (Mandarin) and ${VOICE.en}, ` +
      `${SPEED['zh-CN']} wpm; trimmed and normalised with sox; ${opus}, ${BITRATE} kbit/s. ` +
      'Regenerate with `npm run voice-pack`.',
    clips,
  };
  writeFileSync(join(outDir, 'pack.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`${Object.keys(clips).length} clips → ${outDir}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`voice-pack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
