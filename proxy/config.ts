/**
 * The proxy's settings, read once from the environment and validated with zod. Every wrong or missing setting is
 * reported at once, one line per variable, and startup stops (docs/settings.md is the table for operators).
 * Secrets are checked for presence only and never appear in messages.
 */
import type { z } from 'zod';
import { loadCertificateCredential, type CertificateCredential } from './auth/certificate';
import { envSchema } from './config-env';
import type { WriteBodyFormSetting } from './upstream/write-body-form';

export interface ProxyConfig {
  http: { host: string; port: number; maxBodyBytes: number };
  inbound: {
    allowedTenants: string[];
    /** Client apps (`appid`/`azp`) that may call the proxy; undefined: any app the tenant lets obtain a token. */
    allowedClientApps?: string[];
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
    /** How real-time write bodies are sent (upstream/write-body-form.ts). */
    writeBodyForm: WriteBodyFormSetting;
    /** Attempts in a row CI leaves unanswered before calls fail fast (circuit-breaker.ts); 0: never. */
    circuitFailures: number;
  };
  entra: {
    tenantId: string;
    authorityHost: string;
    endpointOverride?: string;
    tokenTimeoutMs: number;
    credential:
      { kind: 'secret'; clientSecret: string } | CertificateCredential | { kind: 'managedIdentity'; clientId?: string };
  };
  limits: {
    schemaCacheTtlSeconds: number;
    rateLimitPerMinute: number;
    /** Requests without a valid sign-in per client address per minute (0: off). */
    anonymousRateLimitPerMinute: number;
    maxBatchRecords: number;
  };
  /** Where state shared by replicas lives: Redis when a URL is set, else this process's memory (one replica). */
  state: {
    redisUrl?: string;
    redisTimeoutMs: number;
    /** `system` or a user-assigned identity's client id: sign in to Redis with Entra ID instead of a key. */
    redisManagedIdentity?: string;
  };
  /** Where OpenTelemetry goes (proxy/observability/); both unset: telemetry is off. */
  telemetry: {
    /** Azure Monitor (Application Insights) connection string: traces and metrics are exported there. */
    connectionString?: string;
    /** The Prometheus scrape endpoint's admin listener, apart from the public port. */
    metrics?: { host: string; port: number };
  };
  /** The /usage page's sign-in: the single-page app registration it uses (undefined: the page cannot sign in). */
  usagePage: { clientId?: string };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

/** Thrown by loadConfig; `problems` has one line per wrong or missing setting, each naming the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid proxy configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** The environment variables loadConfig reads (and only these). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

type Env = z.output<typeof envSchema>;

/** Where the proxy runs, beyond its settings (main.ts detects it: hosting.ts). */
export interface RuntimeContext {
  /** Set on App Service or in a container: `HOST` then defaults to all interfaces, as with NODE_ENV=production. */
  hostingPlatform?: string;
}

/** Validates the settings and returns the typed configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>, context: RuntimeContext = {}): ProxyConfig {
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
  if (input.REDIS_MANAGED_IDENTITY && !input.REDIS_URL) {
    problems.push(
      'REDIS_MANAGED_IDENTITY: needs REDIS_URL (rediss://<name>.redis.cache.windows.net:6380) to know which cache',
    );
  }
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
  // The page's calls carry tokens issued to its own app: an allow-list without it would refuse every one of them.
  const pageApp = input.USAGE_PAGE_CLIENT_ID?.toLowerCase();
  const allowedApps = input.ENTRA_ALLOWED_CLIENT_APPS?.toLowerCase()
    .split(',')
    .map((t) => t.trim());
  if (parsed.success && pageApp && allowedApps && !allowedApps.includes(pageApp)) {
    problems.push(
      'USAGE_PAGE_CLIENT_ID: the usage page signs in with this app, so it must also be listed in ENTRA_ALLOWED_CLIENT_APPS',
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
  return toConfig(parsed.data, production || context.hostingPlatform !== undefined, certificate);
}

function toConfig(e: Env, allInterfaces: boolean, certificate?: CertificateCredential): ProxyConfig {
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
    http: { host: e.HOST ?? (allInterfaces ? '0.0.0.0' : '127.0.0.1'), port: e.PORT, maxBodyBytes: e.MAX_BODY_BYTES },
    inbound: {
      allowedTenants: e.ENTRA_ALLOWED_TENANTS ?? [e.ENTRA_TENANT_ID],
      ...(e.ENTRA_ALLOWED_CLIENT_APPS ? { allowedClientApps: e.ENTRA_ALLOWED_CLIENT_APPS } : {}),
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
      writeBodyForm: e.CI_WRITE_BODY_FORM,
      circuitFailures: e.UPSTREAM_CIRCUIT_FAILURES,
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
      anonymousRateLimitPerMinute: e.ANONYMOUS_RATE_LIMIT_PER_MINUTE,
      maxBatchRecords: e.MAX_BATCH_RECORDS,
    },
    state: {
      ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
      redisTimeoutMs: e.REDIS_TIMEOUT_MS,
      ...(e.REDIS_MANAGED_IDENTITY ? { redisManagedIdentity: e.REDIS_MANAGED_IDENTITY } : {}),
    },
    telemetry: {
      ...(e.APPLICATIONINSIGHTS_CONNECTION_STRING ? { connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING } : {}),
      ...(e.METRICS_PORT !== undefined ? { metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT } } : {}),
    },
    usagePage: e.USAGE_PAGE_CLIENT_ID ? { clientId: e.USAGE_PAGE_CLIENT_ID } : {},
    logLevel: e.LOG_LEVEL,
  };
}
