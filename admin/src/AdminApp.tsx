/**
 * The admin console (/admin/*): sign in as an administrator, manager or zone lead, then the
 * shell — header, page tabs, the live connection every page shares — and the page of the
 * path. Navigation stays in the page (history API); the server serves every /admin path.
 */
import { useEffect, useState, type ReactNode, type SyntheticEvent } from 'react';
import { login } from '../../shared/src/client/hall-client.ts';
import { useI18n } from '../../shared/src/ui/index.ts';
import { adminApi, isAdminRole, loadSession, saveSession, type AdminSession } from './api.ts';
import { AlarmsPage } from './alarms/AlarmsPage.tsx';
import { AlarmBadge } from './alarms/AlarmBadge.tsx';
import { ConfigPage } from './config/ConfigPage.tsx';
import { DevicesPage } from './DevicesPage.tsx';
import type { AdminKey } from './i18n.ts';
import { AdminLiveProvider, useAdminLive } from './live-context.tsx';
import { LivePage } from './live/LivePage.tsx';
import { pageOfPath, pagesFor, type PageId, type PageProps } from './pages.ts';
import { ReportsPage } from './reports/ReportsPage.tsx';
import { StaffPage } from './staff/StaffPage.tsx';
import { WorkOrdersPage } from './work-orders/WorkOrdersPage.tsx';

const PAGE_COMPONENTS: Readonly<Record<PageId, (props: PageProps) => ReactNode>> = {
  live: LivePage,
  alarms: AlarmsPage,
  reports: ReportsPage,
  workOrders: WorkOrdersPage,
  config: ConfigPage,
  staff: StaffPage,
  devices: DevicesPage,
};

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
    <AdminLiveProvider session={session} onExpired={() => signedIn(null, 'signin.expired')}>
      <Shell
        session={session}
        onSignOut={() => signedIn(null)}
        onExpired={() => signedIn(null, 'signin.expired')}
      />
    </AdminLiveProvider>
  );
}

function Shell(props: {
  readonly session: AdminSession;
  readonly onSignOut: () => void;
  readonly onExpired: () => void;
}): ReactNode {
  const { session } = props;
  const { t, lang, setLang } = useI18n<AdminKey>();
  const live = useAdminLive();
  const [path, setPath] = useState(() => globalThis.location.pathname);
  useEffect(() => {
    const onPop = (): void => {
      setPath(globalThis.location.pathname);
    };
    globalThis.addEventListener('popstate', onPop);
    return () => {
      globalThis.removeEventListener('popstate', onPop);
    };
  }, []);
  const navigate = (to: string): void => {
    if (to !== globalThis.location.pathname + globalThis.location.search) {
      globalThis.history.pushState(null, '', to);
    }
    setPath(new URL(to, globalThis.location.origin).pathname);
  };
  const pages = pagesFor(session);
  const wanted = pageOfPath(path);
  const page = pages.includes(wanted) ? wanted : (pages[0] ?? wanted);
  const Page = PAGE_COMPONENTS[page.id];
  const signOut = (): void => {
    void adminApi.logout(session.token).finally(props.onSignOut);
  };
  return (
    <div className="ad-app">
      <header className="ad-header">
        <h1>{t('app.title')}</h1>
        <span className="ad-hall">
          {live.config === null
            ? ''
            : lang === 'en'
              ? live.config.hall.nameEn
              : live.config.hall.name}
        </span>
        <span className={`ad-conn ad-conn-${live.connection}`} data-testid="connection">
          {t(`conn.${live.connection}`)}
        </span>
        <span className="ad-user">
          {t('header.user', { name: session.name, staffId: session.staffId })} ·{' '}
          {t(`role.${session.role}`)}
          {session.role === 'zone_lead' && session.zoneIds.length > 0
            ? ` ${session.zoneIds.join('、')}`
            : ''}
        </span>
        <button
          type="button"
          className="ad-btn ad-btn-ghost"
          onClick={() => {
            setLang(lang === 'en' ? 'zh-CN' : 'en');
          }}
        >
          {t('common.language')}
        </button>
        <button type="button" className="ad-btn ad-btn-ghost" onClick={signOut}>
          {t('header.signOut')}
        </button>
      </header>
      <nav className="ad-nav" aria-label={t('app.title')}>
        {pages.map((p) => (
          <a
            key={p.id}
            href={p.path}
            className={p.id === page.id ? 'ad-nav-on' : undefined}
            aria-current={p.id === page.id ? 'page' : undefined}
            data-testid={`nav-${p.id}`}
            onClick={(event) => {
              event.preventDefault();
              navigate(p.path);
            }}
          >
            {t(p.title)}
            {p.id === 'alarms' && <AlarmBadge token={session.token} onExpired={props.onExpired} />}
          </a>
        ))}
      </nav>
      <Page session={session} onExpired={props.onExpired} navigate={navigate} />
    </div>
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
    if (!isAdminRole(staff.role)) {
      setError(t('signin.notAdmin'));
      return;
    }
    props.onSignedIn({
      token,
      staffId: staff.staffId,
      name: staff.name,
      role: staff.role,
      zoneIds: staff.zoneIds ?? [],
    });
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
