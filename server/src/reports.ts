/**
 * Admin console: reports (brief §5.5) — figures for a day, week, month or custom range by
 * hall, zone, service, window or clerk, as JSON, Excel or CSV, and the monthly summary a
 * centre sends up (统一情况汇总). Admins and managers see the hall; a zone lead (首席代表)
 * only their zones. Reading a report changes nothing and is not audited (a refusal is).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  ALL_ADMIN_ROLES,
  NO_BACKGROUND,
  adminAuth,
  visibleZones,
  type AdminContext,
  type AdminModule,
} from './admin-auth.ts';
import { sendError } from './errors.ts';
import { errors, json, ref } from './openapi-parts.ts';
import {
  CSV_TYPE,
  XLSX_TYPE,
  monthlyXlsx,
  reportCsv,
  reportFileName,
  reportXlsx,
} from './report-export.ts';
import { REPORT_GROUPINGS, REPORT_PERIODS, type PeriodRange } from '@hallq/shared';
import {
  ReportBuilder,
  fanOut,
  monthRangeOf,
  monthlySummaryOf,
  periodRange,
} from './report-figures.ts';

const reportQuery = z.strictObject({
  period: z.enum(REPORT_PERIODS).default('day'),
  date: z.string().max(10).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  by: z.enum(REPORT_GROUPINGS).default('hall'),
});

const exportQuery = reportQuery.extend({ format: z.enum(['xlsx', 'csv']) });

const monthlyQuery = z.strictObject({
  month: z.string().max(7),
  format: z.enum(['json', 'xlsx']).default('json'),
});

const QUERY_HELP =
  'Query: period = day|week|month|custom; date = YYYY-MM-DD (day, week, month; YYYY-MM for a ' +
  'month), or from and to = YYYY-MM-DD (custom, at most 366 days); by = hall|zone|service|window|clerk.';

function problemsOf(error: z.ZodError): readonly string[] {
  return error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`);
}

const rowSchema = {
  type: 'object',
  description:
    'One line. Times in ms; p90 = nearest rank; goodRate = (very_satisfied + satisfied + basic) / ' +
    '(rated − appealVoided); withinTargetRate = served within the wait target / served.',
  properties: {
    key: { type: 'string' },
    name: { type: 'string' },
    nameEn: { type: 'string' },
    issued: { type: 'integer' },
    called: { type: 'integer' },
    served: { type: 'integer' },
    noShow: { type: 'integer' },
    transferred: { type: 'integer' },
    cancelled: { type: 'integer' },
    meanWaitMs: { type: ['integer', 'null'] },
    p90WaitMs: { type: ['integer', 'null'] },
    meanHandlingMs: { type: ['integer', 'null'] },
    p90HandlingMs: { type: ['integer', 'null'] },
    withinTarget: { type: 'integer' },
    withinTargetRate: { type: ['number', 'null'] },
    ratings: { type: 'object', additionalProperties: { type: 'integer' } },
    rated: { type: 'integer' },
    appealVoided: { type: 'integer' },
    goodRate: { type: ['number', 'null'] },
    days: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          day: { type: 'string' },
          issued: { type: 'integer' },
          served: { type: 'integer' },
          meanWaitMs: { type: ['integer', 'null'] },
        },
      },
    },
  },
};

const periodParameters = [
  { name: 'period', in: 'query', schema: { type: 'string', enum: [...REPORT_PERIODS] } },
  {
    name: 'date',
    in: 'query',
    schema: { type: 'string' },
    description: 'YYYY-MM-DD: the day, a day of the ISO week (Mon–Sun) or of the month',
  },
  { name: 'from', in: 'query', schema: { type: 'string' }, description: 'custom: first day' },
  { name: 'to', in: 'query', schema: { type: 'string' }, description: 'custom: last day' },
  { name: 'by', in: 'query', schema: { type: 'string', enum: [...REPORT_GROUPINGS] } },
];

const refusals = { '400': errors['400'], '401': errors['401'], '403': errors['403'] };

/** OpenAPI paths of this module, merged into /api/v1/openapi.json. */
export const reportPaths: Readonly<Record<string, object>> = {
  '/api/v1/reports': {
    get: {
      tags: ['admin'],
      summary: 'Report of a period by hall, zone, service, window or clerk',
      description:
        'Admins and managers: the hall; zone leads: their zones only. Bad ratings voided by an ' +
        'accepted appeal (申诉成功) are left out of goodRate and counted in appealVoided.',
      parameters: periodParameters,
      responses: {
        '200': {
          description: 'The report',
          content: json({
            type: 'object',
            properties: {
              data: {
                type: 'object',
                properties: {
                  period: { type: 'string' },
                  from: { type: 'string' },
                  to: { type: 'string' },
                  by: { type: 'string' },
                  waitTargetMin: { type: 'number' },
                  generatedAt: { type: 'integer' },
                  zoneIds: { type: ['array', 'null'], items: { type: 'string' } },
                  total: rowSchema,
                  rows: { type: 'array', items: rowSchema },
                },
              },
            },
          }),
        },
        ...refusals,
      },
    },
  },
  '/api/v1/reports/export': {
    get: {
      tags: ['admin'],
      summary: 'The same report as an Excel workbook or a CSV file (UTF-8 with BOM)',
      parameters: [
        {
          name: 'format',
          in: 'query',
          required: true,
          schema: { type: 'string', enum: ['xlsx', 'csv'] },
        },
        ...periodParameters,
      ],
      responses: {
        '200': {
          description: 'The file (Content-Disposition: attachment)',
          content: {
            [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        ...refusals,
      },
    },
  },
  '/api/v1/reports/monthly': {
    get: {
      tags: ['admin'],
      summary: 'The monthly summary a centre sends up (统一情况汇总), as JSON or Excel',
      parameters: [
        {
          name: 'month',
          in: 'query',
          required: true,
          schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
        },
        { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'xlsx'] } },
      ],
      responses: {
        '200': {
          description: 'The summary',
          content: {
            ...json({ type: 'object', properties: { data: { type: 'object' } } }),
            [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
          },
        },
        '400': { description: 'Malformed month', content: json(ref('Error')) },
        '401': errors['401'],
        '403': errors['403'],
      },
    },
  },
};

function sendFile(reply: FastifyReply, type: string, name: string, body: Buffer): FastifyReply {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export function registerReports(app: FastifyInstance, ctx: AdminContext): AdminModule {
  const { hall, store, clock } = ctx;
  const auth = adminAuth(ctx);

  async function report(
    range: PeriodRange,
    by: (typeof REPORT_GROUPINGS)[number],
    zoneIds: readonly string[] | undefined,
  ) {
    const staff = by === 'clerk' ? await store.listStaff() : [];
    const builder = new ReportBuilder({
      range,
      by,
      config: hall.state.config,
      staff,
      zoneIds,
      now: clock(),
    });
    await store.reportScan(range.from, range.to, builder);
    return builder.finish();
  }

  /** The parsed period query, or null after answering 400. */
  function parsePeriod(
    reply: FastifyReply,
    query: z.infer<typeof reportQuery>,
  ): PeriodRange | null {
    const range = periodRange(query);
    if ('problem' in range) {
      void sendError(reply, { code: 'validation', message: `${range.problem} ${QUERY_HELP}` });
      return null;
    }
    return range;
  }

  app.get('/api/v1/reports', async (request, reply) => {
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'report.read');
    if (actor === null) return reply;
    const parsed = reportQuery.safeParse(request.query ?? {});
    if (!parsed.success) {
      return sendError(reply, {
        code: 'validation',
        message: QUERY_HELP,
        details: { problems: problemsOf(parsed.error) },
      });
    }
    const range = parsePeriod(reply, parsed.data);
    if (range === null) return reply;
    return reply.send({ data: await report(range, parsed.data.by, visibleZones(actor)) });
  });

  app.get('/api/v1/reports/export', async (request, reply) => {
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'report.export');
    if (actor === null) return reply;
    const parsed = exportQuery.safeParse(request.query ?? {});
    if (!parsed.success) {
      return sendError(reply, {
        code: 'validation',
        message: `format = xlsx|csv. ${QUERY_HELP}`,
        details: { problems: problemsOf(parsed.error) },
      });
    }
    const range = parsePeriod(reply, parsed.data);
    if (range === null) return reply;
    const { by, format } = parsed.data;
    const data = await report(range, by, visibleZones(actor));
    const name = reportFileName(`report-${by}`, range.from, range.to, format);
    return format === 'xlsx'
      ? sendFile(reply, XLSX_TYPE, name, await reportXlsx(data, hall.state.config.hall.timeZone))
      : sendFile(reply, CSV_TYPE, name, reportCsv(data));
  });

  app.get('/api/v1/reports/monthly', async (request, reply) => {
    const actor = await auth.staff(request, reply, ALL_ADMIN_ROLES, 'report.monthly');
    if (actor === null) return reply;
    const parsed = monthlyQuery.safeParse(request.query ?? {});
    const range = parsed.success ? monthRangeOf(parsed.data.month) : null;
    if (!parsed.success || range === null || 'problem' in range) {
      return sendError(reply, {
        code: 'validation',
        message: 'Query: month = YYYY-MM (a real month), format = json|xlsx.',
        ...(parsed.success ? {} : { details: { problems: problemsOf(parsed.error) } }),
      });
    }
    const zoneIds = visibleZones(actor);
    const config = hall.state.config;
    const now = clock();
    const builder = (by: 'zone' | 'service' | 'window'): ReportBuilder =>
      new ReportBuilder({ range, by, config, staff: [], zoneIds, now });
    const builders = {
      zone: builder('zone'),
      service: builder('service'),
      window: builder('window'),
    };
    await store.reportScan(
      range.from,
      range.to,
      fanOut([builders.zone, builders.service, builders.window]),
    );
    const workOrders = await store.listWorkOrders({
      fromDay: range.from,
      toDay: range.to,
      ...(zoneIds === undefined ? {} : { zoneIds }),
      // A month of bad ratings of one hall is a few hundred at most; the bound only keeps a
      // pathological table from being read whole.
      limit: 100_000,
    });
    const summary = monthlySummaryOf(parsed.data.month, builders, config, zoneIds, workOrders, now);
    if (parsed.data.format === 'json') return reply.send({ data: summary });
    return sendFile(
      reply,
      XLSX_TYPE,
      reportFileName('monthly', parsed.data.month, parsed.data.month, 'xlsx'),
      await monthlyXlsx(summary, config.hall.timeZone),
    );
  });

  return NO_BACKGROUND;
}
