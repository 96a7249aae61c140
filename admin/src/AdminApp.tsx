/**
 * The admin area (/admin, /admin/devices): sign in as the administrator (or a manager, read
 * only), then the devices page. The admin console issue adds its other pages here.
 */
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { login } from '../../shared/src/client/hall-client.ts';
import { useI18n } from '../../shared/src/ui/index.ts';
import { loadSession, saveSession, type AdminSession } from './api.ts';
import { DevicesPage } from './DevicesPage.tsx';
import type { AdminKey } from './i18n.ts';

export function AdminApp(): ReactNode {
  const [session, setSession] = useState<AdminSession | null>(loadSession);
  const [notice, setNotice] = useState<AdminKey | null>(null);

  const signedIn = (next: AdminSession | null, why: AdminKey | null = null): void => {
    saveSession(next);
    setSession(next);
    setNotice(why);
  };

  if (session === null) {
    return <SignIn notice={notice} onSignedIn={(s) => signedIn(s)} />;
  }
  return (
    <DevicesPage
      session={session}
      onSignOut={() => signedIn(null)}
      onExpired={() => signedIn(null, 'signin.expired')}
    />
  );
}

function SignIn(props: {
  readonly notice: AdminKey | null;
  readonly onSignedIn: (session: AdminSession) => void;
}): ReactNode {
  const { t, errorText, lang, setLang } = useI18n<AdminKey>();
  const [staffId, setStaffId] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const reply = await login(staffId.trim(), password);
    setBusy(false);
    if (!reply.ok) {
      setError(errorText(reply.error));
      return;
    }
    const { token, staff } = reply.data;
    if (staff.role !== 'admin' && staff.role !== 'manager') {
      setError(t('signin.notAdmin'));
      return;
    }
    props.onSignedIn({ token, staffId: staff.staffId, name: staff.name, role: staff.role });
  };

  return (
    <main className="ad-signin">
      <form
        className="ad-signin-card"
        data-testid="signin-form"
        onSubmit={(event) => {
          void submit(event);
        }}
      >
        <h1>{t('signin.title')}</h1>
        {props.notice !== null && <p className="ad-notice">{t(props.notice)}</p>}
        <label className="ad-field">
          <span>{t('signin.staffId')}</span>
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
        <label className="ad-field">
          <span>{t('signin.password')}</span>
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
          <p className="ad-error" role="alert">
            {error}
          </p>
        )}
        <button
          type="submit"
          className="ad-btn ad-btn-primary"
          disabled={busy || staffId.trim() === '' || password === ''}
        >
          {busy ? t('signin.busy') : t('signin.submit')}
        </button>
        <p className="ad-hint">{t('signin.hint')}</p>
        <button
          type="button"
          className="ad-link"
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
