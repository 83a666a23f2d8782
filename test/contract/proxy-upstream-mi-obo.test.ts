/**
 * The proxy's secretless on-behalf-of path: its managed identity's token for `api://AzureADTokenExchange` is the
 * proxy app's client assertion (a federated identity credential), through real MSAL against the Entra stand-in.
 */
import { SignJWT, generateKeyPair } from 'jose';
import { requestAppToken, requestUserToken } from '../../emulator/entra';
import { TOKEN_EXCHANGE_AUDIENCE } from '../../emulator/entra/federated-credential';
import { CI_RESOURCE, PROXY_APP, PROXY_MANAGED_IDENTITY, TENANT_ID, USERS } from '../../emulator/well-known';
import type { Caller } from '../../proxy/auth/caller';
import { createInboundAuth } from '../../proxy/auth/inbound';
import { createTokenProvider } from '../../proxy/upstream/token-provider';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';

const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let stack: RunningEntra;
let callerFor: (token: string) => Promise<Caller>;
const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  stack = await startEntra();
  process.env.IDENTITY_ENDPOINT = `${stack.url}/msi/token`;
  process.env.IDENTITY_HEADER = PROXY_MANAGED_IDENTITY.identityHeader;
  const inbound = createInboundAuth(localProxyConfig(stack.url), { now: stack.clock.now });
  callerFor = (token) => inbound.authenticate(`Bearer ${token}`);
});
afterAll(async () => {
  for (const [name, value] of [
    ['IDENTITY_ENDPOINT', saved.endpoint],
    ['IDENTITY_HEADER', saved.header],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await stack.close();
});

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const miProvider = () =>
  createTokenProvider(
    localProxyConfig(stack.url, { PROXY_CLIENT_SECRET: undefined, PROXY_MANAGED_IDENTITY: 'system' }),
    { now: stack.clock.now },
  );

/** The managed identity's token for `resource`, straight from the App Service endpoint. */
async function miToken(resource: string): Promise<string> {
  const url = `${stack.url}/msi/token?api-version=2019-08-01&resource=${encodeURIComponent(resource)}`;
  const res = await fetch(url, { headers: { 'X-IDENTITY-HEADER': PROXY_MANAGED_IDENTITY.identityHeader } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A client-credentials request of the proxy app authenticated by `assertion`. */
async function withAssertion(assertion: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${stack.url}/${TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: PROXY_APP.clientId,
      scope: `${CI_RESOURCE}/.default`,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion,
    }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('managed identity as the federated credential of the proxy app (OBO mode)', () => {
  it('exchanges the user token on behalf of the user with the managed identity token as client assertion', async () => {
    const alice = await callerFor(await requestUserToken(stack.url, 'alice'));
    const tokens = miProvider();
    const before = stack.entra.requests().length;
    const token = await tokens.getToken(alice);
    expect(claims(token)).toMatchObject({ oid: USERS.alice.oid, scp: 'user_impersonation', appid: PROXY_APP.clientId });
    expect(await tokens.getToken(alice)).toBe(token);
    expect(stack.entra.requests().slice(before)).toEqual([
      expect.objectContaining({ endpoint: 'msi', resource: TOKEN_EXCHANGE_AUDIENCE, status: 200 }),
      expect.objectContaining({ grant: OBO_GRANT, clientId: PROXY_APP.clientId, status: 200 }),
    ]);
  });

  it('serves application callers with the managed identity own CI token, no exchange', async () => {
    const automation = await callerFor(await requestAppToken(stack.url));
    const token = await miProvider().getToken(automation);
    expect(claims(token)).toMatchObject({ oid: PROXY_MANAGED_IDENTITY.objectId, aud: CI_RESOURCE });
  });

  it('the stand-in accepts the exchange token of the trusted identity as the proxy app credential', async () => {
    const assertion = await miToken(TOKEN_EXCHANGE_AUDIENCE);
    expect(claims(assertion)).toMatchObject({ aud: TOKEN_EXCHANGE_AUDIENCE, sub: PROXY_MANAGED_IDENTITY.objectId });
    const res = await withAssertion(assertion);
    expect(res.status).toBe(200);
    expect(claims(String(res.body.access_token)).oid).toBe(PROXY_APP.objectId);
  });

  it('refuses a managed identity token for another audience (AADSTS70021, no matching federated credential)', async () => {
    const res = await withAssertion(await miToken(CI_RESOURCE));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client', error_codes: [70021] });
  });

  it('refuses a look-alike assertion signed by a key the stand-in does not publish (AADSTS50027)', async () => {
    const genuine = claims(await miToken(TOKEN_EXCHANGE_AUDIENCE));
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(genuine).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).sign(privateKey);
    const res = await withAssertion(forged);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client', error_codes: [50027] });
  });
});
