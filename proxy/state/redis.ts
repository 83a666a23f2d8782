/**
 * The proxy's one connection to Redis (node-redis, `@redis/client`), for state every replica shares and a restart
 * keeps. It never waits for Redis: commands are not queued while disconnected and each has REDIS_TIMEOUT_MS, so a Redis
 * outage turns into a fast 503 StateUnavailable for the writes that need it (errors/), never into hung requests; the
 * client reconnects by itself (backing off up to REDIS_RECONNECT_MAX_MS), so the proxy recovers without a restart.
 * Passwords (in the URL) never reach a log line: only the host is logged.
 */
import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import type { Logger } from 'pino';
import { REDIS_RECONNECT_MAX_MS } from '../constants';
import { stateUnavailable } from '../errors';
import type { StreamingCredentialsProvider } from './redis-entra';

/** How long a client should wait before retrying a write refused for lack of Redis. */
const RETRY_AFTER_SECONDS = 2;

export interface RedisState {
  /** Runs a Lua script atomically; rejects with 503 StateUnavailable when Redis does not answer in time. */
  evalScript(script: string, keys: string[], args: string[]): Promise<unknown>;
  readonly ready: boolean;
  close(): Promise<void>;
}

/** Where Redis is, for logs: host and port only (the URL may carry a password). */
export function redisLocation(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

export function connectRedis(
  url: string,
  timeoutMs: number,
  logger: Logger,
  credentialsProvider?: StreamingCredentialsProvider,
): RedisState {
  const where = redisLocation(url);
  const client = createClient({
    url,
    ...(credentialsProvider ? { credentialsProvider } : {}),
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    socket: {
      connectTimeout: timeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, REDIS_RECONNECT_MAX_MS),
    },
  });
  let down = false;
  // node-redis emits 'error' for every failed connection attempt; one line per outage, not one per attempt.
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(
      { redis: where, reason: err.message.replace(url, where) },
      'Redis unreachable; writes that need it answer 503',
    );
  });
  client.on('ready', () => {
    if (down) logger.info({ redis: where }, 'Redis reachable again');
    down = false;
  });
  // Connect in the background: the proxy serves reads (and writes without a key) while Redis is still coming up.
  client.connect().catch(() => undefined);

  /** Waits up to the command timeout for a connection being made (at start, or while reconnecting). */
  let closed = false;
  const connected = () =>
    client.isReady || closed
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            client.off('ready', done);
            resolve();
          };
          // A wait never holds the process open (e.g. on shutdown).
          const timer = setTimeout(done, timeoutMs).unref();
          client.on('ready', done);
        });

  /** Each script's SHA1, computed once: calls send the digest, not the script (every request runs one). */
  const digests = new Map<string, string>();
  const digestOf = (script: string) => {
    let sha = digests.get(script);
    if (!sha) digests.set(script, (sha = createHash('sha1').update(script).digest('hex')));
    return sha;
  };

  return {
    async evalScript(script, keys, args) {
      try {
        await connected();
        const options = { keys, arguments: args };
        try {
          return await client.evalSha(digestOf(script), options);
        } catch (err) {
          // A server that has not seen the script yet (new, restarted, failed over): send it once in full.
          if (!/NOSCRIPT/.test((err as Error).message)) throw err;
          return await client.eval(script, options);
        }
      } catch {
        throw stateUnavailable(RETRY_AFTER_SECONDS);
      }
    },
    get ready() {
      return client.isReady;
    },
    async close() {
      closed = true;
      try {
        await client.close();
      } catch {
        client.destroy();
      }
    },
  };
}
