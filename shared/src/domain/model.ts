import type { VoiceSettings } from '../voice/settings.ts';
import type { AlarmThresholds, Notice, TicketTemplate, WorkOrderRules } from './admin.ts';
import type {
  BusinessDay,
  FloorId,
  ServiceId,
  StaffId,
  TicketId,
  WindowId,
  ZoneId,
} from './ids.ts';

/** Window kinds of brief §3 (seed 000 lists them per zone). */
export const WINDOW_KINDS = [
  'general', // 综合受理
  'specialised', // 专业
  'standby', // 备用
  'emergency', // 应急
  'tax', // 税费
  'citizen', // 市民
  'seal', // 刻章
  'self_service', // 自助
] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

/**
 * Priority classes. Green-channel kinds (绿色通道) all rank first; an on-time appointment
 * ranks next; everyone else is normal.
 */
export const PRIORITY_CLASSES = [
  'elderly', // 70 岁以上（凭身份证）
  'disabled', // 残疾人
  'pregnant', // 孕妇
  'military', // 军人依法优先
  'appointment', // 预约按时到达
  'normal',
] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];
export const GREEN_CHANNEL_KINDS = ['elderly', 'disabled', 'pregnant', 'military'] as const;

/** Rank used for ordering: 0 green channel, 1 appointment, 2 normal. */
export function priorityRank(priority: PriorityClass): 0 | 1 | 2 {
  if (priority === 'normal') return 2;
  if (priority === 'appointment') return 1;
  return 0;
}

/**
 * Dispatch policies of brief §4.
 * - `fifo`: strict arrival order across the window's services; priority ignored.
 * - `priority`: green channel, then appointments, then normal, FIFO within a class; after
 *   `priorityInterleave` priority calls in a row a waiting normal ticket is called (N:1).
 * - `primary_first`: the window's primary services before its secondary ones (岗位互补),
 *   each as `priority`.
 * - `longest_wait`: as `priority`, but within a class the ticket with the longest
 *   weight × wait goes first, across services.
 */
export const DISPATCH_POLICIES = ['fifo', 'priority', 'primary_first', 'longest_wait'] as const;
export type DispatchPolicy = (typeof DISPATCH_POLICIES)[number];

/** Local time of day in the hall's time zone, `HH:MM` (24 h). */
export type LocalTime = string;

export interface TimeRange {
  readonly open: LocalTime;
  readonly close: LocalTime;
}

/** Working calendar (brief §3): working days, holidays, 5+X Saturday service, extended hours. */
export interface Calendar {
  /** When true the hall is open at every hour of every day (the demo hall). */
  readonly alwaysOpen: boolean;
  /** ISO weekdays the hall works: 1 = Monday … 7 = Sunday. */
  readonly workingDays: readonly number[];
  /** Opening hours on a working day, e.g. 09:00–12:00 and 13:30–17:00. */
  readonly hours: readonly TimeRange[];
  /** Public holidays (YYYY-MM-DD) on which the hall is closed. */
  readonly holidays: readonly string[];
  /** Adjusted working days (调休) on which the hall opens although it is a weekend. */
  readonly extraWorkingDays: readonly string[];
  /** 5+X: hours on Saturdays when Saturday is not a regular working day; empty = closed. */
  readonly saturdayHours: readonly TimeRange[];
}

export interface Hall {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string;
  /** IANA zone; business days, hours and reports follow it. */
  readonly timeZone: string;
  /** Local time at which the business day closes and the next one starts. */
  readonly dayCloseTime: LocalTime;
}

export interface Floor {
  readonly id: FloorId;
  readonly name: string;
  readonly nameEn: string;
}

export interface Zone {
  readonly id: ZoneId;
  readonly floorId: FloorId;
  readonly name: string;
  readonly nameEn: string;
  /** Where to wait, printed on the ticket (e.g. 一楼大厅中央). */
  readonly location: string;
  readonly locationEn: string;
}

export interface Service {
  readonly id: ServiceId;
  readonly zoneId: ZoneId;
  readonly name: string;
  readonly nameEn: string;
  /** Ticket prefix letter(s); unique across the hall. */
  readonly prefix: string;
  /** Opening hours of this service; empty = the calendar's hours. */
  readonly hours: readonly TimeRange[];
  /** No ticket after this local time (e.g. 16:30); null = until closing. */
  readonly lastTicketTime: LocalTime | null;
  /** Tickets per business day; null = no quota. */
  readonly dailyQuota: number | null;
  /** Issued count from which the kiosk warns that the quota is nearly reached. */
  readonly quotaWarning: number | null;
  /** Tickets per person (by ID number) per business day; null = no limit. */
  readonly perPersonDailyLimit: number | null;
  /** Expected handling time in minutes, used until real handling times exist. */
  readonly expectedHandlingMin: number;
  readonly bookable: boolean;
  /** 一次性告知: required materials. */
  readonly materials: readonly string[];
  readonly materialsEn: readonly string[];
}

export interface WindowDef {
  readonly id: WindowId;
  readonly zoneId: ZoneId;
  readonly kind: WindowKind;
  /** Display name override; default `N号窗口`. */
  readonly label: string | null;
  /** Overrides the hall's dispatch policy for this window. */
  readonly dispatchPolicy: DispatchPolicy | null;
}

export type AssignmentRole = 'primary' | 'secondary';

export interface Assignment {
  readonly windowId: WindowId;
  readonly serviceId: ServiceId;
  readonly role: AssignmentRole;
  /** Relative preference (> 0) used by `longest_wait` and the estimated wait. */
  readonly weight: number;
}

/** What happens to tickets left open when the business day closes. */
export type DayClosePolicy = 'cancel' | 'no_show';

export interface Policies {
  readonly dispatch: DispatchPolicy;
  /** N in N:1 — after N priority calls in a row a waiting normal ticket goes next. */
  readonly priorityInterleave: number;
  /** Maximum recalls (重呼) of one call. */
  readonly recallLimit: number;
  /** Minimum seconds between two recalls. */
  readonly recallMinGapSec: number;
  /** After the recall limit, the next recall attempt marks the ticket no-show. */
  readonly autoNoShowAfterRecallLimit: boolean;
  /** Minutes during which a no-show ticket can be reactivated (过号重排). */
  readonly noShowReactivateMin: number;
  /** A reactivated ticket re-enters this many places from the front of its queue. */
  readonly noShowReinsertPosition: number;
  /** Transfers keep the original arrival time (一票到底) when true. */
  readonly transferKeepsArrival: boolean;
  readonly dayClose: DayClosePolicy;
  /** Whether callers without any identity may issue tickets (e.g. a public web kiosk). */
  readonly allowAnonymousIssue: boolean;
  /** Whether a browser rating screen without a device token may submit ratings. */
  readonly allowAnonymousRating: boolean;
  /** Seconds within which a completed ticket can be rated. */
  readonly ratingWindowSec: number;
}

/** The whole configuration of one hall. */
export interface HallConfig {
  readonly hall: Hall;
  readonly floors: readonly Floor[];
  readonly zones: readonly Zone[];
  readonly services: readonly Service[];
  readonly windows: readonly WindowDef[];
  readonly assignments: readonly Assignment[];
  readonly calendar: Calendar;
  readonly policies: Policies;
  /** How the call screens speak; fields left out take the defaults (voice/settings.ts). */
  readonly voice?: Partial<VoiceSettings>;
  /** What the printed ticket says; fields left out take DEFAULT_TICKET_TEMPLATE. */
  readonly ticket?: Partial<TicketTemplate>;
  /** Notices for the call screens and the kiosk (none when absent). */
  readonly notices?: readonly Notice[];
  /** Alarm thresholds; fields left out take DEFAULT_ALARM_THRESHOLDS. */
  readonly alarms?: Partial<AlarmThresholds>;
  /** Deadlines of bad-rating work orders; fields left out take DEFAULT_WORK_ORDER_RULES. */
  readonly workOrders?: Partial<WorkOrderRules>;
}

export const TICKET_STATES = [
  'waiting',
  'called',
  'serving',
  'done',
  'no_show',
  'cancelled',
  'suspended',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** How a ticket was issued. */
export type IssueChannel = 'kiosk' | 'staff' | 'api' | 'web';

export interface Ticket {
  readonly id: TicketId;
  /** Printed number: prefix + zero-padded daily sequence, e.g. A001. */
  readonly number: string;
  readonly businessDay: BusinessDay;
  /** Daily sequence within the prefix. */
  readonly seq: number;
  readonly serviceId: ServiceId;
  readonly priority: PriorityClass;
  readonly state: TicketState;
  readonly channel: IssueChannel;
  readonly issuedAt: number;
  /** Arrival time in the current queue (reset on transfer unless the policy keeps it). */
  readonly queuedAt: number;
  /** Ordering key in the queue: normally `queuedAt`; moved forward on reactivation. */
  readonly sortKey: number;
  /** Only this window may call the ticket (transfer to a named window, resumed suspension). */
  readonly targetWindowId: WindowId | null;
  /** The window that called it last. */
  readonly windowId: WindowId | null;
  readonly staffId: StaffId | null;
  readonly calledAt: number | null;
  readonly lastCalledAt: number | null;
  readonly recallCount: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly transferCount: number;
  readonly note: string | null;
  /** Opaque per-person key (a keyed hash of the ID number) for per-person limits. */
  readonly personKey: string | null;
  /** Masked ID number for screens (3201**********1234); never the full number. */
  readonly personMasked: string | null;
  readonly appointmentId: string | null;
  /** The visitor's rating (好差评) of the service, once given. */
  readonly rating: Rating | null;
  /** Why the ticket left the queue when it did not end `done`. */
  readonly closedReason: 'clerk' | 'recall_limit' | 'day_closed' | 'visitor' | null;
}

/**
 * The five levels of the national 好差评 system, best first. 非常满意, 满意 and 基本满意 count
 * as good (好评); 不满意 and 非常不满意 are bad ratings (差评) and need a reason.
 */
export const RATING_SCORES = [
  'very_satisfied', // 非常满意
  'satisfied', // 满意
  'basic', // 基本满意
  'dissatisfied', // 不满意
  'very_dissatisfied', // 非常不满意
] as const;
export type RatingScore = (typeof RATING_SCORES)[number];

/** Reasons offered for a bad rating (the visitor may also write their own). */
export const BAD_RATING_REASONS = [
  'attitude', // 服务态度差
  'slow', // 办理时间长
  'unclear', // 告知不清楚
  'run_again', // 需要多次跑
  'wait_long', // 排队等候久
  'rules', // 不按规定办理
] as const;
export type BadRatingReason = (typeof BAD_RATING_REASONS)[number];

/** Whether a score is a bad rating (差评). */
export function isBadRating(score: RatingScore): boolean {
  return score === 'dissatisfied' || score === 'very_dissatisfied';
}

export interface Rating {
  readonly score: RatingScore;
  readonly reasons: readonly BadRatingReason[];
  /** Free text from the visitor (bad ratings), at most 200 characters. */
  readonly comment: string | null;
  /** 办件编号 of the case, when the clerk's case system gave one. */
  readonly caseNumber: string | null;
  readonly at: number;
  readonly windowId: WindowId;
  readonly staffId: StaffId | null;
}

export const WINDOW_STATES = ['closed', 'idle', 'calling', 'serving', 'paused'] as const;
export type WindowStateName = (typeof WINDOW_STATES)[number];

export interface WindowState {
  readonly windowId: WindowId;
  readonly state: WindowStateName;
  /** Since when the window is in this state (ms since epoch). */
  readonly since: number;
  readonly staffId: StaffId | null;
  readonly pauseReason: string | null;
  readonly currentTicketId: TicketId | null;
  /** Priority calls in a row, for the N:1 interleave. */
  readonly priorityStreak: number;
}

/** Recent handling times per service, for the estimated wait. */
export interface HandlingStats {
  /** Last handling times in ms, newest last (bounded). */
  readonly recentMs: readonly number[];
}

/** Everything that changes during a business day. */
export interface DayState {
  readonly businessDay: BusinessDay;
  /** Last issued daily sequence per prefix. */
  readonly counters: ReadonlyMap<string, number>;
  readonly tickets: ReadonlyMap<TicketId, Ticket>;
  readonly windows: ReadonlyMap<WindowId, WindowState>;
  readonly handling: ReadonlyMap<ServiceId, HandlingStats>;
}

/** The state the reducer works on: configuration plus the current business day. */
export interface HallState {
  readonly config: HallConfig;
  readonly day: DayState;
}

/** Number of handling samples kept per service for the estimate. */
export const HANDLING_SAMPLES = 20;
