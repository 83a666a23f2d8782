import { ConfidentialClientApplication } from '@azure/msal-node';
import { importPKCS8, SignJWT } from 'jose';
import { DEV_CERTIFICATE_THUMBPRINT_SHA256, loadDevCertificate } from '../../emulator/entra';
import {
  AUTOMATION_APP,
  CI_RESOURCE,
  CI_SCOPE,
  OTHER_TENANT_ID,
  PROXY_APP,
  TENANT_ID,
} from '../../emulator/well-known';
import { startEntra, type RunningEntra } from '../support/entra-server';
import { standInAuthority, verifyIssued } from '../support/entra-msal';

let entra: RunningEntra;
beforeAll(async () => {
  entra = await startEntra();
});
afterAll(() => entra.close());
beforeEach(() => entra.standIn.clearRequests());

const tokenPosts = () => entra.standIn.requests().filter((r) => r.endpoint === 'token');

function secretClient(clientId: string = PROXY_APP.clientId, clientSecret: string = PROXY_APP.clientSecret) {
  return new ConfidentialClientApplication({ auth: { clientId, clientSecret, ...standInAuthority(entra.url) } });
}

function certificateClient(thumbprintSha256: string) {
  const { privateKeyPem } = loadDevCertificate();
  return new ConfidentialClientApplication({
    auth: {
      clientId: PROXY_APP.clientId,
      clientCertificate: { thumbprintSha256, privateKey: privateKeyPem },
      ...standInAuthority(entra.url),
    },
  });
}

/** A hand-made client assertion, for cases MSAL never produces (expired, wrong audience). */
async function assertion(claims: { aud: string; iat: number; exp: number }): Promise<string> {
  const key = await importPKCS8(loadDevCertificate().privateKeyPem, 'PS256');
  const x5t = Buffer.from(DEV_CERTIFICATE_THUMBPRINT_SHA256, 'hex').toString('base64url');
  return new SignJWT({ ...claims, nbf: claims.iat, iss: PROXY_APP.clientId, sub: PROXY_APP.clientId, jti: 'test' })
    .setProtectedHeader({ alg: 'PS256', 'x5t#S256': x5t })
    .sign(key);
}

async function postAssertion(clientAssertion: string) {
  const res = await fetch(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: PROXY_APP.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
      scope: CI_SCOPE,
    }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { error: string; error_codes: number[]; access_token?: string },
  };
}

describe('client credentials with a client secret (real MSAL, production authority + local metadata)', () => {
  it('issues an app-only CI token for the proxy and serves the second call from MSAL cache', async () => {
    const cca = secretClient();
    const first = await cca.acquireTokenByClientCredential({ scopes: [CI_SCOPE] });
    const second = await cca.acquireTokenByClientCredential({ scopes: [CI_SCOPE] });
    expect(first?.fromCache).toBe(false);
    expect(second?.fromCache).toBe(true);
    expect(second?.accessToken).toBe(first?.accessToken);
    expect(tokenPosts()).toHaveLength(1);
    expect(tokenPosts()[0]).toMatchObject({
      grant: 'client_credentials',
      clientId: PROXY_APP.clientId,
      resource: CI_RESOURCE,
      status: 200,
    });

    const { payload, protectedHeader } = await verifyIssued(entra.url, first!.accessToken);
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: await entra.standIn.currentKid() });
    expect(payload).toMatchObject({
      aud: CI_RESOURCE,
      iss: `https://sts.windows.net/${TENANT_ID}/`,
      tid: TENANT_ID,
      oid: PROXY_APP.objectId,
      sub: PROXY_APP.objectId,
      appid: PROXY_APP.clientId,
      appidacr: '1',
      roles: ['api.access'],
      idtyp: 'app',
      ver: '1.0',
    });
    expect(payload.scp).toBeUndefined();
    expect(Number(payload.exp) - Number(payload.iat)).toBeGreaterThan(300);
  });

  it('gives the automation app a proxy token with the Proxy.Invoke role', async () => {
    const result = await secretClient(
      AUTOMATION_APP.clientId,
      AUTOMATION_APP.clientSecret,
    ).acquireTokenByClientCredential({
      scopes: [`${PROXY_APP.appIdUri}/.default`],
    });
    const { payload } = await verifyIssued(entra.url, result!.accessToken);
    expect(payload).toMatchObject({
      aud: PROXY_APP.appIdUri,
      oid: AUTOMATION_APP.objectId,
      roles: [PROXY_APP.appRole],
    });
  });

  it('issues tokens in the second tenant for multi-tenant apps', async () => {
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: AUTOMATION_APP.clientId,
        clientSecret: AUTOMATION_APP.clientSecret,
        ...standInAuthority(entra.url, OTHER_TENANT_ID),
      },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${PROXY_APP.appIdUri}/.default`] });
    const { payload } = await verifyIssued(entra.url, result!.accessToken);
    expect(payload).toMatchObject({ tid: OTHER_TENANT_ID, iss: `https://sts.windows.net/${OTHER_TENANT_ID}/` });
  });

  it('refuses a wrong secret with 401 invalid_client AADSTS7000215', async () => {
    const err = await secretClient(PROXY_APP.clientId, 'wrong-secret')
      .acquireTokenByClientCredential({ scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(err).toMatchObject({ errorCode: 'invalid_client' });
    expect(err.errorMessage).toContain('AADSTS7000215');
    expect(tokenPosts()[0]).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('refuses an unknown client with AADSTS700016 and an unknown resource with AADSTS500011', async () => {
    const unknown = await secretClient('00000000-0000-0000-0000-000000000001', 'x')
      .acquireTokenByClientCredential({ scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(unknown.errorMessage).toContain('AADSTS700016');
    const resource = await secretClient()
      .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })
      .catch((e) => e);
    expect(resource.errorCode).toBe('invalid_resource');
    expect(resource.errorMessage).toContain('AADSTS500011');
    expect(tokenPosts().map((r) => r.status)).toEqual([400, 400]);
  });
});

describe('client credentials with the dev certificate', () => {
  it('the exported thumbprint is the certificate’s own', () => {
    expect(loadDevCertificate().thumbprintSha256).toBe(DEV_CERTIFICATE_THUMBPRINT_SHA256);
  });

  it('accepts MSAL’s PS256 assertion (x5t#S256, nbf after iat) and marks the token appidacr 2', async () => {
    const result = await certificateClient(DEV_CERTIFICATE_THUMBPRINT_SHA256).acquireTokenByClientCredential({
      scopes: [CI_SCOPE],
    });
    const { payload } = await verifyIssued(entra.url, result!.accessToken);
    expect(payload).toMatchObject({ oid: PROXY_APP.objectId, appidacr: '2', roles: ['api.access'] });
  });

  it('refuses an assertion whose thumbprint is not registered (invalid_client, AADSTS700027)', async () => {
    const wrong = 'AA'.repeat(32);
    const err = await certificateClient(wrong)
      .acquireTokenByClientCredential({ scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(err.errorCode).toBe('invalid_client');
    expect(err.errorMessage).toContain('AADSTS700027');
  });

  it('refuses an expired assertion (AADSTS700024) and one addressed elsewhere (aud)', async () => {
    const now = Math.floor(entra.clock.now() / 1000);
    const aud = `${entra.url}/${TENANT_ID}/oauth2/v2.0/token`;
    const expired = await postAssertion(await assertion({ aud, iat: now - 1200, exp: now - 600 }));
    expect(expired).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [700024] } });
    const foreign = await postAssertion(
      await assertion({ aud: 'https://example.test/token', iat: now, exp: now + 600 }),
    );
    expect(foreign).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [50027] } });
    const good = await postAssertion(await assertion({ aud, iat: now, exp: now + 600 }));
    expect(good.status).toBe(200);
    expect(typeof good.body.access_token).toBe('string');
  });
});
