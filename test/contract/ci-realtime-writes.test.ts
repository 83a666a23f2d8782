/**
 * Real-time writes: POST data/{entity} (activities, source or UnifiedActivity format) and PATCH data/Customer/{id}
 * (profile overrides), their validation, expiry on the movable clock, and the scheduled refresh.
 */
import { randomUUID } from 'node:crypto';
import { ciCall, inst, PROD } from '../support/ci-client';
import { ciTokens, useEmulator, type CiCaller } from '../support/emulator';

const env = useEmulator();
let tokens: Record<CiCaller, string>;
let customer: Record<string, string>;
const call = (method: string, path: string, body?: unknown, token = tokens.proxy) =>
  ciCall(env.current.ciUrl, method, inst(PROD.instanceId, path), { token, body });
const timeline = async (customerId: string) =>
  (await call('GET', `/data/UnifiedActivity?$filter=CustomerId eq '${customerId}'&$orderby=ActivityTime desc`)).body
    .value as Record<string, unknown>[];
const iso = (msFromNow: number) => new Date(env.current.clock.now() + msFromNow).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function posPurchase(overrides: Record<string, unknown> = {}) {
  return {
    TransactionId: 90_000_000_000 + Math.floor(Math.random() * 1e9),
    CustomerNumber: customer.PoS_posCustomers_CustomerNumber,
    TransactionTime: new Date(env.current.clock.now()).toISOString(),
    StoreId: 'STORE-SEA-01',
    Amount: 42.5,
    Quantity: 2,
    ReceiptEmailed: true,
    BusinessDate: '2026-11-22',
    ...overrides,
  };
}

beforeAll(async () => {
  tokens = await ciTokens(env.current.entraUrl);
  const res = await call('GET', '/data/Customer?$top=1&$filter=PoS_posCustomers_CustomerNumber ne null');
  customer = res.body.value[0];
});

describe('POST data/{entityName}', () => {
  it('stores a source-format activity: 201, Location, the record, and it is on the customer’s timeline at once', async () => {
    const record = posPurchase();
    const res = await ciCall(
      env.current.ciUrl,
      'POST',
      inst(PROD.instanceId, '/data/PoS_posPurchases?caller=pos-gateway'),
      { token: tokens.proxy, body: record },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(
      `${env.current.ciUrl}/v1/instances/${PROD.instanceId}/data/PoS_posPurchases(${record.TransactionId})`,
    );
    expect(res.body).toMatchObject(record);
    const items = await timeline(customer.CustomerId);
    expect(items[0]).toMatchObject({
      SourceTableName: 'PoS_posPurchases',
      SourceActivityId: String(record.TransactionId),
      ActivityType: 'StorePurchase',
      CustomerId: customer.CustomerId,
    });
    const back = await ciCall(env.current.ciUrl, 'GET', new URL(res.headers.get('location') ?? '').pathname, {
      token: tokens.proxy,
    });
    expect(back.body).toMatchObject(record);
  });

  it('answers 409 to a second record with the same key (activities never change)', async () => {
    const record = posPurchase();
    expect((await call('POST', '/data/PoS_posPurchases', record)).status).toBe(201);
    const again = await call('POST', '/data/PoS_posPurchases', { ...record, Amount: 1 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ errorCode: 'Conflict', target: 'TransactionId' });
  });

  it('accepts the UnifiedActivity format for a known customer', async () => {
    const res = await call('POST', '/data/UnifiedActivity', {
      ActivityId: randomUUID(),
      CustomerId: customer.CustomerId,
      ActivityTime: iso(0),
      ActivityType: 'CallCenter',
      Title: 'Called about an order',
    });
    expect(res.status).toBe(201);
    expect((await timeline(customer.CustomerId)).some((a) => a.Title === 'Called about an order')).toBe(true);
  });

  it.each([
    ['a profile table', '/data/Customer', {}, 'entityName'],
    ['an unknown field', '/data/PoS_posPurchases', { Colour: 'red' }, 'Colour'],
    ['a wrong type', '/data/PoS_posPurchases', { Quantity: 'two' }, 'Quantity'],
    ['a bad date', '/data/PoS_posPurchases', { BusinessDate: '2026-02-30' }, 'BusinessDate'],
    ['a missing mandatory field', '/data/PoS_posPurchases', { StoreId: null }, 'StoreId'],
  ])('answers 400 ODataError naming the field for %s', async (_what, path, change, target) => {
    const res = await call('POST', path, posPurchase(change as Record<string, unknown>));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      errorCode: expect.any(String),
      message: expect.any(String),
      target,
      details: expect.any(Array),
      innerError: null,
    });
  });

  it('answers 400 for validUntil more than 30 days ahead or not RFC 3339', async () => {
    for (const v of [iso(31 * DAY), 'tomorrow', '2030-01-01']) {
      const res = await call('POST', `/data/PoS_posPurchases?validUntil=${encodeURIComponent(v)}`, posPurchase());
      expect(res.status).toBe(400);
      expect(res.body.target).toBe('validUntil');
    }
  });
});

describe('PATCH data/Customer/{CustomerId}', () => {
  it('overrides batch values for 4 hours by default, then the batch value shows again', async () => {
    const other = (await call('GET', '/data/Customer?$top=1&$skip=5')).body.value[0];
    const res = await call('PATCH', `/data/Customer/${other.CustomerId}`, {
      LoyaltyTier: 'Diamond',
      MarketingOptIn: !other.MarketingOptIn,
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const read = async () =>
      (await call('GET', `/data/Customer?$filter=CustomerId eq '${other.CustomerId}'`)).body.value[0];
    expect(await read()).toMatchObject({
      LoyaltyTier: 'Diamond',
      MarketingOptIn: !other.MarketingOptIn,
      FullName: other.FullName,
    });
    env.current.clock.advance(3 * HOUR);
    tokens = await ciTokens(env.current.entraUrl, true);
    expect((await read()).LoyaltyTier).toBe('Diamond');
    env.current.clock.advance(1.5 * HOUR);
    tokens = await ciTokens(env.current.entraUrl, true);
    expect((await read()).LoyaltyTier).toBe(other.LoyaltyTier);
  });

  it('keeps an unexpired override winning across a scheduled refresh', async () => {
    const row = (await call('GET', '/data/Customer?$top=1&$skip=7')).body.value[0];
    await call('PATCH', `/data/Customer/${row.CustomerId}?validUntil=${encodeURIComponent(iso(2 * DAY))}`, {
      PreferredStore: 'STORE-OVERRIDE',
    });
    const refreshed = await fetch(`${env.current.ciUrl}/_emulator/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await refreshed.json()) as { value: unknown[] }).value).toHaveLength(2);
    const after = (await call('GET', `/data/Customer?$filter=CustomerId eq '${row.CustomerId}'`)).body.value[0];
    expect(after.PreferredStore).toBe('STORE-OVERRIDE');
  });

  it.each([
    ['an unknown customer', `/data/Customer/${'a'.repeat(32)}`, { Phone: '+1' }, 404, 'entityId'],
    ['a malformed id', '/data/Customer/xyz', { Phone: '+1' }, 400, 'entityId'],
    ['the key attribute', null, { CustomerId: 'b'.repeat(32) }, 400, 'CustomerId'],
    ['a read-only attribute', null, { FullName: 'X' }, 400, 'FullName'],
    ['an unknown attribute', null, { ShoeSize: 44 }, 400, 'ShoeSize'],
    ['an activity table', '/data/PoS_posPurchases/1', { Amount: 1 }, 400, 'entityName'],
  ])('answers an ODataError for %s', async (_what, path, body, status, target) => {
    const res = await call('PATCH', path ?? `/data/Customer/${customer.CustomerId}`, body);
    expect(res.status).toBe(status);
    expect(res.body.target).toBe(target);
  });

  it('answers 405 to DELETE (profiles are never deleted here)', async () => {
    const res = await call('DELETE', `/data/Customer/${customer.CustomerId}`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('PATCH');
  });
});

describe('activity expiry', () => {
  it('drops a real-time activity after its default 30 days', async () => {
    const record = posPurchase();
    expect((await call('POST', '/data/PoS_posPurchases', record)).status).toBe(201);
    const has = async () =>
      (await timeline(customer.CustomerId)).some((a) => a.SourceActivityId === String(record.TransactionId));
    expect(await has()).toBe(true);
    env.current.clock.advance(30 * DAY + HOUR);
    tokens = await ciTokens(env.current.entraUrl, true);
    expect(await has()).toBe(false);
  });
});
