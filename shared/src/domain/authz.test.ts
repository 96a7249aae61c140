import { describe, expect, it } from 'vitest';
import { demoHallConfig } from '../demo-hall/index.ts';
import type { Actor } from './actor.ts';
import { authorize } from './authz.ts';
import type { CommandBody } from './commands.ts';
import type { ErrorCode } from './errors.ts';
import { zoneId } from './ids.ts';
import type { ServiceId, TicketId, WindowId } from './ids.ts';
import type { HallConfig, HallState } from './model.ts';
import { emptyDay, reduce } from './reducer.ts';
import { localTimeToEpoch } from './time.ts';
import {
  ANONYMOUS,
  SYSTEM,
  TEST_DAY,
  deviceActor,
  integrationActor,
  issueBody,
  kioskDevice,
  staffActor,
  tid,
} from '../testing/factories.ts';

const DAY = TEST_DAY;
const NOW = localTimeToEpoch('2026-11-24', '10:00', 'Asia/Shanghai');

function firstWindowOf(config: HallConfig, zone: string): WindowId {
  const w = config.windows.find((x) => x.zoneId === zone);
  if (w === undefined) throw new Error(`no window in zone ${zone}`);
  return w.id;
}
function serviceByPrefix(config: HallConfig, prefix: string): ServiceId {
  const s = config.services.find((x) => x.prefix === prefix);
  if (s === undefined) throw new Error(`no service ${prefix}`);
  return s.id;
}

const CONFIG = demoHallConfig();
const A = zoneId('A');
const B = zoneId('B');
const WA = firstWindowOf(CONFIG, 'A'); // window 1
const WA2 = (WA + 1) as WindowId; // another zone A window
const WB = firstWindowOf(CONFIG, 'B');
const SVC_A = serviceByPrefix(CONFIG, 'A');
const SVC_B = serviceByPrefix(CONFIG, 'B');

const INTEGRATION = integrationActor('gov-app');
const ADMIN = staffActor('admin');
const MANAGER = staffActor('manager');
const GUIDE = staffActor('guide');
const LEAD_A = staffActor('zone_lead', { zoneIds: [A] });
const LEAD_B = staffActor('zone_lead', { zoneIds: [B] });
const CLERK_A = staffActor('clerk', { windowId: WA });
const CLERK_A2 = staffActor('clerk', { windowId: WA2 });
const CLERK_B = staffActor('clerk', { windowId: WB });
const CLERK_NOWHERE = staffActor('clerk');

function baseState(config: HallConfig = CONFIG): HallState {
  return { config, day: emptyDay(config, DAY, NOW) };
}

/** A001 (zone A) and B001 (zone B) waiting, A002 called at window WA, B002 called at WB. */
function busyState(): HallState {
  let s = baseState();
  const steps: readonly CommandBody[] = [
    issueBody(SVC_A),
    issueBody(SVC_A),
    issueBody(SVC_B),
    issueBody(SVC_B),
    { type: 'ticket.call', windowId: WA, ticketId: tid('A002') },
    { type: 'ticket.call', windowId: WB, ticketId: tid('B002') },
  ];
  for (const body of steps) {
    const r = reduce(s, { ...body, actor: SYSTEM }, NOW);
    if (!r.ok) throw new Error(`${body.type}: ${r.error.code}`);
    s = r.value.state;
  }
  return s;
}

/** null when allowed, else the refusal code. */
function verdict(state: HallState, body: CommandBody, actor: Actor): ErrorCode | null {
  return authorize(state, { ...body, actor })?.error.code ?? null;
}

describe('authorize: ticket.issue', () => {
  const s = baseState();
  it.each<[string, Actor, ErrorCode | null]>([
    ['kiosk device', kioskDevice(), null],
    ['guide', GUIDE, null],
    ['admin', ADMIN, null],
    ['manager', MANAGER, null],
    ['integration', INTEGRATION, null],
    ['system', SYSTEM, null],
    ['zone lead of the service zone', LEAD_A, null],
    ['zone lead of another zone', LEAD_B, 'forbidden'],
    ['clerk', CLERK_A, 'forbidden'],
    ['display device', deviceActor('display'), 'forbidden'],
    ['counter device', deviceActor('counter', { windowId: WA }), 'forbidden'],
    ['rating device', deviceActor('rating', { windowId: WA }), 'forbidden'],
  ])('%s → %s', (_name, actor, expected) => {
    expect(verdict(s, issueBody(SVC_A), actor)).toBe(expected);
  });

  it('a zone lead passes for an unknown service (the reducer answers not_found)', () => {
    expect(verdict(s, issueBody('nope' as ServiceId), LEAD_B)).toBeNull();
  });

  it('anonymous only when the hall allows anonymous issue', () => {
    const open = baseState({
      ...CONFIG,
      policies: { ...CONFIG.policies, allowAnonymousIssue: true },
    });
    const closed = baseState({
      ...CONFIG,
      policies: { ...CONFIG.policies, allowAnonymousIssue: false },
    });
    expect(verdict(open, issueBody(SVC_A), ANONYMOUS)).toBeNull();
    expect(verdict(closed, issueBody(SVC_A), ANONYMOUS)).toBe('unauthenticated');
    // Other callers are unaffected by the policy.
    expect(verdict(closed, issueBody(SVC_A), kioskDevice())).toBeNull();
  });
});

describe('authorize: calling (window.callNext, ticket.call)', () => {
  const s = busyState();
  const bodies: readonly [string, CommandBody][] = [
    ['callNext', { type: 'window.callNext', windowId: WA }],
    ['call', { type: 'ticket.call', windowId: WA, ticketId: tid('A001') }],
  ];
  const cases: readonly [string, Actor, ErrorCode | null][] = [
    ['the clerk at that window', CLERK_A, null],
    ['a counter device bound to it', deviceActor('counter', { windowId: WA }), null],
    ['system', SYSTEM, null],
    ['a clerk of another window', CLERK_A2, 'not_your_window'],
    ['a clerk signed in nowhere', CLERK_NOWHERE, 'not_your_window'],
    [
      'a counter device of another window',
      deviceActor('counter', { windowId: WB }),
      'not_your_window',
    ],
    ['an unbound counter device', deviceActor('counter'), 'not_your_window'],
    ['admin', ADMIN, 'forbidden'],
    ['manager', MANAGER, 'forbidden'],
    ['zone lead of the zone', LEAD_A, 'forbidden'],
    ['guide', GUIDE, 'forbidden'],
    ['kiosk', kioskDevice(), 'forbidden'],
    ['display device', deviceActor('display', { windowId: WA }), 'forbidden'],
    ['rating device', deviceActor('rating', { windowId: WA }), 'forbidden'],
    ['integration', INTEGRATION, 'forbidden'],
    ['anonymous', ANONYMOUS, 'unauthenticated'],
  ];
  for (const [bodyName, body] of bodies) {
    it.each(cases)(`${bodyName}: %s → %s`, (_name, actor, expected) => {
      expect(verdict(s, body, actor)).toBe(expected);
    });
  }

  it('names both windows in not_your_window', () => {
    const refusal = authorize(s, { type: 'window.callNext', windowId: WA, actor: CLERK_B });
    expect(refusal?.error.details).toEqual({ windowId: WA, yourWindowId: WB });
  });
});

describe('authorize: window open / close / pause / resume', () => {
  const s = baseState();
  const bodies = (w: WindowId): readonly CommandBody[] => [
    { type: 'window.open', windowId: w },
    { type: 'window.close', windowId: w },
    { type: 'window.pause', windowId: w, reason: '会议' },
    { type: 'window.resume', windowId: w },
  ];
  it.each<[string, Actor, WindowId, ErrorCode | null]>([
    ['manager, any window', MANAGER, WB, null],
    ['admin, any window', ADMIN, WA, null],
    ['zone lead, own zone', LEAD_A, WA2, null],
    ['zone lead, other zone', LEAD_B, WA, 'forbidden'],
    ['zone lead of several zones', staffActor('zone_lead', { zoneIds: [A, B] }), WB, null],
    ['clerk at the window', CLERK_A, WA, null],
    ['counter device bound to it', deviceActor('counter', { windowId: WB }), WB, null],
    ['clerk of another window', CLERK_A, WB, 'not_your_window'],
    ['guide', GUIDE, WA, 'forbidden'],
    ['display', deviceActor('display', { windowId: WA }), WA, 'forbidden'],
    ['anonymous', ANONYMOUS, WA, 'unauthenticated'],
    ['system', SYSTEM, WA, null],
  ])('%s', (_name, actor, w, expected) => {
    for (const body of bodies(w)) expect(verdict(s, body, actor)).toBe(expected);
  });
});

describe('authorize: acting on a called ticket', () => {
  const s = busyState();
  const types = [
    'ticket.recall',
    'ticket.start',
    'ticket.complete',
    'ticket.noShow',
    'ticket.suspend',
  ] as const;
  it.each<[string, Actor, ErrorCode | null]>([
    ['the clerk of its window', CLERK_A, null],
    ['the counter device of its window', deviceActor('counter', { windowId: WA }), null],
    ['a clerk of another window', CLERK_A2, 'not_your_window'],
    ['manager', MANAGER, 'forbidden'],
    ['zone lead', LEAD_A, 'forbidden'],
    ['guide', GUIDE, 'forbidden'],
    ['anonymous', ANONYMOUS, 'unauthenticated'],
  ])('%s → %s', (_name, actor, expected) => {
    for (const type of types) {
      expect(verdict(s, { type, ticketId: tid('A002') }, actor)).toBe(expected);
    }
  });

  it('unknown tickets pass (the reducer answers not_found)', () => {
    expect(verdict(s, { type: 'ticket.start', ticketId: tid('A999') }, GUIDE)).toBeNull();
  });

  it('never-called tickets: anyone at a window passes, others are refused', () => {
    const body: CommandBody = { type: 'ticket.start', ticketId: tid('A001') };
    expect(verdict(s, body, CLERK_B)).toBeNull();
    expect(verdict(s, body, deviceActor('counter', { windowId: WB }))).toBeNull();
    expect(verdict(s, body, GUIDE)).toBe('forbidden');
    expect(verdict(s, body, MANAGER)).toBe('forbidden');
    expect(verdict(s, body, ANONYMOUS)).toBe('unauthenticated');
  });
});

describe('authorize: ticket.transfer', () => {
  const s = busyState();
  const transfer = (ticketId: TicketId): CommandBody => ({
    type: 'ticket.transfer',
    ticketId,
    toServiceId: SVC_B,
    toWindowId: null,
    note: null,
  });
  it('a called ticket: its window, managers, the zone lead of that window', () => {
    const body = transfer(tid('A002'));
    expect(verdict(s, body, CLERK_A)).toBeNull();
    expect(verdict(s, body, MANAGER)).toBeNull();
    expect(verdict(s, body, ADMIN)).toBeNull();
    expect(verdict(s, body, LEAD_A)).toBeNull();
    expect(verdict(s, body, LEAD_B)).toBe('forbidden');
    expect(verdict(s, body, CLERK_B)).toBe('not_your_window');
    expect(verdict(s, body, GUIDE)).toBe('forbidden');
  });

  it('a waiting ticket never called: managers and the zone lead of its service zone', () => {
    const body = transfer(tid('A001'));
    expect(verdict(s, body, MANAGER)).toBeNull();
    expect(verdict(s, body, ADMIN)).toBeNull();
    expect(verdict(s, body, LEAD_A)).toBeNull();
    expect(verdict(s, body, LEAD_B)).toBe('forbidden');
    expect(verdict(s, body, GUIDE)).toBe('forbidden');
    expect(verdict(s, body, INTEGRATION)).toBe('forbidden');
    // Pinned: any clerk passes here (the reducer then accepts a move by staff).
    expect(verdict(s, body, CLERK_B)).toBeNull();
  });
});

describe('authorize: ticket.reactivate and ticket.cancel', () => {
  const s = busyState();
  for (const type of ['ticket.reactivate', 'ticket.cancel'] as const) {
    it.each<[string, Actor, string, ErrorCode | null]>([
      ['guide', GUIDE, 'A002', null],
      ['manager', MANAGER, 'A002', null],
      ['admin', ADMIN, 'B001', null],
      ['zone lead, own zone', LEAD_A, 'A001', null],
      ['zone lead, other zone', LEAD_B, 'A001', 'forbidden'],
      ["the ticket's window clerk", CLERK_A, 'A002', null],
      ["the ticket's window counter", deviceActor('counter', { windowId: WA }), 'A002', null],
      ['a clerk of another window', CLERK_B, 'A002', 'not_your_window'],
      ['a clerk, never-called ticket', CLERK_A, 'A001', 'forbidden'],
      ['kiosk', kioskDevice(), 'A002', 'forbidden'],
      ['anonymous', ANONYMOUS, 'A001', 'unauthenticated'],
      ['system', SYSTEM, 'A001', null],
    ])(`${type}: %s`, (_name, actor, number, expected) => {
      expect(verdict(s, { type, ticketId: tid(number) }, actor)).toBe(expected);
    });
  }

  it('an integration may cancel (the visitor, through an app) but not reactivate', () => {
    expect(verdict(s, { type: 'ticket.cancel', ticketId: tid('A001') }, INTEGRATION)).toBeNull();
    expect(verdict(s, { type: 'ticket.reactivate', ticketId: tid('A002') }, INTEGRATION)).toBe(
      'forbidden',
    );
  });
});

describe('authorize: ticket.resume', () => {
  it('the window the ticket was suspended at, or whoever manages that window', () => {
    let s = busyState();
    const r = reduce(s, { type: 'ticket.suspend', ticketId: tid('A002'), actor: CLERK_A }, NOW);
    if (!r.ok) throw new Error(r.error.code);
    s = r.value.state;
    const body: CommandBody = { type: 'ticket.resume', ticketId: tid('A002') };
    expect(verdict(s, body, CLERK_A)).toBeNull();
    expect(verdict(s, body, MANAGER)).toBeNull();
    expect(verdict(s, body, LEAD_A)).toBeNull();
    expect(verdict(s, body, LEAD_B)).toBe('forbidden');
    expect(verdict(s, body, CLERK_B)).toBe('not_your_window');
    expect(verdict(s, body, GUIDE)).toBe('forbidden');
    // A ticket never at a window has nobody to resume it.
    expect(verdict(s, { type: 'ticket.resume', ticketId: tid('A001') }, CLERK_A)).toBe('forbidden');
  });
});

describe('authorize: day.close', () => {
  const s = baseState();
  it.each<[string, Actor, ErrorCode | null]>([
    ['system', SYSTEM, null],
    ['admin', ADMIN, null],
    ['manager', MANAGER, null],
    ['zone lead', LEAD_A, 'forbidden'],
    ['clerk', CLERK_A, 'forbidden'],
    ['guide', GUIDE, 'forbidden'],
    ['kiosk', kioskDevice(), 'forbidden'],
    ['counter', deviceActor('counter', { windowId: WA }), 'forbidden'],
    ['integration', INTEGRATION, 'forbidden'],
    ['anonymous', ANONYMOUS, 'unauthenticated'],
  ])('%s → %s', (_name, actor, expected) => {
    expect(verdict(s, { type: 'day.close' }, actor)).toBe(expected);
  });
});

describe('authorize through reduce', () => {
  it('a refusal from authz comes back from reduce unchanged', () => {
    const s = busyState();
    const r = reduce(s, { type: 'window.callNext', windowId: WA, actor: MANAGER }, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('forbidden');
      expect(r.error.details).toEqual({ command: 'window.callNext' });
    }
  });
});
