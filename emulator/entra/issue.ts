import { SignJWT } from 'jose';
import { accessTokenClaims, type AccessTokenInput } from './claims';
import type { JWTPayload } from 'jose';
import type { KeyRing } from './keys';

/** A signed access token and the times the responses report. */
export interface IssuedToken {
  accessToken: string;
  issuedAt: number;
  expiresOn: number;
}

/** Signs an access token with the ring's current key (RS256, `kid` and `x5t` in the header, as Entra's). */
export async function issueAccessToken(keys: KeyRing, input: AccessTokenInput): Promise<IssuedToken> {
  const claims = accessTokenClaims(input);
  const accessToken = await signToken(keys, claims);
  return { accessToken, issuedAt: Number(claims.iat), expiresOn: Number(claims.exp) };
}

/** Signs any claims set with the ring's current key (also used for ID tokens). */
export async function signToken(keys: KeyRing, claims: JWTPayload): Promise<string> {
  const key = await keys.current();
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid, x5t: key.kid })
    .sign(key.privateKey);
}

/** `client_info` as Entra returns it: base64url of `{"uid": oid, "utid": tid}` (MSAL's account key). */
export function clientInfo(oid: string, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: oid, utid: tenantId })).toString('base64url');
}
