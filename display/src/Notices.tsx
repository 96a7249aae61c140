/**
 * The notices band of the call screens (brief §5.5): the admin's notices (config.notices)
 * that apply to this screen today, as a ticker across the bottom, each in Chinese then
 * English, sized to be read from across the hall. It follows the configuration live: the
 * screen's HallClient hands over every `config.changed`. The business day is the hall's (the
 * view's), so a notice appears and disappears with the server's day, not the screen PC's clock.
 *
 * A hall whose configuration has never had notices (`notices` absent) keeps the standing
 * demo notices on its hall and zone screens; once the console saved a list, that list is
 * all that shows (an empty list = no band).
 */
import type { CSSProperties, ReactNode } from 'react';
import type { Notice } from '../../shared/src/domain/admin.ts';
import type { HallConfig } from '../../shared/src/domain/model.ts';
import { noticesFor, type NoticeScope } from '../../shared/src/domain/notices.ts';
import { NoticeMarquee } from './Parts.tsx';

/** Seconds per character of the ticker: slow enough to read a line twice while it passes. */
const SECONDS_PER_CHAR = 0.28;
const MIN_SECONDS = 18;

function columns(text: string): number {
  // CJK characters are about twice as wide as Latin ones.
  let n = 0;
  for (const ch of text) n += /[\u2e80-\uffff]/u.test(ch) ? 2 : 1;
  return n;
}

export function ScreenNotices(props: {
  readonly config: HallConfig | null;
  readonly scope: NoticeScope;
  /** The hall's business day (YYYY-MM-DD); null before the first view arrived. */
  readonly businessDay: string | null;
}): ReactNode {
  const { config, scope, businessDay } = props;
  if (config === null) return null;
  if (config.notices === undefined) return scope.kind === 'window' ? null : <NoticeMarquee />;
  if (businessDay === null) return null;
  const notices = noticesFor(config, scope, businessDay);
  if (notices.length === 0) return null;
  return <NoticeBand notices={notices} />;
}

/** The ticker: a fixed label, then every notice (Chinese, English) scrolling from the right. */
export function NoticeBand(props: { readonly notices: readonly Notice[] }): ReactNode {
  const { notices } = props;
  const width = notices.reduce((n, x) => n + columns(x.text) + columns(x.textEn) + 12, 0);
  const style: CSSProperties = {
    animationDuration: `${Math.max(MIN_SECONDS, Math.round(width * SECONDS_PER_CHAR))}s`,
  };
  const items = (copy: number): ReactNode =>
    notices.map((notice) => (
      <span
        key={`${copy}-${notice.id}`}
        className="ds-notice"
        {...(copy === 0 ? { 'data-testid': 'notice', 'data-notice-id': notice.id } : {})}
      >
        <span className="ds-notice-zh">{notice.text}</span>
        {notice.textEn === '' ? null : (
          <span className="ds-notice-en" lang="en">
            {notice.textEn}
          </span>
        )}
      </span>
    ));
  return (
    <div className="ds-notices" data-testid="screen-notices" data-count={notices.length}>
      <div className="ds-notices-label">
        <span>通知</span>
        <span lang="en">Notice</span>
      </div>
      <div className="ds-notices-window">
        <div className="ds-notices-track" style={style}>
          <div className="ds-notices-copy">{items(0)}</div>
          <div className="ds-notices-copy" aria-hidden="true">
            {items(1)}
          </div>
        </div>
      </div>
    </div>
  );
}
