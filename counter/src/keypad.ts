/**
 * The counter's keypad: every clerk action has a key. Today the browser keyboard (and a USB
 * keypad in keyboard mode) drives it; a HID or serial keypad plugs in later as another
 * `Keypad` implementation.
 */
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
