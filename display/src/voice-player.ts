/**
 * Plays the renditions of the announcement queue (shared/src/voice/queue.ts) in the browser:
 * `ClipPlayer` lays the voice pack's clips on a Web Audio timeline (the same `scheduleClips`
 * timeline `npm run announce` mixes into a WAV), `WebSpeechPlayer` speaks the caption through
 * the OS voice. `renderOffline` renders a clip sequence without a sound card, for the tests.
 */
import type { VoicePackManifest } from '../../shared/src/voice/pack.ts';
import {
  scheduleClips,
  type ClipSchedule,
  type Rendition,
} from '../../shared/src/voice/schedule.ts';
import type { VoicePlayer } from './announcer.ts';

/** Time between scheduling and the first clip, so no clip start is already in the past. */
const LEAD_MS = 60;
/** Extra time after the expected end before a stuck audio context is given up on. */
const STUCK_MARGIN_MS = 1500;

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Fetches and checks a pack's `pack.json`. */
export async function fetchManifest(url: string): Promise<VoicePackManifest> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const body = (await response.json()) as Partial<VoicePackManifest> | null;
  if (body === null || typeof body.clips !== 'object') {
    throw new Error(`${url}: not a voice pack manifest`);
  }
  return body as VoicePackManifest;
}

/** Decodes the clips of a pack once each; a clip that fails to load is remembered as missing. */
class ClipCache {
  private readonly buffers = new Map<string, Promise<AudioBuffer | undefined>>();

  constructor(
    private readonly base: string,
    private readonly manifest: VoicePackManifest,
    private readonly context: BaseAudioContext,
  ) {}

  /**
   * The decoded clip, or undefined when the pack has no such clip or it could not be loaded.
   * Only successes are kept: a clip that failed (the screen was offline while preloading) is
   * fetched again the next time it is needed.
   */
  load(clip: string): Promise<AudioBuffer | undefined> {
    let found = this.buffers.get(clip);
    if (found === undefined) {
      found = this.fetchClip(clip);
      this.buffers.set(clip, found);
      void found.then((buffer) => {
        if (buffer === undefined) this.buffers.delete(clip);
      });
    }
    return found;
  }

  private async fetchClip(clip: string): Promise<AudioBuffer | undefined> {
    const entry = this.manifest.clips[clip];
    if (entry === undefined) return undefined;
    try {
      const response = await fetch(`${this.base}${encodeURIComponent(entry.file)}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await this.context.decodeAudioData(await response.arrayBuffer());
    } catch (error) {
      console.warn(`voice clip ${clip} (${entry.file}): ${errorText(error)}`);
      return undefined;
    }
  }

  /** The clip's length on the timeline (pack.json's, as the WAV preview), when it loaded. */
  async durations(clips: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    await Promise.all(
      clips.map(async (clip) => {
        const buffer = await this.load(clip);
        const ms = this.manifest.clips[clip]?.durationMs;
        if (buffer !== undefined && ms !== undefined) out.set(clip, ms);
      }),
    );
    return out;
  }
}

/** The folder URL of a manifest URL (`/voice/espeak-ng/pack.json` → `/voice/espeak-ng/`). */
function folderOf(manifestUrl: string): string {
  return manifestUrl.slice(0, manifestUrl.lastIndexOf('/') + 1);
}

/** Whether the browser can speak through speechSynthesis at all. */
export function webSpeechAvailable(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window;
}

export interface WebSpeechOptions {
  /** Called when the browser refuses to speak before a user gesture (`not-allowed`). */
  readonly onBlocked?: () => void;
}

/** Speaks a rendition's text (the caption) in its language through the OS voice. */
export class WebSpeechPlayer implements VoicePlayer {
  constructor(private readonly options: WebSpeechOptions = {}) {}

  play(rendition: Rendition, volume: number): Promise<void> {
    if (!webSpeechAvailable()) return Promise.reject(new Error('Web Speech is not available'));
    return new Promise((resolve, reject) => {
      const utterance = new SpeechSynthesisUtterance(rendition.text);
      utterance.lang = rendition.lang;
      utterance.volume = volume;
      let settled = false;
      // Some engines never fire `end` (no voice installed): give up after a generous time.
      const timer = setTimeout(
        () => {
          finish(null);
        },
        4000 + rendition.text.length * 400,
      );
      const finish = (error: string | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === null) resolve();
        else reject(new Error(`Web Speech: ${error}`));
      };
      utterance.onend = () => {
        finish(null);
      };
      utterance.onerror = (event) => {
        if (event.error === 'not-allowed') this.options.onBlocked?.();
        finish(event.error);
      };
      speechSynthesis.speak(utterance);
    });
  }
}

/** Whether the audio output runs, or the browser holds it until someone touches the page. */
export type AudioState = 'running' | 'blocked';

export interface ClipPlayerOptions {
  /** The pack folder URL, e.g. `/voice/espeak-ng/` (its `pack.json` is read from there). */
  readonly packUrl: string;
  /** Silence between two clips of a sentence (settings.clipGapMs). */
  readonly gapMs: number;
  /** Plays a rendition none of whose words the pack holds (Web Speech), if any. */
  readonly fallback?: VoicePlayer | null;
  /** How long `play` keeps the caption up before failing while audio is blocked, ms. */
  readonly blockedHoldMs: number;
  /** Reports changes of the audio state (show or hide the enable-voice button). */
  readonly onAudioState?: (state: AudioState) => void;
  /** A context to use (tests); default a new AudioContext. */
  readonly context?: AudioContext;
}

/**
 * Plays renditions from a voice pack through Web Audio. Each clip is fetched and decoded
 * once (all are preloaded on `start`, and any not yet loaded are loaded on first use).
 */
export class ClipPlayer implements VoicePlayer {
  readonly context: AudioContext;
  private cache: Promise<ClipCache | null> | null = null;
  private readonly playing = new Set<AudioBufferSourceNode>();

  constructor(private readonly options: ClipPlayerOptions) {
    this.context = options.context ?? new AudioContext({ latencyHint: 'playback' });
    this.context.addEventListener('statechange', () => {
      this.options.onAudioState?.(this.audioState);
    });
  }

  /** `blocked` while the browser keeps the context suspended (autoplay policy). */
  get audioState(): AudioState {
    return this.context.state === 'suspended' ? 'blocked' : 'running';
  }

  /** Reads the pack and decodes every clip in the background; reports the audio state. */
  start(): void {
    this.options.onAudioState?.(this.audioState);
    void this.clips().then(async (cache) => {
      if (cache === null) return;
      const manifest = await this.manifest();
      await Promise.all(Object.keys(manifest?.clips ?? {}).map((clip) => cache.load(clip)));
    });
  }

  /** Resumes a suspended context (call from a user gesture). */
  async resume(): Promise<void> {
    if (this.context.state === 'suspended') await this.context.resume();
  }

  /** Stops anything playing and releases the audio device. */
  async close(): Promise<void> {
    for (const source of this.playing) source.stop();
    this.playing.clear();
    if (this.context.state !== 'closed') await this.context.close();
  }

  private manifestPromise: Promise<VoicePackManifest | null> | null = null;

  private manifest(): Promise<VoicePackManifest | null> {
    this.manifestPromise ??= fetchManifest(`${this.options.packUrl}pack.json`).catch(
      (error: unknown) => {
        console.warn(`voice pack ${this.options.packUrl}: ${errorText(error)}`);
        // Not kept: the next announcement asks again (the screen may have been offline).
        this.manifestPromise = null;
        this.cache = null;
        return null;
      },
    );
    return this.manifestPromise;
  }

  private clips(): Promise<ClipCache | null> {
    this.cache ??= this.manifest().then((manifest) =>
      manifest === null ? null : new ClipCache(this.options.packUrl, manifest, this.context),
    );
    return this.cache;
  }

  async play(rendition: Rendition, volume: number): Promise<void> {
    const cache = await this.clips();
    const durations = (await cache?.durations(rendition.clips)) ?? new Map<string, number>();
    const schedule = scheduleClips(
      rendition.clips,
      (clip) => durations.get(clip),
      this.options.gapMs,
    );
    const words = schedule.items.filter((item) => item.clip !== 'chime');
    if (schedule.skipped.length > 0) {
      console.warn(`voice pack lacks ${schedule.skipped.join(', ')} for "${rendition.text}"`);
    }
    if (words.length === 0) {
      // Not one word of the sentence in the pack: the chime (if any), then the OS voice.
      const fallback = this.options.fallback ?? null;
      if (fallback === null) {
        throw new Error(`voice pack has no clip of "${rendition.text}"`);
      }
      if (schedule.items.length > 0) await this.playSchedule(schedule, volume);
      await fallback.play(rendition, volume);
      return;
    }
    await this.playSchedule(schedule, volume);
  }

  private async playSchedule(schedule: ClipSchedule, volume: number): Promise<void> {
    const context = this.context;
    if (context.state !== 'running') {
      // The browser holds audio until a tap: keep the caption up a while, then report it.
      this.options.onAudioState?.(this.audioState);
      await wait(this.options.blockedHoldMs);
      throw new Error(`audio ${context.state === 'closed' ? 'closed' : 'blocked by the browser'}`);
    }
    const clips = await this.clips();
    const buffers =
      clips === null ? [] : await Promise.all(schedule.items.map((item) => clips.load(item.clip)));
    const gain = context.createGain();
    gain.gain.value = volume;
    gain.connect(context.destination);
    const t0 = context.currentTime + LEAD_MS / 1000;
    const sources: AudioBufferSourceNode[] = [];
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        for (const source of sources) {
          this.playing.delete(source);
          source.onended = null;
        }
        resolve();
      };
      schedule.items.forEach((item, i) => {
        const buffer = buffers[i];
        if (buffer === undefined) return;
        const source = context.createBufferSource();
        source.buffer = buffer;
        source.connect(gain);
        source.start(t0 + item.atMs / 1000);
        sources.push(source);
        this.playing.add(source);
      });
      const last = sources[sources.length - 1];
      if (last !== undefined) last.onended = finish;
      // A context that stops advancing (device lost, suspended) must not block the queue.
      const timer = setTimeout(
        () => {
          for (const source of sources) {
            try {
              source.stop();
            } catch {
              // never started: nothing to stop
            }
          }
          finish();
        },
        LEAD_MS + schedule.totalMs + STUCK_MARGIN_MS,
      );
      if (last === undefined) finish();
    });
    gain.disconnect();
  }
}

/** One clip of an offline render: where it starts and how loud it came out. */
export interface RenderedClip {
  readonly clip: string;
  readonly atMs: number;
  /** The clip's length on the timeline (pack.json). */
  readonly durationMs: number;
  /** The decoded audio's length. */
  readonly decodedMs: number;
  /** RMS of the render while the clip plays. */
  readonly rms: number;
}

/** The silence between two clips of an offline render. */
export interface RenderedGap {
  readonly after: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly rms: number;
}

export interface OfflineRender {
  /** Where the timeline ends (the last clip's end). */
  readonly durationMs: number;
  /** Length of the rendered buffer. */
  readonly renderedMs: number;
  readonly sampleRate: number;
  readonly peak: number;
  readonly rms: number;
  readonly starts: readonly RenderedClip[];
  readonly gaps: readonly RenderedGap[];
  /** Clips the pack does not hold (left out of the timeline). */
  readonly skipped: readonly string[];
}

function rmsOf(samples: Float32Array, from: number, to: number): number {
  const a = Math.max(0, Math.floor(from));
  const b = Math.min(samples.length, Math.ceil(to));
  if (b <= a) return 0;
  let sum = 0;
  for (let i = a; i < b; i += 1) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / (b - a));
}

/**
 * Renders a clip sequence of a pack into an OfflineAudioContext, exactly as `ClipPlayer`
 * schedules it (same timeline, same gain path), and measures the result.
 */
export async function renderOffline(
  manifestUrl: string,
  clips: readonly string[],
  gapMs: number,
  options: { readonly sampleRate?: number; readonly volume?: number } = {},
): Promise<OfflineRender> {
  const sampleRate = options.sampleRate ?? 48_000;
  const manifest = await fetchManifest(manifestUrl);
  const decoder = new OfflineAudioContext(1, 1, sampleRate);
  const cache = new ClipCache(folderOf(manifestUrl), manifest, decoder);
  const durations = await cache.durations(clips);
  const schedule = scheduleClips(clips, (clip) => durations.get(clip), gapMs);
  const buffers = await Promise.all(schedule.items.map((item) => cache.load(item.clip)));
  let endMs = schedule.totalMs;
  schedule.items.forEach((item, i) => {
    endMs = Math.max(endMs, item.atMs + (buffers[i]?.duration ?? 0) * 1000);
  });
  const length = Math.max(1, Math.ceil(((endMs + 50) / 1000) * sampleRate));
  const context = new OfflineAudioContext(1, length, sampleRate);
  const gain = context.createGain();
  gain.gain.value = options.volume ?? 1;
  gain.connect(context.destination);
  schedule.items.forEach((item, i) => {
    const buffer = buffers[i];
    if (buffer === undefined) return;
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(gain);
    source.start(item.atMs / 1000);
  });
  const rendered = await context.startRendering();
  const samples = rendered.getChannelData(0);
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  const at = (ms: number): number => (ms / 1000) * sampleRate;
  const starts = schedule.items.map((item, i) => ({
    clip: item.clip,
    atMs: item.atMs,
    durationMs: item.durationMs,
    decodedMs: Math.round((buffers[i]?.duration ?? 0) * 1000),
    rms: rmsOf(samples, at(item.atMs), at(item.atMs + item.durationMs)),
  }));
  const gaps: RenderedGap[] = [];
  for (let i = 1; i < schedule.items.length; i += 1) {
    const before = schedule.items[i - 1];
    const next = schedule.items[i];
    if (before === undefined || next === undefined) continue;
    const fromMs = before.atMs + before.durationMs;
    gaps.push({
      after: before.clip,
      fromMs,
      toMs: next.atMs,
      rms: rmsOf(samples, at(fromMs), at(next.atMs)),
    });
  }
  return {
    durationMs: schedule.totalMs,
    renderedMs: Math.round((samples.length / sampleRate) * 1000),
    sampleRate,
    peak,
    rms: rmsOf(samples, 0, samples.length),
    starts,
    gaps,
    skipped: schedule.skipped,
  };
}
