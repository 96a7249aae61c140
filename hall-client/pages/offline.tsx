/**
 * The page the hall client shows while its hall server cannot be reached. The shell keeps
 * retrying and loads the device's UI again once the server answers; this page only says so,
 * to the visitor (what to do instead) and to staff (which server, since when, why).
 *
 * The shell passes what it knows in the query string:
 *   offline.html?role=kiosk&server=http%3A%2F%2F192.168.1.10%3A8080&since=<epoch ms>&reason=<text>
 * Every parameter is optional and checked; nothing from it is treated as markup.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../shared/src/ui/theme.css';
import './pages.css';
import { DEVICE_ROLES, type DeviceRole } from '../../shared/src/domain/actor.ts';
import { Bi } from './bi.tsx';
import { OFFLINE_ROLE_TEXT, OFFLINE_TEXT } from './text.ts';

export interface OfflineInfo {
  readonly role: DeviceRole | null;
  readonly server: string | null;
  readonly since: number | null;
  readonly reason: string | null;
}

/** Reads and checks the shell's query parameters. */
export function offlineInfo(search: string): OfflineInfo {
  const params = new URLSearchParams(search);
  const role = params.get('role');
  const server = params.get('server');
  const since = Number(params.get('since'));
  const reason = params.get('reason');
  return {
    role: DEVICE_ROLES.find((r) => r === role) ?? null,
    server: server !== null && /^https?:\/\/[^\s]{1,200}$/.test(server) ? server : null,
    since: Number.isSafeInteger(since) && since > 0 ? since : null,
    reason: reason === null || reason.trim() === '' ? null : reason.slice(0, 300),
  };
}

/** 75 s → 1:15; 3725 s → 1:02:05. */
function elapsedText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function OfflinePage(props: { readonly info: OfflineInfo }): ReactNode {
  const { info } = props;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  const since =
    info.since === null
      ? null
      : new Date(info.since).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' });
  return (
    <main className="pg-page pg-offline">
      <div className="pg-offline-sign" aria-hidden="true">
        ⚠
      </div>
      <h1>
        <Bi text={OFFLINE_TEXT.title} />
      </h1>
      {info.role === null ? null : (
        <p className="pg-offline-role">
          <Bi text={OFFLINE_ROLE_TEXT[info.role]} />
        </p>
      )}
      <p className="pg-offline-retry">
        <span className="pg-spinner" aria-hidden="true" />
        <Bi text={OFFLINE_TEXT.retrying} />
      </p>
      <section className="pg-offline-staff">
        <p>
          <Bi text={OFFLINE_TEXT.staff} />
        </p>
        <dl>
          {info.server === null ? null : (
            <>
              <dt>
                {OFFLINE_TEXT.server.zh} {OFFLINE_TEXT.server.en}
              </dt>
              <dd>{info.server}</dd>
            </>
          )}
          {since === null || info.since === null ? null : (
            <>
              <dt>
                {OFFLINE_TEXT.since.zh} {OFFLINE_TEXT.since.en}
              </dt>
              <dd>
                {since} ({OFFLINE_TEXT.elapsed.zh} {OFFLINE_TEXT.elapsed.en}{' '}
                {elapsedText(now - info.since)})
              </dd>
            </>
          )}
          {info.reason === null ? null : (
            <>
              <dt>
                {OFFLINE_TEXT.reason.zh} {OFFLINE_TEXT.reason.en}
              </dt>
              <dd>{info.reason}</dd>
            </>
          )}
        </dl>
      </section>
    </main>
  );
}

const root = document.getElementById('root');
if (root !== null)
  createRoot(root).render(<OfflinePage info={offlineInfo(globalThis.location.search)} />);
