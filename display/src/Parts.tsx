/** Pieces every call screen shows: the header, the caption line and the notices marquee. */
import type { ReactNode } from 'react';
import { Clock, useI18n } from '../../shared/src/ui/index.ts';
import type { Announcement } from './announcer.ts';
import type { DisplayKey } from './i18n.ts';

export function ScreenHeader(props: {
  readonly hallName: string;
  readonly title: string;
  readonly timeZone: string;
}): ReactNode {
  const { lang } = useI18n<DisplayKey>();
  return (
    <header className="ds-header">
      <div className="ds-header-names">
        <span className="ds-hall-name" data-testid="hall-name">
          {props.hallName}
        </span>
        <span className="ds-screen-title" data-testid="screen-title">
          {props.title}
        </span>
      </div>
      <Clock timeZone={props.timeZone} lang={lang} />
    </header>
  );
}

/** The caption of the call being (or last) announced: the spoken text, for every call. */
export function CaptionLine(props: {
  readonly caption: { readonly call: Announcement; readonly active: boolean } | null;
  /** The current call's text when nothing was announced since the page (re)loaded. */
  readonly fallback: string;
}): ReactNode {
  const { t } = useI18n<DisplayKey>();
  const { caption } = props;
  return (
    <div
      className={`ds-caption ${caption?.active === true ? 'ds-caption-active' : ''}`}
      data-testid="caption"
      aria-live="polite"
    >
      <span className="ds-caption-label">{t('display.caption')}</span>
      <span className="ds-caption-text" data-testid="caption-text">
        {caption === null ? props.fallback : caption.call.text}
      </span>
      {caption?.call.recall === true && (
        <span className="ds-caption-tag">{t('display.recall')}</span>
      )}
    </div>
  );
}

const NOTICES: readonly DisplayKey[] = [
  'display.notice.1',
  'display.notice.2',
  'display.notice.3',
  'display.notice.4',
];

/** Scrolling notices. Static demo notices for now; they become configurable in the admin issue. */
export function NoticeMarquee(): ReactNode {
  const { t } = useI18n<DisplayKey>();
  const text = NOTICES.map((key) => t(key)).join('　　◆　　');
  return (
    <div className="ds-marquee" data-testid="notices">
      <div className="ds-marquee-track">
        <span>{text}</span>
        <span aria-hidden="true">{text}</span>
      </div>
    </div>
  );
}
