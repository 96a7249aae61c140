/** Admin console: bad-rating work orders (差评整改). Placeholder until the module lands. */
import type { FastifyInstance } from 'fastify';
import { NO_BACKGROUND, type AdminContext, type AdminModule } from './admin-auth.ts';

/** OpenAPI paths of this module, merged into /api/v1/openapi.json. */
export const workOrderPaths: Readonly<Record<string, object>> = {};

export function registerWorkOrders(_app: FastifyInstance, _ctx: AdminContext): AdminModule {
  return NO_BACKGROUND;
}
