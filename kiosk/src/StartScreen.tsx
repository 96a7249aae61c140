import { useEffect, useState, type ReactNode } from 'react';
import type { Notice } from '../../shared/src/domain/admin.ts';
import type { ServiceQueueStats } from '../../shared/src/domain/eta.ts';
import type { HallConfig, Service } from '../../shared/src/domain/model.ts';
import { noticesFor } from '../../shared/src/domain/notices.ts';
import { businessDayAt } from '../../shared/src/domain/time.ts';
import { useI18n } from '../../shared/src/ui/i18n.tsx';
import type { KioskKey } from './messages.ts';
import { ServiceTile } from './ServiceTile.tsx';
import { floorName, searchServices, zoneLocation, zoneName } from './text.ts';

/** The first screen: a search box over every service and the zones as big tiles. */
export function StartScreen(props: {
  readonly config: HallConfig;
  readonly queues: ReadonlyMap<string, ServiceQueueStats>;
  readonly query: string;
  readonly onQuery: (query: string) => void;
  readonly onZone: (zoneId: string) => void;
  readonly onTake: (service: Service) => void;
}): ReactNode {
  const { t, lang } = useI18n<KioskKey>();
  const { config, queues, query } = props;
  const results = searchServices(config, query);
  const searching = query.trim() !== '';
  const today = useBusinessDay(config);
  const notices = noticesFor(config, { kind: 'kiosk' }, today);
  return (
    <section className="k-screen k-start" data-testid="start-screen">
      {notices.length === 0 ? null : <KioskNotices notices={notices} />}
      <div className="k-search">
        <input
          type="search"
          className="k-search-input"
          data-testid="search"
          value={query}
          placeholder={t('kiosk.search')}
          aria-label={t('kiosk.search')}
          onChange={(e) => {
            props.onQuery(e.target.value);
          }}
        />
        {searching ? (
          <button
            type="button"
            className="k-button k-search-clear"
            onClick={() => {
              props.onQuery('');
            }}
          >
            {t('kiosk.clearSearch')}
          </button>
        ) : null}
      </div>
      <h2 className="k-heading">{searching ? t('kiosk.searchResults') : t('kiosk.chooseZone')}</h2>
      {searching ? (
        results.length === 0 ? (
          <p className="k-empty">{t('kiosk.noResults')}</p>
        ) : (
          <div className="k-services">
            {results.map((s) => (
              <ServiceTile
                key={s.id}
                config={config}
                service={s}
                stats={queues.get(s.id)}
                showZone
                onTake={props.onTake}
              />
            ))}
          </div>
        )
      ) : (
        <div className="k-zones">
          {config.zones.map((zone) => {
            const services = config.services.filter((s) => s.zoneId === zone.id);
            const waiting = services.reduce((n, s) => n + (queues.get(s.id)?.waiting ?? 0), 0);
            return (
              <button
                key={zone.id}
                type="button"
                className="k-zone"
                data-testid={`zone-${zone.id}`}
                onClick={() => {
                  props.onZone(zone.id);
                }}
              >
                <span className="k-zone-letter">{zone.id}</span>
                <span className="k-zone-body">
                  <span className="k-zone-name">{zoneName(lang, zone)}</span>
                  <span className="k-zone-where">
                    <b>{floorName(lang, config, zone)}</b> · {zoneLocation(lang, zone)}
                  </span>
                  <span className="k-zone-stats">
                    {t('kiosk.services', { n: services.length })} ·{' '}
                    {t('kiosk.zoneWaiting', { n: waiting })}
                  </span>
                </span>
              </button>
            );
          })}
        </div>
      )}
    </section>
  );
}

/**
 * The hall's business day by this kiosk's clock, checked every half minute so a dated notice
 * appears and goes at the day's turn without a reload.
 */
function useBusinessDay(config: HallConfig): string {
  const [today, setToday] = useState(() => businessDayAt(Date.now(), config.hall));
  useEffect(() => {
    const check = (): void => {
      setToday(businessDayAt(Date.now(), config.hall));
    };
    check();
    const timer = setInterval(check, 30_000);
    return () => {
      clearInterval(timer);
    };
  }, [config.hall]);
  return today;
}

/**
 * The admin's kiosk notices (config.notices with `kiosk`), each in Chinese then English
 * whatever the chosen language: a visitor reads them before choosing one.
 */
function KioskNotices(props: { readonly notices: readonly Notice[] }): ReactNode {
  return (
    <ul className="k-notices" data-testid="kiosk-notices" aria-label="通知 Notice">
      {props.notices.map((notice) => (
        <li
          key={notice.id}
          className="k-notice"
          data-testid="kiosk-notice"
          data-notice-id={notice.id}
        >
          <span className="k-notice-mark" aria-hidden="true">
            !
          </span>
          <span className="k-notice-body">
            <span className="k-notice-zh">{notice.text}</span>
            {notice.textEn === '' ? null : (
              <span className="k-notice-en" lang="en">
                {notice.textEn}
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
