/**
 * App-only mode (UPSTREAM_AUTH_MODE=app) and application callers: an automation with the Proxy.Invoke role calls the
 * proxy, and the proxy calls CI as itself (its service principal is Contributor). Also the per-caller rate limit.
 */
import request from 'supertest';
import { PROXY_APP, USERS } from '../../emulator/well-known';
import { fillFromSchema } from '../support/proxy-ops-fill';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

const RATE_LIMIT_PER_MINUTE = 40;
let stack: OpsStack;
let check: ResponseChecker;
let customer: Record<string, unknown>;

const api = (path: string) => `/api/instances/${PROD}${path}`;
const call = (method: 'get' | 'post' | 'patch', path: string, auth = stack.auth.automation) =>
  request(stack.proxy.url)[method](path).set('Authorization', auth);

beforeAll(async () => {
  stack = await startOpsStack({ UPSTREAM_AUTH_MODE: 'app', RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE) });
  check = new ResponseChecker(stack.contract);
  customer = stack.emu.ci.store.batchRows(PROD, 'Customer').find((r) => r.Website_siteMembers_MemberId)!;
});
afterAll(() => stack.close());

test('an app-only caller runs the designer flow and CI sees the proxy’s own identity', async () => {
  const instances = await call('get', '/api/instances');
  expect(check.declared('ListInstances', 200, instances.body)).toEqual([]);
  const entities = await call('get', api('/entities?kind=activity'));
  expect(check.declared('ListEntities', 200, entities.body)).toEqual([]);
  const schema = (await call('get', api('/schemas/activities/Website_siteVisits'))).body.schema;
  const body = fillFromSchema(schema, stack.emu.clock.now(), { MemberId: customer.Website_siteMembers_MemberId });
  stack.emu.ci.requests.clear();
  const created = await call('post', api('/activities/Website_siteVisits')).send(body);
  expect(created.status).toBe(201);
  expect(check.declared('CreateActivity', 201, created.body)).toEqual([]);
  const posted = stack.emu.ci.requests.list().find((r) => r.method === 'POST');
  expect(posted?.principal).toBe(PROXY_APP.objectId);

  const unified = fillFromSchema(
    (await call('get', api('/schemas/activities/UnifiedActivity'))).body.schema,
    stack.emu.clock.now(),
    {
      CustomerId: customer.CustomerId,
    },
  );
  const u = await call('post', api('/unified-activities')).send(unified);
  expect(check.declared('CreateUnifiedActivity', u.status, u.body)).toEqual([]);

  const batch = await call('post', api('/activities/Website_siteVisits/batch')).send({
    records: [fillFromSchema(schema, stack.emu.clock.now()), fillFromSchema(schema, stack.emu.clock.now())],
  });
  expect(check.declared('CreateActivitiesBatch', batch.status, batch.body)).toEqual([]);
  expect(batch.body.succeeded).toBe(2);

  const update = await call('patch', api(`/profiles/${customer.CustomerId}`)).send({ MarketingOptIn: 'false' });
  expect(check.declared('UpdateCustomerProfile', update.status, update.body)).toEqual([]);
  const profile = await call('get', api(`/profiles/${customer.CustomerId}`));
  expect(profile.body.MarketingOptIn).toBe(false);
  const found = await call(
    'get',
    api(`/profiles?lookup=Website_siteMembers_MemberId&value=${customer.Website_siteMembers_MemberId}`),
  );
  expect(check.declared('FindCustomerProfiles', found.status, found.body)).toEqual([]);
  expect(found.body.value).toHaveLength(1);
  const timeline = await call('get', api(`/profiles/${customer.CustomerId}/activities`));
  expect(check.declared('ListCustomerActivities', timeline.status, timeline.body)).toEqual([]);
  expect(timeline.body.value.some((a: { sourceEntity?: string }) => a.sourceEntity === 'Website_siteVisits')).toBe(
    true,
  );
  const usage = await call('get', api('/usage'));
  expect(check.declared('GetUsage', usage.status, usage.body)).toEqual([]);
  expect(usage.body.byCaller[0].key).toMatch(/^[0-9a-f-]{36}$/);
});

test('in app-only mode a read-only user’s write goes through as the proxy (its role applies, not hers)', async () => {
  const res = await call('patch', api(`/profiles/${customer.CustomerId}`), stack.auth.rita).send({
    LoyaltyTier: 'Silver',
  });
  expect(res.status).toBe(200);
  const logged = stack.emu.ci.requests
    .list()
    .filter((r) => r.method === 'PATCH')
    .pop();
  expect(logged?.principal).toBe(PROXY_APP.objectId);
  expect(logged?.caller).toBe(USERS.rita.upn);
});

test('a caller over the per-minute limit gets 429 with Retry-After; other callers are unaffected', async () => {
  let last: request.Response | undefined;
  for (let i = 0; i <= RATE_LIMIT_PER_MINUTE; i++) {
    last = await call('get', api('/profile-lookups'), stack.auth.bob);
    if (last.status === 429) break;
  }
  expect(last?.status).toBe(429);
  expect(last?.body.error.code).toBe('RateLimited');
  expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
  expect(check.error(last?.body)).toEqual([]);
  expect((await call('get', api('/profile-lookups'), stack.auth.alice)).status).toBe(200);
});
