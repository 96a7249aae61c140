/**
 * One i18n layer for every UI (brief §7): Simplified Chinese first, English complete, and a
 * minority language added by one more dictionary. Each UI passes its own dictionaries; the
 * common words and the error messages live here. Placeholders are `{name}`.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { DomainError, ErrorCode } from '../domain/errors.ts';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const commonZh = {
  'common.offline': '网络连接中断，正在重新连接…',
  'common.connecting': '正在连接服务器…',
  'common.online': '已连接',
  'common.minutes': '{n} 分钟',
  'common.lessThanMinute': '不到 1 分钟',
  'common.noWindowOpen': '暂无窗口办理',
  'common.window': '{n}号窗口',
  'common.language': 'English',
  'common.back': '返回',
  'common.cancel': '取消',
  'common.ok': '确定',
  'common.people': '{n} 人',
  'error.validation': '输入有误：{message}',
  'error.unauthenticated': '请先登录。',
  'error.forbidden': '没有权限进行此操作。',
  'error.not_your_window': '这不是您登录的窗口。',
  'error.not_found': '未找到。',
  'error.wrong_state': '当前状态不能进行此操作。',
  'error.quota_reached': '该事项今日号源已取完，请明天再来或咨询导办台。',
  'error.outside_hours': '该事项当前不在取号时间内。',
  'error.per_person_limit': '您今日取号次数已达上限。',
  'error.recall_limit': '重呼次数已达上限。',
  'error.recall_too_soon': '请稍候再重呼。',
  'error.window_busy': '请先办结当前号码（完成、过号、转移或挂起）。',
  'error.window_paused': '窗口已暂停，请先恢复服务。',
  'error.no_ticket_waiting': '当前没有等候的号码。',
  'error.reactivate_expired': '过号时间已超过，请重新取号。',
  'error.rating_expired': '评价时间已过。',
  'error.idempotency_conflict': '请求重复，请重试。',
  'error.rate_limited': '操作太频繁，请稍候。',
  'error.pairing_code_invalid': '配对码不正确，请核对或请管理员重新生成。',
  'error.pairing_code_expired': '配对码已过期或已使用，请管理员重新生成。',
  'error.too_many_attempts': '错误次数过多，请 10 分钟后再试。',
  'error.storage_full': '服务器存储已满，请联系大厅管理员。',
  'error.unavailable': '无法连接服务器，请稍候再试；未取得号码。',
  'error.internal': '系统错误，请重试或联系管理员。',
} as const;

export type CommonKey = keyof typeof commonZh;

export const commonEn: Record<CommonKey, string> = {
  'common.offline': 'Connection lost — reconnecting…',
  'common.connecting': 'Connecting to the server…',
  'common.online': 'Connected',
  'common.minutes': '{n} min',
  'common.lessThanMinute': 'under 1 min',
  'common.noWindowOpen': 'No window open',
  'common.window': 'Window {n}',
  'common.language': '中文',
  'common.back': 'Back',
  'common.cancel': 'Cancel',
  'common.ok': 'OK',
  'common.people': '{n}',
  'error.validation': 'Invalid input: {message}',
  'error.unauthenticated': 'Please sign in first.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.not_your_window': 'This is not the window you signed in to.',
  'error.not_found': 'Not found.',
  'error.wrong_state': 'This cannot be done in the current state.',
  'error.quota_reached':
    "Today's tickets for this service are all taken. Come back tomorrow or ask at the guide desk.",
  'error.outside_hours': 'This service is not issuing tickets now.',
  'error.per_person_limit': 'You have reached the daily ticket limit.',
  'error.recall_limit': 'The recall limit has been reached.',
  'error.recall_too_soon': 'Wait a moment before recalling.',
  'error.window_busy': 'Finish the current ticket first (complete, no-show, transfer or suspend).',
  'error.window_paused': 'The window is paused; resume service first.',
  'error.no_ticket_waiting': 'Nobody is waiting.',
  'error.reactivate_expired': 'Too late to return to the queue; please take a new ticket.',
  'error.rating_expired': 'The time to rate has passed.',
  'error.idempotency_conflict': 'Duplicate request; please try again.',
  'error.rate_limited': 'Too many requests; wait a moment.',
  'error.pairing_code_invalid': 'Wrong pairing code: check it, or ask the admin for a new one.',
  'error.pairing_code_expired':
    'The pairing code has expired or was already used: ask the admin for a new one.',
  'error.too_many_attempts': 'Too many wrong attempts: try again in 10 minutes.',
  'error.storage_full': 'The server storage is full; call the hall staff.',
  'error.unavailable': 'Cannot reach the server; try again shortly. No ticket was taken.',
  'error.internal': 'System error; try again or call the hall staff.',
};

type Dict = Readonly<Record<string, string>>;

/** Fills `{name}` placeholders. */
export function format(
  template: string,
  vars: Readonly<Record<string, string | number>> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = vars[name];
    return value === undefined ? match : String(value);
  });
}

export interface I18n<K extends string> {
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
  readonly t: (key: K | CommonKey, vars?: Readonly<Record<string, string | number>>) => string;
  /** The localized text of a typed server error. */
  readonly errorText: (error: DomainError) => string;
}

const Context = createContext<I18n<string> | null>(null);

/** Provides translations for one UI: its own dictionaries merged over the common ones. */
export function I18nProvider<K extends string>(props: {
  readonly zh: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
  readonly initial?: Lang;
  readonly children: ReactNode;
}): ReactNode {
  const [lang, setLang] = useState<Lang>(props.initial ?? 'zh-CN');
  const { zh, en } = props;
  const dict = useMemo<Dict>(
    () => (lang === 'en' ? { ...commonEn, ...en } : { ...commonZh, ...zh }),
    [lang, zh, en],
  );
  const t = useCallback(
    (key: string, vars?: Readonly<Record<string, string | number>>) =>
      format(dict[key] ?? key, vars),
    [dict],
  );
  const errorText = useCallback(
    (error: DomainError) => {
      const key = `error.${error.code satisfies ErrorCode}`;
      return format(dict[key] ?? error.message, { message: error.message });
    },
    [dict],
  );
  const value = useMemo(() => ({ lang, setLang, t, errorText }), [lang, t, errorText]);
  return <Context.Provider value={value}>{props.children}</Context.Provider>;
}

/** The translations of the surrounding `I18nProvider`. */
export function useI18n<K extends string>(): I18n<K> {
  const value = useContext(Context);
  if (value === null) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** Formats a wait in ms as minutes for people ("约 12 分钟"). */
export function waitText(
  t: (key: CommonKey, vars?: Readonly<Record<string, string | number>>) => string,
  ms: number | null,
): string {
  if (ms === null) return t('common.noWindowOpen');
  if (ms < 60_000) return t('common.lessThanMinute');
  return t('common.minutes', { n: Math.round(ms / 60_000) });
}
