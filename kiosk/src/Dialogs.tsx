import type { ReactNode } from 'react';
import type { DomainError } from '../../shared/src/domain/errors.ts';
import { GREEN_CHANNEL_KINDS } from '../../shared/src/domain/model.ts';
import { useI18n } from '../../shared/src/ui/i18n.tsx';
import type { KioskKey } from './messages.ts';

export type GreenKind = (typeof GREEN_CHANNEL_KINDS)[number];

/** Asks which green-channel kind applies. */
export function GreenChannelDialog(props: {
  readonly onPick: (kind: GreenKind) => void;
  readonly onCancel: () => void;
}): ReactNode {
  const { t } = useI18n<KioskKey>();
  return (
    <div className="k-overlay" role="dialog" aria-modal="true" data-testid="green-dialog">
      <div className="k-dialog">
        <h2 className="k-dialog-title">{t('kiosk.greenChannelAsk')}</h2>
        <p className="k-dialog-text">{t('kiosk.greenChannelHint')}</p>
        <div className="k-green-kinds">
          {GREEN_CHANNEL_KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              className="k-button k-green-kind"
              data-testid={`priority-${kind}`}
              onClick={() => {
                props.onPick(kind);
              }}
            >
              {t(`kiosk.priority.${kind}`)}
            </button>
          ))}
        </div>
        <button type="button" className="k-button k-dialog-cancel" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

/** Why no ticket was taken, and what to do. */
export function ErrorDialog(props: {
  readonly error: DomainError;
  readonly onRetry: (() => void) | null;
  readonly onClose: () => void;
}): ReactNode {
  const { t, errorText } = useI18n<KioskKey>();
  return (
    <div className="k-overlay" role="alertdialog" aria-modal="true" data-testid="error-dialog">
      <div className="k-dialog k-dialog-error" data-error-code={props.error.code}>
        <h2 className="k-dialog-title">{t('kiosk.errorTitle')}</h2>
        <p className="k-dialog-text" data-testid="error-text">
          {errorText(props.error)}
        </p>
        <div className="k-dialog-actions">
          {props.onRetry === null ? null : (
            <button type="button" className="k-button k-primary" onClick={props.onRetry}>
              {t('kiosk.retry')}
            </button>
          )}
          <button type="button" className="k-button" onClick={props.onClose}>
            {t('common.ok')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Shown while the server has not answered yet: nothing is claimed before it does. */
export function BusyOverlay(): ReactNode {
  const { t } = useI18n<KioskKey>();
  return (
    <div className="k-overlay" data-testid="busy">
      <div className="k-dialog">
        <p className="k-dialog-title">{t('kiosk.taking')}</p>
      </div>
    </div>
  );
}
