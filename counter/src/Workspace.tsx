import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  priorityRank,
  queueFor,
  windowId as toWindowId,
  type CommandEventName,
  type CommandPayload,
  type CommandReply,
  type DayFigures,
  type HallConfig,
  type HallState,
  type HallView,
  type Ticket,
} from '@hallq/shared';
import { HallClient, getJson, type ConnectionState } from '../../shared/src/client/hall-client.ts';
import type { Ack } from '../../shared/src/protocol/contract.ts';
import { shellFor } from '../../shared/src/client/shell-bridge.ts';
import { BigNumber, ConnectionBanner, useI18n } from '../../shared/src/ui/index.ts';
import { CallNumberDialog, PauseDialog, TransferDialog, type TransferTarget } from './Dialogs.tsx';
import type { CounterKey } from './i18n.ts';
import {
  COUNTER_ACTIONS,
  KEY_BINDINGS,
  browserKeypad,
  combinedKeypad,
  keyLabel,
  shellKeypad,
  type CounterAction,
} from './keypad.ts';
import { clockText, type CounterSession } from './session.ts';

type Dialog = 'transfer' | 'pause' | 'callNumber' | null;
type Message = { readonly kind: 'ok' | 'error'; readonly text: string } | null;

const FIGURES_REFRESH_MS = 30_000;

/** The rooms a window's counter joins: its window, its zone and the zones of its services. */
function roomsOf(config: HallConfig, windowId: number): string[] {
  const zones = new Set<string>();
  const own = config.windows.find((w) => w.id === windowId);
  if (own !== undefined) zones.add(own.zoneId);
  for (const a of config.assignments) {
    if (a.windowId !== windowId) continue;
    const service = config.services.find((s) => s.id === a.serviceId);
    if (service !== undefined) zones.add(service.zoneId);
  }
  return [`window:${windowId}`, ...[...zones].sort().map((z) => `zone:${z}`)];
}

/** The window's queue in dispatch order, computed from the view as the server would. */
function waitingFor(
  config: HallConfig,
  view: HallView,
  windowId: number,
  now: number,
): readonly Ticket[] {
  const state: HallState = {
    config,
    day: {
      businessDay: view.businessDay,
      counters: new Map(),
      tickets: new Map(Object.values(view.tickets).map((t) => [t.id, t])),
      windows: new Map(Object.values(view.windows).map((w) => [w.windowId, w])),
      handling: new Map(),
    },
  };
  try {
    return queueFor(state, toWindowId(windowId), now);
  } catch {
    // Fallback: targeted first, then by priority class and arrival.
    return Object.values(view.tickets)
      .filter((t) => t.state === 'waiting')
      .sort(
        (a, b) =>
          Number(b.targetWindowId === windowId) - Number(a.targetWindowId === windowId) ||
          priorityRank(a.priority) - priorityRank(b.priority) ||
          a.sortKey - b.sortKey,
      );
  }
}

/** The signed-in clerk's counter: current ticket, actions, queue, suspended list and figures. */
export function Workspace(props: {
  readonly session: CounterSession;
  /** The hall server's origin (the hall client's, or this page's). */
  readonly origin: string;
  readonly onSignOut: () => void;
  readonly signOutError: string | null;
}): ReactNode {
  const { session, origin } = props;
  const { t, errorText, lang, setLang } = useI18n<CounterKey>();
  const [config, setConfig] = useState<HallConfig | null>(null);
  const [view, setView] = useState<HallView | null>(null);
  const [conn, setConn] = useState<ConnectionState>('connecting');
  const [figures, setFigures] = useState<DayFigures | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const [openedDialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const clientRef = useRef<HallClient | null>(null);
  /** Server clock minus browser clock, learnt from live events. */
  const offsetRef = useRef(0);
  const { onSignOut } = props;
  const signOutRef = useRef(onSignOut);
  signOutRef.current = onSignOut;

  // The configuration first (to know the rooms), then the live connection.
  useEffect(() => {
    const life = { cancelled: false };
    void (async () => {
      for (;;) {
        const reply = await getJson<HallConfig>('/api/v1/hall', session.token, origin);
        if (life.cancelled) return;
        if (reply.ok) {
          setConfig(reply.data);
          return;
        }
        setConn('offline');
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    })();
    return () => {
      life.cancelled = true;
    };
  }, [session.token, origin]);

  const refreshFigures = useCallback(async (): Promise<void> => {
    const client = clientRef.current;
    if (client === null) return;
    const reply = await client.request<DayFigures>('figures:get', {});
    if (reply.ok) setFigures(reply.data);
  }, []);

  // A key, so that a configuration update with the same rooms keeps the connection.
  const roomsKey = config === null ? null : roomsOf(config, session.windowId).join(',');

  useEffect(() => {
    if (roomsKey === null) return;
    const client = new HallClient({
      url: origin,
      token: session.token,
      rooms: roomsKey.split(','),
      onView: (next, change) => {
        setView(next);
        if (change.kind !== 'live') {
          void refreshFigures();
          return;
        }
        let refresh = false;
        for (const { event } of change.events) {
          offsetRef.current = event.at - Date.now();
          if (
            (event.type === 'ticket.completed' ||
              event.type === 'ticket.noShow' ||
              event.type === 'ticket.rated' ||
              event.type === 'ticket.transferred') &&
            event.ticket.windowId === session.windowId
          )
            refresh = true;
        }
        if (refresh) void refreshFigures();
      },
      onState: setConn,
      onConfig: setConfig,
      onUnauthenticated: () => {
        signOutRef.current();
      },
    });
    clientRef.current = client;
    const timer = setInterval(() => {
      void refreshFigures();
    }, FIGURES_REFRESH_MS);
    return () => {
      clearInterval(timer);
      clientRef.current = null;
      client.close();
    };
  }, [roomsKey, origin, session.token, session.windowId, refreshFigures]);

  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);

  const windowState = view?.windows[session.windowId] ?? null;
  const currentId = windowState?.currentTicketId ?? null;
  const current = currentId === null ? null : (view?.tickets[currentId] ?? null);
  const paused = windowState?.state === 'paused';
  // The ticket left the window (e.g. on another terminal): its transfer dialog goes too.
  const dialog: Dialog = openedDialog === 'transfer' && current === null ? null : openedDialog;
  const recallLimit = config?.policies.recallLimit ?? 0;
  const recallsLeft = current === null ? 0 : Math.max(0, recallLimit - current.recallCount);
  const serverNow = now + offsetRef.current;
  const queue = useMemo(
    () =>
      config === null || view === null ? [] : waitingFor(config, view, session.windowId, serverNow),
    // The order changes with the view, not with every clock tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [config, view, session.windowId],
  );
  const suspended = useMemo(
    () =>
      view === null
        ? []
        : Object.values(view.tickets)
            .filter(
              (tk) =>
                tk.state === 'suspended' &&
                (tk.targetWindowId === session.windowId || tk.windowId === session.windowId),
            )
            .sort((a, b) => a.sortKey - b.sortKey),
    [view, session.windowId],
  );
  const online = conn === 'online';

  const enabled: Record<CounterAction, boolean> = {
    callNext: online && !busy && !paused && current === null && windowState !== null,
    recall: online && !busy && current?.state === 'called' && recallsLeft > 0,
    start: online && !busy && current?.state === 'called',
    complete: online && !busy && (current?.state === 'called' || current?.state === 'serving'),
    noShow: online && !busy && current?.state === 'called',
    transfer: online && !busy && current !== null,
    suspend: online && !busy && current !== null,
    pauseToggle: online && !busy && (paused || (current === null && windowState !== null)),
    callNumber: online && !busy && !paused && current === null && windowState !== null,
    resumeSuspended: online && !busy && suspended.length > 0,
  };

  const serviceName = (id: string): string => {
    const service = config?.services.find((s) => s.id === id);
    if (service === undefined) return id;
    return lang === 'en' ? service.nameEn : service.name;
  };

  /** Sends one command; the UI changes only through the server's events and this ack. */
  const send = async <E extends CommandEventName>(
    name: E,
    payload: CommandPayload<E>,
    done: (reply: CommandReply) => string,
    inDialog = false,
  ): Promise<boolean> => {
    const client = clientRef.current;
    if (client === null) return false;
    setBusy(true);
    if (!inDialog) setMessage(null);
    const reply: Ack<CommandReply> = await client.command(name, payload);
    setBusy(false);
    if (!reply.ok) {
      const text = errorText(reply.error);
      if (inDialog) setDialogError(text);
      else setMessage({ kind: 'error', text });
      return false;
    }
    setMessage({ kind: 'ok', text: done(reply.data) });
    return true;
  };

  const numberOf = (reply: CommandReply, fallback: string): string =>
    reply.ticket?.ticket.number ?? fallback;

  const openDialog = (which: Exclude<Dialog, null>): void => {
    setDialogError(null);
    setMessage(null);
    setDialog(which);
  };

  const perform = (action: CounterAction): void => {
    if (!enabled[action] || dialog !== null) return;
    const n = current?.number ?? '';
    switch (action) {
      case 'callNext':
        void send('window:callNext', { windowId: session.windowId }, (r) =>
          t('done.callNext', { number: numberOf(r, '') }),
        );
        return;
      case 'recall':
        if (current !== null)
          void send('ticket:recall', { ticketId: current.id }, (r) =>
            t('done.recall', { number: numberOf(r, n) }),
          );
        return;
      case 'start':
        if (current !== null)
          void send('ticket:start', { ticketId: current.id }, (r) =>
            t('done.start', { number: numberOf(r, n) }),
          );
        return;
      case 'complete':
        if (current !== null)
          void send('ticket:complete', { ticketId: current.id }, (r) => {
            void refreshFigures();
            return t('done.complete', { number: numberOf(r, n) });
          });
        return;
      case 'noShow':
        if (current !== null)
          void send('ticket:noShow', { ticketId: current.id }, (r) =>
            t('done.noShow', { number: numberOf(r, n) }),
          );
        return;
      case 'suspend':
        if (current !== null)
          void send('ticket:suspend', { ticketId: current.id }, (r) =>
            t('done.suspend', { number: numberOf(r, n) }),
          );
        return;
      case 'transfer':
        openDialog('transfer');
        return;
      case 'callNumber':
        openDialog('callNumber');
        return;
      case 'pauseToggle':
        if (paused)
          void send('window:resume', { windowId: session.windowId }, () => t('done.resumeWindow'));
        else openDialog('pause');
        return;
      case 'resumeSuspended': {
        const first = suspended[0];
        if (first !== undefined) resumeTicket(first);
        return;
      }
    }
  };

  const resumeTicket = (ticket: Ticket): void => {
    void send('ticket:resume', { ticketId: ticket.id }, (r) =>
      t('done.resumeSuspended', { number: numberOf(r, ticket.number) }),
    );
  };

  const performRef = useRef(perform);
  performRef.current = perform;
  const dialogRef = useRef(dialog);
  dialogRef.current = dialog;
  useEffect(() => {
    const enabled = (): boolean => dialogRef.current === null;
    const shell = shellFor('counter');
    const keypad = combinedKeypad([
      browserKeypad(globalThis.window, enabled),
      ...(shell === undefined ? [] : [shellKeypad(shell, enabled)]),
    ]);
    return keypad.onAction((action) => {
      performRef.current(action);
    });
  }, []);

  const closeDialog = useCallback(() => {
    setDialog(null);
    setDialogError(null);
  }, []);

  const submitTransfer = async (target: TransferTarget): Promise<void> => {
    if (current === null) return;
    const n = current.number;
    const ok = await send(
      'ticket:transfer',
      { ticketId: current.id, ...target },
      (r) => t('done.transfer', { number: numberOf(r, n) }),
      true,
    );
    if (ok) setDialog(null);
  };
  const submitPause = async (reason: string): Promise<void> => {
    const ok = await send(
      'window:pause',
      { windowId: session.windowId, reason },
      () => t('done.pause'),
      true,
    );
    if (ok) setDialog(null);
  };
  const submitCallNumber = async (number: string): Promise<void> => {
    if (view === null) return;
    const ticketId = `${view.businessDay.replace(/-/g, '')}-${number}`;
    const ok = await send(
      'ticket:call',
      { windowId: session.windowId, ticketId },
      (r) => t('done.callNext', { number: numberOf(r, number) }),
      true,
    );
    if (ok) setDialog(null);
  };

  const actionLabel = (action: CounterAction): string => {
    switch (action) {
      case 'callNext':
        return t('action.callNext');
      case 'recall':
        return t('action.recall', { n: recallsLeft });
      case 'start':
        return t('action.start');
      case 'complete':
        return t('action.complete');
      case 'noShow':
        return t('action.noShow');
      case 'transfer':
        return t('action.transfer');
      case 'suspend':
        return t('action.suspend');
      case 'pauseToggle':
        return paused ? t('action.resumeWindow') : t('action.pause');
      case 'callNumber':
        return t('action.callNumber');
      case 'resumeSuspended':
        return t('action.resumeSuspended');
    }
  };

  const since =
    current === null
      ? null
      : current.state === 'serving'
        ? (current.startedAt ?? current.calledAt)
        : current.lastCalledAt;
  const windowLabel = t('common.window', { n: session.windowId });
  const stateName = windowState?.state ?? 'closed';

  return (
    <div className="ct-app" data-testid="counter">
      <ConnectionBanner state={conn} />
      <header className="ct-header">
        <div className="ct-header-window">
          <strong data-testid="window-label">{windowLabel}</strong>
          <span className={`ct-state ct-state-${stateName}`} data-testid="window-state">
            {t(`window.state.${stateName}`)}
          </span>
          {paused && windowState.pauseReason !== null && (
            <span className="ct-pause-reason" data-testid="pause-reason">
              {t('window.pausedBecause', { reason: windowState.pauseReason })}
            </span>
          )}
        </div>
        <div className="ct-header-user">
          <span>{t('header.signedIn', { name: session.name, staffId: session.staffId })}</span>
          <button
            type="button"
            className="ct-btn ct-btn-small"
            onClick={() => {
              setLang(lang === 'en' ? 'zh-CN' : 'en');
            }}
          >
            {t('common.language')}
          </button>
          <button
            type="button"
            className="ct-btn ct-btn-small"
            onClick={onSignOut}
            data-testid="sign-out"
          >
            {t('header.signOut')}
          </button>
        </div>
      </header>
      {props.signOutError !== null && (
        <p className="ct-message ct-message-error" role="alert">
          {props.signOutError}
        </p>
      )}
      <main className="ct-main">
        <section className="ct-left">
          <div
            className={`ct-current ct-current-${current?.state ?? 'none'}`}
            data-testid="current-ticket"
          >
            <h2>{t('current.title')}</h2>
            {current === null ? (
              <p className={`ct-current-none ${paused ? 'ct-current-paused' : ''}`}>
                {paused ? t('window.state.paused') : t('current.none')}
                {paused && windowState.pauseReason !== null && (
                  <span className="ct-current-reason">
                    {t('window.pausedBecause', { reason: windowState.pauseReason })}
                  </span>
                )}
              </p>
            ) : (
              <div className="ct-current-body">
                <BigNumber number={current.number} className="ct-current-number" />
                <div className="ct-current-facts">
                  <span className="ct-current-service">{serviceName(current.serviceId)}</span>
                  <span className={`ct-priority ct-priority-${current.priority}`}>
                    {t(`priority.${current.priority}`)}
                  </span>
                  <span className="ct-current-state" data-testid="current-state">
                    {t(`ticketState.${current.state}`)}
                    {current.recallCount > 0 &&
                      ` · ${t('current.recalls', { n: current.recallCount })}`}
                  </span>
                  {since !== null && (
                    <span className="ct-timer" data-testid="ticket-timer">
                      {current.state === 'serving'
                        ? t('current.servingFor')
                        : t('current.calledFor')}{' '}
                      <b>{clockText(serverNow - since)}</b>
                    </span>
                  )}
                  {current.note !== null && <span className="ct-note">{current.note}</span>}
                </div>
              </div>
            )}
          </div>
          <div className="ct-actions">
            {COUNTER_ACTIONS.map((action) => (
              <button
                key={action}
                type="button"
                className={`ct-btn ct-action ct-action-${action}`}
                disabled={!enabled[action]}
                data-action={action}
                onClick={(e) => {
                  e.currentTarget.blur();
                  perform(action);
                }}
              >
                <span className="ct-action-label">{actionLabel(action)}</span>
                <kbd>{KEY_BINDINGS[action].map(keyLabel).join(' / ')}</kbd>
              </button>
            ))}
          </div>
          <div className="ct-message-slot" aria-live="polite">
            {message !== null && (
              <p
                className={`ct-message ct-message-${message.kind}`}
                role={message.kind === 'error' ? 'alert' : 'status'}
                data-testid={message.kind === 'error' ? 'action-error' : 'action-result'}
              >
                {message.text}
              </p>
            )}
          </div>
        </section>
        <aside className="ct-right">
          <section className="ct-panel" data-testid="figures">
            <h2>{t('figures.title')}</h2>
            <dl className="ct-figures">
              <div>
                <dt>{t('figures.served')}</dt>
                <dd data-testid="fig-served">{figures?.served ?? '—'}</dd>
              </div>
              <div>
                <dt>{t('figures.noShows')}</dt>
                <dd data-testid="fig-noshows">{figures?.noShows ?? '—'}</dd>
              </div>
              <div>
                <dt>{t('figures.meanHandling')}</dt>
                <dd>
                  {figures?.meanHandlingMs == null
                    ? t('figures.none')
                    : clockText(figures.meanHandlingMs)}
                </dd>
              </div>
              <div>
                <dt>{t('figures.rated')}</dt>
                <dd data-testid="fig-rated">{figures?.rated ?? '—'}</dd>
              </div>
              <div>
                <dt>{t('figures.goodRate')}</dt>
                <dd data-testid="fig-goodrate">
                  {figures?.goodRate == null
                    ? t('figures.none')
                    : `${Math.round(figures.goodRate * 100)}%`}
                </dd>
              </div>
            </dl>
            {figures !== null && figures.rated > 0 && (
              <ul className="ct-ratings" data-testid="fig-ratings">
                {Object.entries(figures.ratings)
                  .filter(([, count]) => count > 0)
                  .map(([score, count]) => (
                    <li key={score}>
                      {t(`rating.${score as keyof DayFigures['ratings']}`)} × {count}
                    </li>
                  ))}
              </ul>
            )}
          </section>
          <section className="ct-panel ct-queue" data-testid="queue">
            <h2>{t('queue.title', { n: queue.length })}</h2>
            {queue.length === 0 ? (
              <p className="ct-empty">{t('queue.empty')}</p>
            ) : (
              <ol>
                {queue.slice(0, 30).map((tk) => (
                  <li
                    key={tk.id}
                    className={tk.targetWindowId === session.windowId ? 'ct-targeted' : ''}
                  >
                    <b className="ct-queue-number">{tk.number}</b>
                    <span className="ct-queue-service">{serviceName(tk.serviceId)}</span>
                    {tk.priority !== 'normal' && (
                      <span className={`ct-priority ct-priority-${tk.priority}`}>
                        {t(`priority.${tk.priority}`)}
                      </span>
                    )}
                    {tk.targetWindowId === session.windowId && (
                      <span className="ct-tag">{t('queue.targeted')}</span>
                    )}
                    <span className="ct-queue-wait">{clockText(serverNow - tk.queuedAt)}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
          {suspended.length > 0 && (
            <section className="ct-panel" data-testid="suspended">
              <h2>{t('suspended.title')}</h2>
              <ul className="ct-suspended">
                {suspended.map((tk) => (
                  <li key={tk.id}>
                    <b className="ct-queue-number">{tk.number}</b>
                    <span className="ct-queue-service">{serviceName(tk.serviceId)}</span>
                    <button
                      type="button"
                      className="ct-btn ct-btn-small"
                      disabled={!online || busy}
                      onClick={() => {
                        resumeTicket(tk);
                      }}
                    >
                      {t('suspended.resume')}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </main>
      <footer className="ct-keys" data-testid="shortcuts">
        <strong>{t('keys.title')}</strong>
        {COUNTER_ACTIONS.map((action) => (
          <span key={action}>
            <kbd>{KEY_BINDINGS[action].map(keyLabel).join('/')}</kbd> {actionLabel(action)}
          </span>
        ))}
      </footer>
      {dialog === 'transfer' && current !== null && config !== null && (
        <TransferDialog
          number={current.number}
          config={config}
          windowId={session.windowId}
          busy={busy}
          error={dialogError}
          onCancel={closeDialog}
          onSubmit={(target) => void submitTransfer(target)}
        />
      )}
      {dialog === 'pause' && (
        <PauseDialog
          busy={busy}
          error={dialogError}
          onCancel={closeDialog}
          onSubmit={(r) => void submitPause(r)}
        />
      )}
      {dialog === 'callNumber' && (
        <CallNumberDialog
          busy={busy}
          error={dialogError}
          onCancel={closeDialog}
          onSubmit={(n) => void submitCallNumber(n)}
        />
      )}
    </div>
  );
}
