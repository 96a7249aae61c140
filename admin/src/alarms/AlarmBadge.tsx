/**
 * The number of unacknowledged live alarms on the 预警 tab; it flashes when a new one
 * arrives so a manager looking at another page notices it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../../shared/src/ui/index.ts';
import type { AdminKey } from '../i18n.ts';
import { useLiveAlarms } from './use-alarms.ts';
import './alarms.css';

export function AlarmBadge(props: {
  readonly token: string;
  readonly onExpired: () => void;
}): ReactNode {
  const { t } = useI18n<AdminKey>();
  const { unacknowledged } = useLiveAlarms(props.token, props.onExpired);
  const previous = useRef(unacknowledged);
  const [flash, setFlash] = useState(0);
  useEffect(() => {
    if (unacknowledged > previous.current) setFlash((n) => n + 1);
    previous.current = unacknowledged;
  }, [unacknowledged]);
  if (unacknowledged === 0) return null;
  return (
    <span
      key={flash}
      className={flash > 0 ? 'al-badge al-badge-new' : 'al-badge'}
      data-testid="alarm-badge"
      role="status"
      aria-label={t('alarms.badge', { n: unacknowledged })}
    >
      {unacknowledged}
    </span>
  );
}
