import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  BAD_RATING_REASONS,
  RATING_SCORES,
  isBadRating,
  type BadRatingReason,
  type RatingScore,
} from '@hallq/shared';
import { HallClient, type ConnectionState } from '../../shared/src/client/hall-client.ts';
import { BigNumber, ConnectionBanner, useI18n } from '../../shared/src/ui/index.ts';
import { Face } from './Face.tsx';
import type { RateKey } from './i18n.ts';

const THANKS_MS = 6000;
const DEFAULT_RATING_SEC = 60;
const COMMENT_MAX = 200;

interface Asking {
  readonly kind: 'ask';
  readonly ticketId: string;
  readonly number: string;
  /** Browser time at which the prompt closes. */
  readonly closesAt: number;
}
type Phase = { readonly kind: 'idle' } | Asking | { readonly kind: 'thanks' };

/** How the rating screen reaches the server: the hall client's origin and device token. */
export interface RateConnection {
  /** undefined = this page's origin. */
  readonly url: string | undefined;
  /** The rating device's token; null = anonymous (where the hall allows it). */
  readonly token: string | null;
}

/** The citizen-facing rating screen beside window `windowId`. */
export function RateApp(props: {
  readonly windowId: number | null;
  readonly connection?: RateConnection;
}): ReactNode {
  const { t } = useI18n<RateKey>();
  if (props.windowId === null) {
    return (
      <main className="rt-app rt-idle">
        <p className="rt-error" role="alert">
          {t('rate.noWindow')}
        </p>
      </main>
    );
  }
  return (
    <RateScreen
      windowId={props.windowId}
      connection={props.connection ?? { url: undefined, token: null }}
    />
  );
}

function RateScreen(props: {
  readonly windowId: number;
  readonly connection: RateConnection;
}): ReactNode {
  const { windowId } = props;
  const { url, token } = props.connection;
  const { t, errorText, lang, setLang } = useI18n<RateKey>();
  const [conn, setConn] = useState<ConnectionState>('connecting');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [score, setScore] = useState<RatingScore | null>(null);
  const [reasons, setReasons] = useState<readonly BadRatingReason[]>([]);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const clientRef = useRef<HallClient | null>(null);
  const ratingSecRef = useRef(DEFAULT_RATING_SEC);

  useEffect(() => {
    const client = new HallClient({
      ...(url === undefined ? {} : { url }),
      token,
      rooms: [`window:${windowId}`],
      onState: setConn,
      onConfig: (config) => {
        ratingSecRef.current = config.policies.ratingWindowSec;
      },
      onView: (_view, change) => {
        // Only a completion seen live asks; a resync never brings back an old prompt.
        if (change.kind !== 'live') return;
        for (const { event } of change.events) {
          if (event.type !== 'ticket.completed' || event.ticket.windowId !== windowId) continue;
          if (event.ticket.rating !== null) continue;
          setScore(null);
          setReasons([]);
          setComment('');
          setError(null);
          setNow(Date.now());
          setPhase({
            kind: 'ask',
            ticketId: event.ticket.id,
            number: event.ticket.number,
            closesAt: Date.now() + ratingSecRef.current * 1000,
          });
        }
      },
    });
    clientRef.current = client;
    return () => {
      clientRef.current = null;
      client.close();
    };
  }, [windowId, url, token]);

  useEffect(() => {
    if (phase.kind === 'idle') return;
    if (phase.kind === 'thanks') {
      const timer = setTimeout(() => {
        setPhase({ kind: 'idle' });
      }, THANKS_MS);
      return () => {
        clearTimeout(timer);
      };
    }
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= phase.closesAt) setPhase({ kind: 'idle' });
    }, 250);
    return () => {
      clearInterval(timer);
    };
  }, [phase]);

  const submit = async (asking: Asking, chosen: RatingScore): Promise<void> => {
    const client = clientRef.current;
    if (client === null) return;
    const text = comment.trim();
    if (isBadRating(chosen) && reasons.length === 0 && text === '') {
      setError(t('rate.needReason'));
      return;
    }
    setBusy(true);
    setError(null);
    const reply = await client.command('ticket:rate', {
      ticketId: asking.ticketId,
      score: chosen,
      reasons: isBadRating(chosen) ? [...reasons] : [],
      ...(isBadRating(chosen) && text !== '' ? { comment: text.slice(0, COMMENT_MAX) } : {}),
    });
    setBusy(false);
    if (!reply.ok) {
      setError(errorText(reply.error));
      return;
    }
    setPhase({ kind: 'thanks' });
  };

  const langButton = (
    <button
      type="button"
      className="rt-lang"
      onClick={() => {
        setLang(lang === 'en' ? 'zh-CN' : 'en');
      }}
    >
      {t('common.language')}
    </button>
  );

  if (phase.kind === 'idle') {
    return (
      <main className="rt-app rt-idle" data-testid="rate-idle">
        <ConnectionBanner state={conn} />
        <div className="rt-window">{t('rate.window', { n: windowId })}</div>
        <h1>{t('rate.idle')}</h1>
        <p className="rt-hint">{t('rate.idleHint')}</p>
        <div className="rt-idle-faces" aria-hidden="true">
          {RATING_SCORES.map((s) => (
            <Face key={s} score={s} className={`rt-face rt-face-${s}`} />
          ))}
        </div>
        {langButton}
      </main>
    );
  }
  if (phase.kind === 'thanks') {
    return (
      <main className="rt-app rt-thanks" data-testid="rate-thanks">
        <ConnectionBanner state={conn} />
        <div className="rt-thanks-mark" aria-hidden="true">
          ✓
        </div>
        <h1>{t('rate.thanks')}</h1>
        <p className="rt-hint">{t('rate.thanksHint')}</p>
      </main>
    );
  }

  const secondsLeft = Math.max(0, Math.ceil((phase.closesAt - now) / 1000));
  const askingBad = score !== null && isBadRating(score);
  return (
    <main className={`rt-app rt-ask ${askingBad ? 'rt-ask-compact' : ''}`} data-testid="rate-ask">
      <ConnectionBanner state={conn} />
      <header className="rt-ask-header">
        <span className="rt-window">{t('rate.window', { n: windowId })}</span>
        <BigNumber number={phase.number} className="rt-number" />
        <span className="rt-countdown" data-testid="rate-countdown">
          {t('rate.countdown', { n: secondsLeft })}
        </span>
      </header>
      <h1>{t('rate.ask', { number: phase.number })}</h1>
      <div className="rt-scores">
        {RATING_SCORES.map((s) => (
          <button
            key={s}
            type="button"
            className={`rt-score rt-score-${s} ${score === s ? 'rt-score-on' : ''}`}
            aria-pressed={score === s}
            disabled={busy}
            data-score={s}
            onClick={() => {
              setScore(s);
              setError(null);
              if (!isBadRating(s)) void submit(phase, s);
            }}
          >
            <Face score={s} className="rt-emoji" />
            <span>{t(`rating.${s}`)}</span>
          </button>
        ))}
      </div>
      {askingBad && (
        <section className="rt-reasons" data-testid="rate-reasons">
          <h2>{t('rate.reasonTitle')}</h2>
          <div className="rt-reason-list">
            {BAD_RATING_REASONS.map((r) => {
              const on = reasons.includes(r);
              return (
                <button
                  key={r}
                  type="button"
                  className={`rt-reason ${on ? 'rt-reason-on' : ''}`}
                  aria-pressed={on}
                  data-reason={r}
                  onClick={() => {
                    setError(null);
                    setReasons(on ? reasons.filter((x) => x !== r) : [...reasons, r]);
                  }}
                >
                  {t(`reason.${r}`)}
                </button>
              );
            })}
          </div>
          <label className="rt-comment">
            <span>{t('rate.comment')}</span>
            <textarea
              name="comment"
              maxLength={COMMENT_MAX}
              rows={2}
              value={comment}
              onChange={(e) => {
                setComment(e.target.value.slice(0, COMMENT_MAX));
              }}
            />
            <small>
              {comment.length}/{COMMENT_MAX}
            </small>
          </label>
          <button
            type="button"
            className="rt-submit"
            disabled={busy}
            data-testid="rate-submit"
            onClick={() => {
              void submit(phase, score);
            }}
          >
            {busy ? t('rate.busy') : t('rate.submit')}
          </button>
        </section>
      )}
      {error !== null && (
        <p className="rt-error" role="alert" data-testid="rate-error">
          {error}
        </p>
      )}
    </main>
  );
}
