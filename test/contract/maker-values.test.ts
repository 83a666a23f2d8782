/**
 * Values as makers' flows send them (dynamic content from spreadsheets, forms and lists): what has one reading in
 * every locale is coerced and stored typed in CI; what could be read two ways is refused with the label, the name,
 * an example of a good value and the way to fix it, and nothing is sent upstream.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;

const api = (path: string) => `/api/instances/${PROD}${path}`;
const purchase = (extra: Record<string, unknown>) => ({
  PurchaseId: randomUUID(),
  WebCustomerId: 'WCI-0000002',
  PurchasedOn: '2026-11-01T10:00:00Z',
  TotalAmount: 10,
  ...extra,
});
const post = (body: unknown) =>
  request(stack.proxy.url)
    .post(api('/activities/WebStore_webPurchases'))
    .set('Authorization', stack.auth.alice)
    .send(body as object);
/** The record CI stored for a purchase id. */
const stored = (purchaseId: string) =>
  stack.emu.ci.store
    .realtimeActivities(PROD, 'WebStore_webPurchases', stack.emu.clock.now())
    .find((a) => a.key === purchaseId)?.record;

beforeAll(async () => {
  stack = await startOpsStack();
  check = new ResponseChecker(stack.contract);
});
afterAll(() => stack.close());
beforeEach(() => stack.emu.ci.requests.clear());

describe('coerced: one reading in every locale', () => {
  test.each([
    [{ TotalAmount: '1,234.50' }, { TotalAmount: 1234.5 }],
    [{ TotalAmount: '1.234,50' }, { TotalAmount: 1234.5 }],
    [{ OrderNumber: '1,234,567' }, { OrderNumber: 1234567 }],
    [{ IsGift: 'Yes' }, { IsGift: true }],
    [{ IsGift: 'no' }, { IsGift: false }],
  ])('%j is stored as %j', async (given, expected) => {
    const body = purchase(given);
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(stored(body.PurchaseId)).toMatchObject(expected);
  });
});

describe('refused with the label, the name and the way to fix it; nothing sent', () => {
  test.each([
    ['PurchasedOn', '22/11/2026', ['Purchased On', 'PurchasedOn', '2026-11-22T09:00:00Z', 'parseDateTime']],
    ['DeliveryDate', '11.22.2026', ['Delivery Date', 'DeliveryDate', '2026-11-22', 'parseDateTime']],
    ['PurchasedOn', '46348', ['Excel date serial']],
    ['TotalAmount', '1,234', ['Total Amount', 'TotalAmount', 'thousands separators', 'such as 1234.5']],
    ['TotalAmount', '1,5', ['thousands separators']],
    ['TotalAmount', '€12.50', ['without a currency sign']],
    ['TotalAmount', '12.50 EUR', ['without a currency sign']],
    ['IsGift', 'Maybe', ['Gift Order', 'IsGift', 'must be true or false, or Yes or No']],
    ['PurchaseId', 'order-17', ['Purchase ID', 'guid()']],
  ])('%s = %p', async (field, value, says) => {
    const res = await post(purchase({ [field]: value }));
    expect({ status: res.status, code: res.body.error?.code, target: res.body.error?.target }).toEqual({
      status: 400,
      code: 'InvalidField',
      target: `body.${field}`,
    });
    expect(check.error(res.body)).toEqual([]);
    for (const text of says) expect(res.body.error.message).toContain(text);
    expect(stack.emu.ci.requests.list().filter((r) => r.method === 'POST')).toEqual([]);
  });
});

test('empty strings from unset dynamic content are dropped, not sent as values', async () => {
  const body = purchase({ OrderNumber: '', IsGift: '', DeliveryDate: ' ', Currency: '' });
  const res = await post(body);
  expect(res.status).toBe(201);
  const record = stored(body.PurchaseId)!;
  // CI keeps a field that was not sent as null; an empty string would have been refused (number, date) or stored.
  for (const field of ['OrderNumber', 'IsGift', 'DeliveryDate', 'Currency']) expect(record[field] ?? null).toBeNull();
});
