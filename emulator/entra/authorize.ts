/**
 * `GET|POST /{tenant}/oauth2/v2.0/authorize`: the authorization endpoint of the code flow with PKCE, for the
 * single-page applications of the directory (the proxy's usage page). GET shows the sign-in form; POST checks the
 * dev user's password, issues a code and sends the browser back to the redirect URI with it (Microsoft identity
 * platform, "OAuth 2.0 authorization code flow"). As on Entra, a request whose client or redirect URI is wrong
 * gets an error page (it must never redirect to an unregistered address); later errors go back to the app.
 */
import type { Request, Response } from 'express';
import type { AuthorizationCodes } from './authorization-codes';
import { EntraError } from './errors';
import type { ClientRegistration, Directory } from './registrations';
import { escapeHtml, signInPage } from './sign-in-page';
import { resolveTenant } from './tenants';

export interface AuthorizeDeps {
  dir: Directory;
  codes: AuthorizationCodes;
}

/** The authorization request's parameters the form carries through the sign-in. */
const CARRIED = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'login_hint',
  'client_info',
  'client-request-id',
];

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Whether a redirect URI is registered: exactly, except that for http loopback addresses the port is not compared
 * (Microsoft identity platform, "Redirect URI (reply URL) restrictions": localhost ports).
 */
export function redirectUriRegistered(client: ClientRegistration, uri: string): boolean {
  let sent: URL;
  try {
    sent = new URL(uri);
  } catch {
    return false;
  }
  return (client.spaRedirectUris ?? []).some((registered) => {
    if (registered === uri) return true;
    const reg = new URL(registered);
    const loopback = sent.protocol === 'http:' && LOOPBACK_HOSTS.includes(sent.hostname);
    return (
      loopback &&
      reg.protocol === sent.protocol &&
      reg.hostname === sent.hostname &&
      reg.pathname === sent.pathname &&
      sent.search === '' &&
      sent.hash === ''
    );
  });
}

/** A failure shown on the stand-in's own page (status 400), never sent to an unchecked redirect URI. */
function errorPage(res: Response, err: EntraError): void {
  res
    .status(400)
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in: error</title></head>` +
        `<body><h1>Sorry, but we're having trouble signing you in.</h1><p id="error">${escapeHtml(err.message)}</p></body></html>`,
    );
}

/** Sends the browser back to the app with `fields`, as `response_mode` asks (fragment by default for SPAs). */
function respond(res: Response, redirectUri: string, mode: string | undefined, fields: Record<string, string>): void {
  const encoded = new URLSearchParams(fields).toString();
  res.set('Cache-Control', 'no-store');
  if (mode === 'form_post') {
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    res
      .type('html')
      .send(
        `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}</form></body></html>`,
      );
    return;
  }
  res.redirect(302, mode === 'query' ? `${redirectUri}?${encoded}` : `${redirectUri}#${encoded}`);
}

function params(source: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CARRIED) if (typeof source[name] === 'string') out[name] = source[name] as string;
  return out;
}

/** Validates the parts that decide where errors may go; throws EntraError for the error page. */
function checkClient(deps: AuthorizeDeps, tenantSegment: string, p: Record<string, string>) {
  const pathTenant = resolveTenant(tenantSegment);
  const clientId = (p.client_id ?? '').toLowerCase();
  const client = deps.dir.clients.get(clientId);
  const tenantId = pathTenant ?? client?.tenants[0];
  if (!client || !client.spaRedirectUris || !tenantId || !client.tenants.includes(tenantId)) {
    throw new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${p.client_id ?? ''}' was not found in the directory '${tenantSegment}'.`,
    );
  }
  if (!p.redirect_uri || !redirectUriRegistered(client, p.redirect_uri)) {
    throw new EntraError(
      400,
      'invalid_request',
      50011,
      `The redirect URI '${p.redirect_uri ?? ''}' specified in the request does not match the redirect URIs ` +
        `configured for the application '${client.clientId}'.`,
    );
  }
  return { client, tenantId, redirectUri: p.redirect_uri };
}

/** The rest of the request: code flow, PKCE, scopes. Returns an OAuth error for the redirect URI, if any. */
function requestError(p: Record<string, string>): { error: string; error_description: string } | undefined {
  if (p.response_type !== 'code') {
    return { error: 'unsupported_response_type', error_description: 'AADSTS700054: response_type must be code.' };
  }
  if (!p.code_challenge) {
    return {
      error: 'invalid_request',
      error_description:
        'AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
    };
  }
  if (p.code_challenge_method && !['S256', 'plain'].includes(p.code_challenge_method)) {
    return { error: 'invalid_request', error_description: 'AADSTS501491: Invalid code_challenge_method.' };
  }
  if (!p.scope) {
    return { error: 'invalid_request', error_description: "AADSTS900144: The request must contain 'scope'." };
  }
  return undefined;
}

export function authorizeRoutes(deps: AuthorizeDeps) {
  const users = () => deps.dir.users.map((u) => ({ upn: u.upn, name: u.name }));
  const show = (req: Request, res: Response, source: Record<string, unknown>, post: boolean) => {
    const p = params(source);
    let checked: ReturnType<typeof checkClient>;
    try {
      checked = checkClient(deps, String(req.params.tenant), p);
    } catch (err) {
      if (err instanceof EntraError) return errorPage(res, err);
      throw err;
    }
    const failure = requestError(p);
    if (failure) {
      return respond(res, checked.redirectUri, p.response_mode, { ...failure, ...(p.state ? { state: p.state } : {}) });
    }
    const page = { clientName: checked.client.displayName, params: p, users: users() };
    if (!post) {
      res
        .set('Cache-Control', 'no-store')
        .type('html')
        .send(signInPage({ ...page, login: p.login_hint }));
      return;
    }
    const login = typeof source.login === 'string' ? source.login : '';
    const password = typeof source.passwd === 'string' ? source.passwd : '';
    const user = deps.dir.users.find(
      (u) => u.upn.toLowerCase() === login.toLowerCase() && u.tenantId === checked.tenantId,
    );
    if (!user || user.password !== password) {
      const error = user
        ? 'Your account or password is incorrect.'
        : 'This username may be incorrect. Make sure you typed it correctly (one of the development users below).';
      res
        .status(200)
        .set('Cache-Control', 'no-store')
        .type('html')
        .send(signInPage({ ...page, login, error }));
      return;
    }
    const code = deps.codes.issue({
      clientId: checked.client.clientId,
      tenantId: checked.tenantId,
      redirectUri: checked.redirectUri,
      user,
      scope: p.scope,
      nonce: p.nonce,
      codeChallenge: p.code_challenge,
      codeChallengeMethod: p.code_challenge_method === 'S256' ? 'S256' : 'plain',
    });
    respond(res, checked.redirectUri, p.response_mode, { code, ...(p.state ? { state: p.state } : {}) });
  };
  return {
    get: (req: Request, res: Response) => show(req, res, req.query as Record<string, unknown>, false),
    post: (req: Request, res: Response) => show(req, res, req.body as Record<string, unknown>, true),
  };
}
