/**
 * The proxy's environment variables as a zod schema: each setting's type, range and default, and the message that
 * names what is wrong. `config.ts` reads the environment through it and builds the typed configuration.
 */
import { z } from 'zod';
import * as C from './constants';
import { WRITE_BODY_FORM_SETTINGS } from './upstream/write-body-form';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = z.string().regex(GUID, 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
const required = (what: string) => z.string({ error: `is required (${what})` });

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const int = (def: number, min: number, max: number) => wholeNumber(min, max).default(def);

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

/** A comma-separated list of GUIDs, lower-cased; `what` names them in the message. */
const guidList = (what: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((ts) => ts.length > 0 && ts.every((t) => GUID.test(t)), `must be a comma-separated list of ${what} GUIDs`);

const keyMap = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object {"<instanceId>": "<key>"} (not valid JSON)' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(z.string(), z.string().min(1, 'each key must be a non-empty string'), {
        error: 'must be a JSON object {"<instanceId>": "<key>"}',
      })
      .superRefine((map, ctx) => {
        for (const id of Object.keys(map).filter((k) => !GUID.test(k))) {
          ctx.addIssue({ code: 'custom', message: `"${id}" is not an instance GUID` });
        }
      }),
  );

/** Every setting the proxy reads, validated and defaulted. */
export const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: int(C.PORT_DEFAULT, 0, 65535),
  HOST: z.string().min(1).optional(),
  MAX_BODY_BYTES: int(C.MAX_BODY_BYTES_DEFAULT, 1024, 100 * 1_048_576),
  CI_API_BASE_URL: httpUrl.default(C.CI_API_BASE_URL_DEFAULT),
  CI_SCOPE: z
    .string()
    .regex(/^\S+\/\.default$/, 'must be a resource scope ending in /.default')
    .default(C.CI_SCOPE_DEFAULT),
  CI_SUBSCRIPTION_KEY: required('the APIM subscription key of the CI environment'),
  CI_SUBSCRIPTION_KEYS: keyMap.optional(),
  ENTRA_TENANT_ID: required("the proxy's Entra tenant GUID")
    .pipe(guid)
    .transform((s) => s.toLowerCase()),
  ENTRA_ALLOWED_TENANTS: guidList('tenant').optional(),
  ENTRA_ALLOWED_CLIENT_APPS: guidList('client application (app id)').optional(),
  PROXY_CLIENT_ID: required("the proxy app registration's client id")
    .pipe(guid)
    .transform((s) => s.toLowerCase()),
  PROXY_APP_ID_URI: required("the proxy's App ID URI, e.g. api://contoso-ci-proxy").pipe(
    z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/?\S+$/i, 'must be a URI such as api://contoso-ci-proxy'),
  ),
  PROXY_REQUIRED_SCOPE: z
    .string()
    .regex(/^\S+$/, 'must be one scope name without spaces')
    .default(C.PROXY_REQUIRED_SCOPE_DEFAULT),
  PROXY_REQUIRED_ROLE: z
    .string()
    .regex(/^\S+$/, 'must be one role name without spaces')
    .default(C.PROXY_REQUIRED_ROLE_DEFAULT),
  PROXY_CLIENT_SECRET: z.string().optional(),
  PROXY_CERTIFICATE_PATH: z.string().optional(),
  PROXY_MANAGED_IDENTITY: z
    .string()
    .refine(
      (s) => s === 'system' || GUID.test(s),
      'must be "system" or the client id (GUID) of a user-assigned identity',
    )
    .optional(),
  UPSTREAM_AUTH_MODE: z.enum(['obo', 'app'], { error: 'must be "obo" or "app"' }).default('obo'),
  // One attempt cannot outlast the budget of the whole call (constants.ts), whose attempts are cut to what remains.
  UPSTREAM_TIMEOUT_MS: int(C.UPSTREAM_TIMEOUT_MS_DEFAULT, 100, C.UPSTREAM_TOTAL_BUDGET_MS),
  UPSTREAM_MAX_RETRIES: int(C.UPSTREAM_MAX_RETRIES_DEFAULT, 0, 5),
  UPSTREAM_CONNECTIONS: int(C.UPSTREAM_CONNECTIONS_DEFAULT, 1, 1024),
  CI_WRITE_BODY_FORM: z
    .enum(WRITE_BODY_FORM_SETTINGS, { error: 'must be "auto", "string" or "object"' })
    .default('auto'),
  // 0 turns the circuit breaker off (e.g. when a gateway in front already has one).
  UPSTREAM_CIRCUIT_FAILURES: int(C.UPSTREAM_CIRCUIT_FAILURES_DEFAULT, 0, 100),
  TOKEN_TIMEOUT_MS: int(C.TOKEN_TIMEOUT_MS_DEFAULT, 100, 60_000),
  ENTRA_AUTHORITY_HOST: httpUrl.default(C.ENTRA_AUTHORITY_HOST_DEFAULT),
  ENTRA_ENDPOINT_OVERRIDE: httpUrl.optional(),
  JWKS_URI: httpUrl.optional(),
  CLOCK_TOLERANCE_SECONDS: int(C.CLOCK_TOLERANCE_SECONDS_DEFAULT, 0, 600),
  SCHEMA_CACHE_TTL_SECONDS: int(C.SCHEMA_CACHE_TTL_SECONDS_DEFAULT, 0, 86_400),
  // 0 turns the limit off, for deployments where a gateway in front (e.g. APIM) already limits each caller.
  RATE_LIMIT_PER_MINUTE: int(C.RATE_LIMIT_PER_MINUTE_DEFAULT, 0, 1_000_000),
  // 0 turns it off, for deployments where a gateway in front already refuses unauthenticated floods.
  ANONYMOUS_RATE_LIMIT_PER_MINUTE: int(C.ANONYMOUS_RATE_LIMIT_PER_MINUTE_DEFAULT, 0, 1_000_000),
  MAX_BATCH_RECORDS: int(C.MAX_BATCH_RECORDS_DEFAULT, 1, 1000),
  // Shared state (idempotency records) for several replicas and across restarts; unset: this process's memory.
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// (TLS) URL, e.g. rediss://:<key>@host:6380' })
    .optional(),
  REDIS_TIMEOUT_MS: int(C.REDIS_TIMEOUT_MS_DEFAULT, 50, 10_000),
  // Azure Cache for Redis with Entra ID: the managed identity signs in (no access key in REDIS_URL).
  REDIS_MANAGED_IDENTITY: z
    .string()
    .refine(
      (s) => s === 'system' || GUID.test(s),
      'must be "system" or the client id (GUID) of a user-assigned identity',
    )
    .optional(),
  // Telemetry (proxy/observability/): off when unset, and then nothing of OpenTelemetry runs per request.
  APPLICATIONINSIGHTS_CONNECTION_STRING: z
    .string()
    .regex(
      /(^|;)\s*InstrumentationKey\s*=\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*(;|$)/i,
      'must be an Application Insights connection string with InstrumentationKey=<GUID> (Overview › Connection String)',
    )
    .optional(),
  // The Prometheus endpoint's admin port: never the public one (0 picks a free port).
  METRICS_PORT: wholeNumber(0, 65535).optional(),
  METRICS_HOST: z.string().min(1).default(C.METRICS_HOST_DEFAULT),
  // The app registration people sign in with on the /usage page (a single-page application); unset: no sign-in there.
  USAGE_PAGE_CLIENT_ID: guid.transform((s) => s.toLowerCase()).optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, silent',
    })
    .default('info'),
});
