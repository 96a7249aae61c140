/**
 * Hall devices (brief §1, §8): what an admin binds a kiosk, call screen, counter or rating
 * pad to, and the pairing protocol by which the hall client receives its token and binding.
 *
 *   admin:  POST /api/v1/devices { name, role, windowId?, binding }   → { device, pairing }
 *           POST /api/v1/devices/{id}/pairing-code                      → { pairing } (re-pair)
 *           PATCH /api/v1/devices/{id} { name?, windowId?, binding? }   → { device }
 *           POST /api/v1/devices/{id}/revoke                            → { device }
 *           GET  /api/v1/devices                                        → { devices }
 *   client: POST /api/v1/pair { code, client }                          → PairReply (no auth)
 *           GET  /api/v1/device                                         → DeviceConfig (device token)
 *   live:   Socket.IO `device:config` (DeviceConfig) to a connected device after a change;
 *           a revoked device's sockets are disconnected and its token answers 401.
 *
 * The binding is validated per role here, so the server, the admin page and the hall client
 * agree on it.
 */
import { z } from 'zod';
import type { DeviceRole } from '../domain/actor.ts';
import { parseAudioScope } from '../voice/settings.ts';

/** A printer URL as kiosk/printer understands it (tcp://, serial://, usb://, spooler://). */
export const printerUrlSchema = z
  .string()
  .trim()
  .max(300)
  .regex(
    /^(tcp|serial|usb|spooler):\/\/\S+$/,
    'printer URL must be tcp://, serial://, usb:// or spooler://',
  );

/** The exit gesture's PIN for a locked-down kiosk or screen: 4–12 digits (stored hashed). */
export const lockdownSchema = z.strictObject({
  /** scrypt hash of the PIN as `scrypt$<salt b64>$<hash b64>` (set by the server). */
  pinHash: z.string().max(200).nullable().default(null),
  fullscreen: z.boolean().default(true),
  hideCursor: z.boolean().default(true),
  autostart: z.boolean().default(true),
});

const screenSchema = z
  .string()
  .trim()
  .regex(/^(hall|zone:[A-Za-z]{1,4}|window:\d{1,4})$/, 'screen must be hall, zone:A or window:5');

const audioSchema = z
  .string()
  .trim()
  .refine((v) => parseAudioScope(v) !== null, 'audio must be all, none, floor:1,4 or zone:A,B');

/** Which monitor a window opens on: its index in the OS list (0 = primary) or an OS display id. */
const monitorSchema = z.union([
  z.strictObject({ index: z.number().int().min(0).max(15) }),
  z.strictObject({ displayId: z.number().int() }),
]);

export const kioskBindingSchema = z.strictObject({
  printerUrl: printerUrlSchema.nullable().default(null),
  paper: z.union([z.literal(58), z.literal(80)]).default(80),
  printMaterials: z.boolean().default(false),
  footer: z.string().max(200).nullable().default(null),
  footerEn: z.string().max(200).nullable().default(null),
  lockdown: lockdownSchema.default({
    pinHash: null,
    fullscreen: true,
    hideCursor: true,
    autostart: true,
  }),
});

export const displayBindingSchema = z.strictObject({
  screen: screenSchema.default('hall'),
  /** Audio zone; null = the screen's own default (hall: all, zone: its zone, window: its zone). */
  audio: audioSchema.nullable().default(null),
  monitor: monitorSchema.default({ index: 0 }),
  lockdown: lockdownSchema.default({
    pinHash: null,
    fullscreen: true,
    hideCursor: true,
    autostart: true,
  }),
});

/** A physical call keypad: USB HID (vendor/product id) or serial, mapped to counter actions. */
export const keypadSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('keyboard') }),
  z.strictObject({
    kind: z.literal('hid'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
  }),
  z.strictObject({
    kind: z.literal('serial'),
    path: z.string().trim().min(1).max(200),
    baudRate: z.number().int().min(1200).max(921_600).default(9600),
  }),
]);

export const counterBindingSchema = z.strictObject({
  keypad: keypadSchema.default({ kind: 'keyboard' }),
  /** Counters may run in a window beside other programs. */
  fullscreen: z.boolean().default(false),
  monitor: monitorSchema.default({ index: 0 }),
});

export const ratingBindingSchema = z.strictObject({
  monitor: monitorSchema.default({ index: 0 }),
  lockdown: lockdownSchema.default({
    pinHash: null,
    fullscreen: true,
    hideCursor: true,
    autostart: true,
  }),
});

export type KioskBinding = z.infer<typeof kioskBindingSchema>;
export type DisplayBinding = z.infer<typeof displayBindingSchema>;
export type CounterBinding = z.infer<typeof counterBindingSchema>;
export type RatingBinding = z.infer<typeof ratingBindingSchema>;
export type Keypad = z.infer<typeof keypadSchema>;
export type Monitor = z.infer<typeof monitorSchema>;
export type Lockdown = z.infer<typeof lockdownSchema>;

export const BINDING_SCHEMAS = {
  kiosk: kioskBindingSchema,
  display: displayBindingSchema,
  counter: counterBindingSchema,
  rating: ratingBindingSchema,
} as const satisfies Record<DeviceRole, z.ZodType>;

/** A device's configuration as the hall client receives it (never a token or hash). */
export type DeviceConfig =
  | DeviceConfigOf<'kiosk', KioskBinding>
  | DeviceConfigOf<'display', DisplayBinding>
  | DeviceConfigOf<'counter', CounterBinding>
  | DeviceConfigOf<'rating', RatingBinding>;

interface DeviceConfigOf<R extends DeviceRole, B> {
  readonly deviceId: string;
  readonly name: string;
  readonly role: R;
  /** Counters and rating pads belong to one window; null for kiosks and hall screens. */
  readonly windowId: number | null;
  readonly binding: B;
  /** Raised on every change by the admin (the client compares it). */
  readonly version: number;
  readonly hallName: string;
}

const deviceRoleSchema = z.enum(['kiosk', 'display', 'counter', 'rating']);
const nameSchema = z.string().trim().min(1).max(60);
const windowIdSchema = z.number().int().min(1).max(9999);

/** `POST /api/v1/devices`: the binding is checked against the role's schema afterwards. */
export const createDeviceSchema = z.strictObject({
  name: nameSchema,
  role: deviceRoleSchema,
  windowId: windowIdSchema.nullable().default(null),
  binding: z.record(z.string(), z.unknown()).default({}),
  /** Exit PIN for lockdown roles (hashed by the server, never stored in clear). */
  pin: z
    .string()
    .regex(/^\d{4,12}$/, 'PIN must be 4–12 digits')
    .optional(),
});

/** `PATCH /api/v1/devices/{id}`. */
export const updateDeviceSchema = z.strictObject({
  name: nameSchema.optional(),
  windowId: windowIdSchema.nullable().optional(),
  binding: z.record(z.string(), z.unknown()).optional(),
  pin: z
    .string()
    .regex(/^\d{4,12}$/, 'PIN must be 4–12 digits')
    .optional(),
});

/** A pairing code as shown to the admin and typed on the device: 8 digits, e.g. 4827-1936. */
export const pairingCodeSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{8}$/, 'the pairing code has 8 digits'));

/** `POST /api/v1/pair` from a hall client. */
export const pairRequestSchema = z.strictObject({
  code: pairingCodeSchema,
  client: z
    .strictObject({
      hostname: z.string().max(100).default(''),
      platform: z.string().max(40).default(''),
      version: z.string().max(40).default(''),
    })
    .default({ hostname: '', platform: '', version: '' }),
});

export interface PairingCode {
  /** Formatted for reading out: 4827-1936. */
  readonly code: string;
  /** Server time (ms) when the code was made; `expiresAt - createdAt` is how long it lives. */
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** What the hall client reported when it paired. */
export interface DeviceClientInfo {
  readonly hostname: string;
  readonly platform: string;
  readonly version: string;
}

/**
 * A device as the admin lists it (`GET /api/v1/devices`): never a token or token hash. The
 * PIN hash is left out of the binding (`lockdown.pinHash` is null); `hasPin` says whether one
 * is set.
 */
export interface DeviceSummary {
  readonly deviceId: string;
  readonly name: string;
  readonly role: DeviceRole;
  readonly windowId: number | null;
  readonly binding: DeviceConfig['binding'];
  readonly hasPin: boolean;
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When a hall client last paired with a code; null = never paired. */
  readonly pairedAt: number | null;
  /** Last REST config fetch or Socket.IO connect with the device token. */
  readonly lastSeenAt: number | null;
  readonly client: DeviceClientInfo | null;
  readonly revoked: boolean;
  /** The live (unused, unexpired) pairing code's times; the code itself is never shown again. */
  readonly pairing: { readonly createdAt: number; readonly expiresAt: number } | null;
}

export interface PairReply {
  readonly token: string;
  readonly config: DeviceConfig;
}

/**
 * Checks a binding for a role, filling defaults.
 * @returns the parsed binding, or the problems in words
 */
export function parseBinding(
  role: DeviceRole,
  binding: unknown,
): { ok: true; binding: DeviceConfig['binding'] } | { ok: false; problems: string[] } {
  const parsed = BINDING_SCHEMAS[role].safeParse(binding ?? {});
  if (parsed.success) return { ok: true, binding: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'binding'}: ${i.message}`),
  };
}
