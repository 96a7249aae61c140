/**
 * 大厅配置 (/admin/config): the sections on the left, an editor per section on the right. The
 * page keeps a draft of the whole configuration; every edit is checked as you type with the
 * checks the server runs (the zod schema and `checkConfigProblems`), and Save sends every
 * edited section in one change guarded by the version loaded, so a section that needs another
 * (a new service and its primary window) goes together. The server's refusals (today's tickets
 * and windows, someone else's change) show next to the fields too. Managers (值班长) edit only
 * the screen notices and alarm thresholds; the rest is read only.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  checkConfigProblems,
  CONFIG_SECTIONS,
  hallConfigSchema,
  zodProblems,
  type Ack,
  type ConfigProblem,
  type ConfigSection,
  type DomainError,
  type HallConfig,
} from '../../../shared/src/index.ts';
import { useI18n } from '../../../shared/src/ui/index.ts';
import type { AdminKey } from '../i18n.ts';
import { useAdminLive } from '../live-context.tsx';
import type { PageProps } from '../pages.ts';
import { configApi, problemsOf, type ConfigChanges, type ConfigData, type DryRun } from './api.ts';
import {
  AlarmsEditor,
  AssignmentsEditor,
  CalendarEditor,
  FloorsEditor,
  HallEditor,
  NoticesEditor,
  PoliciesEditor,
  ServicesEditor,
  TicketEditor,
  VoiceEditor,
  WindowsEditor,
  WorkOrdersEditor,
  ZonesEditor,
  type EditorProps,
} from './editors.tsx';
import { EditCtx, ProblemList } from './fields.tsx';
import './config.css';

type Tab = ConfigSection | 'io';
const TABS: readonly Tab[] = [...CONFIG_SECTIONS, 'io'];
const MANAGER_SECTIONS: readonly Tab[] = ['notices', 'alarms'];

const EDITORS: Readonly<Record<ConfigSection, (props: EditorProps) => ReactNode>> = {
  hall: HallEditor,
  floors: FloorsEditor,
  zones: ZonesEditor,
  services: ServicesEditor,
  windows: WindowsEditor,
  assignments: AssignmentsEditor,
  calendar: CalendarEditor,
  policies: PoliciesEditor,
  voice: VoiceEditor,
  ticket: TicketEditor,
  notices: NoticesEditor,
  alarms: AlarmsEditor,
  workOrders: WorkOrdersEditor,
};

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The problems the server would find in the draft by itself (not today's tickets). */
function draftProblems(draft: HallConfig): readonly ConfigProblem[] {
  const shape = hallConfigSchema.safeParse(draft);
  const consistency = checkConfigProblems(draft);
  return shape.success ? consistency : [...zodProblems(shape.error), ...consistency];
}

type Message =
  | { readonly kind: 'ok'; readonly key: AdminKey }
  | { readonly kind: 'error'; readonly text: string };

export function ConfigPage(props: PageProps): ReactNode {
  const { session, onExpired } = props;
  const { t, errorText } = useI18n<AdminKey>();
  const live = useAdminLive();
  const [loaded, setLoaded] = useState<{ config: HallConfig; version: string } | null>(null);
  const [draft, setDraft] = useState<HallConfig | null>(null);
  const [tab, setTab] = useState<Tab>(session.role === 'admin' ? 'hall' : 'notices');
  const [serverProblems, setServerProblems] = useState<readonly ConfigProblem[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  const failed = useCallback(
    (error: DomainError): void => {
      if (error.code === 'unauthenticated') onExpired();
      setMessage({ kind: 'error', text: errorText(error) });
    },
    [onExpired, errorText],
  );

  /** Shows a read configuration; `keep` (the draft) over `base` keeps the sections edited here. */
  const apply = useCallback(
    (result: Ack<ConfigData>, keep: HallConfig | null = null, base: HallConfig | null = null) => {
      if (!result.ok) {
        failed(result.error);
        return;
      }
      const { config, version } = result.data;
      setLoaded({ config, version });
      if (keep === null || base === null) {
        setDraft(config);
        return;
      }
      const mine = Object.fromEntries(
        CONFIG_SECTIONS.filter((s) => !same(keep[s], base[s])).map((s) => [s, keep[s]]),
      ) as Partial<HallConfig>;
      setDraft({ ...config, ...mine });
    },
    [failed],
  );

  useEffect(() => {
    void configApi.read(session.token).then((result) => apply(result));
  }, [session.token, apply]);

  const dirty = useMemo(
    () =>
      loaded === null || draft === null
        ? []
        : CONFIG_SECTIONS.filter((s) => !same(draft[s], loaded.config[s])),
    [loaded, draft],
  );

  // Someone else changed the configuration (it arrives live): reload when nothing is edited.
  const clean = dirty.length === 0;
  useEffect(() => {
    if (live.config === null || loaded === null || same(live.config, loaded.config)) return;
    if (clean) void configApi.read(session.token).then((result) => apply(result));
  }, [live.config, loaded, clean, session.token, apply]);

  const checks = useMemo(() => (draft === null ? [] : draftProblems(draft)), [draft]);
  const problems = useMemo(() => [...checks, ...serverProblems], [checks, serverProblems]);

  if (loaded === null || draft === null) {
    return (
      <main className="cf-page">
        <p className="ad-hint">{t('config.loading')}</p>
        {message?.kind === 'error' ? <p className="ad-error">{message.text}</p> : null}
      </main>
    );
  }

  const mayEdit = (s: Tab): boolean =>
    session.role === 'admin' || (session.role === 'manager' && MANAGER_SECTIONS.includes(s));

  const change = (patch: Partial<HallConfig>): void => {
    setDraft({ ...draft, ...patch });
    setServerProblems([]);
    setMessage(null);
  };

  const save = async (): Promise<void> => {
    if (dirty.length === 0) {
      setMessage({ kind: 'ok', key: 'config.unchanged' });
      return;
    }
    setBusy(true);
    const patch: Partial<Record<ConfigSection, unknown>> = {};
    for (const s of dirty) patch[s] = draft[s];
    const result = await configApi.change(
      session.token,
      loaded.version,
      patch as Partial<HallConfig>,
    );
    setBusy(false);
    if (result.ok) {
      setLoaded({ config: result.data.config, version: result.data.version });
      setDraft(result.data.config);
      setServerProblems([]);
      setMessage({ kind: 'ok', key: 'config.saved' });
      return;
    }
    const listed = problemsOf(result.error);
    if (result.error.code === 'wrong_state' && listed.some((p) => p.path === '')) {
      apply(await configApi.read(session.token), draft, loaded.config);
      setMessage({ kind: 'ok', key: 'config.changedElsewhere' });
      return;
    }
    setServerProblems(listed);
    failed(result.error);
  };

  const editable = tab !== 'io' && mayEdit(tab);
  const Editor = tab === 'io' ? null : EDITORS[tab];
  return (
    <main className="cf-page">
      <nav className="cf-sections" aria-label={t('config.title')}>
        {TABS.map((s) => {
          const bad =
            s !== 'io' && problems.some((p) => p.path === s || p.path.startsWith(`${s}.`));
          return (
            <button
              key={s}
              type="button"
              data-testid={`section-${s}`}
              className={`cf-section${s === tab ? ' cf-section-on' : ''}${bad ? ' cf-section-bad' : ''}`}
              onClick={() => {
                setTab(s);
                setMessage(null);
              }}
            >
              <span>{t(`config.s.${s}`)}</span>
              {s !== 'io' && dirty.includes(s) ? <em>{t('config.dirty')}</em> : null}
            </button>
          );
        })}
      </nav>
      <section className="ad-card cf-editor" data-testid="config-editor">
        <header className="cf-head">
          <h2>{t(`config.s.${tab}`)}</h2>
          {tab === 'io' ? null : (
            <div className="cf-actions">
              <button
                type="button"
                className="ad-btn"
                disabled={busy || dirty.length === 0}
                onClick={() => {
                  setDraft(loaded.config);
                  setServerProblems([]);
                  setMessage(null);
                }}
              >
                {t('config.discard')}
              </button>
              <button
                type="button"
                className="ad-btn ad-btn-primary"
                data-testid="config-save"
                disabled={busy || !editable || dirty.length === 0 || checks.length > 0}
                onClick={() => void save()}
              >
                {busy ? t('config.saving') : t('config.save')}
              </button>
            </div>
          )}
        </header>
        {session.role !== 'admin' ? <p className="ad-notice">{t('config.readOnly')}</p> : null}
        {message === null ? null : message.kind === 'ok' ? (
          <p className="ad-message" role="status" data-testid="config-message">
            {t(message.key)}
          </p>
        ) : (
          <p className="ad-error" role="alert" data-testid="config-message">
            {message.text}
          </p>
        )}
        {problems.length > 0 ? (
          <div className="cf-summary" data-testid="config-problems">
            <strong>
              {serverProblems.length > 0
                ? t('config.refused')
                : t('config.problems', { n: problems.length })}
            </strong>
            <ProblemList problems={problems.slice(0, 12)} />
          </div>
        ) : null}
        <EditCtx.Provider value={{ problems, readOnly: !editable }}>
          {Editor === null ? (
            <ImportExport
              token={session.token}
              version={loaded.version}
              mayImport={session.role === 'admin'}
              onFailed={failed}
              onPicked={() => setMessage(null)}
              onImported={(config, version) => {
                setLoaded({ config, version });
                setDraft(config);
                setMessage({ kind: 'ok', key: 'config.io.done' });
              }}
            />
          ) : (
            <div className={editable ? 'cf-body' : 'cf-body cf-readonly'}>
              {!editable ? <p className="ad-hint">{t('config.sectionReadOnly')}</p> : null}
              <Editor draft={draft} change={change} readOnly={!editable} />
            </div>
          )}
        </EditCtx.Provider>
      </section>
    </main>
  );
}

function ImportExport(props: {
  readonly token: string;
  readonly version: string;
  readonly mayImport: boolean;
  readonly onFailed: (error: DomainError) => void;
  readonly onPicked: () => void;
  readonly onImported: (config: HallConfig, version: string) => void;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  const [file, setFile] = useState<unknown>(null);
  const [check, setCheck] = useState<DryRun | null>(null);
  const [note, setNote] = useState<AdminKey | null>(null);
  const [busy, setBusy] = useState(false);

  const download = async (): Promise<void> => {
    const result = await configApi.exportFile(props.token);
    if (!result.ok) {
      props.onFailed(result.error);
      return;
    }
    const url = URL.createObjectURL(new Blob([result.data.text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = result.data.name;
    a.click();
    URL.revokeObjectURL(url);
  };

  const pick = async (chosen: File | undefined): Promise<void> => {
    setCheck(null);
    setNote(null);
    setFile(null);
    props.onPicked();
    if (chosen === undefined) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await chosen.text());
    } catch {
      setNote('config.io.notJson');
      return;
    }
    setNote('config.io.checking');
    const result = await configApi.dryRun(props.token, parsed);
    setNote(null);
    if (!result.ok) {
      props.onFailed(result.error);
      return;
    }
    setFile(parsed);
    setCheck(result.data);
  };

  const apply = async (): Promise<void> => {
    setBusy(true);
    const result = await configApi.importFile(props.token, props.version, file);
    setBusy(false);
    if (!result.ok) {
      const listed = problemsOf(result.error);
      setCheck({ valid: false, problems: listed, changes: null });
      props.onFailed(result.error);
      return;
    }
    setFile(null);
    setCheck(null);
    props.onImported(result.data.config, result.data.version);
  };

  return (
    <div className="cf-io">
      <div className="cf-io-part">
        <h3>{t('config.io.export')}</h3>
        <p className="ad-hint">{t('config.io.exportHint')}</p>
        <button
          type="button"
          className="ad-btn"
          data-testid="config-export"
          onClick={() => void download()}
        >
          {t('config.io.export')}
        </button>
      </div>
      {props.mayImport ? (
        <div className="cf-io-part">
          <h3>{t('config.io.import')}</h3>
          <p className="ad-hint">{t('config.io.importHint')}</p>
          <label className="ad-btn cf-file">
            {t('config.io.pick')}
            <input
              type="file"
              accept="application/json,.json"
              data-testid="config-import-file"
              onChange={(e) => void pick(e.target.files?.[0])}
            />
          </label>
          {note === null ? null : <p className="ad-hint">{t(note)}</p>}
          {check === null ? null : check.valid ? (
            <div className="cf-dry" data-testid="config-dry-run">
              <p>{t('config.io.valid')}</p>
              <ChangeList changes={check.changes ?? {}} />
              <div className="cf-actions">
                <button type="button" className="ad-btn" onClick={() => setCheck(null)}>
                  {t('config.io.cancel')}
                </button>
                <button
                  type="button"
                  className="ad-btn ad-btn-primary"
                  data-testid="config-import-confirm"
                  disabled={busy}
                  onClick={() => void apply()}
                >
                  {t('config.io.confirm')}
                </button>
              </div>
            </div>
          ) : (
            <div className="cf-summary" data-testid="config-dry-run">
              <strong>{t('config.io.invalid', { n: check.problems.length })}</strong>
              <ProblemList problems={check.problems.slice(0, 30)} />
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}

function ChangeList(props: { readonly changes: ConfigChanges }): ReactNode {
  const { t } = useI18n<AdminKey>();
  const entries = CONFIG_SECTIONS.flatMap((s) => {
    const c = props.changes[s];
    return c === undefined ? [] : [[s, c] as const];
  });
  if (entries.length === 0) return <p className="ad-hint">{t('config.io.noChanges')}</p>;
  return (
    <ul className="cf-changes">
      {entries.map(([s, c]) => (
        <li key={s}>{t('config.io.change', { section: t(`config.s.${s}`), ...c })}</li>
      ))}
    </ul>
  );
}
