import { EntraError, missingParameter } from '../errors';
import { grantedDelegatedScopes } from '../scopes';
import type { GrantContext, GrantOutcome } from './grant-context';

/**
 * `authorization_code` with PKCE: the code from the sign-in form becomes a delegated token for the user who signed in.
 * The code must have been issued in the request's tenant; the ID token carries the authorization request's nonce.
 */
export function authorizationCodeGrant(ctx: GrantContext): GrantOutcome {
  const { code } = ctx.form;
  if (!code) throw missingParameter('code');
  if (!ctx.codes) throw new EntraError(400, 'unsupported_grant_type', 70003, 'No authorization codes here.');
  const grant = ctx.codes.redeem(code, {
    clientId: ctx.client.clientId,
    redirectUri: ctx.form.redirect_uri,
    codeVerifier: ctx.form.code_verifier,
  });
  if (grant.tenantId !== ctx.tenantId) {
    throw new EntraError(400, 'invalid_grant', 70000, 'The authorization code was issued in another tenant.');
  }
  const scopes = grantedDelegatedScopes(ctx.dir, ctx.client.clientId, ctx.target);
  return { subject: { kind: 'user', user: grant.user, scopes }, delegated: true, nonce: grant.nonce };
}
