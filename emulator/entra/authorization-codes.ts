/**
 * The authorization codes the sign-in form issues and the token endpoint redeems (authorization code + PKCE,
 * RFC 6749 §4.1 and RFC 7636): each remembers who signed in, for which client, redirect URI, scopes and PKCE
 * challenge, and can be redeemed once before it expires.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { AUTHORIZATION_CODE_LIFETIME_SECONDS, AUTHORIZATION_CODE_LIMIT } from './constants';
import { EntraError } from './errors';
import type { UserRegistration } from './registrations';

/** What one authorization request granted. */
export interface AuthorizationGrant {
  clientId: string;
  tenantId: string;
  redirectUri: string;
  user: UserRegistration;
  scope: string;
  nonce?: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
}

interface Entry extends AuthorizationGrant {
  expiresAt: number;
}

export interface AuthorizationCodes {
  /** Issues a fresh, single-use code for a grant. */
  issue(grant: AuthorizationGrant): string;
  /**
   * Redeems a code once (a second redemption fails, as Entra's AADSTS54005 does); checks client, redirect URI and
   * PKCE verifier. Throws EntraError naming what did not match.
   */
  redeem(code: string, request: { clientId: string; redirectUri?: string; codeVerifier?: string }): AuthorizationGrant;
}

const invalidGrant = (aadsts: number, text: string) => new EntraError(400, 'invalid_grant', aadsts, text);

/** The S256 transform of RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createAuthorizationCodes(clock: Clock): AuthorizationCodes {
  const codes = new Map<string, Entry>();
  const redeemed = new Set<string>();
  return {
    issue(grant) {
      const code = randomBytes(32).toString('base64url');
      codes.set(code, { ...grant, expiresAt: clock.now() + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000 });
      // Bounded: codes nobody redeems (abandoned sign-ins) must not pile up.
      while (codes.size > AUTHORIZATION_CODE_LIMIT) codes.delete(codes.keys().next().value as string);
      return code;
    },
    redeem(code, request) {
      const entry = codes.get(code);
      if (!entry) {
        if (redeemed.has(code)) throw invalidGrant(54005, 'OAuth2 Authorization code was already redeemed.');
        throw invalidGrant(9002313, 'Invalid request. The provided authorization code is malformed or invalid.');
      }
      codes.delete(code);
      redeemed.add(code);
      if (redeemed.size > AUTHORIZATION_CODE_LIMIT) redeemed.delete(redeemed.values().next().value as string);
      if (clock.now() >= entry.expiresAt) {
        throw invalidGrant(70008, 'The provided authorization code or refresh token has expired due to inactivity.');
      }
      if (entry.clientId !== request.clientId.toLowerCase()) {
        throw invalidGrant(70000, "The provided authorization code was issued to another client than 'client_id'.");
      }
      if (request.redirectUri !== entry.redirectUri) {
        throw invalidGrant(
          70000,
          `The 'redirect_uri' '${request.redirectUri ?? ''}' differs from the one of the authorization request.`,
        );
      }
      if (request.codeVerifier === undefined) {
        throw new EntraError(
          400,
          'invalid_request',
          900144,
          "The request body must contain the following parameter: 'code_verifier'.",
        );
      }
      const derived = entry.codeChallengeMethod === 'S256' ? s256(request.codeVerifier) : request.codeVerifier;
      if (derived !== entry.codeChallenge) {
        throw invalidGrant(
          501481,
          'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        );
      }
      return entry;
    },
  };
}
