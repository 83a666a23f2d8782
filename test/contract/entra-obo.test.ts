import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { requestAppToken, requestUserToken } from '../../emulator/entra';
import { CI_RESOURCE, CI_SCOPE, CONNECTOR_APP, PROXY_APP, TENANT_ID, USERS } from '../../emulator/well-known';
import { startEntra, type RunningEntra } from '../support/entra-server';
import { standInAuthority, verifyIssued } from '../support/entra-msal';

let entra: RunningEntra;
let aliceToken: string;
let bobToken: string;
beforeAll(async () => {
  entra = await startEntra();
  [aliceToken, bobToken] = await Promise.all([
    requestUserToken(entra.url, 'alice'),
    requestUserToken(entra.url, 'bob'),
  ]);
});
afterAll(() => entra.close());
beforeEach(() => entra.standIn.clearRequests());

const proxyClient = () =>
  new ConfidentialClientApplication({
    auth: { clientId: PROXY_APP.clientId, clientSecret: PROXY_APP.clientSecret, ...standInAuthority(entra.url) },
  });
const oboPosts = () =>
  entra.standIn.requests().filter((r) => r.grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer');

describe('ROPC user tokens for the proxy (dev-tokens over HTTP)', () => {
  it('carries the user claims and the connector as client', async () => {
    const { payload } = await verifyIssued(entra.url, aliceToken);
    expect(payload).toMatchObject({
      aud: PROXY_APP.appIdUri,
      tid: TENANT_ID,
      oid: USERS.alice.oid,
      upn: USERS.alice.upn,
      name: USERS.alice.name,
      scp: PROXY_APP.scope,
      appid: CONNECTOR_APP.clientId,
    });
    expect(payload.roles).toBeUndefined();
    expect(payload.idtyp).toBeUndefined();
  });

  it('refuses a wrong password (AADSTS50126) and a resource the connector was never consented to (AADSTS65001)', async () => {
    const post = async (fields: Record<string, string>) => {
      const res = await fetch(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: CONNECTOR_APP.clientId,
          client_secret: CONNECTOR_APP.clientSecret,
          username: USERS.bob.upn,
          password: USERS.bob.password,
          scope: `${PROXY_APP.appIdUri}/.default`,
          ...fields,
        }),
      });
      return { status: res.status, body: (await res.json()) as { error: string; error_codes: number[] } };
    };
    expect(await post({ password: 'nope' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_codes: [50126] },
    });
    expect(await post({ username: 'mallory@contoso-retail.example' })).toMatchObject({
      status: 400,
      body: { error_codes: [50034] },
    });
    expect(await post({ scope: CI_SCOPE })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_codes: [65001] },
    });
    await expect(requestUserToken(entra.url, 'rita', 'api://unknown-api')).rejects.toThrow(/AADSTS500011/);
  });
});

describe('on-behalf-of with real MSAL', () => {
  it('exchanges a user token for a delegated CI token for the same user, with client_info', async () => {
    const result = await proxyClient().acquireTokenOnBehalfOf({ oboAssertion: aliceToken, scopes: [CI_SCOPE] });
    const { payload } = await verifyIssued(entra.url, result!.accessToken);
    const incoming = decodeJwt(aliceToken);
    expect(payload).toMatchObject({
      aud: CI_RESOURCE,
      scp: 'user_impersonation',
      appid: PROXY_APP.clientId,
      oid: incoming.oid,
      tid: incoming.tid,
      name: incoming.name,
      upn: incoming.upn,
    });
    expect(payload.roles).toBeUndefined();
    expect(result?.account?.homeAccountId).toBe(`${USERS.alice.oid}.${TENANT_ID}`);
  });

  it('caches per user: alice, bob, alice again, bob again → two POSTs', async () => {
    const cca = proxyClient();
    const oids: unknown[] = [];
    for (const token of [aliceToken, bobToken, aliceToken, bobToken]) {
      const r = await cca.acquireTokenOnBehalfOf({ oboAssertion: token, scopes: [CI_SCOPE] });
      oids.push(decodeJwt(r!.accessToken).oid);
    }
    expect(oids).toEqual([USERS.alice.oid, USERS.bob.oid, USERS.alice.oid, USERS.bob.oid]);
    expect(oboPosts()).toHaveLength(2);
  });

  it('refuses an app-only assertion with invalid_grant (AADSTS50013)', async () => {
    const appOnly = await requestAppToken(entra.url);
    const err = await proxyClient()
      .acquireTokenOnBehalfOf({ oboAssertion: appOnly, scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.errorMessage).toMatch(/AADSTS50013: .*app-only/);
  });

  it('refuses an assertion addressed to another API (confused deputy)', async () => {
    const ciToken = (await proxyClient().acquireTokenOnBehalfOf({ oboAssertion: bobToken, scopes: [CI_SCOPE] }))!
      .accessToken;
    const err = await proxyClient()
      .acquireTokenOnBehalfOf({ oboAssertion: ciToken, scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.errorMessage).toMatch(/AADSTS50013: Assertion audience does not match/);
  });

  it('refuses a forged assertion (not signed by the stand-in)', async () => {
    const [h, p] = aliceToken.split('.');
    const forged = `${h}.${p}.${Buffer.from('not-a-signature').toString('base64url')}`;
    const err = await proxyClient()
      .acquireTokenOnBehalfOf({ oboAssertion: forged, scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.errorMessage).toContain('AADSTS50013');
  });

  // Last: moves the shared clock past the user token's expiry.
  it('refuses an expired assertion (AADSTS500133)', async () => {
    entra.clock.advance(2 * 3600 * 1000);
    const err = await proxyClient()
      .acquireTokenOnBehalfOf({ oboAssertion: aliceToken, scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.errorMessage).toContain('AADSTS500133');
  });
});
