/**
 * The counter's keypad: every clerk action has a key. The browser keyboard (and a USB keypad
 * in keyboard mode) drives it everywhere; inside the hall client a HID or serial keypad
 * arrives through the shell (`window.hallq.onKeypad`) as another `Keypad`.
 */
import type { CounterShell } from '../../shared/src/client/shell-bridge.ts';

export const COUNTER_ACTIONS = [
  'callNext',
  'recall',
  'start',
  'complete',
  'noShow',
  'transfer',
  'suspend',
  'pauseToggle',
  'callNumber',
  'resumeSuspended',
] as const;
export type CounterAction = (typeof COUNTER_ACTIONS)[number];

export interface Keypad {
  /** Calls `handler` for every action pressed; returns the unsubscribe function. */
  onAction(handler: (action: CounterAction) => void): () => void;
}

/** Keys of each action: a function key and a plain key for keypads in keyboard mode. */
export const KEY_BINDINGS: Readonly<Record<CounterAction, readonly string[]>> = {
  callNext: ['F1', ' ', '1'],
  recall: ['F2', '2'],
  start: ['F3', '3'],
  complete: ['F4', '4'],
  noShow: ['F5', '5'],
  transfer: ['F6', '6'],
  suspend: ['F7', '7'],
  pauseToggle: ['F8', '8'],
  callNumber: ['F9', '9'],
  resumeSuspended: ['F10', '0'],
};

/** How a key is shown on screen. */
export function keyLabel(key: string): string {
  return key === ' ' ? 'Space' : key;
}

const ACTION_OF_KEY: ReadonlyMap<string, CounterAction> = new Map(
  COUNTER_ACTIONS.flatMap((action) => KEY_BINDINGS[action].map((key) => [key, action] as const)),
);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/**
 * The keyboard as a keypad. Function keys work everywhere except in text fields; plain keys
 * (Space, digits) only when no text field has the focus and no dialog is open.
 */
export function browserKeypad(
  target: Window = globalThis.window,
  enabled: () => boolean = () => true,
): Keypad {
  return {
    onAction(handler) {
      const listener = (event: KeyboardEvent): void => {
        if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
        const action = ACTION_OF_KEY.get(event.key);
        if (action === undefined) return;
        const functionKey = event.key.startsWith('F');
        if (isTyping(event.target)) return;
        if (!functionKey && !enabled()) return;
        event.preventDefault();
        if (!enabled()) return;
        handler(action);
      };
      target.addEventListener('keydown', listener);
      return () => {
        target.removeEventListener('keydown', listener);
      };
    },
  };
}

const ACTIONS: ReadonlySet<string> = new Set(COUNTER_ACTIONS);

/** Whether a name from outside (the shell, a keypad mapping) is a counter action. */
export function isCounterAction(name: unknown): name is CounterAction {
  return typeof name === 'string' && ACTIONS.has(name);
}

/**
 * The hall client's physical keypad (HID or serial, read in the main process). Names that are
 * not counter actions are ignored, and so are presses while `enabled()` is false (a dialog
 * is open), like the keyboard's plain keys.
 */
export function shellKeypad(
  shell: Pick<CounterShell, 'onKeypad'>,
  enabled: () => boolean = () => true,
): Keypad {
  return {
    onAction(handler) {
      return shell.onKeypad((name) => {
        if (!isCounterAction(name) || !enabled()) return;
        handler(name);
      });
    },
  };
}

/** Several keypads as one: the keyboard and the shell's keypad side by side. */
export function combinedKeypad(keypads: readonly Keypad[]): Keypad {
  return {
    onAction(handler) {
      const offs = keypads.map((keypad) => keypad.onAction(handler));
      return () => {
        for (const off of offs) off();
      };
    },
  };
}
