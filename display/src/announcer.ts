/**
 * The call screen's voice device interface and what it records for the browser tests.
 *
 * The screen's one `AnnouncementQueue` (shared/src/voice/queue.ts) decides what is spoken and
 * when; a `VoicePlayer` only plays one rendition. The browser has two (voice-player.ts: the
 * Web Audio clip player and Web Speech); a kiosk shell could supply its own.
 */
import type { VoiceQueueEvent } from '../../shared/src/voice/queue.ts';
import type { Rendition } from '../../shared/src/voice/schedule.ts';
import type { VoiceLang } from '../../shared/src/voice/announcement.ts';
import type { OfflineRender } from './voice-player.ts';

export interface VoicePlayer {
  /** Plays one rendition at `volume` (0–1); resolves when its last clip has ended. */
  play(rendition: Rendition, volume: number): Promise<void>;
}

/** A call as it started on this screen (its first rendition, or its caption when silent). */
export interface AnnouncedCall {
  readonly ticketId: string;
  readonly number: string;
  readonly windowId: number;
  /** The caption of the first rendition: `announce()`'s text, e.g. 请A001号到5号窗口办理. */
  readonly text: string;
  readonly lang: VoiceLang;
  /** A recall (重呼) rather than the first call. */
  readonly recall: boolean;
  /** When the server recorded the call (server clock, ms since epoch). */
  readonly at: number;
  /** When this screen started it (screen clock, ms since epoch). */
  readonly startedAt: number;
}

/** A queue event as recorded for the tests (flat, with the screen's time it happened). */
export interface RecordedVoiceEvent {
  readonly kind: VoiceQueueEvent['kind'];
  readonly ticketId: string;
  readonly number: string;
  readonly windowId: number;
  /** Screen clock, ms since epoch. */
  readonly time: number;
  readonly volume?: number;
  readonly ageMs?: number;
  readonly error?: string;
  /** For `superseded`: the number of the newer call. */
  readonly by?: string;
}

declare global {
  interface Window {
    /** Every call this page started announcing, oldest first (read by the browser tests). */
    __announced?: AnnouncedCall[];
    /** Every event of the page's announcement queue, oldest first (read by the tests). */
    __voiceEvents?: RecordedVoiceEvent[];
    /** Test hooks of the voice player. */
    __voice?: {
      readonly renderOffline: (
        manifestUrl: string,
        clips: readonly string[],
        gapMs: number,
      ) => Promise<OfflineRender>;
    };
  }
}

/** Flattens a queue event for `window.__voiceEvents`. */
export function recordEvent(event: VoiceQueueEvent, time: number): RecordedVoiceEvent {
  const { call } = event;
  const base = { ticketId: call.ticketId, number: call.number, windowId: call.windowId, time };
  switch (event.kind) {
    case 'spoken':
      return { kind: event.kind, ...base, volume: event.volume };
    case 'stale':
      return { kind: event.kind, ...base, ageMs: event.ageMs };
    case 'failed':
      return { kind: event.kind, ...base, error: event.error };
    case 'superseded':
      return { kind: event.kind, ...base, by: event.by.number };
    case 'shown':
    case 'out_of_scope':
      return { kind: event.kind, ...base };
  }
}
