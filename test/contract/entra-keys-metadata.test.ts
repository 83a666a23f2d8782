import { decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { requestAppToken, requestUserToken } from '../../emulator/entra';
import { CONNECTOR_APP, PROXY_APP, TENANT_ID, USERS } from '../../emulator/well-known';
import { startEntra, type RunningEntra } from '../support/entra-server';
import { verifyIssued } from '../support/entra-msal';

let entra: RunningEntra;
beforeAll(async () => {
  entra = await startEntra();
});
afterAll(() => entra.close());

describe('discovery documents', () => {
  it('v2 and v1 metadata point at the stand-in and carry the real Entra issuers', async () => {
    const v2 = (await request(entra.url).get(`/${TENANT_ID}/v2.0/.well-known/openid-configuration`).expect(200)).body;
    expect(v2).toMatchObject({
      issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      token_endpoint: `${entra.url}/${TENANT_ID}/oauth2/v2.0/token`,
      jwks_uri: `${entra.url}/${TENANT_ID}/discovery/v2.0/keys`,
      authorization_endpoint: `${entra.url}/${TENANT_ID}/oauth2/v2.0/authorize`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const v1 = (await request(entra.url).get(`/${TENANT_ID}/.well-known/openid-configuration`).expect(200)).body;
    expect(v1).toMatchObject({
      issuer: `https://sts.windows.net/${TENANT_ID}/`,
      token_endpoint: `${entra.url}/${TENANT_ID}/oauth2/token`,
      jwks_uri: `${entra.url}/${TENANT_ID}/discovery/keys`,
    });
    const common = (await request(entra.url).get('/common/v2.0/.well-known/openid-configuration').expect(200)).body;
    expect(common.issuer).toBe('https://login.microsoftonline.com/{tenantid}/v2.0');
  });

  it('an unknown tenant gets AADSTS90002', async () => {
    const res = await request(entra.url).get('/contoso.example/v2.0/.well-known/openid-configuration').expect(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
  });

  it('JWKS: RSA 2048 signing keys with kid and x5t; v2 entries carry the issuer template', async () => {
    const v2 = (await request(entra.url).get('/common/discovery/v2.0/keys').expect(200)).body;
    const v1 = (await request(entra.url).get(`/${TENANT_ID}/discovery/keys`).expect(200)).body;
    for (const jwks of [v2, v1]) {
      expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
      for (const key of jwks.keys) {
        expect(key).toMatchObject({ kty: 'RSA', use: 'sig', e: 'AQAB', kid: expect.any(String), x5t: key.kid });
        expect(Buffer.from(key.n, 'base64url').length * 8).toBe(2048);
        expect(key.d).toBeUndefined();
      }
    }
    expect(v2.keys[0].issuer).toBe('https://login.microsoftonline.com/{tenantid}/v2.0');
    expect(v1.keys[0].issuer).toBeUndefined();
  });
});

describe('key rotation', () => {
  it('keeps the previous key published, signs new tokens with the new kid, and drops the key before that', async () => {
    const oldToken = await requestAppToken(entra.url);
    const oldKid = decodeProtectedHeader(oldToken).kid;
    const rotated = await request(entra.url).post('/_emulator/keys/rotate').expect(201);
    const newKid = rotated.body.kid as string;
    expect(newKid).not.toBe(oldKid);

    const published = (await request(entra.url).get('/common/discovery/v2.0/keys').expect(200)).body.keys.map(
      (k: { kid: string }) => k.kid,
    );
    expect(published).toEqual([newKid, oldKid]);
    await expect(verifyIssued(entra.url, oldToken)).resolves.toBeTruthy();
    const newToken = await requestAppToken(entra.url);
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    await expect(verifyIssued(entra.url, newToken)).resolves.toBeTruthy();

    // A second rotation retires the first key: its tokens no longer verify.
    const third = await entra.standIn.rotateKeys();
    expect(await entra.standIn.currentKid()).toBe(third);
    await expect(verifyIssued(entra.url, oldToken)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    await expect(verifyIssued(entra.url, newToken)).resolves.toBeTruthy();
  });
});

describe('token version follows the resource (accessTokenAcceptedVersion)', () => {
  afterAll(() => entra.standIn.setAccessTokenVersion(PROXY_APP.clientId, 1));

  it('v1 by default, v2 after PATCH /_emulator/apps/{clientId}', async () => {
    const v1 = (await verifyIssued(entra.url, await requestUserToken(entra.url, 'rita'))).payload;
    expect(v1).toMatchObject({
      ver: '1.0',
      aud: PROXY_APP.appIdUri,
      iss: `https://sts.windows.net/${TENANT_ID}/`,
      appid: CONNECTOR_APP.clientId,
      upn: USERS.rita.upn,
    });
    expect(v1.azp).toBeUndefined();

    await request(entra.url)
      .patch(`/_emulator/apps/${PROXY_APP.clientId}`)
      .send({ accessTokenAcceptedVersion: 2 })
      .expect(200, {
        clientId: PROXY_APP.clientId,
        accessTokenAcceptedVersion: 2,
      });
    const v2 = (await verifyIssued(entra.url, await requestUserToken(entra.url, 'rita'))).payload;
    expect(v2).toMatchObject({
      ver: '2.0',
      aud: PROXY_APP.clientId,
      iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      azp: CONNECTOR_APP.clientId,
      azpacr: '1',
      preferred_username: USERS.rita.upn,
      name: USERS.rita.name,
      scp: PROXY_APP.scope,
    });
    expect(v2.appid).toBeUndefined();
    const app = (await verifyIssued(entra.url, await requestAppToken(entra.url))).payload;
    expect(app).toMatchObject({ ver: '2.0', aud: PROXY_APP.clientId, roles: [PROXY_APP.appRole], idtyp: 'app' });
  });

  it('refuses a bad PATCH body (naming the field) and an unknown app', async () => {
    const bad = await request(entra.url)
      .patch(`/_emulator/apps/${PROXY_APP.clientId}`)
      .send({ accessTokenAcceptedVersion: 3 })
      .expect(400);
    expect(bad.body.error_description).toContain('accessTokenAcceptedVersion');
    await request(entra.url)
      .patch('/_emulator/apps/00000000-0000-0000-0000-000000000000')
      .send({ accessTokenAcceptedVersion: 2 })
      .expect(404);
  });

  it('the v1 endpoint takes resource= and answers with string times and the resource', async () => {
    entra.standIn.setAccessTokenVersion(PROXY_APP.clientId, 1);
    const res = await request(entra.url)
      .post(`/${TENANT_ID}/oauth2/token`)
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: CONNECTOR_APP.clientId,
        client_secret: CONNECTOR_APP.clientSecret,
        resource: PROXY_APP.clientId,
      })
      .expect(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: '3599', resource: PROXY_APP.clientId });
    const { payload } = await verifyIssued(entra.url, res.body.access_token);
    // v1 `aud` is the identifier as requested; the connector holds no app role, so no `roles`.
    expect(payload).toMatchObject({ aud: PROXY_APP.clientId, ver: '1.0', idtyp: 'app' });
    expect(payload.roles).toBeUndefined();
  });
});
