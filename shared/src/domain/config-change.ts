/**
 * Whether a new configuration can replace the running one in the middle of a business day.
 * Pure. `checkConfig` says whether the new configuration is consistent on its own; this says
 * whether today's tickets and windows survive the change: nothing open may lose its service
 * or window, and a service's ticket prefix cannot change once it has issued numbers today.
 */
import type { HallConfig, HallState } from './model.ts';

const OPEN_TICKET_STATES = new Set(['waiting', 'called', 'serving', 'suspended']);

/** Problems that keep `next` from replacing the configuration of `state`; empty = fine. */
export function checkConfigChange(state: HallState, next: HallConfig): readonly string[] {
  const problems: string[] = [];
  const services = new Map<string, HallConfig['services'][number]>(
    next.services.map((s) => [s.id, s]),
  );
  const windows = new Set(next.windows.map((w) => w.id));
  const openByService = new Map<string, number>();
  const targeted = new Map<number, number>();
  for (const ticket of state.day.tickets.values()) {
    if (!OPEN_TICKET_STATES.has(ticket.state)) continue;
    openByService.set(ticket.serviceId, (openByService.get(ticket.serviceId) ?? 0) + 1);
    if (ticket.targetWindowId !== null) {
      targeted.set(ticket.targetWindowId, (targeted.get(ticket.targetWindowId) ?? 0) + 1);
    }
  }
  for (const [serviceId, count] of openByService) {
    if (!services.has(serviceId)) {
      problems.push(
        `Service ${serviceId} cannot be removed: ${String(count)} of its tickets are still open today.`,
      );
    }
  }
  for (const service of state.config.services) {
    const after = services.get(service.id);
    if (after === undefined || after.prefix === service.prefix) continue;
    if ((state.day.counters.get(service.prefix) ?? 0) > 0) {
      problems.push(
        `Service ${service.id}: the ticket prefix cannot change from ${service.prefix} to ${after.prefix} after numbers were issued today; change it after the day closes.`,
      );
    }
  }
  for (const window of state.day.windows.values()) {
    if (windows.has(window.windowId)) continue;
    if (window.state !== 'closed') {
      problems.push(
        `Window ${String(window.windowId)} cannot be removed while it is ${window.state}; close it first.`,
      );
    }
    const waiting = targeted.get(window.windowId) ?? 0;
    if (waiting > 0) {
      problems.push(
        `Window ${String(window.windowId)} cannot be removed: ${String(waiting)} tickets wait for it by name.`,
      );
    }
  }
  return problems;
}
