import type { ReactNode } from 'react';
import type { ServiceQueueStats } from '../../shared/src/domain/eta.ts';
import type { HallConfig, Service, Zone } from '../../shared/src/domain/model.ts';
import { useI18n } from '../../shared/src/ui/i18n.tsx';
import type { KioskKey } from './messages.ts';
import { ServiceTile } from './ServiceTile.tsx';
import { floorName, zoneLocation, zoneName } from './text.ts';

/** The services of one zone. */
export function ServicesScreen(props: {
  readonly config: HallConfig;
  readonly zone: Zone;
  readonly queues: ReadonlyMap<string, ServiceQueueStats>;
  readonly onBack: () => void;
  readonly onTake: (service: Service) => void;
}): ReactNode {
  const { t, lang } = useI18n<KioskKey>();
  const { config, zone } = props;
  const services = config.services.filter((s) => s.zoneId === zone.id);
  return (
    <section className="k-screen k-zone-screen" data-testid="services-screen">
      <div className="k-zone-head">
        <button type="button" className="k-button k-back" onClick={props.onBack}>
          ‹ {t('common.back')}
        </button>
        <span className="k-zone-letter k-zone-letter-small">{zone.id}</span>
        <span className="k-zone-head-text">
          <span className="k-zone-name">{zoneName(lang, zone)}</span>
          <span className="k-zone-where">
            <b>{floorName(lang, config, zone)}</b> · {zoneLocation(lang, zone)}
          </span>
        </span>
      </div>
      <h2 className="k-heading">{t('kiosk.chooseService')}</h2>
      <div className="k-services">
        {services.map((s) => (
          <ServiceTile
            key={s.id}
            config={config}
            service={s}
            stats={props.queues.get(s.id)}
            showZone={false}
            onTake={props.onTake}
          />
        ))}
      </div>
    </section>
  );
}
