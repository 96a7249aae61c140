import type { ReactNode } from 'react';
import type { ServiceQueueStats } from '../../shared/src/domain/eta.ts';
import type { HallConfig, Service } from '../../shared/src/domain/model.ts';
import { useI18n, waitText } from '../../shared/src/ui/i18n.tsx';
import type { KioskKey } from './messages.ts';
import { floorName, serviceName, zoneName } from './text.ts';

/** One service as a big touch tile: name, waiting count, estimated wait, quota notes. */
export function ServiceTile(props: {
  readonly config: HallConfig;
  readonly service: Service;
  readonly stats: ServiceQueueStats | undefined;
  /** Shows the zone and floor (search results span zones). */
  readonly showZone: boolean;
  readonly onTake: (service: Service) => void;
}): ReactNode {
  const { t, lang } = useI18n<KioskKey>();
  const { service, stats, config } = props;
  const zone = config.zones.find((z) => z.id === service.zoneId);
  const quotaLeft = stats?.quotaLeft ?? null;
  const gone = quotaLeft === 0;
  return (
    <button
      type="button"
      className={`k-service${gone ? ' k-service-gone' : ''}`}
      data-testid={`service-${service.id}`}
      onClick={() => {
        props.onTake(service);
      }}
    >
      <span className="k-service-prefix">{service.prefix}</span>
      <span className="k-service-body">
        <span className="k-service-name">{serviceName(lang, service)}</span>
        {props.showZone && zone !== undefined ? (
          <span className="k-service-zone">
            {t('kiosk.zoneLetter', { letter: zone.id })} · {zoneName(lang, zone)} ·{' '}
            {floorName(lang, config, zone)}
          </span>
        ) : null}
        <span className="k-service-stats">
          <span>
            {t('kiosk.waiting')}{' '}
            <b data-testid="service-waiting">{t('common.people', { n: stats?.waiting ?? 0 })}</b>
          </span>
          <span>
            {t('kiosk.estimatedWait')} <b>{waitText(t, stats?.estimatedWaitMs ?? null)}</b>
          </span>
        </span>
        {gone ? (
          <span className="k-service-quota k-service-quota-gone">{t('kiosk.quotaGone')}</span>
        ) : stats?.quotaWarning === true && quotaLeft !== null ? (
          <span className="k-service-quota">{t('kiosk.quotaLeft', { n: quotaLeft })}</span>
        ) : null}
      </span>
      <span className="k-service-take">{t('kiosk.take')}</span>
    </button>
  );
}
