/**
 * When each clip of an announcement starts: the one timeline both the call screen (Web Audio)
 * and `npm run announce` (WAV) play, so what staff preview is what the hall hears.
 */
import { announce, type CallToAnnounce, type VoiceLang } from './announcement.ts';
import type { VoiceSettings } from './settings.ts';

/** Silence after the chime before the first word, ms. */
export const AFTER_CHIME_MS = 250;

/** One spoken rendition of a call: one language, one repetition, its caption and clips. */
export interface Rendition {
  readonly lang: VoiceLang;
  /** 0 for the first time the call is spoken. */
  readonly repetition: number;
  readonly text: string;
  readonly clips: readonly string[];
}

/**
 * The renditions of one call in the order they are spoken: each repetition speaks every
 * configured language; only the very first starts with the chime.
 */
export function renditions(
  call: CallToAnnounce,
  settings: Pick<VoiceSettings, 'languages' | 'template' | 'repeat'>,
): Rendition[] {
  const out: Rendition[] = [];
  const repeat = Math.max(1, Math.floor(settings.repeat));
  const languages = settings.languages.length === 0 ? (['zh-CN'] as const) : settings.languages;
  for (let repetition = 0; repetition < repeat; repetition += 1) {
    for (const lang of languages) {
      const a = announce(call, lang, settings.template);
      const clips = out.length === 0 ? a.clips : a.clips.filter((c) => c !== 'chime');
      out.push({ lang, repetition, text: a.text, clips });
    }
  }
  return out;
}

export interface ScheduledClip {
  readonly clip: string;
  readonly atMs: number;
  readonly durationMs: number;
}

export interface ClipSchedule {
  readonly items: readonly ScheduledClip[];
  /** When the last clip ends, ms after the start. */
  readonly totalMs: number;
  /** Clips the pack does not hold (left out of the timeline). */
  readonly skipped: readonly string[];
}

/**
 * Lays clips end to end with `gapMs` of silence between words (a longer pause after the
 * chime). Clips with no known duration are skipped and reported.
 */
export function scheduleClips(
  clips: readonly string[],
  durationOf: (clip: string) => number | undefined,
  gapMs: number,
  startMs = 0,
): ClipSchedule {
  const items: ScheduledClip[] = [];
  const skipped: string[] = [];
  let at = startMs;
  let end = startMs;
  for (const clip of clips) {
    const durationMs = durationOf(clip);
    if (durationMs === undefined) {
      skipped.push(clip);
      continue;
    }
    items.push({ clip, atMs: at, durationMs });
    end = at + durationMs;
    at = end + (clip === 'chime' ? AFTER_CHIME_MS : gapMs);
  }
  return { items, totalMs: end, skipped };
}

/** The whole timeline of a call: every rendition, `repeatGapMs` apart (for the WAV preview). */
export function scheduleCall(
  call: CallToAnnounce,
  settings: Pick<VoiceSettings, 'languages' | 'template' | 'repeat' | 'clipGapMs' | 'repeatGapMs'>,
  durationOf: (clip: string) => number | undefined,
): ClipSchedule {
  const items: ScheduledClip[] = [];
  const skipped: string[] = [];
  let start = 0;
  let total = 0;
  for (const r of renditions(call, settings)) {
    const part = scheduleClips(r.clips, durationOf, settings.clipGapMs, start);
    items.push(...part.items);
    skipped.push(...part.skipped);
    total = part.totalMs;
    start = total + settings.repeatGapMs;
  }
  return { items, totalMs: total, skipped };
}
