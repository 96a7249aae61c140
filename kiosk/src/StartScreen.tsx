import type { ReactNode } from 'react';
import type { ServiceQueueStats } from '../../shared/src/domain/eta.ts';
import type { HallConfig, Service } from '../../shared/src/domain/model.ts';
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
  return (
    <section className="k-screen k-start" data-testid="start-screen">
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
