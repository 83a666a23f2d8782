/**
 * Bad input through the proxy: each gets a 4xx in the one error shape naming the problem, and nothing CI would
 * reject is sent upstream (checked in the emulator's request log).
 */
import request from 'supertest';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;
let customerId: string;

const api = (path: string) => `/api/instances/${PROD}${path}`;
const valid = () => ({
  TransactionId: Math.floor(Math.random() * 2 ** 40),
  CustomerNumber: 'C-1',
  TransactionTime: new Date(stack.emu.clock.now()).toISOString(),
  StoreId: 'S1',
  Amount: 10,
});

beforeAll(async () => {
  stack = await startOpsStack({ MAX_BODY_BYTES: '2048' });
  check = new ResponseChecker(stack.contract);
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[0].CustomerId);
});
afterAll(() => stack.close());
beforeEach(() => stack.emu.ci.requests.clear());

const writesSent = () => stack.emu.ci.requests.list().filter((r) => r.method !== 'GET');

async function expectError(res: request.Response, status: number, code: string, target?: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(check.error(res.body)).toEqual([]);
  if (target) expect(res.body.error.target).toBe(target);
  expect(res.body.error.requestId).toBe(res.headers['x-ms-request-id']);
}

describe('refused before anything is sent upstream', () => {
  const post = (path: string) => request(stack.proxy.url).post(api(path)).set('Authorization', stack.auth.alice);

  test('malformed JSON is 400 InvalidJson', async () => {
    const res = await post('/activities/PoS_posPurchases')
      .set('Content-Type', 'application/json')
      .send('{"TransactionId": 1,');
    await expectError(res, 400, 'InvalidJson', 'body');
  });

  test('a body that is not JSON is 415', async () => {
    const res = await post('/activities/PoS_posPurchases').set('Content-Type', 'text/plain').send('hello');
    await expectError(res, 415, 'UnsupportedMediaType');
  });

  test('a body over the size limit is 413', async () => {
    const res = await post('/activities/PoS_posPurchases').send({ ...valid(), StoreId: 'x'.repeat(4096) });
    await expectError(res, 413, 'PayloadTooLarge');
  });

  test('a body is read only once the caller is authenticated: no token with a bad or oversized body is 401', async () => {
    for (const body of ['{"TransactionId": 1,', JSON.stringify({ StoreId: 'x'.repeat(4096) })]) {
      const res = await request(stack.proxy.url)
        .post(api('/activities/PoS_posPurchases'))
        .set('Content-Type', 'application/json')
        .send(body);
      await expectError(res, 401, 'Unauthenticated');
    }
  });

  test('wrong types and unknown fields are named', async () => {
    await expectError(
      await post('/activities/PoS_posPurchases').send({ ...valid(), Quantity: 'many' }),
      400,
      'InvalidField',
      'body.Quantity',
    );
    await expectError(
      await post('/activities/PoS_posPurchases').send({ ...valid(), Colour: 'red' }),
      400,
      'UnknownField',
      'body.Colour',
    );
    await expectError(
      await post('/activities/PoS_posPurchases').send({ ...valid(), Amount: undefined }),
      400,
      'MissingField',
      'body.Amount',
    );
    expect(writesSent()).toEqual([]);
  });

  test('expiry beyond 30 days, conflicting expiry options and a past validUntil are refused', async () => {
    await expectError(
      await post('/activities/PoS_posPurchases?keepForDays=31').send(valid()),
      400,
      'ExpiryTooFar',
      'query.keepForDays',
    );
    const far = new Date(stack.emu.clock.now() + 31 * 86_400_000).toISOString();
    await expectError(
      await post(`/activities/PoS_posPurchases?validUntil=${far}`).send(valid()),
      400,
      'ExpiryTooFar',
      'query.validUntil',
    );
    await expectError(
      await post('/activities/PoS_posPurchases?keepForDays=2&validUntil=2099-01-01T00:00:00Z').send(valid()),
      400,
      'InvalidField',
      'query.validUntil',
    );
    await expectError(
      await post('/activities/PoS_posPurchases?validUntil=2001-01-01T00:00:00Z').send(valid()),
      400,
      'ExpiryInPast',
    );
    await expectError(
      await post('/activities/PoS_posPurchases?keepForDays=soon').send(valid()),
      400,
      'InvalidField',
      'query.keepForDays',
    );
    expect(writesSent()).toEqual([]);
  });

  test('unknown entity, an entity that is not an activity table, and an instance id that is not a GUID', async () => {
    await expectError(await post('/activities/Nope_nothing').send(valid()), 404, 'EntityNotFound', 'path.entityName');
    await expectError(await post('/activities/Customer').send({ CustomerId: 'x' }), 404, 'EntityNotFound');
    const res = await request(stack.proxy.url)
      .get('/api/instances/not-a-guid/entities?kind=all')
      .set('Authorization', stack.auth.alice);
    await expectError(res, 400, 'InvalidField', 'path.instanceId');
    expect(writesSent()).toEqual([]);
  });

  test('an unknown instance is 404 InstanceNotFound, whatever the operation', async () => {
    const other = '/api/instances/00000000-0000-4000-8000-000000000000';
    for (const path of ['/schemas/profile', '/entities?kind=all', '/usage', '/schemas/activities/PoS_posPurchases']) {
      const res = await request(stack.proxy.url).get(`${other}${path}`).set('Authorization', stack.auth.alice);
      await expectError(res, 404, 'InstanceNotFound', 'path.instanceId');
    }
  });

  test('profile updates: empty, key or read-only fields are refused; unknown customers are 404', async () => {
    const patch = (id: string, body: unknown) =>
      request(stack.proxy.url)
        .patch(api(`/profiles/${id}`))
        .set('Authorization', stack.auth.alice)
        .send(body as object);
    await expectError(await patch(customerId, {}), 400, 'MissingField', 'body');
    await expectError(await patch(customerId, { CustomerId: 'x' }), 400, 'InvalidField', 'body.CustomerId');
    await expectError(await patch(customerId, { FullName: 'New Name' }), 400, 'InvalidField', 'body.FullName');
    await expectError(await patch(customerId, { LoyaltyTier: 'Gold', Shoe: 43 }), 400, 'UnknownField', 'body.Shoe');
    await expectError(
      await patch(customerId, { LoyaltyTier: 'Gold' }).query({ keepForHours: 721 }),
      400,
      'ExpiryTooFar',
    );
    expect(writesSent()).toEqual([]);
    await expectError(
      await patch('ffffffffffffffffffffffffffffffff', { LoyaltyTier: 'Gold' }),
      404,
      'ProfileNotFound',
      'path.customerId',
    );
  });

  test('creating or deleting a profile is 405 and says profiles cannot be created or deleted', async () => {
    for (const req of [
      request(stack.proxy.url).post(api('/profiles')).send({ EMail: 'a@b.c' }),
      request(stack.proxy.url).delete(api(`/profiles/${customerId}`)),
      request(stack.proxy.url)
        .put(api(`/profiles/${customerId}`))
        .send({}),
    ]) {
      const res = await req.set('Authorization', stack.auth.alice);
      await expectError(res, 405, 'OperationNotSupported');
      expect(res.body.error.message).toMatch(/cannot be created or deleted/);
    }
    expect(writesSent()).toEqual([]);
  });

  test('batch: not an array, too many records, unknown option', async () => {
    const batch = (body: unknown) => post('/activities/PoS_posPurchases/batch').send(body as object);
    await expectError(await batch({ records: {} }), 400, 'InvalidField', 'body.records');
    await expectError(await batch({ records: [] }), 400, 'InvalidField', 'body.records');
    await expectError(await batch({ records: Array.from({ length: 101 }, () => ({})) }), 400, 'TooManyRecords');
    await expectError(await batch({ records: [valid()], keepForever: true }), 400, 'InvalidField', 'body.keepForever');
    expect(writesSent()).toEqual([]);
  });

  test('bad query parameters: enum, range, skip token, unknown lookup', async () => {
    const get = (path: string) => request(stack.proxy.url).get(api(path)).set('Authorization', stack.auth.alice);
    await expectError(await get('/entities?kind=segments'), 400, 'InvalidField', 'query.kind');
    await expectError(await get('/entities'), 400, 'MissingField', 'query.kind');
    await expectError(await get(`/profiles/${customerId}/activities?top=500`), 400, 'InvalidField', 'query.top');
    await expectError(
      await get(`/profiles/${customerId}/activities?skipToken=abc`),
      400,
      'InvalidField',
      'query.skipToken',
    );
    await expectError(await get('/profiles?lookup=ShoeSize&value=43'), 400, 'InvalidField', 'query.lookup');
    await expectError(await get('/usage?hours=0'), 400, 'InvalidField', 'query.hours');
  });
});

describe('routing and authentication', () => {
  test('an unknown path is 404 OperationNotFound; a wrong method is 405 naming the allowed ones', async () => {
    await expectError(
      await request(stack.proxy.url).get('/api/nothing').set('Authorization', stack.auth.alice),
      404,
      'OperationNotFound',
    );
    const res = await request(stack.proxy.url).delete(api('/entities')).set('Authorization', stack.auth.alice);
    await expectError(res, 405, 'MethodNotAllowed');
    // HEAD is served wherever GET is (RFC 9110 §9.3.2), so the Allow header lists it.
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.body.error.message).toBe(`DELETE is not supported on ${api('/entities')}; use GET or HEAD.`);
  });

  it('HEAD on a GET route answers as the GET would, without a body (not 405)', async () => {
    const get = await request(stack.proxy.url)
      .get(api('/entities?kind=activity'))
      .set('Authorization', stack.auth.alice);
    const head = await request(stack.proxy.url)
      .head(api('/entities?kind=activity'))
      .set('Authorization', stack.auth.alice);
    expect({ status: head.status, type: head.headers['content-type'] }).toEqual({
      status: get.status,
      type: get.headers['content-type'],
    });
    expect(get.status).toBe(200);
    expect(head.text ?? '').toBe('');
    // A HEAD on a path with only POST is still 405, with the methods it takes.
    const post = await request(stack.proxy.url)
      .head(api('/activities/PoS_posPurchases'))
      .set('Authorization', stack.auth.alice);
    expect({ status: post.status, allow: post.headers.allow }).toEqual({ status: 405, allow: 'POST' });
  });

  test('no token is 401 with WWW-Authenticate; a read-only user writing is refused by CI (403)', async () => {
    const anonymous = await request(stack.proxy.url).get('/api/instances');
    await expectError(anonymous, 401, 'Unauthenticated');
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    const rita = await request(stack.proxy.url)
      .patch(api(`/profiles/${customerId}`))
      .set('Authorization', stack.auth.rita)
      .send({ LoyaltyTier: 'Gold' });
    await expectError(rita, 403, 'UpstreamForbidden');
    expect(rita.body.error.upstreamStatus).toBe(403);
  });

  test('GET /healthz needs no token', async () => {
    const res = await request(stack.proxy.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
