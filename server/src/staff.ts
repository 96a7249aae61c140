/**
 * Admin console: staff accounts (工号). Admins create accounts, change their name, role,
 * window and zones, reset passwords and disable or enable them; managers may read the list.
 *
 * Every change goes through `hall.commitAdmin`: the `staff.changed` event (the public account,
 * never a hash), the account row and the audit row (never a password) are one durable write,
 * so the event log says who changed which account when. Password hashes are computed before
 * the command queue (scrypt takes tens of milliseconds; the queue must not wait on it), and
 * `build` reads the account again inside the queue, so a concurrent change is never lost.
 *
 * Rules the hall relies on:
 * - A clerk's window and a zone lead's zones must exist in the configuration; a zone lead
 *   needs at least one zone (else they would see nothing). Only clerks are bound to a window.
 * - The last enabled admin can be neither disabled nor demoted, and an admin cannot disable
 *   their own account: the console must always have someone who can run it.
 * - A password reset, disabling, or a change of role or window ends the account's sessions
 *   and cuts its sockets, so the person signs in again with what now holds (a clerk at their
 *   new window). Tokens of a disabled account are refused anyway (`resolveToken`).
 */
import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  describeIssues,
  STAFF_ROLES,
  windowIdSchema,
  type Ack,
  type DomainError,
  type HallConfig,
  type StaffChanged,
  type StaffPublic,
  type StaffRole,
} from '@hallq/shared';
import {
  adminAuth,
  ADMIN_ONLY,
  MANAGER_ROLES,
  objectBodyOf,
  type AdminContext,
  type AdminModule,
  type StaffActor,
} from './admin-auth.ts';
import { hashPassword } from './auth.ts';
import { sendError } from './errors.ts';
import type { AdminWrite } from './hall-service.ts';
import { errors, json } from './openapi-parts.ts';
import type { StaffRecord } from './store.ts';

/** 工号: letters, digits, `_ . -`; no `@` or `:` (session subjects use them). */
export const STAFF_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 200;
/** Temporary passwords: 12 characters without look-alikes (0/O, 1/l/I), read out or copied. */
const TEMP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
const TEMP_LENGTH = 12;

const staffIdSchema = z
  .string()
  .regex(
    STAFF_ID_PATTERN,
    '工号 is 1–40 letters, digits, "_", "." or "-", starting with a letter or digit',
  );
const nameSchema = z.string().trim().min(1).max(40);
const roleSchema = z.enum(STAFF_ROLES);
const zoneIdsSchema = z
  .array(z.string().min(1).max(40))
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, 'zoneIds: each zone once');
const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `a password has at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);

export const createStaffSchema = z.strictObject({
  staffId: staffIdSchema,
  name: nameSchema,
  role: roleSchema,
  windowId: windowIdSchema.nullable().optional(),
  zoneIds: zoneIdsSchema.optional(),
  password: passwordSchema,
});

export const updateStaffSchema = z
  .strictObject({
    name: nameSchema.optional(),
    role: roleSchema.optional(),
    windowId: windowIdSchema.nullable().optional(),
    zoneIds: zoneIdsSchema.optional(),
  })
  .refine(
    (change) => Object.keys(change).length > 0,
    'give at least one of name, role, windowId, zoneIds',
  );

export const passwordResetSchema = z.strictObject({ password: passwordSchema.optional() });
const emptySchema = z.strictObject({});

/** The account as the console and the event log see it. */
export function staffPublicOf(record: StaffRecord): StaffPublic {
  return {
    staffId: record.staffId,
    name: record.name,
    role: (STAFF_ROLES as readonly string[]).includes(record.role)
      ? (record.role as StaffRole)
      : 'guide',
    windowId: record.windowId,
    zoneIds: [...record.zoneIds],
    disabled: record.disabled,
  };
}

/** A random temporary password (uniform over {@link TEMP_ALPHABET}). */
export function temporaryPassword(): string {
  let out = '';
  for (let i = 0; i < TEMP_LENGTH; i += 1)
    out += TEMP_ALPHABET.charAt(randomInt(TEMP_ALPHABET.length));
  return out;
}

function invalid(message: string, problems?: readonly string[]): DomainError {
  return problems === undefined
    ? { code: 'validation', message }
    : { code: 'validation', message, details: { problems } };
}

function refused(code: DomainError['code'], message: string): { ok: false; error: DomainError } {
  return { ok: false, error: { code, message } };
}

/**
 * Checks an account's role, window and zones against the hall (the whole resulting
 * account, so a PATCH of one field cannot leave the others inconsistent).
 */
function accountProblems(
  config: HallConfig,
  role: StaffRole,
  windowId: number | null,
  zoneIds: readonly string[],
): string[] {
  const problems: string[] = [];
  if (windowId !== null) {
    if (role !== 'clerk') {
      problems.push(`windowId: only a clerk is bound to a window; leave it empty for a ${role}`);
    } else if (!config.windows.some((w) => w.id === windowId)) {
      problems.push(`windowId: this hall has no window ${windowId}`);
    }
  }
  for (const zone of zoneIds) {
    if (!config.zones.some((z) => z.id === zone))
      problems.push(`zoneIds: this hall has no zone ${zone}`);
  }
  if (role === 'zone_lead' && zoneIds.length === 0) {
    problems.push('zoneIds: a zone lead (首席代表) is responsible for at least one zone');
  }
  return problems;
}

/** The zones of a clerk follow their window unless given. */
function clerkZones(config: HallConfig, windowId: number | null): string[] {
  const zone = config.windows.find((w) => w.id === windowId)?.zoneId;
  return zone === undefined ? [] : [zone];
}

function enabledAdmins(all: readonly StaffRecord[]): StaffRecord[] {
  return all.filter((s) => s.role === 'admin' && !s.disabled);
}

function staffEvent(
  now: number,
  record: StaffRecord,
  change: StaffChanged['change'],
): StaffChanged {
  return { type: 'staff.changed', at: now, staff: staffPublicOf(record), change };
}

/** What a reply carries beside the account (a generated password). */
type Extra = Readonly<Record<string, string>>;
const NO_EXTRA: Extra = {};

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id?: unknown };
  return typeof id === 'string' ? id : '';
}

export function registerStaff(app: FastifyInstance, ctx: AdminContext): AdminModule {
  const { hall, store, clock, logger } = ctx;
  const auth = adminAuth(ctx);

  /** Parses a body with a schema; null after answering 400. */
  function parse<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    schema: z.ZodType<T>,
    what: string,
  ): T | null {
    const body = objectBodyOf(request, reply);
    if (body === null) return null;
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    void sendError(reply, invalid(`Invalid ${what}: ${describeIssues(parsed.error)}`));
    return null;
  }

  /** Ends the account's sessions and cuts its sockets (after the change is durable). */
  async function signOut(staffId: string): Promise<void> {
    try {
      await store.deleteStaffSessions(staffId);
    } catch (error) {
      // The tokens of a disabled account are refused anyway; a reset password would leave
      // old sessions alive until they expire, so say so loudly.
      logger.error({ err: error, staffId }, 'could not end the sessions of a staff account');
    }
    const io = ctx.io();
    if (io === null) return;
    for (const socket of io.of('/').sockets.values()) {
      const actor = socket.data.actor;
      if (actor.kind === 'staff' && actor.staffId === staffId) socket.disconnect(true);
    }
  }

  /**
   * Commits one change of one account: `build` gets the current row (re-read inside the
   * command queue) and every account, and returns the new row and what changed.
   */
  async function change(
    reply: FastifyReply,
    actor: StaffActor,
    command: string,
    auditPayload: unknown,
    staffId: string,
    build: (
      current: StaffRecord,
      all: readonly StaffRecord[],
      config: HallConfig,
    ) => Ack<{ record: StaffRecord; change: StaffChanged['change']; reply: Extra }>,
    endSessions: (before: StaffRecord, after: StaffRecord) => boolean,
  ): Promise<FastifyReply> {
    const result = await hall.commitAdmin<{
      before: StaffRecord;
      record: StaffRecord;
      reply: Extra;
    }>({
      actor,
      command,
      auditPayload,
      build: async (
        state,
      ): Promise<Ack<AdminWrite<{ before: StaffRecord; record: StaffRecord; reply: Extra }>>> => {
        const current = await store.findStaff(staffId);
        if (current === null) return refused('not_found', `No staff account ${staffId}.`);
        const built = build(current, await store.listStaff(), state.config);
        if (!built.ok) return built;
        const { record } = built.data;
        return {
          ok: true,
          data: {
            events: [staffEvent(clock(), record, built.data.change)],
            staff: [record],
            reply: { before: current, record, reply: built.data.reply },
          },
        };
      },
    });
    if (!result.ok) return sendError(reply, result.error);
    const { before, record } = result.data.reply;
    if (endSessions(before, record)) await signOut(staffId);
    return reply.send({ data: { staff: staffPublicOf(record), ...result.data.reply.reply } });
  }

  app.get('/api/v1/staff', async (request, reply) => {
    const actor = await auth.staff(request, reply, MANAGER_ROLES, 'staff.list');
    if (actor === null) return reply;
    const all = await store.listStaff();
    const data = all
      .map(staffPublicOf)
      .sort((a, b) => (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0));
    return reply.send({ data });
  });

  app.post('/api/v1/staff', async (request, reply) => {
    const actor = await auth.staff(request, reply, ADMIN_ONLY, 'staff.create');
    if (actor === null) return reply;
    const body = parse(request, reply, createStaffSchema, 'staff account');
    if (body === null) return reply;
    const passwordHash = await hashPassword(body.password);
    const { password: _secret, ...shown } = body;
    const result = await hall.commitAdmin<StaffRecord>({
      actor,
      command: 'staff.create',
      auditPayload: shown,
      build: async (state) => {
        if ((await store.findStaff(body.staffId)) !== null) {
          return refused('wrong_state', `工号 ${body.staffId} is taken; choose another.`);
        }
        const windowId = body.windowId ?? null;
        const zoneIds =
          body.zoneIds ?? (body.role === 'clerk' ? clerkZones(state.config, windowId) : []);
        const problems = accountProblems(state.config, body.role, windowId, zoneIds);
        if (problems.length > 0) {
          return {
            ok: false,
            error: invalid(`Invalid staff account: ${problems.join('; ')}`, problems),
          };
        }
        const record: StaffRecord = {
          staffId: body.staffId,
          name: body.name,
          role: body.role,
          windowId,
          zoneIds,
          passwordHash,
          disabled: false,
        };
        return {
          ok: true,
          data: {
            events: [staffEvent(clock(), record, 'created')],
            staff: [record],
            reply: record,
          },
        };
      },
    });
    if (!result.ok) return sendError(reply, result.error);
    return reply.code(201).send({ data: { staff: staffPublicOf(result.data.reply) } });
  });

  app.patch('/api/v1/staff/:id', async (request, reply) => {
    const id = idParam(request);
    const actor = await auth.staff(request, reply, ADMIN_ONLY, 'staff.update', { staffId: id });
    if (actor === null) return reply;
    const body = parse(request, reply, updateStaffSchema, 'staff change');
    if (body === null) return reply;
    return change(
      reply,
      actor,
      'staff.update',
      { staffId: id, ...body },
      id,
      (current, all, config) => {
        const role = body.role ?? (current.role as StaffRole);
        // Leaving the clerk role unbinds the window; a new window moves a clerk's zones along.
        const windowId =
          body.windowId !== undefined ? body.windowId : role === 'clerk' ? current.windowId : null;
        const zoneIds =
          body.zoneIds ??
          (role === 'clerk' && windowId !== current.windowId
            ? clerkZones(config, windowId)
            : role === 'clerk' || role === 'zone_lead'
              ? [...current.zoneIds]
              : []);
        const problems = accountProblems(config, role, windowId, zoneIds);
        if (problems.length > 0) {
          return {
            ok: false,
            error: invalid(`Invalid staff change: ${problems.join('; ')}`, problems),
          };
        }
        if (
          current.role === 'admin' &&
          role !== 'admin' &&
          !current.disabled &&
          enabledAdmins(all).length <= 1
        ) {
          return refused(
            'wrong_state',
            `${current.staffId} is the last enabled admin; make another account admin first.`,
          );
        }
        const record: StaffRecord = {
          ...current,
          name: body.name ?? current.name,
          role,
          windowId,
          zoneIds,
        };
        return { ok: true, data: { record, change: 'updated', reply: {} } };
      },
      (before, after) => before.role !== after.role || before.windowId !== after.windowId,
    );
  });

  app.post('/api/v1/staff/:id/password', async (request, reply) => {
    const id = idParam(request);
    const actor = await auth.staff(request, reply, ADMIN_ONLY, 'staff.password', { staffId: id });
    if (actor === null) return reply;
    const body = parse(request, reply, passwordResetSchema, 'password reset');
    if (body === null) return reply;
    const generated = body.password === undefined ? temporaryPassword() : null;
    const passwordHash = await hashPassword(body.password ?? generated ?? '');
    return change(
      reply,
      actor,
      'staff.password',
      { staffId: id, generated: generated !== null },
      id,
      (current) => ({
        ok: true,
        data: {
          record: { ...current, passwordHash },
          change: 'password_reset',
          // Shown once: the server keeps only the hash.
          reply: generated === null ? NO_EXTRA : { temporaryPassword: generated },
        },
      }),
      () => true,
    );
  });

  app.post('/api/v1/staff/:id/disable', async (request, reply) => {
    const id = idParam(request);
    const actor = await auth.staff(request, reply, ADMIN_ONLY, 'staff.disable', { staffId: id });
    if (actor === null) return reply;
    if (parse(request, reply, emptySchema, 'request') === null) return reply;
    return change(
      reply,
      actor,
      'staff.disable',
      { staffId: id },
      id,
      (current, all) => {
        if (current.staffId === actor.staffId) {
          return refused(
            'wrong_state',
            'You cannot disable your own account; ask another admin to do it.',
          );
        }
        if (current.disabled) {
          return refused('wrong_state', `${current.staffId} is already disabled.`);
        }
        if (current.role === 'admin' && enabledAdmins(all).length <= 1) {
          return refused(
            'wrong_state',
            `${current.staffId} is the last enabled admin; make another account admin first.`,
          );
        }
        return {
          ok: true,
          data: { record: { ...current, disabled: true }, change: 'disabled', reply: {} },
        };
      },
      () => true,
    );
  });

  app.post('/api/v1/staff/:id/enable', async (request, reply) => {
    const id = idParam(request);
    const actor = await auth.staff(request, reply, ADMIN_ONLY, 'staff.enable', { staffId: id });
    if (actor === null) return reply;
    if (parse(request, reply, emptySchema, 'request') === null) return reply;
    return change(
      reply,
      actor,
      'staff.enable',
      { staffId: id },
      id,
      (current) =>
        current.disabled
          ? {
              ok: true,
              data: { record: { ...current, disabled: false }, change: 'enabled', reply: {} },
            }
          : refused('wrong_state', `${current.staffId} is already enabled.`),
      () => false,
    );
  });

  return { start: () => Promise.resolve(), stop: () => Promise.resolve() };
}

// ─── OpenAPI ────────────────────────────────────────────────────────────────────────────────

const staffPublicSchema = {
  type: 'object',
  required: ['staffId', 'name', 'role', 'windowId', 'zoneIds', 'disabled'],
  properties: {
    staffId: { type: 'string', pattern: STAFF_ID_PATTERN.source },
    name: { type: 'string' },
    role: { type: 'string', enum: [...STAFF_ROLES] },
    windowId: { type: ['integer', 'null'] },
    zoneIds: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
  },
};
const staffReply = (description: string, extra: Record<string, object> = {}): object => ({
  description,
  content: json({
    type: 'object',
    properties: {
      data: {
        type: 'object',
        properties: { staff: staffPublicSchema, ...extra },
      },
    },
  }),
});
const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: '工号 (staff id)',
  schema: { type: 'string' },
};

/** OpenAPI paths of this module, merged into /api/v1/openapi.json. */
export const staffPaths: Readonly<Record<string, object>> = {
  '/api/v1/staff': {
    get: {
      summary: 'Staff accounts (admin, manager); never a password hash',
      responses: {
        '200': {
          description: 'Every account, by 工号',
          content: json({
            type: 'object',
            properties: { data: { type: 'array', items: staffPublicSchema } },
          }),
        },
        ...errors,
      },
    },
    post: {
      summary:
        'Create a staff account (admin). A clerk may be bound to an existing window; a zone lead needs ≥ 1 zone',
      requestBody: {
        content: json({
          type: 'object',
          additionalProperties: false,
          required: ['staffId', 'name', 'role', 'password'],
          properties: {
            staffId: { type: 'string', pattern: STAFF_ID_PATTERN.source },
            name: { type: 'string', maxLength: 40 },
            role: { type: 'string', enum: [...STAFF_ROLES] },
            windowId: { type: ['integer', 'null'] },
            zoneIds: { type: 'array', items: { type: 'string' } },
            password: { type: 'string', minLength: MIN_PASSWORD_LENGTH },
          },
        }),
      },
      responses: { '201': staffReply('The new account'), ...errors },
    },
  },
  '/api/v1/staff/{id}': {
    patch: {
      summary:
        'Change name, role, window or zones (admin); a change of role or window ends the sessions. The last enabled admin cannot be demoted (409)',
      parameters: [idParameter],
      requestBody: {
        content: json({
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: 'string', maxLength: 40 },
            role: { type: 'string', enum: [...STAFF_ROLES] },
            windowId: { type: ['integer', 'null'] },
            zoneIds: { type: 'array', items: { type: 'string' } },
          },
        }),
      },
      responses: { '200': staffReply('The changed account'), ...errors },
    },
  },
  '/api/v1/staff/{id}/password': {
    post: {
      summary:
        'Reset the password (admin): the given one, or without one a generated temporary password returned once. Ends the sessions',
      parameters: [idParameter],
      requestBody: {
        required: false,
        content: json({
          type: 'object',
          additionalProperties: false,
          properties: { password: { type: 'string', minLength: MIN_PASSWORD_LENGTH } },
        }),
      },
      responses: {
        '200': staffReply('The account (and temporaryPassword when generated)', {
          temporaryPassword: { type: 'string' },
        }),
        ...errors,
      },
    },
  },
  '/api/v1/staff/{id}/disable': {
    post: {
      summary:
        'Disable an account (admin): ends its sessions. Not your own, not the last enabled admin (409)',
      parameters: [idParameter],
      responses: { '200': staffReply('The disabled account'), ...errors },
    },
  },
  '/api/v1/staff/{id}/enable': {
    post: {
      summary: 'Enable a disabled account again (admin)',
      parameters: [idParameter],
      responses: { '200': staffReply('The enabled account'), ...errors },
    },
  },
};
