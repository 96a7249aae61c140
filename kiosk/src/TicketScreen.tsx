import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { HallConfig } from '../../shared/src/domain/model.ts';
import type { TicketInfo } from '../../shared/src/protocol/contract.ts';
import { receiptTemplateOf } from '../../shared/src/receipt/ticket-receipt.ts';
import { BigNumber } from '../../shared/src/ui/components.tsx';
import { useI18n } from '../../shared/src/ui/i18n.tsx';
import type { KioskKey } from './messages.ts';
import { QrCode } from './QrCode.tsx';
import type { PrintableTicket, PrintResult } from './ticket-output.ts';
import { timeOfDay } from './text.ts';

/** A ticket the server acknowledged, as shown (and maybe printed). */
export interface IssuedTicket {
  readonly info: TicketInfo;
  readonly printable: PrintableTicket;
  readonly print: PrintResult;
}

const BACK_AFTER_S = 15;

/**
 * The confirmation: the big number, where to go, people ahead, wait, QR and materials, with
 * the hall's ticket template (header, footer, QR, materials) as the printed ticket has it.
 * The screen shows the materials unless the hall's template turns them off: a visitor without
 * a printed list reads them here.
 */
export function TicketScreen(props: {
  readonly issued: IssuedTicket;
  /** The hall configuration (its ticket template); null = the built-in layout. */
  readonly config?: HallConfig | null;
  readonly onDone: () => void;
}): ReactNode {
  const { t } = useI18n<KioskKey>();
  const { printable: p, print } = props.issued;
  const en = p.lang === 'en';
  const template = props.config == null ? null : receiptTemplateOf(props.config);
  const header =
    template === null ? '' : en && template.headerEn !== '' ? template.headerEn : template.header;
  const footer = template === null ? null : en ? template.footerEn : template.footer;
  const showQr = template?.qr ?? true;
  const showMaterials = props.config?.ticket?.printMaterials ?? true;
  const [left, setLeft] = useState(BACK_AFTER_S);
  const done = useRef(props.onDone);
  useEffect(() => {
    done.current = props.onDone;
  }, [props.onDone]);
  useEffect(() => {
    let remaining = BACK_AFTER_S;
    const timer = setInterval(() => {
      remaining -= 1;
      setLeft(remaining);
      if (remaining <= 0) {
        clearInterval(timer);
        done.current();
      }
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  return (
    <section
      className="k-screen k-ticket"
      data-testid="ticket-screen"
      data-ticket-id={p.ticketId}
      onClick={props.onDone}
    >
      <div className="k-ticket-main">
        {header === '' ? null : (
          <div className="k-ticket-header" data-testid="ticket-header">
            {header}
          </div>
        )}
        <div className="k-ticket-label">{t('kiosk.yourNumber')}</div>
        <BigNumber number={p.number} className="k-ticket-number" />
        {p.priorityText === null ? null : (
          <div className="k-ticket-priority" data-testid="ticket-priority">
            {t('kiosk.greenChannel')} · {p.priorityText}
          </div>
        )}
        <dl className="k-ticket-facts">
          <dt>{t('kiosk.service')}</dt>
          <dd data-testid="ticket-service">{p.serviceName}</dd>
          <dt>{t('kiosk.goTo')}</dt>
          <dd className="k-ticket-where" data-testid="ticket-where">
            {t('kiosk.goToValue', {
              floor: p.floorName,
              zone: `${p.zoneId} ${p.zoneName}`,
              location: p.location,
            })}
          </dd>
          <dt>{t('kiosk.ahead')}</dt>
          <dd>
            <b className="k-ticket-ahead" data-testid="ticket-ahead">
              {t('common.people', { n: p.ahead })}
            </b>
          </dd>
          <dt>{t('kiosk.estimatedWait')}</dt>
          <dd data-testid="ticket-wait">{p.waitText}</dd>
          <dt>{t('kiosk.issuedAt')}</dt>
          <dd>{timeOfDay(p.issuedAt, p.timeZone)}</dd>
        </dl>
        {footer === null || footer === '' ? null : (
          <div className="k-ticket-footer" data-testid="ticket-footer">
            {footer}
          </div>
        )}
      </div>
      <div className="k-ticket-side">
        <div className="k-ticket-qr-box">
          {showQr ? <QrCode url={p.qrUrl} label={t('kiosk.scanQr')} /> : null}
          <div className="k-ticket-qr-text">
            {print.printed || print.reason === 'no_printer' ? null : (
              // A kiosk with a printer that failed says why, so the visitor does not wait for paper.
              <div className="k-ticket-print-reason" data-testid="print-reason">
                {t(`kiosk.printFail.${print.reason}`)}
              </div>
            )}
            <div
              className={`k-ticket-print${print.printed ? '' : ' k-ticket-print-none'}`}
              data-testid="print-note"
              data-printed={print.printed ? 'yes' : print.reason}
            >
              {print.printed
                ? t('kiosk.printed')
                : showQr
                  ? t('kiosk.noPrint')
                  : t('kiosk.noPrintNoQr')}
            </div>
            {showQr ? <div className="k-ticket-scan">{t('kiosk.scanQr')}</div> : null}
          </div>
        </div>
        {!showMaterials || p.materials.length === 0 ? null : (
          <div className="k-ticket-materials" data-testid="ticket-materials">
            <div className="k-ticket-materials-title">{t('kiosk.materials')}</div>
            <ol>
              {p.materials.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ol>
          </div>
        )}
        <button type="button" className="k-button k-primary k-ticket-done" onClick={props.onDone}>
          {t('kiosk.done', { n: Math.max(0, left) })}
        </button>
      </div>
    </section>
  );
}
