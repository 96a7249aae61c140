/** Admin console: alarms (预警) engine and routes. Placeholder until the module lands. */
import type { FastifyInstance } from 'fastify';
import { NO_BACKGROUND, type AdminContext, type AdminModule } from './admin-auth.ts';

/** OpenAPI paths of this module, merged into /api/v1/openapi.json. */
export const alarmPaths: Readonly<Record<string, object>> = {};

export function registerAlarms(_app: FastifyInstance, _ctx: AdminContext): AdminModule {
  return NO_BACKGROUND;
}
