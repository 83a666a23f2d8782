/**
 * What the CI client does after each attempt (`nextStep`), and how long it waits. Reads (GET) and PATCH (a profile
 * overlay: applying the same change twice gives the same result) are retried on throttling, unavailability, timeouts
 * and resets. A POST creates a record, so it is retried only when CI certainly did not process it: 429 and 503
 * (answered before the write), or a connection that was never made. A timeout or reset after sending might have
 * stored the record: the call ends there (UpstreamOutcomeUnknown) and the create path decides what to do
 * (operations/activity-create.ts). So a 409 met by a retried POST is never "our own earlier attempt": after a 429/503
 * CI stored nothing, and the conflict is real.
 */
import * as C from '../constants';

/** How one attempt ended. */
export type AttemptOutcome =
  /** `bodyUnbound`: a 400 saying the write body could not be bound at all (upstream/write-body-form.ts). */
  | { kind: 'status'; status: number; retryAfterMs?: number; bodyUnbound?: boolean }
  | { kind: 'timeout' }
  | { kind: 'reset' }
  | { kind: 'refused' }
  /** CI's answer was larger than UPSTREAM_MAX_RESPONSE_BYTES: fetching it again would only cost the same again. */
  | { kind: 'too-large' };

/** What the client does next. */
export type Step =
  | { kind: 'ok' }
  /** CI refused a token we thought valid (revoked, rotated, clock skew): once, with a fresh one; not a retry. */
  | { kind: 'renew-token' }
  /**
   * CI could not bind the write body (nothing was stored): once, in the other body form (CI_WRITE_BODY_FORM=auto);
   * not a retry.
   */
  | { kind: 'switch-body-form' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'fail' };

/** Where a call stands after an attempt. */
export interface CallProgress {
  method: string;
  /** Retries already made (token renewals not counted). */
  retries: number;
  maxRetries: number;
  /** Whether a fresh token may still be fetched once (not yet done, and the provider can). */
  canRenewToken: boolean;
  /** Whether the write body may still be resent once in the other form. */
  canSwitchBodyForm: boolean;
  elapsedMs: number;
}

/** Classifies one attempt's outcome into the client's next step. */
export function nextStep(outcome: AttemptOutcome, call: CallProgress): Step {
  if (outcome.kind === 'status' && outcome.status >= 200 && outcome.status < 300) return { kind: 'ok' };
  if (outcome.kind === 'status' && outcome.status === 401 && call.canRenewToken) return { kind: 'renew-token' };
  if (outcome.kind === 'status' && outcome.bodyUnbound && call.canSwitchBodyForm) return { kind: 'switch-body-form' };
  if (call.retries >= call.maxRetries || !isRetryable(call.method, outcome)) return { kind: 'fail' };
  const delayMs = nextDelayMs(outcome, call.retries + 1, call.elapsedMs);
  return delayMs === undefined ? { kind: 'fail' } : { kind: 'retry', delayMs };
}

const RETRYABLE_FOR_ANY = new Set([429, 503]);
const RETRYABLE_FOR_IDEMPOTENT = new Set([429, 502, 503, 504]);

/** True when this outcome may be retried for this method. */
export function isRetryable(method: string, outcome: AttemptOutcome): boolean {
  const idempotent = method !== 'POST';
  switch (outcome.kind) {
    case 'status':
      return (idempotent ? RETRYABLE_FOR_IDEMPOTENT : RETRYABLE_FOR_ANY).has(outcome.status);
    case 'refused':
      return true;
    case 'too-large':
      return false;
    default:
      return idempotent;
  }
}

/** Parses Retry-After (delta-seconds or HTTP-date) into milliseconds, relative to `nowMs`. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The wait before attempt `attempt + 1`, or undefined to stop: CI's Retry-After when it fits under the cap
 * (a longer one is returned to the caller instead of being waited out), else exponential backoff; never beyond
 * the total budget.
 */
export function nextDelayMs(outcome: AttemptOutcome, attempt: number, elapsedMs: number): number | undefined {
  const asked = outcome.kind === 'status' ? outcome.retryAfterMs : undefined;
  if (asked !== undefined && asked > C.RETRY_AFTER_MAX_MS) return undefined;
  const backoff = C.RETRY_BASE_DELAY_MS * 2 ** (attempt - 1);
  const delay = asked ?? Math.round(backoff * (0.8 + Math.random() * 0.4));
  return elapsedMs + delay < C.UPSTREAM_TOTAL_BUDGET_MS ? delay : undefined;
}

/**
 * The timeout of an attempt starting at `nowMs` of a call that started at `startedMs`: the configured one, cut to what
 * remains of the call's budget, so no call outlasts UPSTREAM_TOTAL_BUDGET_MS (and the shutdown grace built on it).
 */
export function attemptTimeoutMs(timeoutMs: number, startedMs: number, nowMs: number): number {
  return Math.max(1, Math.min(timeoutMs, startedMs + C.UPSTREAM_TOTAL_BUDGET_MS - nowMs));
}
