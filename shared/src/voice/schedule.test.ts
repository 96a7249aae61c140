import { describe, expect, it } from 'vitest';
import { decodeWav16, encodeWav16, mixSchedule } from './render.ts';
import { AFTER_CHIME_MS, renditions, scheduleCall, scheduleClips } from './schedule.ts';
import { DEFAULT_VOICE } from './settings.ts';

const call = { number: 'A001', windowId: 105, recall: false };

describe('renditions and the clip timeline', () => {
  it('repeats each language in order with the chime only at the very start', () => {
    const parts = renditions(call, { ...DEFAULT_VOICE, repeat: 2, languages: ['zh-CN', 'en'] });
    expect(parts.map((r) => `${r.repetition}:${r.lang}`)).toEqual([
      '0:zh-CN',
      '0:en',
      '1:zh-CN',
      '1:en',
    ]);
    expect(parts.map((r) => r.clips.filter((c) => c === 'chime').length)).toEqual([1, 0, 0, 0]);
    expect(parts[0]?.clips).toEqual([
      'chime',
      'zh-qing',
      'zh-letter-A',
      'zh-digit-0',
      'zh-digit-0',
      'zh-digit-1',
      'zh-hao',
      'zh-dao',
      'zh-digit-1',
      'zh-bai',
      'zh-digit-0',
      'zh-digit-5',
      'zh-hao-chuangkou-banli',
    ]);
    expect(renditions(call, { ...DEFAULT_VOICE, repeat: 0 })).toHaveLength(1);
  });

  it('lays clips end to end with the gaps and skips clips without audio', () => {
    const durations: Record<string, number> = { chime: 1000, 'zh-qing': 400, 'zh-hao': 300 };
    const s = scheduleClips(['chime', 'zh-qing', 'zh-nothing', 'zh-hao'], (c) => durations[c], 30);
    expect(s.items.map((i) => [i.clip, i.atMs])).toEqual([
      ['chime', 0],
      ['zh-qing', 1000 + AFTER_CHIME_MS],
      ['zh-hao', 1000 + AFTER_CHIME_MS + 400 + 30],
    ]);
    expect(s.totalMs).toBe(1000 + AFTER_CHIME_MS + 400 + 30 + 300);
    expect(s.skipped).toEqual(['zh-nothing']);
  });

  it('puts the repeat gap between renditions of a whole call', () => {
    const s = scheduleCall(
      call,
      { ...DEFAULT_VOICE, repeat: 2, clipGapMs: 0, repeatGapMs: 700 },
      () => 100,
    );
    const first = s.items.filter((i) => i.atMs < 2000);
    const second = s.items.find((i, k) => k === first.length);
    const firstEnd = (first.at(-1)?.atMs ?? 0) + 100;
    expect(second?.atMs).toBe(firstEnd + 700);
    expect(s.totalMs).toBe((s.items.at(-1)?.atMs ?? 0) + 100);
  });

  it('mixes the timeline and round-trips a 16-bit WAV', () => {
    const rate = 1000;
    const s = scheduleClips(['a', 'b'], () => 100, 50);
    const tone = new Float32Array(100).fill(0.5);
    const mixed = mixSchedule(s, () => tone, rate, 0.5);
    expect(mixed.length).toBe(250);
    expect(mixed[10]).toBeCloseTo(0.25);
    expect(mixed[120]).toBe(0); // the gap
    expect(mixed[200]).toBeCloseTo(0.25);
    const wav = encodeWav16(mixed, rate);
    expect(wav.length).toBe(44 + 500);
    const back = decodeWav16(wav);
    expect(back.sampleRate).toBe(rate);
    expect(back.bitsPerSample).toBe(16);
    expect(back.samples[10]).toBeCloseTo(0.25, 3);
    expect(() => decodeWav16(new Uint8Array(12))).toThrow(/RIFF/);
  });
});
