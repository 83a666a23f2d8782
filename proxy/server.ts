/**
 * Builds the whole proxy from a configuration: contract, stores, inbound auth, MSAL token provider, CI client and
 * the app, and optionally listens. The launcher (`npm start`), `main.ts` and tests all start the proxy through here.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { createApp } from './app';
import { answerServerLevelErrors, requireHost } from './http-edge';
import { createInboundAuth, type InboundAuth } from './auth/inbound';
import type { ProxyConfig } from './config';
import * as C from './constants';
import { DEFAULT_CONTRACT_FILE, loadContract } from './contract/load-contract';
import { createIdempotencyStore } from './limits/idempotency-store';
import { createSharedState } from './state/shared-state';
import { OPERATIONS, type OperationRegistry } from './operations';
import type { EntityModel } from './schema/entity-model';
import { createSchemaCache } from './schema/schema-cache';
import type { ProfileLookup } from './schema/profile-lookups';
import { upstreamUsageEvent } from './telemetry/inbound-outcome';
import type { UsageStore } from './telemetry/usage-store';
import { createReadiness, proxyIdentity } from './health/readiness';
import { createObservability, type Observability } from './observability';
import { startMetricsEndpoint, type MetricsEndpoint } from './observability/prometheus-endpoint';
import { createCiClient } from './upstream/ci-client';
import { createTokenProvider } from './upstream/token-provider';
import type { TokenProvider } from './upstream/types';

/** Optional replacements, for the launcher and tests: never needed in production. */
export interface ProxyOverrides {
  contractFile?: string;
  registry?: OperationRegistry;
  logger?: Logger;
  /** Clock for expiry, caches and token checks (tests pass the emulator's). */
  now?: () => number;
  auth?: InboundAuth;
  tokens?: TokenProvider & { close?(): void };
  /** The HTTP server's timeouts (tests shorten them; production keeps the constants). */
  serverTimeouts?: Partial<ServerTimeouts>;
}

/** The Node HTTP server limits that protect against slow callers (constants.ts explains each). */
export interface ServerTimeouts {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
  keepAliveTimeout: number;
  socketIdleTimeout: number;
}

const SERVER_TIMEOUTS: ServerTimeouts = {
  headersTimeout: C.SERVER_HEADERS_TIMEOUT_MS,
  requestTimeout: C.SERVER_REQUEST_TIMEOUT_MS,
  connectionsCheckingInterval: C.SERVER_CONNECTIONS_CHECK_INTERVAL_MS,
  keepAliveTimeout: C.SERVER_KEEP_ALIVE_TIMEOUT_MS,
  socketIdleTimeout: C.SERVER_SOCKET_IDLE_TIMEOUT_MS,
};

export interface BuiltProxy {
  app: ReturnType<typeof createApp>;
  usage: UsageStore;
  logger: Logger;
  /** OpenTelemetry when configured (APPLICATIONINSIGHTS_CONNECTION_STRING, METRICS_PORT). */
  observability?: Observability;
  /** Releases the upstream pool and token caches (not the HTTP server). */
  dispose(): Promise<void>;
}

export interface RunningProxy extends BuiltProxy {
  /** Base URL, e.g. `http://127.0.0.1:7080` (the contract's paths start at `${url}/api`). */
  url: string;
  port: number;
  server: Server;
  /** The Prometheus scrape URL on the admin port, when METRICS_PORT is set. */
  metricsUrl?: string;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `graceMs` (then cuts them), and releases
   * the upstream pool and token caches.
   */
  close(graceMs?: number): Promise<void>;
}

/** Builds the app and its collaborators without listening; rejects when the contract is invalid or drifts. */
export async function buildProxy(config: ProxyConfig, overrides: ProxyOverrides = {}): Promise<BuiltProxy> {
  const logger = overrides.logger ?? pino({ level: config.logLevel, base: { service: 'ci-proxy' } });
  const now = overrides.now ?? Date.now;
  const contract = await loadContract(overrides.contractFile ?? DEFAULT_CONTRACT_FILE);
  const shared = createSharedState(config, logger, now);
  const usage = shared.usage;
  // Telemetry is fed by the same events as usage; with it off, `observability` is undefined and no hook is set.
  const observability = createObservability(config);
  const metrics = observability?.metrics;
  const tokens =
    overrides.tokens ??
    createTokenProvider(config, {
      now,
      log: (level, message) => logger[level]({ component: 'token' }, message),
      ...(metrics ? { onAcquire: (grant, ok) => metrics.tokenAcquired(grant, ok) } : {}),
    });
  const ci = createCiClient(config, tokens, {
    onCall: (event) => {
      usage.record(upstreamUsageEvent(event));
      metrics?.ciAttempt(event);
    },
    ...(metrics ? { onWait: (event) => metrics.ciWait(event) } : {}),
    // Which write-body form CI took (CI_WRITE_BODY_FORM=auto): the one fact about CI's behaviour worth an info line.
    onWriteBodyForm: ({ endpoint, form, switched }) =>
      logger.info({ component: 'ci', endpoint, writeBodyForm: form, switched }, `CI takes write bodies as ${form}s`),
    now,
  });
  const ttlSeconds = config.limits.schemaCacheTtlSeconds;
  const dispose = async () => {
    await ci.close();
    tokens.close?.();
    await shared.redis?.close();
    await observability?.shutdown();
  };
  const auth = overrides.auth ?? createInboundAuth(config, { now });
  const readiness = createReadiness(
    {
      ciToken: () => tokens.getToken(proxyIdentity(config)),
      signingKeys: () => auth.signingKeysReachable?.() ?? Promise.resolve(),
      ...(shared.redis ? { redis: () => shared.redis!.ready } : {}),
    },
    { now, cacheMs: C.READINESS_CACHE_MS },
  );
  let app: ReturnType<typeof createApp>;
  try {
    app = createApp({
      config,
      contract,
      registry: overrides.registry ?? OPERATIONS,
      auth,
      rateLimiter: shared.rateLimiter,
      logger,
      ci,
      entityModels: createSchemaCache<EntityModel>({
        ttlSeconds,
        now,
        ...(metrics ? { onLookup: (hit) => metrics.schemaCacheLookup('entity_model', hit) } : {}),
      }),
      profileLookups: createSchemaCache<ProfileLookup[]>({
        ttlSeconds,
        now,
        ...(metrics ? { onLookup: (hit) => metrics.schemaCacheLookup('profile_lookups', hit) } : {}),
      }),
      usage,
      idempotency: createIdempotencyStore(shared.idempotency),
      now,
      ...(observability ? { observability } : {}),
      readiness,
    });
  } catch (err) {
    await dispose();
    throw err;
  }
  return { app, usage, logger, ...(observability ? { observability } : {}), dispose };
}

/** Builds the proxy and listens on `config.http` (port 0 picks a free port). */
export async function startProxy(config: ProxyConfig, overrides: ProxyOverrides = {}): Promise<RunningProxy> {
  const built = await buildProxy(config, overrides);
  const t = { ...SERVER_TIMEOUTS, ...overrides.serverTimeouts };
  const server = createServer(
    {
      headersTimeout: t.headersTimeout,
      requestTimeout: t.requestTimeout,
      connectionsCheckingInterval: t.connectionsCheckingInterval,
      keepAliveTimeout: t.keepAliveTimeout,
      // Checked by requireHost instead, so the 400 has the error shape rather than an empty body.
      requireHostHeader: false,
    },
    requireHost(built.app),
  );
  answerServerLevelErrors(server, built.logger);
  server.setTimeout(t.socketIdleTimeout);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const metricsAt = config.telemetry.metrics;
  let metricsEndpoint: MetricsEndpoint | undefined;
  if (built.observability?.prometheus && metricsAt) {
    try {
      metricsEndpoint = await startMetricsEndpoint(built.observability.prometheus, metricsAt.host, metricsAt.port);
    } catch (err) {
      server.close();
      await built.dispose();
      throw new Error(`METRICS_PORT: cannot listen on ${metricsAt.host}:${metricsAt.port} (${(err as Error).message})`);
    }
  }
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  const shownHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  return {
    ...built,
    url: `http://${shownHost}:${port}`,
    port,
    server,
    ...(metricsEndpoint ? { metricsUrl: metricsEndpoint.url } : {}),
    async close(graceMs = C.SHUTDOWN_GRACE_MS) {
      await new Promise<void>((resolve) => {
        // A maker's create in flight should get its answer, not a reset that leaves them unsure it was stored.
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        // server.close() waits for every connection to end, and a keep-alive connection whose request was in flight
        // stays open after its answer: without this sweep every shutdown would last the whole grace period.
        const sweep = setInterval(() => server.closeIdleConnections(), C.SHUTDOWN_IDLE_SWEEP_MS);
        server.close(() => {
          clearTimeout(cut);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
      await metricsEndpoint?.close();
      await built.dispose();
    },
  };
}
