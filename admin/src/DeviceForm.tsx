/**
 * The register / edit form of a device, with the fields of its role: a kiosk's printer and
 * paper, a call screen's content and announcements, the window of a counter or rating pad, and
 * the exit PIN of the locked-down roles. The server checks everything again (parseBinding).
 */
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import type { DeviceSummary, DomainError, HallConfig } from '../../shared/src/index.ts';
import { useI18n } from '../../shared/src/ui/index.ts';
import type { DeviceInput } from './api.ts';
import type { AdminKey } from './i18n.ts';

type Role = DeviceSummary['role'];
type ScreenKind = 'hall' | 'zone' | 'window';

const ROLES: readonly Role[] = ['kiosk', 'display', 'counter', 'rating'];
const PRINTER_URL = /^(tcp|serial|usb|spooler):\/\/\S+$/;

/** The roles that lock the screen and so have an exit PIN. */
export function hasLockdown(role: Role): boolean {
  return role !== 'counter';
}

/** A binding field as form text ('' when unset). */
function field(binding: Readonly<Record<string, unknown>> | undefined, key: string): string {
  const value = binding?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function screenParts(screen: unknown): { kind: ScreenKind; value: string } {
  if (typeof screen !== 'string') return { kind: 'hall', value: '' };
  const [kind = '', value = ''] = screen.split(':');
  return kind === 'zone' || kind === 'window' ? { kind, value } : { kind: 'hall', value: '' };
}

export function DeviceForm(props: {
  readonly hall: HallConfig | null;
  /** The device to edit; absent: register a new one. */
  readonly device?: DeviceSummary;
  readonly onSubmit: (input: DeviceInput) => Promise<DomainError | null>;
  readonly onCancel?: () => void;
}): ReactNode {
  const { t, errorText } = useI18n<AdminKey>();
  const { device, hall } = props;
  const binding = device?.binding as Readonly<Record<string, unknown>> | undefined;
  const screen = screenParts(binding?.screen);
  const [name, setName] = useState(device?.name ?? '');
  const [role, setRole] = useState<Role>(device?.role ?? 'kiosk');
  const [printerUrl, setPrinterUrl] = useState(field(binding, 'printerUrl'));
  const [paper, setPaper] = useState(field(binding, 'paper') || '80');
  const [screenKind, setScreenKind] = useState<ScreenKind>(screen.kind);
  const [zone, setZone] = useState(
    screen.kind === 'zone' ? screen.value : (hall?.zones[0]?.id ?? 'A'),
  );
  const [screenWindow, setScreenWindow] = useState(screen.kind === 'window' ? screen.value : '');
  const [audio, setAudio] = useState(field(binding, 'audio'));
  const [windowId, setWindowId] = useState(
    device?.windowId === null || device === undefined ? '' : String(device.windowId),
  );
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editing = device !== undefined;
  const prefix = editing ? 'edit' : 'create';

  const windows = hall?.windows ?? [];
  const windowSelect = (value: string, onChange: (v: string) => void, fieldName: string) => (
    <select
      name={fieldName}
      value={value}
      onChange={(e) => {
        onChange(e.target.value);
      }}
    >
      <option value="">{t('form.pickWindow')}</option>
      {windows.map((w) => (
        <option key={w.id} value={String(w.id)}>
          {t('bind.window', { n: w.id })} · {w.zoneId}
        </option>
      ))}
    </select>
  );

  /** The binding to send: the device's current one with the form's fields over it. */
  function bindingOf(): Record<string, unknown> {
    const base: Record<string, unknown> = { ...(binding ?? {}) };
    if (role === 'kiosk') {
      return {
        ...base,
        printerUrl: printerUrl.trim() === '' ? null : printerUrl.trim(),
        paper: Number(paper),
      };
    }
    if (role === 'display') {
      return {
        ...base,
        screen:
          screenKind === 'hall'
            ? 'hall'
            : screenKind === 'zone'
              ? `zone:${zone}`
              : `window:${screenWindow}`,
        audio: audio.trim() === '' ? null : audio.trim(),
      };
    }
    return base;
  }

  function problem(): AdminKey | null {
    if (name.trim() === '') return 'form.needName';
    if ((role === 'counter' || role === 'rating') && windowId === '') return 'form.needWindow';
    if (role === 'display' && screenKind === 'window' && screenWindow === '')
      return 'form.needWindow';
    if (role === 'kiosk' && printerUrl.trim() !== '' && !PRINTER_URL.test(printerUrl.trim()))
      return 'form.badPrinter';
    if (hasLockdown(role) && pin !== '' && !/^\d{4,12}$/.test(pin)) return 'form.badPin';
    return null;
  }

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const wrong = problem();
    if (wrong !== null) {
      setError(t(wrong));
      return;
    }
    setBusy(true);
    setError(null);
    const refused = await props.onSubmit({
      name: name.trim(),
      role,
      windowId: role === 'counter' || role === 'rating' ? Number(windowId) : null,
      binding: bindingOf(),
      ...(hasLockdown(role) && pin !== '' ? { pin } : {}),
    });
    setBusy(false);
    if (refused !== null) {
      setError(errorText(refused));
      return;
    }
    if (!editing) {
      setName('');
      setPrinterUrl('');
      setAudio('');
      setWindowId('');
      setScreenWindow('');
    }
    setPin('');
  };

  return (
    <form
      className="ad-form"
      data-testid={`${prefix}-form`}
      onSubmit={(event) => {
        void submit(event);
      }}
    >
      <label className="ad-field">
        <span>{t('form.name')}</span>
        <input
          name="name"
          maxLength={60}
          placeholder={t('form.namePlaceholder')}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
          }}
        />
      </label>
      {!editing && (
        <fieldset className="ad-field ad-roles">
          <legend>{t('form.role')}</legend>
          {ROLES.map((r) => (
            <label key={r} className={`ad-role ${r === role ? 'ad-role-on' : ''}`}>
              <input
                type="radio"
                name="role"
                value={r}
                checked={r === role}
                onChange={() => {
                  setRole(r);
                  setError(null);
                }}
              />
              {t(`role.${r}`)}
            </label>
          ))}
        </fieldset>
      )}

      {role === 'kiosk' && (
        <div className="ad-row">
          <label className="ad-field ad-grow">
            <span>{t('form.printerUrl')}</span>
            <input
              name="printerUrl"
              placeholder="tcp://192.168.1.50:9100"
              value={printerUrl}
              onChange={(e) => {
                setPrinterUrl(e.target.value);
              }}
            />
            <small>{t('form.printerHint')}</small>
          </label>
          <label className="ad-field">
            <span>{t('form.paper')}</span>
            <select
              name="paper"
              value={paper}
              onChange={(e) => {
                setPaper(e.target.value);
              }}
            >
              <option value="80">{t('form.paper80')}</option>
              <option value="58">{t('form.paper58')}</option>
            </select>
          </label>
        </div>
      )}

      {role === 'display' && (
        <>
          <div className="ad-row">
            <label className="ad-field ad-grow">
              <span>{t('form.screen')}</span>
              <select
                name="screenKind"
                value={screenKind}
                onChange={(e) => {
                  setScreenKind(e.target.value as ScreenKind);
                }}
              >
                <option value="hall">{t('form.screenHall')}</option>
                <option value="zone">{t('form.screenZone')}</option>
                <option value="window">{t('form.screenWindow')}</option>
              </select>
            </label>
            {screenKind === 'zone' && (
              <label className="ad-field">
                <span>{t('form.zone')}</span>
                <select
                  name="zone"
                  value={zone}
                  onChange={(e) => {
                    setZone(e.target.value);
                  }}
                >
                  {(hall?.zones ?? []).map((z) => (
                    <option key={z.id} value={z.id}>
                      {z.id} · {z.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {screenKind === 'window' && (
              <label className="ad-field">
                <span>{t('form.window')}</span>
                {windowSelect(screenWindow, setScreenWindow, 'screenWindow')}
              </label>
            )}
          </div>
          <label className="ad-field">
            <span>{t('form.audio')}</span>
            <input
              name="audio"
              placeholder="zone:A"
              value={audio}
              onChange={(e) => {
                setAudio(e.target.value);
              }}
            />
            <small>{t('form.audioHint')}</small>
          </label>
        </>
      )}

      {(role === 'counter' || role === 'rating') && (
        <label className="ad-field">
          <span>{t('form.window')}</span>
          {windowSelect(windowId, setWindowId, 'windowId')}
        </label>
      )}

      {hasLockdown(role) && (
        <label className="ad-field">
          <span>{t('form.pin')}</span>
          <input
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={12}
            value={pin}
            onChange={(e) => {
              setPin(e.target.value.replace(/\D/g, ''));
            }}
          />
          <small>
            {editing
              ? t('form.pinKeep', { state: t(device.hasPin ? 'form.pinSet' : 'form.pinUnset') })
              : t('form.pinHint')}
          </small>
        </label>
      )}

      {error !== null && (
        <p className="ad-error" role="alert" data-testid={`${prefix}-error`}>
          {error}
        </p>
      )}
      <div className="ad-actions">
        {props.onCancel !== undefined && (
          <button type="button" className="ad-btn" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="ad-btn ad-btn-primary" disabled={busy}>
          {busy ? t('form.busy') : t(editing ? 'form.save' : 'form.create')}
        </button>
      </div>
    </form>
  );
}
