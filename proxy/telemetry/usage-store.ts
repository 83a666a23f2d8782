/**
 * The proxy's own record of calls, like CI's old real-time API usage pane (docs/customer-insights.md#limits-and-telemetry): hourly
 * buckets kept for 30 days, counted by operation, entity, caller, result and error code. In memory and bounded:
 * old hours are dropped, each hour holds at most USAGE_MAX_ROWS_PER_HOUR distinct rows (the rest fold into `other`
 * for entity and caller) and USAGE_MAX_ROWS_PER_HOUR_HARD rows in all (past it, one overflow row without instance).
 *
 * Callers of `record` pass only values CI confirmed (proxy/telemetry/request-attribution.ts); the bounds are the
 * second line of defence. The same two calls are served from Redis when REDIS_URL is set (usage-redis.ts), so every
 * replica reports the same numbers and a restart forgets nothing.
 */
import {
  MS_PER_HOUR,
  USAGE_MAX_ROWS_PER_HOUR,
  USAGE_MAX_ROWS_PER_HOUR_HARD,
  USAGE_OTHER_LABEL,
  USAGE_RETENTION_HOURS,
} from '../limits/constants';
import { emptyLatency, latencyBucket, type LatencyHistogram } from './usage-latency';

/** Whether a row counts a maker's call to the proxy or one attempt of the proxy's call to CI. */
export type UsageSource = 'proxy' | 'upstream';

export interface UsageEvent {
  source: UsageSource;
  /** Milliseconds since the epoch. */
  at: number;
  instanceId?: string;
  operation: string;
  entity?: string;
  /** How the report names the caller: UPN for users, app id for applications. */
  caller: string;
  /** Who the caller is (`tenant:objectId`): what GetUsage filters on when it shows someone only their own calls. */
  callerId: string;
  success: boolean;
  errorCode?: string;
  bytes: number;
  /** How long the proxy took to answer (maker calls only). */
  durationMs?: number;
}

export interface UsageRow {
  source: UsageSource;
  instanceId: string;
  operation: string;
  entity: string;
  caller: string;
  callerId: string;
  result: 'success' | 'failure';
  errorCode: string;
  calls: number;
  bytes: number;
  /** Durations of the row's calls that were measured, by bucket (usage-latency.ts). */
  latency: LatencyHistogram;
}

export interface UsageStore {
  /** Counts one event in its hour; never waits and never fails the request it describes. */
  record(event: UsageEvent): void;
  /** Rows of the hours whose start lies in [fromMs, toMs), with the hour start, oldest first. */
  rows(fromMs: number, toMs: number): Promise<{ hourStart: number; row: UsageRow }[]>;
}

/** The row an event counts in, before the per-hour bounds fold it. */
export function usageRowOf(event: UsageEvent): UsageRow {
  return {
    source: event.source,
    instanceId: (event.instanceId ?? '').toLowerCase(),
    operation: event.operation,
    entity: event.entity ?? '',
    caller: event.caller,
    callerId: event.callerId,
    result: event.success ? 'success' : 'failure',
    errorCode: event.success ? '' : (event.errorCode ?? 'Unknown'),
    calls: 0,
    bytes: 0,
    latency: emptyLatency(),
  };
}

/** The row as counted once an hour holds too many distinct callers/entities: kept, without the detail. */
export const foldedRow = (row: UsageRow): UsageRow => ({ ...row, entity: OTHER, caller: OTHER, callerId: OTHER });

/** The row as counted once an hour is full: one row that belongs to no instance's report. */
export const overflowRow = (row: UsageRow): UsageRow => ({
  ...foldedRow(row),
  instanceId: '',
  operation: OTHER,
  errorCode: row.errorCode ? OTHER : '',
});

/** The dimensions that make a row distinct, as one string. */
export const usageRowKey = (r: UsageRow): string =>
  JSON.stringify([r.source, r.instanceId, r.operation, r.entity, r.callerId, r.caller, r.result, r.errorCode]);

/** A row back from its key (usage-redis.ts keeps only keys and counts). */
export function rowFromKey(key: string, calls: number, bytes: number, latency: number[]): UsageRow {
  const [source, instanceId, operation, entity, callerId, caller, result, errorCode] = JSON.parse(key) as string[];
  return {
    source: source as UsageSource,
    instanceId,
    operation,
    entity,
    callerId,
    caller,
    result: result as UsageRow['result'],
    errorCode,
    calls,
    bytes,
    latency,
  };
}

/** The hour an instant falls in. */
export const hourOf = (ms: number): number => Math.floor(ms / MS_PER_HOUR) * MS_PER_HOUR;

const OTHER = USAGE_OTHER_LABEL;

/** Creates an empty usage store. */
export function createUsageStore(
  options: { maxRowsPerHour?: number; maxRowsPerHourHard?: number; retentionHours?: number } = {},
): UsageStore {
  const maxRows = options.maxRowsPerHour ?? USAGE_MAX_ROWS_PER_HOUR;
  const hardMaxRows = options.maxRowsPerHourHard ?? (maxRows * USAGE_MAX_ROWS_PER_HOUR_HARD) / USAGE_MAX_ROWS_PER_HOUR;
  const retentionMs = (options.retentionHours ?? USAGE_RETENTION_HOURS) * MS_PER_HOUR;
  const hours = new Map<number, Map<string, UsageRow>>();
  let newestHour = 0;

  function prune(): void {
    for (const start of hours.keys()) if (start <= newestHour - retentionMs) hours.delete(start);
  }

  return {
    record(event) {
      const hourStart = hourOf(event.at);
      if (hourStart <= newestHour - retentionMs) return;
      if (hourStart > newestHour) {
        newestHour = hourStart;
        prune();
      }
      let rows = hours.get(hourStart);
      if (!rows) hours.set(hourStart, (rows = new Map()));
      let row = usageRowOf(event);
      let key = usageRowKey(row);
      if (!rows.has(key) && rows.size >= maxRows) key = usageRowKey((row = foldedRow(row)));
      if (!rows.has(key) && rows.size >= hardMaxRows) key = usageRowKey((row = overflowRow(row)));
      const existing = rows.get(key) ?? row;
      existing.calls += 1;
      existing.bytes += Math.max(0, Math.round(event.bytes));
      if (event.durationMs !== undefined) existing.latency[latencyBucket(event.durationMs)] += 1;
      rows.set(key, existing);
    },
    async rows(fromMs, toMs) {
      const out: { hourStart: number; row: UsageRow }[] = [];
      for (const start of [...hours.keys()].sort((a, b) => a - b)) {
        if (start + MS_PER_HOUR <= fromMs || start >= toMs) continue;
        for (const row of hours.get(start)!.values())
          out.push({ hourStart: start, row: { ...row, latency: [...row.latency] } });
      }
      return out;
    },
  };
}
