/**
 * Admin console: the history of one ticket or one window (brief §5.5 "click a window or a
 * ticket for its history"), read from the event log — the log is the record, so the history
 * shows exactly what happened, with seq, time and who did it. A ticket's history includes
 * the work order and alarms about it (the store indexes those events by ticket); a window's
 * is one business day (default today). Zone leads see their zones only; another zone's
 * ticket or window answers 404 as if it did not exist.
 */
import type { FastifyInstance } from 'fastify';
import {
  businessDayAt,
  ticketIdSchema,
  ticketId as toTicketId,
  windowId as toWindowId,
  type BusinessDay,
  type LoggedEvent,
  type Ticket,
  type WindowState,
} from '@hallq/shared';
import { z } from 'zod';
import {
  ALL_ADMIN_ROLES,
  adminAuth,
  seesZone,
  type AdminContext,
  type AdminModule,
} from './admin-auth.ts';
import { sendError } from './errors.ts';
import { errors, json } from './openapi-parts.ts';

/** At most this many events of one window and day (a busy window logs a few hundred). */
export const WINDOW_HISTORY_LIMIT = 5000;

const dayQuery = z.strictObject({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
    .optional(),
});

const historyReply = (what: string): object => ({
  '200': {
    description: what,
    content: json({
      type: 'object',
      properties: {
        data: {
          type: 'object',
          properties: { events: { type: 'array', items: { type: 'object' } } },
        },
      },
    }),
  },
  '400': errors['400'],
  '401': errors['401'],
  '403': errors['403'],
  '404': errors['404'],
});

/** OpenAPI paths of this module, merged into /api/v1/openapi.json. */
export const historyPaths: Readonly<Record<string, object>> = {
  '/api/v1/tickets/{id}/history': {
    get: {
      tags: ['admin'],
      summary: 'A ticket with every event of it (calls, transfers, rating, work order, alarms)',
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: { type: 'string' },
          description: 'e.g. 20261124-A001',
        },
      ],
      responses: historyReply('The ticket and its events, oldest first'),
    },
  },
  '/api/v1/windows/{id}/history': {
    get: {
      tags: ['admin'],
      summary: 'The events of a window on one business day (default today)',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
        {
          name: 'day',
          in: 'query',
          schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      ],
      responses: historyReply('The window, its state now (today) and its events, oldest first'),
    },
  },
};

export function registerHistory(app: FastifyInstance, ctx: AdminContext): AdminModule {
  const { hall, store, clock } = ctx;
  const auth = adminAuth(ctx);

  /** The zone a ticket belongs to: its service's, else the window it was at. */
  function ticketZone(ticket: Ticket): string | null {
    const { config } = hall.state;
    const service = config.services.find((s) => s.id === ticket.serviceId);
    if (service !== undefined) return service.zoneId;
    const window = config.windows.find((w) => w.id === ticket.windowId);
    return window?.zoneId ?? null;
  }

  app.get('/api/v1/tickets/:id/history', async (request, reply) => {
    const raw = (request.params as { id?: string }).id ?? '';
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'history.ticket', {
      id: raw,
    });
    if (actor === null) return reply;
    const id = ticketIdSchema.safeParse(raw);
    if (!id.success) {
      return sendError(reply, {
        code: 'validation',
        message: 'A ticket id looks like 20261124-A001.',
      });
    }
    const info = await hall.ticketInfo(toTicketId(id.data));
    const zone = info === null ? null : ticketZone(info.ticket);
    // A zone lead may also follow a ticket that was at one of their windows.
    const atOwnWindow =
      info !== null &&
      hall.state.config.windows.some(
        (w) => w.id === info.ticket.windowId && seesZone(actor, w.zoneId),
      );
    if (info === null || (!seesZone(actor, zone) && !atOwnWindow)) {
      return sendError(reply, { code: 'not_found', message: `No ticket ${id.data}.` });
    }
    const events = await store.ticketEvents(id.data);
    return reply.send({
      data: { ticket: info.ticket, zoneId: zone, estimate: estimateOf(info), events },
    });
  });

  app.get('/api/v1/windows/:id/history', async (request, reply) => {
    const raw = (request.params as { id?: string }).id ?? '';
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'history.window', {
      id: raw,
    });
    if (actor === null) return reply;
    const query = dayQuery.safeParse(request.query ?? {});
    if (!/^\d{1,6}$/.test(raw) || !query.success) {
      return sendError(reply, {
        code: 'validation',
        message: 'Ask for /api/v1/windows/<number>/history?day=YYYY-MM-DD (day optional).',
      });
    }
    const windowId = Number(raw);
    const { config, day } = hall.state;
    const def = config.windows.find((w) => w.id === windowId);
    if (def === undefined || !seesZone(actor, def.zoneId)) {
      return sendError(reply, { code: 'not_found', message: `No window ${windowId}.` });
    }
    const businessDay: BusinessDay =
      query.data.day === undefined
        ? businessDayAt(clock(), config.hall)
        : (query.data.day as BusinessDay);
    const events: readonly LoggedEvent[] = await store.windowEvents(
      windowId,
      businessDay,
      WINDOW_HISTORY_LIMIT,
    );
    const today = businessDay === day.businessDay;
    const state: WindowState | null = today
      ? (day.windows.get(toWindowId(windowId)) ?? null)
      : null;
    const current =
      state?.currentTicketId === null || state === null
        ? null
        : (day.tickets.get(state.currentTicketId) ?? null);
    return reply.send({
      data: {
        windowId,
        zoneId: def.zoneId,
        businessDay,
        state,
        currentTicket: current,
        events,
        truncated: events.length >= WINDOW_HISTORY_LIMIT,
      },
    });
  });

  return { start: () => Promise.resolve(), stop: () => Promise.resolve() };
}

function estimateOf(info: { readonly ahead: number; readonly estimatedWaitMs: number | null }): {
  readonly ahead: number;
  readonly estimatedWaitMs: number | null;
} {
  return { ahead: info.ahead, estimatedWaitMs: info.estimatedWaitMs };
}
