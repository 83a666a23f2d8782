import { requestAppToken, requestUserToken } from '../../emulator/entra';
import {
  AUTOMATION_APP,
  CI_RESOURCE,
  CONNECTOR_APP,
  OTHER_TENANT_ID,
  PROXY_APP,
  TENANT_ID,
  USERS,
} from '../../emulator/well-known';
import type { Caller } from '../../proxy/auth/caller';
import { createInboundAuth, type InboundAuth } from '../../proxy/auth/inbound';
import { AppError, renderError } from '../../proxy/errors';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';

let stack: RunningEntra;
let auth: InboundAuth;

beforeAll(async () => {
  stack = await startEntra();
  // Cooldown 0: a token signed with a freshly rotated key makes jose refetch the JWKS at once.
  auth = createInboundAuth(localProxyConfig(stack.url), { now: stack.clock.now, jwksCooldownMs: 0 });
});
afterAll(() => stack.close());

/** The AppError authenticate() rejects with (fails the test if it resolves). */
async function rejection(header: string | undefined, a: InboundAuth = auth): Promise<AppError> {
  const err = await a.authenticate(header).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('inbound token validation against the Entra stand-in', () => {
  it('accepts a v1 user token (aud = App ID URI) as a delegated caller', async () => {
    const token = await requestUserToken(stack.url, 'alice');
    expect(claims(token)).toMatchObject({ ver: '1.0', aud: PROXY_APP.appIdUri });
    const caller: Caller = await auth.authenticate(`Bearer ${token}`);
    expect(caller).toMatchObject({
      token,
      tenantId: TENANT_ID,
      objectId: USERS.alice.oid,
      appId: CONNECTOR_APP.clientId,
      delegated: true,
      scopes: ['user_impersonation'],
      name: USERS.alice.upn,
    });
    expect(caller.expiresAt).toBe(claims(token).exp);
  });

  it('accepts a v2 user token (aud = client id, v2 issuer)', async () => {
    stack.entra.setAccessTokenVersion(PROXY_APP.clientId, 2);
    try {
      const token = await requestUserToken(stack.url, 'bob');
      expect(claims(token)).toMatchObject({ ver: '2.0', aud: PROXY_APP.clientId });
      const caller = await auth.authenticate(`Bearer ${token}`);
      expect(caller).toMatchObject({ objectId: USERS.bob.oid, appId: CONNECTOR_APP.clientId, delegated: true });
    } finally {
      stack.entra.setAccessTokenVersion(PROXY_APP.clientId, 1);
    }
  });

  it('accepts an app-only token carrying the Proxy.Invoke role as a non-delegated caller', async () => {
    const caller = await auth.authenticate(`Bearer ${await requestAppToken(stack.url)}`);
    expect(caller).toMatchObject({
      objectId: AUTOMATION_APP.objectId,
      appId: AUTOMATION_APP.clientId,
      delegated: false,
      scopes: [],
      roles: ['Proxy.Invoke'],
    });
  });

  it('answers the same caller from its cache for a token seen before', async () => {
    const header = `Bearer ${await requestUserToken(stack.url, 'rita')}`;
    const first = await auth.authenticate(header);
    expect(await auth.authenticate(header)).toBe(first);
  });

  it('refuses a missing or malformed Authorization header with 401', async () => {
    const none = await rejection(undefined);
    expect([none.status, none.code, none.extra.headers]).toEqual([
      401,
      'Unauthenticated',
      { 'WWW-Authenticate': 'Bearer' },
    ]);
    const basic = await rejection('Basic dXNlcjpwYXNz');
    expect(basic.extra.headers?.['WWW-Authenticate']).toMatch(/^Bearer error="invalid_request"/);
    expect((await rejection('Bearer not-a-jwt')).status).toBe(401);
  });

  it('refuses a token for another audience (here: a token for Customer Insights)', async () => {
    const proxyAsClient = { clientId: PROXY_APP.clientId, clientSecret: PROXY_APP.clientSecret };
    const err = await rejection(`Bearer ${await requestAppToken(stack.url, proxyAsClient, CI_RESOURCE)}`);
    expect([err.status, err.code]).toEqual([401, 'Unauthenticated']);
    expect(err.message).toContain('not for this proxy');
    expect(err.extra.headers?.['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token", error_description="/);
  });

  it('refuses a token from a tenant outside the allow-list, and accepts it once allowed', async () => {
    const token = await requestAppToken(stack.url, AUTOMATION_APP, PROXY_APP.appIdUri, OTHER_TENANT_ID);
    expect(claims(token).tid).toBe(OTHER_TENANT_ID);
    const err = await rejection(`Bearer ${token}`);
    expect(err.status).toBe(401);
    expect(err.message).toContain(OTHER_TENANT_ID);
    // Allowed, an application of a tenant other than the proxy's home tenant is still refused (403): it would act as
    // the proxy's own identity (security-tenant-isolation.test.ts). Where that tenant is home, it is accepted.
    const both = `${TENANT_ID},${OTHER_TENANT_ID}`;
    const wider = createInboundAuth(localProxyConfig(stack.url, { ENTRA_ALLOWED_TENANTS: both }), {
      now: stack.clock.now,
    });
    expect((await rejection(`Bearer ${token}`, wider)).code).toBe('CallerNotAllowed');
    const home = createInboundAuth(
      localProxyConfig(stack.url, { ENTRA_ALLOWED_TENANTS: both, ENTRA_TENANT_ID: OTHER_TENANT_ID }),
      { now: stack.clock.now },
    );
    expect((await home.authenticate(`Bearer ${token}`)).tenantId).toBe(OTHER_TENANT_ID);
  });

  it('refuses a token whose payload was altered (signature no longer matches)', async () => {
    const [h, p, s] = (await requestUserToken(stack.url, 'bob')).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), oid: USERS.alice.oid }),
    ).toString('base64url');
    const err = await rejection(`Bearer ${h}.${forged}.${s}`);
    expect([err.status, err.message]).toEqual([401, 'The access token signature is invalid.']);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const token = await requestUserToken(stack.url, 'alice');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const err = await rejection(`Bearer ${header}.${token.split('.')[1]}.`);
    expect(err.status).toBe(401);
  });

  it('gives 403 insufficient_scope to a valid app token without the Proxy.Invoke role', async () => {
    const token = await requestAppToken(stack.url, CONNECTOR_APP);
    expect(claims(token).roles).toBeUndefined();
    const err = await rejection(`Bearer ${token}`);
    expect([err.status, err.code]).toEqual([403, 'InsufficientScope']);
    expect(err.extra.headers).toEqual({
      'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="Proxy.Invoke"',
    });
    expect(renderError(err, 'r').body.error.message).toContain('Proxy.Invoke');
  });

  it('gives 403 to a user token without the configured scope', async () => {
    const strict = createInboundAuth(localProxyConfig(stack.url, { PROXY_REQUIRED_SCOPE: 'Data.Write' }), {
      now: stack.clock.now,
    });
    const err = await rejection(`Bearer ${await requestUserToken(stack.url, 'alice')}`, strict);
    expect([err.status, err.code]).toEqual([403, 'InsufficientScope']);
  });

  it('picks up a rotated signing key and still accepts tokens signed with the previous one', async () => {
    const before = await requestUserToken(stack.url, 'alice');
    await auth.authenticate(`Bearer ${before}`);
    const kid = await stack.entra.rotateKeys();
    const after = await requestUserToken(stack.url, 'bob');
    expect(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString()).kid).toBe(kid);
    expect((await auth.authenticate(`Bearer ${after}`)).objectId).toBe(USERS.bob.oid);
    const fresh = createInboundAuth(localProxyConfig(stack.url), { now: stack.clock.now });
    expect((await fresh.authenticate(`Bearer ${before}`)).objectId).toBe(USERS.alice.oid);
  });

  it('answers 503 (not 401) when the signing keys cannot be fetched', async () => {
    const blind = createInboundAuth(localProxyConfig(stack.url, { JWKS_URI: 'http://127.0.0.1:9/keys' }));
    const err = await rejection(`Bearer ${await requestUserToken(stack.url, 'alice')}`, blind);
    expect([err.status, err.code]).toEqual([503, 'TokenServiceUnavailable']);
  });

  // Last: moves the shared clock forward for good.
  it('refuses an expired token, allowing the configured clock skew first', async () => {
    const token = await requestUserToken(stack.url, 'alice');
    const exp = claims(token).exp as number;
    const fresh = createInboundAuth(localProxyConfig(stack.url), { now: stack.clock.now });
    stack.clock.advance((exp - stack.clock.now() / 1000 + 60) * 1000); // 60 s past exp: inside the 120 s tolerance
    expect((await fresh.authenticate(`Bearer ${token}`)).objectId).toBe(USERS.alice.oid);
    stack.clock.advance(120_000); // 180 s past exp
    const err = await rejection(`Bearer ${token}`);
    expect([err.status, err.message]).toEqual([401, 'The access token has expired; sign in again.']);
    // The cache of verified tokens does not outlive exp either.
    expect((await rejection(`Bearer ${token}`, fresh)).status).toBe(401);
  });
});
