/**
 * The voice pack: short clips named as `announce` names them (chime, zh-qing, zh-letter-A,
 * zh-digit-0, zh-shi, zh-bai, zh-hao-chuangkou-banli, en-number, zh-zone-A …). The shipped
 * pack is rendered by espeak-ng (scripts/voice-pack.ts); a hall may drop in a recorded human
 * pack with the same clip names and its own `pack.json` (README, Devices → Voice).
 */
import type { HallConfig } from '../domain/model.ts';
import { PHRASE_CLIPS, type VoiceLang } from './announcement.ts';

/** One clip of a pack as `pack.json` lists it. */
export interface VoicePackClip {
  /** File name inside the pack folder (any format Chromium decodes: .opus, .ogg, .mp3, .wav). */
  readonly file: string;
  /** What the clip says (empty for the chime). */
  readonly text: string;
  /** Length of the audio after trimming, ms. */
  readonly durationMs: number;
}

/** `pack.json` of a voice pack folder. */
export interface VoicePackManifest {
  readonly name: string;
  readonly description: string;
  readonly clips: Readonly<Record<string, VoicePackClip>>;
}

/** What the generator renders for one clip name. */
export type ClipSource =
  | { readonly kind: 'chime' }
  | { readonly kind: 'speech'; readonly lang: VoiceLang; readonly text: string };

const ZH_DIGIT_TEXT = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const EN_DIGIT_TEXT = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
];
const LETTERS = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));

/**
 * Every clip a pack for this hall should hold, with what each says: the chime, the template
 * phrases, letters A–Z, digits, 十 and 百 (window numbers up to 999), the English words, and
 * the hall's zone (专区) and service names in both languages.
 */
export function packClipSources(
  config?: Pick<HallConfig, 'zones' | 'services'>,
): Map<string, ClipSource> {
  const sources = new Map<string, ClipSource>([['chime', { kind: 'chime' }]]);
  const speech = (name: string, lang: VoiceLang, text: string): void => {
    sources.set(name, { kind: 'speech', lang, text });
  };
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const [text, name] of Object.entries(PHRASE_CLIPS[lang])) speech(name, lang, text);
  }
  for (const letter of LETTERS) {
    speech(`zh-letter-${letter}`, 'zh-CN', letter);
    speech(`en-letter-${letter}`, 'en', letter);
  }
  for (let d = 0; d <= 9; d += 1) {
    speech(`zh-digit-${d}`, 'zh-CN', ZH_DIGIT_TEXT[d] ?? '');
    speech(`en-digit-${d}`, 'en', EN_DIGIT_TEXT[d] ?? '');
  }
  speech('zh-shi', 'zh-CN', '十');
  speech('zh-bai', 'zh-CN', '百');
  for (const zone of config?.zones ?? []) {
    speech(`zh-zone-${zone.id}`, 'zh-CN', zone.name);
    speech(`en-zone-${zone.id}`, 'en', zone.nameEn);
  }
  for (const service of config?.services ?? []) {
    speech(`zh-service-${service.id}`, 'zh-CN', service.name);
    speech(`en-service-${service.id}`, 'en', service.nameEn);
  }
  return sources;
}

/** Clip names of a sequence that the pack does not hold, in order of first use. */
export function missingClips(
  clips: readonly string[],
  pack: Pick<VoicePackManifest, 'clips'>,
): string[] {
  return [...new Set(clips.filter((c) => !(c in pack.clips)))];
}
