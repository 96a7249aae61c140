/**
 * The alarm rules (预警规则, brief §5.5) as one pure, deterministic function: given the hall
 * (configuration + business day), the time, the thresholds, what the server knows of its
 * devices and open work orders, and the alarms already live, which alarms to raise and
 * which to clear. The server's alarm engine only gathers the facts and commits the plan;
 * tests can check every rule without a server or a clock.
 *
 * Every condition has a key naming its subject (`window_paused:7:<since>`,
 * `wait_over:svc-a1` …). A condition whose key has an active (not yet cleared) alarm raises
 * nothing — one active alarm per key; an active alarm whose condition no longer holds is
 * cleared. A condition that comes back after its alarm cleared is a new episode and a new
 * alarm, even while the old one waits for its acknowledgement: the live list never shows a
 * condition that holds as cleared. Keys of window and handling conditions carry the start of
 * the episode (the window's `since`, the call time).
 */
import {
  workOrderOverdue,
  type Alarm,
  type AlarmKind,
  type AlarmThresholds,
  type WorkOrder,
} from './admin.ts';
import { queueStats } from './eta.ts';
import type { DomainEvent } from './events.ts';
import { isBadRating, type HallState } from './model.ts';

const MIN = 60_000;

/** The paper state of a kiosk printer as last reported (`ok` once a roll is back). */
export type PrinterPaper = 'ok' | 'paper_low' | 'paper_out';

/** What the server knows of one registered device. */
export interface DeviceFact {
  readonly deviceId: string;
  readonly name: string;
  readonly role: string;
  /** The zone of its window (counters, rating pads) or binding; null when hall-wide. */
  readonly zoneId: string | null;
  readonly windowId: number | null;
  readonly revoked: boolean;
  /** Whether a hall client ever paired with it (and it has a token). */
  readonly paired: boolean;
  readonly pairedAt: number | null;
  readonly lastSeenAt: number | null;
  /** Whether a socket with its token is connected right now. */
  readonly connected: boolean;
  /** The paper state its printer last reported; null when never reported. */
  readonly paper: PrinterPaper | null;
}

/** Everything the rules look at. */
export interface AlarmFacts {
  readonly state: HallState;
  readonly now: number;
  readonly thresholds: AlarmThresholds;
  readonly devices: readonly DeviceFact[];
  /** Work orders that are not closed. */
  readonly workOrders: readonly WorkOrder[];
  /** The alarms on the live list (not both cleared and acknowledged). */
  readonly live: readonly Alarm[];
}

/** A condition that holds now: an alarm to raise unless its key already has a live one. */
export interface AlarmCondition {
  readonly kind: AlarmKind;
  readonly key: string;
  readonly zoneId: string | null;
  readonly windowId: number | null;
  readonly serviceId: string | null;
  readonly deviceId: string | null;
  readonly ticketId: string | null;
  readonly workOrderId: string | null;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly detail: string | null;
}

export interface AlarmPlan {
  /** New conditions, in a stable order (kind, then key). */
  readonly raise: readonly AlarmCondition[];
  /** Live, uncleared alarms whose condition has ended. */
  readonly clear: readonly Alarm[];
}

/** Kinds the rules derive from the state; `bad_rating` comes from events only. */
const STATE_KINDS: ReadonlySet<AlarmKind> = new Set<AlarmKind>([
  'wait_over',
  'queue_length',
  'window_idle',
  'window_paused',
  'handling_over',
  'device_offline',
  'printer_paper_low',
  'printer_paper_out',
  'work_order_overdue',
]);

function condition(
  kind: AlarmKind,
  key: string,
  fields: Partial<Omit<AlarmCondition, 'kind' | 'key'>>,
): AlarmCondition {
  return {
    kind,
    key: `${kind}:${key}`,
    zoneId: null,
    windowId: null,
    serviceId: null,
    deviceId: null,
    ticketId: null,
    workOrderId: null,
    value: null,
    threshold: null,
    detail: null,
    ...fields,
  };
}

/** Whole minutes, rounded up, so a value shown is always above the threshold it crossed. */
function minutes(ms: number): number {
  return Math.ceil(ms / MIN);
}

/** Every state-derived condition that holds at `facts.now`. */
export function alarmConditions(
  facts: Omit<AlarmFacts, 'live' | 'workOrders'> & Partial<Pick<AlarmFacts, 'workOrders'>>,
): AlarmCondition[] {
  const { state, now, thresholds: th } = facts;
  const out: AlarmCondition[] = [];
  const windowZone = new Map(state.config.windows.map((w) => [w.id, w.zoneId]));

  if (th.waitMin > 0 || th.queueLength > 0) {
    for (const stats of queueStats(state, now)) {
      if (th.waitMin > 0 && stats.waiting > 0 && stats.longestWaitMs > th.waitMin * MIN) {
        const longest = longestWaiting(state, stats.serviceId);
        out.push(
          condition('wait_over', stats.serviceId, {
            zoneId: stats.zoneId,
            serviceId: stats.serviceId,
            ticketId: longest?.id ?? null,
            value: minutes(stats.longestWaitMs),
            threshold: th.waitMin,
            detail: longest?.number ?? null,
          }),
        );
      }
      if (th.queueLength > 0 && stats.waiting > th.queueLength) {
        out.push(
          condition('queue_length', stats.serviceId, {
            zoneId: stats.zoneId,
            serviceId: stats.serviceId,
            value: stats.waiting,
            threshold: th.queueLength,
          }),
        );
      }
    }
  }

  for (const window of state.day.windows.values()) {
    const zoneId = windowZone.get(window.windowId) ?? null;
    if (zoneId === null) continue; // a window the configuration no longer has
    const inState = now - window.since;
    const at = { zoneId, windowId: window.windowId };
    if (window.state === 'idle' && th.idleMin > 0 && inState > th.idleMin * MIN) {
      out.push(
        condition('window_idle', `${window.windowId}:${window.since}`, {
          ...at,
          value: minutes(inState),
          threshold: th.idleMin,
          detail: window.staffId,
        }),
      );
    }
    if (window.state === 'paused' && th.pausedMin > 0 && inState > th.pausedMin * MIN) {
      out.push(
        condition('window_paused', `${window.windowId}:${window.since}`, {
          ...at,
          value: minutes(inState),
          threshold: th.pausedMin,
          detail: window.pauseReason,
        }),
      );
    }
    if (
      (window.state === 'calling' || window.state === 'serving') &&
      window.currentTicketId !== null &&
      th.handlingMin > 0
    ) {
      const ticket = state.day.tickets.get(window.currentTicketId);
      const since = ticket?.calledAt ?? null;
      if (ticket !== undefined && since !== null && now - since > th.handlingMin * MIN) {
        out.push(
          condition('handling_over', `${ticket.id}:${since}`, {
            ...at,
            serviceId: ticket.serviceId,
            ticketId: ticket.id,
            value: minutes(now - since),
            threshold: th.handlingMin,
            detail: ticket.number,
          }),
        );
      }
    }
  }

  for (const device of facts.devices) {
    if (device.revoked) continue;
    const where = { zoneId: device.zoneId, windowId: device.windowId, deviceId: device.deviceId };
    if (device.paired && !device.connected && th.deviceOfflineMin > 0) {
      const seen = device.lastSeenAt ?? device.pairedAt;
      if (seen !== null && now - seen > th.deviceOfflineMin * MIN) {
        out.push(
          condition('device_offline', device.deviceId, {
            ...where,
            value: minutes(now - seen),
            threshold: th.deviceOfflineMin,
            detail: device.name,
          }),
        );
      }
    }
    if (th.printerPaper && (device.paper === 'paper_low' || device.paper === 'paper_out')) {
      const kind = device.paper === 'paper_out' ? 'printer_paper_out' : 'printer_paper_low';
      out.push(condition(kind, device.deviceId, { ...where, detail: device.name }));
    }
  }

  if (th.workOrderOverdue) {
    for (const order of facts.workOrders ?? []) {
      const which = workOrderOverdue(order, now);
      if (which === null) continue;
      const due = which === 'callback' ? order.callbackDue : order.rectifyDue;
      out.push(
        condition('work_order_overdue', `${order.id}:${which}`, {
          zoneId: order.zoneId,
          windowId: order.windowId,
          serviceId: order.serviceId,
          ticketId: order.ticketId,
          workOrderId: order.id,
          value: minutes(now - due),
          detail: `${which}:${order.ticketNumber}`,
        }),
      );
    }
  }
  return out.sort(byKindThenKey);
}

function longestWaiting(
  state: HallState,
  serviceId: string,
): { readonly id: string; readonly number: string } | null {
  let best: { id: string; number: string; queuedAt: number } | null = null;
  for (const ticket of state.day.tickets.values()) {
    if (ticket.state !== 'waiting' || ticket.serviceId !== serviceId) continue;
    if (best === null || ticket.queuedAt < best.queuedAt) {
      best = { id: ticket.id, number: ticket.number, queuedAt: ticket.queuedAt };
    }
  }
  return best;
}

function byKindThenKey(a: AlarmCondition, b: AlarmCondition): number {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** What to raise and clear at `facts.now` (see the module comment). */
export function planAlarms(facts: AlarmFacts): AlarmPlan {
  const holding = alarmConditions(facts);
  const activeKeys = new Set(facts.live.filter((a) => a.clearedAt === null).map((a) => a.key));
  const holdingKeys = new Set(holding.map((c) => c.key));
  const raise = holding.filter((c) => !activeKeys.has(c.key));
  const clear = facts.live
    .filter((a) => a.clearedAt === null && STATE_KINDS.has(a.kind) && !holdingKeys.has(a.key))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { raise, clear };
}

/**
 * Bad ratings (差评) among committed events: one condition per `ticket.rated` with 不满意 or
 * 非常不满意 (when the threshold is on), raised and cleared at once — it needs only an
 * acknowledgement. Keys already known (`known`) are skipped.
 */
export function badRatingConditions(
  state: HallState,
  events: readonly DomainEvent[],
  thresholds: AlarmThresholds,
  known: ReadonlySet<string> = new Set(),
): AlarmCondition[] {
  if (!thresholds.badRating) return [];
  const out: AlarmCondition[] = [];
  const windowZone = new Map(state.config.windows.map((w) => [w.id, w.zoneId]));
  const serviceZone = new Map(state.config.services.map((s) => [s.id, s.zoneId]));
  for (const event of events) {
    if (event.type !== 'ticket.rated') continue;
    const { ticket } = event;
    const rating = ticket.rating;
    if (rating === null || !isBadRating(rating.score)) continue;
    const key = `bad_rating:${ticket.id}`;
    if (known.has(key) || out.some((c) => c.key === key)) continue;
    out.push(
      condition('bad_rating', ticket.id, {
        zoneId: windowZone.get(rating.windowId) ?? serviceZone.get(ticket.serviceId) ?? null,
        windowId: rating.windowId,
        serviceId: ticket.serviceId,
        ticketId: ticket.id,
        detail: `${ticket.number}:${rating.score}`,
      }),
    );
  }
  return out;
}

/** The alarm a condition raises (id from the raising event's seq; bad ratings come cleared). */
export function alarmOf(condition: AlarmCondition, id: string, at: number): Alarm {
  return {
    id,
    kind: condition.kind,
    key: condition.key,
    zoneId: condition.zoneId,
    windowId: condition.windowId,
    serviceId: condition.serviceId,
    deviceId: condition.deviceId,
    ticketId: condition.ticketId,
    workOrderId: condition.workOrderId,
    value: condition.value,
    threshold: condition.threshold,
    detail: condition.detail,
    raisedAt: at,
    clearedAt: condition.kind === 'bad_rating' ? at : null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    note: null,
  };
}
