import type { ReactNode, SyntheticEvent } from 'react';
import { Bi } from './bi.tsx';
import { PAIR_TEXT } from './text.ts';

/**
 * An on-screen keypad for touch screens without a keyboard (kiosks, call screens): its keys,
 * then delete and clear. It types into whichever field has the focus, and keeps that focus.
 */
export function Keypad(props: {
  readonly keys: readonly string[];
  readonly disabled: boolean;
  readonly onKey: (key: string) => void;
  readonly onBackspace: () => void;
  readonly onClear: () => void;
}): ReactNode {
  // mousedown would move the focus away from the field being typed into.
  const keep = (event: SyntheticEvent): void => {
    event.preventDefault();
  };
  return (
    <div
      className="pg-keypad"
      role="group"
      aria-label={`${PAIR_TEXT.keypad.zh} ${PAIR_TEXT.keypad.en}`}
    >
      {props.keys.map((key) => (
        <button
          key={key}
          type="button"
          className="pg-key"
          disabled={props.disabled}
          onMouseDown={keep}
          onClick={() => {
            props.onKey(key);
          }}
        >
          {key}
        </button>
      ))}
      <button
        type="button"
        className="pg-key pg-key-wide"
        disabled={props.disabled}
        onMouseDown={keep}
        onClick={props.onBackspace}
      >
        <Bi text={PAIR_TEXT.backspace} />
      </button>
      <button
        type="button"
        className="pg-key pg-key-wide"
        disabled={props.disabled}
        onMouseDown={keep}
        onClick={props.onClear}
      >
        <Bi text={PAIR_TEXT.clear} />
      </button>
    </div>
  );
}
