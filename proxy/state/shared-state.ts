/**
 * Where the state that replicas share and restarts keep lives (idempotency records, the per-caller rate limit, usage
 * counts): Redis when REDIS_URL is set, else this process's memory, which is right for one replica only (said at start,
 * so nobody scales out on it by accident). The one place that picks between the two implementations.
 */
import type { Logger } from 'pino';
import type { ProxyConfig } from '../config';
import { createMemoryIdempotencyRecords } from '../limits/idempotency-memory';
import { createRedisIdempotencyRecords } from '../limits/idempotency-redis';
import type { IdempotencyRecords } from '../limits/idempotency-store';
import { createRateLimiter, perProcess, type CallerRateLimiter } from '../limits/rate-limiter';
import { createRedisRateLimiter } from '../limits/rate-limiter-redis';
import { createRedisUsageStore } from '../telemetry/usage-redis';
import { createUsageStore, type UsageStore } from '../telemetry/usage-store';
import { connectRedis, redisLocation, type RedisState } from './redis';
import { managedIdentityRedisCredentials } from './redis-entra';

export interface SharedState {
  idempotency: IdempotencyRecords;
  rateLimiter: CallerRateLimiter;
  usage: UsageStore;
  /** The Redis connection when there is one (closed on shutdown). */
  redis?: RedisState;
}

export function createSharedState(config: ProxyConfig, logger: Logger, now: () => number): SharedState {
  const perMinute = config.limits.rateLimitPerMinute;
  const url = config.state.redisUrl;
  if (url === undefined) {
    logger.info(
      { state: 'memory' },
      'idempotency records, rate limits and usage are kept in memory: right for a single replica; set REDIS_URL to run several or keep them across restarts',
    );
    return {
      idempotency: createMemoryIdempotencyRecords({ now }),
      rateLimiter: perProcess(createRateLimiter(perMinute, { now })),
      usage: createUsageStore(),
    };
  }
  const identity = config.state.redisManagedIdentity;
  const credentials = identity
    ? managedIdentityRedisCredentials(identity, (err) =>
        logger.warn({ redis: redisLocation(url), reason: err.message }, 'Redis sign-in token could not be renewed'),
      )
    : undefined;
  const redis = connectRedis(url, config.state.redisTimeoutMs, logger, credentials);
  logger.info(
    { state: 'redis', redis: redisLocation(url), auth: identity ? 'managed identity' : 'key' },
    'idempotency records, rate limits and usage are shared in Redis',
  );
  return {
    idempotency: createRedisIdempotencyRecords(redis, { now }),
    rateLimiter: createRedisRateLimiter(redis, perMinute, { now }),
    usage: createRedisUsageStore(redis),
    redis,
  };
}
