/**
 * `/readyz`: whether this replica can serve now (a load balancer or App Service health check stops sending it traffic
 * when not). The configuration was loaded (the process would not be running otherwise), a CI token can be had (from the
 * token provider: its memory, else Entra ID; never a CI call), Entra's signing keys are reachable (cached by jose; a
 * fetch only when they are stale), and Redis answers when REDIS_URL is set. The answer is reused for
 * READINESS_CACHE_MS, and probes arriving together share one check, so frequent probes cost no upstream traffic.
 * `/healthz` stays the liveness probe: it never depends on anything outside the process.
 */
import type { Caller } from '../auth/caller';
import type { ProxyConfig } from '../config';
import { AppError } from '../errors/app-error';

export interface ReadinessProbes {
  /** Resolves when a CI token for the proxy's own identity can be had. */
  ciToken(): Promise<unknown>;
  /** Resolves when Entra's signing keys (JWKS) are known and fresh, fetching them when stale. */
  signingKeys(): Promise<unknown>;
  /** Whether the Redis connection is ready; absent when REDIS_URL is not set. */
  redis?(): boolean;
}

type CheckName = 'config' | 'ciToken' | 'signingKeys' | 'redis';

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  /** Each check: `ok`, or why not. */
  checks: Partial<Record<CheckName, string>>;
  /** The failed checks' reasons, one sentence each (absent when ready). */
  reasons?: string[];
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

/** The proxy's own identity as a caller: what the token provider hands out app-only tokens for. */
export function proxyIdentity(config: ProxyConfig): Caller {
  const id = config.inbound.clientId;
  return {
    token: '',
    tenantId: config.entra.tenantId,
    objectId: id,
    appId: id,
    delegated: false,
    scopes: [],
    roles: [],
    expiresAt: 0,
  };
}

/** Why a probe failed, without secrets: the proxy's own explanations (token errors), else the error's name. */
function reasonOf(err: unknown): string {
  if (err instanceof AppError) return err.message;
  if (err instanceof Error) return `${err.name}${'code' in err ? ` ${String(err.code)}` : ''}`;
  return 'unknown error';
}

async function probe(run: () => Promise<unknown>, what: string): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (err) {
    return `${what}: ${reasonOf(err)}`;
  }
}

export function createReadiness(probes: ReadinessProbes, options: { now: () => number; cacheMs: number }): Readiness {
  let cached: { report: ReadinessReport; until: number } | undefined;
  let running: Promise<ReadinessReport> | undefined;

  async function run(): Promise<ReadinessReport> {
    const [ciToken, signingKeys] = await Promise.all([
      probe(probes.ciToken, 'no CI token can be obtained'),
      probe(probes.signingKeys, "Entra ID's signing keys cannot be fetched"),
    ]);
    const checks: ReadinessReport['checks'] = { config: 'ok', ciToken, signingKeys };
    if (probes.redis) checks.redis = probes.redis() ? 'ok' : 'Redis (REDIS_URL) is not reachable';
    const reasons = Object.values(checks).filter((v) => v !== 'ok');
    return reasons.length === 0 ? { status: 'ready', checks } : { status: 'not-ready', checks, reasons };
  }

  return {
    check() {
      const now = options.now();
      if (cached && cached.until > now) return Promise.resolve(cached.report);
      running ??= run()
        .then((report) => {
          cached = { report, until: options.now() + options.cacheMs };
          return report;
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },
  };
}
