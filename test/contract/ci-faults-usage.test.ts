/** Fault injection (429/503 with Retry-After, delay, hang, reset, lose-response), usage telemetry, request log, malformed input. */
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

  describe('lose-response: handled and stored, but the answer never reaches the caller', () => {
    const purchase = () => ({
      TransactionId: 91_000_000_000 + Math.floor(Math.random() * 1e9),
      CustomerNumber: 'CN-0000012',
      TransactionTime: '2025-02-01T09:30:00Z',
      StoreId: 'STORE-SEA-01',
      Amount: 19.99,
    });
    const create = (record: object) =>
      ciCall(env.current.ciUrl, 'POST', inst(PROD.instanceId, '/data/PoS_posPurchases?caller=lost-answer'), {
        token: tokens.proxy,
        body: record,
      });
    const readBack = (id: number) =>
      ciCall(env.current.ciUrl, 'GET', inst(PROD.instanceId, `/data/PoS_posPurchases(${id})`), {
        token: tokens.proxy,
      });
    const lastLogged = async () => (await json(control('GET', '/requests'))).value.at(-1);

    it('then reset: the caller sees a reset; the record is stored, logged 201 and counted in usage', async () => {
      const from = new Date(env.current.clock.now() - 1_000).toISOString();
      await control('POST', '/faults', {
        match: { method: 'POST', path: 'data/PoS_posPurchases' },
        fault: { kind: 'lose-response', then: 'reset' },
      });
      const record = purchase();
      await expect(create(record)).rejects.toThrow();
      expect(await lastLogged()).toMatchObject({ method: 'POST', status: 201, fault: 'lose-response' });
      const stored = await readBack(record.TransactionId);
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({ TransactionId: record.TransactionId, StoreId: 'STORE-SEA-01' });
      // The caller's retry meets its own first attempt: CI refuses the duplicate.
      expect((await create(record)).status).toBe(409);
      const to = new Date(env.current.clock.now() + 60_000).toISOString();
      const usage = await json(control('GET', `/usage?instanceId=${PROD.instanceId}&from=${from}&to=${to}`));
      expect(usage.byCaller).toContainEqual(expect.objectContaining({ key: 'lost-answer', calls: 2 }));
    });

    it('then hang: no answer until the faults are cleared, while the record is already readable', async () => {
      await control('POST', '/faults', {
        match: { method: 'POST' },
        fault: { kind: 'lose-response', then: 'hang' },
      });
      const record = purchase();
      let settled = false;
      const pending = create(record).then(
        () => 'answered',
        () => 'closed',
      );
      void pending.then(() => (settled = true));
      // Read until the write is visible (bounded): the hung POST was handled though its caller heard nothing.
      let stored = await readBack(record.TransactionId);
      for (let i = 0; i < 50 && stored.status === 404; i++) stored = await readBack(record.TransactionId);
      expect(stored.status).toBe(200);
      expect(settled).toBe(false);
      const logged = (await json(control('GET', '/requests'))).value;
      expect(logged.filter((r: { method: string }) => r.method === 'POST').at(-1)).toMatchObject({
        status: 201,
        fault: 'lose-response',
      });
      await control('DELETE', '/faults');
      expect(await pending).toBe('closed');
    });

    it('refuses an unknown way of losing the answer, naming the field', async () => {
      const res = await control('POST', '/faults', { fault: { kind: 'lose-response', then: 'explode' } });
      expect(res.status).toBe(400);
      expect((await json(Promise.resolve(res))).error.target).toBe('fault.then');
    });
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
