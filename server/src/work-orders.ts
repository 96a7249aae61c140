/**
 * Admin console: bad-rating work orders (差评整改, brief §5.5) — opening them and their routes.
 *
 * Opening: every committed `ticket.rated` event with 不满意/非常不满意 opens one order through
 * `hall.commitAdmin` (event `workOrder.opened` + the row, actor `system`). A rating is never
 * left without its order: at `start()`, and again (with a growing delay) after a failed
 * commit, the module reconciles `store.badRatingsWithoutWorkOrder()`. Two guards keep it to
 * one order per ticket: `build()` looks the ticket up (inside the command queue, so nothing
 * commits in between) and the `work_orders.ticket_id` column is UNIQUE.
 *
 * Changes: every route reads the order inside `build()`, applies the pure transition of
 * `shared/src/domain/work-orders.ts` and commits a `workOrder.updated` event (with `action`)
 * plus the row and the audit entry in one transaction. Zone leads (首席代表) see and act on
 * their zones' orders only; admins and managers on all; only they decide appeals.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  actorLabel,
  businessDayAt,
  describeIssues,
  isBadRating,
  WORK_ORDER_STATES,
  workOrderOverdue,
  type Ack,
  type DomainError,
  type DomainEvent,
  type LoggedEvent,
  type Result,
  type Ticket,
  type WorkOrder,
} from '@hallq/shared';
import { z } from 'zod';
import {
  closeWorkOrder,
  decideAppeal,
  fileAppeal,
  openWorkOrder,
  recordCallback,
  recordRectification,
  WORK_ORDER_TEXT_MAX,
  workOrderStats,
  type WorkOrderStats,
} from '../../shared/src/domain/work-orders.ts';
import {
  adminAuth,
  ALL_ADMIN_ROLES,
  MANAGER_ROLES,
  objectBodyOf,
  seesZone,
  visibleZones,
  type AdminContext,
  type AdminModule,
  type StaffActor,
} from './admin-auth.ts';
import { sendError } from './errors.ts';
import { errors, json, ref } from './openapi-parts.ts';

/** First retry delay after a failed opening commit; doubles up to {@link RETRY_MAX_MS}. */
export const RETRY_FIRST_MS = 2000;
export const RETRY_MAX_MS = 60_000;
/** Most orders one list answers; the report reads every order of its period. */
export const LIST_LIMIT_MAX = 1000;
const LIST_LIMIT_DEFAULT = 200;
const REPORT_ROWS_MAX = 1_000_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayParam = z.string().regex(DAY, 'a date YYYY-MM-DD');
const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const listQuerySchema = z.strictObject({
  state: z
    .string()
    .max(200)
    .transform((v) => v.split(',').filter((s) => s.length > 0))
    .pipe(z.array(z.enum(WORK_ORDER_STATES)).min(1))
    .optional(),
  from: dayParam.optional(),
  to: dayParam.optional(),
  zoneId: z.string().min(1).max(40).optional(),
  overdue: flag.optional(),
  limit: z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).optional(),
});

const reportQuerySchema = z.strictObject({
  from: dayParam.optional(),
  to: dayParam.optional(),
});

const note = z.string().max(WORK_ORDER_TEXT_MAX);
const requiredText = z.string().trim().min(1, 'write something').max(WORK_ORDER_TEXT_MAX);
const callbackSchema = z.strictObject({ reached: z.boolean(), note: note.default('') });
const rectificationSchema = z.strictObject({ text: requiredText });
const appealSchema = z.strictObject({ reason: requiredText });
const decisionSchema = z.strictObject({
  outcome: z.enum(['accepted', 'rejected']),
  note: note.default(''),
});
const closeSchema = z.strictObject({});

/** `WO-20261124-A001`; anything else cannot name an order. */
const ORDER_ID = /^WO-\d{8}-[A-Z]{1,4}\d{1,5}$/;

function invalid(message: string): DomainError {
  return { code: 'validation', message };
}

function idOf(request: FastifyRequest): string | null {
  const id = (request.params as { id?: unknown }).id;
  return typeof id === 'string' && ORDER_ID.test(id) ? id : null;
}

function noSuchOrder(id: string): DomainError {
  return { code: 'not_found', message: `No work order ${id}.` };
}

function outsideZones(order: WorkOrder): DomainError {
  return {
    code: 'forbidden',
    message: `Work order ${order.id} belongs to zone ${order.zoneId}, which is not one of your zones.`,
  };
}

/** The figures of one zone and of all the zones the actor sees. */
export interface WorkOrderReport {
  readonly from: string;
  readonly to: string;
  /** The server time the overdue counts were taken at. */
  readonly now: number;
  readonly total: WorkOrderStats;
  readonly byZone: readonly {
    readonly zoneId: string;
    readonly name: string;
    readonly nameEn: string;
    readonly stats: WorkOrderStats;
  }[];
}

type Transition = (order: WorkOrder, actor: StaffActor, now: number) => Result<WorkOrder>;

export function registerWorkOrders(app: FastifyInstance, ctx: AdminContext): AdminModule {
  const { hall, store, clock, logger } = ctx;
  const auth = adminAuth(ctx);

  // ─── Opening ──────────────────────────────────────────────────────────────────────────────

  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryDelay = RETRY_FIRST_MS;
  /** The opening work in flight, chained so two never overlap (awaited by stop()). */
  let opening: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;

  /** Opens the orders of `tickets` that have none; false when the commit failed. */
  async function openOrders(tickets: readonly Ticket[]): Promise<boolean> {
    if (tickets.length === 0) return true;
    const result = await hall.commitAdmin<number>({
      actor: { kind: 'system' },
      command: 'workOrder.open',
      auditPayload: { ticketIds: tickets.map((t) => t.id) },
      build: async (state) => {
        const now = clock();
        const orders: WorkOrder[] = [];
        for (const ticket of tickets) {
          if (orders.some((o) => o.ticketId === ticket.id)) continue;
          if ((await store.findWorkOrderByTicket(ticket.id)) !== null) continue;
          const order = openWorkOrder(ticket, state.config, now);
          if (order !== null) orders.push(order);
        }
        // Nothing to open (already opened meanwhile): a refusal writes nothing.
        if (orders.length === 0) return { ok: false, error: { code: 'not_found', message: '' } };
        const events: DomainEvent[] = orders.map((order) => ({
          type: 'workOrder.opened',
          at: now,
          order,
        }));
        return { ok: true, data: { events, workOrders: orders, reply: orders.length } };
      },
    });
    if (result.ok || result.error.code === 'not_found') return true;
    logger.warn({ error: result.error }, 'work orders not opened; retrying');
    return false;
  }

  /** Queues opening work after what is in flight; a failure schedules a reconcile. */
  function enqueue(work: () => Promise<boolean>): Promise<void> {
    opening = opening.then(async () => {
      if (stopped) return;
      let done = false;
      try {
        done = await work();
      } catch (error) {
        logger.error({ err: error }, 'opening work orders failed');
      }
      if (done) retryDelay = RETRY_FIRST_MS;
      else scheduleReconcile();
    });
    return opening;
  }

  function reconcile(): Promise<void> {
    return enqueue(async () => openOrders(await store.badRatingsWithoutWorkOrder()));
  }

  function scheduleReconcile(): void {
    if (stopped || retryTimer !== null) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void reconcile();
    }, retryDelay);
    retryTimer.unref();
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  function onCommitted(events: readonly LoggedEvent[]): void {
    const rated = events.flatMap(({ event }) =>
      event.type === 'ticket.rated' &&
      event.ticket.rating !== null &&
      isBadRating(event.ticket.rating.score)
        ? [event.ticket]
        : [],
    );
    if (rated.length > 0) void enqueue(() => openOrders(rated));
  }

  // ─── Reading ──────────────────────────────────────────────────────────────────────────────

  app.get('/api/v1/work-orders', async (request, reply) => {
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'workOrder.list');
    if (actor === null) return reply;
    const parsed = listQuerySchema.safeParse(request.query ?? {});
    if (!parsed.success) return sendError(reply, invalid(describeIssues(parsed.error)));
    const query = parsed.data;
    const zones = visibleZones(actor);
    if (query.zoneId !== undefined && !seesZone(actor, query.zoneId)) {
      return sendError(reply, {
        code: 'forbidden',
        message: `Zone ${query.zoneId} is not one of your zones.`,
      });
    }
    const limit = query.limit ?? LIST_LIMIT_DEFAULT;
    const now = clock();
    const overdueOnly = query.overdue === true;
    // Overdue is a matter of the clock, not a column: read every unclosed order and filter.
    const orders = await store.listWorkOrders({
      ...(query.state === undefined
        ? overdueOnly
          ? { states: WORK_ORDER_STATES.filter((s) => s !== 'closed') }
          : {}
        : { states: query.state }),
      ...(query.from === undefined ? {} : { fromDay: query.from }),
      ...(query.to === undefined ? {} : { toDay: query.to }),
      ...(query.zoneId !== undefined
        ? { zoneIds: [query.zoneId] }
        : zones === undefined
          ? {}
          : { zoneIds: zones }),
      limit: overdueOnly ? REPORT_ROWS_MAX : limit,
    });
    const data = overdueOnly
      ? orders.filter((o) => workOrderOverdue(o, now) !== null).slice(0, limit)
      : orders;
    return reply.send({ data, now });
  });

  app.get('/api/v1/work-orders/report', async (request, reply) => {
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'workOrder.report');
    if (actor === null) return reply;
    const parsed = reportQuerySchema.safeParse(request.query ?? {});
    if (!parsed.success) return sendError(reply, invalid(describeIssues(parsed.error)));
    const now = clock();
    // The clock's business day: the hall's own rolls over only with the next command.
    const today = businessDayAt(now, hall.state.config.hall);
    const from = parsed.data.from ?? `${today.slice(0, 7)}-01`;
    const to = parsed.data.to ?? today;
    if (from > to) return sendError(reply, invalid(`from (${from}) is after to (${to}).`));
    const zones = visibleZones(actor);
    const orders = await store.listWorkOrders({
      fromDay: from,
      toDay: to,
      ...(zones === undefined ? {} : { zoneIds: zones }),
      limit: REPORT_ROWS_MAX,
    });
    const { config } = hall.state;
    const zoneIds = new Set(orders.map((o) => o.zoneId));
    const shownZones = [
      ...config.zones.filter((z) => zones === undefined || zones.includes(z.id)),
      // An order of a zone since removed from the configuration still counts.
      ...[...zoneIds]
        .filter((id) => !config.zones.some((z) => z.id === id))
        .map((id) => ({ id, name: id, nameEn: id })),
    ];
    const report: WorkOrderReport = {
      from,
      to,
      now,
      total: workOrderStats(orders, now),
      byZone: shownZones.map((z) => ({
        zoneId: z.id,
        name: z.name,
        nameEn: z.nameEn,
        stats: workOrderStats(
          orders.filter((o) => o.zoneId === z.id),
          now,
        ),
      })),
    };
    return reply.send({ data: report });
  });

  app.get('/api/v1/work-orders/:id', async (request, reply) => {
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'workOrder.get');
    if (actor === null) return reply;
    const id = idOf(request);
    const order = id === null ? null : await store.findWorkOrder(id);
    if (order === null) return sendError(reply, noSuchOrder(id ?? 'with that id'));
    if (!seesZone(actor, order.zoneId)) {
      await store.audit({
        at: clock(),
        actor: actorLabel(actor),
        command: 'workOrder.get',
        payload: { id },
        outcome: 'forbidden',
      });
      return sendError(reply, outsideZones(order));
    }
    return reply.send({ data: order, now: clock() });
  });

  // ─── Changing ─────────────────────────────────────────────────────────────────────────────

  /**
   * One change route: check the role, the id and the body, then read-modify-write the order
   * inside the command queue and commit `workOrder.updated` with `action`.
   */
  function change<S extends z.ZodType>(
    action: string,
    roles: typeof ALL_ADMIN_ROLES,
    schema: S,
    transition: (body: z.output<S>) => Transition,
  ): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
    const command = `workOrder.${action}`;
    return async (request, reply) => {
      const rawId = (request.params as { id?: unknown }).id;
      const actor = await auth.staff(request, reply, roles, command, { id: rawId });
      if (actor === null) return reply;
      const id = idOf(request);
      if (id === null) return sendError(reply, noSuchOrder('with that id'));
      const raw = objectBodyOf(request, reply);
      if (raw === null) return reply;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return sendError(reply, invalid(describeIssues(parsed.error)));
      const apply = transition(parsed.data);
      const result: Ack<{ readonly reply: WorkOrder }> = await hall.commitAdmin<WorkOrder>({
        actor,
        command,
        auditPayload: { id, ...(parsed.data as object) },
        build: async () => {
          const order = await store.findWorkOrder(id);
          if (order === null) return { ok: false, error: noSuchOrder(id) };
          if (!seesZone(actor, order.zoneId)) return { ok: false, error: outsideZones(order) };
          const now = clock();
          const next = apply(order, actor, now);
          if (!next.ok) return next;
          const event: DomainEvent = {
            type: 'workOrder.updated',
            at: now,
            order: next.value,
            action,
          };
          return {
            ok: true,
            data: { events: [event], workOrders: [next.value], reply: next.value },
          };
        },
      });
      if (!result.ok) return sendError(reply, result.error);
      return reply.send({ data: result.data.reply });
    };
  }

  app.post(
    '/api/v1/work-orders/:id/callback',
    change(
      'callback',
      ALL_ADMIN_ROLES,
      callbackSchema,
      (body) => (order, actor, now) =>
        recordCallback(order, { by: actor.staffId, reached: body.reached, note: body.note }, now),
    ),
  );
  app.post(
    '/api/v1/work-orders/:id/rectification',
    change(
      'rectification',
      ALL_ADMIN_ROLES,
      rectificationSchema,
      (body) => (order, actor, now) =>
        recordRectification(order, { by: actor.staffId, text: body.text }, now),
    ),
  );
  app.post(
    '/api/v1/work-orders/:id/appeal',
    change(
      'appeal',
      ALL_ADMIN_ROLES,
      appealSchema,
      (body) => (order, actor, now) =>
        fileAppeal(order, { by: actor.staffId, reason: body.reason }, now),
    ),
  );
  app.post(
    '/api/v1/work-orders/:id/appeal-decision',
    change(
      'appeal_decision',
      MANAGER_ROLES,
      decisionSchema,
      (body) => (order, actor, now) =>
        decideAppeal(order, { by: actor.staffId, outcome: body.outcome, note: body.note }, now),
    ),
  );
  app.post(
    '/api/v1/work-orders/:id/close',
    change(
      'close',
      ALL_ADMIN_ROLES,
      closeSchema,
      () => (order, actor, now) => closeWorkOrder(order, { by: actor.staffId }, now),
    ),
  );

  return {
    async start() {
      stopped = false;
      unsubscribe = hall.onCommitted(onCommitted);
      await reconcile();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      unsubscribe = null;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      await opening;
    },
  };
}

// ─── OpenAPI ────────────────────────────────────────────────────────────────────────────────

const text = (max: number) => ({ type: 'string', maxLength: max });

const workOrderSchema = {
  type: 'object',
  description:
    'A bad-rating work order (差评整改工单). States: open 待回访, called_back 整改中, appealing 申诉复核中, rectified 已整改, closed 已办结. Deadlines are ms since epoch, counted in working days of the hall calendar from the rating day; an order keeps the deadlines it was opened with.',
  properties: {
    id: { type: 'string', examples: ['WO-20261124-A001'] },
    ticketId: { type: 'string' },
    ticketNumber: { type: 'string' },
    businessDay: { type: 'string', format: 'date' },
    serviceId: { type: 'string' },
    zoneId: { type: 'string' },
    windowId: { type: 'integer' },
    staffId: { type: ['string', 'null'] },
    score: { type: 'string', enum: ['dissatisfied', 'very_dissatisfied'] },
    reasons: { type: 'array', items: { type: 'string' } },
    comment: { type: ['string', 'null'] },
    openedAt: { type: 'integer' },
    callbackDue: { type: 'integer' },
    rectifyDue: { type: 'integer' },
    appealDue: { type: 'integer' },
    state: { type: 'string', enum: [...WORK_ORDER_STATES] },
    callbacks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          at: { type: 'integer' },
          by: { type: 'string' },
          reached: { type: 'boolean' },
          note: { type: 'string' },
        },
      },
    },
    calledBackAt: { type: ['integer', 'null'] },
    rectification: {
      type: ['object', 'null'],
      properties: { at: { type: 'integer' }, by: { type: 'string' }, text: { type: 'string' } },
    },
    appeal: {
      type: ['object', 'null'],
      properties: {
        at: { type: 'integer' },
        by: { type: 'string' },
        reason: { type: 'string' },
        decidedAt: { type: ['integer', 'null'] },
        decidedBy: { type: ['string', 'null'] },
        outcome: { enum: ['accepted', 'rejected', null] },
        decisionNote: { type: ['string', 'null'] },
      },
    },
    closedAt: { type: ['integer', 'null'] },
    closedBy: { type: ['string', 'null'] },
    closure: { enum: ['rectified', 'appeal_accepted', null] },
  },
};

const rate = { type: ['number', 'null'], minimum: 0, maximum: 1 };
const statsSchema = {
  type: 'object',
  description:
    'Rates are shares of the counted orders (opened − voided by an accepted appeal); null when none count.',
  properties: {
    opened: { type: 'integer' },
    voided: { type: 'integer' },
    counted: { type: 'integer' },
    calledBack: { type: 'integer' },
    calledBackOnTime: { type: 'integer' },
    callbackRate: rate,
    callbackOnTimeRate: rate,
    rectified: { type: 'integer' },
    rectifiedOnTime: { type: 'integer' },
    rectificationRate: rate,
    rectificationOnTimeRate: rate,
    closed: { type: 'integer' },
    appealsFiled: { type: 'integer' },
    appealsAccepted: { type: 'integer' },
    appealsRejected: { type: 'integer' },
    appealsPending: { type: 'integer' },
    overdue: { type: 'integer' },
    overdueCallback: { type: 'integer' },
    overdueRectify: { type: 'integer' },
  },
};

const orderReply = {
  '200': {
    description: 'The order in its new version (also sent as workOrder.updated to admin rooms)',
    content: json({ type: 'object', properties: { data: workOrderSchema } }),
  },
};

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: ORDER_ID.source },
};

function actionPath(summary: string, body: object | null, who: string): object {
  return {
    post: {
      summary: `${summary} (${who})`,
      parameters: [idParam],
      ...(body === null
        ? {}
        : { requestBody: { required: true, content: json({ type: 'object', ...body }) } }),
      responses: {
        ...orderReply,
        '400': errors['400'],
        '401': errors['401'],
        '403': {
          description: 'Role may not do this, or the order is outside your zones',
          content: json(ref('Error')),
        },
        '404': errors['404'],
        '409': {
          description: 'wrong_state: the order is not in a state that allows this',
          content: json(ref('Error')),
        },
        '503': errors['503'],
        '507': errors['507'],
      },
    },
  };
}

const zoneScoped = 'admin, manager; zone lead in own zones';

/** OpenAPI paths of this module, merged into /api/v1/openapi.json. */
export const workOrderPaths: Readonly<Record<string, object>> = {
  '/api/v1/work-orders': {
    get: {
      summary: `Bad-rating work orders, newest first (${zoneScoped})`,
      parameters: [
        {
          name: 'state',
          in: 'query',
          description: 'One state or several, comma-separated',
          schema: { type: 'string' },
        },
        {
          name: 'from',
          in: 'query',
          description: 'First rating day',
          schema: { type: 'string', format: 'date' },
        },
        {
          name: 'to',
          in: 'query',
          description: 'Last rating day',
          schema: { type: 'string', format: 'date' },
        },
        { name: 'zoneId', in: 'query', schema: { type: 'string' } },
        {
          name: 'overdue',
          in: 'query',
          description: '1 = only orders past their callback or rectification deadline now',
          schema: { type: 'string', enum: ['1', '0', 'true', 'false'] },
        },
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: LIST_LIMIT_MAX },
        },
      ],
      responses: {
        '200': {
          description: 'The orders and the server time (for countdowns)',
          content: json({
            type: 'object',
            properties: {
              data: { type: 'array', items: workOrderSchema },
              now: { type: 'integer' },
            },
          }),
        },
        '400': errors['400'],
        '401': errors['401'],
        '403': errors['403'],
      },
    },
  },
  '/api/v1/work-orders/report': {
    get: {
      summary: `Callback and rectification rates of the orders of a period, in total and by zone (${zoneScoped})`,
      parameters: [
        {
          name: 'from',
          in: 'query',
          description: 'First rating day (default: the 1st of this month)',
          schema: { type: 'string', format: 'date' },
        },
        {
          name: 'to',
          in: 'query',
          description: 'Last rating day (default: today)',
          schema: { type: 'string', format: 'date' },
        },
      ],
      responses: {
        '200': {
          description: 'The figures',
          content: json({
            type: 'object',
            properties: {
              data: {
                type: 'object',
                properties: {
                  from: { type: 'string', format: 'date' },
                  to: { type: 'string', format: 'date' },
                  now: { type: 'integer' },
                  total: statsSchema,
                  byZone: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        zoneId: { type: 'string' },
                        name: { type: 'string' },
                        nameEn: { type: 'string' },
                        stats: statsSchema,
                      },
                    },
                  },
                },
              },
            },
          }),
        },
        '400': errors['400'],
        '401': errors['401'],
        '403': errors['403'],
      },
    },
  },
  '/api/v1/work-orders/{id}': {
    get: {
      summary: `One work order (${zoneScoped})`,
      parameters: [idParam],
      responses: {
        '200': {
          description: 'The order',
          content: json({
            type: 'object',
            properties: { data: workOrderSchema, now: { type: 'integer' } },
          }),
        },
        '401': errors['401'],
        '403': errors['403'],
        '404': errors['404'],
      },
    },
  },
  '/api/v1/work-orders/{id}/callback': actionPath(
    'Add a callback (回访) to the log; the first that reached the visitor moves an open order to called_back',
    {
      required: ['reached'],
      properties: { reached: { type: 'boolean' }, note: text(WORK_ORDER_TEXT_MAX) },
    },
    zoneScoped,
  ),
  '/api/v1/work-orders/{id}/rectification': actionPath(
    'Record the rectification (整改结果), once; the order becomes rectified',
    { required: ['text'], properties: { text: text(WORK_ORDER_TEXT_MAX) } },
    zoneScoped,
  ),
  '/api/v1/work-orders/{id}/appeal': actionPath(
    'File the appeal (申诉) on behalf of the window, once, before the appeal deadline',
    { required: ['reason'], properties: { reason: text(WORK_ORDER_TEXT_MAX) } },
    zoneScoped,
  ),
  '/api/v1/work-orders/{id}/appeal-decision': actionPath(
    'Decide the appeal (申诉复核): accepted closes the order (appeal_accepted), rejected returns it to its previous state; not by who filed it',
    {
      required: ['outcome'],
      properties: {
        outcome: { type: 'string', enum: ['accepted', 'rejected'] },
        note: text(WORK_ORDER_TEXT_MAX),
      },
    },
    'admin, manager',
  ),
  '/api/v1/work-orders/{id}/close': actionPath(
    'Close (办结) a rectified order whose visitor was reached by a callback',
    null,
    zoneScoped,
  ),
};
