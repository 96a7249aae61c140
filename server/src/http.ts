/**
 * The REST API of brief §6 under `/api/v1`. Every command goes through the same
 * `HallService.execute` as Socket.IO; this file only maps HTTP to commands and errors to
 * statuses.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  describeIssues,
  loginSchema,
  ticketIdSchema,
  ticketId as toTicketId,
  windowId as toWindowId,
  windowIdSchema,
  type Actor,
  type CommandEventName,
} from '@hallq/shared';
import { z } from 'zod';
import {
  hashToken,
  newToken,
  resolveToken,
  staffActor,
  staffSubject,
  STAFF_SESSION_MS,
  verifyPassword,
} from './auth.ts';
import { parseCommand } from './commands.ts';
import { bearerToken, sendError } from './errors.ts';
import type { HallService } from './hall-service.ts';
import { openApiDocument } from './openapi.ts';
import { publicEvent, publicReply } from './realtime.ts';
import type { HallStore } from './store.ts';

export interface HttpContext {
  readonly hall: HallService;
  readonly store: HallStore;
  readonly clock: () => number;
  readonly personSecret: Buffer;
  readonly version: string;
}

const TICKET_ACTIONS: Readonly<Record<string, CommandEventName>> = {
  recall: 'ticket:recall',
  start: 'ticket:start',
  complete: 'ticket:complete',
  'no-show': 'ticket:noShow',
  reactivate: 'ticket:reactivate',
  transfer: 'ticket:transfer',
  suspend: 'ticket:suspend',
  resume: 'ticket:resume',
  cancel: 'ticket:cancel',
  rate: 'ticket:rate',
};
const WINDOW_ACTIONS: Readonly<Record<string, CommandEventName>> = {
  'call-next': 'window:callNext',
  call: 'ticket:call',
  open: 'window:open',
  close: 'window:close',
  pause: 'window:pause',
  resume: 'window:resume',
};

/** The command of an action named in a path; own entries only (not `__proto__`, `toString` …). */
function actionCommand(
  table: Readonly<Record<string, CommandEventName>>,
  action: string,
): CommandEventName | undefined {
  return Object.hasOwn(table, action) ? table[action] : undefined;
}

/** A command's body: a JSON object, or none (empty); null for anything else (an array, a string …). */
function objectBody(body: unknown): Record<string, unknown> | null {
  if (body === undefined) return {};
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null;
}

/** Registers the REST routes on a Fastify instance. */
export function registerApi(app: FastifyInstance, ctx: HttpContext): void {
  const { hall, store, clock } = ctx;

  async function actorOf(request: FastifyRequest, reply: FastifyReply): Promise<Actor | null> {
    const resolved = await resolveToken(store, bearerToken(request), clock());
    if (!resolved.ok) {
      await sendError(reply, {
        code: 'unauthenticated',
        message: 'The token is invalid or has expired; sign in again.',
      });
      return null;
    }
    return resolved.actor;
  }

  function requireStaffOrIntegration(actor: Actor, reply: FastifyReply): boolean {
    if (actor.kind === 'integration') return true;
    if (actor.kind === 'staff' && (actor.role === 'admin' || actor.role === 'manager')) return true;
    void sendError(
      reply,
      actor.kind === 'anonymous'
        ? { code: 'unauthenticated', message: 'Sign in or use an API key.' }
        : { code: 'forbidden', message: 'Only managers and integrations may read the event log.' },
    );
    return false;
  }

  async function runCommand(
    request: FastifyRequest,
    reply: FastifyReply,
    name: CommandEventName,
    fromPath: Record<string, unknown> = {},
  ): Promise<FastifyReply> {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    const body = objectBody(request.body);
    if (body === null) {
      return sendError(reply, {
        code: 'validation',
        message: 'The request body must be a JSON object.',
      });
    }
    // The path names the ticket or window: a body cannot override it.
    const payload = { ...body, ...fromPath };
    const headerKey = request.headers['idempotency-key'];
    const withKey =
      typeof headerKey === 'string' && payload.idempotencyKey === undefined
        ? { ...payload, idempotencyKey: headerKey }
        : payload;
    const parsed = parseCommand(name, withKey, ctx.personSecret);
    if (!parsed.ok) return sendError(reply, parsed.error);
    const result = await hall.execute(actor, parsed.value.body, {
      idempotencyKey: parsed.value.idempotencyKey,
      auditPayload: parsed.value.auditPayload,
    });
    if (!result.ok) return sendError(reply, result.error);
    const data = publicReply(result.data);
    return reply.code(name === 'ticket:issue' ? 201 : 200).send({ data });
  }

  app.get('/api/v1/health', async () => ({
    status: 'ok',
    version: ctx.version,
    store: store.kind,
    seq: hall.currentSeq,
    businessDay: hall.state.day.businessDay,
  }));

  app.get('/api/v1/openapi.json', async () => openApiDocument(ctx.version));

  app.post('/api/v1/auth/login', async (request, reply) => {
    const parsed = loginSchema.safeParse(request.body ?? {});
    if (!parsed.success)
      return sendError(reply, {
        code: 'validation',
        message: `Invalid login: ${describeIssues(parsed.error)}`,
      });
    const { staffId, password, windowId } = parsed.data;
    const staff = await store.findStaff(staffId);
    const valid =
      staff !== null && !staff.disabled && (await verifyPassword(password, staff.passwordHash));
    const now = clock();
    if (staff === null || !valid) {
      await store.audit({
        at: now,
        actor: `staff:${staffId.slice(0, 40)}`,
        command: 'auth.login',
        payload: { staffId },
        outcome: 'unauthenticated',
      });
      return sendError(reply, {
        code: 'unauthenticated',
        message: 'Wrong staff number or password.',
      });
    }
    let atWindow: number | null = windowId ?? staff.windowId;
    if (staff.role === 'clerk') {
      if (staff.windowId !== null && windowId !== undefined && windowId !== staff.windowId) {
        return sendError(reply, {
          code: 'forbidden',
          message: `${staff.staffId} works at window ${staff.windowId}, not ${windowId}.`,
        });
      }
      if (atWindow === null)
        return sendError(reply, {
          code: 'validation',
          message: 'Choose the window to sign in to.',
        });
      if (!hall.state.config.windows.some((w) => w.id === atWindow)) {
        return sendError(reply, { code: 'not_found', message: `No window ${atWindow}.` });
      }
    } else {
      atWindow = null;
    }
    const token = newToken();
    const expiresAt = now + STAFF_SESSION_MS;
    await store.createSession({
      tokenHash: hashToken(token),
      subject: staffSubject(staff.staffId, atWindow),
      createdAt: now,
      expiresAt,
    });
    await store.audit({
      at: now,
      actor: `staff:${staff.staffId}`,
      command: 'auth.login',
      payload: { staffId, windowId: atWindow },
      outcome: 'ok',
    });
    let window = null;
    if (atWindow !== null) {
      // Signing in opens the clerk's window.
      const opened = await hall.execute(staffActor(staff, atWindow), {
        type: 'window.open',
        windowId: toWindowId(atWindow),
      });
      if (!opened.ok) request.log.warn({ error: opened.error }, 'window did not open at sign-in');
      window = hall.state.day.windows.get(toWindowId(atWindow)) ?? null;
    }
    return reply.send({
      data: {
        token,
        expiresAt,
        staff: {
          staffId: staff.staffId,
          name: staff.name,
          role: staff.role,
          windowId: atWindow,
          zoneIds: staff.zoneIds,
        },
        window,
      },
    });
  });

  app.post('/api/v1/auth/logout', async (request, reply) => {
    const token = bearerToken(request);
    const resolved = await resolveToken(store, token, clock());
    if (!resolved.ok || resolved.tokenHash === null || resolved.actor.kind !== 'staff') {
      return sendError(reply, { code: 'unauthenticated', message: 'Not signed in.' });
    }
    const { actor } = resolved;
    if (actor.windowId !== null) {
      const window = hall.state.day.windows.get(actor.windowId);
      if (window?.currentTicketId === null && window.staffId === actor.staffId) {
        await hall.execute(actor, { type: 'window.close', windowId: actor.windowId });
      }
    }
    await store.deleteSession(resolved.tokenHash);
    return reply.send({ data: { signedOut: true } });
  });

  app.get('/api/v1/auth/me', async (request, reply) => {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    return reply.send({ data: actor });
  });

  app.get('/api/v1/hall', async () => ({ data: hall.state.config }));

  const figuresQuery = z.strictObject({
    windowId: z.coerce.number().int().min(1).max(9999).optional(),
  });
  app.get('/api/v1/figures', async (request, reply) => {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    const query = figuresQuery.safeParse(request.query ?? {});
    if (!query.success)
      return sendError(reply, { code: 'validation', message: describeIssues(query.error) });
    const result = hall.figures(actor, query.data.windowId);
    return result.ok ? reply.send({ data: result.data }) : sendError(reply, result.error);
  });

  app.get('/api/v1/queues', async () => ({ data: hall.queues() }));

  app.get('/api/v1/windows', async () => ({ data: [...hall.state.day.windows.values()] }));

  app.post('/api/v1/tickets', async (request, reply) => runCommand(request, reply, 'ticket:issue'));

  app.get('/api/v1/tickets/:id', async (request, reply) => {
    const id = ticketIdSchema.safeParse((request.params as { id: string }).id);
    if (!id.success)
      return sendError(reply, {
        code: 'validation',
        message: 'A ticket id looks like 20261124-A001.',
      });
    const info = await hall.ticketInfo(toTicketId(id.data));
    if (info === null)
      return sendError(reply, { code: 'not_found', message: `No ticket ${id.data}.` });
    return reply.send({ data: { ...info, ticket: { ...info.ticket, personKey: null } } });
  });

  app.post('/api/v1/tickets/:id/:action', async (request, reply) => {
    const { id, action } = request.params as { id: string; action: string };
    const name = actionCommand(TICKET_ACTIONS, action);
    if (name === undefined) {
      return sendError(reply, {
        code: 'not_found',
        message: `Unknown action ${action}; use ${Object.keys(TICKET_ACTIONS).join(', ')}.`,
      });
    }
    return runCommand(request, reply, name, { ticketId: id });
  });

  app.post('/api/v1/windows/:windowId/:action', async (request, reply) => {
    const { windowId, action } = request.params as { windowId: string; action: string };
    const name = actionCommand(WINDOW_ACTIONS, action);
    if (name === undefined) {
      return sendError(reply, {
        code: 'not_found',
        message: `Unknown action ${action}; use ${Object.keys(WINDOW_ACTIONS).join(', ')}.`,
      });
    }
    const number = windowIdSchema.safeParse(
      /^\d{1,4}$/.test(windowId) ? Number(windowId) : Number.NaN,
    );
    if (!number.success)
      return sendError(reply, {
        code: 'validation',
        message: 'A window id is a window number such as 5.',
      });
    return runCommand(request, reply, name, { windowId: number.data });
  });

  app.post('/api/v1/day/close', async (request, reply) => runCommand(request, reply, 'day:close'));

  const eventsQuery = z.strictObject({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  });
  app.get('/api/v1/events', async (request, reply) => {
    const actor = await actorOf(request, reply);
    if (actor === null) return reply;
    if (!requireStaffOrIntegration(actor, reply)) return reply;
    const query = eventsQuery.safeParse(request.query ?? {});
    if (!query.success)
      return sendError(reply, { code: 'validation', message: describeIssues(query.error) });
    const events = await hall.readEvents(query.data.after, query.data.limit);
    const last = events[events.length - 1];
    return reply.send({
      data: events.map(publicEvent),
      next:
        last === undefined || events.length < query.data.limit
          ? null
          : `/api/v1/events?after=${last.seq}&limit=${query.data.limit}`,
      seq: hall.currentSeq,
    });
  });
}
