/** The call screen page: picks the layout from `?screen=` and wires the announcer. */
import { useCallback, useState, type ReactNode } from 'react';
import { ConnectionBanner, queryParam, useI18n } from '../../shared/src/ui/index.ts';
import {
  BrowserAnnouncer,
  SerialAnnouncer,
  type Announcement,
  type Announcer,
} from './announcer.ts';
import { CallBoard } from './CallBoard.tsx';
import type { DisplayKey } from './i18n.ts';
import { CaptionLine, NoticeMarquee, ScreenHeader } from './Parts.tsx';
import { placeOfWindow, placeOfZone } from './place.ts';
import { roomsOf, type Screen } from './screen.ts';
import { useHall, type LiveCall } from './use-hall.ts';
import { WindowScreen } from './WindowScreen.tsx';

/** How long a caption stays marked as current when nothing is spoken. */
const DEFAULT_HOLD_MS = 4000;

interface Caption {
  readonly call: Announcement;
  readonly active: boolean;
}

export function DisplayApp(props: { readonly screen: Screen }): ReactNode {
  const { t, lang } = useI18n<DisplayKey>();
  const { screen } = props;
  const [caption, setCaption] = useState<Caption | null>(null);
  const [flashKey, setFlashKey] = useState<string | null>(null);
  const [announcer] = useState<Announcer>(
    () =>
      new SerialAnnouncer(
        new BrowserAnnouncer({
          onCaption: (call, active) => {
            setCaption({ call, active });
          },
          webSpeech: queryParam('voice') === 'webspeech',
          holdMs: Number(queryParam('hold') ?? DEFAULT_HOLD_MS) || DEFAULT_HOLD_MS,
        }),
      ),
  );
  const onCall = useCallback(
    (call: LiveCall) => {
      setFlashKey(`${call.ticketId}@${call.at}`);
      void announcer.announce({
        number: call.number,
        windowId: call.windowId,
        text: t('display.spoken', { number: call.number, window: call.windowId }),
        lang,
        recall: call.recall,
        at: call.at,
      });
    },
    [announcer, t, lang],
  );
  const { view, config, connection } = useHall(roomsOf(screen), onCall);

  const hallName = config === null ? '' : lang === 'en' ? config.hall.nameEn : config.hall.name;
  const timeZone = config?.hall.timeZone ?? 'Asia/Shanghai';
  let title = t('display.title');
  if (screen.kind === 'zone') {
    const place = placeOfZone(config, screen.zoneId, lang);
    if (place !== null) title = t('display.zoneTitle', { zone: place.zone, floor: place.floor });
  } else if (screen.kind === 'window') {
    const place = placeOfWindow(config, screen.windowId, lang);
    title = t('display.windowNo', { n: screen.windowId });
    if (place !== null) title = `${title} · ${place.zone}`;
  }

  // A screen that just opened (or came back) shows the current call's text without speaking.
  const current =
    screen.kind === 'window'
      ? view?.recentCalls.find((c) => c.ticketId === view.windows[screen.windowId]?.currentTicketId)
      : view?.recentCalls[0];
  const fallback =
    current === undefined
      ? ''
      : t('display.spoken', { number: current.number, window: current.windowId });

  let body: ReactNode;
  if (view === null) {
    body = <main className="ds-loading">{t('display.loading')}</main>;
  } else if (screen.kind === 'window') {
    const windowFlash =
      flashKey !== null && view.windows[screen.windowId]?.currentTicketId === flashKey.split('@')[0]
        ? flashKey
        : null;
    body =
      config !== null && !config.windows.some((w) => w.id === screen.windowId) ? (
        <main className="ds-loading">{t('display.unknownWindow', { n: screen.windowId })}</main>
      ) : (
        <WindowScreen
          view={view}
          config={config}
          windowId={screen.windowId}
          flashKey={windowFlash}
        />
      );
  } else {
    body = (
      <CallBoard
        view={view}
        config={config}
        zoneId={screen.kind === 'zone' ? screen.zoneId : null}
        flashKey={flashKey}
      />
    );
  }

  return (
    <div className={`ds-screen ds-screen-${screen.kind}`} data-connection={connection}>
      <ConnectionBanner state={connection} />
      <ScreenHeader hallName={hallName} title={title} timeZone={timeZone} />
      {body}
      <CaptionLine caption={caption} fallback={fallback} />
      {screen.kind !== 'window' && <NoticeMarquee />}
    </div>
  );
}
