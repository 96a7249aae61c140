/**
 * The exit PIN prompt (退出锁定): the shell opens it over a locked kiosk, call screen or
 * rating pad after the admin's exit gesture. The PIN is typed on the on-screen keypad (or a
 * keyboard) and checked by the shell (`window.hallqExit`, ExitBridge) against the device's
 * PIN hash; a right PIN quits the client, Cancel leaves the device locked.
 */
import { useEffect, useState, type ReactNode, type SyntheticEvent } from 'react';
import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './pages.css';
import {
  exitBridge,
  type BilingualText,
  type ExitBridge,
  type ExitResult,
} from '../../shared/src/client/shell-bridge.ts';
import { Bi } from './bi.tsx';
import { Keypad } from './keypad.tsx';
import { EXIT_TEXT, PAIR_TEXT } from './text.ts';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'quitting' }
  | {
      readonly kind: 'refused';
      readonly message: BilingualText;
      /** Browser time until which the shell refuses PINs; null = not locked. */
      readonly lockedUntil: number | null;
    };

export function ExitPage(props: { readonly bridge: ExitBridge | undefined }): ReactNode {
  const { bridge } = props;
  const [pin, setPin] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [now, setNow] = useState(() => Date.now());
  const lockedUntil = phase.kind === 'refused' ? phase.lockedUntil : null;
  const locked = lockedUntil !== null && now < lockedUntil;
  const disabled =
    bridge === undefined || phase.kind === 'checking' || phase.kind === 'quitting' || locked;

  useEffect(() => {
    if (lockedUntil === null) return;
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 500);
    return () => {
      clearInterval(timer);
    };
  }, [lockedUntil]);

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (bridge === undefined || disabled) return;
    if (!/^\d{4,12}$/.test(pin)) {
      setPhase({ kind: 'refused', message: EXIT_TEXT.pinShort, lockedUntil: null });
      return;
    }
    setPhase({ kind: 'checking' });
    let result: ExitResult;
    try {
      result = await bridge.submit({ pin });
    } catch {
      setPhase({ kind: 'refused', message: PAIR_TEXT.shellFailed, lockedUntil: null });
      return;
    }
    setPin('');
    if (result.ok) {
      setPhase({ kind: 'quitting' });
      return;
    }
    const at = Date.now();
    setNow(at);
    setPhase({
      kind: 'refused',
      message: result.message,
      lockedUntil: result.retryAfterMs === null ? null : at + result.retryAfterMs,
    });
  };

  const cancel = (): void => {
    void bridge?.cancel();
  };

  return (
    <main className="pg-page pg-exit">
      <h1>
        <Bi text={EXIT_TEXT.title} />
      </h1>
      {bridge === undefined ? (
        <p className="pg-alert pg-alert-error" role="alert">
          <Bi text={PAIR_TEXT.noShell} />
        </p>
      ) : (
        <p className="pg-intro">
          <Bi text={EXIT_TEXT.intro} />
        </p>
      )}
      <form
        className="pg-exit-form"
        noValidate
        onSubmit={(event) => {
          void submit(event);
        }}
      >
        <label className="pg-field">
          <Bi text={EXIT_TEXT.pinLabel} className="pg-label" />
          <input
            name="pin"
            type="password"
            className="pg-input pg-code"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={pin}
            disabled={disabled}
            aria-invalid={phase.kind === 'refused'}
            onChange={(event) => {
              setPin(event.target.value.replace(/\D/g, '').slice(0, 12));
            }}
          />
        </label>
        <Keypad
          keys={DIGITS}
          disabled={disabled}
          onKey={(key) => {
            setPin((p) => (p + key).slice(0, 12));
          }}
          onBackspace={() => {
            setPin((p) => p.slice(0, -1));
          }}
          onClear={() => {
            setPin('');
          }}
        />
        <div className="pg-exit-buttons">
          <button type="button" className="pg-cancel" onClick={cancel}>
            <Bi text={EXIT_TEXT.cancel} />
          </button>
          <button type="submit" className="pg-submit" disabled={disabled}>
            <Bi text={EXIT_TEXT.confirm} />
          </button>
        </div>
        {phase.kind === 'checking' ? (
          <div className="pg-status pg-status-busy" aria-live="polite">
            <span className="pg-spinner" aria-hidden="true" />
            <Bi text={EXIT_TEXT.checking} />
          </div>
        ) : phase.kind === 'quitting' ? (
          <div className="pg-status pg-status-ok" role="status">
            <Bi text={EXIT_TEXT.quitting} />
          </div>
        ) : phase.kind === 'refused' ? (
          <div className="pg-status pg-status-error" role="alert">
            <Bi text={phase.message} />
            {locked ? (
              <Bi
                className="pg-hint pg-exit-wait"
                text={{
                  zh: EXIT_TEXT.lockedFor.zh.replace(
                    '{s}',
                    String(Math.ceil((lockedUntil - now) / 1000)),
                  ),
                  en: EXIT_TEXT.lockedFor.en.replace(
                    '{s}',
                    String(Math.ceil((lockedUntil - now) / 1000)),
                  ),
                }}
              />
            ) : null}
          </div>
        ) : null}
      </form>
    </main>
  );
}

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<ExitPage bridge={exitBridge()} />);
