/**
 * The "announcer" the call screens call for every new call. Today's browser implementation
 * shows the caption (and speaks through Web Speech when asked); the voice issue plugs in a
 * Web Audio clip player behind the same interface.
 */
import type { Lang } from '../../shared/src/ui/index.ts';

/** One call to announce: what to show as caption and, where there is a voice, to speak. */
export interface Announcement {
  readonly number: string;
  readonly windowId: number;
  /** The spoken text, also the caption (e.g. 请 A001 号 到 5 号窗口办理). */
  readonly text: string;
  readonly lang: Lang;
  /** A recall (重呼) rather than the first call. */
  readonly recall: boolean;
  /** When the server recorded the call (ms since epoch). */
  readonly at: number;
}

export interface Announcer {
  /** Resolves when the announcement has finished (caption shown long enough, voice spoken). */
  announce(call: Announcement): Promise<void>;
}

declare global {
  interface Window {
    /** Every announcement this page started, oldest first (read by the browser tests). */
    __announced?: Announcement[];
  }
}

/** Runs announcements one after the other, so a new call never cuts the current one. */
export class SerialAnnouncer implements Announcer {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly inner: Announcer) {}

  announce(call: Announcement): Promise<void> {
    const next = this.tail.then(() => this.inner.announce(call)).catch(() => undefined);
    this.tail = next;
    return next;
  }
}

export interface BrowserAnnouncerOptions {
  /** Shows the caption; `active` is false once the announcement has finished. */
  readonly onCaption: (call: Announcement, active: boolean) => void;
  /** Speak through the browser's speechSynthesis (`?voice=webspeech`). */
  readonly webSpeech: boolean;
  /** How long a caption is held when nothing is spoken, in ms. */
  readonly holdMs: number;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function speak(call: Announcement): Promise<void> {
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(call.text);
    utterance.lang = call.lang;
    utterance.onend = () => {
      resolve();
    };
    utterance.onerror = () => {
      resolve();
    };
    speechSynthesis.speak(utterance);
  });
}

/** The browser announcer: caption always, Web Speech only when asked for and available. */
export class BrowserAnnouncer implements Announcer {
  constructor(private readonly options: BrowserAnnouncerOptions) {}

  async announce(call: Announcement): Promise<void> {
    (window.__announced ??= []).push(call);
    this.options.onCaption(call, true);
    const started = Date.now();
    if (this.options.webSpeech && 'speechSynthesis' in window) await speak(call);
    const left = this.options.holdMs - (Date.now() - started);
    if (left > 0) await wait(left);
    this.options.onCaption(call, false);
  }
}
