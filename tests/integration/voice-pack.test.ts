/**
 * The shipped voice pack, how the server serves it (and a dropped-in pack), the WAV preview
 * tool, and the generator itself where espeak-ng, sox and opusenc are installed (CI installs
 * them).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../shared/src/demo-hall/index.ts';
import { packClipSources, type VoicePackManifest } from '../../shared/src/voice/pack.ts';
import { decodeWav16 } from '../../shared/src/voice/render.ts';
import { AFTER_CHIME_MS, scheduleCall } from '../../shared/src/voice/schedule.ts';
import { DEFAULT_VOICE } from '../../shared/src/voice/settings.ts';
import { startTestHall } from '../support/hall.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PACK_DIR = join(ROOT, 'display/voice/espeak-ng');
const pack = JSON.parse(readFileSync(join(PACK_DIR, 'pack.json'), 'utf8')) as VoicePackManifest;
const work = mkdtempSync(join(tmpdir(), 'hallq-voice-test-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

function runTool(script: string, args: readonly string[]): { status: number; out: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, out: `${result.stdout}${result.stderr}` };
}

function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

describe('the shipped voice pack', () => {
  it('holds every clip the demo hall can announce, as Ogg Opus, with plausible lengths', () => {
    const wanted = [...packClipSources(demoHallConfig()).keys()].sort();
    expect(Object.keys(pack.clips).sort()).toEqual(wanted);
    for (const [name, clip] of Object.entries(pack.clips)) {
      const bytes = readFileSync(join(PACK_DIR, clip.file));
      expect(bytes.subarray(0, 4).toString('latin1'), name).toBe('OggS');
      expect(bytes.subarray(28, 36).toString('latin1'), name).toBe('OpusHead');
      expect(clip.durationMs, name).toBeGreaterThan(100);
      expect(clip.durationMs, name).toBeLessThan(4000);
    }
    expect(pack.clips['zh-zone-A']?.text).toBe('不动产登记专区');
    expect(pack.clips['zh-digit-0']?.text).toBe('零');
  });
});

describe('serving voice packs', () => {
  it('serves the shipped pack and a hall’s own pack from VOICE_DIR, nothing outside it', async () => {
    const hall = await startTestHall();
    try {
      const manifest = await fetch(`${hall.url}/voice/espeak-ng/pack.json`);
      expect(manifest.status).toBe(200);
      expect(((await manifest.json()) as VoicePackManifest).name).toBe('espeak-ng');
      const clip = await fetch(`${hall.url}/voice/espeak-ng/zh-qing.opus`);
      expect(clip.headers.get('content-type')).toMatch(/^audio\/ogg/);
      expect(
        Buffer.from(await clip.arrayBuffer())
          .subarray(0, 4)
          .toString('latin1'),
      ).toBe('OggS');
      for (const bad of [
        '/voice/../package.json',
        '/voice/%2e%2e/package.json',
        '/voice/nope/pack.json',
      ]) {
        expect((await fetch(`${hall.url}${bad}`)).status, bad).toBe(404);
      }
    } finally {
      await hall.close();
    }

    const own = join(work, 'voices');
    cpSync(PACK_DIR, join(own, 'human'), { recursive: true });
    writeFileSync(
      join(own, 'human/pack.json'),
      JSON.stringify({ ...pack, name: 'human', description: 'recorded by the hall' }),
    );
    const dropIn = await startTestHall({ server: { voiceDir: own } });
    try {
      const res = await fetch(`${dropIn.url}/voice/human/pack.json`);
      expect(((await res.json()) as VoicePackManifest).description).toBe('recorded by the hall');
      expect((await fetch(`${dropIn.url}/voice/espeak-ng/pack.json`)).status).toBe(404);
    } finally {
      await dropIn.close();
    }
  });
});

describe('npm run announce', () => {
  it('renders 请A001号到5号窗口办理 to a 16-bit WAV of 2–8 s whose sound follows the text', () => {
    const out = join(work, 'a001.wav');
    const run = runTool('scripts/announce.ts', ['--number', 'A001', '--window', '5', '--out', out]);
    expect(run.status, run.out).toBe(0);
    expect(run.out).toContain('请A001号到5号窗口办理');
    const wav = decodeWav16(readFileSync(out));
    expect(wav).toMatchObject({ sampleRate: 48_000, channels: 1, bitsPerSample: 16 });
    const seconds = wav.samples.length / wav.sampleRate;
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(8);
    expect(rms(wav.samples)).toBeGreaterThan(0.05);

    // The sound follows the text: the chime, then one clip per spoken sign, each audible
    // where the timeline puts it, and silence in the pause after the chime.
    const call = { number: 'A001', windowId: 5, recall: false };
    const schedule = scheduleCall(
      call,
      { ...DEFAULT_VOICE, repeat: 1 },
      (c) => pack.clips[c]?.durationMs,
    );
    expect(schedule.items.map((i) => i.clip)).toEqual([
      'chime',
      'zh-qing',
      'zh-letter-A',
      'zh-digit-0',
      'zh-digit-0',
      'zh-digit-1',
      'zh-hao',
      'zh-dao',
      'zh-digit-5',
      'zh-hao-chuangkou-banli',
    ]);
    expect(Math.abs(seconds * 1000 - schedule.totalMs)).toBeLessThan(100);
    const at = (ms: number): number => Math.round((ms / 1000) * wav.sampleRate);
    for (const item of schedule.items) {
      const loud = rms(wav.samples, at(item.atMs), at(item.atMs + item.durationMs));
      expect(loud, item.clip).toBeGreaterThan(0.03);
    }
    const chime = schedule.items[0];
    const pauseFrom = at((chime?.durationMs ?? 0) + 20);
    expect(rms(wav.samples, pauseFrom, pauseFrom + at(AFTER_CHIME_MS - 40))).toBeLessThan(0.01);

    if (has('sox')) {
      // sox reads the file the same way: its length and loudness.
      const report = spawnSync('sox', [out, '-n', 'stat'], { encoding: 'utf8' }).stderr;
      const length = Number(/Length \(seconds\):\s+([\d.]+)/.exec(report)?.[1]);
      const loudness = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(report)?.[1]);
      expect(length).toBeCloseTo(seconds, 2);
      expect(loudness).toBeGreaterThan(0.05);
    }
  });

  it('speaks English and both languages, and refuses bad arguments with advice', () => {
    const out = join(work, 'en.wav');
    const en = runTool('scripts/announce.ts', [
      '--number',
      'B105',
      '--window',
      '105',
      '--lang',
      'en',
      '--out',
      out,
    ]);
    expect(en.status, en.out).toBe(0);
    expect(en.out).toContain('Number B105, please go to window 105');
    expect(decodeWav16(readFileSync(out)).samples.length / 48_000).toBeGreaterThan(2);
    const both = runTool('scripts/announce.ts', [
      '--number',
      'XM012',
      '--window',
      '12',
      '--lang',
      'both',
      '--out',
      out,
    ]);
    expect(both.out).toContain('请XM012号到12号窗口办理');
    expect(both.out).toContain('Number XM012, please go to window 12');

    for (const [args, message] of [
      [['--number', 'A-1', '--window', '5', '--out', out], '--number'],
      [['--number', 'A001', '--window', '1000', '--out', out], '--window'],
      [['--number', 'A001', '--window', '5', '--lang', 'fr', '--out', out], '--lang'],
      [['--number', 'A001', '--window', '5'], '--out'],
    ] as const) {
      const bad = runTool('scripts/announce.ts', args);
      expect(bad.status).toBe(2);
      expect(bad.out).toContain(message);
    }
  });
});

const tools = ['espeak-ng', 'sox', 'soxi', 'opusenc'];
describe.skipIf(!tools.every(has))('npm run voice-pack (espeak-ng, sox, opusenc)', () => {
  it('regenerates clips like the shipped ones', () => {
    const out = join(work, 'regen');
    const run = runTool('scripts/voice-pack.ts', [
      '--out',
      out,
      '--only',
      'chime,zh-qing,zh-zone-A,en-number',
    ]);
    expect(run.status, run.out).toBe(0);
    const fresh = JSON.parse(readFileSync(join(out, 'pack.json'), 'utf8')) as VoicePackManifest;
    expect(Object.keys(fresh.clips).sort()).toEqual(['chime', 'en-number', 'zh-qing', 'zh-zone-A']);
    expect(fresh.description).toContain('cmn-latn-pinyin');
    for (const [name, clip] of Object.entries(fresh.clips)) {
      expect(existsSync(join(out, clip.file))).toBe(true);
      const shipped = pack.clips[name]?.durationMs ?? 0;
      expect(Math.abs(clip.durationMs - shipped), name).toBeLessThanOrEqual(shipped * 0.1);
    }
    const unknown = runTool('scripts/voice-pack.ts', ['--out', out, '--only', 'zh-nothing']);
    expect(unknown.status).toBe(1);
    expect(unknown.out).toContain('zh-nothing');
  });
});
