/**
 * Latency in GetUsage: durations land in fixed buckets per usage row, rows add up, and the report's percentiles are
 * the bucket bounds holding the nearest rank, so "p99Ms" is a true upper bound of the 99th percentile.
 */
import { latencyBucket, latencyPercentiles, emptyLatency } from '../../proxy/telemetry/usage-latency';
import { buildUsageReport } from '../../proxy/telemetry/usage-report';
import { createUsageStore } from '../../proxy/telemetry/usage-store';
import { USAGE_LATENCY_BOUNDS_MS } from '../../proxy/limits/constants';

const NOW = Date.UTC(2026, 10, 30, 12, 30);
const INSTANCE = '3f1c9a52-8e4b-4d7a-9c21-5b6e0f8d2a11';

describe('latency histogram', () => {
  it.each([
    [0, 1],
    [1, 1],
    [1.5, 2],
    [7, 10],
    [250, 500],
    [120_000, 120_000],
    [500_000, 120_000],
  ])('a call of %s ms counts in the bucket bounded by %s ms', (ms, bound) => {
    expect(USAGE_LATENCY_BOUNDS_MS[latencyBucket(ms)]).toBe(bound);
  });

  it('reads percentiles at the nearest rank', () => {
    const h = emptyLatency();
    h[latencyBucket(8)] = 90; // 90 calls ≤ 10 ms
    h[latencyBucket(150)] = 9; // 9 calls ≤ 200 ms
    h[latencyBucket(3000)] = 1; // 1 call ≤ 5 s
    expect(latencyPercentiles(h)).toEqual({ calls: 100, p50Ms: 10, p90Ms: 10, p99Ms: 200 });
    h[latencyBucket(3000)] = 2;
    expect(latencyPercentiles(h)).toEqual({ calls: 101, p50Ms: 10, p90Ms: 200, p99Ms: 5000 });
  });

  it('has no percentiles without a call', () => {
    expect(latencyPercentiles(emptyLatency())).toBeUndefined();
  });
});

describe('GetUsage latency', () => {
  const event = (callerId: string, durationMs: number, at = NOW) => ({
    source: 'proxy' as const,
    at,
    instanceId: INSTANCE,
    operation: 'ListEntities',
    caller: callerId,
    callerId,
    success: true,
    bytes: 10,
    durationMs,
  });

  it('adds up the rows of every hour and caller the viewer may see', async () => {
    const store = createUsageStore();
    for (let i = 0; i < 8; i++) store.record(event('alice', 4));
    store.record(event('bob', 40, NOW - 2 * 3_600_000));
    store.record(event('bob', 900));
    // Upstream attempts are not maker calls: their time is not the proxy's answer time.
    store.record({ ...event('alice', 50_000), source: 'upstream', operation: 'GET ListEntities' });
    const all = await buildUsageReport(store, INSTANCE, 24, NOW, { callers: 'all' });
    expect(all.latency).toEqual({ calls: 10, p50Ms: 5, p90Ms: 50, p99Ms: 1000 });
    const bob = await buildUsageReport(store, INSTANCE, 24, NOW, { callers: 'own', callerId: 'bob' });
    expect(bob.latency).toEqual({ calls: 2, p50Ms: 50, p90Ms: 1000, p99Ms: 1000 });
    const lastHour = await buildUsageReport(store, INSTANCE, 1, NOW, { callers: 'own', callerId: 'bob' });
    expect(lastHour.latency).toEqual({ calls: 1, p50Ms: 1000, p90Ms: 1000, p99Ms: 1000 });
  });

  it('leaves latency out of a window without calls', async () => {
    expect((await buildUsageReport(createUsageStore(), INSTANCE, 24, NOW, { callers: 'all' })).latency).toBeUndefined();
  });
});
