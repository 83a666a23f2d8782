/**
 * Hostile and unusual caller tokens against the real validator (jose, JWKS fetched over HTTP from a key we hold, see
 * security-forge.ts). Each case is a token an attacker can make, or one Entra issues in a setup the stand-in does not
 * model; the proxy must answer 401 (not a valid token for it) or 403 (valid, but not allowed), never accept it.
 */
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AUTOMATION_APP, OTHER_TENANT_ID, PROXY_APP, TENANT_ID, USERS } from '../../emulator/well-known';
import { createInboundAuth, type InboundAuth } from '../../proxy/auth/inbound';
import { AppError } from '../../proxy/errors';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { localProxyConfig } from '../support/proxy-platform-stack';
import { appClaims, startForge, userClaims, type Forge } from './security-forge';

let forge: Forge;
let auth: InboundAuth;
let proxy: RunningProxy;

beforeAll(async () => {
  forge = await startForge();
  // No Entra is contacted by these tests: the validator only needs the forge's JWKS.
  const config = localProxyConfig('http://127.0.0.1:9', { JWKS_URI: forge.jwksUri, PORT: '0' });
  auth = createInboundAuth(config);
  proxy = await startProxy(config);
});
afterAll(async () => {
  await proxy.close(0);
  await forge.close();
});

/** The AppError authenticate() rejects with; fails the test if the token is accepted. */
async function refused(token: string): Promise<AppError> {
  const result = await auth.authenticate(`Bearer ${token}`).then(
    (caller) => caller,
    (e: unknown) => e,
  );
  expect(result).toBeInstanceOf(AppError);
  return result as AppError;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const APP = (over = {}) => appClaims(AUTOMATION_APP.clientId, AUTOMATION_APP.objectId, over);

describe('signature and algorithm attacks', () => {
  it('refuses HS256 signed with the published RSA public key as the HMAC secret (alg confusion)', async () => {
    const header = b64({ alg: 'HS256', typ: 'JWT', kid: forge.kid });
    const payload = b64(userClaims());
    for (const secret of [JSON.stringify(forge.publicJwk), String(forge.publicJwk.n)]) {
      const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      const err = await refused(`${header}.${payload}.${sig}`);
      expect([err.status, err.message]).toEqual([401, 'The access token must be signed with RS256.']);
    }
  });

  it('refuses alg none, with and without a kid', async () => {
    for (const h of [{ alg: 'none' }, { alg: 'none', kid: forge.kid }, { alg: 'None', kid: forge.kid }]) {
      expect((await refused(`${b64(h)}.${b64(userClaims())}.`)).status).toBe(401);
    }
  });

  it('ignores a key embedded in the header (jwk/jku/x5u): only the JWKS decides', async () => {
    const attacker = await generateKeyPair('RS256');
    const jwk = await exportJWK(attacker.publicKey);
    const token = await new SignJWT(userClaims())
      .setProtectedHeader({ alg: 'RS256', kid: forge.kid, jwk, jku: 'http://127.0.0.1:9/evil', x5u: 'http://x' })
      .sign(attacker.privateKey);
    expect((await refused(token)).message).toBe('The access token signature is invalid.');
  });

  it('refuses unknown or path-like kids, and a flood of them costs at most a couple of JWKS fetches', async () => {
    const before = forge.fetches();
    for (let i = 0; i < 20; i++) {
      const err = await refused(await forge.sign(userClaims(), { kid: `../../../etc/passwd?${i}` }));
      expect(err.message).toBe('The access token is signed with a key Entra ID does not publish.');
    }
    // jose refetches for an unknown kid only after its cooldown (JWKS_COOLDOWN_MS, 5 s).
    expect(forge.fetches() - before).toBeLessThanOrEqual(2);
  });
});

describe('claims attacks', () => {
  it.each([
    ['no tid', { tid: undefined }, 'lacks a valid "tid"'],
    [
      'a tenant outside the allow-list',
      { tid: OTHER_TENANT_ID, iss: `https://sts.windows.net/${OTHER_TENANT_ID}/` },
      OTHER_TENANT_ID,
    ],
    ['tid that is not a GUID', { tid: 'common', iss: 'https://sts.windows.net/common/' }, 'not issued by Entra ID'],
    ['tid of another tenant under the home issuer', { tid: OTHER_TENANT_ID }, OTHER_TENANT_ID],
    ['ver 1.0 with a v2 issuer', { iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0` }, 'does not match'],
    ['no ver', { ver: undefined }, 'does not match'],
    [
      'an issuer that only looks like Entra',
      { iss: `https://sts.windows.net.evil.example/${TENANT_ID}/` },
      'not issued',
    ],
    ['the audience of another app of the tenant', { aud: 'api://some-other-app' }, 'not for this proxy'],
    ['no exp', { exp: undefined }, 'lacks a valid "exp"'],
    ['exp as a string', { exp: '9999999999' }, 'lacks a valid "exp"'],
    ['nbf an hour ahead', { nbf: Math.floor(Date.now() / 1000) + 3600 }, 'not valid yet'],
  ])('refuses a token with %s (401)', async (_what, over, says) => {
    const claims = userClaims(over as Record<string, unknown>);
    for (const k of Object.keys(over)) if ((over as Record<string, unknown>)[k] === undefined) delete claims[k];
    const err = await refused(await forge.sign(claims));
    expect(err.status).toBe(401);
    expect(err.message).toContain(says);
  });

  it('refuses an app-only token without the Proxy.Invoke role (403)', async () => {
    const err = await refused(await forge.sign(APP({ roles: ['Something.Else'] })));
    expect([err.status, err.code]).toEqual([403, 'InsufficientScope']);
  });

  it('does not take a user token that carries the app role but no scp for an application (403)', async () => {
    // A user assigned the Proxy.Invoke role, in a token without delegated scopes: not an app-only caller, so it must
    // not be served with the proxy's own identity.
    for (const over of [{ scp: undefined }, { scp: '' }, { scp: undefined, idtyp: 'user' }]) {
      const claims = userClaims({ ...over, roles: [PROXY_APP.appRole] });
      if (over.scp === undefined) delete claims.scp;
      const err = await refused(await forge.sign(claims));
      expect([err.status, err.code]).toEqual([403, 'InsufficientScope']);
      expect(err.message).toContain(PROXY_APP.scope);
    }
  });

  it('accepts an app-only token without the optional idtyp claim (sub = oid, no user claims)', async () => {
    const claims = APP();
    delete claims.idtyp;
    const caller = await auth.authenticate(`Bearer ${await forge.sign(claims)}`);
    expect(caller).toMatchObject({
      delegated: false,
      appId: AUTOMATION_APP.clientId,
      objectId: AUTOMATION_APP.objectId,
    });
  });

  it('accepts a guest user of the home tenant as a delegated caller of that tenant', async () => {
    const guest = userClaims({
      oid: '0d5f4c0a-1111-4a4a-8b8b-222233334444',
      upn: 'gina_fabrikam.example#EXT#@contosoretail.onmicrosoft.com',
      unique_name: 'gina@fabrikam.example',
      idp: `https://sts.windows.net/${OTHER_TENANT_ID}/`,
    });
    const caller = await auth.authenticate(`Bearer ${await forge.sign(guest)}`);
    expect(caller).toMatchObject({ delegated: true, tenantId: TENANT_ID });
  });

  it('a cached token is refused once it expires (the cache never outlives exp)', async () => {
    let now = Date.now();
    const clocked = createInboundAuth(localProxyConfig('http://127.0.0.1:9', { JWKS_URI: forge.jwksUri }), {
      now: () => now,
    });
    const token = await forge.sign(userClaims({ exp: Math.floor(now / 1000) + 60 }));
    expect((await clocked.authenticate(`Bearer ${token}`)).objectId).toBe(USERS.alice.oid);
    now += 60_000 + 121_000; // past exp and the 120 s tolerance
    const err = await clocked.authenticate(`Bearer ${token}`).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(401);
  });
});

describe('over HTTP', () => {
  it('answers hostile tokens with the JSON error shape and a header-safe WWW-Authenticate', async () => {
    const token = await forge.sign(userClaims({ tid: 'x"\r\nSet-Cookie: a=b', iss: 'x' }));
    const res = await request(proxy.url).get('/api/instances').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('Unauthenticated');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description="[\x20-\x7e]*"$/);
  });

  it('refuses an oversized Authorization header without crashing', async () => {
    const res = await request(proxy.url)
      .get('/api/instances')
      .set('Authorization', `Bearer ${'a'.repeat(20_000)}.b.c`);
    expect([401, 431]).toContain(res.status);
    expect((await request(proxy.url).get('/healthz')).status).toBe(200);
  });
});
