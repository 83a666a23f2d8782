/**
 * The per-caller rate limit in Redis: one budget per caller across every replica (N replicas no longer allow N times
 * RATE_LIMIT_PER_MINUTE). The same fixed one-minute windows as rate-limiter.ts, decided atomically by one Lua script.
 * When Redis does not answer, the request is let through (and the outage logged by state/redis.ts): a rate limit is
 * not worth refusing service for, and creates that need Redis for their records refuse on their own.
 */
import { createHash } from 'node:crypto';
import type { RedisState } from '../state/redis';
import { RATE_LIMIT_WINDOW_MS } from './constants';
import { rateDecision, type CallerRateLimiter } from './rate-limiter';

const TAKE = `
local now, win, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 'start', 'count', 'refused')
local start, count, refused = tonumber(h[1]), tonumber(h[2]) or 0, tonumber(h[3]) or 0
if not start or now - start >= win then
  start, count, refused = now, 0, 0
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'start', start, 'count', 0, 'refused', 0)
  redis.call('PEXPIRE', KEYS[1], win)
end
if count >= limit then
  refused = redis.call('HINCRBY', KEYS[1], 'refused', 1)
  return {0, start, count, refused}
end
count = redis.call('HINCRBY', KEYS[1], 'count', 1)
return {1, start, count, refused}
`;

export function createRedisRateLimiter(
  redis: RedisState,
  perMinute: number,
  options: { now?: () => number } = {},
): CallerRateLimiter {
  const now = options.now ?? Date.now;
  return {
    async take(key) {
      const t = now();
      const open = rateDecision(perMinute, t, { start: t, count: 0, refused: 0 }, true);
      if (perMinute <= 0) return { ...open, remaining: Number.MAX_SAFE_INTEGER };
      const id = `ciproxy:rate:${createHash('sha256').update(key).digest('base64url')}`;
      try {
        const [allowed, start, count, refused] = (await redis.evalScript(
          TAKE,
          [id],
          [String(t), String(RATE_LIMIT_WINDOW_MS), String(perMinute)],
        )) as number[];
        return rateDecision(perMinute, t, { start, count, refused }, allowed === 1);
      } catch {
        return open;
      }
    },
  };
}
