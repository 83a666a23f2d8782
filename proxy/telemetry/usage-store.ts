/**
 * The proxy's own record of calls, like CI's old real-time API usage pane (customer-insights-api.md §4, TEL): hourly
 * buckets kept for 30 days, counted by operation, entity, caller, result and error code. In memory and bounded:
 * old hours are dropped, each hour holds at most USAGE_MAX_ROWS_PER_HOUR distinct rows (the rest fold into `other`
 * for entity and caller) and USAGE_MAX_ROWS_PER_HOUR_HARD rows in all (past it, one overflow row without instance).
 *
 * Callers of `record` pass only values CI confirmed (proxy/telemetry/request-attribution.ts); the bounds are the
 * second line of defence. The interface is two calls so the counts can move to a shared store (Redis) later; both
 * then become async without changing their meaning.
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
  /** Counts one event in its hour. */
  record(event: UsageEvent): void;
  /** Rows of the hours whose start lies in [fromMs, toMs), with the hour start, oldest first. */
  rows(fromMs: number, toMs: number): { hourStart: number; row: UsageRow }[];
}

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
      const hourStart = Math.floor(event.at / MS_PER_HOUR) * MS_PER_HOUR;
      if (hourStart <= newestHour - retentionMs) return;
      if (hourStart > newestHour) {
        newestHour = hourStart;
        prune();
      }
      let rows = hours.get(hourStart);
      if (!rows) hours.set(hourStart, (rows = new Map()));
      const row: UsageRow = {
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
      const keyOf = (r: UsageRow) =>
        [r.source, r.instanceId, r.operation, r.entity, r.callerId, r.caller, r.result, r.errorCode].join('\u0000');
      let key = keyOf(row);
      if (!rows.has(key) && rows.size >= maxRows) {
        // Too many distinct callers/entities this hour: keep counting, but without the detail.
        row.entity = OTHER;
        row.caller = OTHER;
        row.callerId = OTHER;
        key = keyOf(row);
      }
      if (!rows.has(key) && rows.size >= hardMaxRows) {
        // Still too many (e.g. many instances): count in one row that belongs to no instance's report.
        Object.assign(row, { instanceId: '', operation: OTHER, errorCode: row.errorCode ? OTHER : '' });
        key = keyOf(row);
      }
      const existing = rows.get(key) ?? row;
      existing.calls += 1;
      existing.bytes += Math.max(0, Math.round(event.bytes));
      if (event.durationMs !== undefined) existing.latency[latencyBucket(event.durationMs)] += 1;
      rows.set(key, existing);
    },
    rows(fromMs, toMs) {
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
