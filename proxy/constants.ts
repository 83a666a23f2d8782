/**
 * Limits and defaults of the proxy, each with its unit in the name and its source. Settings that an operator may
 * change are read by `config.ts`; the `*_DEFAULT_*` values here are their defaults.
 */

/**
 * Power Platform cancels a connector call after 120 s (docs/power-platform.md#limits-and-known-problems); every budget
 * stays below.
 */
export const PLATFORM_TIMEOUT_MS = 120_000;

/**
 * Every upstream call ends within this: all attempts (each attempt's timeout is cut to what remains), the waits
 * between them and the token requests before them. With the default 30 s per attempt a hanging CI costs a read at
 * most two attempts, well under PLATFORM_TIMEOUT_MS (the circuit breaker then fails the next calls fast).
 */
export const UPSTREAM_TOTAL_BUDGET_MS = 60_000;

/**
 * On SIGTERM, requests in flight get this long to finish before their connections are cut: one whole upstream budget
 * plus a token request (TOKEN_TIMEOUT_MS_DEFAULT) and 5 s to answer, so a create CI is still storing gets its answer
 * instead of a reset. Below PLATFORM_TIMEOUT_MS; the platform must wait at least this long before it kills the process
 * (README "Deploying the proxy": App Service waits 5 s unless WEBSITES_CONTAINER_STOP_TIME_LIMIT, at most 120, says
 * more; Kubernetes' terminationGracePeriodSeconds; `docker stop -t`).
 */
export const SHUTDOWN_GRACE_MS = 75_000;
/** While shutting down, connections left idle by a finished answer are closed this often (see server.ts close). */
export const SHUTDOWN_IDLE_SWEEP_MS = 100;

// The proxy's own HTTP server (Node's defaults: headers 60 s, whole request 300 s, checked only every 30 s; idle
// keep-alive 5 s; no socket idle limit). A caller that trickles headers or a body (slowloris) is cut off early.
/** A caller must have sent all request headers within this time. */
export const SERVER_HEADERS_TIMEOUT_MS = 20_000;
/** ...and the whole request, body included (a 1 MiB body needs only ~20 kB/s); the answer itself is not limited. */
export const SERVER_REQUEST_TIMEOUT_MS = 60_000;
/** How often the two limits above are checked (Node's default of 30 s would let a trickle run 30 s longer). */
export const SERVER_CONNECTIONS_CHECK_INTERVAL_MS = 1_000;
/**
 * Idle keep-alive connections are kept this long. Longer than the front ends' idle timeouts that reuse them (load
 * balancers commonly 60 s), so the proxy never closes a connection a front end is about to send on (its 502).
 */
export const SERVER_KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** A socket with no traffic at all for this long is closed (e.g. a caller that never reads its answer). */
export const SERVER_SOCKET_IDLE_TIMEOUT_MS = PLATFORM_TIMEOUT_MS + 10_000;

/**
 * Request bodies may nest objects/arrays this deep at most. Records are flat (a batch is 3 levels), so anything deeper
 * is refused anyway, naming its field; the bound only keeps the proxy's recursive code (fingerprints, reshaping,
 * JSON.stringify) far from the stack limit, which 100,000 levels in a 1 MiB body reached.
 */
export const MAX_JSON_DEPTH = 1_000;

/** Customer Insights refuses a `validUntil` more than 30 days ahead (docs/customer-insights.md#real-time-writes). */
export const VALID_UNTIL_MAX_DAYS = 30;
/**
 * Real-time activities expire after 30 days unless `validUntil` says otherwise
 * (docs/customer-insights.md#real-time-writes).
 */
export const ACTIVITY_TTL_DEFAULT_DAYS = 30;
/**
 * Real-time profile changes expire after 4 hours unless `validUntil` says otherwise
 * (docs/customer-insights.md#real-time-writes).
 */
export const PROFILE_OVERRIDE_DEFAULT_HOURS = 4;
/** `keepForHours` upper bound of UpdateCustomerProfile: 30 days. */
export const PROFILE_OVERRIDE_MAX_HOURS = VALID_UNTIL_MAX_DAYS * 24;

// Settings defaults (docs/settings.md).
export const PORT_DEFAULT = 7080;
export const MAX_BODY_BYTES_DEFAULT = 1_048_576;
export const CI_API_BASE_URL_DEFAULT = 'https://api.ci.ai.dynamics.com/v1';
/** Scope of the CI API for MSAL (docs/customer-insights.md#authentication). */
export const CI_SCOPE_DEFAULT = 'https://api.ci.ai.microsoft.com/.default';
export const PROXY_REQUIRED_SCOPE_DEFAULT = 'user_impersonation';
export const PROXY_REQUIRED_ROLE_DEFAULT = 'Proxy.Invoke';
export const UPSTREAM_TIMEOUT_MS_DEFAULT = 30_000;
export const UPSTREAM_MAX_RETRIES_DEFAULT = 2;
export const UPSTREAM_CONNECTIONS_DEFAULT = 64;
/** Attempts in a row that CI left unanswered (timeout, reset, refused) before calls fail fast (circuit-breaker.ts). */
export const UPSTREAM_CIRCUIT_FAILURES_DEFAULT = 3;
export const TOKEN_TIMEOUT_MS_DEFAULT = 10_000;
export const ENTRA_AUTHORITY_HOST_DEFAULT = 'https://login.microsoftonline.com';
/** Usual Entra clock-skew allowance; jose's default is 0 (docs/entra.md#validating-incoming-tokens). */
export const CLOCK_TOLERANCE_SECONDS_DEFAULT = 120;
export const SCHEMA_CACHE_TTL_SECONDS_DEFAULT = 300;
export const RATE_LIMIT_PER_MINUTE_DEFAULT = 500;
/**
 * Requests per minute per client address that arrive without a valid sign-in (no token, a bad one, or a path the
 * proxy does not serve). A connector whose connection expired sends a few; a flood sends thousands (issue 7).
 */
export const ANONYMOUS_RATE_LIMIT_PER_MINUTE_DEFAULT = 120;
export const MAX_BATCH_RECORDS_DEFAULT = 100;
/**
 * Time Redis has to answer one command before the proxy gives up on it: an idempotency record that cannot be read or
 * written in this time makes the write fail fast with 503 StateUnavailable rather than go out without its record.
 */
export const REDIS_TIMEOUT_MS_DEFAULT = 1_000;
/** Reconnection to Redis backs off up to this, so the proxy recovers by itself soon after Redis is back. */
export const REDIS_RECONNECT_MAX_MS = 2_000;

// Inbound token validation (docs/entra.md#validating-incoming-tokens).
/** jose refetches the JWKS for an unknown `kid` only after this cooldown; short so key rotation is picked up. */
export const JWKS_COOLDOWN_MS = 5_000;
/** Keys are refreshed at least this often; Entra rotates keys, "check every 24 h" is the guidance. */
export const JWKS_CACHE_MAX_AGE_MS = 3_600_000;
export const JWKS_TIMEOUT_MS = 5_000;
/** Bound on the verified-token cache (entries); oldest entries are dropped first. */
export const VERIFIED_TOKEN_CACHE_MAX_ENTRIES = 10_000;

// Upstream token provider (docs/entra.md#client-credentials-and-the-cache).
/** Our memo renews this long before `exp`, in the background while the old token is still served. */
export const TOKEN_REFRESH_AHEAD_SECONDS = 300;
/** A last-good token is served while Entra fails only if it stays valid at least this much longer. */
export const TOKEN_MIN_REMAINING_SECONDS = 30;
/** Bound on per-user OBO memo entries. */
export const OBO_MEMO_MAX_ENTRIES = 5_000;

// CI client retries (docs/customer-insights.md#limits-and-telemetry: 429/503 with Retry-After).
/** No single wait is longer than this, whatever Retry-After says. */
export const RETRY_AFTER_MAX_MS = 10_000;
/** Wait before a retry when CI gave no Retry-After; doubled per attempt. */
export const RETRY_BASE_DELAY_MS = 250;
/** How long calls then fail fast (503 UpstreamUnavailable, Retry-After) before one probe call tries CI again. */
export const CIRCUIT_COOL_DOWN_MS = 30_000;
/** Idle keep-alive sockets to CI are kept this long. */
export const UPSTREAM_KEEP_ALIVE_MS = 10_000;
/** Response bodies from CI larger than this are refused (protects the proxy's memory). */
export const UPSTREAM_MAX_RESPONSE_BYTES = 20 * 1_048_576;

/** The Prometheus admin listener's interface: loopback, so only the host (or a sidecar) can scrape it by default. */
export const METRICS_HOST_DEFAULT = '127.0.0.1';
/** How long a /readyz answer is reused: probes every few seconds cost no token or JWKS traffic in between. */
export const READINESS_CACHE_MS = 10_000;
/** The Azure Monitor metric export interval (Application Insights aggregates per minute). */
export const METRICS_EXPORT_INTERVAL_MS = 60_000;
