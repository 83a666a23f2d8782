/**
 * Target 4: the proxy's RSS (VmRSS of its Node process) before and after MEMORY_CALLS calls that use
 * MEMORY_IDEMPOTENCY_KEYS distinct idempotency keys and read every seeded customer, sampled after each batch of
 * MEMORY_BATCH_CALLS, so a plateau is visible in the table. The replay count (`Idempotent-Replayed` responses) shows
 * the idempotency store really held the keys: only the first call under each key may reach CI.
 */
import {
  BYTES_PER_MIB,
  MEMORY_BATCH_CALLS,
  MEMORY_CALLS,
  AMOUNT_RUN_MAX_SECONDS,
  RSS_GROWTH_MAX_MIB,
} from '../constants';
import { loadProblem, mergeRuns, runLoad, type LoadResult, type Workload } from '../load';
import { loadRow, noteRow, type PhaseOutcome, type TableRow } from '../report';

const mib = (bytes: number) => (bytes / BYTES_PER_MIB).toFixed(1);

/** Runs the batches against the proxy and compares its RSS before and after. */
export async function memoryGrowth(opts: {
  proxyUrl: string;
  workload: Workload;
  rssBytes: () => number;
  /** Distinct idempotency keys the workload's writes use. */
  keys: number;
  describe: string;
}): Promise<PhaseOutcome> {
  const before = opts.rssBytes();
  const rows: TableRow[] = [noteRow('memory: proxy RSS before', `${mib(before)} MiB`)];
  const problems: string[] = [];
  let sent = 0;
  let peak = before;
  let calls = 0;
  const runs: LoadResult[] = [];
  for (let batch = 1; sent < MEMORY_CALLS; batch++) {
    const offset = sent;
    const amount = Math.min(MEMORY_BATCH_CALLS, MEMORY_CALLS - sent);
    const run = await runLoad({
      url: opts.proxyUrl,
      // Continue the workload where the previous batch stopped, so keys and customers keep cycling.
      workload: (n) => opts.workload(offset + n),
      expect: [200, 201],
      amount,
      maxSeconds: AMOUNT_RUN_MAX_SECONDS,
      countHeader: 'idempotent-replayed',
    });
    runs.push(run);
    sent += amount;
    calls += run.calls;
    const rss = opts.rssBytes();
    peak = Math.max(peak, rss);
    rows.push(loadRow(`memory: batch ${batch}`, run, `RSS ${mib(rss)} MiB after ${calls} calls`));
    const problem = loadProblem(`batch ${batch}`, run);
    if (problem) problems.push(problem);
    if (run.cutShort)
      problems.push(`batch ${batch}: ${run.calls} of ${amount} calls within ${AMOUNT_RUN_MAX_SECONDS} s`);
  }
  const after = opts.rssBytes();
  const growth = after - before;
  const all = mergeRuns(runs);
  const writes = all.byStatus['201'] ?? 0;
  const fresh = writes - all.withHeader;
  if (fresh > opts.keys) problems.push(`${fresh} writes reached CI for ${opts.keys} idempotency keys`);
  rows.push(noteRow('memory: proxy RSS after', `${mib(after)} MiB (peak ${mib(peak)}, ${opts.describe})`));
  rows.push(noteRow('memory: idempotency', `${writes} writes: ${fresh} new, ${all.withHeader} replayed`));
  return {
    rows,
    verdict: {
      target: '4 memory',
      pass: problems.length === 0 && growth <= RSS_GROWTH_MAX_MIB * BYTES_PER_MIB,
      detail:
        `RSS ${mib(before)} → ${mib(after)} MiB after ${calls} calls, growth ${mib(growth)} MiB ` +
        `(target ≤ ${RSS_GROWTH_MAX_MIB} MiB)${problems.length ? `; ${problems.join('; ')}` : ''}`,
    },
  };
}
