/**
 * /admin/staff: the staff accounts (工号、姓名、角色、窗口、负责专区、状态). Admins create and
 * edit accounts, reset a password (a temporary one, shown once) and disable or enable an
 * account after a confirmation; managers read the list. The server checks every rule (a
 * clerk's window exists, a zone lead has a zone, the last admin stays); the page shows its
 * typed refusals as they come.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Ack, DomainError, StaffPublic, StaffRole } from '../../../shared/src/index.ts';
import { useI18n } from '../../../shared/src/ui/index.ts';
import { call } from '../api.ts';
import type { AdminKey } from '../i18n.ts';
import { useAdminLive } from '../live-context.tsx';
import type { PageProps } from '../pages.ts';
import './staff.css';

const ROLES: readonly StaffRole[] = ['admin', 'manager', 'zone_lead', 'clerk', 'guide'];

type Dialog =
  | { readonly kind: 'create' }
  | { readonly kind: 'edit'; readonly staff: StaffPublic }
  | { readonly kind: 'reset'; readonly staff: StaffPublic; readonly password: string | null }
  | { readonly kind: 'disable' | 'enable'; readonly staff: StaffPublic };

interface Draft {
  staffId: string;
  name: string;
  role: StaffRole;
  windowId: number | null;
  zoneIds: string[];
  password: string;
}

function byId(a: StaffPublic, b: StaffPublic): number {
  return a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0;
}

export function StaffPage(props: PageProps): ReactNode {
  const { t, errorText } = useI18n<AdminKey>();
  const { session, onExpired } = props;
  const { token } = session;
  const canEdit = session.role === 'admin';
  const { config, subscribe } = useAdminLive();
  const [staff, setStaff] = useState<StaffPublic[] | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  /** An ended session signs out; any other refusal is shown where the user looks. */
  const refused = useCallback(
    (failure: DomainError): string => {
      if (failure.code === 'unauthenticated') onExpired();
      return errorText(failure);
    },
    [errorText, onExpired],
  );

  const show = useCallback(
    (reply: Ack<StaffPublic[]>): void => {
      if (!alive.current) return;
      if (reply.ok) {
        setStaff([...reply.data].sort(byId));
        setError(null);
      } else {
        setError(refused(reply.error));
      }
    },
    [refused],
  );
  const reload = useCallback(async (): Promise<void> => {
    show(await call<StaffPublic[]>('GET', '/api/v1/staff', token));
  }, [token, show]);

  useEffect(() => {
    void call<StaffPublic[]>('GET', '/api/v1/staff', token).then(show);
  }, [token, show]);

  /** Puts a changed account into the list (the reply of every write). */
  const replace = useCallback((changed: StaffPublic): void => {
    setStaff((list) =>
      [...(list ?? []).filter((s) => s.staffId !== changed.staffId), changed].sort(byId),
    );
  }, []);

  /** Sends one write; null on success (the dialog closes), the error text otherwise. */
  const write = useCallback(
    async <R extends { staff: StaffPublic }>(
      method: string,
      path: string,
      body: unknown,
    ): Promise<R | string> => {
      setBusy(true);
      const reply = await call<R>(method, path, token, body);
      setBusy(false);
      if (!reply.ok) return refused(reply.error);
      replace(reply.data.staff);
      return reply.data;
    },
    [token, refused, replace],
  );

  // Changes made elsewhere (another admin's console) arrive as staff.changed events.
  useEffect(
    () =>
      subscribe((_view, change) => {
        for (const { event } of change.events) {
          if (event.type === 'staff.changed') replace(event.staff);
        }
      }),
    [subscribe, replace],
  );

  const zoneName = useMemo(() => {
    const names = new Map<string, string>((config?.zones ?? []).map((z) => [z.id, z.name]));
    return (id: string): string => `${id} ${names.get(id) ?? ''}`.trim();
  }, [config]);

  const needle = filter.trim().toLowerCase();
  const shown = (staff ?? []).filter(
    (s) =>
      needle === '' ||
      s.staffId.toLowerCase().includes(needle) ||
      s.name.toLowerCase().includes(needle),
  );

  return (
    <main className="ad-main">
      <section className="ad-card">
        <div className="ad-list-head">
          <h2>{t('staff.title', { n: staff?.length ?? 0 })}</h2>
          <div className="st-tools">
            <input
              type="search"
              className="st-filter"
              data-testid="staff-filter"
              value={filter}
              placeholder={t('staff.filter')}
              aria-label={t('staff.filter')}
              onChange={(e) => {
                setFilter(e.target.value);
              }}
            />
            <button
              type="button"
              className="ad-btn ad-btn-small"
              onClick={() => {
                void reload();
              }}
            >
              {t('staff.refresh')}
            </button>
            {canEdit && (
              <button
                type="button"
                className="ad-btn ad-btn-primary ad-btn-small"
                data-testid="staff-create"
                onClick={() => {
                  setMessage(null);
                  setDialog({ kind: 'create' });
                }}
              >
                {t('staff.create')}
              </button>
            )}
          </div>
        </div>
        {!canEdit && <p className="ad-notice">{t('staff.readOnly')}</p>}
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
        {staff === null ? (
          <p className="ad-empty">{t('staff.loading')}</p>
        ) : shown.length === 0 ? (
          <p className="ad-empty">{t('staff.empty')}</p>
        ) : (
          <table className="ad-table st-table" data-testid="staff-list">
            <thead>
              <tr>
                <th>{t('staff.col.id')}</th>
                <th>{t('staff.col.name')}</th>
                <th>{t('staff.col.role')}</th>
                <th>{t('staff.col.window')}</th>
                <th>{t('staff.col.zones')}</th>
                <th>{t('staff.col.status')}</th>
                {canEdit && <th>{t('staff.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr
                  key={s.staffId}
                  data-testid="staff-row"
                  data-staff-id={s.staffId}
                  className={s.disabled ? 'st-row-disabled' : ''}
                >
                  <td className="st-id">
                    {s.staffId}
                    {s.staffId === session.staffId && (
                      <small className="ad-sub">{t('staff.you')}</small>
                    )}
                  </td>
                  <td>{s.name}</td>
                  <td>{t(`staff.role.${s.role}`)}</td>
                  <td>
                    {s.windowId === null ? t('staff.none') : t('staff.windowNo', { n: s.windowId })}
                  </td>
                  <td>
                    {s.role === 'zone_lead' && s.zoneIds.length > 0
                      ? s.zoneIds.map(zoneName).join('、')
                      : t('staff.none')}
                  </td>
                  <td>
                    <span
                      className={`st-status ${s.disabled ? 'st-status-off' : 'st-status-on'}`}
                      data-testid="staff-status"
                    >
                      {t(s.disabled ? 'staff.status.disabled' : 'staff.status.enabled')}
                    </span>
                  </td>
                  {canEdit && (
                    <td className="st-actions">
                      <button
                        type="button"
                        className="ad-btn ad-btn-small"
                        data-action="edit"
                        onClick={() => {
                          setMessage(null);
                          setDialog({ kind: 'edit', staff: s });
                        }}
                      >
                        {t('staff.edit')}
                      </button>
                      <button
                        type="button"
                        className="ad-btn ad-btn-small"
                        data-action="reset"
                        onClick={() => {
                          setMessage(null);
                          setDialog({ kind: 'reset', staff: s, password: null });
                        }}
                      >
                        {t('staff.resetPassword')}
                      </button>
                      {s.disabled ? (
                        <button
                          type="button"
                          className="ad-btn ad-btn-small"
                          data-action="enable"
                          onClick={() => {
                            setMessage(null);
                            setDialog({ kind: 'enable', staff: s });
                          }}
                        >
                          {t('staff.enable')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="ad-btn ad-btn-small ad-btn-danger"
                          data-action="disable"
                          disabled={s.staffId === session.staffId}
                          onClick={() => {
                            setMessage(null);
                            setDialog({ kind: 'disable', staff: s });
                          }}
                        >
                          {t('staff.disable')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {dialog !== null && (dialog.kind === 'create' || dialog.kind === 'edit') && (
        <StaffForm
          editing={dialog.kind === 'edit' ? dialog.staff : null}
          busy={busy}
          onCancel={() => {
            setDialog(null);
          }}
          onSave={async (draft) => {
            const editing = dialog.kind === 'edit' ? dialog.staff : null;
            const body =
              editing === null
                ? {
                    staffId: draft.staffId.trim(),
                    name: draft.name,
                    role: draft.role,
                    windowId: draft.role === 'clerk' ? draft.windowId : null,
                    ...(draft.role === 'zone_lead' ? { zoneIds: draft.zoneIds } : {}),
                    password: draft.password,
                  }
                : {
                    name: draft.name,
                    role: draft.role,
                    windowId: draft.role === 'clerk' ? draft.windowId : null,
                    ...(draft.role === 'zone_lead' ? { zoneIds: draft.zoneIds } : {}),
                  };
            const result = await write(
              editing === null ? 'POST' : 'PATCH',
              editing === null
                ? '/api/v1/staff'
                : `/api/v1/staff/${encodeURIComponent(editing.staffId)}`,
              body,
            );
            if (typeof result === 'string') return result;
            setDialog(null);
            const id = result.staff.staffId;
            setMessage(t(editing === null ? 'staff.saved.created' : 'staff.saved.updated', { id }));
            return null;
          }}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetDialog
          staff={dialog.staff}
          password={dialog.password}
          busy={busy}
          onCancel={() => {
            setDialog(null);
          }}
          onConfirm={async () => {
            const path = `/api/v1/staff/${encodeURIComponent(dialog.staff.staffId)}/password`;
            const result = await write<{ staff: StaffPublic; temporaryPassword?: string }>(
              'POST',
              path,
              {},
            );
            if (typeof result === 'string') return result;
            // Resetting one's own password ends one's own session: sign in again.
            if (dialog.staff.staffId === session.staffId) onExpired();
            setDialog({ ...dialog, password: result.temporaryPassword ?? '' });
            return null;
          }}
        />
      )}
      {(dialog?.kind === 'disable' || dialog?.kind === 'enable') && (
        <ConfirmDialog
          kind={dialog.kind}
          staff={dialog.staff}
          busy={busy}
          onCancel={() => {
            setDialog(null);
          }}
          onConfirm={async () => {
            const path = `/api/v1/staff/${encodeURIComponent(dialog.staff.staffId)}/${dialog.kind}`;
            const result = await write('POST', path, {});
            if (typeof result === 'string') return result;
            setDialog(null);
            setMessage(
              t(dialog.kind === 'disable' ? 'staff.saved.disabled' : 'staff.saved.enabled', {
                id: dialog.staff.staffId,
              }),
            );
            return null;
          }}
        />
      )}
    </main>
  );
}

/** A modal dialog that closes on Escape. */
function Modal(props: {
  readonly title: string;
  readonly testId: string;
  readonly onClose: () => void;
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
        className="ad-dialog"
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

/** Runs an async action that answers an error text or null, showing the error in place. */
function useAction(): [string | null, (run: () => Promise<string | null>) => void] {
  const [error, setError] = useState<string | null>(null);
  return [
    error,
    (run) => {
      setError(null);
      void run().then(setError);
    },
  ];
}

function StaffForm(props: {
  readonly editing: StaffPublic | null;
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly onSave: (draft: Draft) => Promise<string | null>;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  const { config } = useAdminLive();
  const { editing } = props;
  const [draft, setDraft] = useState<Draft>(() => ({
    staffId: editing?.staffId ?? '',
    name: editing?.name ?? '',
    role: editing?.role ?? 'clerk',
    windowId: editing?.windowId ?? null,
    zoneIds: [...(editing?.zoneIds ?? [])],
    password: '',
  }));
  const [error, run] = useAction();
  const set = (change: Partial<Draft>): void => {
    setDraft((d) => ({ ...d, ...change }));
  };
  const zones = config?.zones ?? [];
  const windows = config?.windows ?? [];
  return (
    <Modal
      title={
        editing === null
          ? t('staff.form.createTitle')
          : t('staff.form.editTitle', { id: editing.staffId })
      }
      testId="staff-form"
      onClose={props.onCancel}
    >
      <form
        className="ad-form"
        onSubmit={(e) => {
          e.preventDefault();
          run(() => props.onSave(draft));
        }}
      >
        {editing === null && (
          <label className="ad-field">
            <span>{t('staff.form.id')}</span>
            <input
              name="staffId"
              value={draft.staffId}
              required
              maxLength={40}
              autoComplete="off"
              onChange={(e) => {
                set({ staffId: e.target.value });
              }}
            />
            <small className="ad-hint">{t('staff.form.idHint')}</small>
          </label>
        )}
        <label className="ad-field">
          <span>{t('staff.form.name')}</span>
          <input
            name="name"
            value={draft.name}
            required
            maxLength={40}
            onChange={(e) => {
              set({ name: e.target.value });
            }}
          />
        </label>
        <label className="ad-field">
          <span>{t('staff.form.role')}</span>
          <select
            name="role"
            value={draft.role}
            onChange={(e) => {
              set({ role: e.target.value as StaffRole });
            }}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`staff.role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        {draft.role === 'clerk' && (
          <label className="ad-field">
            <span>{t('staff.form.window')}</span>
            <select
              name="windowId"
              value={draft.windowId ?? ''}
              onChange={(e) => {
                set({ windowId: e.target.value === '' ? null : Number(e.target.value) });
              }}
            >
              <option value="">{t('staff.form.windowNone')}</option>
              {windows.map((w) => (
                <option key={w.id} value={w.id}>
                  {t('staff.windowNo', { n: w.id })} · {w.zoneId}
                </option>
              ))}
            </select>
          </label>
        )}
        {draft.role === 'zone_lead' && (
          <fieldset className="ad-field st-zones">
            <legend>{t('staff.form.zones')}</legend>
            {zones.map((z) => (
              <label key={z.id} className="st-zone">
                <input
                  type="checkbox"
                  name={`zone-${z.id}`}
                  checked={draft.zoneIds.includes(z.id)}
                  onChange={(e) => {
                    set({
                      zoneIds: e.target.checked
                        ? [...draft.zoneIds, z.id]
                        : draft.zoneIds.filter((id) => id !== z.id),
                    });
                  }}
                />
                {z.id} {z.name}
              </label>
            ))}
            <small className="ad-hint">{t('staff.form.zonesHint')}</small>
          </fieldset>
        )}
        {editing === null && (
          <label className="ad-field">
            <span>{t('staff.form.password')}</span>
            <input
              name="password"
              type="password"
              value={draft.password}
              required
              minLength={8}
              autoComplete="new-password"
              onChange={(e) => {
                set({ password: e.target.value });
              }}
            />
            <small className="ad-hint">{t('staff.form.passwordHint')}</small>
          </label>
        )}
        {editing !== null && <p className="ad-hint">{t('staff.form.sessionsEnd')}</p>}
        {error !== null && (
          <p className="ad-error" role="alert" data-testid="form-error">
            {error}
          </p>
        )}
        <div className="ad-actions">
          <button type="button" className="ad-btn" onClick={props.onCancel}>
            {t('staff.form.cancel')}
          </button>
          <button
            type="submit"
            className="ad-btn ad-btn-primary"
            data-action="save"
            disabled={props.busy}
          >
            {t('staff.form.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ResetDialog(props: {
  readonly staff: StaffPublic;
  /** The temporary password once made; null before. */
  readonly password: string | null;
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly onConfirm: () => Promise<string | null>;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  const { staff, password } = props;
  const [error, run] = useAction();
  const [copied, setCopied] = useState(false);
  return (
    <Modal
      title={t('staff.reset.title', { id: staff.staffId })}
      testId="staff-reset"
      onClose={props.onCancel}
    >
      {password === null ? (
        <>
          <p>{t('staff.reset.body', { name: staff.name })}</p>
          {error !== null && (
            <p className="ad-error" role="alert" data-testid="form-error">
              {error}
            </p>
          )}
          <div className="ad-actions">
            <button type="button" className="ad-btn" onClick={props.onCancel}>
              {t('staff.form.cancel')}
            </button>
            <button
              type="button"
              className="ad-btn ad-btn-primary"
              data-action="confirm"
              disabled={props.busy}
              onClick={() => {
                run(props.onConfirm);
              }}
            >
              {t('staff.reset.confirm')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{t('staff.reset.done', { name: staff.name })}</p>
          <div className="st-temp">
            <code className="st-temp-password" data-testid="temporary-password">
              {password}
            </code>
            <button
              type="button"
              className="ad-btn ad-btn-small"
              onClick={() => {
                void navigator.clipboard.writeText(password).then(
                  () => {
                    setCopied(true);
                  },
                  () => {
                    setCopied(false);
                  },
                );
              }}
            >
              {copied ? t('staff.reset.copied') : t('staff.reset.copy')}
            </button>
          </div>
          <p className="ad-hint">{t('staff.reset.copyHint')}</p>
          <div className="ad-actions">
            <button
              type="button"
              className="ad-btn ad-btn-primary"
              data-action="close"
              onClick={props.onCancel}
            >
              {t('staff.reset.close')}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

function ConfirmDialog(props: {
  readonly kind: 'disable' | 'enable';
  readonly staff: StaffPublic;
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly onConfirm: () => Promise<string | null>;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  const { kind, staff } = props;
  const [error, run] = useAction();
  return (
    <Modal
      title={t(kind === 'disable' ? 'staff.disable.title' : 'staff.enable.title', {
        id: staff.staffId,
      })}
      testId={`staff-${kind}`}
      onClose={props.onCancel}
    >
      <p>
        {t(kind === 'disable' ? 'staff.disable.body' : 'staff.enable.body', { name: staff.name })}
      </p>
      {error !== null && (
        <p className="ad-error" role="alert" data-testid="form-error">
          {error}
        </p>
      )}
      <div className="ad-actions">
        <button type="button" className="ad-btn" onClick={props.onCancel}>
          {t('staff.form.cancel')}
        </button>
        <button
          type="button"
          className={`ad-btn ${kind === 'disable' ? 'ad-btn-danger' : 'ad-btn-primary'}`}
          data-action="confirm"
          disabled={props.busy}
          onClick={() => {
            run(props.onConfirm);
          }}
        >
          {t(kind === 'disable' ? 'staff.disable.confirm' : 'staff.enable.confirm')}
        </button>
      </div>
    </Modal>
  );
}
