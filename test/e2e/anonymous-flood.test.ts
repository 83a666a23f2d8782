/**
 * Issue 7, defect 2: 25,000 requests without a token, each with a distinct 7,500-character instance id, against a
 * real proxy process (`npm run proxy` as the local stack configures it). Before, each one kept a usage row keyed by
 * the raw path value and logged it whole: 24,000 such requests kept 378 MB. Now the proxy's RSS stays within 20 MB
 * of where it was after a warm-up, no log line repeats a path value in full, the log grows by a bounded amount (an
 * address over its limit is logged once a minute), every refusal is 429 with Retry-After in the one error shape,
 * and a caller whose token the proxy already verified is still served from that address.
 */
import net from 'node:net';
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

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  // A bounded heap, as in the report (there 256 MB): V8 then collects instead of growing, so RSS shows what
  // the proxy keeps rather than when the collector last ran; a proxy that keeps per-request data dies of it.
  proxy = await startProxyProcess(emulator, { NODE_OPTIONS: '--max-old-space-size=128' });
}, 60_000);
afterAll(async () => {
  await proxy?.process.stop();
  await emulator?.process.stop();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${proxy.url}${path}`, { headers });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

/**
 * `count` anonymous GetUsage calls, each with its own huge instance id, over CONCURRENCY keep-alive connections,
 * each sending its next request once the previous answer is in (a client library's per-request cost would dominate
 * the run time on a loaded machine); returns how many answers had each status.
 */
async function flood(from: number, count: number): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  const filler = 'x'.repeat(PATH_VALUE_CHARS - 12);
  const { hostname, port } = new URL(proxy.url);
  let next = from;
  const end = from + count;
  const send = (socket: net.Socket) => {
    const path = `/api/instances/${filler}${String(next++).padStart(12, '0')}/usage`;
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
  };
  const connection = () =>
    new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => send(socket));
      let pending = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        const headEnd = pending.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = pending.subarray(0, headEnd).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < headEnd + 4 + length) return;
        const status = Number(head.slice(9, 12));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        pending = pending.subarray(headEnd + 4 + length);
        if (next < end) send(socket);
        else {
          socket.end();
          resolve();
        }
      });
    });
  await Promise.all(Array.from({ length: CONCURRENCY }, connection));
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

  // Refusals are 429 with Retry-After in the one error shape.
  const refused = await get(`/api/instances/${'y'.repeat(PATH_VALUE_CHARS)}/usage`);
  expect(refused.status).toBe(429);
  expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(JSON.parse(refused.body)).toEqual({
    error: { code: 'RateLimited', message: expect.any(String), requestId: expect.any(String) },
  });
  // The flood wrote nothing into the usage report, and the already-verified caller is still served.
  const report = await get(usagePath, { Authorization: alice });
  expect(report.status).toBe(200);
  expect(report.body).not.toContain('xxxxxxxx');
  expect(report.body).not.toContain('unauthenticated');
}, 120_000);
