/**
 * When Customer Insights itself rejects a field (its ODataError names the bare attribute), the proxy's error names it
 * the way its own validation does: `body.<Attribute>`, or `body.records[i].<Attribute>` inside a batch.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { fillFromSchema } from '../support/proxy-ops-fill';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;
let customerId: string;
let schema: { properties?: Record<string, { type?: string }> };

const api = (path: string) => `/api/instances/${PROD}${path}`;
const post = (path: string, body: object) =>
  request(stack.proxy.url).post(api(path)).set('Authorization', stack.auth.alice).send(body);
const unified = (customer: string) =>
  fillFromSchema(schema, stack.emu.clock.now(), { CustomerId: customer, ActivityType: 'Call' });

beforeAll(async () => {
  stack = await startOpsStack();
  check = new ResponseChecker(stack.contract);
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[0].CustomerId);
  const res = await request(stack.proxy.url)
    .get(api('/schemas/activities/UnifiedActivity'))
    .set('Authorization', stack.auth.alice);
  schema = res.body.schema;
});
afterAll(() => stack.close());

test('a CustomerId CI does not know is ProfileNotFound with target body.CustomerId', async () => {
  const res = await post('/unified-activities', unified(`no-such-customer-${randomUUID()}`));
  expect([res.status, res.body.error?.code]).toEqual([404, 'ProfileNotFound']);
  expect(res.body.error).toMatchObject({ target: 'body.CustomerId', upstreamStatus: 400 });
  expect(check.error(res.body)).toEqual([]);
});

test('inside a batch the rejected field is named with its record index', async () => {
  const res = await post('/activities/UnifiedActivity/batch', {
    records: [unified(customerId), unified(`no-such-customer-${randomUUID()}`)],
  });
  expect(res.status).toBe(200);
  expect(check.declared('CreateActivitiesBatch', 200, res.body)).toEqual([]);
  expect(res.body).toMatchObject({ succeeded: 1, failed: 1 });
  expect(res.body.results[1]).toMatchObject({
    index: 1,
    status: 400,
    error: { code: 'UpstreamRejected', target: 'body.records[1].CustomerId' },
  });
});
