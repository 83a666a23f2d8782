/**
 * Latency of the calls a usage report covers, kept as a histogram with fixed bounds (USAGE_LATENCY_BOUNDS_MS) per
 * usage row, so any set of rows adds up; percentiles are read off the merged histogram as the upper bound of the
 * bucket holding the rank: "half of the calls took at most p50Ms".
 */
import { USAGE_LATENCY_BOUNDS_MS } from '../limits/constants';

/** Counts per bucket, index-aligned with USAGE_LATENCY_BOUNDS_MS. */
export type LatencyHistogram = number[];

export interface UsageLatency {
  /** Calls measured. */
  calls: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
}

export const emptyLatency = (): LatencyHistogram => USAGE_LATENCY_BOUNDS_MS.map(() => 0);

/** The bucket a duration falls in (the first bound it does not exceed; slower than all: the last). */
export function latencyBucket(durationMs: number): number {
  const i = USAGE_LATENCY_BOUNDS_MS.findIndex((bound) => durationMs <= bound);
  return i === -1 ? USAGE_LATENCY_BOUNDS_MS.length - 1 : i;
}

/** Adds `from` into `into`. */
export function addLatency(into: LatencyHistogram, from: LatencyHistogram): void {
  from.forEach((n, i) => (into[i] += n));
}

/** p50, p90 and p99 of a histogram (nearest rank), or undefined when it holds no call. */
export function latencyPercentiles(histogram: LatencyHistogram): UsageLatency | undefined {
  const calls = histogram.reduce((a, b) => a + b, 0);
  if (calls === 0) return undefined;
  const at = (p: number) => {
    const rank = Math.ceil((p / 100) * calls);
    let seen = 0;
    for (let i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= rank) return USAGE_LATENCY_BOUNDS_MS[i];
    }
    return USAGE_LATENCY_BOUNDS_MS[USAGE_LATENCY_BOUNDS_MS.length - 1];
  };
  return { calls, p50Ms: at(50), p90Ms: at(90), p99Ms: at(99) };
}
