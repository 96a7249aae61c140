/**
 * Admin console: the alarm engine (预警, brief §5.5) and its routes.
 *
 * The rules are pure (`shared/src/domain/alarm-rules.ts`); this module gathers their facts —
 * the hall state, devices and their live sockets, printer paper reports, open work orders —
 * and commits the plan through `hall.commitAdmin` as `alarm.raised` / `alarm.cleared` events
 * with the alarm rows, actor `system`. It evaluates after every committed batch, on a timer,
 * and before `GET /api/v1/alarms` answers, always against the clock of the server (tests move
 * it). A person acknowledges an alarm (`alarm.acknowledged`, who, when and a note); an alarm
 * leaves the live list once it is both cleared and acknowledged, and stays in the history.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ALARM_KINDS,
  alarmIsLive,
  alarmThresholdsOf,
  type Ack,
  type Alarm,
  type DomainEvent,
  type HallState,
  type LoggedEvent,
  type WorkOrder,
} from '@hallq/shared';
import { z } from 'zod';
import {
  alarmOf,
  badRatingConditions,
  planAlarms,
  type AlarmCondition,
  type DeviceFact,
  type PrinterPaper,
} from '../../shared/src/domain/alarm-rules.ts';
import {
  ALL_ADMIN_ROLES,
  objectBodyOf,
  adminAuth,
  seesZone,
  visibleZones,
  type AdminContext,
  type AdminModule,
} from './admin-auth.ts';
import { hashToken, resolveToken } from './auth.ts';
import { bearerToken, sendError } from './errors.ts';
import type { HallService } from './hall-service.ts';
import { errors, json } from './openapi-parts.ts';
import type { DeviceRecord } from './store.ts';

/** How often the engine looks at the hall without a command (wait and idle times grow). */
export const ALARM_TICK_MS = 5000;

/** Printer states a kiosk (or the print relay) reports. */
export const PRINTER_STATES = ['ok', 'paper_low', 'paper_out', 'offline', 'error'] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

/**
 * Where the print relay reports what a printer said after a job: set by the alarm engine of
 * the same hall (the relay is registered before it, and both live as long as the hall).
 */
const printerSinks = new WeakMap<HallService, (deviceId: string, state: PrinterState) => void>();

/** Reports a kiosk printer's state to the hall's alarm engine, if it runs. */
export function reportPrinterState(hall: HallService, deviceId: string, state: PrinterState): void {
  printerSinks.get(hall)?.(deviceId, state);
}

const OPEN_ORDER_STATES = ['open', 'called_back', 'appealing', 'rectified'] as const;

const listQuery = z.strictObject({
  live: z.enum(['1', '0', 'true', 'false']).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  kind: z.enum(ALARM_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const ackBody = z.strictObject({ note: z.string().trim().max(500).optional() });

const statusBody = z.strictObject({
  printer: z.enum(PRINTER_STATES),
  detail: z.string().trim().max(200).optional(),
});

const alarmIdSchema = z.string().regex(/^AL-\d{1,15}$/);

function idParam(request: FastifyRequest): string {
  return (request.params as { id?: string }).id ?? '';
}

/** OpenAPI paths of this module, merged into /api/v1/openapi.json. */
export const alarmPaths: Readonly<Record<string, object>> = {
  '/api/v1/alarms': {
    get: {
      tags: ['admin'],
      summary: 'Alarms (预警), newest first: live ones or the history',
      description:
        'Admins and managers see every alarm, a zone lead those of their zones. The engine ' +
        'evaluates the hall first, so the answer is current to the second.',
      parameters: [
        {
          name: 'live',
          in: 'query',
          schema: { type: 'string', enum: ['1', '0'] },
          description: '1 = only alarms not both cleared and acknowledged',
        },
        { name: 'from', in: 'query', schema: { type: 'integer' }, description: 'raised ≥ (ms)' },
        { name: 'to', in: 'query', schema: { type: 'integer' }, description: 'raised < (ms)' },
        { name: 'kind', in: 'query', schema: { type: 'string', enum: [...ALARM_KINDS] } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
      ],
      responses: {
        '200': {
          description: 'Alarms',
          content: json({
            type: 'object',
            properties: { data: { type: 'array', items: { type: 'object' } } },
          }),
        },
        '400': errors['400'],
        '401': errors['401'],
        '403': errors['403'],
      },
    },
  },
  '/api/v1/alarms/{id}/acknowledge': {
    post: {
      tags: ['admin'],
      summary: 'Acknowledge an alarm (the signed-in person, now, with an optional note)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: {
        content: json({
          type: 'object',
          additionalProperties: false,
          properties: { note: { type: 'string', maxLength: 500 } },
        }),
      },
      responses: {
        '200': { description: 'The acknowledged alarm', content: json({ type: 'object' }) },
        '400': errors['400'],
        '401': errors['401'],
        '403': errors['403'],
        '404': errors['404'],
        '409': errors['409'],
        '503': errors['503'],
        '507': errors['507'],
      },
    },
  },
  '/api/v1/device/status': {
    post: {
      tags: ['devices'],
      summary: 'A kiosk reports its printer (paper low / out raise alarms, ok clears them)',
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          additionalProperties: false,
          required: ['printer'],
          properties: {
            printer: { type: 'string', enum: [...PRINTER_STATES] },
            detail: { type: 'string', maxLength: 200 },
          },
        }),
      },
      responses: {
        '200': { description: 'Recorded', content: json({ type: 'object' }) },
        '400': errors['400'],
        '401': errors['401'],
        '403': errors['403'],
      },
    },
  },
};

export function registerAlarms(app: FastifyInstance, ctx: AdminContext): AdminModule {
  const { hall, store, clock, logger } = ctx;
  const auth = adminAuth(ctx);
  /** Live alarms by id, kept in step with every committed alarm event. */
  const live = new Map<string, Alarm>();
  /** Paper state of each kiosk printer as last reported. */
  const paper = new Map<string, PrinterPaper>();
  let timer: NodeJS.Timeout | null = null;
  let stopListening: (() => void) | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  function track(alarm: Alarm): void {
    if (alarmIsLive(alarm)) live.set(alarm.id, alarm);
    else live.delete(alarm.id);
  }

  async function deviceFacts(state: HallState): Promise<DeviceFact[]> {
    const devices = await store.listDevices();
    const connected = new Set<string>();
    const io = ctx.io();
    if (io !== null) {
      for (const socket of io.of('/').sockets.values()) {
        const actor = (socket.data as { actor?: { kind: string; deviceId?: string } }).actor;
        if (actor?.kind === 'device' && actor.deviceId !== undefined) connected.add(actor.deviceId);
      }
    }
    const windowZone = new Map(state.config.windows.map((w) => [w.id, w.zoneId]));
    return devices.map((d) => deviceFact(d, windowZone, connected.has(d.deviceId), paper));
  }

  /** One evaluation: plan against the state inside the command queue, commit if needed. */
  async function evaluateOnce(badRatings: readonly DomainEvent[] = []): Promise<void> {
    const result = await hall.commitAdmin<number>({
      actor: { kind: 'system' },
      command: 'alarm.evaluate',
      auditPayload: null,
      build: async (state) => {
        const now = clock();
        const thresholds = alarmThresholdsOf(state.config);
        const [devices, orders] = await Promise.all([
          deviceFacts(state),
          thresholds.workOrderOverdue
            ? store.listWorkOrders({ states: [...OPEN_ORDER_STATES], limit: 5000 })
            : Promise.resolve([] as readonly WorkOrder[]),
        ]);
        const liveNow = [...live.values()];
        const plan = planAlarms({
          state,
          now,
          thresholds,
          devices,
          workOrders: orders,
          live: liveNow,
        });
        const known = new Set(liveNow.map((a) => a.key));
        const rated = badRatingConditions(state, badRatings, thresholds, known);
        const raise: AlarmCondition[] = [...rated, ...plan.raise];
        if (raise.length === 0 && plan.clear.length === 0) {
          return { ok: false, error: { code: 'wrong_state', message: 'Nothing to change.' } };
        }
        const events: DomainEvent[] = [];
        const rows: Alarm[] = [];
        let seq = hall.currentSeq;
        for (const c of raise) {
          seq += 1;
          const alarm = alarmOf(c, `AL-${seq}`, now);
          events.push({ type: 'alarm.raised', at: now, alarm });
          rows.push(alarm);
        }
        for (const old of plan.clear) {
          seq += 1;
          const alarm: Alarm = { ...old, clearedAt: now };
          events.push({ type: 'alarm.cleared', at: now, alarm });
          rows.push(alarm);
        }
        return { ok: true, data: { events, alarms: rows, reply: events.length } };
      },
    });
    if (!result.ok && result.error.code !== 'wrong_state') {
      logger.warn({ error: result.error }, 'alarm evaluation could not be saved');
    }
  }

  /**
   * Runs an evaluation; calls while one runs coalesce into one more run after it (bad
   * ratings are never coalesced away: they are passed along).
   */
  let pendingRatings: DomainEvent[] = [];
  // A function, not the expression: `again` is set by calls made while the loop awaits.
  const wantsAnother = (): boolean => again && !stopped;
  function evaluate(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running !== null) {
      again = true;
      return running;
    }
    const run = (async () => {
      do {
        again = false;
        const ratings = pendingRatings;
        pendingRatings = [];
        try {
          await evaluateOnce(ratings);
        } catch (error) {
          logger.error({ err: error }, 'alarm evaluation failed');
        }
      } while (wantsAnother());
    })();
    running = run.finally(() => {
      running = null;
    });
    return running;
  }

  function onCommitted(events: readonly LoggedEvent[]): void {
    let other = false;
    for (const { event } of events) {
      if (
        event.type === 'alarm.raised' ||
        event.type === 'alarm.cleared' ||
        event.type === 'alarm.acknowledged'
      ) {
        track(event.alarm);
        continue;
      }
      if (event.type === 'ticket.rated') pendingRatings.push(event);
      other = true;
    }
    // The engine's own commits change nothing it looks at.
    if (other) void evaluate();
  }

  function setPaper(deviceId: string, state: PrinterState): void {
    if (state === 'ok') paper.set(deviceId, 'ok');
    else if (state === 'paper_low' || state === 'paper_out') paper.set(deviceId, state);
    // offline / error say nothing about the paper: the last known state stands.
    else return;
    void evaluate();
  }

  app.get('/api/v1/alarms', async (request, reply) => {
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'alarm.list');
    if (actor === null) return reply;
    const query = listQuery.safeParse(request.query ?? {});
    if (!query.success) {
      return sendError(reply, {
        code: 'validation',
        message:
          'Query: live=1|0, from/to = ms since epoch, kind = one of the alarm kinds, limit 1–1000.',
        details: { problems: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
      });
    }
    const q = query.data;
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      return sendError(reply, { code: 'validation', message: '`from` must not be after `to`.' });
    }
    await evaluate();
    const zones = visibleZones(actor);
    const data = await store.listAlarms({
      ...(q.live === undefined ? {} : { live: q.live === '1' || q.live === 'true' }),
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
      ...(q.kind === undefined ? {} : { kind: q.kind }),
      ...(zones === undefined ? {} : { zoneIds: zones }),
      limit: q.limit,
    });
    return reply.send({ data });
  });

  app.post('/api/v1/alarms/:id/acknowledge', async (request, reply) => {
    const id = idParam(request);
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'alarm.acknowledge', { id });
    if (actor === null) return reply;
    const body = objectBodyOf(request, reply);
    if (body === null) return reply;
    const parsed = ackBody.safeParse(body);
    if (!parsed.success) {
      return sendError(reply, {
        code: 'validation',
        message: 'The body is { note? } with a note of at most 500 characters.',
      });
    }
    if (!alarmIdSchema.safeParse(id).success) {
      return sendError(reply, { code: 'not_found', message: `No alarm ${id}.` });
    }
    const note =
      parsed.data.note === undefined || parsed.data.note === '' ? null : parsed.data.note;
    const result = await hall.commitAdmin<Alarm>({
      actor,
      command: 'alarm.acknowledge',
      auditPayload: { id, note },
      build: async (): Promise<Ack<{ events: DomainEvent[]; alarms: Alarm[]; reply: Alarm }>> => {
        const found = live.get(id) ?? (await store.findAlarm(id));
        if (found === null || !seesZone(actor, found.zoneId)) {
          // A zone lead learns nothing of other zones' alarms.
          return { ok: false, error: { code: 'not_found', message: `No alarm ${id}.` } };
        }
        if (found.acknowledgedAt !== null) {
          return {
            ok: false,
            error: {
              code: 'wrong_state',
              message: `Alarm ${id} was already acknowledged by ${found.acknowledgedBy ?? '?'}.`,
            },
          };
        }
        const now = clock();
        const alarm: Alarm = { ...found, acknowledgedAt: now, acknowledgedBy: actor.staffId, note };
        return {
          ok: true,
          data: {
            events: [{ type: 'alarm.acknowledged', at: now, alarm }],
            alarms: [alarm],
            reply: alarm,
          },
        };
      },
    });
    if (!result.ok) return sendError(reply, result.error);
    return reply.send({ data: result.data.reply });
  });

  app.post('/api/v1/device/status', async (request, reply) => {
    const token = bearerToken(request);
    const resolved = await resolveToken(store, token, clock());
    if (!resolved.ok || token === undefined || resolved.actor.kind === 'anonymous') {
      return sendError(reply, {
        code: 'unauthenticated',
        message: 'Report the printer with the kiosk’s device token.',
      });
    }
    const { actor } = resolved;
    const device =
      actor.kind === 'device' && actor.role === 'kiosk'
        ? await store.findDeviceByToken(hashToken(token))
        : null;
    if (device === null || device.revoked) {
      return sendError(reply, {
        code: 'forbidden',
        message: 'Only a paired kiosk reports its printer.',
      });
    }
    const parsed = statusBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      return sendError(reply, {
        code: 'validation',
        message: `The body is { printer: ${PRINTER_STATES.join(' | ')}, detail? }.`,
      });
    }
    setPaper(device.deviceId, parsed.data.printer);
    await evaluate();
    return reply.send({
      data: {
        deviceId: device.deviceId,
        printer: parsed.data.printer,
        paper: paper.get(device.deviceId) ?? null,
      },
    });
  });

  return {
    async start() {
      stopped = false;
      for (const alarm of await store.listAlarms({ live: true, limit: 100_000 })) {
        live.set(alarm.id, alarm);
        // A printer alarm stands for what the kiosk last said until it says otherwise.
        if (alarm.deviceId !== null && alarm.clearedAt === null) {
          if (alarm.kind === 'printer_paper_out') paper.set(alarm.deviceId, 'paper_out');
          else if (alarm.kind === 'printer_paper_low' && !paper.has(alarm.deviceId)) {
            paper.set(alarm.deviceId, 'paper_low');
          }
        }
      }
      printerSinks.set(hall, setPaper);
      stopListening = hall.onCommitted(onCommitted);
      await evaluate();
      timer = setInterval(() => {
        void evaluate();
      }, ALARM_TICK_MS);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      stopListening?.();
      stopListening = null;
      printerSinks.delete(hall);
      await running;
    },
  };
}

function deviceFact(
  d: DeviceRecord,
  windowZone: ReadonlyMap<number, string>,
  connected: boolean,
  paper: ReadonlyMap<string, PrinterPaper>,
): DeviceFact {
  const bound = d.binding.zoneId;
  const zoneId =
    d.windowId !== null
      ? (windowZone.get(d.windowId) ?? null)
      : typeof bound === 'string'
        ? bound
        : null;
  return {
    deviceId: d.deviceId,
    name: d.name,
    role: d.role,
    zoneId,
    windowId: d.windowId,
    revoked: d.revoked,
    paired: d.tokenHash !== null && d.pairedAt !== null,
    pairedAt: d.pairedAt,
    lastSeenAt: d.lastSeenAt,
    connected,
    paper: paper.get(d.deviceId) ?? null,
  };
}
