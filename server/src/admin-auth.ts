/**
 * Who may use the admin console's REST routes, shared by every admin module (config, staff,
 * alarms, history, reports, work orders): resolve the bearer token, check the role, audit a
 * refusal, and work out which zones a zone lead (首席代表) may see.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorLabel, type Actor, type StaffRole } from '@hallq/shared';
import { resolveToken } from './auth.ts';
import { bearerToken, sendError } from './errors.ts';
import type { HallService } from './hall-service.ts';
import type { HallIo } from './realtime.ts';
import type { HallStore } from './store.ts';
import type { Logger } from 'pino';

/** What every admin module gets from the server. */
export interface AdminContext {
  readonly hall: HallService;
  readonly store: HallStore;
  readonly clock: () => number;
  readonly logger: Logger;
  /** The Socket.IO server once it is attached (null while the routes are registered). */
  readonly io: () => HallIo | null;
}

/**
 * What an admin module's `register…` returns: `start` runs once the hall is open and
 * before the server listens (catch-up work, timers); `stop` before the hall closes.
 */
export interface AdminModule {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A module without background work. */
export const NO_BACKGROUND: AdminModule = {
  start: () => Promise.resolve(),
  stop: () => Promise.resolve(),
};

/** A staff actor (the console is for people, never devices or integrations). */
export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export const ALL_ADMIN_ROLES: readonly StaffRole[] = ['admin', 'manager', 'zone_lead'];
export const MANAGER_ROLES: readonly StaffRole[] = ['admin', 'manager'];
export const ADMIN_ONLY: readonly StaffRole[] = ['admin'];

export interface AdminAuth {
  /**
   * The signed-in staff actor when their role is one of `roles`; otherwise answers 401
   * (no or a bad token) or 403 (audited with `command` and `payload`) and returns null.
   */
  staff(
    request: FastifyRequest,
    reply: FastifyReply,
    roles: readonly StaffRole[],
    command: string,
    payload?: unknown,
  ): Promise<StaffActor | null>;
}

export function adminAuth(ctx: Pick<AdminContext, 'store' | 'clock'>): AdminAuth {
  const { store, clock } = ctx;
  return {
    async staff(request, reply, roles, command, payload = null) {
      const resolved = await resolveToken(store, bearerToken(request), clock());
      if (!resolved.ok) {
        await sendError(reply, {
          code: 'unauthenticated',
          message: 'The token is invalid or has expired; sign in again.',
        });
        return null;
      }
      const { actor } = resolved;
      if (actor.kind === 'staff' && roles.includes(actor.role)) return actor;
      if (actor.kind === 'anonymous') {
        await sendError(reply, {
          code: 'unauthenticated',
          message: 'Sign in to the admin console first.',
        });
        return null;
      }
      await store.audit({
        at: clock(),
        actor: actorLabel(actor),
        command,
        payload,
        outcome: 'forbidden',
      });
      await sendError(reply, {
        code: 'forbidden',
        message: `Only ${roles.map(roleName).join(', ')} may do this.`,
      });
      return null;
    },
  };
}

function roleName(role: StaffRole): string {
  return role === 'zone_lead' ? 'zone leads' : `${role}s`;
}

/**
 * The zones an actor may see: undefined = all (admins, managers); a zone lead's own zones
 * otherwise (possibly none).
 */
export function visibleZones(actor: StaffActor): readonly string[] | undefined {
  return actor.role === 'admin' || actor.role === 'manager' ? undefined : actor.zoneIds;
}

/** Whether a zone is within what the actor may see. */
export function seesZone(actor: StaffActor, zoneId: string | null): boolean {
  const zones = visibleZones(actor);
  return zones === undefined || (zoneId !== null && zones.includes(zoneId));
}

/** A request body that must be a JSON object; null after answering 400. */
export function objectBodyOf(
  request: FastifyRequest,
  reply: FastifyReply,
): Record<string, unknown> | null {
  const body: unknown = request.body ?? {};
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    return body as Record<string, unknown>;
  }
  void sendError(reply, { code: 'validation', message: 'The request body must be a JSON object.' });
  return null;
}
