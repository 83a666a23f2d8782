/**
 * `npm run bench`: starts the emulator and the proxy as child processes on loopback, drives them with autocannon
 * from this process, prints a table of runs and one PASS/FAIL line per target, and exits 1 when a target is missed
 * (2 when the bench itself could not run). Targets 1–4 measure the proxy against the CI emulator; targets 5–10 put
 * the compiled proxy, a bare and a lean pass-through in front of a fast replaying upstream, where the proxy's own
 * cost shows. How to read it: docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchCallers } from './callers';
import {
  BENCH_MAX_SECONDS,
  BENCH_RATE_LIMIT_PER_MINUTE,
  BYTES_PER_MIB,
  COMPILED_RSS_MAX_MB,
  FLOOR_CUSTOMERS,
  LOAD_CONNECTIONS,
  MEMORY_CALLS,
  MEMORY_IDEMPOTENCY_KEYS,
  READ_THROUGHPUT_RATIO_MIN,
  WRITE_THROUGHPUT_RATIO_MIN,
} from './constants';
import { loadCustomers, type BenchCustomer } from './customers';
import { runLoad } from './load';
import { addedLatency, saturationVsFloors, type Side } from './phases/floors';
import { memoryGrowth } from './phases/memory';
import { redisCreatePath } from './phases/redis-create';
import { compareThroughput } from './phases/throughput';
import { clearTokenLog, recheckTokens, tokenEconomy } from './phases/token-economy';
import { REDIS_INSTALL_HINT, redisInstalled, startRedisServer, type RedisServer } from './redis-server';
import { noteRow, renderTable, renderVerdicts, type PhaseOutcome } from './report';
import type { BenchCallers } from './callers';
import {
  buildCompiledProxy,
  startCompiledProxy,
  startEmulatorProcess,
  startPassThroughs,
  startProxyProcess,
  startReplayUpstream,
  type EmulatorProcess,
} from './stack';
import { keyedWriteWorkload, memoryWorkload, multiCallerReads, readWorkload, writeWorkload } from './workloads';

const children: { stop(): Promise<void> }[] = [];
/** The delegated callers of the token-economy run (alice, bob, rita); the fourth caller is the app. */
const TOKEN_USERS = 3;
const say = (line: string) => process.stdout.write(`${line}\n`);
const benchStarted = Date.now();
/** `npm run bench -- --floors`: only targets 5–10 (the compiled proxy against the floors), e.g. while profiling. */
const FLOORS_ONLY = process.argv.includes('--floors');
/** A progress line, with the seconds since the bench started. */
const step = (line: string) => say(`[${((Date.now() - benchStarted) / 1000).toFixed(0).padStart(3)} s] ${line}`);

async function runBench(logDir: string): Promise<PhaseOutcome[]> {
  step('building the compiled proxy (npm run build → dist/) …');
  const compiledMain = buildCompiledProxy();
  const emulator = await startEmulatorProcess(logDir);
  children.push(emulator.process);
  const callers = await fetchCallers(emulator.entraUrl);
  const customers = await loadCustomers(emulator.ciUrl, callers.direct);
  const webCustomers = customers.filter((c) => c.webCustomerId);
  const floorCustomers = customers.slice(0, FLOOR_CUSTOMERS);
  if (FLOORS_ONLY) return floorPhases(compiledMain, emulator, callers, floorCustomers, logDir);
  // Cleared before the proxy exists, so the log then holds the proxy's token requests and nothing of ours.
  await clearTokenLog(emulator.entraUrl);
  const proxy = await startProxyProcess(emulator, logDir);
  children.push(proxy.process);
  say(`emulator ${emulator.ciUrl} (Entra ${emulator.entraUrl}), proxy ${proxy.url}; ${customers.length} customers`);
  const { alice, bob, rita, automation } = callers.proxy;
  const outcomes: PhaseOutcome[] = [];

  step('1/10 read overhead …');
  outcomes.push(
    await compareThroughput({
      target: '1 proxy read overhead (GetCustomerProfile)',
      label: 'read',
      proxy: { url: proxy.url, workload: readWorkload(customers, alice, 'proxy'), expect: [200] },
      direct: { url: emulator.ciUrl, workload: readWorkload(customers, callers.direct, 'direct'), expect: [200] },
      minRatio: READ_THROUGHPUT_RATIO_MIN,
    }),
  );
  step('2/10 token economy …');
  const tokens = await tokenEconomy({
    proxyUrl: proxy.url,
    entraUrl: emulator.entraUrl,
    workload: multiCallerReads(customers, [alice, bob, rita, automation]),
    users: TOKEN_USERS,
  });
  outcomes.push(tokens);
  step('3/10 write path …');
  outcomes.push(
    await compareThroughput({
      target: '3 write path (CreateActivity)',
      label: 'write',
      proxy: { url: proxy.url, workload: writeWorkload(webCustomers, alice, 'proxy'), expect: [201] },
      direct: { url: emulator.ciUrl, workload: writeWorkload(webCustomers, callers.direct, 'direct'), expect: [201] },
      minRatio: WRITE_THROUGHPUT_RATIO_MIN,
    }),
  );
  step('4/10 memory …');
  outcomes.push(
    await memoryGrowth({
      proxyUrl: proxy.url,
      workload: memoryWorkload(customers, webCustomers, [alice, bob, automation], MEMORY_IDEMPOTENCY_KEYS),
      rssBytes: () => proxy.process.rssBytes(),
      keys: MEMORY_IDEMPOTENCY_KEYS,
      describe: `${MEMORY_CALLS} calls, ${MEMORY_IDEMPOTENCY_KEYS} idempotency keys, ${customers.length} customers`,
    }),
  );
  await recheckTokens(emulator.entraUrl, TOKEN_USERS, tokens);
  // The proxy under tsx is done; the floor phases run the compiled one, and this one would only take memory.
  await proxy.process.stop();
  outcomes.push(...(await floorPhases(compiledMain, emulator, callers, floorCustomers, logDir)));
  return outcomes;
}

/** Targets 5–10: the compiled proxy against a bare and a lean pass-through, all in front of the replaying upstream. */
async function floorPhases(
  compiledMain: string,
  emulator: EmulatorProcess,
  callers: BenchCallers,
  customers: BenchCustomer[],
  logDir: string,
): Promise<PhaseOutcome[]> {
  const webCustomers = customers.filter((c) => c.webCustomerId);
  const replay = await startReplayUpstream(emulator, logDir);
  children.push(replay.process);
  const floors = await startPassThroughs(replay.url, logDir);
  children.push(floors.process);
  const proxy = await startCompiledProxy('proxy-compiled', compiledMain, replay.url, emulator, logDir);
  children.push(proxy.process);
  const { alice } = callers.proxy;
  const read = (url: string): Side => ({ url, workload: readWorkload(customers, alice, 'proxy'), expect: [200] });
  const create = (url: string): Side => ({ url, workload: writeWorkload(webCustomers, alice, 'proxy'), expect: [201] });
  const upstreamRead: Side = {
    url: replay.url,
    workload: readWorkload(customers, callers.direct, 'direct'),
    expect: [200],
  };
  const upstreamCreate: Side = {
    url: replay.url,
    workload: writeWorkload(webCustomers, callers.direct, 'direct'),
    expect: [201],
  };
  // Record every answer the runs will ask for (each customer's profile, a create, the entity's metadata) from the
  // emulator, through the proxy (its own token for CI) and straight (the bench's CI token), then serve only from
  // memory; the pass-throughs forward the caller's token, which CI would refuse, so they only meet the sealed replay
  // (where the first calls below show that they ask for the very answers recorded).
  for (const [side, amount] of [
    [read(proxy.url), customers.length],
    [upstreamRead, customers.length],
    [create(proxy.url), 1],
    [upstreamCreate, 1],
  ] as const) {
    await sendAll(side, amount);
  }
  const recorded = await replay.seal();
  for (const url of [floors.bareUrl, floors.leanUrl]) {
    await sendAll(read(url), customers.length);
    await sendAll(create(url), 1);
  }
  const rssBefore = proxy.process.rssBytes();
  say(
    `replay upstream ${replay.url}: ${recorded} answers recorded; bare ${floors.bareUrl}, lean ${floors.leanUrl}, compiled proxy ${proxy.url}`,
  );
  const outcomes: PhaseOutcome[] = [];
  const sides = (make: (url: string) => Side) => ({
    bare: make(floors.bareUrl),
    lean: make(floors.leanUrl),
    proxy: make(proxy.url),
  });
  step('5/10 profile read vs the floors …');
  outcomes.push(
    await saturationVsFloors({ target: '5 proxy vs lean, profile read', label: 'floor read', sides: sides(read) }),
  );
  step('6/10 create vs the floors …');
  outcomes.push(
    await saturationVsFloors({ target: '6 proxy vs lean, create', label: 'floor create', sides: sides(create) }),
  );
  step('7/10 added latency, profile read …');
  outcomes.push(
    await addedLatency({
      target: '7 added latency, profile read',
      label: 'at 500/s read',
      sides: { upstream: upstreamRead, ...sides(read) },
    }),
  );
  step('8/10 added latency, create …');
  outcomes.push(
    await addedLatency({
      target: '8 added latency, create',
      label: 'at 500/s create',
      sides: { upstream: upstreamCreate, ...sides(create) },
    }),
  );
  step('9/10 Redis-backed create path …');
  const keyed = keyedWriteWorkload(webCustomers, alice);
  const memorySide: Side = { url: proxy.url, workload: keyed, expect: [201] };
  let redisOutcome: PhaseOutcome | undefined;
  if (redisInstalled()) {
    const redis: RedisServer = await startRedisServer();
    children.push(redis);
    const redisProxy = await startCompiledProxy('proxy-redis', compiledMain, replay.url, emulator, logDir, {
      REDIS_URL: redis.url,
    });
    children.push(redisProxy.process);
    redisOutcome = await redisCreatePath({
      target: '9 Redis-backed create path',
      memory: memorySide,
      redis: { url: redisProxy.url, workload: keyed, expect: [201] },
    });
  } else {
    say(`Redis-backed create path skipped: redis-server is not installed (${REDIS_INSTALL_HINT}).`);
  }
  step('10/10 compiled proxy RSS …');
  outcomes.push(compiledRss(rssBefore, proxy.process.rssBytes()));
  if (redisOutcome) outcomes.push(redisOutcome);
  return outcomes;
}

/** Sends `amount` calls of `side`; throws unless every one succeeded. */
async function sendAll(side: Side, amount: number): Promise<void> {
  const run = await runLoad({ ...side, amount, maxSeconds: 30, connections: Math.min(LOAD_CONNECTIONS, amount) });
  if (run.calls < amount || Object.keys(run.unexpected).length > 0 || run.errors > 0) {
    throw new Error(
      `preparing the floor phases, ${side.url}: ${run.calls} of ${amount} calls, statuses ${JSON.stringify(run.byStatus)}`,
    );
  }
}

/** Target 10: the serving RSS of the compiled proxy after every floor phase's load. */
function compiledRss(before: number, after: number): PhaseOutcome {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  return {
    rows: [
      noteRow(
        'compiled proxy RSS',
        `${mb(before)} MB after warm-up, ${mb(after)} MB after the floor phases (${(after / BYTES_PER_MIB).toFixed(1)} MiB)`,
      ),
    ],
    verdict: {
      target: '10 compiled proxy RSS',
      pass: after <= COMPILED_RSS_MAX_MB * 1e6,
      detail: `${mb(after)} MB after load, plain node on dist/proxy/main.js (target ≤ ${COMPILED_RSS_MAX_MB} MB)`,
    },
  };
}

async function stopChildren(): Promise<void> {
  await Promise.all(children.reverse().map((c) => c.stop()));
}

async function main(): Promise<number> {
  const started = Date.now();
  const logDir = mkdtempSync(join(tmpdir(), 'ci-bench-'));
  say(
    `bench: Node ${process.version}, ${availableParallelism()} cores, ${LOAD_CONNECTIONS} connections; ` +
      `proxy RATE_LIMIT_PER_MINUTE=${BENCH_RATE_LIMIT_PER_MINUTE} (raised for the bench), logs in ${logDir}`,
  );
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: FAIL, still running after ${BENCH_MAX_SECONDS} s; stopping\n`);
    void stopChildren().finally(() => process.exit(2));
  }, BENCH_MAX_SECONDS * 1000);
  try {
    const outcomes = await runBench(logDir);
    await stopChildren();
    say('');
    say(renderTable(outcomes.flatMap((o) => o.rows)));
    say('');
    const verdicts = outcomes
      .map((o) => o.verdict)
      .sort((a, b) => a.target.localeCompare(b.target, 'en', { numeric: true }));
    say(renderVerdicts(verdicts));
    const failed = verdicts.filter((v) => !v.pass).length;
    say(
      `bench: ${failed === 0 ? 'PASS' : `FAIL (${failed} of ${verdicts.length} targets missed)`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (failed === 0) rmSync(logDir, { recursive: true, force: true });
    else say(`child logs kept in ${logDir}`);
    return failed === 0 ? 0 : 1;
  } catch (err) {
    await stopChildren();
    process.stderr.write(`bench: could not run: ${err instanceof Error ? err.message : String(err)}\n`);
    process.stderr.write(`child logs kept in ${logDir}\n`);
    return 2;
  } finally {
    clearTimeout(watchdog);
  }
}

// Ctrl+C must not leave the emulator and proxy running.
process.once('SIGINT', () => void stopChildren().finally(() => process.exit(130)));
main().then((code) => process.exit(code));
