/**
 * Admin console: the hall configuration, one section at a time, and the whole of it as a file
 * (export, import with a dry run).
 *
 * Every change goes through `hall.commitAdmin` as one `config.changed` event (with the section
 * edited, or `import`): the event, the stored configuration and the audit row are one durable
 * write, then every client applies the new configuration at once. The change is checked
 * inside the command queue, against the configuration and the business day as they are at that
 * moment, so two admins saving at once cannot slip an inconsistent configuration in:
 * - the section's shape (`configSectionSchemas`, zod; 400 `validation`),
 * - the whole configuration's consistency (`checkConfigProblems`; 400 `validation`),
 * - today's tickets and windows (`checkConfigChange`: nothing open loses its service or window,
 *   no prefix changes after numbers were issued; 409 `wrong_state`),
 * - optionally the version the editor loaded (`If-Match` with the `version`/ETag of GET;
 *   409 `wrong_state` when someone else changed the configuration since).
 * Every refusal lists every problem in `details.problems` as `{ path, en, zh }` (the console
 * is Chinese first) and changes nothing. (This is `hall.changeConfig` with the problems in
 * both languages and the version guard inside the queue.)
 *
 * Who: admins edit every section and import; managers (值班长) read everything and edit only
 * the screen notices and the alarm thresholds; zone leads and clerks nothing (403, audited).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  actorLabel,
  businessDayAt,
  checkConfigChange,
  checkConfigProblems,
  CONFIG_FILE_FORMAT,
  CONFIG_FILE_VERSION,
  CONFIG_SECTIONS,
  hallConfigSchema,
  isConfigSection,
  parseConfigFile,
  parseConfigPatch,
  parseConfigSection,
  type Ack,
  type ConfigFile,
  type ConfigProblem,
  type ConfigSection,
  type DomainError,
  type DomainEvent,
  type HallConfig,
  type HallState,
} from '@hallq/shared';
import {
  adminAuth,
  ADMIN_ONLY,
  MANAGER_ROLES,
  NO_BACKGROUND,
  type AdminContext,
  type AdminModule,
  type StaffActor,
} from './admin-auth.ts';
import { sendError } from './errors.ts';
import type { AdminWrite } from './hall-service.ts';
import { errors, json, ref } from './openapi-parts.ts';

/** Sections a manager (值班长) may change: screen notices and alarm thresholds. */
export const MANAGER_SECTIONS: readonly ConfigSection[] = ['notices', 'alarms'];

/** The 108-window demo configuration is ~100 KiB; a large hall's file stays well under this. */
export const CONFIG_BODY_LIMIT = 2 * 1024 * 1024;

/** JSON with object keys sorted, so equal configurations have equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

/** A short fingerprint of a configuration: the version an editor sends back in `If-Match`. */
export function configVersion(config: HallConfig): string {
  return createHash('sha256').update(canonical(config)).digest('hex').slice(0, 20);
}

/** What would change, per section: rows added, removed and changed (fields for objects). */
export interface SectionChange {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}
export type ConfigChanges = Partial<Record<ConfigSection, SectionChange>>;

function keyOf(section: ConfigSection, row: unknown): string {
  if (typeof row !== 'object' || row === null) return canonical(row);
  const r = row as Record<string, unknown>;
  if (section === 'assignments') return `${String(r.windowId)}→${String(r.serviceId)}`;
  return String(r.id);
}

/** Counts what differs between two configurations, section by section. */
export function configChanges(before: HallConfig, after: HallConfig): ConfigChanges {
  const changes: ConfigChanges = {};
  for (const section of CONFIG_SECTIONS) {
    const a: unknown = before[section];
    const b: unknown = after[section];
    let change: SectionChange;
    if (Array.isArray(a) || Array.isArray(b)) {
      const left = new Map(((a ?? []) as unknown[]).map((row) => [keyOf(section, row), row]));
      const right = new Map(((b ?? []) as unknown[]).map((row) => [keyOf(section, row), row]));
      let added = 0;
      let removed = 0;
      let changed = 0;
      for (const [key, row] of right) {
        const old = left.get(key);
        if (old === undefined) added += 1;
        else if (canonical(old) !== canonical(row)) changed += 1;
      }
      for (const key of left.keys()) if (!right.has(key)) removed += 1;
      change = { added, removed, changed };
    } else {
      const left = (a ?? {}) as Record<string, unknown>;
      const right = (b ?? {}) as Record<string, unknown>;
      const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
      let changed = 0;
      for (const key of keys) if (canonical(left[key]) !== canonical(right[key])) changed += 1;
      change = { added: 0, removed: 0, changed };
    }
    if (change.added + change.removed + change.changed > 0) changes[section] = change;
  }
  return changes;
}

/**
 * The Chinese of `checkConfigChange`'s refusals (its lines are English), with the path of the
 * row they are about in the new configuration.
 */
export function changeProblem(message: string, next: HallConfig): ConfigProblem {
  const removedService = /^Service (\S+) cannot be removed: (\d+) of its tickets/.exec(message);
  if (removedService !== null) {
    return {
      path: 'services',
      en: message,
      zh: `事项 ${removedService[1] ?? ''} 今天还有 ${removedService[2] ?? ''} 张未办结的票，不能删除；请在日结后再删除。`,
    };
  }
  const prefix = /^Service (\S+): the ticket prefix cannot change from (\S+) to (\S+) after/.exec(
    message,
  );
  if (prefix !== null) {
    const index = next.services.findIndex((s) => s.id === prefix[1]);
    return {
      path: index < 0 ? 'services' : `services.${String(index)}.prefix`,
      en: message,
      zh: `事项 ${prefix[1] ?? ''} 今天已经发过号，票号前缀不能从 ${prefix[2] ?? ''} 改为 ${prefix[3] ?? ''}；请在日结后再改。`,
    };
  }
  const openWindow = /^Window (\d+) cannot be removed while it is (\w+)/.exec(message);
  if (openWindow !== null) {
    return {
      path: 'windows',
      en: message,
      zh: `${openWindow[1] ?? ''}号窗口正在使用（${openWindow[2] ?? ''}），不能删除；请先关闭该窗口。`,
    };
  }
  const targeted = /^Window (\d+) cannot be removed: (\d+) tickets wait/.exec(message);
  if (targeted !== null) {
    return {
      path: 'windows',
      en: message,
      zh: `有 ${targeted[2] ?? ''} 张票指定在${targeted[1] ?? ''}号窗口办理，不能删除该窗口。`,
    };
  }
  return { path: '', en: message, zh: `今天的排队情况不允许这项修改：${message}` };
}

function refusal(
  code: DomainError['code'],
  en: string,
  problems: readonly ConfigProblem[],
): { ok: false; error: DomainError } {
  const shown = problems.slice(0, 3).map((p) => p.en);
  const more = problems.length > 3 ? ` (+${String(problems.length - 3)} more)` : '';
  return {
    ok: false,
    error: {
      code,
      message: problems.length === 0 ? en : `${en} ${shown.join(' ')}${more}`,
      details: { problems },
    },
  };
}

const CHANGED_SINCE: ConfigProblem = {
  path: '',
  en: 'Someone else changed the configuration since you loaded it; reload it and make your change again.',
  zh: '在您打开之后，其他人已修改了配置；请刷新后重新修改。',
};

export interface ConfigReply {
  readonly config: HallConfig;
  readonly seq: number;
  readonly version: string;
  readonly changes: ConfigChanges;
}

/** The `If-Match` version: a plain or quoted version, `*` or nothing for no guard. */
function expectedVersion(request: FastifyRequest): string | null {
  const header: unknown = request.headers['if-match'];
  const value = typeof header === 'string' ? header : undefined;
  if (value === undefined || value.trim() === '' || value.trim() === '*') return null;
  return value.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

export function registerAdminConfig(app: FastifyInstance, ctx: AdminContext): AdminModule {
  const { hall, clock } = ctx;
  const auth = adminAuth(ctx);

  /** Checks and commits a new configuration (a section or a whole file) inside the queue. */
  function commitConfig(
    actor: StaffActor,
    section: ConfigSection | 'import',
    next: (current: HallConfig) => HallConfig,
    expected: string | null,
  ): Promise<Ack<{ readonly seq: number; readonly reply: ConfigReply }>> {
    let changes: ConfigChanges = {};
    return hall.commitAdmin<ConfigReply>({
      actor,
      command: `config.${section}`,
      // The event log holds the whole new configuration; the audit says what changed.
      get auditPayload() {
        return { section, changes };
      },
      build: (state: HallState): Ack<AdminWrite<ConfigReply>> => {
        if (expected !== null && configVersion(state.config) !== expected) {
          return refusal('wrong_state', 'The configuration was not changed:', [CHANGED_SINCE]);
        }
        const config = next(state.config);
        const problems = checkConfigProblems(config);
        if (problems.length > 0) {
          return refusal('validation', 'The configuration was not changed:', problems);
        }
        const live = checkConfigChange(state, config).map((m) => changeProblem(m, config));
        if (live.length > 0) {
          return refusal('wrong_state', 'The configuration was not changed today:', live);
        }
        changes = configChanges(state.config, config);
        const event: DomainEvent = { type: 'config.changed', at: clock(), section, config };
        return {
          ok: true,
          data: {
            events: [event],
            config,
            reply: { config, seq: 0, version: configVersion(config), changes },
          },
        };
      },
    });
  }

  async function answer(
    reply: FastifyReply,
    result: Ack<{ readonly seq: number; readonly reply: ConfigReply }>,
  ): Promise<FastifyReply> {
    if (!result.ok) return sendError(reply, result.error);
    const data = { ...result.data.reply, seq: result.data.seq };
    return reply.header('etag', `"${data.version}"`).send({ data });
  }

  app.get('/api/v1/admin/config', async (request, reply) => {
    const actor = await auth.staff(request, reply, MANAGER_ROLES, 'config.read');
    if (actor === null) return reply;
    const { config } = hall.state;
    const version = configVersion(config);
    return reply
      .header('etag', `"${version}"`)
      .send({ data: { config, seq: hall.currentSeq, version } });
  });

  app.get('/api/v1/admin/config/export', async (request, reply) => {
    const actor = await auth.staff(request, reply, MANAGER_ROLES, 'config.export');
    if (actor === null) return reply;
    const { config } = hall.state;
    const now = clock();
    const day = businessDayAt(now, config.hall);
    const file: ConfigFile = {
      format: CONFIG_FILE_FORMAT,
      version: CONFIG_FILE_VERSION,
      exportedAt: new Date(now).toISOString(),
      config,
    };
    const safeId = config.hall.id.replace(/[^A-Za-z0-9_-]/g, '_');
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="hallq-config-${safeId}-${day}.json"`)
      .send(JSON.stringify(file, null, 2));
  });

  /** A manager asking for a section beyond notices and alarms: audited 403. */
  async function forbidSections(
    reply: FastifyReply,
    actor: StaffActor,
    sections: readonly string[],
  ): Promise<FastifyReply> {
    await ctx.store.audit({
      at: clock(),
      actor: actorLabel(actor),
      command: `config.${sections[0] ?? 'change'}`,
      payload: { sections },
      outcome: 'forbidden',
    });
    return sendError(reply, {
      code: 'forbidden',
      message: `Managers may change only the screen notices and alarm thresholds; ask an administrator to change ${sections.join(', ')}.`,
    });
  }

  app.put<{ Params: { section: string } }>(
    '/api/v1/admin/config/:section',
    { bodyLimit: CONFIG_BODY_LIMIT },
    async (request, reply) => {
      const { section } = request.params;
      const actor = await auth.staff(request, reply, MANAGER_ROLES, `config.${section}`, {
        section,
      });
      if (actor === null) return reply;
      if (!isConfigSection(section)) {
        return sendError(reply, {
          code: 'not_found',
          message: `No configuration section "${section}"; one of ${CONFIG_SECTIONS.join(', ')}.`,
        });
      }
      if (actor.role !== 'admin' && !MANAGER_SECTIONS.includes(section)) {
        return forbidSections(reply, actor, [section]);
      }
      const parsed = parseConfigSection(section, request.body);
      if (!parsed.ok) {
        return sendError(
          reply,
          refusal('validation', 'The configuration was not changed:', parsed.problems).error,
        );
      }
      const value = parsed.value;
      const result = await commitConfig(
        actor,
        section,
        (current) => ({ ...current, [section]: value }),
        expectedVersion(request),
      );
      return answer(reply, result);
    },
  );

  app.patch('/api/v1/admin/config', { bodyLimit: CONFIG_BODY_LIMIT }, async (request, reply) => {
    const actor = await auth.staff(request, reply, MANAGER_ROLES, 'config.change', null);
    if (actor === null) return reply;
    const parsed = parseConfigPatch(request.body);
    if (!parsed.ok) {
      return sendError(
        reply,
        refusal('validation', 'The configuration was not changed:', parsed.problems).error,
      );
    }
    const { value, sections } = parsed;
    if (actor.role !== 'admin' && sections.some((s) => !MANAGER_SECTIONS.includes(s))) {
      return forbidSections(reply, actor, sections);
    }
    // The event names the first section changed (services before assignments …); the
    // audit row lists every section's changes.
    const result = await commitConfig(
      actor,
      sections[0] ?? 'hall',
      (current) => ({ ...current, ...value }),
      expectedVersion(request),
    );
    return answer(reply, result);
  });

  app.post<{ Querystring: Record<string, unknown> }>(
    '/api/v1/admin/config/import',
    { bodyLimit: CONFIG_BODY_LIMIT },
    async (request, reply) => {
      const actor = await auth.staff(request, reply, ADMIN_ONLY, 'config.import', null);
      if (actor === null) return reply;
      const dryRunParam = request.query.dryRun;
      if (
        dryRunParam !== undefined &&
        !(typeof dryRunParam === 'string' && ['0', '1', 'true', 'false'].includes(dryRunParam))
      ) {
        return sendError(reply, {
          code: 'validation',
          message: 'dryRun is 1 (check only) or 0 (apply).',
        });
      }
      const dryRun = dryRunParam === '1' || dryRunParam === 'true';
      const parsed = parseConfigFile(request.body);
      if (dryRun) {
        const state = hall.state;
        if (!parsed.ok) {
          return reply.send({ data: { valid: false, problems: parsed.problems, changes: null } });
        }
        const config = parsed.value.config;
        const problems = [
          ...checkConfigProblems(config),
          ...checkConfigChange(state, config).map((m) => changeProblem(m, config)),
        ];
        return reply.send({
          data: {
            valid: problems.length === 0,
            problems,
            changes: configChanges(state.config, config),
            version: configVersion(state.config),
          },
        });
      }
      if (!parsed.ok) {
        return sendError(
          reply,
          refusal('validation', 'The file was not imported:', parsed.problems).error,
        );
      }
      const config = parsed.value.config;
      const result = await commitConfig(actor, 'import', () => config, expectedVersion(request));
      return answer(reply, result);
    },
  );

  return NO_BACKGROUND;
}

/** The configuration's JSON Schema, from the same zod schema the routes validate with. */
const { $schema: _dialect, ...hallConfigJson } = z.toJSONSchema(hallConfigSchema, {
  io: 'input',
  unrepresentable: 'any',
});

const problemSchema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'Dotted path into the configuration' },
    en: { type: 'string' },
    zh: { type: 'string' },
  },
};
const configReply = (description: string): object => ({
  description,
  content: json({
    type: 'object',
    properties: {
      data: {
        type: 'object',
        properties: {
          config: hallConfigJson,
          seq: { type: 'integer' },
          version: { type: 'string', description: 'Send back as If-Match to guard a change' },
          changes: {
            type: 'object',
            description: 'Per section: rows added, removed, changed',
          },
        },
      },
    },
  }),
});
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'The version read with GET: the change is refused (409) if the configuration changed since',
  schema: { type: 'string' },
};
const problemErrors = {
  ...errors,
  '400': {
    description: 'Invalid; `error.details.problems` lists every problem as { path, en, zh }',
    content: json(ref('Error')),
  },
  '409': {
    description:
      'Refused by today’s tickets and windows, or changed by someone else since (If-Match); problems in details',
    content: json(ref('Error')),
  },
};

/** OpenAPI paths of this module, merged into /api/v1/openapi.json. */
export const adminConfigPaths: Readonly<Record<string, object>> = {
  '/api/v1/admin/config': {
    get: {
      summary: 'The hall configuration with its version (admin, manager)',
      responses: { '200': configReply('The configuration'), ...errors },
    },
    patch: {
      summary:
        'Replace several sections at once, e.g. a new service with its assignments (admin; a manager only notices and alarms). One config.changed event',
      parameters: [ifMatch],
      requestBody: {
        description: '{ section: new value, … } with at least one section',
        content: json({ type: 'object', additionalProperties: false }),
      },
      responses: { '200': configReply('Changed; the new configuration'), ...problemErrors },
    },
  },
  '/api/v1/admin/config/{section}': {
    put: {
      summary:
        'Replace one section (admin; a manager only notices and alarms). Takes effect at once as one config.changed event',
      parameters: [
        {
          name: 'section',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: [...CONFIG_SECTIONS] },
        },
        ifMatch,
      ],
      requestBody: {
        description: 'The section’s new value (an array for floors, zones, services …)',
        content: json({}),
      },
      responses: { '200': configReply('Changed; the new configuration'), ...problemErrors },
    },
  },
  '/api/v1/admin/config/export': {
    get: {
      summary: 'The whole configuration as a file to download (admin, manager)',
      responses: {
        '200': {
          description: '{ format: "hallq-config", version: 1, exportedAt, config }',
          content: json({
            type: 'object',
            properties: {
              format: { type: 'string', const: CONFIG_FILE_FORMAT },
              version: { type: 'integer', const: CONFIG_FILE_VERSION },
              exportedAt: { type: 'string', format: 'date-time' },
              config: hallConfigJson,
            },
          }),
        },
        ...errors,
      },
    },
  },
  '/api/v1/admin/config/import': {
    post: {
      summary:
        'Import an exported file (admin): validated first, applied as one config.changed (section import); nothing changes on any problem',
      parameters: [
        {
          name: 'dryRun',
          in: 'query',
          required: false,
          description: '1: only check, answer { valid, problems, changes }',
          schema: { type: 'string', enum: ['0', '1', 'true', 'false'] },
        },
        ifMatch,
      ],
      requestBody: { content: json({ type: 'object' }) },
      responses: {
        '200': {
          description:
            'Applied (the new configuration), or with dryRun the check: { valid, problems: [{ path, en, zh }], changes }',
          content: json({
            type: 'object',
            properties: {
              data: {
                type: 'object',
                properties: {
                  valid: { type: 'boolean' },
                  problems: { type: 'array', items: problemSchema },
                  changes: { type: ['object', 'null'] },
                },
              },
            },
          }),
        },
        ...problemErrors,
      },
    },
  },
};
