/**
 * A maker's commonest mistake: a Customer ID that is not one (a typo, a source system's customer number, an empty
 * expression). Every action that takes a Customer ID answers it the same way: 404 ProfileNotFound naming the field and
 * saying where a real Customer ID comes from, never an empty list or Customer Insights' own parameter names.
 */
import request from 'supertest';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;
let customerId: string;

const api = (path: string) => `/api/instances/${PROD}${path}`;
/** A well-formed CustomerId no profile has, and a source system's key a maker may paste instead. */
const UNKNOWN_ID = 'f'.repeat(32);
const SOURCE_KEY = 'WCI-0000002';

beforeAll(async () => {
  stack = await startOpsStack();
  check = new ResponseChecker(stack.contract);
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[0].CustomerId);
});
afterAll(() => stack.close());

function expectProfileNotFound(res: request.Response, target: string, shown: string) {
  expect({ status: res.status, code: res.body?.error?.code, target: res.body?.error?.target }).toEqual({
    status: 404,
    code: 'ProfileNotFound',
    target,
  });
  expect(check.error(res.body)).toEqual([]);
  expect(res.body.error.message).toContain(shown);
  // Says where a real one comes from, by the label the maker sees.
  expect(res.body.error.message).toContain('Find customer profiles');
}

describe.each([UNKNOWN_ID, SOURCE_KEY])('Customer ID %s matches no profile', (wrong) => {
  test('ListCustomerActivities is 404 ProfileNotFound, not an empty timeline', async () => {
    const res = await request(stack.proxy.url)
      .get(api(`/profiles/${wrong}/activities`))
      .set('Authorization', stack.auth.alice);
    expectProfileNotFound(res, 'path.customerId', wrong);
  });

  test('UpdateCustomerProfile is 404 ProfileNotFound on path.customerId, not an upstream parameter name', async () => {
    const res = await request(stack.proxy.url)
      .patch(api(`/profiles/${wrong}`))
      .set('Authorization', stack.auth.alice)
      .send({ LoyaltyTier: 'Gold' });
    expectProfileNotFound(res, 'path.customerId', wrong);
  });

  test('GetCustomerProfile is 404 ProfileNotFound saying where a Customer ID comes from', async () => {
    const res = await request(stack.proxy.url)
      .get(api(`/profiles/${wrong}`))
      .set('Authorization', stack.auth.alice);
    expectProfileNotFound(res, 'path.customerId', wrong);
  });

  test('CreateUnifiedActivity names body.CustomerId and says where a Customer ID comes from', async () => {
    const res = await request(stack.proxy.url)
      .post(api('/unified-activities'))
      .set('Authorization', stack.auth.alice)
      .send({ ActivityId: `a-${wrong}`, CustomerId: wrong, ActivityTime: '2026-11-01T10:00:00Z', ActivityType: 'X' });
    expectProfileNotFound(res, 'body.CustomerId', wrong);
    expect(res.body.error.message).toContain('Customer ID (CustomerId)');
  });
});

test('an existing customer with no activity of the asked type still gets an empty page, not 404', async () => {
  const res = await request(stack.proxy.url)
    .get(api(`/profiles/${customerId}/activities?activityType=NoSuchType`))
    .set('Authorization', stack.auth.alice);
  expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { value: [] } });
});
