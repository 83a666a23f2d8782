import { ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import request from 'supertest';
import { CI_SCOPE, PROXY_APP, TENANT_ID } from '../../emulator/well-known';
import { startEntra, type RunningEntra } from '../support/entra-server';
import { standInAuthority, TimeoutNetworkClient } from '../support/entra-msal';

let entra: RunningEntra;
beforeAll(async () => {
  entra = await startEntra();
});
afterAll(() => entra.close());
afterEach(async () => {
  await request(entra.url).delete('/_emulator/faults').expect(204);
  entra.standIn.clearRequests();
});

/**
 * A fresh client each time: MSAL throttles a client locally after a 429/5xx
 * (docs/entra.md#client-credentials-and-the-cache).
 */
const proxyClient = (networkClient?: TimeoutNetworkClient) =>
  new ConfidentialClientApplication({
    auth: { clientId: PROXY_APP.clientId, clientSecret: PROXY_APP.clientSecret, ...standInAuthority(entra.url) },
    system: networkClient ? { networkClient } : undefined,
  });
const arm = (body: object) => request(entra.url).post('/_emulator/faults').send(body);

describe('injected faults', () => {
  it('invalid_client: MSAL throws invalid_client for a correct secret, then the next call succeeds', async () => {
    await arm({ endpoint: 'token', count: 1, fault: { kind: 'invalid_client' } }).expect(201);
    const err = await proxyClient()
      .acquireTokenByClientCredential({ scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(err.errorCode).toBe('invalid_client');
    expect(err.errorMessage).toContain('AADSTS7000215');
    await expect(proxyClient().acquireTokenByClientCredential({ scopes: [CI_SCOPE] })).resolves.toBeTruthy();
    expect(entra.standIn.requests().map((r) => [r.status, r.fault])).toEqual([
      [401, 'invalid_client'],
      [200, undefined],
    ]);
  });

  it('429 with Retry-After: MSAL throws a ServerError; the header and AADSTS body reach the client', async () => {
    await arm({ endpoint: 'token', count: 2, fault: { kind: 'status', status: 429, retryAfterSeconds: 7 } }).expect(
      201,
    );
    const err = await proxyClient()
      .acquireTokenByClientCredential({ scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    const raw = await request(entra.url)
      .post(`/${TENANT_ID}/oauth2/v2.0/token`)
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: PROXY_APP.clientId,
        client_secret: PROXY_APP.clientSecret,
        scope: CI_SCOPE,
      })
      .expect(429);
    expect(raw.headers['retry-after']).toBe('7');
    expect(raw.body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [expect.any(Number)] });
  });

  it('5xx on the JWKS endpoint', async () => {
    await arm({ endpoint: 'jwks', fault: { kind: 'status', status: 503 } }).expect(201);
    await request(entra.url).get(`/${TENANT_ID}/discovery/v2.0/keys`).expect(503);
    await request(entra.url).get(`/${TENANT_ID}/discovery/v2.0/keys`).expect(200);
  });

  it('hang: a network client with an AbortSignal timeout gives up; the stand-in stays healthy', async () => {
    await arm({ endpoint: 'token', fault: { kind: 'hang' } }).expect(201);
    const err = await proxyClient(new TimeoutNetworkClient(300))
      .acquireTokenByClientCredential({ scopes: [CI_SCOPE] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err.errorCode ?? err.name)).toMatch(/network_error|TimeoutError|AbortError/);
    expect(entra.standIn.requests()[0]).toMatchObject({ fault: 'hang', status: 0 });
    await expect(proxyClient().acquireTokenByClientCredential({ scopes: [CI_SCOPE] })).resolves.toBeTruthy();
  });

  it('refuses malformed fault requests with a message naming the field', async () => {
    const bad = await arm({ endpoint: 'token', fault: { kind: 'status', status: 'soon' } }).expect(400);
    expect(bad.body.error_description).toContain('fault.status');
    const endpoint = await arm({ endpoint: 'graph', fault: { kind: 'hang' } }).expect(400);
    expect(endpoint.body.error_description).toContain('endpoint');
    const notJson = await request(entra.url).post('/_emulator/faults').type('text').send('hang').expect(400);
    expect(notJson.body.error).toBe('invalid_request');
  });
});
