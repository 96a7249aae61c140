/**
 * /admin/devices: the registered kiosks, call screens, counters and rating pads with their
 * binding, pairing state and last sighting; register one (its pairing code is shown large with
 * its countdown), edit its binding, make a new code, revoke it. The list refreshes itself, so a
 * device that pairs shows up as paired while the code is still on screen.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type {
  Ack,
  DeviceSummary,
  DomainError,
  HallConfig,
  PairingCode,
} from '../../shared/src/index.ts';
import { useI18n } from '../../shared/src/ui/index.ts';
import { adminApi, type DeviceInput } from './api.ts';
import { DeviceForm, hasLockdown } from './DeviceForm.tsx';
import type { AdminKey } from './i18n.ts';
import type { PageProps } from './pages.ts';

type T = ReturnType<typeof useI18n<AdminKey>>['t'];

/** A code on screen: `receivedAt` is this browser's clock, the rest the server's. */
interface ShownCode {
  readonly deviceId: string;
  readonly name: string;
  readonly pairing: PairingCode;
  readonly receivedAt: number;
}

type Status = 'paired' | 'pending' | 'unpaired' | 'revoked';

function statusOf(device: DeviceSummary): Status {
  if (device.revoked) return 'revoked';
  if (device.pairedAt !== null) return 'paired';
  return device.pairing === null ? 'unpaired' : 'pending';
}

function timeText(ms: number | null, timeZone: string, lang: string): string | null {
  if (ms === null) return null;
  return new Intl.DateTimeFormat(lang, {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

function bindingText(device: DeviceSummary, t: T): string[] {
  const b = device.binding as Readonly<Record<string, unknown>>;
  const lines: string[] = [];
  if (device.role === 'kiosk') {
    lines.push(
      typeof b.printerUrl === 'string'
        ? t('bind.printer', { url: b.printerUrl, paper: String(b.paper) })
        : t('bind.noPrinter'),
    );
  } else if (device.role === 'display') {
    const [kind = 'hall', value = ''] = (typeof b.screen === 'string' ? b.screen : 'hall').split(
      ':',
    );
    lines.push(
      kind === 'zone'
        ? t('bind.screen.zone', { zone: value })
        : kind === 'window'
          ? t('bind.screen.window', { n: value })
          : t('bind.screen.hall'),
    );
    if (typeof b.audio === 'string') lines.push(t('bind.audio', { audio: b.audio }));
  } else if (device.windowId !== null) {
    lines.push(t('bind.window', { n: device.windowId }));
  }
  if (hasLockdown(device.role) && device.hasPin) lines.push(t('bind.pin'));
  return lines;
}

/** mm:ss */
function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function Dialog(props: {
  readonly title: string;
  readonly testId: string;
  readonly onClose: () => void;
  readonly wide?: boolean;
  readonly children: ReactNode;
}): ReactNode {
  const { onClose } = props;
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    globalThis.addEventListener('keydown', onKey);
    return () => {
      globalThis.removeEventListener('keydown', onKey);
    };
  }, [onClose]);
  return (
    <div className="ad-overlay">
      <section
        className={`ad-dialog ${props.wide === true ? 'ad-dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        data-testid={props.testId}
      >
        <h2>{props.title}</h2>
        {props.children}
      </section>
    </div>
  );
}

function PairingDialog(props: {
  readonly shown: ShownCode;
  readonly device: DeviceSummary | undefined;
  readonly onClose: () => void;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  const { shown, device } = props;
  const lifetime = shown.pairing.expiresAt - shown.pairing.createdAt;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  const left = lifetime - (now - shown.receivedAt);
  const paired =
    device !== undefined && device.pairedAt !== null && device.pairedAt >= shown.pairing.createdAt;
  const client = device?.client;
  return (
    <Dialog
      title={t('pairing.title', { name: shown.name })}
      testId="pairing-dialog"
      onClose={props.onClose}
      wide
    >
      {paired ? (
        <p className="ad-paired" data-testid="pairing-done" role="status">
          ✓{' '}
          {t('pairing.done', {
            client:
              client === null || client === undefined || client.hostname === ''
                ? shown.name
                : `${client.hostname}${client.platform === '' ? '' : ` · ${client.platform}`}`,
          })}
        </p>
      ) : (
        <>
          <p className="ad-steps">{t('pairing.steps')}</p>
          <div className="ad-code-box">
            <p className="ad-server-line">
              <span>{t('pairing.server')}</span>
              <strong className="ad-server" data-testid="pairing-server">
                {globalThis.location.origin}
              </strong>
            </p>
            <p className="ad-code-label">{t('pairing.code')}</p>
            <p
              className={`ad-code ${left <= 0 ? 'ad-code-expired' : ''}`}
              data-testid="pairing-code"
            >
              {shown.pairing.code}
            </p>
          </div>
          {left > 0 ? (
            <p className="ad-countdown" data-testid="pairing-countdown">
              {t('pairing.expiresIn', { time: clock(left) })} · {t('pairing.waiting')}
            </p>
          ) : (
            <p className="ad-error" role="alert" data-testid="pairing-expired">
              {t('pairing.expired')}
            </p>
          )}
          <p className="ad-hint">{t('pairing.once')}</p>
        </>
      )}
      <div className="ad-actions">
        <button
          type="button"
          className={`ad-btn ${paired ? 'ad-btn-primary' : ''}`}
          onClick={props.onClose}
        >
          {t(paired ? 'pairing.finish' : 'pairing.close')}
        </button>
      </div>
    </Dialog>
  );
}

export function DevicesPage(props: PageProps): ReactNode {
  const { t, errorText, lang } = useI18n<AdminKey>();
  const { session, onExpired } = props;
  const { token } = session;
  const canEdit = session.role === 'admin';
  const [hall, setHall] = useState<HallConfig | null>(null);
  const [devices, setDevices] = useState<DeviceSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [shown, setShown] = useState<ShownCode | null>(null);
  const [editing, setEditing] = useState<DeviceSummary | null>(null);
  const [revoking, setRevoking] = useState<DeviceSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);

  /** Handles a refusal: an ended session signs out, anything else is shown. */
  const refused = useCallback(
    (failure: DomainError): DomainError => {
      if (failure.code === 'unauthenticated') onExpired();
      return failure;
    },
    [onExpired],
  );

  const show = useCallback(
    (reply: Ack<DeviceSummary[]>): void => {
      if (!alive.current) return;
      if (reply.ok) {
        setDevices(reply.data);
        setError(null);
      } else {
        setError(errorText(refused(reply.error)));
      }
    },
    [errorText, refused],
  );

  const reload = useCallback(async (): Promise<void> => {
    show(await adminApi.devices(token));
  }, [token, show]);

  useEffect(() => {
    alive.current = true;
    void adminApi.hall().then((reply) => {
      if (alive.current && reply.ok) setHall(reply.data);
    });
    return () => {
      alive.current = false;
    };
  }, []);

  // Refresh the list on a timer; faster while a code is on screen, to see the device pair.
  const codeOnScreen = shown !== null;
  useEffect(() => {
    const load = (): void => {
      void adminApi.devices(token).then(show);
    };
    load();
    const timer = setInterval(load, codeOnScreen ? 1500 : 5000);
    return () => {
      clearInterval(timer);
    };
  }, [token, show, codeOnScreen]);

  const timeZone = hall?.hall.timeZone ?? 'Asia/Shanghai';

  async function act<R>(
    work: () => Promise<Ack<R>>,
    done: (data: R) => void,
  ): Promise<DomainError | null> {
    setBusy(true);
    setMessage(null);
    const reply = await work();
    setBusy(false);
    if (!reply.ok) return refused(reply.error);
    done(reply.data);
    await reload();
    return null;
  }

  const create = (input: DeviceInput): Promise<DomainError | null> =>
    act(
      () => adminApi.create(token, input),
      ({ device, pairing }) => {
        setShown({ deviceId: device.deviceId, name: device.name, pairing, receivedAt: Date.now() });
      },
    );

  const update = (device: DeviceSummary, input: DeviceInput): Promise<DomainError | null> =>
    act(
      () =>
        adminApi.update(token, device.deviceId, {
          name: input.name,
          windowId: input.windowId,
          binding: input.binding,
          ...(input.pin === undefined ? {} : { pin: input.pin }),
        }),
      () => {
        setEditing(null);
        setMessage(t('form.saved'));
      },
    );

  const newCode = (device: DeviceSummary): void => {
    void act(
      () => adminApi.newCode(token, device.deviceId),
      ({ pairing }) => {
        setShown({ deviceId: device.deviceId, name: device.name, pairing, receivedAt: Date.now() });
      },
    ).then((failure) => {
      if (failure !== null) setError(errorText(failure));
    });
  };

  const revoke = (device: DeviceSummary): void => {
    void act(
      () => adminApi.revoke(token, device.deviceId),
      () => {
        setRevoking(null);
        setMessage(t('revoke.done', { name: device.name }));
      },
    ).then((failure) => {
      if (failure !== null) setError(errorText(failure));
    });
  };

  const list = devices ?? [];
  return (
    <div className="ad-app">
      <main className={`ad-main ${canEdit ? '' : 'ad-main-readonly'}`}>
        <section className="ad-card ad-list">
          <div className="ad-list-head">
            <h2>{t('list.title', { n: list.length })}</h2>
            <button
              type="button"
              className="ad-btn ad-btn-small"
              onClick={() => {
                void reload();
              }}
            >
              {t('list.refresh')}
            </button>
          </div>
          {!canEdit && <p className="ad-notice">{t('header.readOnly')}</p>}
          {message !== null && (
            <p className="ad-message" role="status" data-testid="message">
              {message}
            </p>
          )}
          {error !== null && (
            <p className="ad-error" role="alert" data-testid="page-error">
              {error}
            </p>
          )}
          {devices !== null && list.length === 0 ? (
            <p className="ad-empty">{t('list.empty')}</p>
          ) : (
            <table className="ad-table" data-testid="device-list">
              <thead>
                <tr>
                  <th>{t('list.name')}</th>
                  <th>{t('list.role')}</th>
                  <th>{t('list.binding')}</th>
                  <th>{t('list.status')}</th>
                  <th>{t('list.lastSeen')}</th>
                  {canEdit && <th className="ad-th-actions">{t('list.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((device) => {
                  const status = statusOf(device);
                  const until = timeText(device.pairing?.expiresAt ?? null, timeZone, lang);
                  return (
                    <tr
                      key={device.deviceId}
                      data-testid="device-row"
                      data-device-id={device.deviceId}
                      data-status={status}
                      className={device.revoked ? 'ad-row-revoked' : ''}
                    >
                      <td>
                        <strong>{device.name}</strong>
                        <small className="ad-id">{device.deviceId}</small>
                      </td>
                      <td>{t(`role.${device.role}`)}</td>
                      <td className="ad-binding">
                        {bindingText(device, t).map((line) => (
                          <span key={line}>{line}</span>
                        ))}
                      </td>
                      <td>
                        <span
                          className={`ad-status ad-status-${status}`}
                          data-testid="device-status"
                        >
                          {t(`status.${status}`)}
                        </span>
                        {status === 'paired' && device.client !== null && (
                          <small className="ad-id">{device.client.hostname}</small>
                        )}
                        {!device.revoked && until !== null && (
                          <small className="ad-sub">
                            {t('status.pendingUntil', { time: until })}
                          </small>
                        )}
                      </td>
                      <td className="ad-seen">
                        {timeText(device.lastSeenAt, timeZone, lang) ?? t('list.never')}
                      </td>
                      {canEdit && (
                        <td className="ad-row-actions">
                          {!device.revoked && (
                            <>
                              <button
                                type="button"
                                className="ad-btn ad-btn-small"
                                data-action="edit"
                                disabled={busy}
                                onClick={() => {
                                  setMessage(null);
                                  setEditing(device);
                                }}
                              >
                                {t('action.edit')}
                              </button>
                              <button
                                type="button"
                                className="ad-btn ad-btn-small"
                                data-action="new-code"
                                disabled={busy}
                                onClick={() => {
                                  newCode(device);
                                }}
                              >
                                {t('action.newCode')}
                              </button>
                              <button
                                type="button"
                                className="ad-btn ad-btn-small ad-btn-danger"
                                data-action="revoke"
                                disabled={busy}
                                onClick={() => {
                                  setRevoking(device);
                                }}
                              >
                                {t('action.revoke')}
                              </button>
                            </>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>

        {canEdit && (
          <section className="ad-card ad-create">
            <h2>{t('form.createTitle')}</h2>
            <DeviceForm hall={hall} onSubmit={create} />
          </section>
        )}
      </main>

      {shown !== null && (
        <PairingDialog
          shown={shown}
          device={list.find((d) => d.deviceId === shown.deviceId)}
          onClose={() => {
            setShown(null);
          }}
        />
      )}
      {editing !== null && (
        <Dialog
          title={t('form.editTitle', { name: editing.name })}
          testId="edit-dialog"
          onClose={() => {
            setEditing(null);
          }}
        >
          <DeviceForm
            hall={hall}
            device={editing}
            onSubmit={(input) => update(editing, input)}
            onCancel={() => {
              setEditing(null);
            }}
          />
        </Dialog>
      )}
      {revoking !== null && (
        <Dialog
          title={t('revoke.title', { name: revoking.name })}
          testId="confirm-dialog"
          onClose={() => {
            setRevoking(null);
          }}
        >
          <p className="ad-warning">{t('revoke.text')}</p>
          <div className="ad-actions">
            <button
              type="button"
              className="ad-btn"
              onClick={() => {
                setRevoking(null);
              }}
            >
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="ad-btn ad-btn-danger"
              disabled={busy}
              onClick={() => {
                revoke(revoking);
              }}
            >
              {t('revoke.confirm')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
