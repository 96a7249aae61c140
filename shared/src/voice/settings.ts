/**
 * How a hall's call screens speak (brief §5.2): voice mode, languages, template, repeats,
 * gaps, how old a call may be and still be spoken, volume per time of day and quiet hours.
 * Every field has a default, so a hall configuration may leave `voice` out entirely.
 */
import type { HallConfig } from '../domain/model.ts';
import { DEFAULT_TEMPLATE, type AnnouncementTemplate, type VoiceLang } from './announcement.ts';

/** clips: Web Audio with the voice pack; webspeech: the OS voice; off: captions only. */
export type VoiceMode = 'clips' | 'webspeech' | 'off';

/** From `from` (hall local time, HH:MM) until the next period the volume is `volume` (0–1). */
export interface VolumePeriod {
  readonly from: string;
  readonly volume: number;
}

/** A quiet period (HH:MM–HH:MM, may wrap midnight): captions only, nothing heard. */
export interface QuietHours {
  readonly from: string;
  readonly to: string;
}

export interface VoiceSettings {
  readonly mode: VoiceMode;
  /** The voice pack served under /voice/<pack>/ (a recorded human pack drops in here). */
  readonly pack: string;
  /** Spoken in this order on every repetition, e.g. ['zh-CN'] or ['zh-CN', 'en']. */
  readonly languages: readonly VoiceLang[];
  readonly template: AnnouncementTemplate;
  /** How many times each call is spoken (the chime only before the first). */
  readonly repeat: number;
  /** Silence between two clips of one sentence, ms. */
  readonly clipGapMs: number;
  /** Silence between two repetitions (or languages), ms. */
  readonly repeatGapMs: number;
  /** A call older than this when its turn comes is shown, not spoken (seconds). */
  readonly staleAfterSec: number;
  /** Volume through the day; before the first period the last one of the day applies. */
  readonly volume: readonly VolumePeriod[];
  readonly quietHours: readonly QuietHours[];
  /** How long a caption stays when nothing is heard (quiet hours, mode off), ms. */
  readonly captionHoldMs: number;
}

export const DEFAULT_VOICE: VoiceSettings = {
  mode: 'clips',
  pack: 'espeak-ng',
  languages: ['zh-CN'],
  template: DEFAULT_TEMPLATE,
  repeat: 2,
  clipGapMs: 30,
  repeatGapMs: 800,
  staleAfterSec: 60,
  volume: [
    { from: '08:00', volume: 1 },
    { from: '12:00', volume: 0.7 },
    { from: '14:00', volume: 1 },
    { from: '18:00', volume: 0.6 },
  ],
  quietHours: [],
  captionHoldMs: 4000,
};

/** The hall's voice settings with every missing field taken from the defaults. */
export function voiceSettings(config: Pick<HallConfig, 'voice'> | null): VoiceSettings {
  const own = config?.voice;
  if (own === undefined) return DEFAULT_VOICE;
  return {
    ...DEFAULT_VOICE,
    ...own,
    template: { ...DEFAULT_VOICE.template, ...own.template },
  };
}

function minutesOf(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (match === null) return 0;
  return Number(match[1]) * 60 + Number(match[2]);
}

function inQuiet(q: QuietHours, minutes: number): boolean {
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

/** The volume (0–1) at a local time of day given in minutes after midnight. */
export function volumeAt(settings: VoiceSettings, minutes: number): number {
  if (settings.mode === 'off') return 0;
  if (settings.quietHours.some((q) => inQuiet(q, minutes))) return 0;
  if (settings.volume.length === 0) return 1;
  const sorted = [...settings.volume].sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
  let current = sorted[sorted.length - 1];
  for (const period of sorted) if (minutesOf(period.from) <= minutes) current = period;
  return Math.min(1, Math.max(0, current?.volume ?? 1));
}

/**
 * The part of the hall a screen speaks for: every call, the windows of some floors or some
 * zones, or none (a silent screen).
 */
export type AudioScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'floors'; readonly floorIds: readonly number[] }
  | { readonly kind: 'zones'; readonly zoneIds: readonly string[] }
  | { readonly kind: 'none' };

/**
 * Parses a screen's audio parameter: `all`, `none`, `floor:1` / `floor:1,4`, `zone:A` /
 * `zone:A,B`. Null when not understood.
 */
export function parseAudioScope(value: string): AudioScope | null {
  const v = value.trim();
  if (v === 'all') return { kind: 'all' };
  if (v === 'none' || v === 'off') return { kind: 'none' };
  const floors = /^floors?:(\d{1,3}(?:,\d{1,3})*)$/.exec(v);
  if (floors?.[1] !== undefined)
    return { kind: 'floors', floorIds: floors[1].split(',').map(Number) };
  const zones = /^zones?:([A-Za-z]{1,4}(?:,[A-Za-z]{1,4})*)$/.exec(v);
  if (zones?.[1] !== undefined)
    return { kind: 'zones', zoneIds: zones[1].split(',').map((id) => id.toUpperCase()) };
  return null;
}

/** Whether a call at a window of `zone` is spoken by a screen with this scope. */
export function inAudioScope(
  scope: AudioScope,
  zone: { readonly id: string; readonly floorId: number },
): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'floors':
      return scope.floorIds.includes(zone.floorId);
    case 'zones':
      return scope.zoneIds.includes(zone.id);
  }
}
