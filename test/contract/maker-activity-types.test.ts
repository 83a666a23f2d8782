/**
 * The Activity Type filter of "List customer activities" has a picker: the types the environment's activity tables
 * put on timelines, by display name. A picked value filters the timeline to exactly that type.
 */
import request from 'supertest';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;

const api = (path: string) => `/api/instances/${PROD}${path}`;
const get = (path: string) => request(stack.proxy.url).get(api(path)).set('Authorization', stack.auth.alice);

beforeAll(async () => {
  stack = await startOpsStack();
  check = new ResponseChecker(stack.contract);
});
afterAll(() => stack.close());

test('the swagger wires the Activity Type parameter to ListActivityTypes (legacy and new extensions)', () => {
  const parameters = stack.contract.document.parameters as Record<string, Record<string, unknown>>;
  expect(parameters['Query.ActivityType']).toMatchObject({
    'x-ms-dynamic-values': { operationId: 'ListActivityTypes', 'value-path': 'activityType' },
    'x-ms-dynamic-list': { operationId: 'ListActivityTypes', itemValuePath: 'activityType' },
  });
});

test('ListActivityTypes lists each activity table’s type with its display name', async () => {
  const res = await get('/activity-types');
  expect(res.status).toBe(200);
  expect(check.declared('ListActivityTypes', 200, res.body)).toEqual([]);
  expect(res.body.value).toEqual([
    { activityType: 'StorePurchase', displayName: 'In-store purchase' },
    { activityType: 'WebPurchase', displayName: 'Web purchase' },
    { activityType: 'SiteVisit', displayName: 'Website visit' },
  ]);
});

test('a picked type filters a customer’s timeline to that type only', async () => {
  const [type] = (await get('/activity-types')).body.value as { activityType: string }[];
  const withActivity = stack.emu.ci.store
    .batchRows(PROD, 'UnifiedActivity')
    .find((r) => r.ActivityType === type.activityType)!;
  const res = await get(`/profiles/${String(withActivity.CustomerId)}/activities?activityType=${type.activityType}`);
  expect(res.status).toBe(200);
  expect(res.body.value.length).toBeGreaterThan(0);
  expect(new Set(res.body.value.map((a: { activityType: string }) => a.activityType))).toEqual(
    new Set([type.activityType]),
  );
});

test('an unknown instance is 404 InstanceNotFound', async () => {
  const res = await request(stack.proxy.url)
    .get('/api/instances/00000000-0000-4000-8000-000000000000/activity-types')
    .set('Authorization', stack.auth.alice);
  expect([res.status, res.body.error?.code]).toEqual([404, 'InstanceNotFound']);
});
