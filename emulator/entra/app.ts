import express, { type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../clock';
import { authorizeRoutes } from './authorize';
import type { AuthorizationCodes } from './authorization-codes';
import { MAX_FORM_BYTES } from './constants';
import { controlRouter } from './control';
import { allowOrigin } from './cors';
import { EntraError, sendEntraError } from './errors';
import type { FaultInjector } from './faults';
import type { KeyRing } from './keys';
import { managedIdentityHandler } from './managed-identity';
import { metadataRouter } from './metadata';
import type { Directory } from './registrations';
import type { RequestLog } from './request-log';
import { tokenRoute } from './token-route';

/** Everything the Express app of the stand-in is built from. */
export interface EntraAppDeps {
  dir: Directory;
  keys: KeyRing;
  clock: Clock;
  faults: FaultInjector;
  log: RequestLog;
  /** The configured public base URL, if any (otherwise derived from each request's Host). */
  configuredBaseUrl(): string | undefined;
  rotateKeys(): Promise<string>;
  /** Codes the sign-in form issued, redeemed at the token endpoint. */
  codes: AuthorizationCodes;
}

/** Builds the stand-in's Express app: control plane, discovery, token endpoints, managed identity, errors. */
export function buildEntraApp(deps: EntraAppDeps): express.Application {
  const app = express();
  app.disable('x-powered-by');
  const seenBase = (req: Request) => `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
  const baseUrl = (req: Request) => deps.configuredBaseUrl() ?? seenBase(req);
  const baseUrls = (req: Request) => [...new Set([baseUrl(req), seenBase(req)])];
  const form = express.urlencoded({ extended: false, limit: MAX_FORM_BYTES, parameterLimit: 100 });

  // Control plane first: it has its own JSON parser and loopback guard.
  app.use('/_emulator', controlRouter(deps));
  app.use(metadataRouter({ ...deps, baseUrl }));
  // Authorization code + PKCE for single-page apps: the sign-in form, and CORS on the v2 token endpoint so the
  // browser can redeem the code (Entra answers a browser's preflight and cross-origin POST there).
  const authorize = authorizeRoutes(deps);
  app.get('/:tenant/oauth2/v2.0/authorize', authorize.get);
  app.post('/:tenant/oauth2/v2.0/authorize', form, authorize.post);
  app.options('/:tenant/oauth2/v2.0/token', (req: Request, res: Response) => {
    allowOrigin(req, res);
    res.set('Access-Control-Allow-Methods', 'POST').set('Access-Control-Allow-Headers', 'content-type').end();
  });
  app.post('/:tenant/oauth2/v2.0/token', form, tokenRoute({ ...deps, baseUrls }, 2));
  app.post('/:tenant/oauth2/token', form, tokenRoute({ ...deps, baseUrls }, 1));
  app.get('/msi/token', managedIdentityHandler(deps));

  // Anything else: Entra-shaped 404 rather than Express's HTML page.
  app.use((req: Request, res: Response) => {
    sendEntraError(
      res,
      new EntraError(404, 'invalid_request', 900561, `No endpoint ${req.method} ${req.path}.`),
      deps.clock,
    );
  });
  // Body-parser failures (malformed, too large) and anything unexpected: JSON, never a crash or an HTML page.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    const known = status >= 400 && status < 500;
    const text = known ? `Invalid request. ${(err as Error).message}` : 'Unexpected error in the Entra stand-in.';
    if (!known) console.error('entra stand-in error', err);
    if (res.headersSent) return void res.end();
    sendEntraError(
      res,
      new EntraError(status, known ? 'invalid_request' : 'server_error', known ? 9002313 : 50000, text),
      deps.clock,
    );
  });
  return app;
}
