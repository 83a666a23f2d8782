/**
 * `npm run bench`: starts the emulator and the proxy as child processes on loopback, drives them with autocannon
 * from this process, prints a table of runs and one PASS/FAIL line per target, and exits 1 when a target is missed
 * (2 when the bench itself could not run). How to read it: docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchCallers } from './callers';
import type { ScriptProcess } from './child-process';
import {
  BENCH_MAX_SECONDS,
  BENCH_RATE_LIMIT_PER_MINUTE,
  LOAD_CONNECTIONS,
  MEMORY_CALLS,
  MEMORY_IDEMPOTENCY_KEYS,
  READ_THROUGHPUT_RATIO_MIN,
  WRITE_THROUGHPUT_RATIO_MIN,
} from './constants';
import { loadCustomers } from './customers';
import { memoryGrowth } from './phases/memory';
import { compareThroughput } from './phases/throughput';
import { clearTokenLog, recheckTokens, tokenEconomy } from './phases/token-economy';
import { renderTable, renderVerdicts, type PhaseOutcome } from './report';
import { startEmulatorProcess, startProxyProcess } from './stack';
import { memoryWorkload, multiCallerReads, readWorkload, writeWorkload } from './workloads';

const children: ScriptProcess[] = [];
/** The delegated callers of the token-economy run (alice, bob, rita); the fourth caller is the app. */
const TOKEN_USERS = 3;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function runBench(logDir: string): Promise<PhaseOutcome[]> {
  const emulator = await startEmulatorProcess(logDir);
  children.push(emulator.process);
  const callers = await fetchCallers(emulator.entraUrl);
  const customers = await loadCustomers(emulator.ciUrl, callers.direct);
  const webCustomers = customers.filter((c) => c.webCustomerId);
  // Cleared before the proxy exists, so the log then holds the proxy's token requests and nothing of ours.
  await clearTokenLog(emulator.entraUrl);
  const proxy = await startProxyProcess(emulator, logDir);
  children.push(proxy.process);
  say(`emulator ${emulator.ciUrl} (Entra ${emulator.entraUrl}), proxy ${proxy.url}; ${customers.length} customers`);
  const { alice, bob, rita, automation } = callers.proxy;
  const outcomes: PhaseOutcome[] = [];

  say('1/4 read overhead …');
  outcomes.push(
    await compareThroughput({
      target: '1 proxy read overhead (GetCustomerProfile)',
      label: 'read',
      proxy: { url: proxy.url, workload: readWorkload(customers, alice, 'proxy'), expect: [200] },
      direct: { url: emulator.ciUrl, workload: readWorkload(customers, callers.direct, 'direct'), expect: [200] },
      minRatio: READ_THROUGHPUT_RATIO_MIN,
    }),
  );
  say('2/4 token economy …');
  const tokens = await tokenEconomy({
    proxyUrl: proxy.url,
    entraUrl: emulator.entraUrl,
    workload: multiCallerReads(customers, [alice, bob, rita, automation]),
    users: TOKEN_USERS,
  });
  outcomes.push(tokens);
  say('3/4 write path …');
  outcomes.push(
    await compareThroughput({
      target: '3 write path (CreateActivity)',
      label: 'write',
      proxy: { url: proxy.url, workload: writeWorkload(webCustomers, alice, 'proxy'), expect: [201] },
      direct: { url: emulator.ciUrl, workload: writeWorkload(webCustomers, callers.direct, 'direct'), expect: [201] },
      minRatio: WRITE_THROUGHPUT_RATIO_MIN,
    }),
  );
  say('4/4 memory …');
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
  return outcomes;
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
    const verdicts = outcomes.map((o) => o.verdict).sort((a, b) => a.target.localeCompare(b.target));
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
