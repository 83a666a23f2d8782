/**
 * CI failing under the proxy's reads (GetCustomerProfile, ListCustomerActivities): each fault gives the documented
 * code and status in the one error shape (docs/errors.md "How Customer Insights' answers map"), after the retries
 * reads are allowed ("Retries"), and within the configured timeout; a transient fault is hidden by a retry.
 */
import {
  armCiFault,
  ciReceived,
  expectProxyError,
  makerCalls,
  resetFaults,
  type CiFaultRule,
} from '../support/fault-stack';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

const TIMEOUT_MS = 200;
const MAX_RETRIES = 1;
const ALL_ATTEMPTS = 1 + MAX_RETRIES;
/** Every attempt may take the timeout, plus backoff (250 ms doubling) between attempts: a generous ceiling. */
const WORST_CASE_MS = (MAX_RETRIES + 1) * TIMEOUT_MS + 3_000;

let stack: OpsStack;
let check: ResponseChecker;
let maker: ReturnType<typeof makerCalls>;
let customerId: string;

beforeAll(async () => {
  // Each test meets its failure afresh; the circuit breaker (which would fail later tests fast) has its own suite.
  stack = await startOpsStack({
    UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
    UPSTREAM_MAX_RETRIES: String(MAX_RETRIES),
    UPSTREAM_CIRCUIT_FAILURES: '0',
  });
  check = new ResponseChecker(stack.contract);
  maker = makerCalls(stack, () => stack.auth.bob);
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[7].CustomerId);
  expect((await maker.get(`/profiles/${customerId}`)).status).toBe(200); // warm token and schema caches
});
afterAll(() => stack.close());
// Before: an empty CI log for each test; after: hung requests released.
beforeEach(() => resetFaults(stack));
afterEach(() => resetFaults(stack));

const reads = [
  { operation: 'GetCustomerProfile', path: () => `/profiles/${customerId}`, ciPath: 'data/Customer' },
  {
    operation: 'ListCustomerActivities',
    path: () => `/profiles/${customerId}/activities`,
    ciPath: 'data/UnifiedActivity',
  },
];

const persistent: { name: string; fault: CiFaultRule['fault']; status: number; code: string; attempts: number }[] = [
  {
    name: '503',
    fault: { kind: 'status', status: 503, retryAfterSeconds: 0 },
    status: 503,
    code: 'UpstreamUnavailable',
    attempts: ALL_ATTEMPTS,
  },
  { name: '500', fault: { kind: 'status', status: 500 }, status: 502, code: 'UpstreamError', attempts: 1 },
  { name: 'reset', fault: { kind: 'reset' }, status: 503, code: 'UpstreamUnavailable', attempts: ALL_ATTEMPTS },
  { name: 'hang', fault: { kind: 'hang' }, status: 504, code: 'UpstreamTimeout', attempts: ALL_ATTEMPTS },
];

describe.each(reads)('$operation', ({ path, ciPath }) => {
  test.each(persistent)('CI keeps failing with $name → $status $code', async ({ fault, status, code, attempts }) => {
    await armCiFault(stack, { match: { method: 'GET', path: ciPath }, count: 50, fault });
    const started = Date.now();
    const res = await maker.get(path());
    const tookMs = Date.now() - started;
    expectProxyError(check, res, status, code);
    expect(await ciReceived(stack, 'GET', ciPath)).toHaveLength(attempts);
    // CI's Retry-After is passed on; a reset gives no known wait.
    if (fault.kind === 'status' && status === 503) expect(res.headers['retry-after']).toMatch(/^\d+$/);
    if (fault.kind === 'status') expect(res.body.error.upstreamStatus).toBe(fault.status);
    // Not a timing benchmark: a ceiling that only a missing timeout or an unbounded retry loop would break.
    expect(tookMs).toBeLessThan(WORST_CASE_MS);
  });

  test.each(persistent.filter((p) => p.attempts > 1))(
    'one $name is retried and the maker gets 200',
    async ({ fault }) => {
      await armCiFault(stack, { match: { method: 'GET', path: ciPath }, count: 1, fault });
      const res = await maker.get(path());
      expect(res.status).toBe(200);
      const log = await ciReceived(stack, 'GET', ciPath);
      expect(log).toHaveLength(2);
      expect(log[1].status).toBe(200);
    },
  );
});
