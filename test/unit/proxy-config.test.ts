import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../proxy/config';
import { detectHostingPlatform } from '../../proxy/hosting';
import { DEV_CERTIFICATE_PATH, DEV_CERTIFICATE_THUMBPRINT_SHA256 } from '../../emulator/entra';
import { INSTANCES, OTHER_TENANT_ID, PROXY_APP, TENANT_ID } from '../../emulator/well-known';

const SECRET = 'super-secret-value-123';
const BASE = {
  CI_SUBSCRIPTION_KEY: 'subscription-key-abc',
  ENTRA_TENANT_ID: TENANT_ID,
  PROXY_CLIENT_ID: PROXY_APP.clientId,
  PROXY_APP_ID_URI: PROXY_APP.appIdUri,
  PROXY_CLIENT_SECRET: SECRET,
};

/** The problems loadConfig reports for an environment (fails the test if it does not throw). */
function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw');
}

const dir = mkdtempSync(join(tmpdir(), 'proxy-config-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadConfig', () => {
  it('fills every default from the minimal local settings', () => {
    const c = loadConfig(BASE);
    expect(c).toEqual({
      http: { host: '127.0.0.1', port: 7080, maxBodyBytes: 1_048_576 },
      inbound: {
        allowedTenants: [TENANT_ID],
        clientId: PROXY_APP.clientId,
        appIdUri: PROXY_APP.appIdUri,
        requiredScope: 'user_impersonation',
        requiredRole: 'Proxy.Invoke',
        jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
        clockToleranceSeconds: 120,
      },
      upstream: {
        ciBaseUrl: 'https://api.ci.ai.dynamics.com/v1',
        ciScope: 'https://api.ci.ai.microsoft.com/.default',
        subscriptionKey: 'subscription-key-abc',
        subscriptionKeys: {},
        authMode: 'obo',
        timeoutMs: 30_000,
        maxRetries: 2,
        connections: 64,
        writeBodyForm: 'auto',
        circuitFailures: 3,
      },
      entra: {
        tenantId: TENANT_ID,
        authorityHost: 'https://login.microsoftonline.com',
        tokenTimeoutMs: 10_000,
        credential: { kind: 'secret', clientSecret: SECRET },
      },
      limits: {
        schemaCacheTtlSeconds: 300,
        rateLimitPerMinute: 500,
        anonymousRateLimitPerMinute: 120,
        maxBatchRecords: 100,
      },
      state: { redisTimeoutMs: 1000 },
      telemetry: {},
      usagePage: {},
      logLevel: 'info',
    });
  });

  it('reads every documented variable and nothing else', () => {
    const c = loadConfig({
      ...BASE,
      PORT: '9000',
      HOST: '0.0.0.0',
      MAX_BODY_BYTES: '2048',
      CI_API_BASE_URL: 'http://127.0.0.1:7081/v1/',
      CI_SCOPE: 'https://example.test/.default',
      CI_SUBSCRIPTION_KEYS: JSON.stringify({ [INSTANCES.sandbox.instanceId.toUpperCase()]: 'sandbox-key' }),
      ENTRA_ALLOWED_TENANTS: `${TENANT_ID}, ${OTHER_TENANT_ID.toUpperCase()}`,
      ENTRA_ALLOWED_CLIENT_APPS: `${INSTANCES.production.instanceId.toUpperCase()}`,
      PROXY_REQUIRED_SCOPE: 'Data.Write',
      PROXY_REQUIRED_ROLE: 'Automation.Run',
      UPSTREAM_AUTH_MODE: 'app',
      UPSTREAM_TIMEOUT_MS: '5000',
      UPSTREAM_MAX_RETRIES: '0',
      UPSTREAM_CONNECTIONS: '8',
      TOKEN_TIMEOUT_MS: '1500',
      ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      ENTRA_ENDPOINT_OVERRIDE: 'http://127.0.0.1:7082/',
      CLOCK_TOLERANCE_SECONDS: '0',
      SCHEMA_CACHE_TTL_SECONDS: '60',
      RATE_LIMIT_PER_MINUTE: '10',
      ANONYMOUS_RATE_LIMIT_PER_MINUTE: '7',
      MAX_BATCH_RECORDS: '5',
      REDIS_URL: 'rediss://:secret@cache.example.test:6380',
      REDIS_TIMEOUT_MS: '250',
      LOG_LEVEL: 'debug',
      UNRELATED_SETTING: 'ignored',
    });
    expect(c.http).toEqual({ host: '0.0.0.0', port: 9000, maxBodyBytes: 2048 });
    expect(c.upstream).toMatchObject({
      ciBaseUrl: 'http://127.0.0.1:7081/v1',
      ciScope: 'https://example.test/.default',
      subscriptionKeys: { [INSTANCES.sandbox.instanceId]: 'sandbox-key' },
      authMode: 'app',
      timeoutMs: 5000,
      maxRetries: 0,
      connections: 8,
    });
    expect(c.inbound).toMatchObject({
      allowedTenants: [TENANT_ID, OTHER_TENANT_ID],
      allowedClientApps: [INSTANCES.production.instanceId],
      requiredScope: 'Data.Write',
      requiredRole: 'Automation.Run',
      jwksUri: 'http://127.0.0.1:7082/common/discovery/v2.0/keys',
      clockToleranceSeconds: 0,
    });
    expect(c.entra).toMatchObject({
      authorityHost: 'https://login.microsoftonline.us',
      endpointOverride: 'http://127.0.0.1:7082',
      tokenTimeoutMs: 1500,
    });
    expect(c.limits).toEqual({
      schemaCacheTtlSeconds: 60,
      rateLimitPerMinute: 10,
      anonymousRateLimitPerMinute: 7,
      maxBatchRecords: 5,
    });
    expect(c.state).toEqual({ redisUrl: 'rediss://:secret@cache.example.test:6380', redisTimeoutMs: 250 });
    expect(c.logLevel).toBe('debug');
    expect(CONFIG_VARIABLES).not.toContain('UNRELATED_SETTING');
    expect([...CONFIG_VARIABLES].sort()).toEqual(
      [
        ...['NODE_ENV', 'PORT', 'HOST', 'MAX_BODY_BYTES', 'CI_API_BASE_URL', 'CI_SCOPE', 'CI_SUBSCRIPTION_KEY'],
        ...['CI_SUBSCRIPTION_KEYS', 'ENTRA_TENANT_ID', 'ENTRA_ALLOWED_TENANTS', 'PROXY_CLIENT_ID', 'PROXY_APP_ID_URI'],
        'ENTRA_ALLOWED_CLIENT_APPS',
        ...['PROXY_REQUIRED_SCOPE', 'PROXY_REQUIRED_ROLE', 'PROXY_CLIENT_SECRET', 'PROXY_CERTIFICATE_PATH'],
        ...['PROXY_MANAGED_IDENTITY', 'UPSTREAM_AUTH_MODE', 'UPSTREAM_TIMEOUT_MS', 'UPSTREAM_MAX_RETRIES'],
        'CI_WRITE_BODY_FORM',
        ...[
          'UPSTREAM_CONNECTIONS',
          'UPSTREAM_CIRCUIT_FAILURES',
          'TOKEN_TIMEOUT_MS',
          'ENTRA_AUTHORITY_HOST',
          'ENTRA_ENDPOINT_OVERRIDE',
          'JWKS_URI',
        ],
        ...[
          'CLOCK_TOLERANCE_SECONDS',
          'SCHEMA_CACHE_TTL_SECONDS',
          'RATE_LIMIT_PER_MINUTE',
          'ANONYMOUS_RATE_LIMIT_PER_MINUTE',
          'MAX_BATCH_RECORDS',
          'REDIS_URL',
          'REDIS_TIMEOUT_MS',
          'REDIS_MANAGED_IDENTITY',
          'USAGE_PAGE_CLIENT_ID',
          'LOG_LEVEL',
        ],
        ...['APPLICATIONINSIGHTS_CONNECTION_STRING', 'METRICS_PORT', 'METRICS_HOST'],
      ].sort(),
    );
  });

  it('turns telemetry on only when configured: Application Insights connection string, Prometheus admin port', () => {
    const cs =
      'InstrumentationKey=0f6b9a4e-3b0c-4d8e-9a51-2c7d5e8f1a23;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';
    expect(loadConfig({ ...BASE, APPLICATIONINSIGHTS_CONNECTION_STRING: cs, METRICS_PORT: '9464' }).telemetry).toEqual({
      connectionString: cs,
      metrics: { host: '127.0.0.1', port: 9464 },
    });
    expect(loadConfig({ ...BASE, METRICS_PORT: '0', METRICS_HOST: '0.0.0.0' }).telemetry).toEqual({
      metrics: { host: '0.0.0.0', port: 0 },
    });
    expect(loadConfig({ ...BASE, METRICS_HOST: '0.0.0.0' }).telemetry).toEqual({});
    expect(problems({ ...BASE, APPLICATIONINSIGHTS_CONNECTION_STRING: 'IngestionEndpoint=https://x.test/' })).toEqual([
      expect.stringMatching(
        /^APPLICATIONINSIGHTS_CONNECTION_STRING: must be an Application Insights connection string/,
      ),
    ]);
    expect(problems({ ...BASE, METRICS_PORT: '70000' })).toEqual(['METRICS_PORT: must be at most 65535']);
  });

  it('docs/settings.md documents exactly the variables loadConfig reads', () => {
    const doc = readFileSync(join(__dirname, '../../docs/settings.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(CONFIG_VARIABLES.filter((v) => v !== 'NODE_ENV').sort());
  });

  it('derives the JWKS URI from the authority host unless JWKS_URI is given', () => {
    expect(loadConfig({ ...BASE, ENTRA_AUTHORITY_HOST: 'https://login.example' }).inbound.jwksUri).toBe(
      'https://login.example/common/discovery/v2.0/keys',
    );
    expect(loadConfig({ ...BASE, JWKS_URI: 'http://127.0.0.1:1/keys' }).inbound.jwksUri).toBe(
      'http://127.0.0.1:1/keys',
    );
  });

  it('listens on all interfaces in production and treats empty settings as unset', () => {
    expect(loadConfig({ ...BASE, NODE_ENV: 'production' }).http.host).toBe('0.0.0.0');
    expect(loadConfig(BASE).http.host).toBe('127.0.0.1');
    expect(loadConfig(BASE, { hostingPlatform: 'Azure App Service (WEBSITE_SITE_NAME)' }).http.host).toBe('0.0.0.0');
    expect(loadConfig({ ...BASE, HOST: '127.0.0.1' }, { hostingPlatform: 'a container' }).http.host).toBe('127.0.0.1');
    expect(loadConfig({ ...BASE, PORT: '', LOG_LEVEL: '  ' }).http.port).toBe(7080);
  });

  it('reports every missing required setting at once, naming each', () => {
    const p = problems({});
    expect(p).toHaveLength(5);
    for (const name of ['CI_SUBSCRIPTION_KEY', 'ENTRA_TENANT_ID', 'PROXY_CLIENT_ID', 'PROXY_APP_ID_URI']) {
      expect(p.some((line) => line.startsWith(`${name}: is required`))).toBe(true);
    }
    expect(p.some((line) => line.includes('exactly one credential is required'))).toBe(true);
  });

  it.each([
    ['PORT', 'abc', 'must be a whole number'],
    ['PORT', '70000', 'must be at most 65535'],
    ['MAX_BODY_BYTES', '10', 'must be at least 1024'],
    ['CI_API_BASE_URL', 'ftp://ci.example', 'must be an http(s) URL'],
    ['CI_API_BASE_URL', 'not a url', 'must be an http(s) URL'],
    ['CI_SCOPE', 'https://api.ci.ai.microsoft.com', 'ending in /.default'],
    ['CI_SUBSCRIPTION_KEYS', '{not json', 'not valid JSON'],
    ['CI_SUBSCRIPTION_KEYS', '["a"]', 'must be a JSON object'],
    ['CI_SUBSCRIPTION_KEYS', '{"prod":"k"}', '"prod" is not an instance GUID'],
    ['CI_SUBSCRIPTION_KEYS', `{"${INSTANCES.production.instanceId}":""}`, 'non-empty string'],
    ['ENTRA_TENANT_ID', 'contoso.onmicrosoft.com', 'must be a GUID'],
    ['ENTRA_ALLOWED_TENANTS', `${TENANT_ID},common`, 'comma-separated list of tenant GUIDs'],
    ['ENTRA_ALLOWED_CLIENT_APPS', 'connector-app', 'comma-separated list of client application (app id) GUIDs'],
    ['PROXY_CLIENT_ID', 'ci-proxy', 'must be a GUID'],
    ['PROXY_APP_ID_URI', 'ci-proxy', 'must be a URI'],
    ['PROXY_REQUIRED_SCOPE', 'two scopes', 'without spaces'],
    ['PROXY_REQUIRED_ROLE', 'Proxy Invoke', 'without spaces'],
    ['CI_WRITE_BODY_FORM', 'json', 'must be "auto", "string" or "object"'],
    ['UPSTREAM_AUTH_MODE', 'delegated', 'must be "obo" or "app"'],
    ['UPSTREAM_TIMEOUT_MS', '50', 'must be at least 100'],
    ['UPSTREAM_TIMEOUT_MS', '60001', 'must be at most 60000'],
    ['UPSTREAM_MAX_RETRIES', '-1', 'must be a whole number'],
    ['UPSTREAM_MAX_RETRIES', '9', 'must be at most 5'],
    ['UPSTREAM_CONNECTIONS', '0', 'must be at least 1'],
    ['TOKEN_TIMEOUT_MS', '1.5', 'must be a whole number'],
    ['ENTRA_AUTHORITY_HOST', 'login.microsoftonline.com', 'must be an http(s) URL'],
    ['ENTRA_ENDPOINT_OVERRIDE', 'localhost:7082', 'must be an http(s) URL'],
    ['JWKS_URI', 'file:///keys.json', 'must be an http(s) URL'],
    ['CLOCK_TOLERANCE_SECONDS', '601', 'must be at most 600'],
    ['SCHEMA_CACHE_TTL_SECONDS', 'five', 'must be a whole number'],
    ['RATE_LIMIT_PER_MINUTE', '-1', 'must be a whole number'],
    ['ANONYMOUS_RATE_LIMIT_PER_MINUTE', 'lots', 'must be a whole number'],
    ['MAX_BATCH_RECORDS', '1001', 'must be at most 1000'],
    ['LOG_LEVEL', 'verbose', 'must be one of fatal, error, warn, info, debug, silent'],
    ['PROXY_MANAGED_IDENTITY', 'user-assigned', 'must be "system" or the client id'],
  ])('%s=%s is refused: %s', (name, value, message) => {
    const env: Record<string, string> = { ...BASE, [name]: value };
    if (name === 'PROXY_MANAGED_IDENTITY') delete env.PROXY_CLIENT_SECRET;
    const p = problems(env);
    expect(p).toHaveLength(1);
    expect(p[0].startsWith(`${name}: `)).toBe(true);
    expect(p[0]).toContain(message);
  });

  it('reports several wrong settings together, one line each', () => {
    const p = problems({ ...BASE, PORT: 'x', LOG_LEVEL: 'loud', UPSTREAM_AUTH_MODE: 'both' });
    expect(p.map((line) => line.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT', 'UPSTREAM_AUTH_MODE']);
  });

  it('requires exactly one credential and never prints a secret', () => {
    const p = problems({ ...BASE, PROXY_MANAGED_IDENTITY: 'system' });
    expect(p).toEqual(['PROXY_CLIENT_SECRET + PROXY_MANAGED_IDENTITY: exactly one credential may be set, 2 are']);
    let message = '';
    try {
      loadConfig({ ...BASE, PROXY_MANAGED_IDENTITY: 'system', CI_SUBSCRIPTION_KEYS: '{bad' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('CI_SUBSCRIPTION_KEYS');
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(BASE.CI_SUBSCRIPTION_KEY);
  });

  it('refuses the Entra stand-in override in production', () => {
    expect(problems({ ...BASE, NODE_ENV: 'production', ENTRA_ENDPOINT_OVERRIDE: 'http://127.0.0.1:7082' })).toEqual([
      'ENTRA_ENDPOINT_OVERRIDE: is for the local Entra stand-in and is refused when NODE_ENV=production',
    ]);
  });

  it('reads a managed identity: system-assigned or user-assigned by client id', () => {
    const { PROXY_CLIENT_SECRET: _s, ...noSecret } = BASE;
    expect(loadConfig({ ...noSecret, PROXY_MANAGED_IDENTITY: 'system' }).entra.credential).toEqual({
      kind: 'managedIdentity',
    });
    const id = '2934f0e9-9cf8-4137-a5f1-045efa2e7a0c';
    expect(loadConfig({ ...noSecret, PROXY_MANAGED_IDENTITY: id }).entra.credential).toEqual({
      kind: 'managedIdentity',
      clientId: id,
    });
  });

  describe('PROXY_CERTIFICATE_PATH', () => {
    const { PROXY_CLIENT_SECRET: _s, ...noSecret } = BASE;
    const pem = readFileSync(DEV_CERTIFICATE_PATH, 'utf8');
    const certOnly = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0];

    it('computes the SHA-256 thumbprint and x5c of the certificate and keeps the key', () => {
      const credential = loadConfig({ ...noSecret, PROXY_CERTIFICATE_PATH: DEV_CERTIFICATE_PATH }).entra.credential;
      expect(credential.kind).toBe('certificate');
      if (credential.kind !== 'certificate') return;
      expect(credential.thumbprintSha256).toBe(DEV_CERTIFICATE_THUMBPRINT_SHA256.toLowerCase());
      expect(credential.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(credential.x5c).toContain(certOnly.split('\n')[1]);
    });

    it.each([
      ['a missing file', () => join(dir, 'missing.pem'), 'cannot read the file (ENOENT)'],
      ['a file without a key', () => write('cert-only.pem', certOnly), 'no PEM private key found'],
      [
        'a key without a certificate',
        () =>
          write(
            'key-only.pem',
            generateKeyPairSync('rsa', { modulusLength: 2048 })
              .privateKey.export({ type: 'pkcs8', format: 'pem' })
              .toString(),
          ),
        'no PEM certificate found',
      ],
      [
        'a key that does not match the certificate',
        () =>
          write(
            'mismatch.pem',
            `${certOnly}\n${generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' })}`,
          ),
        'does not belong to the first certificate',
      ],
      [
        'garbage',
        () => write('garbage.pem', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' + certOnly),
        'cannot be parsed',
      ],
    ])('refuses %s', (_label, path, message) => {
      const p = problems({ ...noSecret, PROXY_CERTIFICATE_PATH: path() });
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(/^PROXY_CERTIFICATE_PATH: /);
      expect(p[0]).toContain(message);
      expect(p[0]).not.toContain('BEGIN');
    });
  });
});

test('RATE_LIMIT_PER_MINUTE=0 turns the per-caller limit off', () => {
  const c = loadConfig({ ...BASE, RATE_LIMIT_PER_MINUTE: '0' });
  expect(c.limits.rateLimitPerMinute).toBe(0);
});

describe('hosting platform detection (where HOST defaults to all interfaces)', () => {
  const none = () => false;
  it('names App Service, Container Apps and Kubernetes by their variables, and containers by their marker files', () => {
    expect(detectHostingPlatform({ WEBSITE_SITE_NAME: 'contoso-ci-proxy' }, none)).toBe(
      'Azure App Service (WEBSITE_SITE_NAME)',
    );
    expect(detectHostingPlatform({ CONTAINER_APP_NAME: 'ci-proxy' }, none)).toMatch(/Container Apps/);
    expect(detectHostingPlatform({ KUBERNETES_SERVICE_HOST: '10.0.0.1' }, none)).toMatch(/Kubernetes/);
    expect(detectHostingPlatform({}, (file) => file === '/.dockerenv')).toBe('a container (/.dockerenv)');
    expect(detectHostingPlatform({}, (file) => file === '/run/.containerenv')).toMatch(/container/);
  });
  it('finds none on a plain machine (empty variables count as unset)', () => {
    expect(detectHostingPlatform({ WEBSITE_SITE_NAME: ' ', PATH: '/usr/bin' }, none)).toBeUndefined();
  });
});
