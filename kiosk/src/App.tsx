import { useCallback, useState, type ReactNode } from 'react';
import { newIdempotencyKey } from '../../shared/src/client/hall-client.ts';
import type { DomainError } from '../../shared/src/domain/errors.ts';
import type { Service } from '../../shared/src/domain/model.ts';
import { Clock, ConnectionBanner } from '../../shared/src/ui/components.tsx';
import { useI18n, waitText } from '../../shared/src/ui/i18n.tsx';
import { BusyOverlay, ErrorDialog, GreenChannelDialog, type GreenKind } from './Dialogs.tsx';
import type { KioskKey } from './messages.ts';
import { ServicesScreen } from './ServicesScreen.tsx';
import { StartScreen } from './StartScreen.tsx';
import { TicketScreen, type IssuedTicket } from './TicketScreen.tsx';
import type { PrintableTicket, PrintResult, TicketOutput } from './ticket-output.ts';
import { floorName, materialsOf, pick, serviceName, zoneLocation, zoneName } from './text.ts';
import { useIdle } from './use-idle.ts';
import { useKioskHall } from './use-hall.ts';

type Screen =
  | { readonly kind: 'start' }
  | { readonly kind: 'zone'; readonly zoneId: string }
  | { readonly kind: 'ticket'; readonly issued: IssuedTicket };

interface Failure {
  readonly error: DomainError;
  readonly retry: (() => void) | null;
}

const IDLE_MS = 60_000;
/** Refusals worth a second tap with the same idempotency key (the server may have issued). */
const RETRYABLE = new Set<DomainError['code']>(['unavailable', 'internal', 'rate_limited']);

/** The kiosk: zones → services (or search) → ticket, with green channel, large mode and English. */
export function App(props: {
  readonly token: string | null;
  /** The hall server's origin (the hall client's); undefined = this page's origin. */
  readonly serverUrl?: string | undefined;
  readonly output: TicketOutput;
}): ReactNode {
  const { t, lang, setLang } = useI18n<KioskKey>();
  const hall = useKioskHall(props.token, props.serverUrl);
  const { config, queues, connection } = hall;
  const [screen, setScreen] = useState<Screen>({ kind: 'start' });
  const [query, setQuery] = useState('');
  const [priority, setPriority] = useState<GreenKind | null>(null);
  const [askGreen, setAskGreen] = useState(false);
  const [large, setLarge] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  const home = useCallback(() => {
    setScreen({ kind: 'start' });
    setQuery('');
    setPriority(null);
    setAskGreen(false);
    setFailure(null);
  }, []);

  const reset = useCallback(() => {
    home();
    setLarge(false);
    setLang('zh-CN');
  }, [home, setLang]);
  useIdle(IDLE_MS, reset);

  const take = async (service: Service, key: string): Promise<void> => {
    if (config === null) return;
    setFailure(null);
    setBusy(true);
    const client = hall.client.current;
    const reply =
      client === null
        ? ({ ok: false, error: { code: 'unavailable', message: 'Not connected.' } } as const)
        : await client.command('ticket:issue', {
            serviceId: service.id,
            priority: priority ?? 'normal',
            idempotencyKey: key,
          });
    const info = reply.ok ? reply.data.ticket : null;
    if (!reply.ok || info === null) {
      const error: DomainError = reply.ok
        ? { code: 'internal', message: 'The server answered without a ticket.' }
        : reply.error;
      setBusy(false);
      setFailure({
        error,
        retry: RETRYABLE.has(error.code) ? () => void take(service, key) : null,
      });
      return;
    }
    const zone = config.zones.find((z) => z.id === service.zoneId);
    const printable: PrintableTicket = {
      ticketId: info.ticket.id,
      number: info.ticket.number,
      hallName: pick(lang, config.hall.name, config.hall.nameEn),
      serviceName: serviceName(lang, service),
      zoneId: service.zoneId,
      zoneName: zone === undefined ? '' : zoneName(lang, zone),
      floorName: zone === undefined ? '' : floorName(lang, config, zone),
      location: zone === undefined ? '' : zoneLocation(lang, zone),
      ahead: info.ahead,
      waitText: waitText(t, info.estimatedWaitMs),
      priorityText:
        info.ticket.priority === 'normal' ? null : t(`kiosk.priority.${info.ticket.priority}`),
      issuedAt: info.ticket.issuedAt,
      timeZone: config.hall.timeZone,
      qrUrl: `${globalThis.location.origin}/api/v1/tickets/${info.ticket.id}`,
      materials: materialsOf(lang, service),
      lang,
    };
    let print: PrintResult;
    try {
      print = await props.output.print(printable);
    } catch (error) {
      print = { printed: false, reason: 'error', message: String(error) };
    }
    setBusy(false);
    setPriority(null);
    setQuery('');
    setScreen({ kind: 'ticket', issued: { info, printable, print } });
  };
  const onTake = (service: Service): void => {
    if (busy) return;
    void take(service, newIdempotencyKey());
  };

  const zone =
    screen.kind === 'zone' && config !== null
      ? config.zones.find((z) => z.id === screen.zoneId)
      : undefined;

  let body: ReactNode;
  if (config === null) {
    body = <p className="k-empty">{t('kiosk.loading')}</p>;
  } else if (screen.kind === 'ticket') {
    body = <TicketScreen issued={screen.issued} config={config} onDone={home} />;
  } else if (zone !== undefined) {
    body = (
      <ServicesScreen
        config={config}
        zone={zone}
        queues={queues}
        onBack={() => {
          setScreen({ kind: 'start' });
        }}
        onTake={onTake}
      />
    );
  } else {
    body = (
      <StartScreen
        config={config}
        queues={queues}
        query={query}
        onQuery={setQuery}
        onZone={(zoneId) => {
          setScreen({ kind: 'zone', zoneId });
        }}
        onTake={onTake}
      />
    );
  }

  return (
    <div
      className={`kiosk${large ? ' kiosk-large' : ''}`}
      data-testid="kiosk"
      data-connection={connection}
      lang={lang}
    >
      <ConnectionBanner state={connection} />
      <header className="k-top">
        <div className="k-hall">
          <div className="k-hall-name">
            {config === null ? t('kiosk.title') : pick(lang, config.hall.name, config.hall.nameEn)}
          </div>
          <div className="k-hall-sub">{t('kiosk.title')}</div>
        </div>
        {config === null ? null : <Clock timeZone={config.hall.timeZone} lang={lang} />}
      </header>
      {priority === null || screen.kind === 'ticket' ? null : (
        <div className="k-priority-bar" data-testid="priority-bar">
          <span>{t('kiosk.greenChannelActive', { kind: t(`kiosk.priority.${priority}`) })}</span>
          <button
            type="button"
            className="k-button"
            onClick={() => {
              setPriority(null);
            }}
          >
            {t('kiosk.greenChannelOff')}
          </button>
        </div>
      )}
      <main className="k-main">{body}</main>
      <footer className="k-bottom">
        <button
          type="button"
          className="k-button k-tool"
          data-testid="home"
          onClick={home}
          disabled={screen.kind === 'start' && query === '' && priority === null}
        >
          {t('kiosk.home')}
        </button>
        <button
          type="button"
          className="k-button k-tool k-tool-green"
          data-testid="green-channel"
          onClick={() => {
            setAskGreen(true);
          }}
        >
          {t('kiosk.greenChannel')}
        </button>
        <button
          type="button"
          className={`k-button k-tool${large ? ' k-tool-on' : ''}`}
          data-testid="large-mode"
          aria-pressed={large}
          onClick={() => {
            setLarge(!large);
          }}
        >
          {large ? t('kiosk.normalMode') : t('kiosk.largeMode')}
        </button>
        <button
          type="button"
          className="k-button k-tool"
          data-testid="lang-switch"
          onClick={() => {
            setLang(lang === 'en' ? 'zh-CN' : 'en');
          }}
        >
          {t('common.language')}
        </button>
      </footer>
      {askGreen ? (
        <GreenChannelDialog
          onPick={(kind) => {
            setPriority(kind);
            setAskGreen(false);
          }}
          onCancel={() => {
            setAskGreen(false);
          }}
        />
      ) : null}
      {busy ? <BusyOverlay /> : null}
      {failure === null ? null : (
        <ErrorDialog
          error={failure.error}
          onRetry={failure.retry}
          onClose={() => {
            setFailure(null);
          }}
        />
      )}
    </div>
  );
}
