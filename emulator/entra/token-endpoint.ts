import type { Clock } from '../clock';
import { authenticateClient } from './client-auth';
import type { AuthorizationCodes } from './authorization-codes';
import {
  ACCESS_TOKEN_EXT_LIFETIME_SECONDS,
  ACCESS_TOKEN_LIFETIME_SECONDS,
  AUTHORIZATION_CODE_GRANT_TYPE,
  ENTRA_PRODUCTION_HOST,
  JWT_BEARER_GRANT_TYPE,
} from './constants';
import { EntraError, missingClientCredential, missingParameter, unknownClient } from './errors';
import { authorizationCodeGrant } from './grants/authorization-code';
import { clientCredentialsGrant } from './grants/client-credentials';
import type { GrantContext, GrantOutcome } from './grants/grant-context';
import { onBehalfOfGrant } from './grants/on-behalf-of';
import { passwordGrant } from './grants/password';
import { idTokenClaims, type ClientAuthMethod } from './claims';
import { clientInfo, issueAccessToken, signToken } from './issue';
import type { KeyRing } from './keys';
import type { Directory } from './registrations';
import type { TokenRequestLog } from './request-log';
import { responseScope, targetFromResource, targetFromScope } from './scopes';
import { resolveTenant } from './tenants';

/** What the token endpoint needs from the stand-in. */
export interface TokenEndpointDeps {
  dir: Directory;
  keys: KeyRing;
  clock: Clock;
  /** Codes issued by the sign-in form (authorize endpoint), redeemed by the authorization_code grant. */
  codes?: AuthorizationCodes;
}

/** One token request as the route hands it over. */
export interface TokenRequest {
  tenantSegment: string;
  version: 1 | 2;
  form: Record<string, string>;
  /** Base URLs this stand-in is reachable at (configured and as seen by the request), for client-assertion `aud`. */
  baseUrls: string[];
  /** The request's `Origin` header: a browser's cross-origin request carries it. */
  origin?: string;
}

type Grant = (ctx: GrantContext) => GrantOutcome | Promise<GrantOutcome>;
const GRANTS: Record<string, Grant> = {
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  [JWT_BEARER_GRANT_TYPE]: onBehalfOfGrant,
  [AUTHORIZATION_CODE_GRANT_TYPE]: authorizationCodeGrant,
};

/** Grants a public client (no credential) may use: its users sign in, it never acts as itself. */
const PUBLIC_CLIENT_GRANTS = [AUTHORIZATION_CODE_GRANT_TYPE, 'password'];

/**
 * A single-page application is a public client: it has no credential, and Entra redeems its codes only from a
 * browser's cross-origin request (AADSTS9002327), which carries `Origin`.
 */
function publicClientAuth(req: TokenRequest, grantType: string): ClientAuthMethod {
  const { form } = req;
  if (!PUBLIC_CLIENT_GRANTS.includes(grantType)) throw missingClientCredential();
  if (form.client_secret !== undefined || form.client_assertion !== undefined) {
    throw new EntraError(
      401,
      'invalid_client',
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    );
  }
  if (grantType === AUTHORIZATION_CODE_GRANT_TYPE && !req.origin) {
    throw new EntraError(
      400,
      'invalid_request',
      9002327,
      "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    );
  }
  return '0';
}

/** Token endpoints a client assertion may name as `aud` (v1 and v2 paths, local and production hosts). */
function assertionAudiences(baseUrls: string[], segments: string[]): string[] {
  return [...baseUrls, ENTRA_PRODUCTION_HOST].flatMap((base) =>
    segments.flatMap((t) => [`${base}/${t}/oauth2/v2.0/token`, `${base}/${t}/oauth2/token`]),
  );
}

/**
 * Runs one token request: grant type, tenant, client, client credential, target resource, grant, token. Fills `log`
 * as facts become known so failed requests are logged too. Throws `EntraError` for every refusal.
 */
export async function handleTokenRequest(
  deps: TokenEndpointDeps,
  req: TokenRequest,
  log: Partial<TokenRequestLog>,
): Promise<Record<string, unknown>> {
  const { form } = req;
  const grantType = form.grant_type;
  if (!grantType) throw missingParameter('grant_type');
  log.grant = grantType;
  const grant = GRANTS[grantType];
  if (!grant) {
    throw new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }
  const clientId = form.client_id;
  if (!clientId) throw missingParameter('client_id');
  log.clientId = clientId;
  const pathTenant = resolveTenant(req.tenantSegment);
  const client = deps.dir.clients.get(clientId.toLowerCase());
  if (!client || (pathTenant && !client.tenants.includes(pathTenant))) {
    throw unknownClient(clientId, pathTenant ?? req.tenantSegment);
  }
  if (!pathTenant && grantType === 'client_credentials') {
    throw new EntraError(
      400,
      'invalid_request',
      50059,
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
    );
  }
  const tenantId = pathTenant ?? client.tenants[0];
  log.tenant = tenantId;
  const audiences = assertionAudiences(req.baseUrls, [...new Set([req.tenantSegment, tenantId])]);
  const clientAuth = client.spaRedirectUris
    ? publicClientAuth(req, grantType)
    : await authenticateClient({ form, client, assertionAudiences: audiences, clock: deps.clock });
  const target =
    req.version === 2
      ? targetFromScope(deps.dir, form.scope, tenantId)
      : targetFromResource(deps.dir, form.resource, tenantId);
  log.resource = target.identifier;
  const outcome = await grant({ ...deps, tenantId, client, clientAuth, form, target });
  const issued = await issueAccessToken(deps.keys, {
    tenantId,
    resource: target.resource,
    requestedIdentifier: target.identifier,
    clientId: client.clientId,
    clientAuth,
    subject: outcome.subject,
    nowSeconds: Math.floor(deps.clock.now() / 1000),
  });
  const info =
    outcome.delegated && form.client_info === '1' && outcome.subject.kind === 'user'
      ? { client_info: clientInfo(outcome.subject.user.oid, tenantId) }
      : {};
  if (req.version === 1) {
    // v1 answers with strings, and names the resource instead of scopes.
    return {
      token_type: 'Bearer',
      expires_in: String(ACCESS_TOKEN_LIFETIME_SECONDS),
      ext_expires_in: String(ACCESS_TOKEN_EXT_LIFETIME_SECONDS),
      expires_on: String(issued.expiresOn),
      not_before: String(issued.issuedAt),
      resource: target.identifier,
      access_token: issued.accessToken,
      ...info,
    };
  }
  const user = outcome.subject.kind === 'user' ? outcome.subject.user : undefined;
  const scope = outcome.subject.kind === 'user' ? { scope: responseScope(target, outcome.subject.scopes) } : {};
  // Delegated v2 responses carry an ID token when `openid` was asked (MSAL builds the account from it).
  const wantsIdToken = user && (form.scope ?? '').split(/\s+/).includes('openid');
  const idToken = wantsIdToken
    ? {
        id_token: await signToken(deps.keys, {
          ...idTokenClaims(user, client.clientId, tenantId, issued.issuedAt),
          ...(outcome.nonce !== undefined ? { nonce: outcome.nonce } : {}),
        }),
      }
    : {};
  return {
    token_type: 'Bearer',
    ...scope,
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    ext_expires_in: ACCESS_TOKEN_EXT_LIFETIME_SECONDS,
    access_token: issued.accessToken,
    ...idToken,
    ...info,
  };
}
