/**
 * API-usage telemetry like CI's Settings › System › API usage page (docs/customer-insights.md#limits-and-telemetry):
 * calls and bytes, grouped by operation, entity qualified name, caller ("created by"), result and error code, over
 * time. Events are stored pre-aggregated per minute and dimensions, and dropped after the page's longest time frame, so
 * memory stays bounded however many requests a benchmark sends.
 */
import { USAGE_RETENTION_DAYS } from './constants';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

export interface UsageEvent {
  atMs: number;
  instanceId: string;
  operation: string;
  entity: string;
  caller: string;
  result: 'success' | 'failure';
  status: number;
  errorCode: string;
  bytes: number;
  /** Calls this event stands for (seeded history is stored pre-aggregated per hour). */
  calls: number;
}

export type UsageBucket = 'minute' | 'hour' | 'day';
export const USAGE_BUCKET_MS: Record<UsageBucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export interface UsageGroup {
  key: string;
  calls: number;
  bytes: number;
}

export interface UsageReport {
  instanceId: string | null;
  from: string;
  to: string;
  bucket: UsageBucket;
  totals: { calls: number; bytes: number; failures: number };
  byOperation: UsageGroup[];
  byEntity: UsageGroup[];
  byCaller: UsageGroup[];
  byResult: UsageGroup[];
  byErrorCode: UsageGroup[];
  series: { start: string; calls: number; bytes: number; failures: number }[];
}

export interface UsageLog {
  /** Adds an event to its minute's aggregate (`atMs` is rounded down to the minute). */
  record(event: UsageEvent): void;
  /** Aggregate rows held (for memory checks). */
  size(): number;
  /** Aggregates the minutes overlapping [fromMs, toMs) for one instance (or all when instanceId is undefined). */
  report(query: { instanceId?: string; fromMs: number; toMs: number; bucket: UsageBucket }): UsageReport;
}

function group(events: readonly UsageEvent[], keyOf: (e: UsageEvent) => string): UsageGroup[] {
  const map = new Map<string, UsageGroup>();
  for (const e of events) {
    const key = keyOf(e);
    const g = map.get(key) ?? { key, calls: 0, bytes: 0 };
    g.calls += e.calls;
    g.bytes += e.bytes;
    map.set(key, g);
  }
  return [...map.values()].sort((a, b) => b.calls - a.calls || a.key.localeCompare(b.key));
}

/** An in-memory usage log. */
export function createUsageLog(): UsageLog {
  const rows = new Map<string, UsageEvent>();
  let newestMs = 0;
  let prunedAtMs = 0;
  const prune = () => {
    const oldest = newestMs - USAGE_RETENTION_DAYS * MS_PER_DAY;
    for (const [key, e] of rows) if (e.atMs < oldest) rows.delete(key);
    prunedAtMs = newestMs;
  };
  return {
    record(event) {
      const atMs = Math.floor(event.atMs / MS_PER_MINUTE) * MS_PER_MINUTE;
      const key = [atMs, event.instanceId, event.operation, event.entity, event.caller, event.status, event.errorCode]
        .map(String)
        .join('\u0000');
      const row = rows.get(key);
      if (row) {
        row.calls += event.calls;
        row.bytes += event.bytes;
      } else rows.set(key, { ...event, atMs });
      newestMs = Math.max(newestMs, atMs);
      if (newestMs - prunedAtMs >= MS_PER_DAY) prune();
    },
    size: () => rows.size,
    report({ instanceId, fromMs, toMs, bucket }) {
      const picked = [...rows.values()].filter(
        (e) => e.atMs + MS_PER_MINUTE > fromMs && e.atMs < toMs && (!instanceId || e.instanceId === instanceId),
      );
      const size = USAGE_BUCKET_MS[bucket];
      const series = new Map<number, { calls: number; bytes: number; failures: number }>();
      for (let t = Math.floor(fromMs / size) * size; t < toMs; t += size)
        series.set(t, { calls: 0, bytes: 0, failures: 0 });
      for (const e of picked) {
        const s = series.get(Math.floor(e.atMs / size) * size);
        if (!s) continue;
        s.calls += e.calls;
        s.bytes += e.bytes;
        if (e.result === 'failure') s.failures += e.calls;
      }
      const sum = (f: (e: UsageEvent) => number) => picked.reduce((n, e) => n + f(e), 0);
      return {
        instanceId: instanceId ?? null,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        bucket,
        totals: {
          calls: sum((e) => e.calls),
          bytes: sum((e) => e.bytes),
          failures: sum((e) => (e.result === 'failure' ? e.calls : 0)),
        },
        byOperation: group(picked, (e) => e.operation),
        byEntity: group(picked, (e) => e.entity),
        byCaller: group(picked, (e) => e.caller),
        byResult: group(picked, (e) => e.result),
        byErrorCode: group(
          picked.filter((e) => e.errorCode),
          (e) => e.errorCode,
        ),
        series: [...series].map(([start, s]) => ({ start: new Date(start).toISOString(), ...s })),
      };
    },
  };
}
