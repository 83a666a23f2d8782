/**
 * One load run with autocannon in this process: keep-alive connections to one base URL, each request built by a
 * workload function (so paths, callers, bodies and idempotency keys vary per call), bounded by duration or amount.
 * Latencies are collected per response, so several runs can be merged into one summary (see `mergeRuns`).
 */
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { LOAD_CONNECTIONS, SAMPLE_INTERVAL_MS } from './constants';

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Builds the n-th request of a run (n counts from 0 across all connections). */
export type Workload = (n: number) => RequestSpec;

export interface LoadOptions {
  url: string;
  workload: Workload;
  /** Statuses that count as success; any other status is reported as unexpected. */
  expect: number[];
  /** Run for this long (seconds)… */
  durationSeconds?: number;
  /** …or until this many responses, stopped after `maxSeconds` at the latest. */
  amount?: number;
  maxSeconds?: number;
  connections?: number;
  /** A response header to count (e.g. `idempotent-replayed`), reported as `withHeader`. */
  countHeader?: string;
}

export interface LoadResult {
  /** Responses received. */
  calls: number;
  seconds: number;
  /** Responses per second over the whole run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Every response time, in ms (for merging runs). */
  latenciesMs: number[];
  /** Responses by status. */
  byStatus: Record<string, number>;
  /** Responses with a status outside `expect`, by status. */
  unexpected: Record<string, number>;
  /** Responses that carried `countHeader`. */
  withHeader: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** True when an amount-bounded run hit `maxSeconds` before `amount` responses. */
  cutShort: boolean;
}

/** Runs the load and summarises it. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  const latenciesMs: number[] = [];
  const byStatus: Record<string, number> = {};
  const countHeader = options.countHeader?.toLowerCase();
  let withHeader = 0;
  // Timed here, up to the last response: autocannon ends a run only on its next sample tick.
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections ?? LOAD_CONNECTIONS,
        sampleInt: SAMPLE_INTERVAL_MS,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds }),
        requests: [
          {
            setupRequest: (defaults) => ({ ...defaults, ...options.workload(n++) }),
            onResponse: (_status, _body, _context, headers) => {
              if (countHeader && Object.keys(headers ?? {}).some((h) => h.toLowerCase() === countHeader)) withHeader++;
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, status: number, _bytes: number, responseTimeMs: number) => {
      latenciesMs.push(responseTimeMs);
      lastResponseAt = performance.now();
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    });
    if (options.amount !== undefined && options.maxSeconds !== undefined) {
      timer = setTimeout(() => instance.stop(), options.maxSeconds * 1000);
    }
  }).finally(() => clearTimeout(timer));
  return summarise({
    latenciesMs,
    seconds: (lastResponseAt - startedAt) / 1000,
    byStatus,
    unexpected: Object.fromEntries(Object.entries(byStatus).filter(([s]) => !options.expect.includes(Number(s)))),
    withHeader,
    errors: result.errors,
    cutShort: options.amount !== undefined && latenciesMs.length < options.amount,
  });
}

/**
 * An open-loop run at a fixed rate, for latency: request i is sent at start + i/rate whatever happened to earlier ones
 * (autocannon's rate limit sends each second's quota in a burst at the start of the second, which measures queueing
 * rather than the time one call takes). Each latency is from sending to the last byte of the answer.
 */
export async function runPaced(options: {
  url: string;
  workload: Workload;
  expect: number[];
  rate: number;
  durationSeconds: number;
  connections: number;
}): Promise<LoadResult> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
  const total = Math.round(options.rate * options.durationSeconds);
  const latenciesMs: number[] = [];
  const byStatus: Record<string, number> = {};
  let errors = 0;
  let lastResponseAt = 0;
  const inFlight: Promise<void>[] = [];
  const one = async (n: number) => {
    const spec = options.workload(n);
    const sentAt = performance.now();
    try {
      const res = await pool.request({ method: spec.method, path: spec.path, headers: spec.headers, body: spec.body });
      await res.body.dump();
      lastResponseAt = performance.now();
      latenciesMs.push(lastResponseAt - sentAt);
      byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
    } catch {
      errors++;
    }
  };
  const startedAt = performance.now();
  for (let n = 0; n < total;) {
    const due = Math.floor(((performance.now() - startedAt) / 1000) * options.rate) + 1;
    for (; n < Math.min(due, total); n++) inFlight.push(one(n));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  await pool.close();
  return summarise({
    latenciesMs,
    seconds: (lastResponseAt - startedAt) / 1000,
    byStatus,
    unexpected: Object.fromEntries(Object.entries(byStatus).filter(([s]) => !options.expect.includes(Number(s)))),
    withHeader: 0,
    errors,
    cutShort: false,
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function summarise(run: Omit<LoadResult, 'calls' | 'rps' | 'p50Ms' | 'p99Ms'>): LoadResult {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  return {
    ...run,
    calls: run.latenciesMs.length,
    rps: run.seconds > 0 ? run.latenciesMs.length / run.seconds : 0,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  return into;
}

/** One summary of several runs: calls and time added up, percentiles over every response. */
export function mergeRuns(runs: LoadResult[]): LoadResult {
  return summarise({
    latenciesMs: runs.flatMap((r) => r.latenciesMs),
    seconds: runs.reduce((sum, r) => sum + r.seconds, 0),
    byStatus: runs.reduce((acc, r) => addCounts(acc, r.byStatus), {}),
    unexpected: runs.reduce((acc, r) => addCounts(acc, r.unexpected), {}),
    withHeader: runs.reduce((sum, r) => sum + r.withHeader, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    cutShort: runs.some((r) => r.cutShort),
  });
}

/** A one-line reason when a run had failures, or undefined when every call succeeded. */
export function loadProblem(name: string, r: LoadResult): string | undefined {
  const bad = Object.entries(r.unexpected);
  if (bad.length === 0 && r.errors === 0) return undefined;
  const statuses = bad.map(([s, c]) => `${c}×${s}`).join(', ');
  return `${name}: ${[statuses, r.errors ? `${r.errors} connection errors` : ''].filter(Boolean).join(', ')}`;
}
