/**
 * The suites that test state shared by replicas run against a real `redis-server` (started by bench/redis-server.ts,
 * which `npm run bench` uses too). Without it on the PATH, locally the suites say so in one line and skip; in CI
 * (`CI=true`) they fail.
 */
import { REDIS_INSTALL_HINT, redisInstalled } from '../../bench/redis-server';

export { REDIS_INSTALL_HINT, startRedisServer, type RedisServer } from '../../bench/redis-server';

/** True when `redis-server` can be started here; in CI its absence is an error, not a skip. */
export function redisAvailable(): boolean {
  const found = redisInstalled();
  if (!found && process.env.CI === 'true') {
    throw new Error(`redis-server is not installed; CI must install it (${REDIS_INSTALL_HINT})`);
  }
  if (!found) process.stdout.write(`Redis suites skipped: redis-server is not installed (${REDIS_INSTALL_HINT}).\n`);
  return found;
}

/** `describe` when redis-server is available, `describe.skip` otherwise (with the one-line notice). */
export const describeWithRedis: jest.Describe = redisAvailable() ? describe : describe.skip;
