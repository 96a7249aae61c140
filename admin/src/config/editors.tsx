/**
 * One editor per configuration section. Each gets the draft configuration and a setter for
 * its section(s); a change of one section that needs another (a new service needs a primary
 * window, a removed window takes its assignments along) edits both in the draft, and the page
 * saves every edited section together.
 */
import { useState, type ReactNode } from 'react';
import {
  alarmThresholdsOf,
  DISPATCH_POLICIES,
  serviceId as toServiceId,
  ticketTemplateOf,
  WINDOW_KINDS,
  windowId as toWindowId,
  workOrderRulesOf,
  zoneId as toZoneId,
  floorId as toFloorId,
  type Assignment,
  type HallConfig,
  type Notice,
  type Service,
  type WindowDef,
} from '../../../shared/src/index.ts';
import { useI18n } from '../../../shared/src/ui/index.ts';
import { voiceSettings } from '../../../shared/src/voice/settings.ts';
import type { AdminKey } from '../i18n.ts';
import {
  CheckField,
  FieldProblems,
  ListField,
  NumberField,
  NumbersField,
  RangesField,
  SelectField,
  TextField,
} from './fields.tsx';

export interface EditorProps {
  readonly draft: HallConfig;
  /** Replaces sections of the draft. */
  readonly change: (patch: Partial<HallConfig>) => void;
  readonly readOnly: boolean;
}

function RowActions(props: {
  readonly onRemove: () => void;
  readonly onDetails?: () => void;
  readonly open?: boolean;
  readonly readOnly: boolean;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  return (
    <td className="cf-row-actions">
      {props.onDetails === undefined ? null : (
        <button type="button" className="ad-btn ad-btn-small" onClick={props.onDetails}>
          {props.open === true ? t('config.close') : t('config.details')}
        </button>
      )}
      {props.readOnly ? null : (
        <button
          type="button"
          className="ad-btn ad-btn-small ad-btn-danger"
          onClick={props.onRemove}
        >
          {t('config.remove')}
        </button>
      )}
    </td>
  );
}

function AddButton(props: {
  readonly onAdd: () => void;
  readonly readOnly: boolean;
  readonly testId: string;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  if (props.readOnly) return null;
  return (
    <button
      type="button"
      className="ad-btn cf-add"
      data-testid={props.testId}
      onClick={props.onAdd}
    >
      + {t('config.add')}
    </button>
  );
}

/** A row's problems in a full-width cell under it. */
function RowProblems(props: { readonly path: string; readonly span: number }): ReactNode {
  return (
    <tr className="cf-row-problems">
      <td colSpan={props.span}>
        <FieldProblems path={props.path} within />
      </td>
    </tr>
  );
}

function replaceAt<T>(list: readonly T[], index: number, value: T): T[] {
  return list.map((item, i) => (i === index ? value : item));
}

export function HallEditor({ draft, change }: EditorProps): ReactNode {
  const h = draft.hall;
  const set = (patch: Partial<HallConfig['hall']>): void => change({ hall: { ...h, ...patch } });
  return (
    <div className="cf-form">
      <TextField label="config.f.id" path="hall.id" value={h.id} onChange={(id) => set({ id })} />
      <TextField
        label="config.f.name"
        path="hall.name"
        value={h.name}
        onChange={(name) => set({ name })}
      />
      <TextField
        label="config.f.nameEn"
        path="hall.nameEn"
        value={h.nameEn}
        onChange={(nameEn) => set({ nameEn })}
      />
      <TextField
        label="config.f.timeZone"
        path="hall.timeZone"
        value={h.timeZone}
        onChange={(timeZone) => set({ timeZone })}
      />
      <TextField
        label="config.f.dayCloseTime"
        path="hall.dayCloseTime"
        value={h.dayCloseTime}
        onChange={(dayCloseTime) => set({ dayCloseTime })}
      />
    </div>
  );
}

export function FloorsEditor({ draft, change, readOnly }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const floors = draft.floors;
  const set = (index: number, patch: Partial<HallConfig['floors'][number]>): void => {
    const floor = floors[index];
    if (floor !== undefined) change({ floors: replaceAt(floors, index, { ...floor, ...patch }) });
  };
  return (
    <>
      <table className="ad-table cf-table">
        <thead>
          <tr>
            <th>{t('config.f.id')}</th>
            <th>{t('config.f.name')}</th>
            <th>{t('config.f.nameEn')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {floors.map((f, i) => [
            <tr key={`f${String(i)}`}>
              <td>
                <NumberField
                  bare
                  label="config.f.id"
                  path={`floors.${i}.id`}
                  value={f.id}
                  onChange={(v) => set(i, { id: toFloorId(v ?? Number.NaN) })}
                />
              </td>
              <td>
                <TextField
                  bare
                  label="config.f.name"
                  path={`floors.${i}.name`}
                  value={f.name}
                  onChange={(name) => set(i, { name })}
                />
              </td>
              <td>
                <TextField
                  bare
                  label="config.f.nameEn"
                  path={`floors.${i}.nameEn`}
                  value={f.nameEn}
                  onChange={(nameEn) => set(i, { nameEn })}
                />
              </td>
              <RowActions
                readOnly={readOnly}
                onRemove={() => change({ floors: floors.filter((_, j) => j !== i) })}
              />
            </tr>,
            <RowProblems key={`fp${String(i)}`} path={`floors.${i}`} span={4} />,
          ])}
        </tbody>
      </table>
      <AddButton
        testId="add-floor"
        readOnly={readOnly}
        onAdd={() =>
          change({
            floors: [
              ...floors,
              { id: toFloorId(Math.max(0, ...floors.map((f) => f.id)) + 1), name: '', nameEn: '' },
            ],
          })
        }
      />
    </>
  );
}

export function ZonesEditor({ draft, change, readOnly }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const zones = draft.zones;
  const set = (index: number, patch: Partial<HallConfig['zones'][number]>): void => {
    const zone = zones[index];
    if (zone !== undefined) change({ zones: replaceAt(zones, index, { ...zone, ...patch }) });
  };
  const floorOptions = draft.floors.map((f) => [f.id, f.name] as const);
  return (
    <>
      <table className="ad-table cf-table">
        <thead>
          <tr>
            <th>{t('config.f.id')}</th>
            <th>{t('config.f.floorId')}</th>
            <th>{t('config.f.name')}</th>
            <th>{t('config.f.nameEn')}</th>
            <th>{t('config.f.location')}</th>
            <th>{t('config.f.locationEn')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {zones.map((z, i) => [
            <tr key={`z${String(i)}`}>
              <td className="cf-narrow">
                <TextField
                  bare
                  label="config.f.id"
                  path={`zones.${i}.id`}
                  value={z.id}
                  onChange={(v) => set(i, { id: toZoneId(v.toUpperCase()) })}
                />
              </td>
              <td>
                <SelectField
                  bare
                  label="config.f.floorId"
                  path={`zones.${i}.floorId`}
                  value={z.floorId}
                  options={floorOptions}
                  onChange={(floorId) => set(i, { floorId })}
                />
              </td>
              <td>
                <TextField
                  bare
                  label="config.f.name"
                  path={`zones.${i}.name`}
                  value={z.name}
                  onChange={(name) => set(i, { name })}
                />
              </td>
              <td>
                <TextField
                  bare
                  label="config.f.nameEn"
                  path={`zones.${i}.nameEn`}
                  value={z.nameEn}
                  onChange={(nameEn) => set(i, { nameEn })}
                />
              </td>
              <td>
                <TextField
                  bare
                  label="config.f.location"
                  path={`zones.${i}.location`}
                  value={z.location}
                  onChange={(location) => set(i, { location })}
                />
              </td>
              <td>
                <TextField
                  bare
                  label="config.f.locationEn"
                  path={`zones.${i}.locationEn`}
                  value={z.locationEn}
                  onChange={(locationEn) => set(i, { locationEn })}
                />
              </td>
              <RowActions
                readOnly={readOnly}
                onRemove={() => change({ zones: zones.filter((_, j) => j !== i) })}
              />
            </tr>,
            <RowProblems key={`zp${String(i)}`} path={`zones.${i}`} span={7} />,
          ])}
        </tbody>
      </table>
      <AddButton
        testId="add-zone"
        readOnly={readOnly}
        onAdd={() => {
          const used = new Set<string>(zones.map((z) => z.id));
          const letter = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').find((l) => !used.has(l)) ?? '';
          change({
            zones: [
              ...zones,
              {
                id: toZoneId(letter),
                floorId: draft.floors[0]?.id ?? toFloorId(1),
                name: '',
                nameEn: '',
                location: '',
                locationEn: '',
              },
            ],
          });
        }}
      />
    </>
  );
}

function zoneOptions(draft: HallConfig): (readonly [string, string])[] {
  return draft.zones.map((z) => [z.id, `${z.id} ${z.name}`] as const);
}

export function ServicesEditor({ draft, change, readOnly }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const [open, setOpen] = useState<number | null>(null);
  const services = draft.services;
  const set = (index: number, patch: Partial<Service>): void => {
    const service = services[index];
    if (service === undefined) return;
    const next = { ...service, ...patch };
    // A renamed id takes its assignments along.
    const assignments =
      patch.id !== undefined && patch.id !== service.id
        ? draft.assignments.map((a) =>
            a.serviceId === service.id ? { ...a, serviceId: next.id } : a,
          )
        : draft.assignments;
    change({ services: replaceAt(services, index, next), assignments });
  };
  const primaryOf = (id: string): number[] =>
    draft.assignments
      .filter((a) => a.serviceId === id && a.role === 'primary')
      .map((a) => a.windowId);
  const setPrimary = (id: string, windows: readonly number[]): void => {
    const keep = draft.assignments.filter((a) => !(a.serviceId === id && a.role === 'primary'));
    const added: Assignment[] = windows
      .filter((w) => !keep.some((a) => a.serviceId === id && a.windowId === w))
      .map((w) => ({
        windowId: toWindowId(w),
        serviceId: toServiceId(id),
        role: 'primary',
        weight: 1,
      }));
    change({ assignments: [...keep, ...added] });
  };
  const zones = zoneOptions(draft);
  return (
    <>
      <p className="ad-hint">{t('config.rows', { n: services.length })}</p>
      <table className="ad-table cf-table">
        <thead>
          <tr>
            <th>{t('config.f.id')}</th>
            <th>{t('config.f.zoneId')}</th>
            <th>{t('config.f.name')}</th>
            <th>{t('config.f.prefix')}</th>
            <th>{t('config.f.dailyQuota')}</th>
            <th>{t('config.f.expectedHandlingMin')}</th>
            <th>{t('config.f.bookable')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {services.map((s, i) => {
            const p = `services.${i}`;
            const rows = [
              <tr key={`s${String(i)}`} data-testid="service-row">
                <td>
                  <TextField
                    bare
                    label="config.f.id"
                    path={`${p}.id`}
                    value={s.id}
                    onChange={(v) => set(i, { id: toServiceId(v) })}
                  />
                </td>
                <td>
                  <SelectField
                    bare
                    label="config.f.zoneId"
                    path={`${p}.zoneId`}
                    value={s.zoneId}
                    options={zones}
                    onChange={(v) => set(i, { zoneId: toZoneId(v) })}
                  />
                </td>
                <td className="cf-wide">
                  <TextField
                    bare
                    label="config.f.name"
                    path={`${p}.name`}
                    value={s.name}
                    onChange={(name) => set(i, { name })}
                  />
                </td>
                <td className="cf-narrow">
                  <TextField
                    bare
                    label="config.f.prefix"
                    path={`${p}.prefix`}
                    value={s.prefix}
                    onChange={(v) => set(i, { prefix: v.toUpperCase() })}
                  />
                </td>
                <td className="cf-narrow">
                  <NumberField
                    bare
                    nullable
                    label="config.f.dailyQuota"
                    path={`${p}.dailyQuota`}
                    value={s.dailyQuota}
                    onChange={(dailyQuota) => set(i, { dailyQuota })}
                  />
                </td>
                <td className="cf-narrow">
                  <NumberField
                    bare
                    label="config.f.expectedHandlingMin"
                    path={`${p}.expectedHandlingMin`}
                    value={s.expectedHandlingMin}
                    onChange={(v) => set(i, { expectedHandlingMin: v ?? Number.NaN })}
                  />
                </td>
                <td>
                  <CheckField
                    bare
                    label="config.f.bookable"
                    path={`${p}.bookable`}
                    value={s.bookable}
                    onChange={(bookable) => set(i, { bookable })}
                  />
                </td>
                <RowActions
                  readOnly={readOnly}
                  open={open === i}
                  onDetails={() => setOpen(open === i ? null : i)}
                  onRemove={() => {
                    setOpen(null);
                    change({
                      services: services.filter((_, j) => j !== i),
                      assignments: draft.assignments.filter((a) => a.serviceId !== s.id),
                    });
                  }}
                />
              </tr>,
              <RowProblems key={`sp${String(i)}`} path={p} span={8} />,
            ];
            if (open === i) {
              rows.push(
                <tr key={`sd${String(i)}`} className="cf-details">
                  <td colSpan={8}>
                    <div className="cf-form" data-testid="service-details">
                      <TextField
                        label="config.f.nameEn"
                        path={`${p}.nameEn`}
                        value={s.nameEn}
                        onChange={(nameEn) => set(i, { nameEn })}
                      />
                      <RangesField
                        label="config.f.hours"
                        hint="config.hoursHint"
                        path={`${p}.hours`}
                        value={s.hours}
                        onChange={(hours) => set(i, { hours })}
                      />
                      <TextField
                        label="config.f.lastTicketTime"
                        path={`${p}.lastTicketTime`}
                        value={s.lastTicketTime ?? ''}
                        onChange={(v) =>
                          set(i, { lastTicketTime: v.trim() === '' ? null : v.trim() })
                        }
                      />
                      <NumberField
                        nullable
                        label="config.f.quotaWarning"
                        path={`${p}.quotaWarning`}
                        value={s.quotaWarning}
                        onChange={(quotaWarning) => set(i, { quotaWarning })}
                      />
                      <NumberField
                        nullable
                        label="config.f.perPersonDailyLimit"
                        path={`${p}.perPersonDailyLimit`}
                        value={s.perPersonDailyLimit}
                        onChange={(perPersonDailyLimit) => set(i, { perPersonDailyLimit })}
                      />
                      <NumbersField
                        label="config.primaryWindows"
                        hint="config.primaryWindowsHint"
                        path={`${p}.primaryWindows`}
                        value={primaryOf(s.id)}
                        onChange={(windows) => setPrimary(s.id, windows)}
                      />
                      <ListField
                        lines
                        label="config.f.materials"
                        hint="config.listHint"
                        path={`${p}.materials`}
                        value={s.materials}
                        onChange={(materials) => set(i, { materials })}
                      />
                      <ListField
                        lines
                        label="config.f.materialsEn"
                        hint="config.listHint"
                        path={`${p}.materialsEn`}
                        value={s.materialsEn}
                        onChange={(materialsEn) => set(i, { materialsEn })}
                      />
                    </div>
                  </td>
                </tr>,
              );
            }
            return rows;
          })}
        </tbody>
      </table>
      <AddButton
        testId="add-service"
        readOnly={readOnly}
        onAdd={() => {
          const taken = new Set(services.map((s) => s.id as string));
          let n = services.length + 1;
          while (taken.has(`service-${String(n)}`)) n += 1;
          const fresh: Service = {
            id: toServiceId(`service-${String(n)}`),
            zoneId: draft.zones[0]?.id ?? toZoneId('A'),
            name: '',
            nameEn: '',
            prefix: '',
            hours: [],
            lastTicketTime: null,
            dailyQuota: null,
            quotaWarning: null,
            perPersonDailyLimit: null,
            expectedHandlingMin: 10,
            bookable: false,
            materials: [],
            materialsEn: [],
          };
          change({ services: [...services, fresh] });
          setOpen(services.length);
        }}
      />
    </>
  );
}

export function WindowsEditor({ draft, change, readOnly }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const [zone, setZone] = useState('');
  const windows = draft.windows;
  const set = (index: number, patch: Partial<WindowDef>): void => {
    const window = windows[index];
    if (window === undefined) return;
    const next = { ...window, ...patch };
    const assignments =
      patch.id !== undefined && patch.id !== window.id
        ? draft.assignments.map((a) => (a.windowId === window.id ? { ...a, windowId: next.id } : a))
        : draft.assignments;
    change({ windows: replaceAt(windows, index, next), assignments });
  };
  const zones = zoneOptions(draft);
  const kinds = WINDOW_KINDS.map((k) => [k, t(`config.kind.${k}`)] as const);
  const policies = [
    ['', t('config.policy.inherit')] as const,
    ...DISPATCH_POLICIES.map((p) => [p, t(`config.policy.${p}`)] as const),
  ];
  const count = (id: number): number => draft.assignments.filter((a) => a.windowId === id).length;
  return (
    <>
      <div className="cf-toolbar">
        <SelectField
          label="config.filterZone"
          path="windows.filter"
          value={zone}
          options={[['', t('config.allZones')], ...zones]}
          onChange={setZone}
        />
        <p className="ad-hint">{t('config.rows', { n: windows.length })}</p>
      </div>
      <table className="ad-table cf-table">
        <thead>
          <tr>
            <th>{t('config.f.id')}</th>
            <th>{t('config.f.zoneId')}</th>
            <th>{t('config.f.kind')}</th>
            <th>{t('config.f.label')}</th>
            <th>{t('config.f.dispatchPolicy')}</th>
            <th>{t('config.s.services')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {windows.map((w, i) => {
            if (zone !== '' && w.zoneId !== zone) return null;
            const p = `windows.${i}`;
            return [
              <tr key={`w${String(i)}`} data-testid="window-row">
                <td className="cf-narrow">
                  <NumberField
                    bare
                    label="config.f.id"
                    path={`${p}.id`}
                    value={w.id}
                    onChange={(v) => set(i, { id: toWindowId(v ?? Number.NaN) })}
                  />
                </td>
                <td>
                  <SelectField
                    bare
                    label="config.f.zoneId"
                    path={`${p}.zoneId`}
                    value={w.zoneId}
                    options={zones}
                    onChange={(v) => set(i, { zoneId: toZoneId(v) })}
                  />
                </td>
                <td>
                  <SelectField
                    bare
                    label="config.f.kind"
                    path={`${p}.kind`}
                    value={w.kind}
                    options={kinds}
                    onChange={(kind) => set(i, { kind })}
                  />
                </td>
                <td>
                  <TextField
                    bare
                    label="config.f.label"
                    path={`${p}.label`}
                    value={w.label ?? ''}
                    onChange={(v) => set(i, { label: v.trim() === '' ? null : v })}
                  />
                </td>
                <td>
                  <SelectField
                    bare
                    label="config.f.dispatchPolicy"
                    path={`${p}.dispatchPolicy`}
                    value={w.dispatchPolicy ?? ''}
                    options={policies}
                    onChange={(v) => set(i, { dispatchPolicy: v === '' ? null : v })}
                  />
                </td>
                <td>{t('config.windowServices', { n: count(w.id) })}</td>
                <RowActions
                  readOnly={readOnly}
                  onRemove={() =>
                    change({
                      windows: windows.filter((_, j) => j !== i),
                      assignments: draft.assignments.filter((a) => a.windowId !== w.id),
                    })
                  }
                />
              </tr>,
              <RowProblems key={`wp${String(i)}`} path={p} span={7} />,
            ];
          })}
        </tbody>
      </table>
      <AddButton
        testId="add-window"
        readOnly={readOnly}
        onAdd={() =>
          change({
            windows: [
              ...windows,
              {
                id: toWindowId(Math.max(0, ...windows.map((w) => w.id)) + 1),
                zoneId: toZoneId(zone !== '' ? zone : (draft.zones[0]?.id ?? 'A')),
                kind: 'general',
                label: null,
                dispatchPolicy: null,
              },
            ],
          })
        }
      />
    </>
  );
}

export function AssignmentsEditor({ draft, change, readOnly }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const [windowId, setWindowId] = useState<number>(draft.windows[0]?.id ?? 0);
  const all = draft.assignments;
  const rows = all.map((a, index) => ({ a, index })).filter(({ a }) => a.windowId === windowId);
  const services = draft.services.map((s) => [s.id as string, `${s.zoneId} · ${s.name}`] as const);
  const set = (index: number, patch: Partial<Assignment>): void => {
    const a = all[index];
    if (a !== undefined) change({ assignments: replaceAt(all, index, { ...a, ...patch }) });
  };
  const windowOptions = draft.windows.map(
    (w) => [w.id as number, `${String(w.id)} · ${w.zoneId}`] as const,
  );
  return (
    <>
      <p className="ad-hint">{t('config.assignHint')}</p>
      <div className="cf-toolbar">
        <SelectField
          label="config.pickWindow"
          path="assignments.window"
          value={windowId}
          options={windowOptions}
          onChange={setWindowId}
        />
        <p className="ad-hint">{t('config.rows', { n: all.length })}</p>
      </div>
      <table className="ad-table cf-table">
        <thead>
          <tr>
            <th>{t('config.f.serviceId')}</th>
            <th>{t('config.f.role')}</th>
            <th>{t('config.f.weight')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map(({ a, index }) => {
            const p = `assignments.${index}`;
            return [
              <tr key={`a${String(index)}`} data-testid="assignment-row">
                <td className="cf-wide">
                  <SelectField
                    bare
                    label="config.f.serviceId"
                    path={`${p}.serviceId`}
                    value={a.serviceId}
                    options={services}
                    onChange={(v) => set(index, { serviceId: toServiceId(v) })}
                  />
                </td>
                <td>
                  <SelectField
                    bare
                    label="config.f.role"
                    path={`${p}.role`}
                    value={a.role}
                    options={[
                      ['primary', t('config.role.primary')],
                      ['secondary', t('config.role.secondary')],
                    ]}
                    onChange={(role) => set(index, { role })}
                  />
                </td>
                <td className="cf-narrow">
                  <NumberField
                    bare
                    label="config.f.weight"
                    path={`${p}.weight`}
                    value={a.weight}
                    onChange={(v) => set(index, { weight: v ?? Number.NaN })}
                  />
                </td>
                <RowActions
                  readOnly={readOnly}
                  onRemove={() => change({ assignments: all.filter((_, j) => j !== index) })}
                />
              </tr>,
              <RowProblems key={`ap${String(index)}`} path={p} span={4} />,
            ];
          })}
        </tbody>
      </table>
      <AddButton
        testId="add-assignment"
        readOnly={readOnly}
        onAdd={() => {
          const used = new Set(rows.map(({ a }) => a.serviceId as string));
          const free = draft.services.find((s) => !used.has(s.id));
          if (free === undefined) return;
          change({
            assignments: [
              ...all,
              { windowId: toWindowId(windowId), serviceId: free.id, role: 'secondary', weight: 1 },
            ],
          });
        }}
      />
    </>
  );
}

export function CalendarEditor({ draft, change }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const c = draft.calendar;
  const set = (patch: Partial<HallConfig['calendar']>): void =>
    change({ calendar: { ...c, ...patch } });
  return (
    <div className="cf-form">
      <CheckField
        label="config.f.alwaysOpen"
        path="calendar.alwaysOpen"
        value={c.alwaysOpen}
        onChange={(alwaysOpen) => set({ alwaysOpen })}
      />
      <fieldset className="ad-field cf-days">
        <legend>{t('config.f.workingDays')}</legend>
        {[1, 2, 3, 4, 5, 6, 7].map((d) => (
          <CheckField
            key={d}
            label={`config.weekday.${d}` as AdminKey}
            path={`calendar.workingDays.day${String(d)}`}
            value={c.workingDays.includes(d)}
            onChange={(on) =>
              set({
                workingDays: on
                  ? [...c.workingDays, d].sort((a, b) => a - b)
                  : c.workingDays.filter((x) => x !== d),
              })
            }
          />
        ))}
        <FieldProblems path="calendar.workingDays" within />
      </fieldset>
      <RangesField
        label="config.f.calendarHours"
        path="calendar.hours"
        value={c.hours}
        onChange={(hours) => set({ hours })}
      />
      <RangesField
        label="config.f.saturdayHours"
        path="calendar.saturdayHours"
        value={c.saturdayHours}
        onChange={(saturdayHours) => set({ saturdayHours })}
      />
      <ListField
        lines
        label="config.f.holidays"
        hint="config.datesHint"
        path="calendar.holidays"
        value={c.holidays}
        onChange={(holidays) => set({ holidays })}
      />
      <ListField
        lines
        label="config.f.extraWorkingDays"
        hint="config.datesHint"
        path="calendar.extraWorkingDays"
        value={c.extraWorkingDays}
        onChange={(extraWorkingDays) => set({ extraWorkingDays })}
      />
    </div>
  );
}

export function PoliciesEditor({ draft, change }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const p = draft.policies;
  const set = (patch: Partial<HallConfig['policies']>): void =>
    change({ policies: { ...p, ...patch } });
  const num = (
    key:
      | 'priorityInterleave'
      | 'recallLimit'
      | 'recallMinGapSec'
      | 'noShowReactivateMin'
      | 'noShowReinsertPosition'
      | 'ratingWindowSec',
  ): ReactNode => (
    <NumberField
      key={key}
      label={`config.f.${key}`}
      path={`policies.${key}`}
      value={p[key]}
      onChange={(v) => set({ [key]: v ?? Number.NaN })}
    />
  );
  const check = (
    key:
      | 'autoNoShowAfterRecallLimit'
      | 'transferKeepsArrival'
      | 'allowAnonymousIssue'
      | 'allowAnonymousRating',
  ): ReactNode => (
    <CheckField
      key={key}
      label={`config.f.${key}`}
      path={`policies.${key}`}
      value={p[key]}
      onChange={(v) => set({ [key]: v })}
    />
  );
  return (
    <div className="cf-form">
      <SelectField
        label="config.f.dispatch"
        path="policies.dispatch"
        value={p.dispatch}
        options={DISPATCH_POLICIES.map((d) => [d, t(`config.policy.${d}`)] as const)}
        onChange={(dispatch) => set({ dispatch })}
      />
      {num('priorityInterleave')}
      {num('recallLimit')}
      {num('recallMinGapSec')}
      {check('autoNoShowAfterRecallLimit')}
      {num('noShowReactivateMin')}
      {num('noShowReinsertPosition')}
      {check('transferKeepsArrival')}
      <SelectField
        label="config.f.dayClose"
        path="policies.dayClose"
        value={p.dayClose}
        options={[
          ['cancel', t('config.dayClose.cancel')],
          ['no_show', t('config.dayClose.no_show')],
        ]}
        onChange={(dayClose) => set({ dayClose })}
      />
      {num('ratingWindowSec')}
      {check('allowAnonymousIssue')}
      {check('allowAnonymousRating')}
    </div>
  );
}

export function VoiceEditor({ draft, change }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const v = voiceSettings(draft);
  const set = (patch: Partial<typeof v>): void => change({ voice: { ...v, ...patch } });
  return (
    <div className="cf-form">
      <SelectField
        label="config.f.mode"
        path="voice.mode"
        value={v.mode}
        options={(['clips', 'webspeech', 'off'] as const).map(
          (m) => [m, t(`config.voiceMode.${m}`)] as const,
        )}
        onChange={(mode) => set({ mode })}
      />
      <TextField
        label="config.f.pack"
        path="voice.pack"
        value={v.pack}
        onChange={(pack) => set({ pack })}
      />
      <fieldset className="ad-field cf-days">
        <legend>{t('config.f.languages')}</legend>
        {(['zh-CN', 'en'] as const).map((lang) => (
          <label key={lang} className="cf-check">
            <input
              type="checkbox"
              checked={v.languages.includes(lang)}
              onChange={(e) =>
                set({
                  languages: e.target.checked
                    ? (['zh-CN', 'en'] as const).filter(
                        (l) => l === lang || v.languages.includes(l),
                      )
                    : v.languages.filter((l) => l !== lang),
                })
              }
            />
            <span>{lang === 'en' ? 'English' : '中文'}</span>
          </label>
        ))}
        <FieldProblems path="voice.languages" within />
      </fieldset>
      <TextField
        label="config.f.templateZh"
        path="voice.template.zh"
        value={v.template.zh}
        onChange={(zh) => set({ template: { ...v.template, zh } })}
      />
      <TextField
        label="config.f.templateEn"
        path="voice.template.en"
        value={v.template.en}
        onChange={(en) => set({ template: { ...v.template, en } })}
      />
      <TextField
        label="config.f.recallZh"
        path="voice.template.recallZh"
        value={v.template.recallZh}
        onChange={(recallZh) => set({ template: { ...v.template, recallZh } })}
      />
      <TextField
        label="config.f.recallEn"
        path="voice.template.recallEn"
        value={v.template.recallEn}
        onChange={(recallEn) => set({ template: { ...v.template, recallEn } })}
      />
      <NumberField
        label="config.f.repeat"
        path="voice.repeat"
        value={v.repeat}
        onChange={(x) => set({ repeat: x ?? Number.NaN })}
      />
      <NumberField
        label="config.f.staleAfterSec"
        path="voice.staleAfterSec"
        value={v.staleAfterSec}
        onChange={(x) => set({ staleAfterSec: x ?? Number.NaN })}
      />
      <ListField
        commas
        label="config.f.volume"
        hint="config.volumeHint"
        path="voice.volume"
        value={v.volume.map((p) => `${p.from}=${String(p.volume)}`)}
        onChange={(list) =>
          set({
            volume: list.map((item) => {
              const [from = '', volume = ''] = item.split('=');
              return { from: from.trim(), volume: Number(volume) };
            }),
          })
        }
      />
      <RangesField
        label="config.f.quietHours"
        hint="config.quietHint"
        path="voice.quietHours"
        value={v.quietHours.map((q) => ({ open: q.from, close: q.to }))}
        onChange={(ranges) =>
          set({ quietHours: ranges.map((r) => ({ from: r.open, to: r.close })) })
        }
      />
    </div>
  );
}

export function TicketEditor({ draft, change }: EditorProps): ReactNode {
  const tt = ticketTemplateOf(draft);
  const set = (patch: Partial<typeof tt>): void => change({ ticket: { ...tt, ...patch } });
  return (
    <div className="cf-form">
      <TextField
        label="config.f.header"
        path="ticket.header"
        value={tt.header}
        onChange={(header) => set({ header })}
      />
      <TextField
        label="config.f.headerEn"
        path="ticket.headerEn"
        value={tt.headerEn}
        onChange={(headerEn) => set({ headerEn })}
      />
      <TextField
        label="config.f.footer"
        path="ticket.footer"
        value={tt.footer}
        onChange={(footer) => set({ footer })}
      />
      <TextField
        label="config.f.footerEn"
        path="ticket.footerEn"
        value={tt.footerEn}
        onChange={(footerEn) => set({ footerEn })}
      />
      <CheckField
        label="config.f.printMaterials"
        path="ticket.printMaterials"
        value={tt.printMaterials}
        onChange={(printMaterials) => set({ printMaterials })}
      />
      <CheckField
        label="config.f.qr"
        path="ticket.qr"
        value={tt.qr}
        onChange={(qr) => set({ qr })}
      />
    </div>
  );
}

export function NoticesEditor({ draft, change, readOnly }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const notices = draft.notices ?? [];
  const set = (index: number, patch: Partial<Notice>): void => {
    const n = notices[index];
    if (n !== undefined) change({ notices: replaceAt(notices, index, { ...n, ...patch }) });
  };
  const date = (v: string): string | null => (v.trim() === '' ? null : v.trim());
  return (
    <>
      <table className="ad-table cf-table">
        <thead>
          <tr>
            <th>{t('config.f.text')}</th>
            <th>{t('config.f.textEn')}</th>
            <th>{t('config.f.zoneIds')}</th>
            <th>{t('config.f.startsOn')}</th>
            <th>{t('config.f.endsOn')}</th>
            <th>{t('config.f.kiosk')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {notices.map((n, i) => {
            const p = `notices.${i}`;
            return [
              <tr key={n.id} data-testid="notice-row">
                <td className="cf-wide">
                  <TextField
                    bare
                    label="config.f.text"
                    path={`${p}.text`}
                    value={n.text}
                    onChange={(text) => set(i, { text })}
                  />
                </td>
                <td className="cf-wide">
                  <TextField
                    bare
                    label="config.f.textEn"
                    path={`${p}.textEn`}
                    value={n.textEn}
                    onChange={(textEn) => set(i, { textEn })}
                  />
                </td>
                <td>
                  <ListField
                    commas
                    bare
                    label="config.f.zoneIds"
                    path={`${p}.zoneIds`}
                    value={n.zoneIds}
                    onChange={(zoneIds) => set(i, { zoneIds: zoneIds.map((z) => z.toUpperCase()) })}
                  />
                </td>
                <td>
                  <TextField
                    bare
                    label="config.f.startsOn"
                    path={`${p}.startsOn`}
                    value={n.startsOn ?? ''}
                    onChange={(v) => set(i, { startsOn: date(v) })}
                  />
                </td>
                <td>
                  <TextField
                    bare
                    label="config.f.endsOn"
                    path={`${p}.endsOn`}
                    value={n.endsOn ?? ''}
                    onChange={(v) => set(i, { endsOn: date(v) })}
                  />
                </td>
                <td>
                  <CheckField
                    bare
                    label="config.f.kiosk"
                    path={`${p}.kiosk`}
                    value={n.kiosk}
                    onChange={(kiosk) => set(i, { kiosk })}
                  />
                </td>
                <RowActions
                  readOnly={readOnly}
                  onRemove={() => change({ notices: notices.filter((_, j) => j !== i) })}
                />
              </tr>,
              <RowProblems key={`${n.id}-p`} path={p} span={7} />,
            ];
          })}
        </tbody>
      </table>
      <p className="ad-hint">{t('config.zonesHint')}</p>
      <AddButton
        testId="add-notice"
        readOnly={readOnly}
        onAdd={() =>
          change({
            notices: [
              ...notices,
              {
                id: `n-${Date.now().toString(36)}`,
                text: '',
                textEn: '',
                zoneIds: [],
                startsOn: null,
                endsOn: null,
                kiosk: false,
              },
            ],
          })
        }
      />
    </>
  );
}

export function AlarmsEditor({ draft, change }: EditorProps): ReactNode {
  const { t } = useI18n<AdminKey>();
  const a = alarmThresholdsOf(draft);
  const set = (patch: Partial<typeof a>): void => change({ alarms: { ...a, ...patch } });
  const nums = [
    'waitMin',
    'queueLength',
    'idleMin',
    'pausedMin',
    'handlingMin',
    'deviceOfflineMin',
    'waitTargetMin',
  ] as const;
  const checks = ['badRating', 'printerPaper', 'workOrderOverdue'] as const;
  return (
    <div className="cf-form">
      <p className="ad-hint">{t('config.alarmOff')}</p>
      {nums.map((key) => (
        <NumberField
          key={key}
          label={`config.f.${key}`}
          path={`alarms.${key}`}
          value={a[key]}
          onChange={(v) => set({ [key]: v ?? Number.NaN })}
        />
      ))}
      {checks.map((key) => (
        <CheckField
          key={key}
          label={`config.f.${key}`}
          path={`alarms.${key}`}
          value={a[key]}
          onChange={(v) => set({ [key]: v })}
        />
      ))}
    </div>
  );
}

export function WorkOrdersEditor({ draft, change }: EditorProps): ReactNode {
  const w = workOrderRulesOf(draft);
  const keys = ['callbackWorkingDays', 'rectifyWorkingDays', 'appealWorkingDays'] as const;
  return (
    <div className="cf-form">
      {keys.map((key) => (
        <NumberField
          key={key}
          label={`config.f.${key}`}
          path={`workOrders.${key}`}
          value={w[key]}
          onChange={(v) => change({ workOrders: { ...w, [key]: v ?? Number.NaN } })}
        />
      ))}
    </div>
  );
}
