/**
 * 实时监控: the hall floor by floor — floors → zones → window tiles (number, state colour,
 * clerk, current ticket, time in state, ticking) sized so the 108 windows of the demo hall
 * fit one 1920×1080 screen — with each zone's services (waiting, longest wait, estimate).
 * Everything comes from the console's one live connection (view by seq, queue stats); a
 * click on a window opens its day history (REST), a click on a ticket in it that ticket's.
 * Zone leads see their zones only (their connection carries nothing else).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LoggedEvent } from '../../../shared/src/domain/events.ts';
import type { Ticket, WindowState, WindowStateName } from '../../../shared/src/domain/model.ts';
import { useI18n } from '../../../shared/src/ui/index.ts';
import { call } from '../api.ts';
import type { AdminKey } from '../i18n.ts';
import { useAdminLive } from '../live-context.tsx';
import type { PageProps } from '../pages.ts';
import './live.css';

const STATES: readonly WindowStateName[] = ['closed', 'idle', 'calling', 'serving', 'paused'];

/** `m:ss` below an hour, `h:mm:ss` above. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  return now;
}

export function LivePage(props: PageProps): ReactNode {
  const { session } = props;
  const { t, lang } = useI18n<AdminKey>();
  const { config, view, queues } = useAdminLive();
  const now = useNow();
  const [floor, setFloor] = useState('');
  const [zone, setZone] = useState('');
  const [stateFilter, setStateFilter] = useState<WindowStateName | ''>('');
  const [selected, setSelected] = useState<number | null>(null);

  const zones = useMemo(() => {
    if (config === null) return [];
    return session.role === 'zone_lead'
      ? config.zones.filter((z) => session.zoneIds.includes(z.id))
      : config.zones;
  }, [config, session]);

  if (config === null || view === null) {
    return (
      <main className="ad-main">
        <p className="ad-empty">{t('live.loading')}</p>
      </main>
    );
  }
  const en = lang === 'en';
  const ticketOf = (w: WindowState): Ticket | null =>
    w.currentTicketId === null ? null : (view.tickets[w.currentTicketId] ?? null);
  const floors = config.floors.filter((f) => zones.some((z) => String(z.floorId) === String(f.id)));
  const shownZones = zones.filter(
    (z) => (floor === '' || String(z.floorId) === floor) && (zone === '' || z.id === zone),
  );

  return (
    <main className="ad-main lv-page">
      <div className="lv-filters">
        <h2>{t('live.title')}</h2>
        <label>
          {t('live.floor')}
          <select
            value={floor}
            data-testid="live-floor"
            onChange={(e) => {
              setFloor(e.target.value);
            }}
          >
            <option value="">{t('live.all')}</option>
            {floors.map((f) => (
              <option key={String(f.id)} value={String(f.id)}>
                {en ? f.nameEn : f.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('live.zone')}
          <select
            value={zone}
            data-testid="live-zone"
            onChange={(e) => {
              setZone(e.target.value);
            }}
          >
            <option value="">{t('live.all')}</option>
            {zones.map((z) => (
              <option key={z.id} value={z.id}>
                {z.id} · {en ? z.nameEn : z.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('live.state')}
          <select
            value={stateFilter}
            data-testid="live-state"
            onChange={(e) => {
              setStateFilter(e.target.value as WindowStateName | '');
            }}
          >
            <option value="">{t('live.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`live.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="lv-legend">
          {STATES.map((s) => (
            <span key={s} className={`lv-key lv-${s}`}>
              {t(`live.state.${s}`)}
            </span>
          ))}
        </span>
      </div>
      {zones.length === 0 && <p className="ad-empty">{t('live.noZones')}</p>}
      <div className="lv-body">
        <div className="lv-floors">
          {floors
            .filter((f) => shownZones.some((z) => String(z.floorId) === String(f.id)))
            .map((f) => (
              <section key={String(f.id)} className="lv-floor" data-testid={`floor-${f.id}`}>
                <h3 className="lv-floor-name">{en ? f.nameEn : f.name}</h3>
                <div className="lv-zones">
                  {shownZones
                    .filter((z) => String(z.floorId) === String(f.id))
                    .map((z) => {
                      const windows = config.windows
                        .filter((w) => w.zoneId === z.id)
                        .map((w) => view.windows[w.id])
                        .filter((w): w is WindowState => w !== undefined)
                        .filter((w) => stateFilter === '' || w.state === stateFilter);
                      const stats = queues.filter((q) => q.zoneId === z.id);
                      return (
                        <div key={z.id} className="lv-zone" data-testid={`zone-${z.id}`}>
                          <div className="lv-zone-head">
                            <strong>
                              {z.id} · {en ? z.nameEn : z.name}
                            </strong>
                            <span>
                              {t('live.waiting', {
                                n: stats.reduce((sum, q) => sum + q.waiting, 0),
                              })}
                            </span>
                          </div>
                          <div className="lv-services">
                            {stats.map((q) => {
                              const service = config.services.find((s) => s.id === q.serviceId);
                              return (
                                <span
                                  key={q.serviceId}
                                  className={q.waiting > 0 ? 'lv-svc lv-svc-busy' : 'lv-svc'}
                                  title={en ? service?.nameEn : service?.name}
                                  data-testid={`svc-${q.serviceId}`}
                                >
                                  <b>{service?.prefix ?? '?'}</b>{' '}
                                  {(en ? service?.nameEn : service?.name)?.slice(0, en ? 14 : 6)}{' '}
                                  {t('live.waiting', { n: q.waiting })}
                                  {q.waiting > 0 &&
                                    ` · ${t('live.longest', { m: Math.floor(q.longestWaitMs / 60_000) })} · ${
                                      q.estimatedWaitMs === null
                                        ? t('live.etaNone')
                                        : t('live.eta', {
                                            m: Math.ceil(q.estimatedWaitMs / 60_000),
                                          })
                                    }`}
                                </span>
                              );
                            })}
                          </div>
                          <div className="lv-tiles">
                            {windows.map((w) => {
                              const ticket = ticketOf(w);
                              return (
                                <button
                                  key={w.windowId}
                                  type="button"
                                  className={`lv-tile lv-${w.state}${selected === w.windowId ? ' lv-selected' : ''}`}
                                  data-testid={`tile-${w.windowId}`}
                                  data-state={w.state}
                                  title={t(`live.state.${w.state}`)}
                                  onClick={() => {
                                    setSelected(w.windowId);
                                  }}
                                >
                                  <span className="lv-num">{w.windowId}</span>
                                  <span
                                    className="lv-ticket"
                                    data-testid={`tile-${w.windowId}-ticket`}
                                  >
                                    {ticket?.number ??
                                      (w.state === 'paused' ? (w.pauseReason ?? '') : '')}
                                  </span>
                                  <span className="lv-meta">
                                    <span>{w.staffId ?? ''}</span>
                                    <span>
                                      {w.state === 'closed' ? '' : elapsed(now - w.since)}
                                    </span>
                                  </span>
                                </button>
                              );
                            })}
                          </div>
                        </div>
                      );
                    })}
                </div>
              </section>
            ))}
        </div>
        {selected !== null && view.windows[selected] !== undefined && (
          <WindowPanel
            key={selected}
            window={view.windows[selected]}
            ticket={ticketOf(view.windows[selected])}
            seq={view.seq}
            now={now}
            token={session.token}
            onExpired={props.onExpired}
            onClose={() => {
              setSelected(null);
            }}
          />
        )}
      </div>
    </main>
  );
}

interface WindowHistory {
  readonly events: readonly LoggedEvent[];
}
interface TicketHistory {
  readonly ticket: Ticket;
  readonly events: readonly LoggedEvent[];
}

function WindowPanel(props: {
  readonly window: WindowState;
  readonly ticket: Ticket | null;
  readonly seq: number;
  readonly now: number;
  readonly token: string;
  readonly onExpired: () => void;
  readonly onClose: () => void;
}): ReactNode {
  const { t, errorText } = useI18n<AdminKey>();
  const { window: w, token, onExpired } = props;
  const [events, setEvents] = useState<readonly LoggedEvent[] | null>(null);
  const [ticket, setTicket] = useState<TicketHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Reload the day's history whenever the hall moves on (the view's seq).
  useEffect(() => {
    let cancelled = false;
    void call<WindowHistory>('GET', `/api/v1/windows/${w.windowId}/history`, token).then(
      (reply) => {
        if (cancelled) return;
        if (reply.ok) setEvents(reply.data.events);
        else if (reply.error.code === 'unauthenticated') onExpired();
        else setError(errorText(reply.error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [w.windowId, props.seq, token, onExpired, errorText]);

  const openTicket = async (id: string): Promise<void> => {
    const reply = await call<TicketHistory>(
      'GET',
      `/api/v1/tickets/${encodeURIComponent(id)}/history`,
      token,
    );
    if (reply.ok) setTicket(reply.data);
    else setError(errorText(reply.error));
  };

  return (
    <aside className="lv-panel" data-testid="window-panel">
      <div className="lv-panel-head">
        <h3>{t('live.panelTitle', { n: w.windowId })}</h3>
        <button type="button" className="ad-btn ad-btn-ghost" onClick={props.onClose}>
          {t('live.panelClose')}
        </button>
      </div>
      <p>
        <span className={`lv-key lv-${w.state}`}>{t(`live.state.${w.state}`)}</span>{' '}
        {w.state === 'paused' && w.pauseReason}{' '}
        {w.state !== 'closed' && t('live.since', { time: elapsed(props.now - w.since) })}
      </p>
      <p>
        {t('live.clerk')}: {w.staffId ?? t('live.none')} · {t('live.current')}:{' '}
        {props.ticket === null ? (
          t('live.none')
        ) : (
          <button
            type="button"
            className="ad-link"
            onClick={() => {
              void openTicket(props.ticket?.id ?? '');
            }}
          >
            {props.ticket.number}
          </button>
        )}
      </p>
      {error !== null && <p className="ad-error">{error}</p>}
      {ticket !== null ? (
        <>
          <h4>{t('live.ticketTitle', { number: ticket.ticket.number })}</h4>
          <button
            type="button"
            className="ad-link"
            onClick={() => {
              setTicket(null);
            }}
          >
            {t('live.back')}
          </button>
          <EventList events={ticket.events} onTicket={null} />
        </>
      ) : (
        <>
          <h4>{t('live.history')}</h4>
          {events === null ? (
            <p>…</p>
          ) : events.length === 0 ? (
            <p className="ad-empty">{t('live.historyEmpty')}</p>
          ) : (
            <EventList
              events={[...events].reverse()}
              onTicket={(id) => {
                void openTicket(id);
              }}
            />
          )}
        </>
      )}
    </aside>
  );
}

function EventList(props: {
  readonly events: readonly LoggedEvent[];
  readonly onTicket: ((id: string) => void) | null;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  return (
    <ol className="lv-events" data-testid="history-events">
      {props.events.map((l) => {
        const { event } = l;
        const key = `live.event.${event.type}` as AdminKey;
        const label = t(key) === key ? t('live.event.other') : t(key);
        const ticket = 'ticket' in event ? event.ticket : null;
        const time = new Date(event.at).toLocaleTimeString('zh-CN', { hour12: false });
        return (
          <li key={l.seq}>
            <span className="lv-ev-time">{time}</span> {label}{' '}
            {ticket !== null &&
              (props.onTicket === null ? (
                ticket.number
              ) : (
                <button
                  type="button"
                  className="ad-link"
                  onClick={() => {
                    props.onTicket?.(ticket.id);
                  }}
                >
                  {ticket.number}
                </button>
              ))}
            {'alarm' in event && ` ${t(`alarms.kind.${event.alarm.kind}`)}`}
            {event.type === 'window.paused' && ` ${event.window.pauseReason ?? ''}`}
            <span className="lv-ev-actor"> {l.actor}</span>
          </li>
        );
      })}
    </ol>
  );
}
