/**
 * Multi-tenant isolation (docs/entra.md#the-obo-chain: multi-tenant, confused deputy). With several
 * ENTRA_ALLOWED_TENANTS, the proxy's own identity (client credentials in its home tenant) must never act for a caller
 * of another tenant: an admin of tenant B controls who holds Proxy.Invoke in B, and would otherwise reach tenant A's
 * Customer Insights with A's subscription key. Such callers may only act as themselves (on-behalf-of, in their own
 * tenant).
 */
import request from 'supertest';
import { requestAppToken } from '../../emulator/entra';
import { AUTOMATION_APP, OTHER_TENANT_ID, PROXY_APP, TENANT_ID } from '../../emulator/well-known';
import { createInboundAuth } from '../../proxy/auth/inbound';
import { AppError } from '../../proxy/errors';
import { createCiClient } from '../../proxy/upstream/ci-client';
import { createTokenProvider } from '../../proxy/upstream/token-provider';
import { localProxyConfig } from '../support/proxy-platform-stack';
import { startOpsStack, type OpsStack } from '../support/proxy-ops-stack';
import { appClaims, startForge, userClaims, type Forge } from './security-forge';

const BOTH_TENANTS = `${TENANT_ID},${OTHER_TENANT_ID}`;
let stack: OpsStack;
let forge: Forge;
let foreignApp: string;

beforeAll(async () => {
  [stack, forge] = await Promise.all([startOpsStack({ ENTRA_ALLOWED_TENANTS: BOTH_TENANTS }), startForge()]);
  foreignApp = `Bearer ${await requestAppToken(stack.emu.entraUrl, AUTOMATION_APP, PROXY_APP.appIdUri, OTHER_TENANT_ID)}`;
});
afterAll(async () => {
  await Promise.all([stack.close(), forge.close()]);
});

describe('callers of another allowed tenant never borrow the proxy’s own identity', () => {
  it('refuses an app-only caller of tenant B with 403 CallerNotAllowed, and nothing reaches CI', async () => {
    stack.emu.ci.requests.clear();
    stack.emu.entra.clearRequests();
    const res = await request(stack.proxy.url).get('/api/instances').set('Authorization', foreignApp);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CallerNotAllowed');
    expect(res.body.error.message).toContain(OTHER_TENANT_ID);
    expect(stack.emu.ci.requests.list()).toEqual([]);
    expect(stack.emu.entra.requests()).toEqual([]);
  });

  it('still serves app-only callers of the home tenant', async () => {
    const res = await request(stack.proxy.url).get('/api/instances').set('Authorization', stack.auth.automation);
    expect(res.status).toBe(200);
  });

  it('refuses a delegated caller of tenant B when the proxy calls CI as itself (UPSTREAM_AUTH_MODE=app)', async () => {
    const config = localProxyConfig(stack.emu.entraUrl, {
      ENTRA_ALLOWED_TENANTS: BOTH_TENANTS,
      UPSTREAM_AUTH_MODE: 'app',
      JWKS_URI: forge.jwksUri,
    });
    const auth = createInboundAuth(config);
    const foreignUser = await forge.sign(userClaims({ tid: OTHER_TENANT_ID }));
    const err = await auth.authenticate(`Bearer ${foreignUser}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect([(err as AppError).status, (err as AppError).code]).toEqual([403, 'CallerNotAllowed']);
    // The home tenant's users are served in app mode (as the proxy), and tenant B's users are in OBO mode.
    expect((await auth.authenticate(`Bearer ${await forge.sign(userClaims())}`)).tenantId).toBe(TENANT_ID);
    const obo = createInboundAuth({ ...config, upstream: { ...config.upstream, authMode: 'obo' } });
    expect((await obo.authenticate(`Bearer ${foreignUser}`)).delegated).toBe(true);
  });

  it('the token provider itself refuses the proxy’s own token to a caller of another tenant', async () => {
    const config = localProxyConfig(stack.emu.entraUrl, {
      ENTRA_ALLOWED_TENANTS: BOTH_TENANTS,
      JWKS_URI: forge.jwksUri,
    });
    const tokens = createTokenProvider(config);
    const auth = createInboundAuth(config);
    const home = await auth.authenticate(
      `Bearer ${await forge.sign(appClaims(AUTOMATION_APP.clientId, AUTOMATION_APP.objectId))}`,
    );
    expect(typeof (await tokens.getToken(home))).toBe('string');
    // A caller object that slipped past the door (built by hand here) still gets no token.
    const err = await tokens.getToken({ ...home, tenantId: OTHER_TENANT_ID }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('CallerNotAllowed');
    tokens.close();
  });

  it('never sends the home environment’s subscription key with a call for a user of tenant B', async () => {
    const settings = {
      ENTRA_ALLOWED_TENANTS: BOTH_TENANTS,
      JWKS_URI: forge.jwksUri,
      CI_API_BASE_URL: `${stack.emu.ciUrl}/v1`,
    };
    const foreignUser = await forge.sign(userClaims({ tid: OTHER_TENANT_ID }));
    const attempt = async (extra: Record<string, string>) => {
      const config = localProxyConfig(stack.emu.entraUrl, { ...settings, ...extra });
      const caller = await createInboundAuth(config).authenticate(`Bearer ${foreignUser}`);
      const ci = createCiClient(config, createTokenProvider(config));
      stack.emu.ci.requests.clear();
      stack.emu.entra.clearRequests();
      const err = await ci
        .request({ method: 'GET', path: 'instances', caller, operation: 'ListInstances' })
        .catch((e: unknown) => e);
      await ci.close();
      return { code: (err as AppError).code, tokenRequests: stack.emu.entra.requests().length };
    };
    // No key for tenant B: refused before any token is requested or anything is sent.
    expect(await attempt({})).toEqual({ code: 'CallerNotAllowed', tokenRequests: 0 });
    expect(stack.emu.ci.requests.list()).toEqual([]);
    // With tenant B's key configured the call goes on to the on-behalf-of exchange (which the stand-in cannot do for
    // a token it did not sign).
    const withKey = await attempt({ CI_SUBSCRIPTION_KEYS: JSON.stringify({ [OTHER_TENANT_ID]: 'tenant-b-key' }) });
    expect(withKey.code).not.toBe('CallerNotAllowed');
    expect(withKey.tokenRequests).toBeGreaterThan(0);
  });
});
