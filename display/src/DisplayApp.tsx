/**
 * The call screen page: picks the layout from `?screen=` and wires the screen's voice (one
 * announcement queue; the caption line shows what it says).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ConnectionBanner, queryParam, useI18n } from '../../shared/src/ui/index.ts';
import { CallBoard } from './CallBoard.tsx';
import type { DisplayKey } from './i18n.ts';
import { ScreenNotices } from './Notices.tsx';
import { CaptionLine, EnableVoice, ScreenHeader, type CaptionView } from './Parts.tsx';
import { placeOfWindow, placeOfZone } from './place.ts';
import { roomsOf, type Screen } from './screen.ts';
import {
  callText,
  ScreenVoice,
  screenVoiceSettings,
  voiceOverrides,
  type ScreenAudioState,
  type ScreenCaption,
} from './screen-voice.ts';
import { useHall, type LiveCall, type ScreenConnection } from './use-hall.ts';
import { WindowScreen } from './WindowScreen.tsx';

export function DisplayApp(props: {
  readonly screen: Screen;
  /** The hall client's server and device token; default: this origin, anonymous. */
  readonly server?: ScreenConnection;
  /** The screen's parameters (`audio`, `voice`, …); default: the page's query. */
  readonly param?: (name: string) => string | null;
}): ReactNode {
  const { t, lang } = useI18n<DisplayKey>();
  const { screen, server } = props;
  const param = props.param ?? queryParam;
  const [caption, setCaption] = useState<ScreenCaption | null>(null);
  const [audioState, setAudioState] = useState<ScreenAudioState>('off');
  const [flashKey, setFlashKey] = useState<string | null>(null);
  const overrides = useMemo(() => voiceOverrides(param), [param]);
  const voice = useRef<ScreenVoice | null>(null);
  useEffect(() => {
    const own = new ScreenVoice({
      screen,
      overrides,
      onCaption: setCaption,
      onAudioState: setAudioState,
    });
    voice.current = own;
    return () => {
      own.close();
      voice.current = null;
    };
  }, [screen, overrides]);
  const onCall = useCallback(
    (call: LiveCall) => {
      setFlashKey(`${call.ticketId}@${call.at}`);
      voice.current?.push(call, lang);
    },
    [lang],
  );
  const { view, config, connection } = useHall(roomsOf(screen), onCall, server);
  useEffect(() => {
    if (config !== null) voice.current?.configure(config);
  }, [config]);
  const settings = useMemo(() => screenVoiceSettings(config, overrides), [config, overrides]);
  const enableVoice = useCallback(() => {
    void voice.current?.enableAudio();
  }, []);

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

  // The screen's current call: the newest one, or the one at the window.
  const current =
    screen.kind === 'window'
      ? view?.recentCalls.find((c) => c.ticketId === view.windows[screen.windowId]?.currentTicketId)
      : view?.recentCalls[0];
  // The caption: the call being spoken; else the last one spoken while it is still the
  // current call; else the current call's text (a screen that just opened, or a call outside
  // this screen's audio scope), the same `announce()` text the voice would say.
  let captionView: CaptionView;
  if (caption !== null && (caption.active || caption.ticketId === current?.ticketId)) {
    captionView = caption;
  } else if (current !== undefined) {
    const text = callText(current, config, lang, settings.template);
    captionView = { text, active: false, recall: false };
  } else {
    captionView = { text: caption?.text ?? '', active: false, recall: caption?.recall ?? false };
  }

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
      <CaptionLine caption={captionView} />
      <ScreenNotices config={config} scope={screen} businessDay={view?.businessDay ?? null} />
      {audioState === 'blocked' && <EnableVoice onEnable={enableVoice} />}
    </div>
  );
}
