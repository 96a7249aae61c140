/** Pieces every call screen shows: the header, the caption line and the notices marquee. */
import type { ReactNode } from 'react';
import { Clock, useI18n } from '../../shared/src/ui/index.ts';
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

/** What the caption line shows: the text spoken (or last spoken) for a call. */
export interface CaptionView {
  readonly text: string;
  /** Being spoken (or shown, when silent) right now: highlighted. */
  readonly active: boolean;
  readonly recall: boolean;
}

/** The caption of the call being (or last) announced: exactly the spoken text. */
export function CaptionLine(props: { readonly caption: CaptionView }): ReactNode {
  const { t } = useI18n<DisplayKey>();
  const { caption } = props;
  return (
    <div
      className={`ds-caption ${caption.active ? 'ds-caption-active' : ''}`}
      data-testid="caption"
      data-active={caption.active}
      aria-live="polite"
    >
      <span className="ds-caption-label">{t('display.caption')}</span>
      <span className="ds-caption-text" data-testid="caption-text">
        {caption.text}
      </span>
      {caption.recall && <span className="ds-caption-tag">{t('display.recall')}</span>}
    </div>
  );
}

/**
 * Shown while the browser holds sound until someone touches the page (autoplay policy):
 * one tap anywhere on it enables the voice. The caption line stays visible above it.
 */
export function EnableVoice(props: { readonly onEnable: () => void }): ReactNode {
  const { t } = useI18n<DisplayKey>();
  return (
    <div className="ds-enable-voice" data-testid="enable-voice" onClick={props.onEnable}>
      {/* The click bubbles to the overlay: one handler for the button and around it. */}
      <button type="button" className="ds-enable-voice-button" autoFocus>
        <svg className="ds-enable-voice-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
          <path
            d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
          />
        </svg>
        <span>{t('display.enableVoice')}</span>
      </button>
      <p className="ds-enable-voice-hint">{t('display.enableVoiceHint')}</p>
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
