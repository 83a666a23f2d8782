import { DEV_CERTIFICATE_PATH, requestAppToken, requestUserToken } from '../../emulator/entra';
import {
  AUTOMATION_APP,
  CI_APP_ID,
  CI_RESOURCE,
  PROXY_APP,
  PROXY_MANAGED_IDENTITY,
  TENANT_ID,
  USERS,
} from '../../emulator/well-known';
import type { Caller } from '../../proxy/auth/caller';
import { createInboundAuth } from '../../proxy/auth/inbound';
import { AppError } from '../../proxy/errors';
import { createTokenProvider } from '../../proxy/upstream/token-provider';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';

const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
let stack: RunningEntra;
let callerFor: (token: string) => Promise<Caller>;

beforeAll(async () => {
  stack = await startEntra();
  const inbound = createInboundAuth(localProxyConfig(stack.url), { now: stack.clock.now });
  callerFor = (token) => inbound.authenticate(`Bearer ${token}`);
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.entra.clearFaults();
  stack.entra.clearRequests();
});

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
/** Token requests the stand-in received since the test began (managed-identity GETs included). */
const tokenRequests = (grant?: string) => stack.entra.requests().filter((r) => !grant || r.grant === grant);
const provider = (overrides: Record<string, string | undefined> = {}) =>
  createTokenProvider(localProxyConfig(stack.url, overrides), { now: stack.clock.now });

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('token provider against the Entra stand-in', () => {
  it('gets an app-only CI token with the client secret and then serves it from memory', async () => {
    const tokens = provider();
    const automation = await callerFor(await requestAppToken(stack.url));
    stack.entra.clearRequests();
    const token = await tokens.getToken(automation);
    expect(claims(token)).toMatchObject({ oid: PROXY_APP.objectId, tid: TENANT_ID, roles: ['api.access'] });
    expect([CI_RESOURCE, CI_APP_ID]).toContain(claims(token).aud);
    expect(await tokens.getToken(automation)).toBe(token);
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0]).toMatchObject({
      grant: 'client_credentials',
      clientId: PROXY_APP.clientId,
      status: 200,
    });
  });

  it('shares one token request between 20 concurrent cold calls', async () => {
    const tokens = provider();
    const automation = await callerFor(await requestAppToken(stack.url));
    stack.entra.clearRequests();
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken(automation)));
    expect(new Set(results).size).toBe(1);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('authenticates with the certificate credential (signed client assertion)', async () => {
    const tokens = provider({ PROXY_CLIENT_SECRET: undefined, PROXY_CERTIFICATE_PATH: DEV_CERTIFICATE_PATH });
    const automation = await callerFor(await requestAppToken(stack.url));
    stack.entra.clearRequests();
    expect(claims(await tokens.getToken(automation)).oid).toBe(PROXY_APP.objectId);
    expect(tokenRequests()).toEqual([expect.objectContaining({ grant: 'client_credentials', status: 200 })]);
  });

  it('uses the managed identity (App Service endpoint from IDENTITY_ENDPOINT/IDENTITY_HEADER) in app mode', async () => {
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = `${stack.url}/msi/token`;
    process.env.IDENTITY_HEADER = PROXY_MANAGED_IDENTITY.identityHeader;
    try {
      const tokens = provider({
        PROXY_CLIENT_SECRET: undefined,
        PROXY_MANAGED_IDENTITY: 'system',
        UPSTREAM_AUTH_MODE: 'app',
      });
      const alice = await callerFor(await requestUserToken(stack.url, 'alice'));
      stack.entra.clearRequests();
      const token = await tokens.getToken(alice);
      expect(claims(token)).toMatchObject({ oid: PROXY_MANAGED_IDENTITY.objectId });
      expect(await tokens.getToken(alice)).toBe(token);
      expect(tokenRequests()).toEqual([
        expect.objectContaining({ endpoint: 'msi', resource: CI_RESOURCE, status: 200 }),
      ]);
    } finally {
      process.env.IDENTITY_ENDPOINT = saved.endpoint;
      process.env.IDENTITY_HEADER = saved.header;
      if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
      if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
    }
  });

  it('exchanges each user token on behalf of that user, once per user token', async () => {
    const tokens = provider();
    const alice = await callerFor(await requestUserToken(stack.url, 'alice'));
    const bob = await callerFor(await requestUserToken(stack.url, 'bob'));
    stack.entra.clearRequests();
    const forAlice = await tokens.getToken(alice);
    const forBob = await tokens.getToken(bob);
    expect(claims(forAlice)).toMatchObject({ oid: USERS.alice.oid, scp: 'user_impersonation' });
    expect(claims(forBob)).toMatchObject({ oid: USERS.bob.oid, scp: 'user_impersonation' });
    expect(await tokens.getToken(alice)).toBe(forAlice);
    expect(await tokens.getToken(bob)).toBe(forBob);
    expect(tokenRequests(OBO_GRANT)).toHaveLength(2);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('uses the app-only token for application callers even in OBO mode, and for everyone in app mode', async () => {
    const automation = await callerFor(await requestAppToken(stack.url));
    const alice = await callerFor(await requestUserToken(stack.url, 'alice'));
    expect(claims(await provider().getToken(automation)).oid).toBe(PROXY_APP.objectId);
    expect(claims(await provider({ UPSTREAM_AUTH_MODE: 'app' }).getToken(alice)).oid).toBe(PROXY_APP.objectId);
    expect(tokenRequests(OBO_GRANT)).toHaveLength(0);
  });

  it('turns a refused on-behalf-of exchange into a clear 401 without MSAL details', async () => {
    // An app-only token is not a user assertion: Entra answers invalid_grant.
    const assertion = await requestAppToken(stack.url, AUTOMATION_APP, PROXY_APP.appIdUri);
    const alice = await callerFor(await requestUserToken(stack.url, 'alice'));
    const err = await rejection(provider().getToken({ ...alice, token: assertion }));
    expect([err.status, err.code]).toEqual([401, 'OnBehalfOfFailed']);
    expect(err.message).toMatch(/^Entra ID would not exchange the signed-in user's token .*\(AADSTS\d+\)/);
    expect(err.message).not.toMatch(/Trace ID|Correlation ID/);
  });

  it('reports a rejected proxy credential as TokenAcquisitionFailed (502)', async () => {
    const automation = await callerFor(await requestAppToken(stack.url));
    const err = await rejection(provider({ PROXY_CLIENT_SECRET: 'wrong-secret' }).getToken(automation));
    expect([err.status, err.code]).toEqual([502, 'TokenAcquisitionFailed']);
    expect(err.message).toContain('AADSTS7000215');
    expect(err.message).not.toContain('wrong-secret');
  });

  it('gives up on a hung token endpoint after TOKEN_TIMEOUT_MS with a 503', async () => {
    const automation = await callerFor(await requestAppToken(stack.url));
    stack.entra.injectFault({ endpoint: 'token', count: 1, fault: { kind: 'hang' } });
    const err = await rejection(provider({ TOKEN_TIMEOUT_MS: '300' }).getToken(automation));
    expect([err.status, err.code]).toEqual([503, 'TokenServiceUnavailable']);
    expect(err.message).toContain('did not answer in time');
  });

  // Last: moves the shared clock forward for good.
  it('keeps serving the last good token while Entra throttles, until it is about to expire', async () => {
    const tokens = provider();
    const automation = await callerFor(await requestAppToken(stack.url));
    stack.entra.clearRequests();
    const first = await tokens.getToken(automation);
    const exp = (claims(first).exp as number) * 1000;
    // 200 s before expiry: inside the refresh-ahead window, still valid.
    stack.clock.advance(exp - 200_000 - stack.clock.now());
    stack.entra.injectFault({
      endpoint: 'token',
      count: 1,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 30 },
    });
    expect(await tokens.getToken(automation)).toBe(first); // answered at once; the renewal runs in the background
    await waitFor(() => tokenRequests().some((r) => r.status === 429));
    // Entra is healthy again, but MSAL now throttles locally for Retry-After: the memo still answers.
    expect(await tokens.getToken(automation)).toBe(first);
    expect(await tokens.getToken(automation)).toBe(first);
    expect(tokenRequests().map((r) => r.status)).toEqual([200, 429]);
    // 10 s before expiry the last good token is no longer handed out; MSAL's throttle turns into a clear 503.
    stack.clock.advance(190_000);
    const err = await rejection(tokens.getToken(automation));
    expect([err.status, err.code]).toEqual([503, 'TokenServiceUnavailable']);
  });
});

/** Polls a condition that a background task makes true (no timing assertion: it just waits for the event). */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
