/**
 * Run-time validation of everything a client sends (Socket.IO payloads and REST bodies).
 * Typed event maps catch mistakes at compile time only; these schemas guard the server.
 * Every schema is strict: unknown keys are refused, not ignored.
 */
import { z } from 'zod';
import { BAD_RATING_REASONS, PRIORITY_CLASSES, RATING_SCORES } from '../domain/model.ts';

export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');
export const ticketIdSchema = z
  .string()
  .max(40)
  .regex(/^\d{8}-[A-Z]{1,2}\d{3,5}$/, 'a ticket id such as 20261124-A001');
export const windowIdSchema = z.number().int().min(1).max(9999);
export const serviceIdSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a service id such as bdc-transfer');

/** Mainland resident ID number: 17 digits + digit or X, with the GB 11643 check digit. */
export const idNumberSchema = z
  .string()
  .regex(/^\d{17}[\dXx]$/, 'an 18-character resident ID number')
  .refine(isValidIdNumber, 'the ID number check digit does not match');

/** GB 11643-1999 checksum of an 18-character resident ID number. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const codes = '10X98765432';
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(id[i]) * (weights[i] ?? 0);
  return codes[sum % 11] === id[17]?.toUpperCase();
}

/** 3201********1234 — the only form of an ID number shown or logged. */
export function maskIdNumber(id: string): string {
  return id.length <= 8
    ? '*'.repeat(id.length)
    : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

const keyed = { idempotencyKey: idempotencyKeySchema.optional() };
const ticketAction = z.strictObject({ ticketId: ticketIdSchema, ...keyed });
const windowAction = z.strictObject({ windowId: windowIdSchema, ...keyed });

/** Payload schemas per command, keyed by the Socket.IO event name (`noun:verb`). */
export const commandSchemas = {
  'ticket:issue': z.strictObject({
    serviceId: serviceIdSchema,
    priority: z.enum(PRIORITY_CLASSES).default('normal'),
    idNumber: idNumberSchema.optional(),
    appointmentId: z.string().min(1).max(64).optional(),
    ...keyed,
  }),
  'window:callNext': windowAction,
  'ticket:call': z.strictObject({ windowId: windowIdSchema, ticketId: ticketIdSchema, ...keyed }),
  'ticket:recall': ticketAction,
  'ticket:start': ticketAction,
  'ticket:complete': ticketAction,
  'ticket:noShow': ticketAction,
  'ticket:reactivate': ticketAction,
  'ticket:suspend': ticketAction,
  'ticket:resume': ticketAction,
  'ticket:cancel': ticketAction,
  'ticket:transfer': z
    .strictObject({
      ticketId: ticketIdSchema,
      toServiceId: serviceIdSchema.optional(),
      toWindowId: windowIdSchema.optional(),
      note: z.string().max(200).optional(),
      ...keyed,
    })
    .refine((v) => v.toServiceId !== undefined || v.toWindowId !== undefined, {
      message: 'name toServiceId or toWindowId',
    }),
  'ticket:rate': z.strictObject({
    ticketId: ticketIdSchema,
    score: z.enum(RATING_SCORES),
    reasons: z.array(z.enum(BAD_RATING_REASONS)).max(BAD_RATING_REASONS.length).default([]),
    comment: z.string().trim().max(200).optional(),
    caseNumber: z.string().min(1).max(64).optional(),
    ...keyed,
  }),
  'window:open': windowAction,
  'window:close': windowAction,
  'window:pause': z.strictObject({
    windowId: windowIdSchema,
    reason: z.string().trim().min(1).max(40),
    ...keyed,
  }),
  'window:resume': windowAction,
  'day:close': z.strictObject({ ...keyed }),
} as const;

export type CommandEventName = keyof typeof commandSchemas;
export type CommandPayload<E extends CommandEventName> = z.input<(typeof commandSchemas)[E]>;
export type ParsedCommandPayload<E extends CommandEventName> = z.output<(typeof commandSchemas)[E]>;
export const COMMAND_EVENT_NAMES = Object.keys(commandSchemas) as CommandEventName[];

/**
 * Rooms a client may join: the whole hall, one zone, one window; `admin` (admin and
 * managers) and `admin:zone:<id>` (that zone's lead) carry alarms, work orders and staff
 * changes and are checked against the sender's role.
 */
export const roomSchema = z.union([
  z.literal('hall'),
  z.literal('admin'),
  z.string().regex(/^admin:zone:[A-Z]{1,2}$/),
  z.string().regex(/^zone:[A-Z]{1,2}$/),
  z.string().regex(/^window:\d{1,4}$/),
]);
export type Room = z.infer<typeof roomSchema>;

export const syncRequestSchema = z.strictObject({
  /** The last `seq` the client applied; 0 for none. */
  after: z.number().int().min(0),
  rooms: z.array(roomSchema).min(1).max(20),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

export const loginSchema = z.strictObject({
  staffId: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
  /** Window to sign in to; a clerk defaults to the window they are bound to. */
  windowId: windowIdSchema.optional(),
});

/** `figures:get`: today's figures of the signed-in clerk (or of a window, for managers). */
export const figuresRequestSchema = z.strictObject({ windowId: windowIdSchema.optional() });

/** Formats zod issues as one short line for an error message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'payload'}: ${i.message}`)
    .join('; ');
}
