/**
 * Run-time shape of a hall configuration (brief §3) and of each section the admin console
 * edits, for what arrives over REST (a section's new value, an imported file). The schemas
 * check types, ranges and formats field by field and refuse unknown keys; whether the parts fit
 * together (references, unique ids and prefixes, overlapping hours) is `checkConfigProblems`.
 * Every problem comes back as `{ path, en, zh }` so the console shows it, in Chinese first,
 * next to the field it is about.
 */
import { z } from 'zod';
import {
  CONFIG_SECTIONS,
  type AlarmThresholds,
  type ConfigSection,
  type Notice,
  type TicketTemplate,
  type WorkOrderRules,
} from '../domain/admin.ts';
import type { ConfigProblem } from '../domain/config-check.ts';
import { floorId, serviceId, windowId, zoneId } from '../domain/ids.ts';
import { DISPATCH_POLICIES, WINDOW_KINDS, type HallConfig } from '../domain/model.ts';
import type { VoiceSettings } from '../voice/settings.ts';

/** Chinese of the custom messages below, keyed by their English text. */
const ZH = new Map<string, string>();
function msg(en: string, zh: string): string {
  ZH.set(en, zh);
  return en;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const text = (max: number) => z.string().max(max);
const name = (max = 80) => z.string().trim().min(1, msg('is empty', '不能为空')).max(max);
const localTime = z.string().regex(TIME, msg('is not HH:MM', '应为 HH:MM（如 09:00）'));
const localDate = z
  .string()
  .regex(DATE, msg('is not YYYY-MM-DD', '应为 YYYY-MM-DD（如 2026-10-01）'));
const count = (max: number) => z.number().int().min(0).max(max);

const floorIdSchema = z.number().int().min(-9).max(200).transform(floorId);
const zoneIdSchema = z
  .string()
  .regex(/^[A-Z]$/, msg('is not a letter A–Z', '应为一个大写字母 A–Z'))
  .transform(zoneId);
const windowIdSchema = z.number().int().min(1).max(9999).transform(windowId);
const serviceIdSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    msg(
      'is not a service id such as bdc-transfer',
      '应为小写字母、数字、- 或 _ 组成的编号（如 bdc-transfer）',
    ),
  )
  .transform(serviceId);

const timeRangeSchema = z.strictObject({ open: localTime, close: localTime });
const hoursSchema = z.array(timeRangeSchema).max(12);

export const hallSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,40}$/,
      msg('is not an id (letters, digits, - and _)', '应为字母、数字、- 或 _ 组成的编号'),
    ),
  name: name(),
  nameEn: text(120),
  timeZone: z.string().min(1).max(64),
  dayCloseTime: localTime,
});

export const floorSchema = z.strictObject({
  id: floorIdSchema,
  name: name(40),
  nameEn: text(60),
});
export const floorsSchema = z.array(floorSchema).min(1).max(50);

export const zoneSchema = z.strictObject({
  id: zoneIdSchema,
  floorId: floorIdSchema,
  name: name(),
  nameEn: text(120),
  location: text(120),
  locationEn: text(160),
});
export const zonesSchema = z.array(zoneSchema).min(1).max(26);

export const serviceSchema = z.strictObject({
  id: serviceIdSchema,
  zoneId: zoneIdSchema,
  name: name(),
  nameEn: text(160),
  prefix: z
    .string()
    .regex(/^[A-Z]{1,2}$/, msg('is not 1–2 letters A–Z', '应为 1–2 个大写字母 A–Z')),
  hours: hoursSchema,
  lastTicketTime: localTime.nullable(),
  dailyQuota: z.number().int().min(1).max(100_000).nullable(),
  quotaWarning: z.number().int().min(0).max(100_000).nullable(),
  perPersonDailyLimit: z.number().int().min(1).max(100).nullable(),
  expectedHandlingMin: z.number().positive().max(600),
  bookable: z.boolean(),
  materials: z.array(text(200)).max(50),
  materialsEn: z.array(text(300)).max(50),
});
export const servicesSchema = z.array(serviceSchema).max(500);

export const windowSchema = z.strictObject({
  id: windowIdSchema,
  zoneId: zoneIdSchema,
  kind: z.enum(WINDOW_KINDS),
  label: text(40).nullable(),
  dispatchPolicy: z.enum(DISPATCH_POLICIES).nullable(),
});
export const windowsSchema = z.array(windowSchema).max(2000);

export const assignmentSchema = z.strictObject({
  windowId: windowIdSchema,
  serviceId: serviceIdSchema,
  role: z.enum(['primary', 'secondary']),
  weight: z.number().positive().max(100),
});
export const assignmentsSchema = z.array(assignmentSchema).max(50_000);

export const calendarSchema = z.strictObject({
  alwaysOpen: z.boolean(),
  workingDays: z.array(z.number().int().min(1).max(7)).max(7),
  hours: hoursSchema,
  holidays: z.array(localDate).max(400),
  extraWorkingDays: z.array(localDate).max(400),
  saturdayHours: hoursSchema,
});

export const policiesSchema = z.strictObject({
  dispatch: z.enum(DISPATCH_POLICIES),
  priorityInterleave: count(100),
  recallLimit: count(20),
  recallMinGapSec: count(3600),
  autoNoShowAfterRecallLimit: z.boolean(),
  noShowReactivateMin: count(1440),
  noShowReinsertPosition: count(1000),
  transferKeepsArrival: z.boolean(),
  dayClose: z.enum(['cancel', 'no_show']),
  allowAnonymousIssue: z.boolean(),
  allowAnonymousRating: z.boolean(),
  ratingWindowSec: count(86_400),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'is not HH:MM');

/** Voice settings (shared/src/voice/settings.ts); every field optional, defaults fill in. */
export const voiceSchema = z
  .strictObject({
    mode: z.enum(['clips', 'webspeech', 'off']),
    pack: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{1,40}$/,
        msg(
          'is not a folder name (letters, digits, - and _)',
          '应为文件夹名（字母、数字、- 和 _）',
        ),
      ),
    languages: z
      .array(z.enum(['zh-CN', 'en']))
      .min(1)
      .max(2),
    template: z.strictObject({
      zh: text(200),
      en: text(200),
      recallZh: text(40),
      recallEn: text(40),
    }),
    repeat: z.number().int().min(1).max(5),
    clipGapMs: z.number().int().min(0).max(5000),
    repeatGapMs: z.number().int().min(0).max(10_000),
    staleAfterSec: z.number().int().min(0).max(3600),
    volume: z.array(z.strictObject({ from: hhmm, volume: z.number().min(0).max(1) })).max(24),
    quietHours: z.array(z.strictObject({ from: hhmm, to: hhmm })).max(12),
    captionHoldMs: z.number().int().min(0).max(60_000),
  })
  .partial();

export const ticketSchema = z
  .strictObject({
    header: text(120),
    headerEn: text(120),
    footer: text(120),
    footerEn: text(120),
    printMaterials: z.boolean(),
    qr: z.boolean(),
  })
  .partial();

export const noticeSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,40}$/,
      msg('is not an id (letters, digits, - and _)', '应为字母、数字、- 或 _ 组成的编号'),
    ),
  text: name(200),
  textEn: text(300),
  zoneIds: z.array(zoneIdSchema).max(26),
  startsOn: localDate.nullable(),
  endsOn: localDate.nullable(),
  kiosk: z.boolean(),
});
export const noticesSchema = z.array(noticeSchema).max(100);

const minutes = count(1440);
export const alarmsSchema = z
  .strictObject({
    waitMin: minutes,
    queueLength: minutes,
    idleMin: minutes,
    pausedMin: minutes,
    handlingMin: minutes,
    badRating: z.boolean(),
    deviceOfflineMin: minutes,
    printerPaper: z.boolean(),
    workOrderOverdue: z.boolean(),
    waitTargetMin: z.number().int().min(1).max(1440),
  })
  .partial();

const workingDays = z.number().int().min(1).max(250);
export const workOrdersSchema = z
  .strictObject({
    callbackWorkingDays: workingDays,
    rectifyWorkingDays: workingDays,
    appealWorkingDays: workingDays,
  })
  .partial();

/** The whole configuration of one hall, as an import file carries it. */
export const hallConfigSchema = z.strictObject({
  hall: hallSchema,
  floors: floorsSchema,
  zones: zonesSchema,
  services: servicesSchema,
  windows: windowsSchema,
  assignments: assignmentsSchema,
  calendar: calendarSchema,
  policies: policiesSchema,
  voice: voiceSchema.optional(),
  ticket: ticketSchema.optional(),
  notices: noticesSchema.optional(),
  alarms: alarmsSchema.optional(),
  workOrders: workOrdersSchema.optional(),
});

/** The schema of each section the console edits one at a time. */
export const configSectionSchemas = {
  hall: hallSchema,
  floors: floorsSchema,
  zones: zonesSchema,
  services: servicesSchema,
  windows: windowsSchema,
  assignments: assignmentsSchema,
  calendar: calendarSchema,
  policies: policiesSchema,
  voice: voiceSchema,
  ticket: ticketSchema,
  notices: noticesSchema,
  alarms: alarmsSchema,
  workOrders: workOrdersSchema,
} as const satisfies Record<ConfigSection, z.ZodType>;

/** Whether a string names a section the console edits. */
export function isConfigSection(value: string): value is ConfigSection {
  return (CONFIG_SECTIONS as readonly string[]).includes(value);
}

/** The file the console exports and imports. */
export const CONFIG_FILE_FORMAT = 'hallq-config';
export const CONFIG_FILE_VERSION = 1;
export const configFileSchema = z.strictObject({
  format: z.literal(CONFIG_FILE_FORMAT),
  version: z.literal(CONFIG_FILE_VERSION),
  exportedAt: z.string().max(40).optional(),
  config: hallConfigSchema,
});

export interface ConfigFile {
  readonly format: typeof CONFIG_FILE_FORMAT;
  readonly version: typeof CONFIG_FILE_VERSION;
  readonly exportedAt?: string;
  readonly config: HallConfig;
}

const TYPE_ZH: Readonly<Record<string, string>> = {
  string: '文字',
  number: '数字',
  boolean: '是/否（true/false）',
  array: '列表',
  object: '对象',
  null: '空值',
};

/** Chinese names of the sections and fields, for where a problem is. */
const SECTION_ZH: Readonly<Record<string, string>> = {
  hall: '大厅信息',
  floors: '楼层',
  zones: '专区',
  services: '事项',
  windows: '窗口',
  assignments: '窗口事项分配',
  calendar: '工作日历',
  policies: '排队规则',
  voice: '语音播报',
  ticket: '票面模板',
  notices: '屏幕公告',
  alarms: '预警阈值',
  workOrders: '差评整改时限',
};
const FIELD_ZH: Readonly<Record<string, string>> = {
  id: '编号',
  name: '名称',
  nameEn: '英文名称',
  timeZone: '时区',
  dayCloseTime: '日结时间',
  floorId: '楼层',
  zoneId: '专区',
  location: '等候位置',
  locationEn: '英文等候位置',
  prefix: '票号前缀',
  hours: '办理时间',
  open: '开始',
  close: '结束',
  lastTicketTime: '最晚取号时间',
  dailyQuota: '每日限额',
  quotaWarning: '余量提醒',
  perPersonDailyLimit: '每人每日限取',
  expectedHandlingMin: '预计办理时长',
  bookable: '可预约',
  materials: '一次性告知材料',
  materialsEn: '英文材料',
  kind: '窗口类型',
  label: '显示名称',
  dispatchPolicy: '叫号策略',
  windowId: '窗口',
  serviceId: '事项',
  role: '岗位',
  weight: '权重',
  workingDays: '工作日',
  holidays: '节假日',
  extraWorkingDays: '调休工作日',
  saturdayHours: '周六时间',
  text: '内容',
  textEn: '英文内容',
  zoneIds: '专区',
  startsOn: '开始日期',
  endsOn: '结束日期',
};

/** `services.3.prefix` → 事项 · 第 4 行 · 票号前缀. */
function whereZh(path: readonly string[]): string {
  return path
    .map((part, i) => {
      if (/^\d+$/.test(part)) return `第 ${String(Number(part) + 1)} 行`;
      if (i === 0) return SECTION_ZH[part] ?? part;
      return FIELD_ZH[part] ?? part;
    })
    .join(' · ');
}

/** A zod issue as a console problem, English from zod or our message, Chinese alongside. */
function problemOf(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): ConfigProblem {
  const parts = [...prefix, ...issue.path].map(String);
  const path = parts.join('.');
  const where = path === '' ? 'payload' : path;
  const whereInZh = path === '' ? '内容' : whereZh(parts);
  const en = `${where}: ${issue.message}`;
  const custom = ZH.get(issue.message);
  if (custom !== undefined) return { path, en, zh: `${whereInZh}：${custom}` };
  let zh: string;
  switch (issue.code) {
    case 'invalid_type':
      zh =
        // Issues do not keep the input; zod's own message says what it received.
        / received undefined$/.test(issue.message)
          ? '缺少此项'
          : `应为${TYPE_ZH[issue.expected] ?? issue.expected}`;
      break;
    case 'too_small':
      zh =
        issue.origin === 'string'
          ? `至少 ${String(issue.minimum)} 个字符`
          : issue.origin === 'array'
            ? `至少 ${String(issue.minimum)} 项`
            : `${issue.inclusive === false ? '应大于' : '不能小于'} ${String(issue.minimum)}`;
      break;
    case 'too_big':
      zh =
        issue.origin === 'string'
          ? `最多 ${String(issue.maximum)} 个字符`
          : issue.origin === 'array'
            ? `最多 ${String(issue.maximum)} 项`
            : `${issue.inclusive === false ? '应小于' : '不能大于'} ${String(issue.maximum)}`;
      break;
    case 'invalid_value':
      zh = `应为以下之一：${issue.values.map(String).join('、')}`;
      break;
    case 'unrecognized_keys':
      zh = `不认识的字段：${issue.keys.join('、')}（请删除）`;
      break;
    case 'invalid_format':
      zh = '格式不正确';
      break;
    case 'not_multiple_of':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      zh = '不正确';
  }
  return { path, en, zh: `${whereInZh}：${zh}` };
}

/** Every issue of a zod error as console problems; `prefix` goes before each path. */
export function zodProblems(
  error: z.ZodError,
  prefix: readonly PropertyKey[] = [],
): readonly ConfigProblem[] {
  return error.issues.map((issue) => problemOf(issue, prefix));
}

export type SectionParse<S extends ConfigSection> =
  | { readonly ok: true; readonly value: NonNullable<HallConfig[S]> }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Validates the new value of one section; problems carry paths from the config's root. */
export function parseConfigSection<S extends ConfigSection>(
  section: S,
  value: unknown,
): SectionParse<S> {
  const parsed = configSectionSchemas[section].safeParse(value);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, [section]) };
  return { ok: true, value: parsed.data as NonNullable<HallConfig[S]> };
}

/** Several sections changed together, e.g. a new service with its windows' assignments. */
export const configPatchSchema = hallConfigSchema.partial();

/**
 * Validates a change of several sections at once (a section may only make sense with
 * another: a new service needs a primary window in `assignments`, a removed window takes its
 * assignments along). At least one section.
 */
export function parseConfigPatch(
  value: unknown,
):
  | { readonly ok: true; readonly value: Partial<HallConfig>; readonly sections: ConfigSection[] }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] } {
  const parsed = configPatchSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const patch: Partial<HallConfig> = parsed.data;
  const sections = CONFIG_SECTIONS.filter((section) => patch[section] !== undefined);
  if (sections.length === 0) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          en: `payload: give at least one section (${CONFIG_SECTIONS.join(', ')})`,
          zh: '内容：至少包含一个配置部分',
        },
      ],
    };
  }
  return { ok: true, value: patch, sections };
}

/** Validates an import file (`{ format, version, config }`). */
export function parseConfigFile(
  value: unknown,
):
  | { readonly ok: true; readonly value: ConfigFile }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] } {
  const parsed = configFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const file: ConfigFile = parsed.data;
  return { ok: true, value: file };
}

// Compile-time: what the schemas produce is a model value, and they know every field of the
// model (a field added to the model but not here fails to build).
type Assignable<A, B> = [A] extends [B] ? true : false;
type SameKeys<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? true
    : false
  : false;
type Fits<A, B> = Assignable<A, B> extends true ? SameKeys<A, B> : false;
export const CONFIG_SCHEMA_MATCHES_MODEL: {
  readonly config: Fits<z.output<typeof hallConfigSchema>, HallConfig>;
  readonly service: Fits<z.output<typeof serviceSchema>, HallConfig['services'][number]>;
  readonly window: Fits<z.output<typeof windowSchema>, HallConfig['windows'][number]>;
  readonly voice: Fits<z.output<typeof voiceSchema>, Partial<VoiceSettings>>;
  readonly ticket: Fits<z.output<typeof ticketSchema>, Partial<TicketTemplate>>;
  readonly notice: Fits<z.output<typeof noticeSchema>, Notice>;
  readonly alarms: Fits<z.output<typeof alarmsSchema>, Partial<AlarmThresholds>>;
  readonly workOrders: Fits<z.output<typeof workOrdersSchema>, Partial<WorkOrderRules>>;
} = {
  config: true,
  service: true,
  window: true,
  voice: true,
  ticket: true,
  notice: true,
  alarms: true,
  workOrders: true,
};
