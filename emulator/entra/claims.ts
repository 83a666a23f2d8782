import { createHash, randomBytes } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { ACCESS_TOKEN_LIFETIME_SECONDS, ENTRA_PRODUCTION_HOST, ENTRA_V1_ISSUER_HOST } from './constants';
import type { ResourceRegistration, ServicePrincipal, TokenVersion, UserRegistration } from './registrations';

/** Who a token is about: a signed-in user (delegated, `scp`) or an application (app-only, `roles`). */
export type TokenSubject =
  | { kind: 'user'; user: UserRegistration; scopes: string[] }
  | { kind: 'app'; principal: ServicePrincipal; roles: string[] };

/** How the client proved itself: `0` public, `1` secret, `2` certificate (Entra's `appidacr`/`azpacr`). */
export type ClientAuthMethod = '0' | '1' | '2';

/** Everything that decides an access token's claims. */
export interface AccessTokenInput {
  tenantId: string;
  resource: ResourceRegistration;
  /** The identifier the client asked for: v1 tokens carry it as `aud`. */
  requestedIdentifier: string;
  clientId: string;
  clientAuth: ClientAuthMethod;
  subject: TokenSubject;
  nowSeconds: number;
}

/** The issuer string Entra puts in a token of the given version (design.md §2). */
export function issuerFor(tenantId: string, version: TokenVersion): string {
  return version === 1 ? `${ENTRA_V1_ISSUER_HOST}/${tenantId}/` : `${ENTRA_PRODUCTION_HOST}/${tenantId}/v2.0`;
}

/** Entra's `sub` for users is pairwise (stable per user and resource app); for apps it equals `oid`. */
function pairwiseSubject(oid: string, resourceClientId: string): string {
  return createHash('sha256').update(`${oid}:${resourceClientId}`).digest('base64url').slice(0, 43);
}

/** Builds the claims of a v1.0 or v2.0 access token, following the resource's `accessTokenAcceptedVersion`. */
export function accessTokenClaims(input: AccessTokenInput): JWTPayload {
  const { resource, subject, nowSeconds: iat } = input;
  const version = resource.accessTokenAcceptedVersion;
  const oid = subject.kind === 'user' ? subject.user.oid : subject.principal.objectId;
  const claims: JWTPayload = {
    // v1 carries whatever identifier was requested; v2 always the resource's client id (access-tokens.md).
    aud: version === 1 ? input.requestedIdentifier : resource.clientId,
    iss: issuerFor(input.tenantId, version),
    iat,
    nbf: iat,
    exp: iat + ACCESS_TOKEN_LIFETIME_SECONDS,
    tid: input.tenantId,
    oid,
    sub: subject.kind === 'user' ? pairwiseSubject(oid, resource.clientId) : oid,
    uti: randomBytes(16).toString('base64url'),
    ver: version === 1 ? '1.0' : '2.0',
  };
  if (version === 1) {
    claims.appid = input.clientId;
    claims.appidacr = input.clientAuth;
  } else {
    claims.azp = input.clientId;
    claims.azpacr = input.clientAuth;
  }
  if (subject.kind === 'user') {
    claims.scp = subject.scopes.join(' ');
    claims.name = subject.user.name;
    if (version === 1) Object.assign(claims, { upn: subject.user.upn, unique_name: subject.user.upn, amr: ['pwd'] });
    else Object.assign(claims, { preferred_username: subject.user.upn, upn: subject.user.upn });
  } else {
    if (subject.roles.length > 0) claims.roles = subject.roles;
    claims.idtyp = 'app';
  }
  return claims;
}

/** Claims of the v2.0 ID token Entra adds to delegated responses when `openid` was requested. */
export function idTokenClaims(
  user: UserRegistration,
  clientId: string,
  tenantId: string,
  nowSeconds: number,
): JWTPayload {
  return {
    aud: clientId,
    iss: issuerFor(tenantId, 2),
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + ACCESS_TOKEN_LIFETIME_SECONDS,
    name: user.name,
    oid: user.oid,
    preferred_username: user.upn,
    sub: pairwiseSubject(user.oid, clientId),
    tid: tenantId,
    ver: '2.0',
  };
}
