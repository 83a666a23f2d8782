/**
 * Targets 1 and 3: the same operation through the proxy and straight at the CI emulator, each warmed up and then
 * measured for MEASURE_DURATION_SECONDS in MEASURE_SLICES alternating slices (direct, proxy, direct, …), so a burst of
 * other load on the machine hits both sides alike; the target is the proxy's throughput as a share of the direct one.
 */
import { MEASURE_DURATION_SECONDS, MEASURE_SLICES, WARMUP_DURATION_SECONDS } from '../constants';
import { loadProblem, mergeRuns, runLoad, type LoadResult, type Workload } from '../load';
import { loadRow, type PhaseOutcome } from '../report';

export interface ThroughputComparison {
  target: string;
  /** Label of the operation in the table, e.g. "read" or "write". */
  label: string;
  proxy: { url: string; workload: Workload; expect: number[] };
  direct: { url: string; workload: Workload; expect: number[] };
  minRatio: number;
}

/** Runs direct and proxy in alternating slices after a warm-up of each, and compares their throughput. */
export async function compareThroughput(c: ThroughputComparison): Promise<PhaseOutcome> {
  // The warm-up fills the proxy's token memo, verified-token and schema caches and lets V8 optimise both servers.
  await runLoad({ ...c.direct, durationSeconds: WARMUP_DURATION_SECONDS });
  await runLoad({ ...c.proxy, durationSeconds: WARMUP_DURATION_SECONDS });
  const slices = { direct: [] as LoadResult[], proxy: [] as LoadResult[] };
  const sliceSeconds = MEASURE_DURATION_SECONDS / MEASURE_SLICES;
  for (let i = 0; i < MEASURE_SLICES; i++) {
    for (const side of ['direct', 'proxy'] as const) {
      slices[side].push(await runLoad({ ...c[side], durationSeconds: sliceSeconds }));
    }
  }
  const direct = mergeRuns(slices.direct);
  const proxy = mergeRuns(slices.proxy);
  const ratio = direct.rps > 0 ? proxy.rps / direct.rps : 0;
  const problems = [loadProblem(`direct ${c.label}`, direct), loadProblem(`proxy ${c.label}`, proxy)].filter(Boolean);
  const pass = problems.length === 0 && ratio >= c.minRatio;
  return {
    rows: [
      loadRow(`${c.label}: direct CI`, direct, 'baseline'),
      loadRow(`${c.label}: via proxy`, proxy, `${ratio.toFixed(2)}× direct`),
    ],
    verdict: {
      target: c.target,
      pass,
      detail:
        `proxy ${proxy.rps.toFixed(0)} req/s vs direct ${direct.rps.toFixed(0)} req/s = ${ratio.toFixed(2)}× ` +
        `(target ≥ ${c.minRatio}×)${problems.length ? `; failed calls: ${problems.join('; ')}` : ''}`,
    },
  };
}
