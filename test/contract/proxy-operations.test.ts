/**
 * Every operation through the proxy as a designer drives it (on-behalf-of mode, Alice): pickers, dynamic schemas,
 * a body filled from the schema, each action, and every 2xx body checked against the schema the contract declares
 * (dynamic bodies against the schema the proxy's helper operation served).
 */
import request from 'supertest';
import { INSTANCES } from '../../emulator/well-known';
import { ciTokens } from '../support/emulator';
import { fillFromSchema } from '../support/proxy-ops-fill';
import { PROD, ResponseChecker, SANDBOX, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;
let customer: Record<string, unknown>;

const api = (path: string) => `/api/instances/${PROD}${path}`;
const get = (path: string, auth = stack.auth.alice) => request(stack.proxy.url).get(path).set('Authorization', auth);
const send = (method: 'post' | 'patch', path: string, body: unknown, auth = stack.auth.alice) =>
  (method === 'post' ? request(stack.proxy.url).post(path) : request(stack.proxy.url).patch(path))
    .set('Authorization', auth)
    .send(body as object);

function expectDeclared(operationId: string, res: request.Response): void {
  expect(check.declared(operationId, res.status, res.body)).toEqual([]);
}

beforeAll(async () => {
  stack = await startOpsStack();
  check = new ResponseChecker(stack.contract);
  // A seeded customer known to the point-of-sale system, so its purchases land in a timeline.
  customer = stack.emu.ci.store.batchRows(PROD, 'Customer').find((r) => r.PoS_posCustomers_CustomerNumber && r.EMail)!;
});
afterAll(() => stack.close());

describe('pickers and schemas', () => {
  test('ListInstances lists the environments the signed-in user can see', async () => {
    const alice = await get('/api/instances');
    expect(alice.status).toBe(200);
    expectDeclared('ListInstances', alice);
    expect(alice.body.value.map((i: { instanceId: string }) => i.instanceId).sort()).toEqual([PROD, SANDBOX].sort());
    const bob = await get('/api/instances', stack.auth.bob);
    expect(bob.body.value.map((i: { instanceId: string }) => i.instanceId)).toEqual([PROD]);
  });

  test('ListEntities: activity tables without UnifiedActivity; all adds UnifiedActivity and Customer', async () => {
    const activity = await get(api('/entities?kind=activity'));
    expectDeclared('ListEntities', activity);
    const names = activity.body.value.map((e: { name: string }) => e.name).sort();
    expect(names).toEqual(['PoS_posPurchases', 'WebStore_webPurchases', 'Website_siteVisits']);
    // The activity type's display name from the entity's annotations, with the table name.
    expect(activity.body.value).toContainEqual({
      name: 'WebStore_webPurchases',
      displayName: 'Web purchase (WebStore_webPurchases)',
      kind: 'activity',
    });
    const all = await get(api('/entities?kind=all'));
    expectDeclared('ListEntities', all);
    expect(all.body.value.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['UnifiedActivity', 'Customer']),
    );
    const profile = await get(api('/entities?kind=profile'));
    expect(profile.body.value).toEqual([{ name: 'Customer', displayName: 'Customer', kind: 'profile' }]);
  });

  test('GetActivitySchema, GetProfileUpdateSchema and GetProfileSchema return {schema}', async () => {
    for (const [id, path] of [
      ['GetActivitySchema', '/schemas/activities/PoS_posPurchases'],
      ['GetActivitySchema', '/schemas/activities/UnifiedActivity'],
      ['GetProfileUpdateSchema', '/schemas/profile-update'],
      ['GetProfileSchema', '/schemas/profile'],
    ]) {
      const res = await get(api(path));
      expect(res.status).toBe(200);
      expectDeclared(id, res);
      expect(res.body.schema.type).toBe('object');
    }
    const update = (await get(api('/schemas/profile-update'))).body.schema;
    expect(Object.keys(update.properties)).toEqual(expect.arrayContaining(['LoyaltyTier', 'MarketingOptIn']));
    expect(update.properties.CustomerId).toBeUndefined();
    expect(update.properties.FullName).toBeUndefined();
  });

  test('ListProfileLookups offers the alternate keys and the searchable fields', async () => {
    const res = await get(api('/profile-lookups'));
    expectDeclared('ListProfileLookups', res);
    expect(res.body.value).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'PoS_posCustomers_CustomerNumber', kind: 'alternateKey' }),
        expect.objectContaining({ name: 'EMail', kind: 'searchable' }),
      ]),
    );
  });
});

describe('actions', () => {
  test('CreateActivity with a body filled from the schema, then it shows in the timeline', async () => {
    const schema = (await get(api('/schemas/activities/PoS_posPurchases'))).body.schema;
    const body = fillFromSchema(schema, stack.emu.clock.now(), {
      CustomerNumber: customer.PoS_posCustomers_CustomerNumber,
      Amount: '42.50',
    });
    const created = await send('post', api('/activities/PoS_posPurchases?keepForDays=2'), body);
    expect(created.status).toBe(201);
    expectDeclared('CreateActivity', created);
    expect(created.body).toMatchObject({ activityId: String(body.TransactionId), entityName: 'PoS_posPurchases' });
    const until = Date.parse(created.body.validUntil) - stack.emu.clock.now();
    expect(until).toBeGreaterThan(47 * 3600_000);
    expect(until).toBeLessThanOrEqual(48 * 3600_000);
    const posted = stack.emu.ci.requests.list().find((r) => r.method === 'POST');
    expect(posted?.caller).toBe('alice@contoso-retail.example');

    const timeline = await get(api(`/profiles/${customer.CustomerId}/activities?top=50`));
    expectDeclared('ListCustomerActivities', timeline);
    const item = timeline.body.value.find(
      (a: { sourceActivityId?: string }) => a.sourceActivityId === String(body.TransactionId),
    );
    expect(item).toMatchObject({ sourceEntity: 'PoS_posPurchases', title: expect.stringContaining('42.5') });
  });

  test('CreateUnifiedActivity accepts the UnifiedActivity format', async () => {
    const schema = (await get(api('/schemas/activities/UnifiedActivity'))).body.schema;
    const body = fillFromSchema(schema, stack.emu.clock.now(), {
      CustomerId: customer.CustomerId,
      ActivityType: 'Call',
    });
    const res = await send('post', api('/unified-activities'), body);
    expect(res.status).toBe(201);
    expectDeclared('CreateUnifiedActivity', res);
    expect(res.body).toMatchObject({ entityName: 'UnifiedActivity', customerId: customer.CustomerId });
  });

  test('an Idempotency-Key replays the first result and CI receives the record once', async () => {
    const schema = (await get(api('/schemas/activities/Website_siteVisits'))).body.schema;
    const body = fillFromSchema(schema, stack.emu.clock.now());
    stack.emu.ci.requests.clear();
    const path = api('/activities/Website_siteVisits');
    const first = await send('post', path, body).set('Idempotency-Key', 'visit-1');
    const again = await send('post', path, body).set('Idempotency-Key', 'visit-1');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expectDeclared('CreateActivity', again);
    expect(stack.emu.ci.requests.list().filter((r) => r.method === 'POST')).toHaveLength(1);
    const other = await send('post', path, { ...body, PageViews: 99 }).set('Idempotency-Key', 'visit-1');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IdempotencyKeyInUse');
  });

  test('another activity under a taken key is a 409 conflict; the very same activity again is 201 replayed', async () => {
    const schema = (await get(api('/schemas/activities/WebStore_webPurchases'))).body.schema;
    const body = fillFromSchema(schema, stack.emu.clock.now());
    const first = await send('post', api('/activities/WebStore_webPurchases'), body);
    expect(first.status).toBe(201);
    const numeric = Object.keys(schema.properties).find((k) => schema.properties[k].type === 'number');
    const clash = await send('post', api('/activities/WebStore_webPurchases'), { ...body, [numeric!]: 4242.5 });
    expect(clash.status).toBe(409);
    expect(check.error(clash.body)).toEqual([]);
    expect([clash.body.error.code, clash.body.error.upstreamStatus]).toEqual(['UpstreamConflict', 409]);
    expect(clash.body.error.message).toContain(`${numeric} differs`);
    const again = await send('post', api('/activities/WebStore_webPurchases'), body);
    expect([again.status, again.body.replayed, again.body.activityId]).toEqual([201, true, first.body.activityId]);
  });

  test('CreateActivitiesBatch sends valid records and reports invalid ones by index', async () => {
    const schema = (await get(api('/schemas/activities/PoS_posPurchases'))).body.schema;
    const now = stack.emu.clock.now();
    const records = [
      fillFromSchema(schema, now),
      fillFromSchema(schema, now, { Amount: 'lots' }),
      fillFromSchema(schema, now),
    ];
    const res = await send('post', api('/activities/PoS_posPurchases/batch'), { records, keepForDays: 1 });
    expect(res.status).toBe(200);
    expectDeclared('CreateActivitiesBatch', res);
    expect(res.body.succeeded).toBe(2);
    expect(res.body.failed).toBe(1);
    expect(res.body.results.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 400],
      [2, 201],
    ]);
    expect(res.body.results[1].error).toMatchObject({ code: 'InvalidField', target: 'body.records[1].Amount' });
  });

  test('UpdateCustomerProfile changes a field that GetCustomerProfile then shows', async () => {
    const id = String(customer.CustomerId);
    const res = await send('patch', api(`/profiles/${id}?keepForHours=2`), {
      LoyaltyTier: 'Platinum',
      LoyaltyPoints: '777',
      EMail: '',
    });
    expect(res.status).toBe(200);
    expectDeclared('UpdateCustomerProfile', res);
    expect(res.body).toMatchObject({ customerId: id, updatedFields: ['LoyaltyTier', 'LoyaltyPoints'] });
    const profileSchema = (await get(api('/schemas/profile'))).body.schema;
    const profile = await get(api(`/profiles/${id}`));
    expect(profile.status).toBe(200);
    expect(check.dynamic(profileSchema, profile.body)).toEqual([]);
    expect(profile.body).toMatchObject({ CustomerId: id, LoyaltyTier: 'Platinum', LoyaltyPoints: 777 });
  });

  test('FindCustomerProfiles by an alternate key and by a searchable field', async () => {
    const profileSchema = (await get(api('/schemas/profile'))).body.schema;
    const byKey = await get(
      api(
        `/profiles?lookup=PoS_posCustomers_CustomerNumber&value=${encodeURIComponent(String(customer.PoS_posCustomers_CustomerNumber))}`,
      ),
    );
    expect(byKey.status).toBe(200);
    expectDeclared('FindCustomerProfiles', byKey);
    expect(byKey.body.value.map((p: { CustomerId: string }) => p.CustomerId)).toEqual([customer.CustomerId]);
    const byEmail = await get(api(`/profiles?lookup=EMail&value=${encodeURIComponent(String(customer.EMail))}`));
    expect(byEmail.body.value.map((p: { CustomerId: string }) => p.CustomerId)).toContain(customer.CustomerId);
    for (const p of byEmail.body.value) expect(check.dynamic(profileSchema, p)).toEqual([]);
    const none = await get(api(`/profiles?lookup=EMail&value=${encodeURIComponent("nobody' or 1 eq 1")}`));
    expect(none.body.value).toEqual([]);
    const unknownKey = await get(api('/profiles?lookup=PoS_posCustomers_CustomerNumber&value=no-such-key'));
    expect(unknownKey.body.value).toEqual([]);
  });

  test('ListCustomerActivities pages newest first through nextLink', async () => {
    const first = await get(api(`/profiles/${customer.CustomerId}/activities?top=2`));
    expectDeclared('ListCustomerActivities', first);
    expect(first.body.value).toHaveLength(2);
    expect(first.body.nextLink).toMatch(new RegExp(`^${stack.proxy.url}/api/instances/${PROD}/profiles/`));
    const times = first.body.value.map((a: { activityTime: string }) => Date.parse(a.activityTime));
    expect(times[0]).toBeGreaterThanOrEqual(times[1]);
    const next = await get(first.body.nextLink.slice(stack.proxy.url.length));
    expect(next.status).toBe(200);
    expectDeclared('ListCustomerActivities', next);
    const ids = new Set(first.body.value.map((a: { activityId: string }) => a.activityId));
    expect(next.body.value.some((a: { activityId: string }) => ids.has(a.activityId))).toBe(false);
  });

  test('ListCustomerActivities pages the whole timeline without @odata.count, which the model does not declare', async () => {
    const all = await request(stack.emu.ciUrl)
      .get(`/v1/instances/${PROD}/data/UnifiedActivity`)
      .query({ $filter: `CustomerId eq '${customer.CustomerId}'`, $count: 'true', $top: '1000' })
      .set('Authorization', `Bearer ${(await ciTokens(stack.emu.entraUrl)).proxy}`)
      .set('Ocp-Apim-Subscription-Key', INSTANCES.production.primaryKey);
    const expected = all.body['@odata.count'] as number;
    expect(expected).toBeGreaterThan(2);
    stack.emu.ci.requests.clear();
    const seen: string[] = [];
    let path: string | undefined = api(`/profiles/${customer.CustomerId}/activities?top=2`);
    for (let page = 0; path && page < 100; page++) {
      const res = await get(path);
      expect(res.status).toBe(200);
      seen.push(...res.body.value.map((a: { activityId: string }) => a.activityId));
      path = res.body.nextLink?.slice(stack.proxy.url.length);
    }
    expect(new Set(seen).size).toBe(expected);
    expect(seen).toHaveLength(expected);
    const upstream = stack.emu.ci.requests.list().filter((r) => r.path.includes('/data/UnifiedActivity'));
    expect(upstream.length).toBeGreaterThan(0);
    expect(upstream.filter((r) => '$count' in r.query)).toEqual([]);
  });

  test('GetUsage reports the calls made through the proxy', async () => {
    const res = await get(api('/usage?hours=1'));
    expect(res.status).toBe(200);
    expectDeclared('GetUsage', res);
    const create = res.body.byOperation.find((g: { key: string }) => g.key === 'CreateActivity');
    expect(create.calls).toBeGreaterThanOrEqual(3);
    expect(res.body.byCaller.map((g: { key: string }) => g.key)).toContain('alice@contoso-retail.example');
    expect(res.body.byErrorCode.map((g: { key: string }) => g.key)).toContain('IdempotencyKeyInUse');
    expect(res.body.upstream.calls).toBeGreaterThan(0);
  });
});
