/**
 * Hostile bodies from a signed-in caller: deep nesting (recursive code further down — fingerprints, reshaping,
 * JSON.stringify — would overflow the stack), huge arrays, prototype keys. Each gets a clear 4xx, nothing reaches CI,
 * and the proxy keeps serving.
 */
import request from 'supertest';
import { MAX_JSON_DEPTH } from '../../proxy/constants';
import { PROD, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
const api = (path: string) => `/api/instances/${PROD}${path}`;

beforeAll(async () => {
  stack = await startOpsStack();
});
afterAll(() => stack.close());

const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const writesSent = () => stack.emu.ci.requests.list().filter((r) => r.method !== 'GET');

/** Sends a raw JSON text as the body of `method path`. */
function send(method: 'post' | 'patch', path: string, text: string, key?: string) {
  const agent = request(stack.proxy.url);
  const req = (method === 'post' ? agent.post(api(path)) : agent.patch(api(path)))
    .set('Authorization', stack.auth.alice)
    .set('Content-Type', 'application/json');
  if (key) req.set('Idempotency-Key', key);
  return req.send(text);
}

describe('deeply nested JSON', () => {
  it.each([
    ['CreateActivity, as a field value', 'post', '/activities/PoS_posPurchases', (d: string) => `{"Amount":${d}}`],
    [
      'CreateActivity with an Idempotency-Key',
      'post',
      '/activities/PoS_posPurchases',
      (d: string) => `{"Amount":${d}}`,
    ],
    ['a batch record', 'post', '/activities/PoS_posPurchases/batch', (d: string) => `{"records":[{"x":${d}}]}`],
    ['UpdateCustomerProfile', 'patch', '/profiles/some-customer', (d: string) => `{"MarketingOptIn":${d}}`],
  ] as const)(
    '%s: 400 InvalidJson naming the field and the nesting, nothing sent',
    async (what, method, path, wrap) => {
      stack.emu.ci.requests.clear();
      const res = await send(method, path, wrap(nested(100_000)), what.includes('Idempotency') ? 'deep-1' : undefined);
      expect(res.status).toBe(400);
      const field = /^\{"(\w+)"/.exec(wrap(''))![1];
      expect(res.body.error).toMatchObject({ code: 'InvalidJson', target: `body.${field}` });
      expect(res.body.error.message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
      expect(writesSent()).toEqual([]);
    },
  );

  it('nesting up to the bound is left to field validation, which refuses the record without failing', async () => {
    for (const depth of [5, MAX_JSON_DEPTH - 1]) {
      const res = await send('post', '/activities/PoS_posPurchases', `{"Amount":${nested(depth)}}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toMatch(/^(InvalidField|MissingField)$/);
      expect(res.body.error.message).not.toContain('deeper than');
    }
  });
});

describe('huge arrays and many keys', () => {
  it('a batch of 150,000 records is refused as TooManyRecords without being sent', async () => {
    stack.emu.ci.requests.clear();
    const res = await send('post', '/activities/PoS_posPurchases/batch', `{"records":[${'{},'.repeat(149_999)}{}]}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('TooManyRecords');
    expect(writesSent()).toEqual([]);
  });

  it('a record with 60,000 unknown fields is refused naming one', async () => {
    const fields = Array.from({ length: 60_000 }, (_, i) => `"f${i}":1`).join(',');
    const res = await send('post', '/activities/PoS_posPurchases', `{${fields}}`);
    expect(res.status).toBe(400);
    expect(['UnknownField', 'MissingField']).toContain(res.body.error.code);
  });
});

describe('prototype keys', () => {
  it('__proto__ and constructor keys are plain unknown fields and pollute nothing', async () => {
    const res = await send(
      'post',
      '/activities/PoS_posPurchases',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    );
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await request(stack.proxy.url).get('/healthz')).status).toBe(200);
  });
});
