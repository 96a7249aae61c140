/**
 * The voice of one call screen: the hall's voice settings (with the screen URL's overrides),
 * the screen's audio scope, its one `AnnouncementQueue` and the player for the voice mode.
 * Every live call becomes a `CallForVoice`; the queue decides what is spoken and when, and
 * reports the caption (always `announce()`'s text of the rendition being spoken).
 */
import type { HallConfig } from '../../shared/src/domain/model.ts';
import { localParts } from '../../shared/src/domain/time.ts';
import {
  announce,
  DEFAULT_TEMPLATE,
  type AnnouncementTemplate,
  type VoiceLang,
} from '../../shared/src/voice/announcement.ts';
import { AnnouncementQueue, type CallForVoice } from '../../shared/src/voice/queue.ts';
import {
  parseAudioScope,
  voiceSettings,
  volumeAt,
  type AudioScope,
  type VoiceMode,
  type VoiceSettings,
} from '../../shared/src/voice/settings.ts';
import { recordEvent, type VoicePlayer } from './announcer.ts';
import type { Screen } from './screen.ts';
import {
  ClipPlayer,
  WebSpeechPlayer,
  webSpeechAvailable,
  type AudioState,
} from './voice-player.ts';

/** What the screen URL may change: `?voice=`, `?repeat=`, `?hold=`, `?stale=`, `?audio=`. */
export interface VoiceOverrides {
  readonly mode?: VoiceMode;
  readonly repeat?: number;
  readonly captionHoldMs?: number;
  readonly staleAfterSec?: number;
  readonly audio?: AudioScope;
}

function positive(value: string | null, max: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, max) : undefined;
}

/** Reads the overrides from the screen URL's parameters (unknown values are ignored). */
export function voiceOverrides(param: (name: string) => string | null): VoiceOverrides {
  const mode = param('voice');
  const repeat = positive(param('repeat'), 5);
  const audio = param('audio');
  const scope = audio === null ? null : parseAudioScope(audio);
  if (audio !== null && scope === null) console.warn(`display: audio=${audio} not understood`);
  return {
    mode: mode === 'clips' || mode === 'webspeech' || mode === 'off' ? mode : undefined,
    repeat: repeat === undefined || repeat < 1 ? undefined : Math.floor(repeat),
    captionHoldMs: positive(param('hold'), 600_000),
    staleAfterSec: positive(param('stale'), 3600),
    audio: scope ?? undefined,
  };
}

/** The hall's voice settings with the screen's overrides applied. */
export function screenVoiceSettings(
  config: HallConfig | null,
  overrides: VoiceOverrides,
): VoiceSettings {
  const base = voiceSettings(config);
  return {
    ...base,
    mode: overrides.mode ?? base.mode,
    repeat: overrides.repeat ?? base.repeat,
    captionHoldMs: overrides.captionHoldMs ?? base.captionHoldMs,
    staleAfterSec: overrides.staleAfterSec ?? base.staleAfterSec,
  };
}

/**
 * The part of the hall a screen speaks for unless `?audio=` says otherwise: the hall screen
 * all of it, a zone screen its zone, a window screen its window's zone.
 */
export function defaultAudioScope(screen: Screen, config: HallConfig | null): AudioScope {
  switch (screen.kind) {
    case 'hall':
      return { kind: 'all' };
    case 'zone':
      return { kind: 'zones', zoneIds: [screen.zoneId] };
    case 'window': {
      const zoneId = config?.windows.find((w) => w.id === screen.windowId)?.zoneId;
      return zoneId === undefined ? { kind: 'all' } : { kind: 'zones', zoneIds: [zoneId] };
    }
  }
}

/** The fields of a call the voice needs (a live call, or a call record of the view). */
export interface CallFacts {
  readonly ticketId: string;
  readonly number: string;
  readonly windowId: number;
  readonly serviceId?: string | null;
  readonly recall?: boolean;
  /** When the server recorded the call (server clock). */
  readonly at?: number;
}

/**
 * A call as the queue takes it: zone and floor of its window (for the audio scope), zone and
 * service names in the screen's language. `at` is when the screen received it.
 */
export function callForVoice(
  call: CallFacts,
  config: HallConfig | null,
  lang: VoiceLang,
  at: number,
): CallForVoice {
  const zoneId = config?.windows.find((w) => w.id === call.windowId)?.zoneId;
  const zone = config?.zones.find((z) => z.id === zoneId);
  const service = config?.services.find((s) => s.id === call.serviceId);
  const en = lang === 'en';
  return {
    ticketId: call.ticketId,
    number: call.number,
    windowId: call.windowId,
    recall: call.recall ?? false,
    at,
    zoneId: zoneId ?? '',
    floorId: zone?.floorId ?? 0,
    zoneName: zone === undefined ? undefined : en ? zone.nameEn : zone.name,
    serviceId: service?.id,
    serviceName: service === undefined ? undefined : en ? service.nameEn : service.name,
  };
}

/** The caption of a call in one language: exactly what the voice says for it. */
export function callText(
  call: CallFacts,
  config: HallConfig | null,
  lang: VoiceLang,
  template: AnnouncementTemplate = DEFAULT_TEMPLATE,
): string {
  return announce(callForVoice(call, config, lang, 0), lang, template).text;
}

/** What the caption line shows while the queue speaks (or shows) a call. */
export interface ScreenCaption {
  readonly ticketId: string;
  readonly number: string;
  readonly windowId: number;
  readonly text: string;
  readonly lang: VoiceLang;
  readonly recall: boolean;
  readonly active: boolean;
}

/** `off` when the screen has nothing to enable (captions only, or no audio scope). */
export type ScreenAudioState = AudioState | 'off';

export interface ScreenVoiceOptions {
  readonly screen: Screen;
  readonly overrides: VoiceOverrides;
  readonly onCaption: (caption: ScreenCaption) => void;
  readonly onAudioState: (state: ScreenAudioState) => void;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const SILENT: VoicePlayer = {
  play: () => Promise.reject(new Error('voice is off')),
};

/** One screen's voice: settings, scope, queue and player; `configure` on every config. */
export class ScreenVoice {
  private config: HallConfig | null = null;
  private settings: VoiceSettings;
  private queue: AnnouncementQueue | null = null;
  private key = '';
  private clips: ClipPlayer | null = null;
  private clipsKey = '';
  private readonly speech: WebSpeechPlayer;
  /** Plays one rendition at a time, even across a queue replaced by a new configuration. */
  private tail: Promise<void> = Promise.resolve();
  /** The server's time of each queued call (the queue's `at` is the screen's). */
  private readonly serverAt = new WeakMap<CallForVoice, number>();
  private readonly started = new WeakSet<CallForVoice>();
  private closed = false;

  constructor(private readonly options: ScreenVoiceOptions) {
    this.settings = screenVoiceSettings(null, options.overrides);
    this.speech = new WebSpeechPlayer({
      onBlocked: () => {
        options.onAudioState('blocked');
      },
    });
  }

  /** Applies the hall's configuration; rebuilds the queue only when the voice changed. */
  configure(config: HallConfig | null): void {
    if (this.closed) return;
    this.config = config;
    const settings = screenVoiceSettings(config, this.options.overrides);
    const scope = this.options.overrides.audio ?? defaultAudioScope(this.options.screen, config);
    const key = JSON.stringify([settings, scope, config?.hall.timeZone]);
    if (key === this.key && this.queue !== null) return;
    this.key = key;
    this.settings = settings;
    this.setUpPlayer(settings, scope);
    const timeZone = config?.hall.timeZone ?? 'Asia/Shanghai';
    const player = this.playerFor(settings.mode);
    this.queue = new AnnouncementQueue(settings, scope, {
      now: () => Date.now(),
      sleep: wait,
      volumeAt: (now) => volumeAt(settings, localParts(now, timeZone).minutes),
      play: (rendition, volume) => this.serial(() => player.play(rendition, volume)),
      onCaption: ({ call, rendition, active }) => {
        if (active && !this.started.has(call)) {
          this.started.add(call);
          (window.__announced ??= []).push({
            ticketId: call.ticketId,
            number: call.number,
            windowId: call.windowId,
            text: rendition.text,
            lang: rendition.lang,
            recall: call.recall,
            at: this.serverAt.get(call) ?? call.at,
            startedAt: Date.now(),
          });
        }
        this.options.onCaption({
          ticketId: call.ticketId,
          number: call.number,
          windowId: call.windowId,
          text: rendition.text,
          lang: rendition.lang,
          recall: call.recall,
          active,
        });
      },
      onEvent: (event) => {
        (window.__voiceEvents ??= []).push(recordEvent(event, Date.now()));
      },
    });
  }

  private setUpPlayer(settings: VoiceSettings, scope: AudioScope): void {
    const wanted = settings.mode === 'clips' && scope.kind !== 'none';
    const clipsKey = JSON.stringify([settings.pack, settings.clipGapMs, settings.captionHoldMs]);
    if (this.clips !== null && (!wanted || clipsKey !== this.clipsKey)) {
      void this.clips.close();
      this.clips = null;
    }
    if (wanted && this.clips === null) {
      this.clipsKey = clipsKey;
      this.clips = new ClipPlayer({
        packUrl: `/voice/${encodeURIComponent(settings.pack)}/`,
        gapMs: settings.clipGapMs,
        fallback: webSpeechAvailable() ? this.speech : null,
        blockedHoldMs: settings.captionHoldMs,
        onAudioState: (state) => {
          if (!this.closed) this.options.onAudioState(state);
        },
      });
      this.clips.start();
    }
    if (!wanted) this.options.onAudioState(settings.mode === 'webspeech' ? 'running' : 'off');
  }

  private playerFor(mode: VoiceMode): VoicePlayer {
    if (mode === 'clips' && this.clips !== null) return this.clips;
    if (mode === 'webspeech') return this.speech;
    return SILENT;
  }

  private serial(run: () => Promise<void>): Promise<void> {
    const next = this.tail.then(run);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** The settings in force (for the caption of a call the screen shows without speaking). */
  get voice(): VoiceSettings {
    return this.settings;
  }

  /** Queues a live call; `lang` is the screen's language (zone and service names). */
  push(call: CallFacts, lang: VoiceLang): void {
    if (this.closed) return;
    if (this.queue === null) this.configure(this.config);
    const now = Date.now();
    // The screen's and the server's clocks may differ (a kiosk PC's clock drifts), so the age
    // of a call counts from when it reached this screen: live events arrive at once.
    const forVoice = callForVoice(call, this.config, lang, now);
    this.serverAt.set(forVoice, call.at ?? now);
    this.queue?.push(forVoice);
  }

  /** Lets audio play after a user gesture (the enable-voice button). */
  async enableAudio(): Promise<void> {
    await this.clips?.resume();
    this.options.onAudioState(this.clips?.audioState ?? 'running');
  }

  close(): void {
    this.closed = true;
    void this.clips?.close();
    this.clips = null;
  }
}
