/**
 * A circuit breaker for the CI host: once CI stopped answering (N attempts in a row timed out, were reset or refused),
 * further calls fail fast with 503 UpstreamUnavailable and Retry-After instead of each waiting out its own timeouts
 * (a read during a CI hang took 92 s before its 504). After a cool-down one call is let through as a probe
 * (half-open): an answer closes the circuit, another failure opens it for a new cool-down. Any HTTP answer, even an
 * error status, shows CI is there and resets the count. Failing fast happens before anything is sent, so it is safe
 * for creates too; an attempt whose outcome is unknown keeps its own error (UpstreamOutcomeUnknown).
 */
import { AppError } from '../errors/app-error';
import { ERROR_CATALOG } from '../errors/catalog';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Attempts in a row without an answer that open the circuit; 0 never opens it. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. */
  coolDownMs: number;
  now: () => number;
}

export interface CircuitBreaker {
  /** Before an attempt: undefined to go ahead, or how long until CI is tried again (the call must fail fast). */
  check(): { retryAfterMs: number } | undefined;
  /** After an attempt: `answered` (any HTTP status) or `failed` (timeout, reset, refused connection). */
  record(outcome: 'answered' | 'failed'): void;
  state(): CircuitState;
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { failureThreshold, coolDownMs, now } = options;
  let failures = 0;
  let state: CircuitState = 'closed';
  /** While open: when a probe may go. While half-open: when another probe may go if this one never reports. */
  let until = 0;

  const open = () => {
    state = 'open';
    until = now() + coolDownMs;
  };

  return {
    check() {
      if (state === 'closed') return undefined;
      const t = now();
      if (t < until) return { retryAfterMs: until - t };
      // Cool-down over: this call is the probe; the others keep failing fast until it reports (or another cool-down
      // passes, should it never report, e.g. when its token request failed before anything was sent).
      state = 'half-open';
      until = t + coolDownMs;
      return undefined;
    },
    record(outcome) {
      if (outcome === 'answered') {
        failures = 0;
        state = 'closed';
        return;
      }
      if (failureThreshold === 0) return;
      failures++;
      if (state === 'half-open' || failures >= failureThreshold) open();
    },
    state: () => state,
  };
}

/**
 * The fast failure while the circuit is open (503 UpstreamUnavailable): nothing was sent, so a create may simply be
 * sent again later. Its own class so a caller can tell it changes nothing about an earlier attempt whose outcome is
 * unknown (operations/activity-create.ts keeps that attempt's UpstreamOutcomeUnknown).
 */
export class CircuitOpenError extends AppError {
  constructor(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      ERROR_CATALOG.UpstreamUnavailable.status,
      'UpstreamUnavailable',
      `Customer Insights stopped answering (its last calls timed out or were cut off), so the proxy sends it no calls for now; nothing was sent. Retry after ${seconds} s.`,
      { headers: { 'Retry-After': String(seconds) } },
    );
    this.name = 'CircuitOpenError';
  }
}
