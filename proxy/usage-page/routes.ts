/**
 * The usage page at `/usage`: static files anyone may load (no token: the page signs the person in, then calls
 * `/api/instances` and `/api/instances/{id}/usage` with their token, so GetUsage's visibility rules apply unchanged
 * and the proxy keeps no session). Everything is served from this process: the page's own HTML, script and style
 * (usage-page/static/), its settings, and @azure/msal-browser's browser build from the installed package (a
 * production dependency; nothing comes from a CDN). Files are read once at start.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import type { ProxyConfig } from '../config';
import { usagePageSettings } from './page-settings';

const STATIC_DIR = path.join(__dirname, 'static');
/** The minified UMD build msal-browser ships for pages without a bundler (`window.msal`). */
const MSAL_BROWSER_FILE = path.join(path.dirname(require.resolve('@azure/msal-browser')), 'msal-browser.min.js');

interface Asset {
  body: Buffer;
  type: string;
}

const asset = (file: string, type: string): Asset => ({ body: readFileSync(file), type });

/** The page's Content-Security-Policy: its own origin, plus the identity origins for the sign-in round trip. */
function contentSecurityPolicy(identityOrigins: string[]): string {
  const identity = identityOrigins.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${identity}`,
    `frame-src ${identity}`,
    `form-action 'self' ${identity}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Routes under `/usage` (mounted by app.ts before the API pipeline, which answers only `/api` paths). */
export function usagePageRouter(config: ProxyConfig): Router {
  const settings = usagePageSettings(config);
  const { identityOrigins, ...browserSettings } = settings;
  const csp = contentSecurityPolicy(identityOrigins);
  const files: Record<string, Asset> = {
    '/': asset(path.join(STATIC_DIR, 'index.html'), 'text/html; charset=utf-8'),
    '/usage.js': asset(path.join(STATIC_DIR, 'usage.js'), 'text/javascript; charset=utf-8'),
    '/charts.js': asset(path.join(STATIC_DIR, 'charts.js'), 'text/javascript; charset=utf-8'),
    '/usage.css': asset(path.join(STATIC_DIR, 'usage.css'), 'text/css; charset=utf-8'),
    '/msal-browser.min.js': asset(MSAL_BROWSER_FILE, 'text/javascript; charset=utf-8'),
    '/settings.json': {
      body: Buffer.from(JSON.stringify(browserSettings)),
      type: 'application/json; charset=utf-8',
    },
  };
  const send = (res: Response, file: Asset) => {
    res
      .status(200)
      .type(file.type)
      .set({
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        // Short: a new deployment's page is picked up within minutes; the page itself holds no data.
        'Cache-Control': 'public, max-age=300',
      })
      .send(file.body);
  };
  const router = Router({ strict: true });
  // `/usage` is the page (and its registered redirect URI); the browser resolves its relative URLs against
  // `/usage/`, so the files below are linked as `usage/<file>`.
  router.get('/', (req, res) => {
    if (req.originalUrl.split('?')[0].split('#')[0].endsWith('/')) return void res.redirect(301, '/usage');
    send(res, files['/']);
  });
  for (const [name, file] of Object.entries(files)) {
    if (name !== '/') router.get(name, (_req, res) => send(res, file));
  }
  return router;
}
