/**
 * 预警: the live list (newest first; kind, where, value against threshold, raised, cleared or
 * still active) with Acknowledge and an optional note, and the history with a date range and
 * a kind filter. The live list follows the alarm events of the shared connection.
 */
import { useState, type ReactNode } from 'react';
import { ALARM_KINDS, type Alarm, type AlarmKind } from '../../../shared/src/domain/admin.ts';
import { useI18n } from '../../../shared/src/ui/index.ts';
import { call } from '../api.ts';
import type { AdminKey } from '../i18n.ts';
import type { PageProps } from '../pages.ts';
import { useLiveAlarms } from './use-alarms.ts';
import './alarms.css';

/** A mark per kind that every font has (no emoji font on hall PCs); the colour is the class. */
const ICONS: Readonly<Record<AlarmKind, string>> = {
  wait_over: '▲',
  queue_length: '▲',
  window_idle: '◆',
  window_paused: '◆',
  handling_over: '▲',
  bad_rating: '●',
  device_offline: '■',
  printer_paper_low: '■',
  printer_paper_out: '■',
  work_order_overdue: '●',
};

const MINUTE_KINDS: ReadonlySet<AlarmKind> = new Set<AlarmKind>([
  'wait_over',
  'window_idle',
  'window_paused',
  'handling_over',
  'device_offline',
]);

function clock(at: number, lang: string): string {
  return new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

function today(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function AlarmsPage(props: PageProps): ReactNode {
  const { session, onExpired } = props;
  const { t } = useI18n<AdminKey>();
  const live = useLiveAlarms(session.token, onExpired);
  const [tab, setTab] = useState<'live' | 'history'>('live');
  const [acking, setAcking] = useState<Alarm | null>(null);
  return (
    <main className="ad-main al-page">
      <div className="al-head">
        <h2>{t('alarms.title')}</h2>
        <div className="al-tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'live'}
            className={tab === 'live' ? 'al-tab al-tab-on' : 'al-tab'}
            data-testid="alarms-tab-live"
            onClick={() => {
              setTab('live');
            }}
          >
            {t('alarms.tab.live')} · {t('alarms.unacked', { n: live.unacknowledged })}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'history'}
            className={tab === 'history' ? 'al-tab al-tab-on' : 'al-tab'}
            data-testid="alarms-tab-history"
            onClick={() => {
              setTab('history');
            }}
          >
            {t('alarms.tab.history')}
          </button>
        </div>
      </div>
      {tab === 'live' ? (
        live.alarms === null ? (
          <p className="ad-empty">…</p>
        ) : (
          <AlarmTable alarms={live.alarms} empty={t('alarms.empty')} onAck={setAcking} />
        )
      ) : (
        <AlarmHistory token={session.token} onExpired={onExpired} />
      )}
      {acking !== null && (
        <AckDialog
          alarm={acking}
          token={session.token}
          onDone={(alarm) => {
            setAcking(null);
            if (alarm !== null) live.reload();
          }}
          onExpired={onExpired}
        />
      )}
    </main>
  );
}

function AlarmTable(props: {
  readonly alarms: readonly Alarm[];
  readonly empty: string;
  readonly onAck?: (alarm: Alarm) => void;
}): ReactNode {
  const { t, lang } = useI18n<AdminKey>();
  if (props.alarms.length === 0) return <p className="ad-empty">{props.empty}</p>;
  return (
    <table className="ad-table al-table" data-testid="alarm-table">
      <thead>
        <tr>
          <th>{t('alarms.kind')}</th>
          <th>{t('alarms.where')}</th>
          <th>{t('alarms.value')}</th>
          <th>{t('alarms.raised')}</th>
          <th>{t('alarms.status')}</th>
          <th>{t('alarms.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.alarms.map((a) => (
          <tr
            key={a.id}
            className={`al-row al-${a.clearedAt === null ? 'active' : 'cleared'}`}
            data-testid={`alarm-${a.id}`}
            data-kind={a.kind}
          >
            <td>
              <span className={`al-kind al-kind-${a.kind}`}>
                <span aria-hidden="true">{ICONS[a.kind]}</span> {t(`alarms.kind.${a.kind}`)}
              </span>
            </td>
            <td>{whereText(a, t)}</td>
            <td>{valueText(a, t)}</td>
            <td>{clock(a.raisedAt, lang)}</td>
            <td>
              {a.clearedAt === null ? (
                <strong className="al-active">{t('alarms.active')}</strong>
              ) : (
                t('alarms.cleared', { time: clock(a.clearedAt, lang) })
              )}
              {a.acknowledgedAt !== null && (
                <div className="al-acked">
                  {t('alarms.acked', {
                    who: a.acknowledgedBy ?? '?',
                    time: clock(a.acknowledgedAt, lang),
                  })}
                  {a.note !== null && ` · ${a.note}`}
                </div>
              )}
            </td>
            <td>
              {props.onAck !== undefined && a.acknowledgedAt === null && (
                <button
                  type="button"
                  className="ad-btn ad-btn-small ad-btn-primary"
                  data-testid={`ack-${a.id}`}
                  onClick={() => {
                    props.onAck?.(a);
                  }}
                >
                  {t('alarms.ack')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type T = ReturnType<typeof useI18n<AdminKey>>['t'];

function whereText(a: Alarm, t: T): string {
  const parts: string[] = [];
  if (a.zoneId !== null) parts.push(t('alarms.zone', { zone: a.zoneId }));
  if (a.windowId !== null) parts.push(t('alarms.window', { n: a.windowId }));
  if (a.serviceId !== null && a.windowId === null) parts.push(a.serviceId);
  if (a.deviceId !== null) parts.push(a.deviceId);
  if (a.detail !== null && a.kind !== 'device_offline') parts.push(a.detail);
  return parts.join(' · ');
}

function valueText(a: Alarm, t: T): string {
  if (a.value === null) return '—';
  if (a.threshold === null) return String(a.value);
  const vars = { value: a.value, threshold: a.threshold };
  return MINUTE_KINDS.has(a.kind) ? t('alarms.minutes', vars) : t('alarms.count', vars);
}

function AckDialog(props: {
  readonly alarm: Alarm;
  readonly token: string;
  readonly onDone: (alarm: Alarm | null) => void;
  readonly onExpired: () => void;
}): ReactNode {
  const { t, errorText } = useI18n<AdminKey>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (): Promise<void> => {
    setBusy(true);
    const reply = await call<Alarm>(
      'POST',
      `/api/v1/alarms/${encodeURIComponent(props.alarm.id)}/acknowledge`,
      props.token,
      note.trim() === '' ? {} : { note: note.trim() },
    );
    setBusy(false);
    if (reply.ok) props.onDone(reply.data);
    else if (reply.error.code === 'unauthenticated') props.onExpired();
    else setError(errorText(reply.error));
  };
  return (
    <div className="ad-overlay">
      <form
        className="ad-dialog"
        data-testid="ack-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h3>{t('alarms.ackTitle')}</h3>
        <p>
          {t(`alarms.kind.${props.alarm.kind}`)} · {whereText(props.alarm, t)}
        </p>
        <label className="ad-field">
          <span>{t('alarms.ackNote')}</span>
          <textarea
            name="note"
            maxLength={500}
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
            }}
          />
        </label>
        {error !== null && (
          <p className="ad-error" role="alert">
            {error}
          </p>
        )}
        <div className="ad-actions">
          <button type="submit" className="ad-btn ad-btn-primary" disabled={busy}>
            {t('alarms.ackSubmit')}
          </button>
          <button
            type="button"
            className="ad-btn"
            onClick={() => {
              props.onDone(null);
            }}
          >
            {t('alarms.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

function AlarmHistory(props: {
  readonly token: string;
  readonly onExpired: () => void;
}): ReactNode {
  const { t, errorText } = useI18n<AdminKey>();
  const [from, setFrom] = useState(today(-7));
  const [to, setTo] = useState(today());
  const [kind, setKind] = useState<AlarmKind | ''>('');
  const [rows, setRows] = useState<readonly Alarm[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async (): Promise<void> => {
    const start = new Date(`${from}T00:00:00`).getTime();
    const end = new Date(`${to}T00:00:00`).getTime() + 86_400_000;
    if (Number.isNaN(start) || Number.isNaN(end)) return;
    const params = new URLSearchParams({
      from: String(start),
      to: String(end),
      limit: '1000',
    });
    if (kind !== '') params.set('kind', kind);
    const reply = await call<Alarm[]>('GET', `/api/v1/alarms?${params.toString()}`, props.token);
    if (reply.ok) {
      setRows(reply.data);
      setError(null);
    } else if (reply.error.code === 'unauthenticated') props.onExpired();
    else setError(errorText(reply.error));
  };
  return (
    <section>
      <form
        className="al-filters"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <label className="ad-field">
          <span>{t('alarms.from')}</span>
          <input
            type="date"
            value={from}
            onChange={(e) => {
              setFrom(e.target.value);
            }}
          />
        </label>
        <label className="ad-field">
          <span>{t('alarms.to')}</span>
          <input
            type="date"
            value={to}
            onChange={(e) => {
              setTo(e.target.value);
            }}
          />
        </label>
        <label className="ad-field">
          <span>{t('alarms.kind')}</span>
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as AlarmKind | '');
            }}
          >
            <option value="">{t('alarms.allKinds')}</option>
            {ALARM_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`alarms.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="ad-btn ad-btn-primary">
          {t('alarms.search')}
        </button>
      </form>
      {error !== null && <p className="ad-error">{error}</p>}
      {rows !== null && <AlarmTable alarms={rows} empty={t('alarms.historyEmpty')} />}
    </section>
  );
}
