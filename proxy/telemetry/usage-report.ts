/**
 * Builds `GetUsage`'s `UsageReport` (apiDefinition.swagger.json) for one instance from the usage store: totals, one
 * group list per dimension and an hourly series with every hour of the window present, zeros included.
 */
import { MS_PER_HOUR } from '../limits/constants';
import type { UsageRow, UsageStore } from './usage-store';
import { addLatency, emptyLatency, latencyPercentiles, type UsageLatency } from './usage-latency';
import { topErrors, usageSummary, type UsageTopError } from './usage-summary';

export interface UsageCount {
  calls: number;
  succeeded: number;
  failed: number;
  bytes: number;
}

/** Whose calls a report covers: every caller's (the environment's Administrators), or the viewer's own. */
export type UsageScope = { callers: 'all' } | { callers: 'own'; callerId: string };

export interface UsageReport {
  instanceId: string;
  /** `allCallers` or `ownCalls`: what the viewer was allowed to see (docs/design.md, "Who sees usage"). */
  scope: 'allCallers' | 'ownCalls';
  /** One sentence for notifications: calls, failures and the most frequent error. */
  summary: string;
  from: string;
  to: string;
  totals: UsageCount;
  byOperation: ({ key: string } & UsageCount)[];
  byEntity: ({ key: string } & UsageCount)[];
  byCaller: ({ key: string } & UsageCount)[];
  byResult: ({ key: string } & UsageCount)[];
  byErrorCode: ({ key: string } & UsageCount)[];
  /** The most frequent errors with their meaning and the maker's action. */
  topErrors: UsageTopError[];
  hourly: { start: string; calls: number; failed: number; bytes: number }[];
  /** How long the proxy took to answer the calls: percentiles, absent when no call was measured. */
  latency?: UsageLatency;
  /** The proxy's attempts towards CI (retries included), beyond the maker-facing contract. */
  upstream: UsageCount & { byOperation: ({ key: string } & UsageCount)[] };
}

const zero = (): UsageCount => ({ calls: 0, succeeded: 0, failed: 0, bytes: 0 });

function add(count: UsageCount, row: UsageRow): void {
  count.calls += row.calls;
  count.bytes += row.bytes;
  if (row.result === 'success') count.succeeded += row.calls;
  else count.failed += row.calls;
}

function group(rows: UsageRow[], keyOf: (row: UsageRow) => string): ({ key: string } & UsageCount)[] {
  const groups = new Map<string, UsageCount>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === '') continue;
    const count = groups.get(key) ?? zero();
    add(count, row);
    groups.set(key, count);
  }
  return [...groups.entries()]
    .map(([key, count]) => ({ key, ...count }))
    .sort((a, b) => b.calls - a.calls || a.key.localeCompare(b.key));
}

/** Reports the last `hours` hours (the current hour included) of one instance's usage, as far as `scope` allows. */
export async function buildUsageReport(
  store: UsageStore,
  instanceId: string,
  hours: number,
  nowMs: number,
  scope: UsageScope,
): Promise<UsageReport> {
  const currentHour = Math.floor(nowMs / MS_PER_HOUR) * MS_PER_HOUR;
  const fromMs = currentHour - (hours - 1) * MS_PER_HOUR;
  const wanted = instanceId.toLowerCase();
  const visible = (row: UsageRow) => scope.callers === 'all' || row.callerId === scope.callerId;
  const entries = (await store.rows(fromMs, nowMs + 1)).filter((e) => e.row.instanceId === wanted && visible(e.row));
  const proxyRows = entries.filter((e) => e.row.source === 'proxy');
  const upstreamRows = entries.filter((e) => e.row.source === 'upstream').map((e) => e.row);
  const rows = proxyRows.map((e) => e.row);

  const totals = zero();
  rows.forEach((row) => add(totals, row));
  const hourly = new Map<number, { calls: number; failed: number; bytes: number }>();
  for (let start = fromMs; start <= currentHour; start += MS_PER_HOUR)
    hourly.set(start, { calls: 0, failed: 0, bytes: 0 });
  for (const { hourStart, row } of proxyRows) {
    const bucket = hourly.get(hourStart);
    if (!bucket) continue;
    bucket.calls += row.calls;
    bucket.bytes += row.bytes;
    if (row.result === 'failure') bucket.failed += row.calls;
  }
  const upstream = zero();
  upstreamRows.forEach((row) => add(upstream, row));

  const latency = emptyLatency();
  rows.forEach((row) => addLatency(latency, row.latency));
  const percentiles = latencyPercentiles(latency);

  const byErrorCode = group(rows, (r) => r.errorCode);
  const top = topErrors(byErrorCode);
  return {
    instanceId,
    scope: scope.callers === 'all' ? 'allCallers' : 'ownCalls',
    summary: usageSummary(hours, totals.calls, totals.failed, top),
    from: new Date(fromMs).toISOString(),
    to: new Date(nowMs).toISOString(),
    totals,
    byOperation: group(rows, (r) => r.operation),
    byEntity: group(rows, (r) => r.entity),
    byCaller: group(rows, (r) => r.caller),
    byResult: group(rows, (r) => r.result),
    byErrorCode,
    topErrors: top,
    hourly: [...hourly.entries()].map(([start, b]) => ({ start: new Date(start).toISOString(), ...b })),
    ...(percentiles ? { latency: percentiles } : {}),
    upstream: { ...upstream, byOperation: group(upstreamRows, (r) => r.operation) },
  };
}
