/**
 * Consistency check of a hall configuration. Pure. The server refuses to load a configuration
 * with problems; the messages are for the administrator who wrote it (one line each, naming the
 * offending item). `checkConfigProblems` gives every problem in Chinese and English with the
 * path of the field it is about (`services.3.prefix`), so the admin console (Chinese first) can
 * show it next to the field; `checkConfig` keeps the English lines for logs and the server.
 */
import {
  DEFAULT_ALARM_THRESHOLDS,
  DEFAULT_WORK_ORDER_RULES,
  type AlarmThresholds,
} from './admin.ts';
import type { HallConfig, TimeRange } from './model.ts';
import { DISPATCH_POLICIES, WINDOW_KINDS } from './model.ts';
import { isLocalDate, isLocalTime, parseLocalTime } from './time.ts';

/**
 * One problem of a configuration: where (a dotted path into the configuration, e.g.
 * `services.3.prefix`, `hall.timeZone`; `''` for the whole) and what, in both languages.
 */
export interface ConfigProblem {
  readonly path: string;
  readonly en: string;
  readonly zh: string;
}

const ZONE_ID_PATTERN = /^[A-Z]$/;
const PREFIX_PATTERN = /^[A-Z]{1,2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Collects problems; `add` keeps the call sites one line each. */
class Problems {
  readonly list: ConfigProblem[] = [];
  add(path: string, en: string, zh: string): void {
    this.list.push({ path, en, zh });
  }
}

/** Indexes of the second and later occurrences of each repeated value. */
function repeatedAt<T>(values: readonly T[]): { value: T; index: number }[] {
  const seen = new Set<T>();
  const reported = new Set<T>();
  const out: { value: T; index: number }[] = [];
  values.forEach((value, index) => {
    if (seen.has(value) && !reported.has(value)) {
      out.push({ value, index });
      reported.add(value);
    }
    seen.add(value);
  });
  return out;
}

function isNonNegativeInteger(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

function isPositiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/** @returns true when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Problems of a list of opening hours: malformed times, open ≥ close, overlaps. */
function checkRanges(
  p: Problems,
  ranges: readonly TimeRange[],
  path: string,
  where: string,
  whereZh: string,
): void {
  const valid: { open: number; close: number }[] = [];
  ranges.forEach((range, i) => {
    if (!isLocalTime(range.open) || range.open === '24:00') {
      p.add(
        `${path}.${i}.open`,
        `${where}: opening time "${range.open}" is not HH:MM (00:00–23:59)`,
        `${whereZh}：开始时间“${range.open}”应为 HH:MM（00:00–23:59）`,
      );
    } else if (!isLocalTime(range.close)) {
      p.add(
        `${path}.${i}.close`,
        `${where}: closing time "${range.close}" is not HH:MM (00:00–24:00)`,
        `${whereZh}：结束时间“${range.close}”应为 HH:MM（00:00–24:00）`,
      );
    } else if (parseLocalTime(range.open) >= parseLocalTime(range.close)) {
      p.add(
        `${path}.${i}`,
        `${where}: ${range.open}–${range.close} does not open before it closes`,
        `${whereZh}：${range.open}–${range.close} 的开始时间不早于结束时间`,
      );
    } else {
      valid.push({ open: parseLocalTime(range.open), close: parseLocalTime(range.close) });
    }
  });
  valid.sort((a, b) => a.open - b.open);
  for (let i = 1; i < valid.length; i++) {
    const previous = valid[i - 1];
    const current = valid[i];
    if (previous !== undefined && current !== undefined && current.open < previous.close) {
      p.add(path, `${where}: opening hours overlap`, `${whereZh}：时段相互重叠`);
      break;
    }
  }
}

function checkHallAndCalendar(p: Problems, config: HallConfig): void {
  const { hall, calendar } = config;
  if (hall.id.trim() === '') p.add('hall.id', 'hall: id is empty', '大厅信息：编号不能为空');
  if (hall.name.trim() === '') p.add('hall.name', 'hall: name is empty', '大厅信息：名称不能为空');
  if (!isTimeZone(hall.timeZone)) {
    p.add(
      'hall.timeZone',
      `hall: "${hall.timeZone}" is not a known IANA time zone`,
      `大厅信息：“${hall.timeZone}”不是有效的时区（如 Asia/Shanghai）`,
    );
  }
  if (!isLocalTime(hall.dayCloseTime) || hall.dayCloseTime === '24:00') {
    p.add(
      'hall.dayCloseTime',
      `hall: day close time "${hall.dayCloseTime}" is not HH:MM (00:00–23:59)`,
      `大厅信息：日结时间“${hall.dayCloseTime}”应为 HH:MM（00:00–23:59）`,
    );
  }

  calendar.workingDays.forEach((day, i) => {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      p.add(
        `calendar.workingDays.${i}`,
        `calendar: working day ${day} is not an ISO weekday 1–7`,
        `工作日历：工作日 ${day} 应为 1（周一）到 7（周日）`,
      );
    }
  });
  for (const { value, index } of repeatedAt(calendar.workingDays)) {
    p.add(
      `calendar.workingDays.${index}`,
      `calendar: working day ${value} is listed twice`,
      `工作日历：工作日 ${value} 重复`,
    );
  }
  checkRanges(p, calendar.hours, 'calendar.hours', 'calendar hours', '工作日历·办公时间');
  checkRanges(
    p,
    calendar.saturdayHours,
    'calendar.saturdayHours',
    'calendar Saturday hours',
    '工作日历·周六时间',
  );
  for (const [list, key, name, nameZh] of [
    [calendar.holidays, 'holidays', 'holiday', '节假日'],
    [calendar.extraWorkingDays, 'extraWorkingDays', 'extra working day', '调休工作日'],
  ] as const) {
    list.forEach((date, i) => {
      if (!isLocalDate(date)) {
        p.add(
          `calendar.${key}.${i}`,
          `calendar: ${name} "${date}" is not YYYY-MM-DD`,
          `工作日历：${nameZh}“${date}”应为有效日期 YYYY-MM-DD`,
        );
      }
    });
    for (const { value, index } of repeatedAt(list)) {
      p.add(
        `calendar.${key}.${index}`,
        `calendar: ${name} ${value} is listed twice`,
        `工作日历：${nameZh} ${value} 重复`,
      );
    }
  }
  calendar.extraWorkingDays.forEach((date, i) => {
    if (calendar.holidays.includes(date)) {
      p.add(
        `calendar.extraWorkingDays.${i}`,
        `calendar: ${date} is both a holiday and an extra working day`,
        `工作日历：${date} 不能既是节假日又是调休工作日`,
      );
    }
  });
  if (!calendar.alwaysOpen && calendar.workingDays.length > 0 && calendar.hours.length === 0) {
    p.add(
      'calendar.hours',
      'calendar: working days but no opening hours',
      '工作日历：设置了工作日但没有办公时间',
    );
  }
}

function checkLayout(p: Problems, config: HallConfig): void {
  const floorIds = new Set(config.floors.map((f) => f.id));
  const zoneIds = new Set(config.zones.map((z) => z.id));

  for (const { value, index } of repeatedAt(config.floors.map((f) => f.id))) {
    p.add(`floors.${index}.id`, `floor ${value}: id is used twice`, `楼层 ${value}：编号重复`);
  }
  config.floors.forEach((floor, i) => {
    if (!Number.isInteger(floor.id)) {
      p.add(
        `floors.${i}.id`,
        `floor ${floor.id}: id is not an integer`,
        `楼层 ${floor.id}：编号应为整数`,
      );
    }
    if (floor.name.trim() === '') {
      p.add(
        `floors.${i}.name`,
        `floor ${floor.id}: name is empty`,
        `楼层 ${floor.id}：名称不能为空`,
      );
    }
  });
  for (const { value, index } of repeatedAt(config.zones.map((z) => z.id))) {
    p.add(`zones.${index}.id`, `zone ${value}: id is used twice`, `专区 ${value}：编号重复`);
  }
  config.zones.forEach((zone, i) => {
    if (!ZONE_ID_PATTERN.test(zone.id)) {
      p.add(
        `zones.${i}.id`,
        `zone "${zone.id}": id is not a letter A–Z`,
        `专区“${zone.id}”：编号应为一个大写字母 A–Z`,
      );
    }
    if (zone.name.trim() === '') {
      p.add(`zones.${i}.name`, `zone ${zone.id}: name is empty`, `专区 ${zone.id}：名称不能为空`);
    }
    if (!floorIds.has(zone.floorId)) {
      p.add(
        `zones.${i}.floorId`,
        `zone ${zone.id}: floor ${zone.floorId} does not exist`,
        `专区 ${zone.id}：楼层 ${zone.floorId} 不存在`,
      );
    }
  });
  for (const { value, index } of repeatedAt(config.windows.map((w) => w.id))) {
    p.add(`windows.${index}.id`, `window ${value}: id is used twice`, `${value}号窗口：窗口号重复`);
  }
  config.windows.forEach((window, i) => {
    if (!isPositiveInteger(window.id)) {
      p.add(
        `windows.${i}.id`,
        `window ${window.id}: id is not a positive integer`,
        `窗口 ${window.id}：窗口号应为正整数`,
      );
    }
    if (!zoneIds.has(window.zoneId)) {
      p.add(
        `windows.${i}.zoneId`,
        `window ${window.id}: zone ${window.zoneId} does not exist`,
        `${window.id}号窗口：专区 ${window.zoneId} 不存在`,
      );
    }
    if (!WINDOW_KINDS.includes(window.kind)) {
      p.add(
        `windows.${i}.kind`,
        `window ${window.id}: unknown kind "${window.kind}"`,
        `${window.id}号窗口：未知的窗口类型“${window.kind}”`,
      );
    }
    if (window.dispatchPolicy !== null && !DISPATCH_POLICIES.includes(window.dispatchPolicy)) {
      p.add(
        `windows.${i}.dispatchPolicy`,
        `window ${window.id}: unknown dispatch policy "${window.dispatchPolicy}"`,
        `${window.id}号窗口：未知的叫号策略“${window.dispatchPolicy}”`,
      );
    }
  });
}

function checkServices(p: Problems, config: HallConfig): void {
  const zoneIds = new Set(config.zones.map((z) => z.id));

  for (const { value, index } of repeatedAt(config.services.map((s) => s.id))) {
    p.add(`services.${index}.id`, `service ${value}: id is used twice`, `事项 ${value}：编号重复`);
  }
  for (const { value, index } of repeatedAt(config.services.map((s) => s.prefix))) {
    p.add(
      `services.${index}.prefix`,
      `prefix ${value}: used by more than one service`,
      `票号前缀 ${value} 被多个事项使用，每个事项的前缀须唯一`,
    );
  }
  config.services.forEach((s, i) => {
    const path = `services.${i}`;
    const where = `service ${s.id}`;
    const zh = `事项“${s.name === '' ? s.id : s.name}”`;
    if (s.id.trim() === '') p.add(`${path}.id`, 'service: id is empty', '事项：编号不能为空');
    if (s.name.trim() === '')
      p.add(`${path}.name`, `${where}: name is empty`, `${zh}：名称不能为空`);
    if (!PREFIX_PATTERN.test(s.prefix)) {
      p.add(
        `${path}.prefix`,
        `${where}: prefix "${s.prefix}" is not 1–2 letters A–Z`,
        `${zh}：票号前缀“${s.prefix}”应为 1–2 个大写字母 A–Z`,
      );
    }
    if (!zoneIds.has(s.zoneId)) {
      p.add(
        `${path}.zoneId`,
        `${where}: zone ${s.zoneId} does not exist`,
        `${zh}：专区 ${s.zoneId} 不存在`,
      );
    }
    checkRanges(p, s.hours, `${path}.hours`, `${where} hours`, `${zh}·办理时间`);
    if (s.lastTicketTime !== null && !isLocalTime(s.lastTicketTime)) {
      p.add(
        `${path}.lastTicketTime`,
        `${where}: last ticket time "${s.lastTicketTime}" is not HH:MM`,
        `${zh}：最晚取号时间“${s.lastTicketTime}”应为 HH:MM`,
      );
    }
    if (s.dailyQuota !== null && !isPositiveInteger(s.dailyQuota)) {
      p.add(
        `${path}.dailyQuota`,
        `${where}: daily quota ${s.dailyQuota} is not a positive integer`,
        `${zh}：每日限额 ${s.dailyQuota} 应为正整数`,
      );
    }
    if (s.quotaWarning !== null) {
      if (s.dailyQuota === null) {
        p.add(
          `${path}.quotaWarning`,
          `${where}: quota warning without a daily quota`,
          `${zh}：设置了余量提醒但没有每日限额`,
        );
      } else if (!isNonNegativeInteger(s.quotaWarning) || s.quotaWarning > s.dailyQuota) {
        p.add(
          `${path}.quotaWarning`,
          `${where}: quota warning ${s.quotaWarning} is not within 0–${s.dailyQuota}`,
          `${zh}：余量提醒 ${s.quotaWarning} 应在 0–${s.dailyQuota} 之间`,
        );
      }
    }
    if (s.perPersonDailyLimit !== null && !isPositiveInteger(s.perPersonDailyLimit)) {
      p.add(
        `${path}.perPersonDailyLimit`,
        `${where}: per-person daily limit ${s.perPersonDailyLimit} is not a positive integer`,
        `${zh}：每人每日限取 ${s.perPersonDailyLimit} 应为正整数`,
      );
    }
    if (!Number.isFinite(s.expectedHandlingMin) || s.expectedHandlingMin <= 0) {
      p.add(
        `${path}.expectedHandlingMin`,
        `${where}: expected handling time ${s.expectedHandlingMin} is not positive`,
        `${zh}：预计办理时长 ${s.expectedHandlingMin} 应大于 0`,
      );
    }
    if (s.materialsEn.length > 0 && s.materialsEn.length !== s.materials.length) {
      p.add(
        `${path}.materialsEn`,
        `${where}: materials and their English translation differ in length`,
        `${zh}：英文材料清单与中文条数不一致`,
      );
    }
  });
}

function checkAssignments(p: Problems, config: HallConfig): void {
  const windowIds = new Set(config.windows.map((w) => w.id));
  const serviceIds = new Set(config.services.map((s) => s.id));
  const pairs = new Set<string>();

  config.assignments.forEach((a, i) => {
    const path = `assignments.${i}`;
    const where = `assignment window ${a.windowId} → service ${a.serviceId}`;
    const zh = `窗口事项分配 ${a.windowId}号窗口 → ${a.serviceId}`;
    if (!windowIds.has(a.windowId)) {
      p.add(`${path}.windowId`, `${where}: window does not exist`, `${zh}：窗口不存在`);
    }
    if (!serviceIds.has(a.serviceId)) {
      p.add(`${path}.serviceId`, `${where}: service does not exist`, `${zh}：事项不存在`);
    }
    // Configurations come from files: check the unions at run time too.
    const role: string = a.role;
    if (role !== 'primary' && role !== 'secondary') {
      p.add(`${path}.role`, `${where}: unknown role "${role}"`, `${zh}：未知的岗位角色“${role}”`);
    }
    if (!Number.isFinite(a.weight) || a.weight <= 0) {
      p.add(
        `${path}.weight`,
        `${where}: weight ${a.weight} is not positive`,
        `${zh}：权重 ${a.weight} 应大于 0`,
      );
    }
    const key = `${a.windowId}\u0000${a.serviceId}`;
    if (pairs.has(key)) p.add(path, `${where}: assigned twice`, `${zh}：重复分配`);
    pairs.add(key);
  });
  const withPrimary = new Set(
    config.assignments.filter((a) => a.role === 'primary').map((a) => a.serviceId),
  );
  config.services.forEach((s, i) => {
    if (!withPrimary.has(s.id)) {
      p.add(
        `services.${i}`,
        `service ${s.id}: no primary window`,
        `事项“${s.name === '' ? s.id : s.name}”（${s.id}）没有主办窗口：请在“窗口事项分配”中至少给一个窗口设为主办`,
      );
    }
  });
}

const POLICY_COUNT_ZH: Readonly<Record<string, string>> = {
  priorityInterleave: '优先插队比例 N',
  recallLimit: '重呼次数上限',
  recallMinGapSec: '重呼最短间隔（秒）',
  noShowReactivateMin: '过号可恢复时长（分钟）',
  noShowReinsertPosition: '过号重排位置',
  ratingWindowSec: '评价时限（秒）',
};

function checkPolicies(p: Problems, config: HallConfig): void {
  const policies = config.policies;
  if (!DISPATCH_POLICIES.includes(policies.dispatch)) {
    p.add(
      'policies.dispatch',
      `policies: unknown dispatch policy "${policies.dispatch}"`,
      `排队规则：未知的叫号策略“${policies.dispatch}”`,
    );
  }
  const dayClose: string = policies.dayClose;
  if (dayClose !== 'cancel' && dayClose !== 'no_show') {
    p.add(
      'policies.dayClose',
      `policies: unknown day-close policy "${dayClose}"`,
      `排队规则：未知的日结处理方式“${dayClose}”`,
    );
  }
  const counts = {
    priorityInterleave: policies.priorityInterleave,
    recallLimit: policies.recallLimit,
    recallMinGapSec: policies.recallMinGapSec,
    noShowReactivateMin: policies.noShowReactivateMin,
    noShowReinsertPosition: policies.noShowReinsertPosition,
    ratingWindowSec: policies.ratingWindowSec,
  };
  for (const [name, value] of Object.entries(counts)) {
    if (!isNonNegativeInteger(value)) {
      p.add(
        `policies.${name}`,
        `policies: ${name} ${value} is not a non-negative integer`,
        `排队规则：${POLICY_COUNT_ZH[name] ?? name} ${value} 应为不小于 0 的整数`,
      );
    }
  }
}

function checkVoice(p: Problems, config: HallConfig): void {
  const v = config.voice;
  if (v === undefined) return;
  if (v.mode !== undefined && !['clips', 'webspeech', 'off'].includes(v.mode)) {
    p.add('voice.mode', `voice: unknown mode "${v.mode}"`, `语音播报：未知的播报方式“${v.mode}”`);
  }
  if (v.pack !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(v.pack)) {
    p.add(
      'voice.pack',
      `voice: pack "${v.pack}" is not a folder name (letters, digits, - and _)`,
      `语音播报：语音包“${v.pack}”应为文件夹名（字母、数字、- 和 _）`,
    );
  }
  ((v.languages ?? []) as readonly string[]).forEach((lang, i) => {
    if (lang !== 'zh-CN' && lang !== 'en') {
      p.add(
        `voice.languages.${i}`,
        `voice: unknown language "${lang}"`,
        `语音播报：未知的语言“${lang}”`,
      );
    }
  });
  if (v.languages !== undefined && v.languages.length === 0) {
    p.add('voice.languages', 'voice: languages is empty', '语音播报：至少选择一种播报语言');
  }
  if (v.repeat !== undefined && !(Number.isInteger(v.repeat) && v.repeat >= 1 && v.repeat <= 5)) {
    p.add(
      'voice.repeat',
      `voice: repeat ${v.repeat} is not 1–5`,
      `语音播报：播报次数 ${v.repeat} 应为 1–5`,
    );
  }
  for (const key of ['clipGapMs', 'repeatGapMs', 'staleAfterSec', 'captionHoldMs'] as const) {
    const value = v[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      p.add(
        `voice.${key}`,
        `voice: ${key} ${value} is not a non-negative number`,
        `语音播报：${key} ${value} 应为不小于 0 的数`,
      );
    }
  }
  (v.volume ?? []).forEach((period, i) => {
    if (!HHMM.test(period.from)) {
      p.add(
        `voice.volume.${i}.from`,
        `voice: volume period time "${period.from}"`,
        `语音播报：音量时段的开始时间“${period.from}”应为 HH:MM`,
      );
    }
    if (!(period.volume >= 0 && period.volume <= 1)) {
      p.add(
        `voice.volume.${i}.volume`,
        `voice: volume ${period.volume} at ${period.from} is not 0–1`,
        `语音播报：${period.from} 起的音量 ${period.volume} 应在 0–1 之间`,
      );
    }
  });
  (v.quietHours ?? []).forEach((q, i) => {
    if (!HHMM.test(q.from) || !HHMM.test(q.to)) {
      p.add(
        `voice.quietHours.${i}`,
        `voice: quiet hours "${q.from}–${q.to}" are not HH:MM`,
        `语音播报：静音时段“${q.from}–${q.to}”应为 HH:MM`,
      );
    }
  });
  if (v.template !== undefined) {
    for (const [lang, text] of [
      ['zh', v.template.zh],
      ['en', v.template.en],
    ] as const) {
      const langZh = lang === 'zh' ? '中文' : '英文';
      if (!text.includes('{number}')) {
        p.add(
          `voice.template.${lang}`,
          `voice: ${lang} template has no {number}`,
          `语音播报：${langZh}模板缺少 {number}（票号）`,
        );
      }
      const unknown = [...text.matchAll(/\{([^}]*)\}/g)]
        .map((m) => m[1] ?? '')
        .filter((k) => !['number', 'window', 'zone', 'service', 'name'].includes(k));
      for (const k of unknown) {
        p.add(
          `voice.template.${lang}`,
          `voice: ${lang} template has unknown {${k}}`,
          `语音播报：${langZh}模板含未知占位符 {${k}}（可用 {number} {window} {zone} {service} {name}）`,
        );
      }
    }
  }
}

/** Longest ticket header/footer line: what fits a few lines of an 80 mm ticket. */
export const TICKET_TEXT_MAX = 120;

function checkTicket(p: Problems, config: HallConfig): void {
  const t = config.ticket;
  if (t === undefined) return;
  for (const key of ['header', 'headerEn', 'footer', 'footerEn'] as const) {
    const value = t[key];
    if (value !== undefined && value.length > TICKET_TEXT_MAX) {
      p.add(
        `ticket.${key}`,
        `ticket: ${key} is longer than ${TICKET_TEXT_MAX} characters`,
        `票面模板：${key} 超过 ${TICKET_TEXT_MAX} 个字符，票面放不下`,
      );
    }
  }
}

function checkNotices(p: Problems, config: HallConfig): void {
  const notices = config.notices;
  if (notices === undefined) return;
  const zoneIds = new Set<string>(config.zones.map((z) => z.id));
  for (const { value, index } of repeatedAt(notices.map((n) => n.id))) {
    p.add(
      `notices.${index}.id`,
      `notice ${value}: id is used twice`,
      `屏幕公告 ${value}：编号重复`,
    );
  }
  notices.forEach((n, i) => {
    const path = `notices.${i}`;
    const where = `notice ${n.id}`;
    const zh = `屏幕公告 ${i + 1}`;
    if (n.id.trim() === '') p.add(`${path}.id`, 'notice: id is empty', `${zh}：编号不能为空`);
    if (n.text.trim() === '')
      p.add(`${path}.text`, `${where}: text is empty`, `${zh}：内容不能为空`);
    n.zoneIds.forEach((z, j) => {
      if (!zoneIds.has(z)) {
        p.add(
          `${path}.zoneIds.${j}`,
          `${where}: zone ${z} does not exist`,
          `${zh}：专区 ${z} 不存在`,
        );
      }
    });
    for (const key of ['startsOn', 'endsOn'] as const) {
      const date = n[key];
      if (date !== null && !isLocalDate(date)) {
        p.add(
          `${path}.${key}`,
          `${where}: ${key} "${date}" is not YYYY-MM-DD`,
          `${zh}：${key === 'startsOn' ? '开始日期' : '结束日期'}“${date}”应为有效日期 YYYY-MM-DD`,
        );
      }
    }
    if (
      n.startsOn !== null &&
      n.endsOn !== null &&
      isLocalDate(n.startsOn) &&
      isLocalDate(n.endsOn) &&
      n.endsOn < n.startsOn
    ) {
      p.add(
        `${path}.endsOn`,
        `${where}: ends ${n.endsOn} before it starts ${n.startsOn}`,
        `${zh}：结束日期 ${n.endsOn} 早于开始日期 ${n.startsOn}`,
      );
    }
  });
}

type AlarmCount = Exclude<keyof AlarmThresholds, 'badRating' | 'printerPaper' | 'workOrderOverdue'>;
const ALARM_MINUTES_ZH: Readonly<Record<AlarmCount, string>> = {
  waitMin: '等候超时（分钟）',
  queueLength: '排队人数上限',
  idleMin: '窗口空闲（分钟）',
  pausedMin: '窗口暂停（分钟）',
  handlingMin: '办理超时（分钟）',
  deviceOfflineMin: '设备离线（分钟）',
  waitTargetMin: '等候目标（分钟）',
};

/** Largest minute or count threshold: a day (an alarm later than that never fires). */
export const ALARM_VALUE_MAX = 1440;

function checkAlarms(p: Problems, config: HallConfig): void {
  const a = config.alarms;
  if (a === undefined) return;
  for (const key of Object.keys(ALARM_MINUTES_ZH) as AlarmCount[]) {
    // Configurations come from files: the type is checked at run time too.
    const value: unknown = a[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !isNonNegativeInteger(value) || value > ALARM_VALUE_MAX) {
      p.add(
        `alarms.${key}`,
        `alarms: ${key} ${JSON.stringify(value)} is not an integer 0–${ALARM_VALUE_MAX} (0 turns it off)`,
        `预警阈值：${ALARM_MINUTES_ZH[key]} ${JSON.stringify(value)} 应为 0–${ALARM_VALUE_MAX} 的整数（0 表示关闭）`,
      );
    }
  }
  const target = a.waitTargetMin ?? DEFAULT_ALARM_THRESHOLDS.waitTargetMin;
  if (target === 0) {
    p.add(
      'alarms.waitTargetMin',
      'alarms: the wait target must be at least 1 minute (reports measure against it)',
      '预警阈值：等候目标至少 1 分钟（报表按它统计达标率）',
    );
  }
}

/** Longest deadline of a work order: a year of working days. */
export const WORK_ORDER_DAYS_MAX = 250;

function checkWorkOrders(p: Problems, config: HallConfig): void {
  const w = config.workOrders;
  if (w === undefined) return;
  const names = {
    callbackWorkingDays: '回访时限（工作日）',
    rectifyWorkingDays: '整改时限（工作日）',
    appealWorkingDays: '申诉时限（工作日）',
  } as const;
  for (const key of Object.keys(names) as (keyof typeof names)[]) {
    const value = w[key];
    if (value === undefined) continue;
    if (!isPositiveInteger(value) || value > WORK_ORDER_DAYS_MAX) {
      p.add(
        `workOrders.${key}`,
        `workOrders: ${key} ${value} is not an integer 1–${WORK_ORDER_DAYS_MAX}`,
        `差评整改时限：${names[key]} ${value} 应为 1–${WORK_ORDER_DAYS_MAX} 的整数`,
      );
    }
  }
  const callback = w.callbackWorkingDays ?? DEFAULT_WORK_ORDER_RULES.callbackWorkingDays;
  const rectify = w.rectifyWorkingDays ?? DEFAULT_WORK_ORDER_RULES.rectifyWorkingDays;
  if (isPositiveInteger(callback) && isPositiveInteger(rectify) && rectify < callback) {
    p.add(
      'workOrders.rectifyWorkingDays',
      `workOrders: rectification (${rectify} working days) is due before the callback (${callback})`,
      `差评整改时限：整改时限（${rectify} 个工作日）不能早于回访时限（${callback} 个工作日）`,
    );
  }
}

/**
 * Checks a hall configuration for consistency: unique ids and prefixes, references between
 * floors, zones, services, windows, assignments and notices, every service reachable from a
 * primary window, well-formed times and dates, a known time zone, and policies, voice, ticket,
 * alarm and work-order settings within range.
 * @returns every problem with its path, in English and Chinese; empty when valid
 */
export function checkConfigProblems(config: HallConfig): readonly ConfigProblem[] {
  const p = new Problems();
  checkHallAndCalendar(p, config);
  checkLayout(p, config);
  checkServices(p, config);
  checkAssignments(p, config);
  checkPolicies(p, config);
  checkVoice(p, config);
  checkTicket(p, config);
  checkNotices(p, config);
  checkAlarms(p, config);
  checkWorkOrders(p, config);
  return p.list;
}

/**
 * {@link checkConfigProblems} as English lines (logs, the server's refusal messages).
 * @returns human-readable problems; empty when the configuration is valid
 */
export function checkConfig(config: HallConfig): readonly string[] {
  return checkConfigProblems(config).map((problem) => problem.en);
}
