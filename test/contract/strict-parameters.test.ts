/**
 * Parameters mean exactly what they say, or are refused before anything reaches Customer Insights: numbers are
 * decimal (`keepForDays=0x10` is not 16 days, `1e1` not 10), a misspelt query parameter is an error rather than
 * silently ignored (`keepforDays=7` would keep the data 30 days), an impossible Customer ID never becomes a CI call,
 * and an instance GUID typed in capitals is the same environment (and the same Idempotency-Key scope).
 */
import request from 'supertest';
import { fillFromSchema } from '../support/proxy-ops-fill';
import { PROD, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let visit: Record<string, unknown>;
let customerId: string;

const api = (path: string, instance: string = PROD) => `/api/instances/${instance}${path}`;
const get = (path: string) => request(stack.proxy.url).get(path).set('Authorization', stack.auth.alice);
const post = (path: string, body: object) =>
  request(stack.proxy.url).post(path).set('Authorization', stack.auth.alice).send(body);
/** The calls CI received since the last `clear()`, as `METHOD path`. */
const ciCalls = () => stack.emu.ci.requests.list().map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  stack = await startOpsStack();
  const schema = (await get(api('/schemas/activities/Website_siteVisits'))).body.schema;
  visit = fillFromSchema(schema, stack.emu.clock.now());
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[0].CustomerId);
});
afterAll(() => stack.close());
beforeEach(() => stack.emu.ci.requests.clear());

function expectRefused(res: request.Response, status: number, code: string, target: string): void {
  expect({ status: res.status, code: res.body?.error?.code, target: res.body?.error?.target }).toEqual({
    status,
    code,
    target,
  });
}

describe('numbers in the query string are decimal', () => {
  it.each(['0x10', '1e1', '0b11', '0o7', '16.0', 'Infinity', '１６'])(
    'keepForDays=%s is 400 InvalidField and nothing is stored',
    async (value) => {
      const res = await post(`${api('/activities/Website_siteVisits')}?keepForDays=${encodeURIComponent(value)}`, {
        ...visit,
        VisitId: `strict-${value}`,
      });
      expectRefused(res, 400, 'InvalidField', 'query.keepForDays');
      expect(res.body.error.message).toContain('decimal');
      expect(ciCalls().filter((c) => c.startsWith('POST'))).toEqual([]);
    },
  );

  it.each([
    ['FindCustomerProfiles', '/profiles?lookup=CustomerId&value=x&top=0x10'],
    ['ListCustomerActivities', '/profiles/CUSTOMER/activities?top=1e1'],
    ['GetUsage', '/usage?hours=0x18'],
  ])('%s refuses a hex or exponent integer', async (_op, path) => {
    const res = await get(api(path.replace('CUSTOMER', customerId)));
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'InvalidField' });
    expect(res.body.error.target).toMatch(/^query\.(top|hours)$/);
  });

  it('a decimal keepForDays still works (control): 7 days', async () => {
    const res = await post(`${api('/activities/Website_siteVisits')}?keepForDays=7`, { ...visit, VisitId: 'strict-7' });
    expect(res.status).toBe(201);
    const days = (Date.parse(res.body.validUntil) - stack.emu.clock.now()) / 86_400_000;
    expect(Math.round(days)).toBe(7);
  });
});

describe('a query parameter the action does not declare is refused', () => {
  it('keepforDays (a typo) is 400 UnknownParameter naming it, and nothing is kept 30 days', async () => {
    const res = await post(`${api('/activities/Website_siteVisits')}?keepforDays=7`, {
      ...visit,
      VisitId: 'strict-typo',
    });
    expectRefused(res, 400, 'UnknownParameter', 'query.keepforDays');
    expect(res.body.error.message).toContain('query.keepForDays');
    expect(ciCalls()).toEqual([]);
  });

  it('on reads too, and on actions that take no query parameters', async () => {
    expectRefused(await get(api('/entities?kind=activity&Kind=profile')), 400, 'UnknownParameter', 'query.Kind');
    expectRefused(await get('/api/instances?debug=1'), 400, 'UnknownParameter', 'query.debug');
  });
});

describe('Customer IDs', () => {
  it.each(['__proto__', 'constructor', 'WCI-0000002'])(
    'PATCH of %s is 404 ProfileNotFound without calling CI',
    async (wrong) => {
      const res = await request(stack.proxy.url)
        .patch(api(`/profiles/${encodeURIComponent(wrong)}`))
        .set('Authorization', stack.auth.alice)
        .send({ LoyaltyTier: 'Gold' });
      expectRefused(res, 404, 'ProfileNotFound', 'path.customerId');
      expect(ciCalls().filter((c) => c.startsWith('PATCH'))).toEqual([]);
      expect(ciCalls().filter((c) => c.includes('__proto__') || c.includes('WCI-'))).toEqual([]);
    },
  );

  it('a real Customer ID still reaches CI (control)', async () => {
    const res = await request(stack.proxy.url)
      .patch(api(`/profiles/${customerId}`))
      .set('Authorization', stack.auth.alice)
      .send({ LoyaltyTier: 'Gold' });
    expect(res.status).toBe(200);
    expect(ciCalls().filter((c) => c.startsWith('PATCH'))).toHaveLength(1);
  });
});

describe('instance ids are one GUID whatever their case', () => {
  it('an Idempotency-Key retried with the instance id in capitals is a replay, not 409', async () => {
    const body = { ...visit, VisitId: 'strict-idem-case' };
    const first = await post(api('/activities/Website_siteVisits'), body).set('Idempotency-Key', 'case-1');
    const again = await post(api('/activities/Website_siteVisits', PROD.toUpperCase()), body).set(
      'Idempotency-Key',
      'case-1',
    );
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(ciCalls().filter((c) => c.startsWith('POST'))).toHaveLength(1);
  });
});
