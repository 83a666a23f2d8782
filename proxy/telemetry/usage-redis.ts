/**
 * Usage counts in Redis, so Get real-time usage answers the same from every replica and survives restarts. Three
 * hashes per hour (calls and bytes by row key, usage-store.ts `usageRowKey`, and the latency histogram by row key and
 * bucket), expiring after USAGE_RETENTION_HOURS;
 * the per-hour bounds of the in-memory store are applied inside the same Lua script, so they hold across replicas.
 * Recording never waits for Redis and never fails a request: while Redis is away, counts are dropped (the report
 * then says less, never something false).
 */
import type { RedisState } from '../state/redis';
import {
  MS_PER_HOUR,
  USAGE_MAX_ROWS_PER_HOUR,
  USAGE_MAX_ROWS_PER_HOUR_HARD,
  USAGE_RETENTION_HOURS,
} from '../limits/constants';
import {
  foldedRow,
  hourOf,
  overflowRow,
  rowFromKey,
  usageRowKey,
  usageRowOf,
  type UsageRow,
  type UsageStore,
} from './usage-store';
import { emptyLatency, latencyBucket } from './usage-latency';

const RECORD = `
local key = ARGV[1]
if redis.call('HEXISTS', KEYS[1], key) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then key = ARGV[2] end
if redis.call('HEXISTS', KEYS[1], key) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[5]) then key = ARGV[3] end
redis.call('HINCRBY', KEYS[1], key, 1)
redis.call('HINCRBY', KEYS[2], key, tonumber(ARGV[6]))
if ARGV[8] ~= '' then redis.call('HINCRBY', KEYS[3], key .. '|' .. ARGV[8], 1) end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[7]) end
return 1
`;

/** One hour's calls, bytes and latency hashes. */
const READ = `
local out = {}
for i, k in ipairs(KEYS) do out[i] = redis.call('HGETALL', k) end
return out
`;

const keysOfHour = (hourStart: number): [string, string, string] => [
  `ciproxy:usage:{${hourStart}}:calls`,
  `ciproxy:usage:{${hourStart}}:bytes`,
  `ciproxy:usage:{${hourStart}}:latency`,
];

export function createRedisUsageStore(redis: RedisState, options: { retentionHours?: number } = {}): UsageStore {
  const retentionMs = (options.retentionHours ?? USAGE_RETENTION_HOURS) * MS_PER_HOUR;
  const hardMax = USAGE_MAX_ROWS_PER_HOUR_HARD;
  return {
    record(event) {
      const row = usageRowOf(event);
      const hourStart = hourOf(event.at);
      void redis
        .evalScript(RECORD, keysOfHour(hourStart), [
          usageRowKey(row),
          usageRowKey(foldedRow(row)),
          usageRowKey(overflowRow(row)),
          String(USAGE_MAX_ROWS_PER_HOUR),
          String(hardMax),
          String(Math.max(0, Math.round(event.bytes))),
          String(retentionMs + MS_PER_HOUR),
          event.durationMs !== undefined ? String(latencyBucket(event.durationMs)) : '',
        ])
        .catch(() => undefined);
    },
    async rows(fromMs, toMs) {
      const hours: number[] = [];
      for (let start = hourOf(fromMs); start < toMs; start += MS_PER_HOUR) hours.push(start);
      // One script per hour keeps each call inside one cluster slot (the hour's hash tag).
      const replies = await Promise.all(
        hours.map((h) => redis.evalScript(READ, keysOfHour(h), []) as Promise<string[][]>),
      );
      const out: { hourStart: number; row: UsageRow }[] = [];
      hours.forEach((hourStart, i) => {
        const [calls, bytes, latency] = replies[i];
        const bytesOf = new Map<string, number>();
        for (let n = 0; n < bytes.length; n += 2) bytesOf.set(bytes[n], Number(bytes[n + 1]));
        const latencyOf = new Map<string, number[]>();
        for (let n = 0; n < latency.length; n += 2) {
          const cut = latency[n].lastIndexOf('|');
          const key = latency[n].slice(0, cut);
          const histogram = latencyOf.get(key) ?? emptyLatency();
          histogram[Number(latency[n].slice(cut + 1))] += Number(latency[n + 1]);
          latencyOf.set(key, histogram);
        }
        for (let n = 0; n < calls.length; n += 2) {
          const key = calls[n];
          out.push({
            hourStart,
            row: rowFromKey(key, Number(calls[n + 1]), bytesOf.get(key) ?? 0, latencyOf.get(key) ?? emptyLatency()),
          });
        }
      });
      return out;
    },
  };
}
