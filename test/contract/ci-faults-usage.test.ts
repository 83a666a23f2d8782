/** Fault injection (429/503 with Retry-After, delay, hang, reset), usage telemetry, request log, malformed input. */
import { ciCall, inst, PROD, SANDBOX } from '../support/ci-client';
import { ciTokens, useEmulator, type CiCaller } from '../support/emulator';

const env = useEmulator({ maxBodyBytes: 4_096 });
let tokens: Record<CiCaller, string>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Promise<Response>): Promise<any> => (await res).json();
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${env.current.ciUrl}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const instances = () => ciCall(env.current.ciUrl, 'GET', '/v1/instances', { token: tokens.proxy });

beforeAll(async () => {
  tokens = await ciTokens(env.current.entraUrl);
});
afterEach(async () => {
  await control('DELETE', '/faults');
});

describe('fault injection', () => {
  it('answers the next N matching requests with 429 + Retry-After, then recovers', async () => {
    expect(
      (
        await control('POST', '/faults', {
          match: { path: '/v1/instances' },
          count: 2,
          fault: { kind: 'status', status: 429, retryAfterSeconds: 7 },
        })
      ).status,
    ).toBe(201);
    for (let i = 0; i < 2; i++) {
      const res = await instances();
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.body).toEqual({ statusCode: 429, message: expect.stringMatching(/Rate limit/) });
    }
    expect((await instances()).status).toBe(200);
  });

  it('answers 503 with Retry-After in the route’s error shape, only for the matching method and instance', async () => {
    await control('POST', '/faults', {
      match: { method: 'POST', instanceId: PROD.instanceId },
      fault: { kind: 'status', status: 503 },
    });
    expect((await instances()).status).toBe(200);
    const res = await ciCall(env.current.ciUrl, 'POST', inst(PROD.instanceId, '/data/PoS_posPurchases'), {
      token: tokens.proxy,
      body: {},
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toMatchObject({ errorCode: 'ServiceUnavailable' });
  });

  it('delays a request and then serves it', async () => {
    await control('POST', '/faults', { fault: { kind: 'delay', ms: 50 } });
    const list = await json(control('GET', '/requests'));
    const before = list.value.length;
    expect((await instances()).status).toBe(200);
    const after = (await json(control('GET', '/requests'))).value;
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ fault: 'delay', status: 200 });
  });

  it('resets the connection', async () => {
    await control('POST', '/faults', { fault: { kind: 'reset' } });
    await expect(instances()).rejects.toThrow();
    expect((await instances()).status).toBe(200);
  });

  it('hangs a request until the faults are cleared', async () => {
    await control('POST', '/faults', { fault: { kind: 'hang' } });
    const pending = instances().then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((r) => setImmediate(r));
    await control('DELETE', '/faults');
    expect(await pending).toBe('closed');
  });

  it('refuses a malformed fault rule naming the field', async () => {
    const res = await control('POST', '/faults', { fault: { kind: 'status', status: 418 } });
    expect(res.status).toBe(400);
    expect((await json(Promise.resolve(res))).error.target).toBe('fault.status');
  });
});

describe('malformed input never crashes the server', () => {
  const post = (rawBody: string, contentType = 'application/json') =>
    ciCall(env.current.ciUrl, 'POST', inst(PROD.instanceId, '/data/PoS_posPurchases'), {
      token: tokens.proxy,
      rawBody,
      contentType,
    });

  it.each([
    ['bad JSON', '{"Amount": ', 400, 'InvalidJson'],
    ['an array', '[{}]', 400, 'InvalidPayload'],
    ['an empty body', '', 400, 'InvalidPayload'],
    ['an oversized body', JSON.stringify({ StoreId: 'x'.repeat(5_000) }), 413, 'PayloadTooLarge'],
  ])('answers %s with a CI-shaped error', async (_what, body, status, errorCode) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ errorCode, target: 'body' });
    expect((await instances()).status).toBe(200);
  });

  it('answers unknown routes and bad percent-encoding with JSON errors', async () => {
    expect((await ciCall(env.current.ciUrl, 'GET', '/v1/nothing', { token: tokens.proxy })).body.errorCode).toBe(
      'ResourceNotFound',
    );
    const bad = await ciCall(env.current.ciUrl, 'GET', inst(PROD.instanceId, '/manage/entities/%E0%A4%A'), {
      token: tokens.proxy,
    });
    expect(bad.status).toBe(400);
  });
});

describe('usage telemetry', () => {
  it('counts calls and bytes by operation, entity, caller, result and error code', async () => {
    const from = new Date(env.current.clock.now() - 1_000).toISOString();
    const sandbox = { token: tokens.proxy, key: SANDBOX.primaryKey };
    await ciCall(env.current.ciUrl, 'POST', inst(SANDBOX.instanceId, '/data/PoS_posPurchases?caller=usage-test'), {
      ...sandbox,
      body: { Quantity: 'x' },
    });
    await ciCall(env.current.ciUrl, 'GET', inst(SANDBOX.instanceId, '/data/Customer?$top=2'), sandbox);
    const to = new Date(env.current.clock.now() + 60_000).toISOString();
    const report = await json(
      control('GET', `/usage?instanceId=${SANDBOX.instanceId}&from=${from}&to=${to}&bucket=minute`),
    );
    expect(report.byOperation).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'Create-an-entity', calls: 1 }),
        expect.objectContaining({ key: 'Get-entities-with-OData-path', calls: 1 }),
      ]),
    );
    expect(report.byCaller).toContainEqual(expect.objectContaining({ key: 'usage-test', calls: 1 }));
    expect(report.byEntity).toContainEqual(expect.objectContaining({ key: 'PoS_posPurchases' }));
    expect(report.byErrorCode).toContainEqual(expect.objectContaining({ key: 'InvalidAttributeValue', calls: 1 }));
    expect(report.totals.calls).toBe(2);
    expect(report.totals.bytes).toBeGreaterThan(0);
  });

  it('holds 30 days of seeded history in hourly buckets', async () => {
    const report = await json(
      control(
        'GET',
        `/usage?instanceId=${PROD.instanceId}&from=${new Date(env.current.clock.now() - 30 * 86_400_000).toISOString()}&bucket=day`,
      ),
    );
    expect(report.series.length).toBeGreaterThanOrEqual(30);
    expect(report.totals.calls).toBeGreaterThan(1_000);
    expect(report.byResult.map((g: { key: string }) => g.key).sort()).toEqual(['failure', 'success']);
  });
});
