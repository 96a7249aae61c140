import { useEffect, useState, type SyntheticEvent, type ReactNode } from 'react';
import type { HallConfig } from '@hallq/shared';
import { useI18n } from '../../shared/src/ui/index.ts';
import type { CounterKey } from './i18n.ts';

interface DialogProps {
  readonly busy: boolean;
  /** The server's refusal of the last attempt, shown inside the dialog. */
  readonly error: string | null;
  readonly onCancel: () => void;
}

/** A modal form; Escape or 取消 closes it. */
function Dialog(
  props: DialogProps & {
    readonly title: string;
    readonly testId: string;
    readonly submitLabel: string;
    readonly localError: string | null;
    readonly onSubmit: () => void;
    readonly children: ReactNode;
  },
): ReactNode {
  const { t } = useI18n<CounterKey>();
  const { onCancel } = props;
  useEffect(() => {
    const listener = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onCancel();
    };
    globalThis.addEventListener('keydown', listener);
    return () => {
      globalThis.removeEventListener('keydown', listener);
    };
  }, [onCancel]);
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    props.onSubmit();
  };
  const error = props.localError ?? props.error;
  return (
    <div className="ct-overlay" role="presentation">
      <form
        className="ct-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        data-testid={props.testId}
        onSubmit={submit}
      >
        <h2>{props.title}</h2>
        {props.children}
        {error !== null && (
          <p className="ct-error" role="alert">
            {error}
          </p>
        )}
        <div className="ct-dialog-buttons">
          <button type="button" className="ct-btn" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="ct-btn ct-btn-primary" disabled={props.busy}>
            {props.busy ? t('busy') : props.submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}

export interface TransferTarget {
  readonly toServiceId?: string;
  readonly toWindowId?: number;
  readonly note?: string;
}

export function TransferDialog(
  props: DialogProps & {
    readonly number: string;
    readonly config: HallConfig;
    readonly windowId: number;
    readonly onSubmit: (target: TransferTarget) => void;
  },
): ReactNode {
  const { t, lang } = useI18n<CounterKey>();
  const [serviceId, setServiceId] = useState('');
  const [windowText, setWindowText] = useState('');
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const submit = (): void => {
    const toWindowId = windowText.trim() === '' ? undefined : Number(windowText.trim());
    if (
      (serviceId === '' && toWindowId === undefined) ||
      (toWindowId !== undefined && !Number.isInteger(toWindowId))
    ) {
      setLocalError(t('transfer.needTarget'));
      return;
    }
    setLocalError(null);
    props.onSubmit({
      ...(serviceId === '' ? {} : { toServiceId: serviceId }),
      ...(toWindowId === undefined ? {} : { toWindowId }),
      ...(note.trim() === '' ? {} : { note: note.trim() }),
    });
  };
  const zones = props.config.zones;
  return (
    <Dialog
      {...props}
      title={t('transfer.title', { number: props.number })}
      testId="transfer-dialog"
      submitLabel={t('transfer.submit')}
      localError={localError}
      onSubmit={submit}
    >
      <label className="ct-field">
        <span>{t('transfer.toService')}</span>
        <select
          name="toService"
          value={serviceId}
          onChange={(e) => {
            setServiceId(e.target.value);
          }}
        >
          <option value="">{t('transfer.pickService')}</option>
          {zones.map((zone) => (
            <optgroup key={zone.id} label={`${zone.id} ${lang === 'en' ? zone.nameEn : zone.name}`}>
              {props.config.services
                .filter((s) => s.zoneId === zone.id)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.prefix} · {lang === 'en' ? s.nameEn : s.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="ct-field">
        <span>{t('transfer.toWindow')}</span>
        <input
          name="toWindow"
          inputMode="numeric"
          placeholder={t('transfer.windowNumber')}
          value={windowText}
          onChange={(e) => {
            setWindowText(e.target.value.replace(/\D/g, '').slice(0, 4));
          }}
        />
      </label>
      <label className="ct-field">
        <span>{t('transfer.note')}</span>
        <input
          name="note"
          maxLength={200}
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
          }}
        />
      </label>
    </Dialog>
  );
}

const PAUSE_REASONS = ['lunch', 'meeting', 'away', 'other'] as const;
type PauseReason = (typeof PAUSE_REASONS)[number];

export function PauseDialog(
  props: DialogProps & { readonly onSubmit: (reason: string) => void },
): ReactNode {
  const { t } = useI18n<CounterKey>();
  const [choice, setChoice] = useState<PauseReason>('lunch');
  const [other, setOther] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const submit = (): void => {
    const reason = choice === 'other' ? other.trim() : t(`pause.${choice}`);
    if (reason === '') {
      setLocalError(t('pause.needReason'));
      return;
    }
    setLocalError(null);
    props.onSubmit(reason.slice(0, 40));
  };
  return (
    <Dialog
      {...props}
      title={t('pause.title')}
      testId="pause-dialog"
      submitLabel={t('pause.submit')}
      localError={localError}
      onSubmit={submit}
    >
      <div className="ct-choices">
        {PAUSE_REASONS.map((reason) => (
          <button
            key={reason}
            type="button"
            className={`ct-choice ${choice === reason ? 'ct-choice-on' : ''}`}
            aria-pressed={choice === reason}
            onClick={() => {
              setChoice(reason);
            }}
          >
            {t(`pause.${reason}`)}
          </button>
        ))}
      </div>
      {choice === 'other' && (
        <label className="ct-field">
          <span>{t('pause.otherText')}</span>
          <input
            name="otherReason"
            autoFocus
            maxLength={40}
            value={other}
            onChange={(e) => {
              setOther(e.target.value);
            }}
          />
        </label>
      )}
    </Dialog>
  );
}

/** A ticket number as printed: prefix letter(s) and 3–5 digits. */
export const TICKET_NUMBER = /^[A-Z]{1,2}\d{3,5}$/;

export function CallNumberDialog(
  props: DialogProps & { readonly onSubmit: (number: string) => void },
): ReactNode {
  const { t } = useI18n<CounterKey>();
  const [number, setNumber] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const submit = (): void => {
    const value = number.trim().toUpperCase();
    if (!TICKET_NUMBER.test(value)) {
      setLocalError(t('callNumber.invalid'));
      return;
    }
    setLocalError(null);
    props.onSubmit(value);
  };
  return (
    <Dialog
      {...props}
      title={t('callNumber.title')}
      testId="call-number-dialog"
      submitLabel={t('callNumber.submit')}
      localError={localError}
      onSubmit={submit}
    >
      <label className="ct-field">
        <span>{t('callNumber.label')}</span>
        <input
          name="number"
          className="ct-number-input"
          autoFocus
          autoComplete="off"
          value={number}
          onChange={(e) => {
            setNumber(e.target.value.toUpperCase().slice(0, 8));
          }}
        />
      </label>
    </Dialog>
  );
}
