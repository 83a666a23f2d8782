/**
 * The proxy serves the usage page at `/usage` without a token (the page signs the person in itself), everything from
 * this process (no CDN): its HTML, script, charts, style, msal-browser's browser build and the sign-in settings
 * derived from the proxy's own (client id, authority, the proxy's scope; with the local stand-in, metadata pointing
 * MSAL at it), under a Content-Security-Policy that allows only this origin and the identity provider's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROXY_APP, TENANT_ID, USAGE_PAGE_APP } from '../../emulator/well-known';
import { ConfigError } from '../../proxy/config';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';

let entra: RunningEntra;
let proxy: RunningProxy;
beforeAll(async () => {
  entra = await startEntra();
  proxy = await startProxy(localProxyConfig(entra.url, { PORT: '0', USAGE_PAGE_CLIENT_ID: USAGE_PAGE_APP.clientId }));
});
afterAll(async () => {
  await proxy?.close();
  await entra?.close();
});

describe('GET /usage', () => {
  it('serves the page without a token, with a CSP naming only this origin and the identity provider', async () => {
    const res = await fetch(`${proxy.url}/usage`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<script src="usage/msal-browser.min.js"');
    expect(html).not.toMatch(/https?:\/\//); // nothing from elsewhere: every file comes from this proxy
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${entra.url}`);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it.each(['usage.js', 'charts.js', 'usage.css'])('serves %s from the package', async (file) => {
    const res = await fetch(`${proxy.url}/usage/${file}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(readFileSync(path.join(__dirname, '../../proxy/usage-page/static', file), 'utf8'));
  });

  it("serves msal-browser's browser build from node_modules", async () => {
    const res = await fetch(`${proxy.url}/usage/msal-browser.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toMatch(/^\/\*! @azure\/msal-browser v\d+\./);
  });

  it('gives the page the sign-in settings derived from the proxy settings', async () => {
    const settings = (await (await fetch(`${proxy.url}/usage/settings.json`)).json()) as Record<string, unknown>;
    expect(settings).toMatchObject({
      clientId: USAGE_PAGE_APP.clientId,
      authority: `https://login.microsoftonline.com/${TENANT_ID}`,
      scopes: [`${PROXY_APP.appIdUri}/${PROXY_APP.scope}`],
    });
    const metadata = JSON.parse(settings.authorityMetadata as string) as Record<string, string>;
    expect(metadata.authorization_endpoint).toBe(`${entra.url}/${TENANT_ID}/oauth2/v2.0/authorize`);
    expect(metadata.token_endpoint).toBe(`${entra.url}/${TENANT_ID}/oauth2/v2.0/token`);
  });

  it('answers other paths under /usage through the API pipeline (JSON 404)', async () => {
    const res = await fetch(`${proxy.url}/usage/nope.js`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('OperationNotFound');
  });
});

describe('USAGE_PAGE_CLIENT_ID', () => {
  it('without it the page gets no client id (and says sign-in is not set up)', async () => {
    const bare = await startProxy(localProxyConfig(entra.url, { PORT: '0' }));
    try {
      const settings = (await (await fetch(`${bare.url}/usage/settings.json`)).json()) as Record<string, unknown>;
      expect(settings.clientId).toBeUndefined();
    } finally {
      await bare.close();
    }
  });

  it('stops startup when ENTRA_ALLOWED_CLIENT_APPS would refuse the page', () => {
    const load = () =>
      localProxyConfig(entra.url, {
        USAGE_PAGE_CLIENT_ID: USAGE_PAGE_APP.clientId,
        ENTRA_ALLOWED_CLIENT_APPS: PROXY_APP.clientId,
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/USAGE_PAGE_CLIENT_ID: .* must also be listed in ENTRA_ALLOWED_CLIENT_APPS/);
  });

  it('is refused when not a GUID', () => {
    expect(() => localProxyConfig(entra.url, { USAGE_PAGE_CLIENT_ID: 'usage-page' })).toThrow(
      /USAGE_PAGE_CLIENT_ID: must be a GUID/,
    );
  });
});
