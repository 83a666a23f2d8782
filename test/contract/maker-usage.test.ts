/**
 * GetUsage as a monitoring flow reads it: one summary sentence for a notification, and the most frequent errors with
 * their counts, what they mean and what to do, besides the groupings and the hourly series.
 */
import request from 'supertest';
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
