/**
 * The hall client's first-run page (设备配对): the server address and the 8-digit code the
 * admin made, big enough for a touch screen, with an on-screen keypad (a kiosk has no
 * keyboard). It talks to the shell only through `window.hallqPairing` (PairingBridge); the
 * shell checks everything again and, once paired, loads the device's UI in its place.
 */
import { useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './pages.css';
import {
  pairingBridge,
  type BilingualText,
  type PairingBridge,
  type PairingFailure,
  type PairingResult,
} from '../../shared/src/client/shell-bridge.ts';
import { Bi } from './bi.tsx';
import { Keypad } from './keypad.tsx';
import { PAIR_TEXT, ROLE_TEXT, codeDigits, formatCode } from './text.ts';

type Field = 'server' | 'code';

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'paired'; readonly result: Extract<PairingResult, { ok: true }> }
  | {
      readonly kind: 'failed';
      readonly message: BilingualText;
      readonly detail: string | null;
      /** The field the person should look at again. */
      readonly field: Field | null;
    };

/** Which field each of the shell's failures points at. */
const FIELD_OF: Readonly<Record<PairingFailure, Field | null>> = {
  invalid_address: 'server',
  unreachable: 'server',
  bad_reply: 'server',
  invalid_code: 'code',
  expired: 'code',
  too_many_attempts: 'code',
  server_error: null,
};

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0', ':'] as const;

export function PairPage(props: { readonly bridge: PairingBridge | undefined }): ReactNode {
  const { bridge } = props;
  const [server, setServer] = useState(bridge?.lastServerUrl ?? '');
  const [code, setCode] = useState('');
  const [focused, setFocused] = useState<Field>(server === '' ? 'server' : 'code');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const serverRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  const busy = phase.kind === 'busy' || phase.kind === 'paired';
  const disabled = busy || bridge === undefined;
  const wrongField = phase.kind === 'failed' ? phase.field : null;

  const fail = (
    message: BilingualText,
    field: Field | null,
    detail: string | null = null,
  ): void => {
    setPhase({ kind: 'failed', message, detail, field });
    if (field === 'server') serverRef.current?.focus();
    if (field === 'code') codeRef.current?.focus();
  };

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (bridge === undefined || busy) return;
    if (server.trim() === '') {
      fail(PAIR_TEXT.serverEmpty, 'server');
      return;
    }
    if (code.length !== 8) {
      fail(PAIR_TEXT.codeShort, 'code');
      return;
    }
    setPhase({ kind: 'busy' });
    let result: PairingResult;
    try {
      result = await bridge.submit({ serverUrl: server.trim(), code });
    } catch (error) {
      fail(PAIR_TEXT.shellFailed, null, error instanceof Error ? error.message : String(error));
      return;
    }
    if (result.ok) {
      setPhase({ kind: 'paired', result });
      return;
    }
    fail(result.message, FIELD_OF[result.reason], result.detail);
  };

  const type = (key: string): void => {
    if (focused === 'code') setCode((c) => codeDigits(c + key));
    else setServer((s) => (s + key).slice(0, 200));
  };
  const backspace = (): void => {
    if (focused === 'code') setCode((c) => c.slice(0, -1));
    else setServer((s) => s.slice(0, -1));
  };
  const clear = (): void => {
    if (focused === 'code') setCode('');
    else setServer('');
  };

  return (
    <main className="pg-page">
      <header className="pg-header">
        <Bi text={PAIR_TEXT.product} className="pg-product" />
        <h1>
          <Bi text={PAIR_TEXT.title} />
        </h1>
      </header>

      {bridge === undefined ? (
        <p className="pg-alert pg-alert-error" role="alert">
          <Bi text={PAIR_TEXT.noShell} />
        </p>
      ) : bridge.reason === 'revoked' ? (
        <p className="pg-alert pg-alert-warn" role="alert">
          <Bi text={PAIR_TEXT.revoked} />
        </p>
      ) : null}

      <div className="pg-body">
        <form
          className="pg-form"
          noValidate
          onSubmit={(event) => {
            void submit(event);
          }}
        >
          <p className="pg-intro">
            <Bi text={PAIR_TEXT.intro} />
          </p>

          <label className={`pg-field ${wrongField === 'server' ? 'pg-field-wrong' : ''}`}>
            <Bi text={PAIR_TEXT.serverLabel} className="pg-label" />
            <input
              ref={serverRef}
              name="server"
              className="pg-input"
              autoFocus={focused === 'server'}
              value={server}
              disabled={disabled}
              autoComplete="off"
              spellCheck={false}
              inputMode="url"
              aria-invalid={wrongField === 'server'}
              onFocus={() => {
                setFocused('server');
              }}
              onChange={(event) => {
                setServer(event.target.value.slice(0, 200));
              }}
              placeholder="192.168.1.10:8080"
            />
            <Bi text={PAIR_TEXT.serverHint} className="pg-hint" />
          </label>

          <label className={`pg-field ${wrongField === 'code' ? 'pg-field-wrong' : ''}`}>
            <Bi text={PAIR_TEXT.codeLabel} className="pg-label" />
            <input
              ref={codeRef}
              name="code"
              className="pg-input pg-code"
              autoFocus={focused === 'code'}
              value={formatCode(code)}
              disabled={disabled}
              autoComplete="one-time-code"
              inputMode="numeric"
              aria-invalid={wrongField === 'code'}
              onFocus={() => {
                setFocused('code');
              }}
              onChange={(event) => {
                setCode(codeDigits(event.target.value));
              }}
              placeholder="0000-0000"
            />
            <Bi text={PAIR_TEXT.codeHint} className="pg-hint" />
          </label>

          <button type="submit" className="pg-submit" disabled={disabled}>
            <Bi text={PAIR_TEXT.submit} />
          </button>

          <Status phase={phase} />
        </form>

        <Keypad
          keys={KEYS}
          disabled={disabled}
          onKey={type}
          onBackspace={backspace}
          onClear={clear}
        />
      </div>

      <footer className="pg-footer">
        {PAIR_TEXT.version.zh} {PAIR_TEXT.version.en}: {bridge?.appVersion ?? '—'}
      </footer>
    </main>
  );
}

function Status(props: { readonly phase: Phase }): ReactNode {
  const { phase } = props;
  switch (phase.kind) {
    case 'idle':
      return <div className="pg-status" aria-live="polite" />;
    case 'busy':
      return (
        <div className="pg-status pg-status-busy" aria-live="polite" aria-busy="true">
          <span className="pg-spinner" aria-hidden="true" />
          <Bi text={PAIR_TEXT.busy} />
        </div>
      );
    case 'paired': {
      const { result } = phase;
      const role = ROLE_TEXT[result.role];
      const at = result.windowId;
      return (
        <div className="pg-status pg-status-ok" role="status" aria-live="polite">
          <strong>
            <Bi text={PAIR_TEXT.paired} />
          </strong>
          <Bi
            text={{
              zh: `${result.deviceName}（${role.zh}${at === null ? '' : `，${at}号窗口`}）· ${result.hallName}`,
              en: `${result.deviceName} (${role.en}${at === null ? '' : `, window ${at}`}) · ${result.hallName}`,
            }}
          />
          <Bi text={PAIR_TEXT.starting} className="pg-hint" />
        </div>
      );
    }
    case 'failed':
      return (
        <div className="pg-status pg-status-error" role="alert">
          <Bi text={phase.message} />
          {phase.detail === null || phase.detail === '' ? null : (
            <details className="pg-detail">
              <summary>
                {PAIR_TEXT.detail.zh} · {PAIR_TEXT.detail.en}
              </summary>
              <code>{phase.detail}</code>
            </details>
          )}
        </div>
      );
  }
}

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<PairPage bridge={pairingBridge()} />);
