/**
 * Typed errors. Every refusal, from validation to the queue rules, is one of these codes;
 * UIs translate the code, the message is the English fallback.
 */
export const ERROR_CODES = [
  'validation', // malformed input
  'unauthenticated', // no or expired credentials
  'forbidden', // role may not do this
  'not_your_window', // clerk acting on another window
  'not_found',
  'wrong_state', // ticket/window not in a state that allows it
  'quota_reached',
  'outside_hours',
  'per_person_limit',
  'recall_limit',
  'recall_too_soon',
  'window_busy', // window still has a called/serving ticket
  'window_paused',
  'no_ticket_waiting',
  'reactivate_expired',
  'rating_expired', // the time to rate a completed ticket has passed
  'idempotency_conflict', // same key, different command
  'rate_limited',
  'pairing_code_invalid', // no such pairing code (typo, or replaced by a newer one)
  'pairing_code_expired', // the pairing code expired or was already used
  'too_many_attempts', // too many wrong pairing codes from one address
  'storage_full',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DomainError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

/** Builds a typed error. */
export function fail(
  code: ErrorCode,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): { readonly ok: false; readonly error: DomainError } {
  return {
    ok: false,
    error: details === undefined ? { code, message } : { code, message, details },
  };
}

/** Wraps a value as a success. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}
