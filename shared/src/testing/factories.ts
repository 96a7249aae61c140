/**
 * FOR TESTS ONLY: builders shared by the unit tests of shared/ and server/. Production code
 * must never import this module (it is not exported by the package).
 *
 * Pure like the rest of shared/: no Node imports, no Date, no Math.random. Every default is a
 * fixed value; times are plain numbers the caller passes in. A test that depends on a value
 * should pass it explicitly rather than rely on a default here.
 */
import type { Actor, DeviceRole, StaffRole } from '../domain/actor.ts';
import type { CommandBody } from '../domain/commands.ts';
import {
  businessDay,
  deviceId,
  floorId,
  makeTicketId,
  serviceId,
  staffId,
  windowId,
  zoneId,
} from '../domain/ids.ts';
import type { BusinessDay, ServiceId, TicketId, WindowId, ZoneId } from '../domain/ids.ts';
import type {
  Assignment,
  Calendar,
  Hall,
  HallConfig,
  Policies,
  PriorityClass,
  Service,
  Ticket,
  TicketState,
  WindowDef,
  WindowState,
  Zone,
} from '../domain/model.ts';

// ---------------------------------------------------------------------------------------
// Ids.

/** The business day of the unit tests: Tuesday 2026-11-24. */
export const TEST_DAY: BusinessDay = businessDay('2026-11-24');

/** The three services of the small test halls, with ticket prefixes A, B and C. */
export const IDC = serviceId('idc');
export const TAX = serviceId('tax');
export const SEAL = serviceId('seal');
const SERVICE_BY_PREFIX: Readonly<Record<string, ServiceId>> = { A: IDC, B: TAX, C: SEAL };

export const W1 = windowId(1);
export const W2 = windowId(2);
export const W3 = windowId(3);

/** The id of ticket `number` on `day` (default {@link TEST_DAY}), e.g. `20261124-A001`. */
export function tid(number: string, day: BusinessDay = TEST_DAY): TicketId {
  return makeTicketId(day, number);
}

// ---------------------------------------------------------------------------------------
// Day state.

/**
 * A complete ticket, by default waiting: A001 of service {@link IDC} on {@link TEST_DAY}, issued by
 * kiosk at time 0. `id` follows `businessDay` and `number`, `seq` follows `number`, unless
 * given.
 */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  const number = overrides.number ?? 'A001';
  const day = overrides.businessDay ?? TEST_DAY;
  return {
    id: makeTicketId(day, number),
    number,
    businessDay: day,
    seq: Number(number.slice(1)),
    serviceId: IDC,
    priority: 'normal',
    state: 'waiting',
    channel: 'kiosk',
    issuedAt: 0,
    queuedAt: 0,
    sortKey: 0,
    targetWindowId: null,
    windowId: null,
    staffId: null,
    calledAt: null,
    lastCalledAt: null,
    recallCount: 0,
    startedAt: null,
    finishedAt: null,
    transferCount: 0,
    note: null,
    personKey: null,
    personMasked: null,
    appointmentId: null,
    rating: null,
    closedReason: null,
    ...overrides,
  };
}

/** What {@link ticketAt} takes besides the number and the arrival time. */
export interface TicketSpec {
  /** Defaults to the service of the number's prefix letter ({@link SERVICE_BY_PREFIX}). */
  readonly serviceId?: ServiceId;
  readonly priority?: PriorityClass;
  readonly state?: TicketState;
  readonly issuedAt?: number;
  readonly queuedAt?: number;
  readonly targetWindowId?: WindowId | null;
  readonly transferCount?: number;
}

/**
 * A ticket of {@link TEST_DAY} (by default normal and waiting) arrived at `at`: sortKey = `at`,
 * and issuedAt = queuedAt = `at` unless given.
 */
export function ticketAt(number: string, at: number, spec: TicketSpec = {}): Ticket {
  const service = spec.serviceId ?? SERVICE_BY_PREFIX[number.charAt(0)];
  if (service === undefined) throw new Error(`no service for ${number}`);
  return makeTicket({
    number,
    businessDay: TEST_DAY,
    serviceId: service,
    priority: spec.priority ?? 'normal',
    state: spec.state ?? 'waiting',
    issuedAt: spec.issuedAt ?? at,
    queuedAt: spec.queuedAt ?? at,
    sortKey: at,
    targetWindowId: spec.targetWindowId ?? null,
    transferCount: spec.transferCount ?? 0,
  });
}

/** A window's state, by default window 1 idle since 0 with no clerk, ticket or streak. */
export function makeWindowState(overrides: Partial<WindowState> = {}): WindowState {
  return {
    windowId: W1,
    state: 'idle',
    since: 0,
    staffId: null,
    pauseReason: null,
    currentTicketId: null,
    priorityStreak: 0,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------
// Configuration.

/**
 * A service, by default {@link IDC} (prefix A, zone A, 10 minutes expected, no quota, no
 * limit); its name and English name default to its id.
 */
export function makeService(overrides: Partial<Service> = {}): Service {
  const id = overrides.id ?? IDC;
  return {
    id,
    zoneId: zoneId('A'),
    name: id,
    nameEn: id,
    prefix: 'A',
    hours: [],
    lastTicketTime: null,
    dailyQuota: null,
    quotaWarning: null,
    perPersonDailyLimit: null,
    expectedHandlingMin: 10,
    bookable: false,
    materials: [],
    materialsEn: [],
    ...overrides,
  };
}

/** Zone `id` on floor 1, named `${id}区` / `Zone ${id}`, waiting at 一楼 / Floor 1. */
export function makeZone(id: string, overrides: Partial<Zone> = {}): Zone {
  return {
    id: zoneId(id),
    floorId: floorId(1),
    name: `${id}区`,
    nameEn: `Zone ${id}`,
    location: '一楼',
    locationEn: 'Floor 1',
    ...overrides,
  };
}

/** A general window of zone A with no label and the hall's dispatch policy. */
export function makeWindowDef(id: WindowId, overrides: Partial<WindowDef> = {}): WindowDef {
  return {
    id,
    zoneId: zoneId('A'),
    kind: 'general',
    label: null,
    dispatchPolicy: null,
    ...overrides,
  };
}

export function makeAssignment(
  window: WindowId,
  service: ServiceId,
  role: Assignment['role'],
  weight = 1,
): Assignment {
  return { windowId: window, serviceId: service, role, weight };
}

/** What {@link testConfig} takes: `hall`, `calendar` and `policies` are merged field by field. */
export interface TestConfigOverrides extends Partial<
  Omit<HallConfig, 'hall' | 'calendar' | 'policies'>
> {
  readonly hall?: Partial<Hall>;
  readonly calendar?: Partial<Calendar>;
  readonly policies?: Partial<Policies>;
}

/**
 * A small hall configuration. Defaults: hall `test` (测试大厅) in Asia/Shanghai closing its day
 * at 23:59; floor 1 with zone A; no services, windows or assignments; a calendar that is
 * always open (weekdays, no hours); priority dispatch with N:1 = 2, 3 recalls ≥ 10 s apart,
 * no-show reactivation within 30 min re-entering at place 3, transfers keeping the arrival,
 * day close cancelling, no anonymous issue, rating within 300 s.
 */
export function testConfig(overrides: TestConfigOverrides = {}): HallConfig {
  return {
    hall: {
      id: 'test',
      name: '测试大厅',
      nameEn: 'Test hall',
      timeZone: 'Asia/Shanghai',
      dayCloseTime: '23:59',
      ...overrides.hall,
    },
    floors: overrides.floors ?? [{ id: floorId(1), name: '一楼', nameEn: 'Floor 1' }],
    zones: overrides.zones ?? [makeZone('A')],
    services: overrides.services ?? [],
    windows: overrides.windows ?? [],
    assignments: overrides.assignments ?? [],
    calendar: {
      alwaysOpen: true,
      workingDays: [1, 2, 3, 4, 5],
      hours: [],
      holidays: [],
      extraWorkingDays: [],
      saturdayHours: [],
      ...overrides.calendar,
    },
    policies: {
      dispatch: 'priority',
      priorityInterleave: 2,
      recallLimit: 3,
      recallMinGapSec: 10,
      autoNoShowAfterRecallLimit: true,
      noShowReactivateMin: 30,
      noShowReinsertPosition: 3,
      transferKeepsArrival: true,
      dayClose: 'cancel',
      allowAnonymousIssue: false,
      allowAnonymousRating: false,
      ratingWindowSec: 300,
      ...overrides.policies,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Actors.

export const SYSTEM: Actor = { kind: 'system' };
export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** A staff session; the staff id defaults to `${role}-1`, no window, no zones. */
export function staffActor(
  role: StaffRole,
  options: {
    readonly staffId?: string;
    readonly windowId?: WindowId | null;
    readonly zoneIds?: readonly ZoneId[];
  } = {},
): Actor {
  return {
    kind: 'staff',
    staffId: staffId(options.staffId ?? `${role}-1`),
    role,
    windowId: options.windowId ?? null,
    zoneIds: options.zoneIds ?? [],
  };
}

/** A paired device; the device id defaults to `${role}-1`, no window. */
export function deviceActor(
  role: DeviceRole,
  options: { readonly deviceId?: string; readonly windowId?: WindowId | null } = {},
): Actor {
  return {
    kind: 'device',
    deviceId: deviceId(options.deviceId ?? `${role}-1`),
    role,
    windowId: options.windowId ?? null,
  };
}

/** A clerk signed in at `window`, staff id `c<window>` unless given. */
export function clerkAt(window: WindowId, id = `c${window}`): Actor {
  return staffActor('clerk', { staffId: id, windowId: window });
}

/** A hall manager, staff id `m1` unless given. */
export function manager(id = 'm1'): Actor {
  return staffActor('manager', { staffId: id });
}

/** A ticket kiosk, device id `kiosk-1` unless given. */
export function kioskDevice(id = 'kiosk-1'): Actor {
  return deviceActor('kiosk', { deviceId: id });
}

export function integrationActor(keyId: string): Actor {
  return { kind: 'integration', keyId };
}

// ---------------------------------------------------------------------------------------
// Command bodies.

/** `ticket.issue` at a kiosk: normal priority, no person, no appointment unless given. */
export function issueBody(
  service: ServiceId,
  extra: Partial<{ priority: PriorityClass; personKey: string | null }> = {},
): CommandBody {
  return {
    type: 'ticket.issue',
    serviceId: service,
    priority: extra.priority ?? 'normal',
    channel: 'kiosk',
    personKey: extra.personKey ?? null,
    personMasked: null,
    appointmentId: null,
  };
}

/** The commands that name only a ticket. */
export type TicketCommandType =
  | 'ticket.recall'
  | 'ticket.start'
  | 'ticket.complete'
  | 'ticket.noShow'
  | 'ticket.reactivate'
  | 'ticket.suspend'
  | 'ticket.resume'
  | 'ticket.cancel';

/** A command that names only a ticket (recall, start, complete, …). */
export function act(type: TicketCommandType, ticket: TicketId): CommandBody {
  return { type, ticketId: ticket };
}
