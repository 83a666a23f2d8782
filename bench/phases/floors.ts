/**
 * Targets 5–8: the proxy's own cost, against the platform's floors in front of the same fast replaying upstream
 * (bench/servers/): a bare `node:http` + undici pass-through and a lean Express 5 one. The same requests go through
 * each; every figure is taken per round (sides in rotating order, so a burst of other work on the shared machine
 * weighs on all alike) and reported as the median with its range over the rounds.
 */
import {
  ADDED_P50_OVER_LEAN_MAX_MS,
  ADDED_P99_OVER_LEAN_MAX_MS,
  FIXED_RATE_PER_SECOND,
  FLOOR_ROUNDS,
  FLOOR_SLICE_SECONDS,
  LATENCY_CONNECTIONS,
  LATENCY_ROUNDS,
  LATENCY_SLICE_SECONDS,
  LEAN_THROUGHPUT_RATIO_MIN,
  WARMUP_DURATION_SECONDS,
} from '../constants';
import { loadProblem, mergeRuns, runLoad, runPaced, type LoadResult, type Workload } from '../load';
import type { PhaseOutcome, TableRow } from '../report';

export interface Side {
  url: string;
  workload: Workload;
  expect: number[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `0.78 (0.70–0.85)`: the median and range of per-round values. */
export function spread(values: number[], digits: number, unit = ''): string {
  const f = (v: number) => `${v.toFixed(digits)}${unit}`;
  return `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;

/** Runs each named side once per round, in an order rotated every round; returns every side's runs. */
async function rounds<K extends string>(
  names: readonly K[],
  count: number,
  run: (name: K) => Promise<LoadResult>,
): Promise<Record<K, LoadResult[]>> {
  const out = Object.fromEntries(names.map((n) => [n, [] as LoadResult[]])) as Record<K, LoadResult[]>;
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      out[name].push(await run(name));
    }
  }
  return out;
}

function problemsOf(label: string, runs: Record<string, LoadResult[]>): string[] {
  return Object.entries(runs)
    .map(([side, list]) => loadProblem(`${label} ${side}`, mergeRuns(list)))
    .filter((p): p is string => p !== undefined);
}

const SATURATION_SIDES = ['bare', 'lean', 'proxy'] as const;

/** Saturation throughput of bare, lean and proxy; the target is the proxy's share of lean's. */
export async function saturationVsFloors(op: {
  target: string;
  label: string;
  sides: Record<(typeof SATURATION_SIDES)[number], Side>;
}): Promise<PhaseOutcome> {
  for (const name of SATURATION_SIDES) {
    await runLoad({ ...op.sides[name], durationSeconds: WARMUP_DURATION_SECONDS });
  }
  const runs = await rounds(SATURATION_SIDES, FLOOR_ROUNDS, (name) =>
    runLoad({ ...op.sides[name], durationSeconds: FLOOR_SLICE_SECONDS }),
  );
  const rps = (name: (typeof SATURATION_SIDES)[number]) => runs[name].map((r) => r.rps);
  const overLean = runs.proxy.map((r, i) => r.rps / runs.lean[i].rps);
  const overBare = runs.proxy.map((r, i) => r.rps / runs.bare[i].rps);
  const rows: TableRow[] = SATURATION_SIDES.map((name) => {
    const all = mergeRuns(runs[name]);
    const perRound = rps(name);
    return {
      run: `${op.label}: ${name === 'proxy' ? 'proxy (compiled)' : `${name} pass-through`}`,
      calls: all.calls,
      rps: median(perRound).toFixed(0),
      p50: `${all.p50Ms.toFixed(1)} ms`,
      p99: `${all.p99Ms.toFixed(1)} ms`,
      note:
        name === 'proxy'
          ? `${spread(overLean, 2, '×')} lean, ${spread(overBare, 2, '×')} bare`
          : `req/s per round ${Math.min(...perRound).toFixed(0)}–${Math.max(...perRound).toFixed(0)}`,
    };
  });
  const problems = problemsOf(op.label, runs);
  const ratio = median(overLean);
  return {
    rows,
    verdict: {
      target: op.target,
      pass: problems.length === 0 && ratio >= LEAN_THROUGHPUT_RATIO_MIN,
      detail:
        `proxy ${spread(overLean, 2, '×')} lean, ${spread(overBare, 2, '×')} bare, median (range) of ` +
        `${FLOOR_ROUNDS} rounds (target ≥ ${LEAN_THROUGHPUT_RATIO_MIN}× lean)` +
        (problems.length ? `; failed calls: ${problems.join('; ')}` : ''),
    },
  };
}

const LATENCY_SIDES = ['upstream', 'bare', 'lean', 'proxy'] as const;

/**
 * Latency at FIXED_RATE_PER_SECOND, open loop: each side's p50 and p99 minus the upstream's own in the same round is
 * what it adds; the target is the proxy's addition against lean's.
 */
export async function addedLatency(op: {
  target: string;
  label: string;
  sides: Record<(typeof LATENCY_SIDES)[number], Side>;
}): Promise<PhaseOutcome> {
  const runs = await rounds(LATENCY_SIDES, LATENCY_ROUNDS, (name) =>
    runPaced({
      ...op.sides[name],
      rate: FIXED_RATE_PER_SECOND,
      durationSeconds: LATENCY_SLICE_SECONDS,
      connections: LATENCY_CONNECTIONS,
    }),
  );
  const added = (name: (typeof LATENCY_SIDES)[number], p: 'p50Ms' | 'p99Ms') =>
    runs[name].map((r, i) => r[p] - runs.upstream[i][p]);
  const overLean = (p: 'p50Ms' | 'p99Ms') => runs.proxy.map((r, i) => r[p] - runs.lean[i][p]);
  const rows: TableRow[] = LATENCY_SIDES.map((name) => ({
    run: `${op.label}: ${name === 'upstream' ? 'replaying upstream' : name === 'proxy' ? 'proxy (compiled)' : `${name} pass-through`}`,
    calls: mergeRuns(runs[name]).calls,
    rps: String(FIXED_RATE_PER_SECOND),
    p50: `${median(runs[name].map((r) => r.p50Ms)).toFixed(2)} ms`,
    p99: `${median(runs[name].map((r) => r.p99Ms)).toFixed(2)} ms`,
    note:
      name === 'upstream'
        ? 'floor (the bench straight at the upstream)'
        : `adds p50 ${spread(added(name, 'p50Ms'), 2, ' ms')}, p99 ${spread(added(name, 'p99Ms'), 2, ' ms')}`,
  }));
  const p50 = median(overLean('p50Ms'));
  const p99 = median(overLean('p99Ms'));
  const problems = problemsOf(op.label, runs);
  return {
    rows,
    verdict: {
      target: op.target,
      pass: problems.length === 0 && p50 <= ADDED_P50_OVER_LEAN_MAX_MS && p99 <= ADDED_P99_OVER_LEAN_MAX_MS,
      detail:
        `proxy adds p50 ${signed(median(added('proxy', 'p50Ms')))} ms vs lean ${signed(median(added('lean', 'p50Ms')))} ms ` +
        `(${signed(p50)} ms, target ≤ +${ADDED_P50_OVER_LEAN_MAX_MS}), p99 ${signed(median(added('proxy', 'p99Ms')))} ms ` +
        `vs lean ${signed(median(added('lean', 'p99Ms')))} ms (${signed(p99)} ms, target ≤ +${ADDED_P99_OVER_LEAN_MAX_MS}) ` +
        `at ${FIXED_RATE_PER_SECOND} req/s` +
        (problems.length ? `; failed calls: ${problems.join('; ')}` : ''),
    },
  };
}
