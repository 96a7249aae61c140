/** The screen above one window: its number, the number at it, its state and its clerk. */
import type { ReactNode } from 'react';
import type { HallConfig, WindowState } from '../../shared/src/domain/model.ts';
import type { HallView } from '../../shared/src/protocol/view.ts';
import { BigNumber, useI18n } from '../../shared/src/ui/index.ts';
import type { DisplayKey } from './i18n.ts';
import { placeOfWindow } from './place.ts';

function stateText(
  t: (key: DisplayKey, vars?: Record<string, string>) => string,
  w: WindowState | undefined,
): string {
  switch (w?.state) {
    case undefined:
    case 'closed':
      return t('display.state.closed');
    case 'paused':
      return w.pauseReason === null || w.pauseReason === ''
        ? t('display.state.paused')
        : t('display.state.pausedReason', { reason: w.pauseReason });
    case 'idle':
      return t('display.state.idle');
    case 'calling':
      return t('display.state.calling');
    case 'serving':
      return t('display.state.serving');
  }
}

/** The number at the window: its current ticket, looked up in the view's tickets or calls. */
function currentNumber(view: HallView, w: WindowState | undefined): string | null {
  const id = w?.currentTicketId ?? null;
  if (id === null) return null;
  return (
    view.tickets[id]?.number ?? view.recentCalls.find((c) => c.ticketId === id)?.number ?? null
  );
}

export function WindowScreen(props: {
  readonly view: HallView;
  readonly config: HallConfig | null;
  readonly windowId: number;
  readonly flashKey: string | null;
}): ReactNode {
  const { t, lang } = useI18n<DisplayKey>();
  const w = props.view.windows[props.windowId];
  const number = currentNumber(props.view, w);
  const place = placeOfWindow(props.config, props.windowId, lang);
  const out = w === undefined || w.state === 'closed' || w.state === 'paused';
  return (
    <main className={`ds-window ${out ? 'ds-window-out' : ''}`} data-state={w?.state ?? 'closed'}>
      <section className="ds-window-id">
        <span className="ds-window-no" data-testid="window-number">
          {props.windowId}
        </span>
        <span className="ds-window-unit">{t('display.windowNo', { n: props.windowId })}</span>
        {place !== null && (
          <span className="ds-window-place">
            {t('display.floorZone', { floor: place.floor, zone: place.zone })}
          </span>
        )}
      </section>
      <section
        key={props.flashKey ?? 'current'}
        className={`ds-window-current ${props.flashKey === null ? '' : 'ds-newest-flash'}`}
      >
        <div className="ds-newest-label">{t('display.currentNumber')}</div>
        <div data-testid="window-current">
          <BigNumber number={number ?? '—'} className="ds-window-ticket" />
        </div>
        <div className="ds-window-state" data-testid="window-state">
          {stateText(t, w)}
        </div>
      </section>
      <section className="ds-window-staff">
        <span className="ds-window-staff-label">{t('display.staff')}</span>
        <span className="ds-window-staff-id" data-testid="window-staff">
          {w?.staffId ?? t('display.staffNone')}
        </span>
      </section>
    </main>
  );
}
