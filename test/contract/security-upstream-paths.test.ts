/**
 * Can a caller steer where the proxy sends its request upstream? Path parameters are encoded segment by segment, but
 * the WHATWG URL parser still resolves a segment that is `.` or `..` (and `%2E%2E`), so `customerId=..` would turn
 * `PATCH …/data/Customer/..` into `PATCH …/data/` — a different CI endpoint, called with the proxy's key and, in app
 * mode, its identity. Such values are refused before anything is sent; query values cannot add parameters.
 */
import request from 'supertest';
import { createInboundAuth } from '../../proxy/auth/inbound';
import { createCiClient } from '../../proxy/upstream/ci-client';
import { createTokenProvider } from '../../proxy/upstream/token-provider';
import { localProxyConfig } from '../support/proxy-platform-stack';
import { PROD, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
const api = (path: string) => `/api/instances/${PROD}${path}`;

beforeAll(async () => {
  stack = await startOpsStack();
});
afterAll(() => stack.close());

/** What CI received while `send` ran. */
async function upstreamOf(send: () => Promise<request.Response>) {
  stack.emu.ci.requests.clear();
  const res = await send();
  return { res, sent: stack.emu.ci.requests.list().map((r) => `${r.method} ${r.path}`) };
}

describe('path parameters cannot leave their segment', () => {
  it.each([
    ['%2E%2E', 'PATCH'],
    ['%2e', 'PATCH'],
    ['..%2F..%2Fmanage', 'PATCH'],
    ['a%5C..%5C..', 'PATCH'],
    ['%2E%2E', 'GET'],
  ])('customerId %s (%s) is 400 InvalidField path.customerId and nothing is sent', async (id, method) => {
    const { res, sent } = await upstreamOf(() =>
      method === 'PATCH'
        ? request(stack.proxy.url)
            .patch(api(`/profiles/${id}/`))
            .set('Authorization', stack.auth.alice)
            .send({ MarketingOptIn: 'false' })
        : request(stack.proxy.url)
            .get(api(`/profiles/${id}/activities`))
            .set('Authorization', stack.auth.alice),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidField', target: 'path.customerId' });
    expect(sent).toEqual([]);
  });

  it.each(['%2E%2E', '.', 'x%2F..%2F..%2Finstances', '%00'])(
    'entityName %s is 400 InvalidField path.entityName and nothing is sent',
    async (name) => {
      const { res, sent } = await upstreamOf(() =>
        request(stack.proxy.url)
          .get(api(`/schemas/activities/${name}`))
          .set('Authorization', stack.auth.alice),
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'InvalidField', target: 'path.entityName' });
      expect(sent).toEqual([]);
    },
  );

  it('an instanceId must be a plain GUID (no urn:uuid: prefix)', async () => {
    const { res, sent } = await upstreamOf(() =>
      request(stack.proxy.url)
        .get(`/api/instances/urn:uuid:${PROD}/entities?kind=all`)
        .set('Authorization', stack.auth.alice),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidField', target: 'path.instanceId' });
    expect(sent).toEqual([]);
  });

  it('a customer id with dots, spaces and quotes cannot be a CustomerId: ProfileNotFound, nothing sent', async () => {
    const { res, sent } = await upstreamOf(() =>
      request(stack.proxy.url)
        .patch(api(`/profiles/${encodeURIComponent("a.b c'd..")}`))
        .set('Authorization', stack.auth.alice)
        .send({ MarketingOptIn: 'false' }),
    );
    expect(res.body.error).toMatchObject({ code: 'ProfileNotFound', target: 'path.customerId' });
    expect(sent.filter((s) => s.startsWith('PATCH'))).toEqual([]);
  });
});

describe('the CI client itself', () => {
  it('refuses a path with a dot segment, however encoded, without sending anything', async () => {
    const config = localProxyConfig(stack.emu.entraUrl, { CI_API_BASE_URL: `${stack.emu.ciUrl}/v1` });
    const ci = createCiClient(config, createTokenProvider(config));
    const caller = await createInboundAuth(config).authenticate(stack.auth.alice);
    stack.emu.ci.requests.clear();
    for (const path of [`instances/${PROD}/..`, `instances/${PROD}/%2e%2E/x`, `instances/${PROD}/.`, '../v2/x']) {
      const err = await ci.request({ method: 'GET', path, caller, operation: 'Test' }).catch((e: unknown) => e);
      expect([path, err]).toMatchObject([path, { code: 'InvalidField', extra: { target: 'path' } }]);
    }
    expect(stack.emu.ci.requests.list()).toEqual([]);
    await ci.close();
  });
});

describe('query values stay values', () => {
  it('an OData lookup value cannot close its literal or add query options', async () => {
    const { sent } = await upstreamOf(() =>
      request(stack.proxy.url)
        .get(api('/profiles'))
        .query({ lookup: 'Email', value: "x' or 1 eq 1&$top=1000&caller=evil" })
        .set('Authorization', stack.auth.alice),
    );
    const reads = stack.emu.ci.requests.list().filter((r) => r.path.endsWith('/data/Customer'));
    for (const r of reads) {
      expect(r.query.$top).not.toBe('1000');
      expect(String(r.query.$filter)).toContain("'x'' or 1 eq 1&$top=1000&caller=evil'");
    }
    expect(sent.length).toBeGreaterThan(0);
  });
});
