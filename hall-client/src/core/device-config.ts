/**
 * The device configuration as the hall client receives it from the server (PairReply.config,
 * GET /api/v1/device, `device:config`) and keeps it on disk: one zod schema over the per-role
 * binding schemas of shared/src/protocol/devices.ts, so nothing unchecked reaches the shell.
 */
import {
  counterBindingSchema,
  displayBindingSchema,
  kioskBindingSchema,
  ratingBindingSchema,
  type DeviceConfig,
} from '@hallq/shared';
import { z } from 'zod';

const common = {
  deviceId: z.string().min(1).max(100),
  name: z.string().max(100),
  windowId: z.number().int().min(1).max(9999).nullable(),
  version: z.number().int().min(0),
  hallName: z.string().max(200),
};

/** A DeviceConfig; unknown fields are dropped so a newer server does not break an older client. */
export const deviceConfigSchema = z.discriminatedUnion('role', [
  z.object({ ...common, role: z.literal('kiosk'), binding: kioskBindingSchema }),
  z.object({ ...common, role: z.literal('display'), binding: displayBindingSchema }),
  z.object({ ...common, role: z.literal('counter'), binding: counterBindingSchema }),
  z.object({ ...common, role: z.literal('rating'), binding: ratingBindingSchema }),
]);

// The schema and the shared type must describe the same thing.
type Parsed = z.infer<typeof deviceConfigSchema>;
const _sameShape: (c: Parsed) => DeviceConfig = (c) => c;
const _sameShapeBack: (c: DeviceConfig) => Parsed = (c) => c;

/** Parses a DeviceConfig from untrusted JSON; the problems in words when it is not one. */
export function parseDeviceConfig(
  value: unknown,
): { ok: true; config: DeviceConfig } | { ok: false; problems: string[] } {
  const parsed = deviceConfigSchema.safeParse(value);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`),
  };
}

/** Text in both languages for people: Chinese first, English complete. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** One line for logs and dialogs: `中文 / English`. */
export function bilingualLine(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}
