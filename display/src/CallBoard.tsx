/** The hall overview and the zone screen: newest call, earlier calls, who waits where. */
import type { ReactNode } from 'react';
import type { HallConfig } from '../../shared/src/domain/model.ts';
import type { CallRecord, HallView } from '../../shared/src/protocol/view.ts';
import { BigNumber, useI18n } from '../../shared/src/ui/index.ts';
import type { DisplayKey } from './i18n.ts';
import { placeOfWindow, serviceZones } from './place.ts';

/**
 * Rows of the earlier-calls list (the newest call is shown large above them); landscape
 * shows the first six (display.css), portrait two columns of five.
 */
const EARLIER_CALLS = 10;

function NewestCall(props: {
  readonly call: CallRecord | undefined;
  readonly config: HallConfig | null;
  /** Changes for every live call, so the highlight animates again. */
  readonly flashKey: string | null;
}): ReactNode {
  const { t, lang } = useI18n<DisplayKey>();
  const { call } = props;
  if (call === undefined) {
    return (
      <section className="ds-newest ds-newest-empty" data-testid="newest-call">
        <div className="ds-newest-label">{t('display.nowCalling')}</div>
        <div className="ds-newest-none">{t('display.noCall')}</div>
        <div className="ds-newest-place">{t('display.noCallHint')}</div>
      </section>
    );
  }
  const place = placeOfWindow(props.config, call.windowId, lang);
  const live = props.flashKey === `${call.ticketId}@${call.at}`;
  return (
    <section
      key={props.flashKey ?? call.ticketId}
      className={`ds-newest ${live ? 'ds-newest-flash' : ''}`}
      data-testid="newest-call"
    >
      <div className="ds-newest-label">{t('display.nowCalling')}</div>
      <BigNumber number={call.number} className="ds-newest-number" />
      <div className="ds-newest-window" data-testid="newest-window">
        {t('display.goTo', { window: t('display.windowNo', { n: call.windowId }) })}
      </div>
      {place !== null && (
        <div className="ds-newest-place">
          {t('display.floorZone', { floor: place.floor, zone: place.zone })}
        </div>
      )}
    </section>
  );
}

function EarlierCalls(props: { readonly calls: readonly CallRecord[] }): ReactNode {
  const { t } = useI18n<DisplayKey>();
  return (
    <section className="ds-recent" data-testid="recent-calls">
      <h2 className="ds-section-title">{t('display.recentCalls')}</h2>
      <div className="ds-recent-head">
        <span>{t('display.colNumber')}</span>
        <span>{t('display.colWindow')}</span>
      </div>
      {props.calls.length === 0 ? (
        <div className="ds-recent-none">{t('display.recentNone')}</div>
      ) : (
        <ol className="ds-recent-list">
          {props.calls.map((call) => (
            <li key={call.ticketId} className="ds-recent-row" data-testid="recent-call">
              <span className="ds-recent-number">{call.number}</span>
              <span className="ds-recent-window">
                {t('display.windowNo', { n: call.windowId })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

interface WaitingRow {
  readonly id: string;
  readonly label: string;
  readonly sub: string;
  readonly waiting: number;
}

/** Waiting tickets per zone (hall) or per service of the zone (zone screen), from the view. */
function waitingRows(
  view: HallView,
  config: HallConfig | null,
  zoneId: string | null,
  lang: string,
  t: (key: DisplayKey, vars: Record<string, string>) => string,
): WaitingRow[] {
  if (config === null) return [];
  const en = lang === 'en';
  const waiting = Object.values(view.tickets).filter((t) => t.state === 'waiting');
  if (zoneId === null) {
    const zoneOf = serviceZones(config);
    const counts = new Map<string, number>();
    for (const ticket of waiting) {
      const zone = zoneOf.get(ticket.serviceId);
      if (zone !== undefined) counts.set(zone, (counts.get(zone) ?? 0) + 1);
    }
    return config.zones.map((zone) => {
      const floor = config.floors.find((f) => f.id === zone.floorId);
      return {
        id: zone.id,
        label: `${zone.id} ${en ? zone.nameEn : zone.name}`,
        sub: floor === undefined ? '' : en ? floor.nameEn : floor.name,
        waiting: counts.get(zone.id) ?? 0,
      };
    });
  }
  return config.services
    .filter((s) => s.zoneId === zoneId)
    .map((service) => ({
      id: service.id,
      label: en ? service.nameEn : service.name,
      sub: t('display.prefix', { p: service.prefix }),
      waiting: waiting.filter((t) => t.serviceId === service.id).length,
    }));
}

function Waiting(props: {
  readonly view: HallView;
  readonly config: HallConfig | null;
  readonly zoneId: string | null;
}): ReactNode {
  const { t, lang } = useI18n<DisplayKey>();
  const rows = waitingRows(props.view, props.config, props.zoneId, lang, t);
  return (
    <section className="ds-waiting" data-testid="waiting">
      <h2 className="ds-section-title">
        {t(props.zoneId === null ? 'display.waiting' : 'display.waitingByService')}
      </h2>
      <ul className="ds-waiting-list">
        {rows.map((row) => (
          <li key={row.id} className="ds-waiting-item" data-testid={`waiting-${row.id}`}>
            <span className="ds-waiting-sub">{row.sub}</span>
            <span className="ds-waiting-label">{row.label}</span>
            <span className="ds-waiting-count">
              {t('display.waitingCount', { n: row.waiting })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Hall (zoneId null) or zone call board. */
export function CallBoard(props: {
  readonly view: HallView;
  readonly config: HallConfig | null;
  readonly zoneId: string | null;
  readonly flashKey: string | null;
}): ReactNode {
  const [newest, ...earlier] = props.view.recentCalls;
  return (
    <main className="ds-board">
      <NewestCall call={newest} config={props.config} flashKey={props.flashKey} />
      <EarlierCalls calls={earlier.slice(0, EARLIER_CALLS)} />
      <Waiting view={props.view} config={props.config} zoneId={props.zoneId} />
    </main>
  );
}
