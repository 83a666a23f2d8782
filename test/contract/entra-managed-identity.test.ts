import { ManagedIdentityApplication } from '@azure/msal-node';
import { CI_RESOURCE, PROXY_MANAGED_IDENTITY, TENANT_ID } from '../../emulator/well-known';
import { startEntra, type RunningEntra } from '../support/entra-server';
import { verifyIssued } from '../support/entra-msal';

let entra: RunningEntra;
const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
beforeAll(async () => {
  entra = await startEntra();
  process.env.IDENTITY_ENDPOINT = `${entra.url}/msi/token`;
  process.env.IDENTITY_HEADER = PROXY_MANAGED_IDENTITY.identityHeader;
});
afterAll(async () => {
  for (const [name, value] of [
    ['IDENTITY_ENDPOINT', saved.endpoint],
    ['IDENTITY_HEADER', saved.header],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await entra.close();
});
beforeEach(() => entra.standIn.clearRequests());

const msi = (query: Record<string, string>, header: string = PROXY_MANAGED_IDENTITY.identityHeader) =>
  fetch(`${entra.url}/msi/token?${new URLSearchParams(query)}`, { headers: { 'X-IDENTITY-HEADER': header } });

describe('App Service managed identity endpoint', () => {
  it('gives ManagedIdentityApplication a CI token for the proxy identity, then serves it from cache', async () => {
    const mia = new ManagedIdentityApplication({ system: { disableInternalRetries: true } });
    expect(mia.getManagedIdentitySource()).toBe('AppService');
    const first = await mia.acquireToken({ resource: CI_RESOURCE });
    const second = await mia.acquireToken({ resource: CI_RESOURCE });
    expect(second.fromCache).toBe(true);
    expect(entra.standIn.requests()).toEqual([
      expect.objectContaining({ endpoint: 'msi', status: 200, resource: CI_RESOURCE }),
    ]);
    const { payload } = await verifyIssued(entra.url, first.accessToken);
    expect(payload).toMatchObject({
      aud: CI_RESOURCE,
      tid: TENANT_ID,
      oid: PROXY_MANAGED_IDENTITY.objectId,
      appid: PROXY_MANAGED_IDENTITY.clientId,
      roles: ['api.access'],
      idtyp: 'app',
    });
  });

  it('answers the App Service shape, and honours the user-assigned client_id selector', async () => {
    const res = await msi({
      'api-version': '2019-08-01',
      resource: CI_RESOURCE,
      client_id: PROXY_MANAGED_IDENTITY.clientId,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      resource: CI_RESOURCE,
      token_type: 'Bearer',
      client_id: PROXY_MANAGED_IDENTITY.clientId,
    });
    expect(Number(body.expires_on)).toBeGreaterThan(Math.floor(entra.clock.now() / 1000) + 300);
  });

  it('refuses a wrong identity header, api-version, selector or resource with JSON errors', async () => {
    const cases = [
      [msi({ 'api-version': '2019-08-01', resource: CI_RESOURCE }, 'wrong'), 401, 'X-IDENTITY-HEADER'],
      [msi({ 'api-version': '2017-09-01', resource: CI_RESOURCE }), 400, 'api-version'],
      [msi({ 'api-version': '2019-08-01' }), 400, "'resource'"],
      [msi({ 'api-version': '2019-08-01', resource: CI_RESOURCE, client_id: 'someone-else' }), 400, 'client_id'],
      [msi({ 'api-version': '2019-08-01', resource: 'https://vault.azure.net' }), 400, 'AADSTS500011'],
    ] as const;
    for (const [pending, status, text] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error_description: string }).error_description).toContain(text);
    }
  });
});
