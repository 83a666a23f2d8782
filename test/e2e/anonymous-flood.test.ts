/**
 * Issue 7, defect 2: 25,000 requests without a token, each with a distinct 7,500-character instance id, against a
 * real proxy process (`npm run proxy` as the local stack configures it). Before, each one kept a usage row keyed by
 * the raw path value and logged it whole: 24,000 such requests kept 378 MB. Now the proxy's RSS stays within 20 MB
 * of where it was after a warm-up, no log line repeats a path value in full, the log grows by a bounded amount (an
 * address over its limit is logged once a minute), every refusal is 429 with Retry-After in the one error shape,
 * and a caller whose token the proxy already verified is still served from that address.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { requestUserToken } from '../../emulator/entra';
import { INSTANCES } from '../../emulator/well-known';
import {
  startEmulatorProcess,
  startProxyProcess,
  type EmulatorProcess,
  type ProxyProcess,
} from '../support/e2e-processes';

const FLOOD = 25_000;
const WARM_UP = 2_000;
const PATH_VALUE_CHARS = 7_500;
const CONCURRENCY = 4;
const RSS_GROWTH_MAX_BYTES = 20 * 1024 * 1024;
/** Log growth allowed for the whole flood: a few lines per minute, not one line per request. */
const FLOOD_LOG_MAX_BYTES = 64 * 1024;

let emulator: EmulatorProcess;
let proxy: ProxyProcess;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  proxy = await startProxyProcess(emulator);
}, 60_000);
afterAll(async () => {
  agent.destroy();
  await proxy?.process.stop();
  await emulator?.process.stop();
});

interface Answer {
  status: number;
  retryAfter?: string;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${proxy.url}${path}`, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string, body }),
      );
    });
    req.on('error', reject);
  });
}

/** `count` anonymous GetUsage calls, each with its own huge instance id; returns how many answers had each status. */
async function flood(from: number, count: number): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  const filler = 'x'.repeat(PATH_VALUE_CHARS - 12);
  let next = from;
  const end = from + count;
  const worker = async () => {
    while (next < end) {
      const n = next++;
      const answer = await get(`/api/instances/${filler}${String(n).padStart(12, '0')}/usage`);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status === 429 && n % 997 === 0) {
        expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(JSON.parse(answer.body)).toEqual({
          error: { code: 'RateLimited', message: expect.any(String), requestId: expect.any(String) },
        });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return statuses;
}

/** The proxy's own process: tsx runs the script in a child, so the deepest descendant of the spawned process. */
function proxyPid(): number {
  let pid = proxy.process.child.pid!;
  for (;;) {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    if (children.length === 0) return pid;
    pid = Number(children[0]);
  }
}

const rssBytes = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

test('25,000 anonymous requests with distinct huge path values leave memory and the log bounded', async () => {
  const alice = `Bearer ${await requestUserToken(emulator.entraUrl, 'alice')}`;
  const usagePath = `/api/instances/${INSTANCES.production.instanceId}/usage?hours=1`;
  // Alice's token is verified before the flood, as a running flow's would be.
  expect((await get(usagePath, { Authorization: alice })).status).toBe(200);

  const warm = await flood(0, WARM_UP);
  expect(warm.get(401)).toBeGreaterThan(0);
  expect(warm.get(429)).toBeGreaterThan(0);
  const pid = proxyPid();
  const rssBefore = rssBytes(pid);
  const logBefore = proxy.process.output().length;

  const statuses = await flood(WARM_UP, FLOOD);
  expect([...statuses.keys()].every((s) => s === 401 || s === 429)).toBe(true);
  expect(statuses.get(429)).toBeGreaterThan(FLOOD / 2);

  const growth = rssBytes(pid) - rssBefore;
  expect(growth).toBeLessThan(RSS_GROWTH_MAX_BYTES);
  const log = proxy.process.output();
  expect(log.length - logBefore).toBeLessThan(FLOOD_LOG_MAX_BYTES);
  expect(Math.max(...log.split('\n').map((line) => line.length))).toBeLessThan(1_000);

  // The flood wrote nothing into the usage report, and the already-verified caller is still served.
  const report = await get(usagePath, { Authorization: alice });
  expect(report.status).toBe(200);
  expect(report.body).not.toContain('xxxxxxxx');
  expect(report.body).not.toContain('unauthenticated');
}, 120_000);
