/**
 * One serial announcement queue per call screen (brief §5.2). Pure: the clock, the sleeping
 * and the playing come in through `VoicePorts`, so the screen plugs in Web Audio and the
 * tests a fake clock.
 *
 * - Calls are spoken one after the other, never over each other, in the order they came.
 * - Each call is spoken `repeat` times (in every configured language), chime first.
 * - A call whose turn comes more than `staleAfterSec` after it was made is dropped unspoken.
 * - A screen speaks only for its audio scope (a floor, some zones, all, or none).
 * - A newer call for the same window replaces an older one still waiting its turn (the
 *   clerk has moved on; the older number is no longer at that window).
 * - Volume follows the time of day; in quiet hours (volume 0) the caption is shown alone.
 */
import type { CallToAnnounce } from './announcement.ts';
import { renditions, type Rendition } from './schedule.ts';
import { inAudioScope, type AudioScope, type VoiceSettings } from './settings.ts';

export interface CallForVoice extends CallToAnnounce {
  /** The ticket called (a recall carries the same key). */
  readonly ticketId: string;
  /** The zone and floor of the window, for the audio scope. */
  readonly zoneId: string;
  readonly floorId: number;
  /** When the server recorded the call, ms since epoch. */
  readonly at: number;
}

export interface Caption {
  readonly call: CallForVoice;
  readonly rendition: Rendition;
  /** False once the call has been spoken (the caption may stay, dimmed). */
  readonly active: boolean;
}

export type VoiceQueueEvent =
  | { readonly kind: 'spoken'; readonly call: CallForVoice; readonly volume: number }
  | { readonly kind: 'shown'; readonly call: CallForVoice }
  | { readonly kind: 'stale'; readonly call: CallForVoice; readonly ageMs: number }
  | { readonly kind: 'out_of_scope'; readonly call: CallForVoice }
  | { readonly kind: 'superseded'; readonly call: CallForVoice; readonly by: CallForVoice }
  | { readonly kind: 'failed'; readonly call: CallForVoice; readonly error: string };

export interface VoicePorts {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Plays one rendition at `volume` (0–1); resolves when its last clip has ended. */
  play(rendition: Rendition, volume: number): Promise<void>;
  /** The volume at `now` (time of day, quiet hours); 0 = show captions only. */
  volumeAt(now: number): number;
  onCaption(caption: Caption): void;
  onEvent?(event: VoiceQueueEvent): void;
}

export class AnnouncementQueue {
  private readonly waiting: CallForVoice[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly settings: VoiceSettings,
    private readonly scope: AudioScope,
    private readonly ports: VoicePorts,
  ) {}

  /** Calls waiting their turn (not counting the one being spoken). */
  get pending(): number {
    return this.waiting.length;
  }

  /**
   * Queues a live call. Calls outside the screen's audio scope are refused ('out_of_scope').
   */
  push(call: CallForVoice): 'queued' | 'out_of_scope' {
    if (!inAudioScope(this.scope, { id: call.zoneId, floorId: call.floorId })) {
      this.ports.onEvent?.({ kind: 'out_of_scope', call });
      return 'out_of_scope';
    }
    for (let i = this.waiting.length - 1; i >= 0; i -= 1) {
      const old = this.waiting[i];
      if (old !== undefined && (old.windowId === call.windowId || old.ticketId === call.ticketId)) {
        this.waiting.splice(i, 1);
        this.ports.onEvent?.({ kind: 'superseded', call: old, by: call });
      }
    }
    this.waiting.push(call);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return 'queued';
  }

  /** Resolves when nothing is waiting or being spoken. */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  private async drain(): Promise<void> {
    for (let call = this.waiting.shift(); call !== undefined; call = this.waiting.shift()) {
      await this.speak(call);
    }
  }

  private async speak(call: CallForVoice): Promise<void> {
    const ageMs = this.ports.now() - call.at;
    if (ageMs > this.settings.staleAfterSec * 1000) {
      this.ports.onEvent?.({ kind: 'stale', call, ageMs });
      return;
    }
    const parts = renditions(call, this.settings);
    const volume = this.settings.mode === 'off' ? 0 : this.ports.volumeAt(this.ports.now());
    const first = parts[0];
    if (first === undefined) return;
    if (volume <= 0) {
      // Quiet hours or captions only: show the first rendition for the hold time.
      this.ports.onCaption({ call, rendition: first, active: true });
      await this.ports.sleep(this.settings.captionHoldMs);
      this.ports.onCaption({ call, rendition: first, active: false });
      this.ports.onEvent?.({ kind: 'shown', call });
      return;
    }
    let last = first;
    try {
      for (const [i, rendition] of parts.entries()) {
        if (i > 0) await this.ports.sleep(this.settings.repeatGapMs);
        last = rendition;
        this.ports.onCaption({ call, rendition, active: true });
        await this.ports.play(rendition, volume);
      }
      this.ports.onEvent?.({ kind: 'spoken', call, volume });
    } catch (error) {
      this.ports.onEvent?.({
        kind: 'failed',
        call,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    this.ports.onCaption({ call, rendition: last, active: false });
  }
}
