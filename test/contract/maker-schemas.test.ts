/**
 * The forms a maker fills, as the designer renders them from GetActivitySchema and GetProfileUpdateSchema: Title Case
 * labels like the connector's static ones, descriptions that say which field names the customer, what a key must be,
 * the format with an example, and for UnifiedActivity what CustomerId and ActivityType are. Error messages use the
 * same labels the form shows.
 */
import request from 'supertest';
import { PROD, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

type Schema = {
  'x-ms-summary': string;
  description: string;
  required?: string[];
  properties: Record<string, { 'x-ms-summary': string; description: string }>;
};

let stack: OpsStack;
const api = (path: string) => `/api/instances/${PROD}${path}`;
const schemaOf = async (path: string): Promise<Schema> => {
  const res = await request(stack.proxy.url).get(api(path)).set('Authorization', stack.auth.alice);
  expect(res.status).toBe(200);
  return res.body.schema as Schema;
};

beforeAll(async () => {
  stack = await startOpsStack();
});
afterAll(() => stack.close());

/** Title Case as the connector's static labels: every word of two or more lowercase letters starts with a capital. */
const MINOR = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to']);
const notTitleCase = (label: string) =>
  label
    .split(/[\s/-]+/)
    .slice(1)
    .some((w) => /^[a-z]{2,}$/.test(w) && !MINOR.has(w));

test.each([
  'schemas/activities/WebStore_webPurchases',
  'schemas/activities/PoS_posPurchases',
  'schemas/activities/Website_siteVisits',
  'schemas/activities/UnifiedActivity',
  'schemas/profile-update',
  'schemas/profile',
])('%s: every label is Title Case', async (path) => {
  const schema = await schemaOf(`/${path}`);
  const labels = Object.values(schema.properties).map((p) => p['x-ms-summary']);
  expect(labels.filter(notTitleCase)).toEqual([]);
});

test('an activity table’s form is titled by its activity type and says which field names the customer', async () => {
  const schema = await schemaOf('/schemas/activities/WebStore_webPurchases');
  expect(schema['x-ms-summary']).toBe('Web purchase');
  expect(schema.description).toContain('WebStore_webPurchases');
  const link = schema.properties.WebCustomerId;
  expect(link['x-ms-summary']).toBe('Web Customer ID');
  expect(link.description).toContain('Names the customer');
  expect(link.description).toContain('WebStore_webCustomers_WebCustomerId');
  expect(link.description).toContain('shows on no timeline');
  expect(schema.properties.PurchaseId.description).toContain('guid()');
  expect(schema.properties.PurchasedOn.description).toMatch(/such as 2026-11-22T09:00:00Z.*timeline is ordered by it/);
  // The full int32 range is noise; the field type already says whole number.
  expect(schema.properties.ItemCount.description).not.toContain('2147483647');
});

test('UnifiedActivity explains CustomerId and lists the environment’s activity types for ActivityType', async () => {
  const schema = await schemaOf('/schemas/activities/UnifiedActivity');
  expect(schema.required).toEqual(expect.arrayContaining(['CustomerId', 'ActivityType']));
  expect(schema.properties.CustomerId.description).toContain('Find customer profiles');
  expect(schema.properties.ActivityType.description).toContain('WebPurchase (Web purchase)');
  expect(schema.properties.ActivityType.description).toContain('SiteVisit (Website visit)');
});

test('an error names the field by the label the form shows and by its name', async () => {
  const res = await request(stack.proxy.url)
    .post(api('/activities/WebStore_webPurchases'))
    .set('Authorization', stack.auth.alice)
    .send({
      PurchaseId: 'b0e6a1c2-7d2f-4f0e-9a57-0c2b3f5d9e11',
      WebCustomerId: 'W',
      PurchasedOn: 'soon',
      TotalAmount: 1,
    });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toContain('body.PurchasedOn (Purchased On)');
});
