/**
 * The proxy's settings, read once from the environment and validated with zod. Every wrong or missing setting is
 * reported at once, one line per variable, and startup stops (docs/settings.md is the table for operators).
 * Secrets are checked for presence only and never appear in messages.
 */
import { z } from 'zod';
import { loadCertificateCredential, type CertificateCredential } from './auth/certificate';
import * as C from './constants';

export interface ProxyConfig {
  http: { host: string; port: number; maxBodyBytes: number };
  inbound: {
    allowedTenants: string[];
    clientId: string;
    appIdUri: string;
    requiredScope: string;
    requiredRole: string;
    jwksUri: string;
    clockToleranceSeconds: number;
  };
  upstream: {
    ciBaseUrl: string;
    ciScope: string;
    subscriptionKey: string;
    subscriptionKeys: Record<string, string>;
    authMode: 'obo' | 'app';
    timeoutMs: number;
    maxRetries: number;
    connections: number;
  };
  entra: {
    tenantId: string;
    authorityHost: string;
    endpointOverride?: string;
    tokenTimeoutMs: number;
    credential:
      { kind: 'secret'; clientSecret: string } | CertificateCredential | { kind: 'managedIdentity'; clientId?: string };
  };
  limits: { schemaCacheTtlSeconds: number; rateLimitPerMinute: number; maxBatchRecords: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

/** Thrown by loadConfig; `problems` has one line per wrong or missing setting, each naming the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid proxy configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = z.string().regex(GUID, 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
const required = (what: string) => z.string({ error: `is required (${what})` });

const int = (def: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(def);

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

const tenantList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine((ts) => ts.length > 0 && ts.every((t) => GUID.test(t)), 'must be a comma-separated list of tenant GUIDs');

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

const envSchema = z.object({
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
  ENTRA_ALLOWED_TENANTS: tenantList.optional(),
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
  UPSTREAM_TIMEOUT_MS: int(C.UPSTREAM_TIMEOUT_MS_DEFAULT, 100, C.PLATFORM_TIMEOUT_MS - 10_000),
  UPSTREAM_MAX_RETRIES: int(C.UPSTREAM_MAX_RETRIES_DEFAULT, 0, 5),
  UPSTREAM_CONNECTIONS: int(C.UPSTREAM_CONNECTIONS_DEFAULT, 1, 1024),
  TOKEN_TIMEOUT_MS: int(C.TOKEN_TIMEOUT_MS_DEFAULT, 100, 60_000),
  ENTRA_AUTHORITY_HOST: httpUrl.default(C.ENTRA_AUTHORITY_HOST_DEFAULT),
  ENTRA_ENDPOINT_OVERRIDE: httpUrl.optional(),
  JWKS_URI: httpUrl.optional(),
  CLOCK_TOLERANCE_SECONDS: int(C.CLOCK_TOLERANCE_SECONDS_DEFAULT, 0, 600),
  SCHEMA_CACHE_TTL_SECONDS: int(C.SCHEMA_CACHE_TTL_SECONDS_DEFAULT, 0, 86_400),
  RATE_LIMIT_PER_MINUTE: int(C.RATE_LIMIT_PER_MINUTE_DEFAULT, 1, 1_000_000),
  MAX_BATCH_RECORDS: int(C.MAX_BATCH_RECORDS_DEFAULT, 1, 1000),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, silent',
    })
    .default('info'),
});

/** The environment variables loadConfig reads (and only these). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

type Env = z.output<typeof envSchema>;

/** Validates the settings and returns the typed configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): ProxyConfig {
  const input: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name]?.trim();
    if (value) input[name] = value; // an empty setting counts as unset
  }
  const parsed = envSchema.safeParse(input);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'configuration')}: ${i.message}`);
  const production = input.NODE_ENV === 'production';
  if (production && input.ENTRA_ENDPOINT_OVERRIDE) {
    problems.push('ENTRA_ENDPOINT_OVERRIDE: is for the local Entra stand-in and is refused when NODE_ENV=production');
  }
  const credentials = ['PROXY_CLIENT_SECRET', 'PROXY_CERTIFICATE_PATH', 'PROXY_MANAGED_IDENTITY'].filter(
    (n) => input[n],
  );
  if (credentials.length !== 1) {
    problems.push(
      credentials.length === 0
        ? 'PROXY_CLIENT_SECRET | PROXY_CERTIFICATE_PATH | PROXY_MANAGED_IDENTITY: exactly one credential is required, none is set'
        : `${credentials.join(' + ')}: exactly one credential may be set, ${credentials.length} are`,
    );
  }
  let certificate: CertificateCredential | undefined;
  if (credentials.length === 1 && input.PROXY_CERTIFICATE_PATH) {
    try {
      certificate = loadCertificateCredential(input.PROXY_CERTIFICATE_PATH);
    } catch (err) {
      problems.push(`PROXY_CERTIFICATE_PATH: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return toConfig(parsed.data, production, certificate);
}

function toConfig(e: Env, production: boolean, certificate?: CertificateCredential): ProxyConfig {
  const keysBase = e.ENTRA_ENDPOINT_OVERRIDE ?? e.ENTRA_AUTHORITY_HOST;
  const credential: ProxyConfig['entra']['credential'] = certificate
    ? certificate
    : e.PROXY_CLIENT_SECRET
      ? { kind: 'secret', clientSecret: e.PROXY_CLIENT_SECRET }
      : {
          kind: 'managedIdentity',
          ...(e.PROXY_MANAGED_IDENTITY !== 'system' ? { clientId: e.PROXY_MANAGED_IDENTITY } : {}),
        };
  return {
    http: { host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'), port: e.PORT, maxBodyBytes: e.MAX_BODY_BYTES },
    inbound: {
      allowedTenants: e.ENTRA_ALLOWED_TENANTS ?? [e.ENTRA_TENANT_ID],
      clientId: e.PROXY_CLIENT_ID,
      appIdUri: e.PROXY_APP_ID_URI,
      requiredScope: e.PROXY_REQUIRED_SCOPE,
      requiredRole: e.PROXY_REQUIRED_ROLE,
      jwksUri: e.JWKS_URI ?? `${keysBase}/common/discovery/v2.0/keys`,
      clockToleranceSeconds: e.CLOCK_TOLERANCE_SECONDS,
    },
    upstream: {
      ciBaseUrl: e.CI_API_BASE_URL,
      ciScope: e.CI_SCOPE,
      subscriptionKey: e.CI_SUBSCRIPTION_KEY,
      subscriptionKeys: Object.fromEntries(
        Object.entries(e.CI_SUBSCRIPTION_KEYS ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      ),
      authMode: e.UPSTREAM_AUTH_MODE,
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      maxRetries: e.UPSTREAM_MAX_RETRIES,
      connections: e.UPSTREAM_CONNECTIONS,
    },
    entra: {
      tenantId: e.ENTRA_TENANT_ID,
      authorityHost: e.ENTRA_AUTHORITY_HOST,
      ...(e.ENTRA_ENDPOINT_OVERRIDE ? { endpointOverride: e.ENTRA_ENDPOINT_OVERRIDE } : {}),
      tokenTimeoutMs: e.TOKEN_TIMEOUT_MS,
      credential,
    },
    limits: {
      schemaCacheTtlSeconds: e.SCHEMA_CACHE_TTL_SECONDS,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      maxBatchRecords: e.MAX_BATCH_RECORDS,
    },
    logLevel: e.LOG_LEVEL,
  };
}
