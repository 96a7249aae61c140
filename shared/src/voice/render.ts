/**
 * Mixes a clip timeline into one mono signal and writes it as a 16-bit PCM WAV — what
 * `npm run announce` saves for staff to preview. Pure (typed arrays only).
 */
import type { ClipSchedule } from './schedule.ts';

/** Sums each scheduled clip into a buffer long enough for the whole timeline. */
export function mixSchedule(
  schedule: ClipSchedule,
  samplesOf: (clip: string) => Float32Array | undefined,
  sampleRate: number,
  volume = 1,
): Float32Array {
  let length = Math.ceil((schedule.totalMs / 1000) * sampleRate);
  for (const item of schedule.items) {
    const samples = samplesOf(item.clip);
    if (samples === undefined) continue;
    const start = Math.round((item.atMs / 1000) * sampleRate);
    length = Math.max(length, start + samples.length);
  }
  const out = new Float32Array(length);
  for (const item of schedule.items) {
    const samples = samplesOf(item.clip);
    if (samples === undefined) continue;
    const start = Math.round((item.atMs / 1000) * sampleRate);
    for (let i = 0; i < samples.length; i += 1) {
      out[start + i] = (out[start + i] ?? 0) + (samples[i] ?? 0) * volume;
    }
  }
  return out;
}

/** A mono 16-bit PCM RIFF/WAVE file of the samples (clipped to ±1). */
export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i += 1) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i += 1) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    view.setInt16(44 + i * 2, Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), true);
  }
  return bytes;
}

export interface WavInfo {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly samples: Float32Array;
}

/** Reads a mono or stereo 16-bit PCM WAV (first channel); throws on anything else. */
export function decodeWav16(bytes: Uint8Array): WavInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (offset: number, n: number): string =>
    String.fromCharCode(...bytes.subarray(offset, offset + n));
  if (text(0, 4) !== 'RIFF' || text(8, 4) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; pcm: boolean } | null = null;
  while (offset + 8 <= bytes.length) {
    const id = text(offset, 4);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = {
        pcm: view.getUint16(body, true) === 1,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === null || !format.pcm || format.bits !== 16) {
        throw new Error('only 16-bit PCM WAV is read');
      }
      const frames = Math.floor(Math.min(size, bytes.length - body) / (2 * format.channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i += 1) {
        samples[i] = view.getInt16(body + i * 2 * format.channels, true) / 0x8000;
      }
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        bitsPerSample: format.bits,
        samples,
      };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('no data chunk');
}
