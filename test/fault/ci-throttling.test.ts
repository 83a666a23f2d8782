/**
 * CI throttling through the proxy (docs/errors.md "Retries"): a 429 whose Retry-After fits is waited out and the
 * maker's call succeeds, with the retry visible in CI's request log and in the proxy's usage report; a Retry-After
 * longer than the proxy will wait comes back to the maker as 429 UpstreamThrottled with CI's Retry-After.
 */
import { armCiFault, ciReceived, expectProxyError, makerCalls, resetFaults } from '../support/fault-stack';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;
let maker: ReturnType<typeof makerCalls>;
let customerId: string;

beforeAll(async () => {
  stack = await startOpsStack({ UPSTREAM_TIMEOUT_MS: '1000', UPSTREAM_MAX_RETRIES: '2' });
  check = new ResponseChecker(stack.contract);
  maker = makerCalls(stack, () => stack.auth.alice);
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[3].CustomerId);
  // Warm the schema cache and tokens so the logs below hold only the calls under test.
  await maker.get('/schemas/activities/Website_siteVisits');
  await maker.get('/schemas/profile-update');
});
afterAll(() => stack.close());
beforeEach(() => resetFaults(stack));

const upstreamOf = async (operation: string) => {
  const usage = await maker.get('/usage?hours=1');
  expect(usage.status).toBe(200);
  expect(check.declared('GetUsage', 200, usage.body)).toEqual([]);
  const rows = usage.body.upstream.byOperation as { key: string; calls: number; succeeded: number; failed: number }[];
  return rows.find((r) => r.key === operation) ?? { key: operation, calls: 0, succeeded: 0, failed: 0 };
};

test('GetCustomerProfile: a 429 with a short Retry-After is retried; the maker gets the profile', async () => {
  const before = await upstreamOf('GET GetCustomerProfile');
  await armCiFault(stack, {
    match: { method: 'GET', path: `data/Customer` },
    count: 1,
    fault: { kind: 'status', status: 429, retryAfterSeconds: 0 },
  });
  const res = await maker.get(`/profiles/${customerId}`);
  expect(res.status).toBe(200);
  expect(res.body.CustomerId).toBe(customerId);
  const log = await ciReceived(stack, 'GET', 'data/Customer');
  expect(log.map((r) => r.status)).toEqual([429, 200]);
  expect(log[0].fault).toBe('429');
  const after = await upstreamOf('GET GetCustomerProfile');
  // Both attempts are counted upstream: one throttled, one answered.
  expect({ calls: after.calls - before.calls, failed: after.failed - before.failed }).toEqual({ calls: 2, failed: 1 });
});

test('CreateActivity: a 429 is retried (CI answers 429 before storing) and the record is stored once', async () => {
  const before = await upstreamOf('POST CreateActivity');
  await armCiFault(stack, {
    match: { method: 'POST', path: 'data/Website_siteVisits' },
    count: 2,
    fault: { kind: 'status', status: 429, retryAfterSeconds: 0 },
  });
  const visit = { VisitId: `throttled-${Date.now()}`, MemberId: 'MI-0000001', VisitStart: '2025-01-01T10:00:00Z' };
  const res = await maker.post('/activities/Website_siteVisits', visit);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ activityId: visit.VisitId, replayed: false });
  expect((await ciReceived(stack, 'POST', 'data/Website_siteVisits')).map((r) => r.status)).toEqual([429, 429, 201]);
  const after = await upstreamOf('POST CreateActivity');
  expect({ calls: after.calls - before.calls, failed: after.failed - before.failed }).toEqual({ calls: 3, failed: 2 });
});

test('a Retry-After longer than the proxy waits comes back at once as 429 UpstreamThrottled with Retry-After', async () => {
  await armCiFault(stack, {
    match: { path: `data/Customer` },
    count: 1,
    fault: { kind: 'status', status: 429, retryAfterSeconds: 120 },
  });
  const tier = `Tier-${Date.now()}`;
  const res = await maker.patch(`/profiles/${customerId}`, { LoyaltyTier: tier });
  expectProxyError(check, res, 429, 'UpstreamThrottled');
  expect(res.body.error.upstreamStatus).toBe(429);
  expect(res.headers['retry-after']).toBe('120');
  // Not waited out, not retried: CI saw one PATCH, and the change was not applied.
  expect(await ciReceived(stack, 'PATCH')).toHaveLength(1);
  const profile = await maker.get(`/profiles/${customerId}`);
  expect(profile.status).toBe(200);
  expect(profile.body.LoyaltyTier).not.toBe(tier);
});

test('CI keeps throttling through every retry: 429 UpstreamThrottled after 1 + UPSTREAM_MAX_RETRIES attempts', async () => {
  await armCiFault(stack, {
    match: { method: 'GET', path: 'data/UnifiedActivity' },
    count: 10,
    fault: { kind: 'status', status: 429, retryAfterSeconds: 0 },
  });
  const res = await maker.get(`/profiles/${customerId}/activities`);
  expectProxyError(check, res, 429, 'UpstreamThrottled');
  expect(res.headers['retry-after']).toBeDefined();
  expect(await ciReceived(stack, 'GET', 'data/UnifiedActivity')).toHaveLength(3);
});
