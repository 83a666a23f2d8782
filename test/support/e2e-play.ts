/**
 * The designer's play, shared by the on-behalf-of and app-only suites: a maker builds a flow with every action of the
 * connector, driven only by the swagger (pickers, dynamic schemas, bodies filled from them), and every answer is held
 * to the contract by the Designer. Declares one `describe` of ordered tests; the caller provides the connection.
 */
import { INSTANCES } from '../../emulator/well-known';
import { CUSTOMER_KEY_COLUMNS, CUSTOMER_LINKS, ciRequests, seededCustomer } from './e2e-ci-data';
import { Designer, type Reply } from './e2e-designer';
import type { Json } from './e2e-extensions';
import { fillFromSchema } from './e2e-fill';
import { createdActivitiesFound, type CreatedActivity } from './e2e-timeline';

export interface PlayConnection {
  proxyUrl: string;
  ciUrl: string;
  entraUrl: string;
  /** The Authorization header the connection sends ("Bearer …"). */
  authorization: string;
  /** How the proxy names this caller in usage and in the `caller` it passes to CI. */
  callerLabel: string;
  /** The token `oid` CI must see on the writes: the user in OBO mode, the proxy's identity in app-only mode. */
  ciPrincipal: string;
  /** Which seeded customer (0-based) this play works on, so plays sharing an emulator do not meet. */
  customerIndex: number;
}

/** Seconds between the activity times of one play, so "newest first" has one right answer. */
const ACTIVITY_SPACING_MS = 1_000;
/** The first activity time of a play lies this far back, so every created activity is in the past. */
const PLAY_START_OFFSET_MS = 60_000;
const KEEP_FOR_DAYS = 7;

/** Declares the play's tests; `connection` is read in beforeAll (after the suite's processes started). */
export function describeDesignerPlay(title: string, connection: () => PlayConnection): void {
  describe(title, () => {
    let c: PlayConnection;
    let d: Designer;
    let customer: Json;
    const known: Json = {};
    const schemas: Record<string, Json> = {};
    const created: CreatedActivity[] = [];
    let activityTimeMs = Date.now() - PLAY_START_OFFSET_MS;
    const nextActivityTime = () => new Date((activityTimeMs += ACTIVITY_SPACING_MS));
    const ok = (reply: Reply, status: number) =>
      expect({ status: reply.status, body: reply.body }).toEqual({ status, body: expect.anything() });
    const usageCount = (report: Json, op: string) =>
      (report.byOperation as Array<{ key: string; calls: number }>).find((g) => g.key === op)?.calls ?? 0;
    let usageBefore: Json;

    beforeAll(async () => {
      c = connection();
      d = await Designer.connect(c.proxyUrl, c.authorization);
      customer = await seededCustomer(c.ciUrl, c.entraUrl, c.customerIndex);
    });
    afterEach(() => expect(d.takeProblems()).toEqual([]));

    test('the Instance dropdown offers the production environment, picked by its name', async () => {
      const instances = await d.pick('CreateActivity', 'instanceId', {});
      const production = instances.find((o) => o.title === INSTANCES.production.name);
      expect(production?.value).toBe(INSTANCES.production.instanceId);
      known.instanceId = production!.value;
      const usage = await d.call('GetUsage', { instanceId: known.instanceId, hours: 1 });
      ok(usage, 200);
      usageBefore = usage.body;
    });

    test('the Activity Entity dropdown lists the activity tables; each one resolves to a form', async () => {
      const entities = await d.pick('CreateActivity', 'entityName', known);
      const names = entities.map((o) => o.value as string);
      expect(names.sort()).toEqual(['PoS_posPurchases', 'WebStore_webPurchases', 'Website_siteVisits']);
      expect(entities.every((o) => typeof o.title === 'string' && o.title !== '')).toBe(true);
      expect(await d.pick('CreateActivitiesBatch', 'entityName', known)).toEqual(entities);
      for (const name of names) {
        schemas[name] = await d.bodySchema('CreateActivity', { ...known, entityName: name });
        expect(schemas[name]).toMatchObject({ type: 'object', properties: expect.any(Object) });
        expect(Object.keys(schemas[name].properties as Json)).toContain(CUSTOMER_LINKS[name].field);
      }
      schemas.UnifiedActivity = await d.bodySchema('CreateUnifiedActivity', known);
      expect(Object.keys(schemas.UnifiedActivity.properties as Json)).toContain('CustomerId');
    });

    test('CreateActivity for every activity table; the newest is first in the timeline', async () => {
      for (const entityName of Object.keys(schemas).filter((n) => n !== 'UnifiedActivity')) {
        const at = nextActivityTime();
        const link = CUSTOMER_LINKS[entityName];
        const activity = fillFromSchema(schemas[entityName], { at, values: { [link.field]: customer[link.column] } });
        const reply = await d.call('CreateActivity', { ...known, entityName, keepForDays: KEEP_FOR_DAYS, activity });
        ok(reply, 201);
        expect(reply.body.entityName).toBe(entityName);
        // customerId is optional ("when Customer Insights resolved it"); when present it must be this customer.
        expect(reply.body.customerId ?? customer.CustomerId).toBe(customer.CustomerId);
        created.push({ entityName, at: at.toISOString() });
      }
      const top = await d.call('ListCustomerActivities', { ...known, customerId: customer.CustomerId, top: 1 });
      ok(top, 200);
      expect(top.body.value[0].sourceEntity).toBe(created.at(-1)!.entityName);
      expect(Date.parse(top.body.value[0].activityTime)).toBe(Date.parse(created.at(-1)!.at));
    });

    test('an Idempotency-Key replays the first result instead of writing twice', async () => {
      const entityName = 'Website_siteVisits';
      const at = nextActivityTime();
      const activity = fillFromSchema(schemas[entityName], {
        at,
        values: { [CUSTOMER_LINKS[entityName].field]: customer[CUSTOMER_LINKS[entityName].column] },
      });
      const params = { ...known, entityName, 'Idempotency-Key': `e2e-${at.getTime()}-${c.customerIndex}`, activity };
      const first = await d.call('CreateActivity', params);
      const again = await d.call('CreateActivity', params);
      ok(first, 201);
      ok(again, 201);
      expect(again.body).toEqual({ ...first.body, replayed: true });
      created.push({ entityName, at: at.toISOString() });
    });

    test('CreateUnifiedActivity posts the UnifiedActivity format', async () => {
      const at = nextActivityTime();
      const unifiedActivity = fillFromSchema(schemas.UnifiedActivity, {
        at,
        values: { CustomerId: customer.CustomerId },
      });
      const reply = await d.call('CreateUnifiedActivity', { ...known, keepForDays: KEEP_FOR_DAYS, unifiedActivity });
      ok(reply, 201);
      expect(reply.body).toMatchObject({ entityName: 'UnifiedActivity', customerId: customer.CustomerId });
      created.push({ activityId: String(unifiedActivity.ActivityId), at: at.toISOString() });
    });

    test('CreateActivitiesBatch creates every record of a batch filled from the item schema', async () => {
      const entityName = 'PoS_posPurchases';
      const batchSchema = await d.bodySchema('CreateActivitiesBatch', { ...known, entityName });
      const itemSchema = (batchSchema.properties as Record<string, Json>).records.items as Json;
      expect(itemSchema).toEqual(schemas[entityName]);
      const link = CUSTOMER_LINKS[entityName];
      const times = [nextActivityTime(), nextActivityTime()];
      const records = times.map((at) =>
        fillFromSchema(itemSchema, { at, values: { [link.field]: customer[link.column] } }),
      );
      const reply = await d.call('CreateActivitiesBatch', { ...known, entityName, batch: { records, keepForDays: 3 } });
      ok(reply, 200);
      expect(reply.body).toMatchObject({ succeeded: 2, failed: 0 });
      expect(reply.body.results.map((r: Json) => [r.index, r.status])).toEqual([
        [0, 201],
        [1, 201],
      ]);
      for (const at of times) created.push({ entityName, at: at.toISOString() });
    });

    test('ListCustomerActivities pages through nextLink, newest first, to every activity created here', async () => {
      const found = await createdActivitiesFound(d, { ...known, customerId: customer.CustomerId }, created);
      expect(found.missing).toEqual([]);
      expect(found.pages).toBeGreaterThan(1);
      expect(found.outOfOrder).toEqual([]);
      expect(found.first).toBe(0);
    });

    test('the Activity Type dropdown filters the timeline to the picked type', async () => {
      const types = await d.pick('ListCustomerActivities', 'activityType', known);
      const visit = types.find((o) => o.title === 'Website visit');
      expect(visit).toBeDefined();
      const customerId = customer.CustomerId;
      const reply = await d.call('ListCustomerActivities', { ...known, customerId, activityType: visit!.value });
      ok(reply, 200);
      expect(reply.body.value.length).toBeGreaterThan(0);
      expect(reply.body.value.every((a: Json) => a.activityType === visit!.value)).toBe(true);
    });

    test('FindCustomerProfiles by every alternate key and by email', async () => {
      const lookups = await d.pick('FindCustomerProfiles', 'lookup', known);
      const keys = lookups.filter((o) => CUSTOMER_KEY_COLUMNS.includes(o.value as never));
      expect(keys.map((o) => o.value).sort()).toEqual([...CUSTOMER_KEY_COLUMNS].sort());
      const email = lookups.find((o) => o.title === 'Email');
      expect(email).toBeDefined();
      for (const lookup of [...keys, email!]) {
        const value = customer[lookup.value as string];
        const reply = await d.call('FindCustomerProfiles', { ...known, lookup: lookup.value, value, top: 10 });
        ok(reply, 200);
        expect(reply.body.value.map((p: Json) => p.CustomerId)).toContain(customer.CustomerId);
      }
    });

    test('UpdateCustomerProfile with a form from the schema; GetCustomerProfile then shows the new values', async () => {
      const customerId = customer.CustomerId;
      const schema = await d.bodySchema('UpdateCustomerProfile', known);
      const profileChanges = fillFromSchema(schema, { at: new Date() });
      expect(Object.keys(profileChanges).length).toBeGreaterThan(1);
      const reply = await d.call('UpdateCustomerProfile', { ...known, customerId, keepForHours: 2, profileChanges });
      ok(reply, 200);
      expect(reply.body.customerId).toBe(customerId);
      expect([...reply.body.updatedFields].sort()).toEqual(Object.keys(profileChanges).sort());
      const profile = await d.call('GetCustomerProfile', { ...known, customerId });
      ok(profile, 200);
      expect(profile.body).toMatchObject({ CustomerId: customerId, ...profileChanges });
    });

    test('a body without a required field gets the one error shape, naming the field', async () => {
      const schema = schemas.WebStore_webPurchases;
      const missing = (schema.required as string[])[0];
      const activity = fillFromSchema(schema, { at: nextActivityTime() });
      delete activity[missing];
      const reply = await d.call('CreateActivity', { ...known, entityName: 'WebStore_webPurchases', activity });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'MissingField', target: expect.stringContaining(missing) });
      expect(reply.body.error.message).toContain(missing);
    });

    test('GetUsage reflects the calls of this play; CI saw the writes under the expected identity', async () => {
      const usage = await d.call('GetUsage', { ...known, hours: 1 });
      ok(usage, 200);
      expect(
        usageCount(usage.body, 'CreateActivity') - usageCount(usageBefore, 'CreateActivity'),
      ).toBeGreaterThanOrEqual(6);
      for (const op of ['CreateUnifiedActivity', 'CreateActivitiesBatch', 'UpdateCustomerProfile']) {
        expect(usageCount(usage.body, op) - usageCount(usageBefore, op)).toBeGreaterThanOrEqual(1);
      }
      expect(usage.body.byCaller.map((g: Json) => g.key)).toContain(c.callerLabel);
      const writes = (await ciRequests(c.ciUrl)).filter((r) => r.method !== 'GET' && r.query.caller === c.callerLabel);
      expect(writes.length).toBeGreaterThanOrEqual(7);
      expect([...new Set(writes.map((w) => w.principal))]).toEqual([c.ciPrincipal]);
    });

    test('every operation of the swagger was called', () => {
      expect([...d.called].sort()).toEqual(
        d
          .operationIds()
          .map((o) => o.operationId)
          .sort(),
      );
    });
  });
}
