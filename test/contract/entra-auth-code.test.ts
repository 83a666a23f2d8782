/**
 * The Entra stand-in's authorization code flow with PKCE, over HTTP as a browser drives it: the authorize endpoint's
 * sign-in form, the redirect back with a code, and its one-time redemption by the single-page app (a public client)
 * at the token endpoint: PKCE verified, cross-origin only, nonce in the ID token. Wrong client, redirect URI,
 * password, verifier or a second redemption are refused as Entra refuses them.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { s256 } from '../../emulator/entra/authorization-codes';
import { PROXY_APP, TENANT_ID, USAGE_PAGE_APP, USERS } from '../../emulator/well-known';
import { verifyIssued } from '../support/entra-msal';
import { startEntra, type RunningEntra } from '../support/entra-server';

let entra: RunningEntra;
beforeAll(async () => (entra = await startEntra()));
afterAll(() => entra.close());

const REDIRECT = 'http://127.0.0.1:43210/usage';
const ORIGIN = 'http://127.0.0.1:43210';
const SCOPE = `${PROXY_APP.appIdUri}/${PROXY_APP.scope} openid profile offline_access`;

const authorizeUrl = () => `${entra.url}/${TENANT_ID}/oauth2/v2.0/authorize`;
const tokenUrl = () => `${entra.url}/${TENANT_ID}/oauth2/v2.0/token`;

function authorizeParams(verifier: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: USAGE_PAGE_APP.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    response_mode: 'fragment',
    scope: SCOPE,
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: s256(verifier),
    code_challenge_method: 'S256',
    ...overrides,
  };
}

/** Posts the sign-in form; returns the response (a redirect on success). */
function signIn(params: Record<string, string>, login: string, passwd: string): Promise<Response> {
  return fetch(authorizeUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, login, passwd }).toString(),
    redirect: 'manual',
  });
}

/** Signs alice in and returns the code from the redirect's fragment. */
async function codeFor(verifier: string): Promise<string> {
  const res = await signIn(authorizeParams(verifier), USERS.alice.upn, USERS.alice.password);
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  const fragment = new URLSearchParams(location.hash.slice(1));
  expect(fragment.get('state')).toBe('state-1');
  return fragment.get('code')!;
}

/** Redeems at the token endpoint from the page's origin (`origin: null`: not from a browser, no Origin header). */
async function redeem(form: Record<string, string>, origin: string | null = ORIGIN) {
  const res = await fetch(tokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams({
      client_id: USAGE_PAGE_APP.clientId,
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT,
      scope: SCOPE,
      client_info: '1',
      ...form,
    }).toString(),
  });
  return { res, body: (await res.json()) as Record<string, string | number[]> };
}

describe('authorize endpoint: the sign-in form', () => {
  it('shows a form for a registered single-page app and loopback redirect URI (any port)', async () => {
    const res = await fetch(`${authorizeUrl()}?${new URLSearchParams(authorizeParams('v'.repeat(43)))}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="login"');
    expect(html).toContain('name="passwd"');
    expect(html).toContain('CI real-time usage page');
  });

  it.each([
    ['an unknown client', { client_id: '00000000-0000-0000-0000-000000000001' }, 'AADSTS700016'],
    ['a confidential client without SPA redirect URIs', { client_id: PROXY_APP.clientId }, 'AADSTS700016'],
    ['an unregistered redirect URI', { redirect_uri: 'https://evil.example/usage' }, 'AADSTS50011'],
    ['a loopback URI on another path', { redirect_uri: 'http://127.0.0.1:43210/other' }, 'AADSTS50011'],
  ])('refuses %s on its own page, never redirecting', async (_name, overrides, code) => {
    const res = await fetch(`${authorizeUrl()}?${new URLSearchParams(authorizeParams('v', overrides))}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain(code);
  });

  it('sends a request without PKCE back to the app with an error', async () => {
    const params = authorizeParams('v');
    delete (params as Partial<typeof params>).code_challenge;
    const res = await fetch(`${authorizeUrl()}?${new URLSearchParams(params)}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const fragment = new URLSearchParams(new URL(res.headers.get('location')!).hash.slice(1));
    expect(fragment.get('error')).toBe('invalid_request');
    expect(fragment.get('error_description')).toContain('AADSTS9002325');
    expect(fragment.get('state')).toBe('state-1');
  });

  it('shows the form again, with a message, after a wrong password or unknown user', async () => {
    for (const [login, passwd] of [
      [USERS.alice.upn, 'wrong'],
      ['nobody@contoso-retail.example', 'x'],
    ]) {
      const res = await signIn(authorizeParams('v'), login, passwd);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('role="alert"');
      expect(html).toContain('name="passwd"');
    }
  });

  it('escapes what it echoes into the page', async () => {
    const res = await fetch(`${authorizeUrl()}?${new URLSearchParams(authorizeParams('v', { state: '"><script>x' }))}`);
    const html = await res.text();
    expect(html).not.toContain('"><script>x');
    expect(html).toContain('&quot;&gt;&lt;script&gt;x');
  });
});

describe('token endpoint: redeeming the code', () => {
  it('issues a delegated token for the proxy to the user who signed in, and an ID token with the nonce', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const { res, body } = await redeem({ code: await codeFor(verifier), code_verifier: verifier });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const { payload } = await verifyIssued(entra.url, body.access_token as string);
    expect(payload).toMatchObject({
      aud: PROXY_APP.appIdUri,
      oid: USERS.alice.oid,
      scp: PROXY_APP.scope,
      appid: USAGE_PAGE_APP.clientId,
      appidacr: '0',
    });
    expect(decodeJwt(body.id_token as string)).toMatchObject({ aud: USAGE_PAGE_APP.clientId, nonce: 'nonce-1' });
    expect(typeof body.client_info).toBe('string');
  });

  it('answers the browser preflight with the page origin', async () => {
    const res = await fetch(tokenUrl(), { method: 'OPTIONS', headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it.each([
    ['a wrong code_verifier', (v: string) => ({ code_verifier: `${v}x` }), undefined, 'invalid_grant', 501481],
    ['no code_verifier', () => ({}), undefined, 'invalid_request', 900144],
    [
      'another redirect_uri',
      (v: string) => ({ code_verifier: v, redirect_uri: `${REDIRECT}x` }),
      undefined,
      'invalid_grant',
      70000,
    ],
    [
      'a client secret (public client)',
      (v: string) => ({ code_verifier: v, client_secret: 'x' }),
      undefined,
      'invalid_client',
      700025,
    ],
    ['no Origin (not from a browser)', (v: string) => ({ code_verifier: v }), null, 'invalid_request', 9002327],
  ])('refuses %s', async (_name, extra, origin, error, aadsts) => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await codeFor(verifier);
    const { res, body } = await redeem({ code, ...extra(verifier) }, origin === null ? null : ORIGIN);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(body.error).toBe(error);
    expect(body.error_codes).toEqual([aadsts]);
  });

  it('redeems a code only once', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await codeFor(verifier);
    expect((await redeem({ code, code_verifier: verifier })).res.status).toBe(200);
    const again = await redeem({ code, code_verifier: verifier });
    expect(again.body.error).toBe('invalid_grant');
    expect(again.body.error_codes).toEqual([54005]);
  });

  it('refuses a code after its lifetime (the movable clock)', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await codeFor(verifier);
    entra.clock.advance(11 * 60 * 1000);
    const { body } = await redeem({ code, code_verifier: verifier });
    expect(body.error_codes).toEqual([70008]);
  });
});
