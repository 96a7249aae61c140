/**
 * What the admin console (brief §5.5) adds to the hall model: the configuration it edits
 * beyond the queue (screen notices, ticket template, alarm thresholds, work-order rules),
 * alarms (预警) and bad-rating work orders (差评整改). Pure types and defaults; the server
 * keeps them, the console shows them, the event log records every change.
 */
import type { StaffRole } from './actor.ts';
import type { BadRatingReason, HallConfig, RatingScore } from './model.ts';

/** The parts of the configuration the console edits one at a time (`import` = whole file). */
export const CONFIG_SECTIONS = [
  'hall',
  'floors',
  'zones',
  'services',
  'windows',
  'assignments',
  'calendar',
  'policies',
  'voice',
  'ticket',
  'notices',
  'alarms',
  'workOrders',
] as const;
export type ConfigSection = (typeof CONFIG_SECTIONS)[number];

/** A notice shown on the call screens (and the kiosk when `kiosk`), e.g. 午间休息 12:00–13:30. */
export interface Notice {
  readonly id: string;
  readonly text: string;
  readonly textEn: string;
  /** Zones whose screens show it; empty = every screen. */
  readonly zoneIds: readonly string[];
  /** First and last business day it shows (YYYY-MM-DD, inclusive); null = open-ended. */
  readonly startsOn: string | null;
  readonly endsOn: string | null;
  /** Also shown on the kiosk's start screen. */
  readonly kiosk: boolean;
}

/** What the printed ticket says beyond the number (brief §5.1). */
export interface TicketTemplate {
  /** Line under the hall name, e.g. 请留意叫号屏和语音提示. */
  readonly header: string;
  readonly headerEn: string;
  /** Closing line, e.g. 过号请到服务台重新排队 · 监督电话 12345. */
  readonly footer: string;
  readonly footerEn: string;
  /** Print the 一次性告知 materials list on the ticket. */
  readonly printMaterials: boolean;
  /** Print the QR code of the ticket's phone page. */
  readonly qr: boolean;
}

export const DEFAULT_TICKET_TEMPLATE: TicketTemplate = {
  header: '请留意叫号屏幕和语音提示',
  headerEn: 'Please watch the screens and listen for your number',
  footer: '过号请到服务台重新取号 · 监督电话 12345',
  footerEn: 'Missed your call? Ask at the service desk · Hotline 12345',
  printMaterials: true,
  qr: true,
};

/** Alarm thresholds (预警阈值); a value of 0 turns that alarm off. */
export interface AlarmThresholds {
  /** A waiting ticket has waited longer than this (minutes). */
  readonly waitMin: number;
  /** A service has more waiting tickets than this. */
  readonly queueLength: number;
  /** An open window has been idle (open, nobody called) longer than this (minutes). */
  readonly idleMin: number;
  /** A window has been paused longer than this (minutes). */
  readonly pausedMin: number;
  /** A ticket has been at a window (called or serving) longer than this (minutes). */
  readonly handlingMin: number;
  /** Raise an alarm for every bad rating (差评). */
  readonly badRating: boolean;
  /** A paired device has not been seen for this long (minutes). */
  readonly deviceOfflineMin: number;
  /** Raise alarms for a kiosk printer reporting paper low or out. */
  readonly printerPaper: boolean;
  /** Raise alarms for work orders past their callback or rectification deadline. */
  readonly workOrderOverdue: boolean;
  /** The wait target (minutes) of the reports' "served within target" share. */
  readonly waitTargetMin: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  waitMin: 30,
  queueLength: 30,
  idleMin: 15,
  pausedMin: 20,
  handlingMin: 40,
  badRating: true,
  deviceOfflineMin: 5,
  printerPaper: true,
  workOrderOverdue: true,
  waitTargetMin: 20,
};

/** Deadlines of a bad-rating work order, in working days of the hall's calendar. */
export interface WorkOrderRules {
  /** 回访: call the visitor back within this many working days. */
  readonly callbackWorkingDays: number;
  /** 整改: rectify and record the result within this many working days. */
  readonly rectifyWorkingDays: number;
  /** 申诉: a window may appeal within this many working days of the rating. */
  readonly appealWorkingDays: number;
}

export const DEFAULT_WORK_ORDER_RULES: WorkOrderRules = {
  callbackWorkingDays: 1,
  rectifyWorkingDays: 15,
  appealWorkingDays: 3,
};

/** The admin parts of a configuration with their defaults filled in. */
export function ticketTemplateOf(config: HallConfig): TicketTemplate {
  return { ...DEFAULT_TICKET_TEMPLATE, ...config.ticket };
}
export function alarmThresholdsOf(config: HallConfig): AlarmThresholds {
  return { ...DEFAULT_ALARM_THRESHOLDS, ...config.alarms };
}
export function workOrderRulesOf(config: HallConfig): WorkOrderRules {
  return { ...DEFAULT_WORK_ORDER_RULES, ...config.workOrders };
}

export const ALARM_KINDS = [
  'wait_over', // 等候超时
  'queue_length', // 排队人数超限
  'window_idle', // 窗口空闲过久
  'window_paused', // 窗口暂停过久
  'handling_over', // 办理超时
  'bad_rating', // 差评
  'device_offline', // 设备离线
  'printer_paper_low', // 打印纸将尽
  'printer_paper_out', // 打印机缺纸
  'work_order_overdue', // 差评整改逾期
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/**
 * One alarm. It is raised when its condition starts, cleared when the condition ends (an
 * event-like alarm such as a bad rating is cleared when raised), and acknowledged by a
 * person. It stays on the live list until it is both cleared and acknowledged; the history
 * keeps every alarm.
 */
export interface Alarm {
  /** `AL-<seq of the raising event>`. */
  readonly id: string;
  readonly kind: AlarmKind;
  /** What the alarm is about, unique among live alarms: e.g. `wait_over:svc-a1`. */
  readonly key: string;
  readonly zoneId: string | null;
  readonly windowId: number | null;
  readonly serviceId: string | null;
  readonly deviceId: string | null;
  readonly ticketId: string | null;
  readonly workOrderId: string | null;
  /** The measured value when raised (minutes, a count …) and the threshold it crossed. */
  readonly value: number | null;
  readonly threshold: number | null;
  /** A short detail for the console, e.g. the ticket number or the device name. */
  readonly detail: string | null;
  readonly raisedAt: number;
  readonly clearedAt: number | null;
  readonly acknowledgedAt: number | null;
  /** Staff id of who acknowledged it. */
  readonly acknowledgedBy: string | null;
  readonly note: string | null;
}

/** Whether an alarm still belongs on the live list. */
export function alarmIsLive(alarm: Alarm): boolean {
  return alarm.clearedAt === null || alarm.acknowledgedAt === null;
}

export const WORK_ORDER_STATES = [
  'open', // 待回访
  'called_back', // 已回访，整改中
  'appealing', // 申诉复核中
  'rectified', // 已整改，待办结
  'closed', // 已办结
] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];

export interface WorkOrderCallback {
  readonly at: number;
  readonly by: string;
  /** Whether the visitor was reached. */
  readonly reached: boolean;
  readonly note: string;
}

export interface WorkOrderAppeal {
  readonly at: number;
  readonly by: string;
  readonly reason: string;
  readonly decidedAt: number | null;
  readonly decidedBy: string | null;
  /** accepted = the bad rating is voided (申诉成功); rejected = it stands. */
  readonly outcome: 'accepted' | 'rejected' | null;
  readonly decisionNote: string | null;
}

/** A bad-rating work order (差评整改工单): one per 不满意/非常不满意 rating. */
export interface WorkOrder {
  /** `WO-<business day>-<ticket number>`, e.g. `WO-20261124-A001`. */
  readonly id: string;
  readonly ticketId: string;
  readonly ticketNumber: string;
  readonly businessDay: string;
  readonly serviceId: string;
  readonly zoneId: string;
  readonly windowId: number;
  readonly staffId: string | null;
  readonly score: RatingScore;
  readonly reasons: readonly BadRatingReason[];
  readonly comment: string | null;
  readonly openedAt: number;
  /** Deadlines (ms since epoch) from the work-order rules and the hall calendar. */
  readonly callbackDue: number;
  readonly rectifyDue: number;
  readonly appealDue: number;
  readonly state: WorkOrderState;
  readonly callbacks: readonly WorkOrderCallback[];
  /** First callback that reached the visitor. */
  readonly calledBackAt: number | null;
  readonly rectification: {
    readonly at: number;
    readonly by: string;
    readonly text: string;
  } | null;
  readonly appeal: WorkOrderAppeal | null;
  readonly closedAt: number | null;
  readonly closedBy: string | null;
  readonly closure: 'rectified' | 'appeal_accepted' | null;
}

/** A staff account as the console and the log see it (never the password hash). */
export interface StaffPublic {
  readonly staffId: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly windowId: number | null;
  readonly zoneIds: readonly string[];
  readonly disabled: boolean;
}

/**
 * Which deadline of a work order has passed at `now`: the callback (no callback reached the
 * visitor by `callbackDue`), the rectification (no result by `rectifyDue`; an appeal under
 * review holds it), or none. Closed orders are never overdue.
 */
export function workOrderOverdue(order: WorkOrder, now: number): 'callback' | 'rectify' | null {
  if (order.state === 'closed') return null;
  if (order.calledBackAt === null && now > order.callbackDue) return 'callback';
  if (order.rectification === null && order.state !== 'appealing' && now > order.rectifyDue) {
    return 'rectify';
  }
  return null;
}
