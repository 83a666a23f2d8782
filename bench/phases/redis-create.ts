/**
 * Target 9 (reported, issue 9): the create path with an Idempotency-Key per call, through the compiled proxy with
 * its records in memory and through a second one with REDIS_URL (proxy/limits/idempotency-redis.ts), both in front of
 * the replaying upstream, in alternating rounds: what sharing the records between replicas costs per create. There
 * is no threshold; the verdict fails only on failed calls or when a create was not recorded as it should be.
 */
import { FLOOR_ROUNDS, FLOOR_SLICE_SECONDS, WARMUP_DURATION_SECONDS } from '../constants';
import { loadProblem, mergeRuns, runLoad, type LoadResult } from '../load';
import type { PhaseOutcome, TableRow } from '../report';
import { median, spread, type Side } from './floors';

const REPLAYED = 'idempotent-replayed';

export async function redisCreatePath(op: { target: string; memory: Side; redis: Side }): Promise<PhaseOutcome> {
  const sides = ['memory', 'redis'] as const;
  for (const name of sides) await runLoad({ ...op[name], durationSeconds: WARMUP_DURATION_SECONDS });
  const runs: Record<(typeof sides)[number], LoadResult[]> = { memory: [], redis: [] };
  for (let r = 0; r < FLOOR_ROUNDS; r++) {
    for (const name of r % 2 ? [...sides].reverse() : sides) {
      runs[name].push(await runLoad({ ...op[name], countHeader: REPLAYED, durationSeconds: FLOOR_SLICE_SECONDS }));
    }
  }
  const ratio = runs.redis.map((r, i) => r.rps / runs.memory[i].rps);
  const rows: TableRow[] = sides.map((name) => {
    const all = mergeRuns(runs[name]);
    return {
      run: `create+key: proxy, ${name === 'memory' ? 'records in memory' : 'records in Redis'}`,
      calls: all.calls,
      rps: median(runs[name].map((r) => r.rps)).toFixed(0),
      p50: `${all.p50Ms.toFixed(1)} ms`,
      p99: `${all.p99Ms.toFixed(1)} ms`,
      note: name === 'redis' ? `${spread(ratio, 2, '×')} in-memory` : 'a fresh Idempotency-Key per call',
    };
  });
  const problems = sides
    .map((name) => loadProblem(`create+key ${name}`, mergeRuns(runs[name])))
    .filter((p): p is string => p !== undefined);
  const replayed = sides.reduce((n, name) => n + mergeRuns(runs[name]).withHeader, 0);
  if (replayed > 0) problems.push(`${replayed} creates under fresh keys answered as replays`);
  return {
    rows,
    verdict: {
      target: op.target,
      pass: problems.length === 0,
      detail:
        `Redis-backed ${spread(ratio, 2, '×')} in-memory req/s, median (range) of ${FLOOR_ROUNDS} rounds ` +
        `(reported, no target)${problems.length ? `; ${problems.join('; ')}` : ''}`,
    },
  };
}
