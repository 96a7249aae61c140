import type { Actor } from './actor.ts';
import type { Command } from './commands.ts';
import { fail, type DomainError } from './errors.ts';
import type { WindowId, ZoneId } from './ids.ts';
import type { HallState, Ticket } from './model.ts';

type Refusal = { readonly ok: false; readonly error: DomainError };

/**
 * Who may send which command (brief §5.4, "every event checked against the sender's role
 * and binding"). Pure: the server authenticates the actor; this decides.
 *
 * - Issue: kiosk devices, the guide desk, managers/admins, zone leads for their zones,
 *   integrations, and anonymous callers where the hall allows it.
 * - Calling and serving: the clerk signed in to the window, or a counter device bound to
 *   it. Managers and admins open, close, pause and resume any window (a zone lead those
 *   of their zones) but do not call for a clerk.
 * - Transfer: the window holding the ticket, or whoever manages that window; a waiting
 *   ticket never called also by managers and the zone lead of its service's zone.
 * - Reactivate / cancel: the guide desk, managers, the window that handled the ticket.
 * - Day close: the system clock, admins and managers.
 *
 * @returns null when allowed, else the refusal.
 */
export function authorize(state: HallState, command: Command): Refusal | null {
  const { actor } = command;
  if (actor.kind === 'system') return null;
  switch (command.type) {
    case 'ticket.issue': {
      if (actor.kind === 'integration') return null;
      if (actor.kind === 'anonymous') {
        return state.config.policies.allowAnonymousIssue
          ? null
          : fail('unauthenticated', 'Sign in or use a paired kiosk to take a ticket.');
      }
      if (actor.kind === 'device') {
        return actor.role === 'kiosk' ? null : forbidden(actor, command.type);
      }
      if (actor.role === 'zone_lead') {
        const service = state.config.services.find((s) => s.id === command.serviceId);
        return service === undefined || actor.zoneIds.includes(service.zoneId)
          ? null
          : forbidden(actor, command.type);
      }
      return actor.role === 'clerk' ? forbidden(actor, command.type) : null;
    }
    case 'window.callNext':
    case 'ticket.call':
      return atWindow(actor, command.windowId, command.type);
    case 'window.open':
    case 'window.close':
    case 'window.pause':
    case 'window.resume':
      return manages(state, actor, command.windowId)
        ? null
        : atWindow(actor, command.windowId, command.type);
    case 'ticket.recall':
    case 'ticket.start':
    case 'ticket.complete':
    case 'ticket.noShow':
    case 'ticket.suspend':
    case 'ticket.transfer': {
      const ticket = state.day.tickets.get(command.ticketId);
      if (ticket === undefined) return null; // the reducer answers not_found
      if (ticket.windowId === null) {
        // A manager (a zone lead in their zones) may move a waiting ticket never called yet.
        if (command.type === 'ticket.transfer' && managesTicket(state, actor, ticket)) return null;
        // Never called: only someone at a window could act, and the reducer says why not.
        return isAtAnyWindow(actor) ? null : unauthenticatedOr(actor, command.type);
      }
      if (command.type === 'ticket.transfer' && manages(state, actor, ticket.windowId)) {
        return null;
      }
      return atWindow(actor, ticket.windowId, command.type);
    }
    case 'ticket.resume': {
      const ticket = state.day.tickets.get(command.ticketId);
      if (ticket === undefined) return null;
      const target = ticket.targetWindowId ?? ticket.windowId;
      if (target === null) return unauthenticatedOr(actor, command.type);
      return manages(state, actor, target) ? null : atWindow(actor, target, command.type);
    }
    case 'ticket.reactivate':
    case 'ticket.cancel': {
      const ticket = state.day.tickets.get(command.ticketId);
      if (ticket === undefined) return null;
      if (actor.kind === 'integration' && command.type === 'ticket.cancel') return null;
      if (actor.kind === 'staff' && (actor.role === 'guide' || isManager(actor.role))) {
        return null;
      }
      if (actor.kind === 'staff' && actor.role === 'zone_lead') {
        const zone = zoneOfTicket(state, ticket);
        return zone !== null && actor.zoneIds.includes(zone)
          ? null
          : forbidden(actor, command.type);
      }
      if (ticket.windowId !== null) return atWindow(actor, ticket.windowId, command.type);
      return unauthenticatedOr(actor, command.type);
    }
    case 'ticket.rate': {
      // The visitor rates, never the clerk: the rating device of the ticket's window, a
      // 好差评 platform integration, or (where the hall allows it) a browser rating screen.
      if (actor.kind === 'integration') return null;
      if (actor.kind === 'anonymous') {
        return state.config.policies.allowAnonymousRating
          ? null
          : fail('unauthenticated', 'Use the paired rating device of the window.');
      }
      if (actor.kind === 'device' && actor.role === 'rating') {
        const ticket = state.day.tickets.get(command.ticketId);
        if (ticket === undefined || ticket.windowId === null) return null;
        return actor.windowId === ticket.windowId
          ? null
          : fail('not_your_window', 'This rating device belongs to another window.', {
              windowId: ticket.windowId,
            });
      }
      return fail('forbidden', 'Only the visitor rates the service, on the rating screen.', {
        command: command.type,
      });
    }
    case 'day.close':
      return actor.kind === 'staff' && isManager(actor.role)
        ? null
        : unauthenticatedOr(actor, command.type);
  }
}

function isAtAnyWindow(actor: Actor): boolean {
  return (
    (actor.kind === 'staff' && actor.role === 'clerk') ||
    (actor.kind === 'device' && actor.role === 'counter')
  );
}

function isManager(role: string): boolean {
  return role === 'admin' || role === 'manager';
}

function zoneOfTicket(state: HallState, ticket: Ticket): ZoneId | null {
  return state.config.services.find((s) => s.id === ticket.serviceId)?.zoneId ?? null;
}

function managesTicket(state: HallState, actor: Actor, ticket: Ticket): boolean {
  if (actor.kind !== 'staff') return false;
  if (isManager(actor.role)) return true;
  const zone = zoneOfTicket(state, ticket);
  return actor.role === 'zone_lead' && zone !== null && actor.zoneIds.includes(zone);
}

function manages(state: HallState, actor: Actor, windowId: WindowId): boolean {
  if (actor.kind !== 'staff') return false;
  if (isManager(actor.role)) return true;
  if (actor.role !== 'zone_lead') return false;
  const window = state.config.windows.find((w) => w.id === windowId);
  return window !== undefined && actor.zoneIds.includes(window.zoneId);
}

function atWindow(actor: Actor, windowId: WindowId, command: string): Refusal | null {
  if (actor.kind === 'staff' && actor.role === 'clerk') {
    if (actor.windowId === null) {
      return fail('not_your_window', 'Sign in to a window first.', { windowId });
    }
    return actor.windowId === windowId
      ? null
      : fail('not_your_window', `You are signed in to window ${actor.windowId}, not ${windowId}.`, {
          windowId,
          yourWindowId: actor.windowId,
        });
  }
  if (actor.kind === 'device' && actor.role === 'counter') {
    return actor.windowId === windowId
      ? null
      : fail('not_your_window', `This counter device is bound to another window.`, { windowId });
  }
  return unauthenticatedOr(actor, command);
}

function unauthenticatedOr(actor: Actor, command: string): Refusal {
  return actor.kind === 'anonymous'
    ? fail('unauthenticated', 'Sign in first.')
    : forbidden(actor, command);
}

function forbidden(actor: Actor, command: string): Refusal {
  const who =
    actor.kind === 'staff' ? actor.role : actor.kind === 'device' ? actor.role : actor.kind;
  return fail('forbidden', `A ${who} may not ${command}.`, { command });
}
