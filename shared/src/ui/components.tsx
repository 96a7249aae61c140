/** UI pieces used by more than one screen. */
import { useEffect, useState, type ReactNode } from 'react';
import type { ConnectionState } from '../client/hall-client.ts';
import { useI18n } from './i18n.tsx';

/** The offline/connecting banner: always visible while the server is unreachable. */
export function ConnectionBanner(props: { readonly state: ConnectionState }): ReactNode {
  const { t } = useI18n();
  if (props.state === 'online') return null;
  return (
    <div
      className={`hq-banner hq-banner-${props.state}`}
      role="alert"
      data-testid="connection-banner"
    >
      {t(props.state === 'offline' ? 'common.offline' : 'common.connecting')}
    </div>
  );
}

/** A ticket number as large as the space allows. */
export function BigNumber(props: {
  readonly number: string;
  readonly className?: string;
}): ReactNode {
  return (
    <span className={`hq-big-number ${props.className ?? ''}`} data-testid="big-number">
      {props.number}
    </span>
  );
}

/** HH:MM:SS clock in the hall's time zone. */
export function Clock(props: { readonly timeZone: string; readonly lang: string }): ReactNode {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  const date = new Intl.DateTimeFormat(props.lang, {
    timeZone: props.timeZone,
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(now);
  const time = new Intl.DateTimeFormat('zh-CN', {
    timeZone: props.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return (
    <span className="hq-clock" data-testid="clock">
      <span className="hq-clock-date">{date}</span> <span className="hq-clock-time">{time}</span>
    </span>
  );
}

/** Reads one query parameter of the page's URL. */
export function queryParam(name: string): string | null {
  return new URLSearchParams(globalThis.location.search).get(name);
}
