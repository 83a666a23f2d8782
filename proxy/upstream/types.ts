import type { Caller } from '../auth/caller';

/** Gets a token for Customer Insights on behalf of the caller (OBO) or as the proxy itself (app-only). */
export interface TokenProvider {
  getToken(caller: Caller): Promise<string>;
  /**
   * Forgets `token` for this caller after CI refused it (revoked, rotated, clock skew), so the next getToken fetches
   * a fresh one from Entra instead of a cache. A no-op when a newer token has already replaced it.
   */
  invalidate?(caller: Caller, token: string): void;
}

export interface CiRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** The instance the call is about; picks the subscription key. Absent only for `GET instances`. */
  instanceId?: string;
  /** Path below the CI base URL without a leading slash, e.g. `instances/{id}/data/Customer`. Segments encoded. */
  path: string;
  query?: Record<string, string | undefined>;
  /** JSON body, sent with `Content-Type: application/json`. */
  body?: unknown;
  caller: Caller;
  /** The connector operationId this call serves: telemetry dimension and log field. */
  operation: string;
  /** The entity the call is about, for telemetry (e.g. `PoS_posPurchases`, `Customer`). */
  entity?: string;
  /** The proxy's request id, sent as `x-ms-client-request-id` so CI's logs can be matched to ours. */
  requestId?: string;
  /**
   * When the work this call continues began (ms since the epoch): its budget (UPSTREAM_TOTAL_BUDGET_MS) counts from
   * there, so a create's re-send and read-back stay inside the one budget the shutdown grace is built on.
   */
  startedAt?: number;
  /** The inbound request's trace, when tracing is on: each attempt becomes a child span and sends its `traceparent`. */
  trace?: CallTrace;
}

/** Child spans of one inbound request for its CI attempts (proxy/observability/tracing.ts). */
export interface CallTrace {
  attempt(info: { operation: string; method: string; attempt: number }): AttemptTrace;
}

/** One attempt's span: the W3C `traceparent` header to send with it, and its end with CI's status (0: no answer). */
export interface AttemptTrace {
  readonly traceparent: string;
  end(status: number, errorCode?: string): void;
}

export interface CiResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when CI sent none. */
  body: unknown;
}

/**
 * The one way to reach Customer Insights. Resolves with 2xx responses only; a non-2xx answer (after the retries that
 * are safe for that request) rejects with an `AppError` carrying `upstreamStatus` and CI's message.
 */
export interface CiClient {
  request(req: CiRequest): Promise<CiResponse>;
  close(): Promise<void>;
}
