/** GET data/{path}: the OData subset, 100-row pages with @odata.nextLink, CI's $filter/$search/$expand limits. */
import { ciCall, inst, PROD } from '../support/ci-client';
import { ciTokens, useEmulator, type CiCaller } from '../support/emulator';

const env = useEmulator();
let tokens: Record<CiCaller, string>;
const get = (path: string) => ciCall(env.current.ciUrl, 'GET', inst(PROD.instanceId, path), { token: tokens.proxy });

beforeAll(async () => {
  tokens = await ciTokens(env.current.entraUrl);
});

describe('GET data/{relativePath}', () => {
  it('pages 100 rows at a time and follows @odata.nextLink to the end', async () => {
    const first = await get('/data/Customer?$count=true');
    expect(first.status).toBe(200);
    expect(first.headers.get('odata-version')).toBe('4.0');
    expect(first.body['@odata.context']).toContain('$metadata#Customer');
    expect(first.body.value).toHaveLength(100);
    let seen = first.body.value.length;
    let next: string | undefined = first.body['@odata.nextLink'];
    while (next) {
      const page = await ciCall(env.current.ciUrl, 'GET', next.slice(env.current.ciUrl.length), {
        token: tokens.proxy,
      });
      seen += page.body.value.length;
      next = page.body['@odata.nextLink'];
    }
    expect(seen).toBe(first.body['@odata.count']);
  });

  it('applies $filter, $select, $orderby and $top with $top spanning pages', async () => {
    const res = await get(
      "/data/Customer?$filter=LoyaltyTier in ('Gold','Platinum') and LoyaltyPoints ge 10&$select=CustomerId,LoyaltyTier,LoyaltyPoints&$orderby=LoyaltyPoints desc&$top=150",
    );
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(100);
    expect(Object.keys(res.body.value[0]).sort()).toEqual(['CustomerId', 'LoyaltyPoints', 'LoyaltyTier']);
    const points = res.body.value.map((r: { LoyaltyPoints: number }) => r.LoyaltyPoints);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    const rest = await ciCall(env.current.ciUrl, 'GET', res.body['@odata.nextLink'].slice(env.current.ciUrl.length), {
      token: tokens.proxy,
    });
    expect(rest.body.value.length).toBeLessThanOrEqual(50);
    expect(rest.body['@odata.nextLink']).toBeUndefined();
  });

  it('expands UnifiedActivity and Customer_Measure on Customer', async () => {
    const res = await get('/data/Customer?$top=3&$expand=UnifiedActivity,Customer_Measure');
    expect(res.status).toBe(200);
    for (const c of res.body.value) {
      expect(Array.isArray(c.UnifiedActivity)).toBe(true);
      for (const a of c.UnifiedActivity) expect(a.CustomerId).toBe(c.CustomerId);
      expect(c.Customer_Measure[0].CustomerId).toBe(c.CustomerId);
    }
  });

  it('answers 400 for $filter on an ingested source table', async () => {
    const res = await get("/data/PoS_posPurchases?$filter=StoreId eq 'STORE-SEA-01'");
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'FilterNotSupported', target: '$filter' });
    expect((await get('/data/PoS_posPurchases?$top=5')).body.value).toHaveLength(5);
  });

  it('searches Customer, and other tables only with forceSearch', async () => {
    const someone = (await get('/data/Customer?$top=1')).body.value[0];
    const found = await get(`/data/Customer?$search="${someone.LastName}"&$top=100`);
    expect(found.body.value.some((c: { CustomerId: string }) => c.CustomerId === someone.CustomerId)).toBe(true);
    expect((await get('/data/Website_siteVisits?$search=Mobile')).status).toBe(400);
    expect((await get('/data/Website_siteVisits?$search=Mobile&forceSearch=true')).status).toBe(200);
  });

  it('answers 400 ODataError naming the option for bad syntax, unknown attributes and unknown options', async () => {
    for (const [q, target] of [
      ['$filter=LoyaltyTier eq', '$filter'],
      ['$orderby=Nope', '$orderby'],
      ['$top=-1', '$top'],
      ['$expand=PoS_posPurchases', '$expand'],
      ['$bogus=1', '$bogus'],
      ['$skiptoken=zzz', '$skiptoken'],
    ]) {
      const res = await get(`/data/Customer?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.target).toBe(target);
    }
  });

  it('answers 404 for an unknown entity set and serves proxy=true partition links', async () => {
    const missing = await get('/data/Nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errorCode: 'EntityNotFound' });
    const proxied = await get('/data/Customer_Measure?proxy=true');
    const [{ uri }] = proxied.body.httpRequests;
    const csv = await (await fetch(uri)).text();
    expect(csv.split('\n').length).toBeGreaterThanOrEqual(1000);
  });
});
