/**
 * 差评整改: the list of bad-rating work orders (filters: state, overdue, rating dates) with the
 * visitor's score, reasons and comment, window and clerk, and the callback and rectification
 * deadlines counting down (red once passed); a detail panel with the callback log, the
 * rectification, the appeal (file / decide) and closing; and the report of callback and
 * rectification rates by zone. The list follows the work-order events of the shared
 * connection (refetched on each, so the filters stay right).
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  WORK_ORDER_STATES,
  workOrderOverdue,
  type WorkOrder,
  type WorkOrderState,
} from '../../../shared/src/domain/admin.ts';
import type { DomainError } from '../../../shared/src/index.ts';
import type { WorkOrderStats } from '../../../shared/src/domain/work-orders.ts';
import { useI18n } from '../../../shared/src/ui/index.ts';
import type { AdminKey } from '../i18n.ts';
import { useAdminLive } from '../live-context.tsx';
import type { PageProps } from '../pages.ts';
import { act, listOrders, report, type OrderFilter, type WorkOrderReport } from './api.ts';
import './work-orders.css';

type T = ReturnType<typeof useI18n<AdminKey>>['t'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function stamp(at: number, lang: string): string {
  return new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function span(ms: number, t: T): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) {
    return t('workOrders.days', { d: Math.floor(abs / DAY), h: Math.floor((abs % DAY) / HOUR) });
  }
  if (abs >= HOUR) {
    return t('workOrders.hours', {
      h: Math.floor(abs / HOUR),
      m: Math.floor((abs % HOUR) / MINUTE),
    });
  }
  return t('workOrders.minutes', { m: Math.max(1, Math.ceil(abs / MINUTE)) });
}

/** The server's time, ticking every 30 s (the countdowns need no finer grain). */
function useServerNow(skew: number): number {
  const [browserNow, setBrowserNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setBrowserNow(Date.now());
    }, 30_000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  return browserNow + skew;
}

/** The words of a bad score (a work order only ever has one of the two). */
function scoreKey(score: WorkOrder['score']): AdminKey {
  return score === 'very_dissatisfied'
    ? 'workOrders.score.very_dissatisfied'
    : 'workOrders.score.dissatisfied';
}

export function WorkOrdersPage(props: PageProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const [tab, setTab] = useState<'list' | 'report'>('list');
  return (
    <main className="ad-main wo-page">
      <div className="wo-head">
        <h2>{t('workOrders.title')}</h2>
        <div className="wo-tabs" role="tablist">
          {(['list', 'report'] as const).map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              className={tab === id ? 'wo-tab wo-tab-on' : 'wo-tab'}
              data-testid={`wo-tab-${id}`}
              onClick={() => {
                setTab(id);
              }}
            >
              {t(`workOrders.tab.${id}`)}
            </button>
          ))}
        </div>
      </div>
      {tab === 'list' ? <OrderListView {...props} /> : <ReportView {...props} />}
    </main>
  );
}

// ─── List ─────────────────────────────────────────────────────────────────────────────────

const NO_FILTER: OrderFilter = { state: '', overdue: false, from: '', to: '' };

function OrderListView(props: PageProps): ReactNode {
  const { session, onExpired } = props;
  const { t, errorText } = useI18n<AdminKey>();
  const live = useAdminLive();
  const [draft, setDraft] = useState<OrderFilter>(NO_FILTER);
  const [filter, setFilter] = useState<OrderFilter>(NO_FILTER);
  const [orders, setOrders] = useState<readonly WorkOrder[] | null>(null);
  const [skew, setSkew] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const expired = useRef(onExpired);
  useEffect(() => {
    expired.current = onExpired;
  }, [onExpired]);
  const now = useServerNow(skew);

  useEffect(() => {
    let cancelled = false;
    void listOrders(session.token, filter).then((reply) => {
      if (cancelled) return;
      if (reply.ok) {
        setOrders(reply.data.orders);
        setSkew(reply.data.skew);
        setError(null);
      } else if (reply.error.code === 'unauthenticated') expired.current();
      else setError(errorText(reply.error));
    });
    return () => {
      cancelled = true;
    };
  }, [session.token, filter, generation, errorText]);

  const { subscribe } = live;
  useEffect(
    () =>
      subscribe((_view, change) => {
        const touched =
          change.kind === 'snapshot' ||
          change.events.some(({ event }) => event.type.startsWith('workOrder.'));
        if (touched) setGeneration((g) => g + 1);
      }),
    [subscribe],
  );

  const selected = orders?.find((o) => o.id === selectedId) ?? null;
  return (
    <div className="wo-body">
      <form
        className="wo-filters"
        data-testid="wo-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter(draft);
        }}
      >
        <label className="ad-field">
          <span>{t('workOrders.state')}</span>
          <select
            value={draft.state}
            data-testid="wo-filter-state"
            onChange={(e) => {
              setDraft({ ...draft, state: e.target.value as WorkOrderState | '' });
            }}
          >
            <option value="">{t('workOrders.allStates')}</option>
            {WORK_ORDER_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`workOrders.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="ad-field">
          <span>{t('workOrders.from')}</span>
          <input
            type="date"
            value={draft.from}
            onChange={(e) => {
              setDraft({ ...draft, from: e.target.value });
            }}
          />
        </label>
        <label className="ad-field">
          <span>{t('workOrders.to')}</span>
          <input
            type="date"
            value={draft.to}
            onChange={(e) => {
              setDraft({ ...draft, to: e.target.value });
            }}
          />
        </label>
        <label className="wo-check">
          <input
            type="checkbox"
            checked={draft.overdue}
            data-testid="wo-filter-overdue"
            onChange={(e) => {
              setDraft({ ...draft, overdue: e.target.checked });
            }}
          />
          {t('workOrders.overdueOnly')}
        </label>
        <button type="submit" className="ad-btn ad-btn-primary" data-testid="wo-search">
          {t('workOrders.search')}
        </button>
      </form>
      {error !== null && (
        <p className="ad-error" role="alert">
          {error}
        </p>
      )}
      <div className={selected === null ? 'wo-split' : 'wo-split wo-split-open'}>
        <section className="ad-card wo-list">
          {orders === null ? (
            <p className="ad-empty">…</p>
          ) : orders.length === 0 ? (
            <p className="ad-empty">{t('workOrders.empty')}</p>
          ) : (
            <>
              <p className="wo-count">{t('workOrders.count', { n: orders.length })}</p>
              <OrderTable
                orders={orders}
                now={now}
                selectedId={selectedId}
                onSelect={setSelectedId}
              />
            </>
          )}
        </section>
        {selected !== null && (
          <OrderDetail
            key={selected.id}
            order={selected}
            now={now}
            session={session}
            onExpired={onExpired}
            onClose={() => {
              setSelectedId(null);
            }}
            onChanged={(next) => {
              setOrders((list) => (list ?? []).map((o) => (o.id === next.id ? next : o)));
            }}
          />
        )}
      </div>
    </div>
  );
}

function OrderTable(props: {
  readonly orders: readonly WorkOrder[];
  readonly now: number;
  readonly selectedId: string | null;
  readonly onSelect: (id: string) => void;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  return (
    <table className="ad-table wo-table" data-testid="wo-table">
      <thead>
        <tr>
          <th>{t('workOrders.ticket')}</th>
          <th>{t('workOrders.rating')}</th>
          <th>{t('workOrders.windowClerk')}</th>
          <th>{t('workOrders.state')}</th>
          <th>{t('workOrders.callbackDue')}</th>
          <th>{t('workOrders.rectifyDue')}</th>
        </tr>
      </thead>
      <tbody>
        {props.orders.map((o) => {
          const overdue = workOrderOverdue(o, props.now);
          return (
            <tr
              key={o.id}
              className={[
                'wo-row',
                overdue === null ? '' : 'wo-row-overdue',
                o.id === props.selectedId ? 'wo-row-on' : '',
              ].join(' ')}
              data-testid={`wo-row-${o.id}`}
              data-state={o.state}
              tabIndex={0}
              onClick={() => {
                props.onSelect(o.id);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') props.onSelect(o.id);
              }}
            >
              <td>
                <strong className="wo-number">{o.ticketNumber}</strong>
                <small className="ad-sub">{o.businessDay}</small>
              </td>
              <td>
                <span className={`wo-score wo-score-${o.score}`}>{t(scoreKey(o.score))}</span>
                <small className="ad-sub">
                  {o.reasons.map((r) => t(`workOrders.reason.${r}`)).join('、')}
                </small>
                {o.comment !== null && <small className="wo-comment">“{o.comment}”</small>}
              </td>
              <td>
                {t('workOrders.window', { n: o.windowId })}
                <small className="ad-sub">{o.staffId ?? t('workOrders.noClerk')}</small>
              </td>
              <td>
                <span className={`wo-state wo-state-${o.state}`}>
                  {t(`workOrders.state.${o.state}`)}
                </span>
              </td>
              <td>
                <Deadline
                  due={o.callbackDue}
                  doneAt={o.calledBackAt}
                  closed={o.state === 'closed'}
                  now={props.now}
                  held={false}
                />
              </td>
              <td>
                <Deadline
                  due={o.rectifyDue}
                  doneAt={o.rectification?.at ?? null}
                  closed={o.state === 'closed'}
                  now={props.now}
                  held={o.state === 'appealing'}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Deadline(props: {
  readonly due: number;
  readonly doneAt: number | null;
  readonly closed: boolean;
  readonly now: number;
  readonly held: boolean;
}): ReactNode {
  const { t, lang } = useI18n<AdminKey>();
  const { due, doneAt, now } = props;
  let text: string;
  let tone: string;
  if (doneAt !== null) {
    text = doneAt <= due ? t('workOrders.doneOnTime') : t('workOrders.doneLate');
    tone = doneAt <= due ? 'wo-due-done' : 'wo-due-late';
  } else if (props.closed) {
    text = '—';
    tone = 'wo-due-done';
  } else if (props.held) {
    text = t('workOrders.held');
    tone = 'wo-due-held';
  } else if (now > due) {
    text = t('workOrders.overdueBy', { time: span(now - due, t) });
    tone = 'wo-due-over';
  } else {
    text = t('workOrders.left', { time: span(due - now, t) });
    tone = due - now < DAY ? 'wo-due-soon' : 'wo-due-ok';
  }
  return (
    <span className={`wo-due ${tone}`} title={stamp(due, lang)}>
      {text}
      <small className="ad-sub">{stamp(due, lang)}</small>
    </span>
  );
}

// ─── Detail ───────────────────────────────────────────────────────────────────────────────

function OrderDetail(props: {
  readonly order: WorkOrder;
  readonly now: number;
  readonly session: PageProps['session'];
  readonly onExpired: () => void;
  readonly onClose: () => void;
  readonly onChanged: (order: WorkOrder) => void;
}): ReactNode {
  const { order, session, onExpired, onChanged } = props;
  const { t, lang, errorText } = useI18n<AdminKey>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reached, setReached] = useState(true);
  const [note, setNote] = useState('');
  const [rectification, setRectification] = useState('');
  const [reason, setReason] = useState('');
  const [decisionNote, setDecisionNote] = useState('');
  const manager = session.role === 'admin' || session.role === 'manager';

  const describe = useCallback(
    (e: DomainError): string =>
      e.code === 'wrong_state' || e.code === 'validation'
        ? `${errorText(e)} ${e.message}`
        : errorText(e),
    [errorText],
  );

  async function run(
    action: Parameters<typeof act>[2],
    body: Readonly<Record<string, unknown>>,
    after: () => void,
  ): Promise<void> {
    setBusy(true);
    const reply = await act(session.token, order.id, action, body);
    setBusy(false);
    if (reply.ok) {
      setError(null);
      after();
      onChanged(reply.data);
    } else if (reply.error.code === 'unauthenticated') onExpired();
    else setError(describe(reply.error));
  }

  const open = order.state !== 'closed';
  const appealing = order.state === 'appealing';
  const canAppeal = open && order.appeal === null && props.now <= order.appealDue;
  return (
    <aside
      className="ad-card wo-detail"
      data-testid="wo-detail"
      aria-label={t('workOrders.detail')}
    >
      <div className="wo-detail-head">
        <h3>
          {order.ticketNumber} · <span className="ad-id">{order.id}</span>
        </h3>
        <button type="button" className="ad-btn ad-btn-small" onClick={props.onClose}>
          {t('workOrders.closeDetail')}
        </button>
      </div>
      <p>
        <span className={`wo-state wo-state-${order.state}`}>
          {t(`workOrders.state.${order.state}`)}
        </span>{' '}
        <span className={`wo-score wo-score-${order.score}`}>{t(scoreKey(order.score))}</span>{' '}
        {order.reasons.map((r) => t(`workOrders.reason.${r}`)).join('、')} ·{' '}
        {t('workOrders.window', { n: order.windowId })} · {order.staffId ?? t('workOrders.noClerk')}
      </p>
      <p className="wo-quote">
        <strong>{t('workOrders.comment')}：</strong>
        {order.comment ?? t('workOrders.noComment')}
      </p>
      <dl className="wo-deadlines">
        <dt>{t('workOrders.callbackDue')}</dt>
        <dd>
          <Deadline
            due={order.callbackDue}
            doneAt={order.calledBackAt}
            closed={!open}
            now={props.now}
            held={false}
          />
        </dd>
        <dt>{t('workOrders.rectifyDue')}</dt>
        <dd>
          <Deadline
            due={order.rectifyDue}
            doneAt={order.rectification?.at ?? null}
            closed={!open}
            now={props.now}
            held={appealing}
          />
        </dd>
        <dt>{t('workOrders.appealDue')}</dt>
        <dd>{stamp(order.appealDue, lang)}</dd>
      </dl>
      {error !== null && (
        <p className="ad-error" role="alert" data-testid="wo-error">
          {error}
        </p>
      )}

      <h4>{t('workOrders.callbacks')}</h4>
      {order.callbacks.length === 0 ? (
        <p className="ad-hint">{t('workOrders.noCallbacks')}</p>
      ) : (
        <ol className="wo-log" data-testid="wo-callbacks">
          {order.callbacks.map((c, i) => (
            <li key={i} className={c.reached ? 'wo-log-reached' : 'wo-log-missed'}>
              <strong>{c.reached ? t('workOrders.reached') : t('workOrders.notReached')}</strong> ·{' '}
              {stamp(c.at, lang)} · {c.by}
              {c.note !== '' && <div>{c.note}</div>}
            </li>
          ))}
        </ol>
      )}
      {open && !appealing && (
        <form
          className="wo-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('callback', { reached, note }, () => {
              setNote('');
            });
          }}
        >
          <label className="wo-check">
            <input
              type="checkbox"
              checked={reached}
              data-testid="wo-reached"
              onChange={(e) => {
                setReached(e.target.checked);
              }}
            />
            {t('workOrders.reached')}
          </label>
          <label className="ad-field">
            <span>{t('workOrders.note')}</span>
            <textarea
              value={note}
              maxLength={1000}
              rows={2}
              data-testid="wo-note"
              onChange={(e) => {
                setNote(e.target.value);
              }}
            />
          </label>
          <button type="submit" className="ad-btn" disabled={busy} data-testid="wo-add-callback">
            {t('workOrders.addCallback')}
          </button>
        </form>
      )}

      <h4>{t('workOrders.rectification')}</h4>
      {order.rectification !== null ? (
        <p className="wo-quote" data-testid="wo-rectification">
          {order.rectification.text}
          <small className="ad-sub">
            {order.rectification.by} · {stamp(order.rectification.at, lang)}
          </small>
        </p>
      ) : open && !appealing ? (
        <form
          className="wo-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('rectification', { text: rectification }, () => {
              setRectification('');
            });
          }}
        >
          <label className="ad-field">
            <span>{t('workOrders.rectificationText')}</span>
            <textarea
              value={rectification}
              maxLength={1000}
              rows={3}
              required
              data-testid="wo-rectification-text"
              onChange={(e) => {
                setRectification(e.target.value);
              }}
            />
          </label>
          <button
            type="submit"
            className="ad-btn"
            disabled={busy}
            data-testid="wo-save-rectification"
          >
            {t('workOrders.saveRectification')}
          </button>
        </form>
      ) : (
        <p className="ad-hint">{t('workOrders.noRectification')}</p>
      )}

      <h4>{t('workOrders.appeal')}</h4>
      {order.appeal !== null ? (
        <div className="wo-quote" data-testid="wo-appeal">
          <div>{order.appeal.reason}</div>
          <small className="ad-sub">
            {t('workOrders.appealBy', { who: order.appeal.by, time: stamp(order.appeal.at, lang) })}
          </small>
          {order.appeal.outcome === null ? (
            <strong className="wo-pending">{t('workOrders.pending')}</strong>
          ) : (
            <div>
              <strong className={`wo-outcome-${order.appeal.outcome}`}>
                {t(`workOrders.${order.appeal.outcome}`)}
              </strong>
              {order.appeal.decisionNote !== null && order.appeal.decisionNote !== '' && (
                <div>{order.appeal.decisionNote}</div>
              )}
              {order.appeal.decidedBy !== null && order.appeal.decidedAt !== null && (
                <small className="ad-sub">
                  {t('workOrders.decidedBy', {
                    who: order.appeal.decidedBy,
                    time: stamp(order.appeal.decidedAt, lang),
                  })}
                </small>
              )}
            </div>
          )}
        </div>
      ) : canAppeal ? (
        <form
          className="wo-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('appeal', { reason }, () => {
              setReason('');
            });
          }}
        >
          <label className="ad-field">
            <span>{t('workOrders.appealReason')}</span>
            <textarea
              value={reason}
              maxLength={1000}
              rows={2}
              required
              data-testid="wo-appeal-reason"
              onChange={(e) => {
                setReason(e.target.value);
              }}
            />
          </label>
          <button type="submit" className="ad-btn" disabled={busy} data-testid="wo-file-appeal">
            {t('workOrders.fileAppeal')}
          </button>
        </form>
      ) : (
        <p className="ad-hint">{open ? t('workOrders.appealClosed') : t('workOrders.noAppeal')}</p>
      )}
      {appealing &&
        manager &&
        (order.appeal?.by === session.staffId ? (
          <p className="ad-hint">{t('workOrders.ownAppeal')}</p>
        ) : (
          <div className="wo-form">
            <label className="ad-field">
              <span>{t('workOrders.decisionNote')}</span>
              <textarea
                value={decisionNote}
                maxLength={1000}
                rows={2}
                data-testid="wo-decision-note"
                onChange={(e) => {
                  setDecisionNote(e.target.value);
                }}
              />
            </label>
            <div className="ad-actions">
              {(['accepted', 'rejected'] as const).map((outcome) => (
                <button
                  key={outcome}
                  type="button"
                  className={outcome === 'accepted' ? 'ad-btn ad-btn-primary' : 'ad-btn'}
                  disabled={busy}
                  data-testid={`wo-decide-${outcome}`}
                  onClick={() => {
                    void run('appeal-decision', { outcome, note: decisionNote }, () => {
                      setDecisionNote('');
                    });
                  }}
                >
                  {t(outcome === 'accepted' ? 'workOrders.accept' : 'workOrders.reject')}
                </button>
              ))}
            </div>
          </div>
        ))}

      <div className="wo-closing">
        {order.state === 'closed' ? (
          <p data-testid="wo-closed">
            <strong>
              {order.closure === null ? '' : t(`workOrders.closure.${order.closure}`)}
            </strong>
            {order.closedBy !== null && order.closedAt !== null && (
              <small className="ad-sub">
                {t('workOrders.closedBy', {
                  who: order.closedBy,
                  time: stamp(order.closedAt, lang),
                })}
              </small>
            )}
          </p>
        ) : appealing ? null : (
          <>
            <button
              type="button"
              className="ad-btn ad-btn-primary"
              disabled={busy || order.calledBackAt === null || order.rectification === null}
              data-testid="wo-close"
              onClick={() => {
                void run('close', {}, () => undefined);
              }}
            >
              {t('workOrders.close')}
            </button>
            {(order.calledBackAt === null || order.rectification === null) && (
              <small className="ad-hint">{t('workOrders.closeNeeds')}</small>
            )}
          </>
        )}
      </div>
    </aside>
  );
}

// ─── Report ───────────────────────────────────────────────────────────────────────────────

function monthStart(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}

function ReportView(props: PageProps): ReactNode {
  const { session, onExpired } = props;
  const { t, lang, errorText } = useI18n<AdminKey>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [asked, setAsked] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const [data, setData] = useState<WorkOrderReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const expired = useRef(onExpired);
  useEffect(() => {
    expired.current = onExpired;
  }, [onExpired]);

  useEffect(() => {
    let cancelled = false;
    void report(session.token, asked.from, asked.to).then((reply) => {
      if (cancelled) return;
      if (reply.ok) {
        setData(reply.data);
        setFrom((f) => (f === '' ? reply.data.from : f));
        setTo((v) => (v === '' ? reply.data.to : v));
        setError(null);
      } else if (reply.error.code === 'unauthenticated') expired.current();
      else setError(`${errorText(reply.error)} ${reply.error.message}`);
    });
    return () => {
      cancelled = true;
    };
  }, [session.token, asked, errorText]);

  const rows = data === null ? [] : data.byZone;
  return (
    <div className="wo-body">
      <form
        className="wo-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ from, to });
        }}
      >
        <label className="ad-field">
          <span>{t('workOrders.from')}</span>
          <input
            type="date"
            value={from}
            placeholder={monthStart()}
            onChange={(e) => {
              setFrom(e.target.value);
            }}
          />
        </label>
        <label className="ad-field">
          <span>{t('workOrders.to')}</span>
          <input
            type="date"
            value={to}
            onChange={(e) => {
              setTo(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="ad-btn ad-btn-primary" data-testid="wo-report-search">
          {t('workOrders.search')}
        </button>
      </form>
      {error !== null && (
        <p className="ad-error" role="alert">
          {error}
        </p>
      )}
      {data !== null && (
        <section className="ad-card">
          <p className="wo-count">
            {t('workOrders.report.period')}：{data.from} — {data.to}
          </p>
          <div className="wo-kpis" data-testid="wo-kpis">
            <Kpi label={t('workOrders.report.callbackRate')} value={data.total.callbackRate} />
            <Kpi
              label={t('workOrders.report.callbackOnTime')}
              value={data.total.callbackOnTimeRate}
            />
            <Kpi
              label={t('workOrders.report.rectificationRate')}
              value={data.total.rectificationRate}
            />
            <Kpi
              label={t('workOrders.report.rectificationOnTime')}
              value={data.total.rectificationOnTimeRate}
            />
          </div>
          <table className="ad-table wo-report" data-testid="wo-report">
            <thead>
              <tr>
                <th>{t('workOrders.report.zone')}</th>
                <th>{t('workOrders.report.opened')}</th>
                <th>{t('workOrders.report.voided')}</th>
                <th>{t('workOrders.report.callbackRate')}</th>
                <th>{t('workOrders.report.callbackOnTime')}</th>
                <th>{t('workOrders.report.rectificationRate')}</th>
                <th>{t('workOrders.report.rectificationOnTime')}</th>
                <th>{t('workOrders.report.appeals')}</th>
                <th>{t('workOrders.report.closed')}</th>
                <th>{t('workOrders.report.overdue')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((z) => (
                <StatsRow
                  key={z.zoneId}
                  label={lang === 'en' ? z.nameEn : z.name}
                  stats={z.stats}
                  testId={`wo-report-${z.zoneId}`}
                />
              ))}
              <StatsRow
                label={t('workOrders.report.total')}
                stats={data.total}
                testId="wo-report-total"
                total
              />
            </tbody>
          </table>
          <p className="ad-hint">{t('workOrders.report.note')}</p>
        </section>
      )}
    </div>
  );
}

function percent(value: number | null, none: string): string {
  return value === null ? none : `${(value * 100).toFixed(1)}%`;
}

function Kpi(props: { readonly label: string; readonly value: number | null }): ReactNode {
  const { t } = useI18n<AdminKey>();
  return (
    <div className="wo-kpi">
      <span>{props.label}</span>
      <strong>{percent(props.value, t('workOrders.report.none'))}</strong>
    </div>
  );
}

function StatsRow(props: {
  readonly label: string;
  readonly stats: WorkOrderStats;
  readonly testId: string;
  readonly total?: boolean;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  const s = props.stats;
  const none = t('workOrders.report.none');
  return (
    <tr className={props.total === true ? 'wo-report-total' : ''} data-testid={props.testId}>
      <td>{props.label}</td>
      <td>{s.opened}</td>
      <td>{s.voided}</td>
      <td>
        {percent(s.callbackRate, none)} <small className="ad-sub">{s.calledBack}</small>
      </td>
      <td>
        {percent(s.callbackOnTimeRate, none)} <small className="ad-sub">{s.calledBackOnTime}</small>
      </td>
      <td>
        {percent(s.rectificationRate, none)} <small className="ad-sub">{s.rectified}</small>
      </td>
      <td>
        {percent(s.rectificationOnTimeRate, none)}{' '}
        <small className="ad-sub">{s.rectifiedOnTime}</small>
      </td>
      <td>
        {s.appealsAccepted} / {s.appealsRejected} / {s.appealsPending}
      </td>
      <td>{s.closed}</td>
      <td className={s.overdue > 0 ? 'wo-due-over' : ''}>{s.overdue}</td>
    </tr>
  );
}
