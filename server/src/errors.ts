import type { DomainError, ErrorCode } from '@hallq/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** HTTP status for each typed error (brief §6: a proper status with every error). */
export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'validation':
    case 'pairing_code_invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
    case 'not_your_window':
      return 403;
    case 'not_found':
      return 404;
    case 'idempotency_conflict':
      return 422;
    case 'rate_limited':
    case 'too_many_attempts':
      return 429;
    case 'pairing_code_expired':
      return 410;
    case 'storage_full':
      return 507;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
    case 'wrong_state':
    case 'quota_reached':
    case 'outside_hours':
    case 'per_person_limit':
    case 'recall_limit':
    case 'recall_too_soon':
    case 'window_busy':
    case 'window_paused':
    case 'no_ticket_waiting':
    case 'reactivate_expired':
    case 'rating_expired':
      return 409;
  }
}

/** The error body of brief §6. */
export function errorBody(error: DomainError): { error: DomainError } {
  return { error };
}

/** Answers a typed error with its status. */
export function sendError(reply: FastifyReply, error: DomainError): FastifyReply {
  return reply.code(httpStatus(error.code)).send(errorBody(error));
}

/**
 * The bearer token of a request: undefined without an Authorization header; a header that
 * is not `Bearer …` yields a token that matches nothing, so it is refused as invalid (401)
 * rather than treated as anonymous.
 */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim() ?? '\u0000invalid';
}
