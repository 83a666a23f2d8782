/**
 * Idempotency records in Redis, shared by every replica and kept across restarts. Each decision is one Lua script, so
 * two replicas claiming the same key at the same moment cannot both win: one runs, the other waits for its outcome
 * (idempotency-store.ts). A record is a hash (fingerprint, state, until, result, memo) that Redis expires after the
 * window; each caller's keys are indexed in a sorted set by age, so a caller over IDEMPOTENCY_MAX_ENTRIES_PER_CALLER
 * loses its own oldest keys, nobody else's. Keys of one caller share a hash tag, so they live in one cluster slot.
 */
import { createHash } from 'node:crypto';
import type { RedisState } from '../state/redis';
import { IDEMPOTENCY_MAX_ENTRIES_PER_CALLER, IDEMPOTENCY_WINDOW_HOURS, MS_PER_HOUR } from './constants';
import { callerOf, recordId, type Claim, type IdempotencyRecords, type IdempotencyScope } from './idempotency-store';

const CLAIM = `
local fp, now, lease, window, maxPer = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local cur = redis.call('HMGET', KEYS[1], 'fp', 'state', 'until', 'result', 'memo')
local state = cur[2]
local live = state and tonumber(cur[3]) > now
if live then
  if cur[1] ~= fp then return {'mismatch'} end
  if state == 'done' then return {'done', cur[4]} end
  if state == 'running' then return {'running'} end
end
local mayHave = (live and state == 'uncertain') or (state == 'running' and not live)
local memo = (mayHave and cur[5]) or ''
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fp', fp, 'state', 'running', 'until', now + lease)
if memo ~= '' then redis.call('HSET', KEYS[1], 'memo', memo) end
redis.call('PEXPIRE', KEYS[1], lease + window)
redis.call('ZADD', KEYS[2], now, KEYS[1])
local over = redis.call('ZCARD', KEYS[2]) - maxPer
if over > 0 then
  for _, k in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do redis.call('DEL', k) end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
end
redis.call('PEXPIRE', KEYS[2], lease + window)
return {'claimed', mayHave and '1' or '0', memo}
`;

const NOTE = `
if redis.call('HGET', KEYS[1], 'state') == 'running' then redis.call('HSETNX', KEYS[1], 'memo', ARGV[1]) end
return 1
`;

const EXTEND = `
if redis.call('HGET', KEYS[1], 'state') == 'running' then redis.call('HSET', KEYS[1], 'until', tonumber(ARGV[1])) end
return 1
`;

const SETTLE = `
local ending, now, window, value = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
if ending == 'forgotten' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], KEYS[1])
  return 1
end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ending == 'done' then
  redis.call('HSET', KEYS[1], 'state', 'done', 'until', now + window, 'result', value)
  redis.call('HDEL', KEYS[1], 'memo')
else
  redis.call('HSET', KEYS[1], 'state', 'uncertain', 'until', now + window)
  if value ~= '' then redis.call('HSETNX', KEYS[1], 'memo', value) end
end
redis.call('PEXPIRE', KEYS[1], window)
return 1
`;

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

/** The record's key and its caller's index, under the caller's hash tag. */
function keysOf(scope: IdempotencyScope, key: string): [string, string] {
  const tag = `ciproxy:idem:{${hash(callerOf(scope)).slice(0, 22)}}`;
  return [`${tag}:${hash(recordId(scope, key))}`, `${tag}:keys`];
}

export function createRedisIdempotencyRecords(
  redis: RedisState,
  options: { windowHours?: number; maxEntriesPerCaller?: number; now?: () => number } = {},
): IdempotencyRecords {
  const windowMs = (options.windowHours ?? IDEMPOTENCY_WINDOW_HOURS) * MS_PER_HOUR;
  const maxPerCaller = options.maxEntriesPerCaller ?? IDEMPOTENCY_MAX_ENTRIES_PER_CALLER;
  const now = options.now ?? Date.now;
  return {
    async claim(scope, key, fingerprint, leaseMs): Promise<Claim> {
      const reply = (await redis.evalScript(CLAIM, keysOf(scope, key), [
        fingerprint,
        String(now()),
        String(leaseMs),
        String(windowMs),
        String(maxPerCaller),
      ])) as string[];
      switch (reply[0]) {
        case 'mismatch':
          return { outcome: 'mismatch' };
        case 'done':
          return { outcome: 'done', result: JSON.parse(reply[1]) as unknown };
        case 'running':
          return { outcome: 'running' };
        default:
          return {
            outcome: 'claimed',
            mayHaveStored: reply[1] === '1',
            ...(reply[2] ? { memo: JSON.parse(reply[2]) as unknown } : {}),
          };
      }
    },
    async note(scope, key, memo) {
      await redis.evalScript(NOTE, keysOf(scope, key), [JSON.stringify(memo)]);
    },
    async extend(scope, key, leaseMs) {
      await redis.evalScript(EXTEND, keysOf(scope, key), [String(now() + leaseMs)]);
    },
    async settle(scope, key, ending) {
      const value =
        ending.state === 'done'
          ? JSON.stringify(ending.result)
          : ending.state === 'uncertain' && ending.memo !== undefined
            ? JSON.stringify(ending.memo)
            : '';
      await redis.evalScript(SETTLE, keysOf(scope, key), [ending.state, String(now()), String(windowMs), value]);
    },
  };
}
