/**
 * The one translation from a validated client payload (Socket.IO event or REST call) to a
 * domain command. Personal data stops here: the ID number becomes a keyed hash (for the
 * per-person limit) and a masked form (for screens); the number itself is never stored.
 */
import { createHmac } from 'node:crypto';
import {
  commandSchemas,
  describeIssues,
  maskIdNumber,
  serviceId,
  ticketId,
  windowId,
  type CommandBody,
  type CommandEventName,
  type DomainError,
  type ParsedCommandPayload,
} from '@hallq/shared';

export interface ParsedCommand {
  readonly body: CommandBody;
  readonly idempotencyKey: string | undefined;
  /** The payload with personal data masked, for the audit log. */
  readonly auditPayload: unknown;
}

/** Validates a payload for a command event and builds the domain command. */
export function parseCommand(
  name: CommandEventName,
  payload: unknown,
  personSecret: Buffer,
): { ok: true; value: ParsedCommand } | { ok: false; error: DomainError } {
  const schema = commandSchemas[name];
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'validation', message: `Invalid ${name}: ${describeIssues(parsed.error)}` },
    };
  }
  const value = parsed.data;
  const idempotencyKey = value.idempotencyKey;
  const body = toBody(name, value as never, personSecret);
  const auditPayload =
    name === 'ticket:issue' && 'idNumber' in value && typeof value.idNumber === 'string'
      ? { ...value, idNumber: maskIdNumber(value.idNumber) }
      : value;
  return { ok: true, value: { body, idempotencyKey, auditPayload } };
}

function toBody<E extends CommandEventName>(
  name: E,
  v: ParsedCommandPayload<E>,
  secret: Buffer,
): CommandBody {
  const p = v as Record<string, unknown>;
  const tid = (): ReturnType<typeof ticketId> => ticketId(String(p.ticketId));
  const wid = (): ReturnType<typeof windowId> => windowId(Number(p.windowId));
  switch (name) {
    case 'ticket:issue': {
      const id = typeof p.idNumber === 'string' ? p.idNumber.toUpperCase() : null;
      return {
        type: 'ticket.issue',
        serviceId: serviceId(String(p.serviceId)),
        priority: (p.priority ?? 'normal') as never,
        channel: 'kiosk',
        personKey: id === null ? null : createHmac('sha256', secret).update(id).digest('hex'),
        personMasked: id === null ? null : maskIdNumber(id),
        appointmentId: typeof p.appointmentId === 'string' ? p.appointmentId : null,
      };
    }
    case 'window:callNext':
      return { type: 'window.callNext', windowId: wid() };
    case 'ticket:call':
      return { type: 'ticket.call', windowId: wid(), ticketId: tid() };
    case 'ticket:recall':
      return { type: 'ticket.recall', ticketId: tid() };
    case 'ticket:start':
      return { type: 'ticket.start', ticketId: tid() };
    case 'ticket:complete':
      return { type: 'ticket.complete', ticketId: tid() };
    case 'ticket:noShow':
      return { type: 'ticket.noShow', ticketId: tid() };
    case 'ticket:reactivate':
      return { type: 'ticket.reactivate', ticketId: tid() };
    case 'ticket:suspend':
      return { type: 'ticket.suspend', ticketId: tid() };
    case 'ticket:resume':
      return { type: 'ticket.resume', ticketId: tid() };
    case 'ticket:cancel':
      return { type: 'ticket.cancel', ticketId: tid() };
    case 'ticket:transfer':
      return {
        type: 'ticket.transfer',
        ticketId: tid(),
        toServiceId: typeof p.toServiceId === 'string' ? serviceId(p.toServiceId) : null,
        toWindowId: typeof p.toWindowId === 'number' ? windowId(p.toWindowId) : null,
        note: typeof p.note === 'string' ? p.note : null,
      };
    case 'ticket:rate':
      return {
        type: 'ticket.rate',
        ticketId: tid(),
        score: p.score as never,
        reasons: (Array.isArray(p.reasons) ? [...new Set(p.reasons)] : []) as never,
        comment: typeof p.comment === 'string' && p.comment !== '' ? p.comment : null,
        caseNumber: typeof p.caseNumber === 'string' ? p.caseNumber : null,
      };
    case 'window:open':
      return { type: 'window.open', windowId: wid() };
    case 'window:close':
      return { type: 'window.close', windowId: wid() };
    case 'window:pause':
      return { type: 'window.pause', windowId: wid(), reason: String(p.reason) };
    case 'window:resume':
      return { type: 'window.resume', windowId: wid() };
    case 'day:close':
      return { type: 'day.close' };
  }
  throw new Error(`unknown command ${String(name)}`);
}
