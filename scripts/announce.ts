/**
 * `npm run announce -- --number A001 --window 5 [--lang en|zh-CN|both] [--repeat 2]
 *  [--pack display/voice/espeak-ng] --out call.wav`
 *
 * Renders one call announcement with a voice pack to a 16-bit PCM WAV (48 kHz mono), on the
 * same timeline the call screens play (chime, clips with small gaps; `--repeat 2` adds the
 * repetition a screen speaks by default), so hall staff can preview a recorded pack or hear
 * how a number and window sound without a screen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import type { VoiceLang } from '../shared/src/voice/announcement.ts';
import { missingClips, type VoicePackManifest } from '../shared/src/voice/pack.ts';
import { decodeWav16, encodeWav16, mixSchedule } from '../shared/src/voice/render.ts';
import { renditions, scheduleCall } from '../shared/src/voice/schedule.ts';
import { DEFAULT_VOICE, type VoiceSettings } from '../shared/src/voice/settings.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SAMPLE_RATE = 48_000;

function fail(message: string): never {
  process.stderr.write(`announce: ${message}\n`);
  process.exit(2);
}

/** Decodes one clip file of the pack to 48 kHz mono samples. */
async function loadClip(decoder: OggOpusDecoder, path: string): Promise<Float32Array | undefined> {
  const bytes = new Uint8Array(readFileSync(path));
  if (path.endsWith('.wav')) {
    const wav = decodeWav16(bytes);
    if (wav.sampleRate !== SAMPLE_RATE) fail(`${path}: WAV clips must be 48 kHz for preview`);
    return wav.samples;
  }
  await decoder.reset();
  const audio = await decoder.decodeFile(bytes);
  if (audio.errors.length > 0) fail(`${path}: ${audio.errors[0]?.message ?? 'decode error'}`);
  return audio.channelData[0];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      number: { type: 'string' },
      window: { type: 'string' },
      lang: { type: 'string', default: 'zh-CN' },
      repeat: { type: 'string', default: '1' },
      recall: { type: 'boolean', default: false },
      pack: { type: 'string', default: join(ROOT, 'display/voice/espeak-ng') },
      out: { type: 'string' },
    },
  });
  const number = (values.number ?? '').toUpperCase();
  if (!/^[A-Z]{1,3}\d{1,4}$/.test(number)) fail('--number must look like A001 (letters, digits)');
  const windowId = Number(values.window);
  if (!Number.isInteger(windowId) || windowId < 1 || windowId > 999)
    fail('--window must be a window number 1–999');
  const languages: VoiceLang[] =
    values.lang === 'both'
      ? ['zh-CN', 'en']
      : values.lang === 'en'
        ? ['en']
        : values.lang === 'zh-CN' || values.lang === 'zh'
          ? ['zh-CN']
          : fail('--lang must be zh-CN, en or both');
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 5) fail('--repeat must be 1–5');
  if (values.out === undefined) fail('--out call.wav is required');

  const packDir = resolve(values.pack);
  const manifest = JSON.parse(
    readFileSync(join(packDir, 'pack.json'), 'utf8'),
  ) as VoicePackManifest;
  const settings: VoiceSettings = { ...DEFAULT_VOICE, languages, repeat };
  const call = { number, windowId, recall: values.recall };
  const parts = renditions(call, settings);
  const clips = parts.flatMap((r) => r.clips);
  const missing = missingClips(clips, manifest);
  if (missing.length > 0) fail(`the pack has no clip for: ${missing.join(', ')}`);

  const decoder = new OggOpusDecoder();
  await decoder.ready;
  const samples = new Map<string, Float32Array>();
  try {
    for (const clip of new Set(clips)) {
      const entry = manifest.clips[clip];
      if (entry === undefined) continue;
      const pcm = await loadClip(decoder, join(packDir, entry.file));
      if (pcm !== undefined) samples.set(clip, pcm);
    }
  } finally {
    decoder.free();
  }
  const schedule = scheduleCall(call, settings, (clip) => manifest.clips[clip]?.durationMs);
  const mixed = mixSchedule(schedule, (clip) => samples.get(clip), SAMPLE_RATE);
  const out = resolve(values.out);
  writeFileSync(out, encodeWav16(mixed, SAMPLE_RATE));
  const seconds = mixed.length / SAMPLE_RATE;
  process.stdout.write(
    [
      ...parts.map((r) => `${r.lang}  ${r.text}`),
      `${schedule.items.length} clips, ${seconds.toFixed(2)} s → ${out}`,
      '',
    ].join('\n'),
  );
}

await main();
