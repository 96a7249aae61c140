import { useState, type SyntheticEvent, type ReactNode } from 'react';
import { login } from '../../shared/src/client/hall-client.ts';
import { useI18n } from '../../shared/src/ui/index.ts';
import type { CounterKey } from './i18n.ts';
import type { CounterSession } from './session.ts';

/**
 * 工号 + password; a clerk signs in to the window they are bound to, or, at a hall-client
 * counter, to the counter's own window.
 */
export function LoginForm(props: {
  readonly origin: string;
  readonly windowId?: number | undefined;
  readonly onSignedIn: (session: CounterSession) => void;
}): ReactNode {
  const { t, errorText, lang, setLang } = useI18n<CounterKey>();
  const [staffId, setStaffId] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const reply = await login(staffId.trim(), password, props.windowId, props.origin);
    setBusy(false);
    if (!reply.ok) {
      setError(errorText(reply.error));
      return;
    }
    const { token, staff } = reply.data;
    if (staff.windowId === null) {
      setError(errorText({ code: 'forbidden', message: 'not a window account' }));
      return;
    }
    props.onSignedIn({ token, staffId: staff.staffId, name: staff.name, windowId: staff.windowId });
  };

  return (
    <main className="ct-login">
      <form
        className="ct-login-card"
        onSubmit={(event) => {
          void submit(event);
        }}
      >
        <h1>{t('login.title')}</h1>
        <label>
          <span>{t('login.staffId')}</span>
          <input
            name="staffId"
            autoComplete="username"
            autoFocus
            value={staffId}
            onChange={(e) => {
              setStaffId(e.target.value);
            }}
          />
        </label>
        <label>
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
            }}
          />
        </label>
        {error !== null && (
          <p className="ct-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button
          type="submit"
          className="ct-btn ct-btn-primary"
          disabled={busy || staffId.trim() === '' || password === ''}
        >
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <p className="ct-hint">{t('login.hint')}</p>
        <button
          type="button"
          className="ct-link"
          onClick={() => {
            setLang(lang === 'en' ? 'zh-CN' : 'en');
          }}
        >
          {t('common.language')}
        </button>
      </form>
    </main>
  );
}
