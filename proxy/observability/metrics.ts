/**
 * The proxy's OpenTelemetry instruments, fed only by the events the proxy already produces (the finished request in
 * app.ts, the CI client's per-attempt events and waits, token acquisitions, schema-cache lookups) rather than
 * counters scattered through the code. Labels are bounded (labels.ts).
 */
import type { Meter } from '@opentelemetry/api';
import type { UpstreamCallEvent, UpstreamWaitEvent } from '../upstream/ci-client';
import { errorCodeLabel, statusClass, statusCode, transportLabel } from './labels';

/** A finished inbound request, as app.ts knows it once the response is written. */
export interface FinishedRequest {
  /** The contract's operationId, or undefined when the path matched none. */
  operation?: string;
  status: number;
  errorCode?: string;
  durationMs: number;
  /** Answered from an idempotency record (`Idempotent-Replayed: true`) rather than by a new write. */
  replayed: boolean;
}

/** Names of the instruments (Prometheus shows them with `_` for `.` plus a unit or `_total` suffix). */
export const METRIC = {
  requests: 'proxy.requests',
  requestDuration: 'proxy.request.duration',
  ciCalls: 'proxy.ci.calls',
  ciCallDuration: 'proxy.ci.call.duration',
  ciRetries: 'proxy.ci.retries',
  ciThrottles: 'proxy.ci.throttles',
  ciThrottleWait: 'proxy.ci.throttle.wait',
  tokenAcquisitions: 'proxy.token.acquisitions',
  schemaCacheLookups: 'proxy.schema_cache.lookups',
  idempotentReplays: 'proxy.idempotency.replays',
} as const;

/** Latency buckets in milliseconds, from a cached read (≈ 1 ms) to a call that used its whole budget (60 s). */
const DURATION_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000];

export interface ProxyMetrics {
  requestFinished(r: FinishedRequest): void;
  ciAttempt(e: UpstreamCallEvent): void;
  ciWait(e: UpstreamWaitEvent): void;
  tokenAcquired(grant: 'obo' | 'app', ok: boolean): void;
  schemaCacheLookup(cache: 'entity_model' | 'profile_lookups', hit: boolean): void;
}

export function createProxyMetrics(meter: Meter): ProxyMetrics {
  const ms = { unit: 'ms', advice: { explicitBucketBoundaries: DURATION_BUCKETS_MS } };
  const requests = meter.createCounter(METRIC.requests, { description: 'Requests answered, by operation and status' });
  const requestDuration = meter.createHistogram(METRIC.requestDuration, {
    description: 'Time to answer a request',
    ...ms,
  });
  const ciCalls = meter.createCounter(METRIC.ciCalls, { description: 'Attempts of calls to Customer Insights' });
  const ciCallDuration = meter.createHistogram(METRIC.ciCallDuration, {
    description: 'Time of one attempt of a call to Customer Insights',
    ...ms,
  });
  const ciRetries = meter.createCounter(METRIC.ciRetries, { description: 'Attempts to CI after the first of a call' });
  const ciThrottles = meter.createCounter(METRIC.ciThrottles, { description: 'CI answers 429 (throttled)' });
  const ciThrottleWait = meter.createHistogram(METRIC.ciThrottleWait, {
    description: 'Time waited before a retry CI throttled (Retry-After or backoff)',
    ...ms,
  });
  const tokens = meter.createCounter(METRIC.tokenAcquisitions, {
    description: 'CI tokens acquired from Entra ID (not served from memory)',
  });
  const cache = meter.createCounter(METRIC.schemaCacheLookups, { description: 'Schema cache lookups, hit or miss' });
  const replays = meter.createCounter(METRIC.idempotentReplays, {
    description: 'Creates answered from an idempotency record instead of writing again',
  });

  return {
    requestFinished(r) {
      const operation = r.operation ?? 'unmatched';
      const status = { operation, status_class: statusClass(r.status) };
      requests.add(1, { ...status, status_code: statusCode(r.status), error_code: errorCodeLabel(r.errorCode) });
      requestDuration.record(r.durationMs, status);
      if (r.replayed) replays.add(1, { operation });
    },
    ciAttempt(e) {
      const ciOperation = `${e.method} ${e.operation}`;
      ciCalls.add(1, {
        ci_operation: ciOperation,
        status_code: statusCode(e.status),
        status_class: statusClass(e.status),
        transport: transportLabel(e.status, e.errorCode),
      });
      ciCallDuration.record(e.durationMs, { ci_operation: ciOperation, status_class: statusClass(e.status) });
      if (e.attempt > 1) ciRetries.add(1, { ci_operation: ciOperation });
      if (e.status === 429) ciThrottles.add(1, { ci_operation: ciOperation });
    },
    ciWait(e) {
      if (e.afterStatus === 429) ciThrottleWait.record(e.delayMs, { ci_operation: `${e.method} ${e.operation}` });
    },
    tokenAcquired(grant, ok) {
      tokens.add(1, { grant, result: ok ? 'success' : 'failure' });
    },
    schemaCacheLookup(name, hit) {
      cache.add(1, { cache: name, result: hit ? 'hit' : 'miss' });
    },
  };
}
