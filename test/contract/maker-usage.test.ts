/**
 * GetUsage as a monitoring flow reads it: one summary sentence for a notification, and the most frequent errors with
 * their counts, what they mean and what to do, besides the groupings and the hourly series.
 */
import request from 'supertest';
import { armCiFault, resetFaults } from '../support/fault-stack';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;
const api = (path: string) => `/api/instances/${PROD}${path}`;

beforeAll(async () => {
  stack = await startOpsStack();
  check = new ResponseChecker(stack.contract);
});
afterAll(() => stack.close());

test('top errors are counted, explained and summarised in one sentence', async () => {
  const as = (r: request.Test) => r.set('Authorization', stack.auth.bob);
  // CI confirms bob's access to the environment first: only then do his refused calls count in its report.
  await as(request(stack.proxy.url).get(api('/entities?kind=activity')));
  for (let i = 0; i < 3; i++) await as(request(stack.proxy.url).get(api('/profiles/nope'))); // ProfileNotFound
  await as(request(stack.proxy.url).post(api('/activities/WebStore_webPurchases')).send({ Colour: 'red' }));

  const res = await as(request(stack.proxy.url).get(api('/usage?hours=1')));
  expect(res.status).toBe(200);
  expect(check.declared('GetUsage', 200, res.body)).toEqual([]);
  const mine = res.body.byCaller.find((g: { key: string }) => g.key.startsWith('bob'));
  expect(mine).toMatchObject({ calls: 5, failed: 4 });
  expect(res.body.topErrors[0]).toEqual({
    code: 'ProfileNotFound',
    calls: 3,
    meaning: expect.stringContaining('CustomerId'),
    hint: expect.stringContaining('Find customer profiles'),
  });
  expect(res.body.summary).toBe(
    `${res.body.totals.calls} calls in the last hour, ${res.body.totals.failed} failed (${Math.round(
      (res.body.totals.failed / res.body.totals.calls) * 100,
    )}%); most frequent error: ProfileNotFound (3).`,
  );
});

test("latency percentiles measure the proxy's answer time, a slow CI answer included", async () => {
  const as = (r: request.Test) => r.set('Authorization', stack.auth.rita);
  for (let i = 0; i < 3; i++) await as(request(stack.proxy.url).get(api('/entities?kind=activity')));
  await armCiFault(stack, { match: { method: 'GET' }, count: 1, fault: { kind: 'delay', ms: 600 } });
  try {
    expect((await as(request(stack.proxy.url).get(api('/entities?kind=activity')))).status).toBe(200);
  } finally {
    await resetFaults(stack);
  }

  const res = await as(request(stack.proxy.url).get(api('/usage?hours=1')));
  expect(check.declared('GetUsage', 200, res.body)).toEqual([]);
  expect(res.body.scope).toBe('ownCalls');
  expect(res.body.latency.calls).toBe(4);
  // The slow call (600 ms at CI) is the slowest of four: p99 is its bucket's bound, at least 1 s.
  expect(res.body.latency.p99Ms).toBeGreaterThanOrEqual(1000);
  expect(res.body.latency.p50Ms).toBeLessThanOrEqual(res.body.latency.p99Ms);
});
