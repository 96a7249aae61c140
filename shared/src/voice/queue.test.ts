import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AnnouncementQueue,
  type CallForVoice,
  type Caption,
  type VoiceQueueEvent,
} from './queue.ts';
import type { Rendition } from './schedule.ts';
import { DEFAULT_VOICE, parseAudioScope, type AudioScope, type VoiceSettings } from './settings.ts';

/** Every rendition takes 1 s to play in these tests. */
const PLAY_MS = 1000;
/** 2026-11-24 10:00 in Shanghai. */
const T0 = 1_795_485_600_000;
/** The faked clock (vitest's fake timers move it). */
const now = (): number => vi.getMockedSystemTime()?.getTime() ?? T0;

interface Played {
  readonly number: string;
  readonly text: string;
  readonly clips: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly volume: number;
}

function harness(
  overrides: Partial<VoiceSettings> = {},
  scope: AudioScope = { kind: 'all' },
  volume = 1,
) {
  const played: Played[] = [];
  const captions: Caption[] = [];
  const events: VoiceQueueEvent[] = [];
  let playing = 0;
  let maxPlaying = 0;
  const settings: VoiceSettings = { ...DEFAULT_VOICE, repeat: 2, repeatGapMs: 500, ...overrides };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      setTimeout(resolve, ms);
    });
  const queue = new AnnouncementQueue(settings, scope, {
    now,
    sleep,
    volumeAt: () => volume,
    play: async (rendition: Rendition, vol: number) => {
      playing += 1;
      maxPlaying = Math.max(maxPlaying, playing);
      const start = now();
      await sleep(PLAY_MS);
      playing -= 1;
      const number = /[A-Z]+\d+/.exec(rendition.text)?.[0] ?? '';
      played.push({
        number,
        text: rendition.text,
        clips: rendition.clips,
        start,
        end: now(),
        volume: vol,
      });
    },
    onCaption: (c) => captions.push(c),
    onEvent: (e) => events.push(e),
  });
  return { queue, played, captions, events, maxPlaying: () => maxPlaying };
}

function call(number: string, windowId: number, extra: Partial<CallForVoice> = {}): CallForVoice {
  return {
    ticketId: `20261124-${number}`,
    number,
    windowId,
    recall: false,
    zoneId: 'A',
    floorId: 1,
    at: now(),
    ...extra,
  };
}

describe('AnnouncementQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('speaks each call twice, chime only first, never two at once, in arrival order', async () => {
    const h = harness();
    h.queue.push(call('A001', 5));
    await vi.advanceTimersByTimeAsync(300);
    h.queue.push(call('B002', 7));
    h.queue.push(call('C003', 9));
    expect(h.queue.pending).toBe(2);
    await vi.advanceTimersByTimeAsync(20_000);
    await h.queue.idle();
    expect(h.played.map((p) => p.number)).toEqual(['A001', 'A001', 'B002', 'B002', 'C003', 'C003']);
    expect(h.maxPlaying()).toBe(1);
    for (let i = 1; i < h.played.length; i += 1) {
      const prev = h.played[i - 1];
      const cur = h.played[i];
      expect(cur?.start).toBeGreaterThanOrEqual(
        (prev?.end ?? 0) + (cur?.number === prev?.number ? 500 : 0),
      );
    }
    // The chime opens each call's first rendition only.
    expect(h.played.map((p) => p.clips[0] === 'chime')).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(h.played[0]?.text).toBe('请A001号到5号窗口办理');
    expect(h.events.filter((e) => e.kind === 'spoken')).toHaveLength(3);
  });

  it('keeps captions in step: active while spoken, inactive after', async () => {
    const h = harness({ repeat: 1, languages: ['zh-CN', 'en'] });
    h.queue.push(call('A001', 5));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.captions.map((c) => [c.rendition.lang, c.active])).toEqual([
      ['zh-CN', true],
      ['en', true],
      ['en', false],
    ]);
    expect(h.captions[1]?.rendition.text).toBe('Number A001, please go to window 5');
    expect(h.played.map((p) => p.text)).toEqual([
      '请A001号到5号窗口办理',
      'Number A001, please go to window 5',
    ]);
  });

  it('drops calls that are stale when their turn comes, and says so', async () => {
    const h = harness({ staleAfterSec: 2.5, repeat: 1 });
    h.queue.push(call('A001', 1, { at: T0 - 10_000 })); // made while the screen was offline
    h.queue.push(call('A002', 2));
    h.queue.push(call('A003', 3));
    h.queue.push(call('A004', 4));
    h.queue.push(call('A005', 5));
    await vi.advanceTimersByTimeAsync(30_000);
    // A002 at 0 s, A003 at 1 s, A004 at 2 s; A005's turn comes at 3 s: too old by then.
    expect(h.played.map((p) => p.number)).toEqual(['A002', 'A003', 'A004']);
    const stale = h.events.filter((e) => e.kind === 'stale').map((e) => e.call.number);
    expect(stale).toEqual(['A001', 'A005']);
  });

  it('speaks only calls in its audio zone', async () => {
    const h = harness({ repeat: 1 }, parseAudioScope('zone:B,C') ?? { kind: 'none' });
    expect(h.queue.push(call('A001', 1, { zoneId: 'A' }))).toBe('out_of_scope');
    expect(h.queue.push(call('B001', 20, { zoneId: 'B' }))).toBe('queued');
    expect(h.queue.push(call('C001', 40, { zoneId: 'C', floorId: 4 }))).toBe('queued');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.played.map((p) => p.number)).toEqual(['B001', 'C001']);

    const floor = harness({ repeat: 1 }, parseAudioScope('floor:4') ?? { kind: 'none' });
    floor.queue.push(call('A001', 1, { zoneId: 'A', floorId: 1 }));
    floor.queue.push(call('E001', 60, { zoneId: 'E', floorId: 4 }));
    const silent = harness({ repeat: 1 }, { kind: 'none' });
    expect(silent.queue.push(call('A001', 1))).toBe('out_of_scope');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(floor.played.map((p) => p.number)).toEqual(['E001']);
    expect(silent.played).toEqual([]);
  });

  it('a newer call for the same window replaces one still waiting; a recall replaces its call', async () => {
    const h = harness({ repeat: 1 });
    h.queue.push(call('A001', 1));
    h.queue.push(call('A002', 5)); // waiting behind A001
    h.queue.push(call('A003', 5)); // window 5 moved on: A002 is no longer there
    h.queue.push(call('B001', 7));
    h.queue.push(call('B001', 7, { recall: true })); // recall before the first was spoken
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.played.map((p) => p.text)).toEqual([
      '请A001号到1号窗口办理',
      '请A003号到5号窗口办理',
      '请注意，请B001号到7号窗口办理',
    ]);
    expect(h.events.filter((e) => e.kind === 'superseded').map((e) => e.call.number)).toEqual([
      'A002',
      'B001',
    ]);
  });

  it('plays at the volume of the time of day; in quiet hours shows the caption only', async () => {
    const quiet = harness({ captionHoldMs: 2000 }, { kind: 'all' }, 0);
    quiet.queue.push(call('A001', 1));
    quiet.queue.push(call('A002', 2));
    await vi.advanceTimersByTimeAsync(3000);
    expect(quiet.played).toEqual([]);
    expect(quiet.captions.filter((c) => c.active).map((c) => c.call.number)).toEqual([
      'A001',
      'A002',
    ]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(quiet.events.map((e) => e.kind)).toEqual(['shown', 'shown']);

    const evening = harness({ repeat: 1 }, { kind: 'all' }, 0.6);
    evening.queue.push(call('A001', 1));
    await vi.advanceTimersByTimeAsync(3000);
    expect(evening.played[0]?.volume).toBe(0.6);
  });

  it('goes on after a playback failure', async () => {
    const events: VoiceQueueEvent[] = [];
    const queue = new AnnouncementQueue(
      { ...DEFAULT_VOICE, repeat: 1 },
      { kind: 'all' },
      {
        now,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        volumeAt: () => 1,
        play: (r) =>
          r.text.includes('A001') ? Promise.reject(new Error('decode failed')) : Promise.resolve(),
        onCaption: () => undefined,
        onEvent: (e) => events.push(e),
      },
    );
    queue.push(call('A001', 1));
    queue.push(call('A002', 2));
    await vi.advanceTimersByTimeAsync(1000);
    await queue.idle();
    expect(events.map((e) => `${e.kind}:${e.call.number}`)).toEqual(['failed:A001', 'spoken:A002']);
  });
});
