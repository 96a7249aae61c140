/**
 * What a call screen says: the caption text and the sequence of voice-pack clips that speak
 * it (brief §5.2). Pure — the display plays the clips, the `announce` tool renders them.
 *
 * Templates hold placeholders: {number} (spoken letter by letter and digit by digit: A 零零一),
 * {window} (a window number up to 999, spoken as a number: 一百零五), {zone}, {service} and
 * {name} (a masked name, where the hall shows one). Literal parts are looked up in the voice
 * pack's phrase list; a literal without a clip is reported in `missing`, so a hall that writes
 * its own template knows which clips to record (or lets the display fall back to speech).
 */

export type VoiceLang = 'zh-CN' | 'en';

export interface AnnouncementTemplate {
  readonly zh: string;
  readonly en: string;
  /** Said first on a recall (重呼), e.g. 「请注意」; empty = nothing added. */
  readonly recallZh: string;
  readonly recallEn: string;
}

export const DEFAULT_TEMPLATE: AnnouncementTemplate = {
  zh: '请{number}号到{window}号窗口办理',
  en: 'Number {number}, please go to window {window}',
  recallZh: '请注意',
  recallEn: 'Attention',
};

export interface CallToAnnounce {
  readonly number: string;
  readonly windowId: number;
  /** The window's zone: its clip is `zh-zone-<id>` / `en-zone-<id>` when the pack has one. */
  readonly zoneId?: string;
  readonly zoneName?: string;
  /** The ticket's service: clip `zh-service-<id>` / `en-service-<id>`. */
  readonly serviceId?: string;
  readonly serviceName?: string;
  readonly maskedName?: string;
  readonly recall: boolean;
}

export interface Announcement {
  /** The caption: exactly what is spoken. */
  readonly text: string;
  /** Clip names of the voice pack, in order, starting with the chime. */
  readonly clips: readonly string[];
  /** Literal words with no clip in the pack (speak them another way or record them). */
  readonly missing: readonly string[];
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/**
 * Phrases of the shipped pack: literal text → clip name. Longer phrases are matched first,
 * so 「号窗口办理」 is one fluent clip rather than three.
 */
export const PHRASE_CLIPS: Readonly<Record<VoiceLang, Readonly<Record<string, string>>>> = {
  'zh-CN': {
    请: 'zh-qing',
    号: 'zh-hao',
    到: 'zh-dao',
    号窗口: 'zh-hao-chuangkou',
    号窗口办理: 'zh-hao-chuangkou-banli',
    办理: 'zh-banli',
    请注意: 'zh-qing-zhuyi',
    专区: 'zh-zhuanqu',
  },
  en: {
    number: 'en-number',
    'please go to window': 'en-please-go-to-window',
    'please go to': 'en-please-go-to',
    window: 'en-window',
    attention: 'en-attention',
  },
};

/** 0–999 as spoken in Mandarin: 五, 十二, 二十, 一百零五, 一百一十. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999)
    throw new RangeError(`window number ${n} is outside 0–999`);
  if (n < 10) return ZH_DIGITS[n] ?? '';
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let text = '';
  if (hundreds > 0) text += `${ZH_DIGITS[hundreds] ?? ''}百`;
  if (tens > 0) text += hundreds === 0 && tens === 1 ? '十' : `${ZH_DIGITS[tens] ?? ''}十`;
  else if (hundreds > 0 && ones > 0) text += '零';
  if (ones > 0) text += ZH_DIGITS[ones] ?? '';
  return text;
}

/** Clip names for the characters of a Chinese number (十 and 百 have their own clips). */
function chineseNumberClips(text: string): string[] {
  return Array.from(text, (ch) => {
    const digit = ZH_DIGITS.indexOf(ch as (typeof ZH_DIGITS)[number]);
    if (digit >= 0) return `zh-digit-${digit}`;
    return ch === '十' ? 'zh-shi' : 'zh-bai';
  });
}

/** A ticket number spoken one sign at a time: letters by name, digits one by one (零零一). */
function numberParts(number: string, lang: VoiceLang): { text: string; clips: string[] } {
  const prefix = lang === 'en' ? 'en' : 'zh';
  const clips: string[] = [];
  for (const ch of number.toUpperCase()) {
    if (/[A-Z]/.test(ch)) clips.push(`${prefix}-letter-${ch}`);
    else if (/\d/.test(ch)) clips.push(`${prefix}-digit-${ch}`);
  }
  // The caption shows the printed number; the clips spell it.
  return { text: number.toUpperCase(), clips };
}

function windowParts(windowId: number, lang: VoiceLang): { text: string; clips: string[] } {
  if (lang === 'en') {
    return { text: String(windowId), clips: Array.from(String(windowId), (d) => `en-digit-${d}`) };
  }
  return { text: String(windowId), clips: chineseNumberClips(chineseNumber(windowId)) };
}

/** Splits literal text into known phrases (longest first); unknown runs go to `missing`. */
function literalClips(literal: string, lang: VoiceLang, missing: string[]): string[] {
  const phrases = PHRASE_CLIPS[lang];
  const keys = Object.keys(phrases).sort((a, b) => b.length - a.length);
  const clips: string[] = [];
  const text = lang === 'en' ? literal.toLowerCase().replace(/[,.!?;:]/g, ' ') : literal;
  let i = 0;
  let unknown = '';
  const flush = (): void => {
    if (unknown.trim() !== '') missing.push(unknown.trim());
    unknown = '';
  };
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch) || /[，。、！？]/.test(ch)) {
      if (lang === 'en') flush();
      i += 1;
      continue;
    }
    const match = keys.find(
      (k) => text.startsWith(k, i) && (lang !== 'en' || !/[a-z]/.test(text[i + k.length] ?? '')),
    );
    if (match === undefined) {
      unknown += ch;
      i += 1;
      continue;
    }
    flush();
    clips.push(phrases[match] ?? '');
    i += match.length;
  }
  flush();
  return clips;
}

/** Builds the caption and the clip sequence of one call. */
export function announce(
  call: CallToAnnounce,
  lang: VoiceLang,
  template: AnnouncementTemplate = DEFAULT_TEMPLATE,
): Announcement {
  const body = lang === 'en' ? template.en : template.zh;
  const recallWord = call.recall ? (lang === 'en' ? template.recallEn : template.recallZh) : '';
  const source = recallWord === '' ? body : `${recallWord}${lang === 'en' ? ', ' : '，'}${body}`;
  const clips: string[] = ['chime'];
  const missing: string[] = [];
  let text = '';
  const pattern = /\{(number|window|zone|service|name)\}/g;
  let last = 0;
  for (const match of source.matchAll(pattern)) {
    const literal = source.slice(last, match.index);
    text += literal;
    clips.push(...literalClips(literal, lang, missing));
    const key = match[1];
    if (key === 'number') {
      const part = numberParts(call.number, lang);
      text += part.text;
      clips.push(...part.clips);
    } else if (key === 'window') {
      const part = windowParts(call.windowId, lang);
      text += part.text;
      clips.push(...part.clips);
    } else {
      const value =
        key === 'zone' ? call.zoneName : key === 'service' ? call.serviceName : call.maskedName;
      const id = key === 'zone' ? call.zoneId : key === 'service' ? call.serviceId : undefined;
      text += value ?? '';
      if (id !== undefined) clips.push(`${lang === 'en' ? 'en' : 'zh'}-${key}-${id}`);
      else if (value !== undefined && value !== '') missing.push(value);
    }
    last = match.index + match[0].length;
  }
  const tail = source.slice(last);
  text += tail;
  clips.push(...literalClips(tail, lang, missing));
  return { text, clips, missing };
}
