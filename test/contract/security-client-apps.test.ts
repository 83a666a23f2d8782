/**
 * ENTRA_ALLOWED_CLIENT_APPS: any app of the tenant that an admin consented to the proxy's scope (or gave the role) can
 * obtain a token for the proxy. An operator can narrow callers to the connector's app and known automations, by the
 * token's `appid` (v1) or `azp` (v2), as Microsoft's OBO sample does (docs/entra.md#the-obo-chain).
 */
import request from 'supertest';
import { requestAppToken, requestUserToken } from '../../emulator/entra';
import { AUTOMATION_APP, CONNECTOR_APP, PROXY_APP } from '../../emulator/well-known';
import { createInboundAuth } from '../../proxy/auth/inbound';
import { AppError } from '../../proxy/errors';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';

let entra: RunningEntra;
let proxy: RunningProxy;
let user: string;
let automation: string;

beforeAll(async () => {
  entra = await startEntra();
  proxy = await startProxy(
    localProxyConfig(entra.url, { ENTRA_ALLOWED_CLIENT_APPS: CONNECTOR_APP.clientId.toUpperCase(), PORT: '0' }),
    { now: entra.clock.now },
  );
  [user, automation] = await Promise.all([requestUserToken(entra.url, 'alice'), requestAppToken(entra.url)]);
});
afterAll(async () => {
  await proxy.close(0);
  await entra.close();
});

describe('ENTRA_ALLOWED_CLIENT_APPS', () => {
  it('refuses a caller whose client app is not listed with 403 CallerNotAllowed naming the app', async () => {
    const res = await request(proxy.url).get('/api/instances').set('Authorization', `Bearer ${automation}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CallerNotAllowed');
    expect(res.body.error.message).toContain(AUTOMATION_APP.clientId);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer error="insufficient_scope"/);
  });

  it('lets the listed connector app through (v1 appid and v2 azp alike)', async () => {
    const config = localProxyConfig(entra.url, { ENTRA_ALLOWED_CLIENT_APPS: CONNECTOR_APP.clientId });
    const auth = createInboundAuth(config, { now: entra.clock.now });
    expect((await auth.authenticate(`Bearer ${user}`)).appId).toBe(CONNECTOR_APP.clientId);
    entra.entra.setAccessTokenVersion(PROXY_APP.clientId, 2);
    try {
      const v2 = await requestUserToken(entra.url, 'bob');
      expect((await auth.authenticate(`Bearer ${v2}`)).appId).toBe(CONNECTOR_APP.clientId);
    } finally {
      entra.entra.setAccessTokenVersion(PROXY_APP.clientId, 1);
    }
  });

  it('serves every app when unset, and several listed apps when set', async () => {
    const open = createInboundAuth(localProxyConfig(entra.url), { now: entra.clock.now });
    expect((await open.authenticate(`Bearer ${automation}`)).delegated).toBe(false);
    const both = createInboundAuth(
      localProxyConfig(entra.url, {
        ENTRA_ALLOWED_CLIENT_APPS: `${CONNECTOR_APP.clientId}, ${AUTOMATION_APP.clientId}`,
      }),
      { now: entra.clock.now },
    );
    expect((await both.authenticate(`Bearer ${automation}`)).appId).toBe(AUTOMATION_APP.clientId);
    const only = createInboundAuth(localProxyConfig(entra.url, { ENTRA_ALLOWED_CLIENT_APPS: AUTOMATION_APP.clientId }));
    const err = await only.authenticate(`Bearer ${user}`).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('CallerNotAllowed');
  });
});
