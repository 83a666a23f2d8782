/**
 * Federated identity credentials (workload identity federation): an app registration trusts tokens of a named issuer
 * and subject as its client assertion, so it needs no secret. The proxy app trusts the proxy's own managed identity:
 * MSAL's `clientAssertion` callback hands over the identity's token for `api://AzureADTokenExchange`
 * (docs/entra.md#credentials). Like Entra, the stand-in checks the token against its issuer's published
 * signing keys, its issuer, subject and audience, and its lifetime.
 */
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../clock';
import { PROXY_APP, PROXY_MANAGED_IDENTITY, TENANT_ID } from '../well-known';
import { issuerFor } from './claims';
import { CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS, ENTRA_PRODUCTION_HOST, TOKEN_EXCHANGE_AUDIENCE } from './constants';
import { EntraError } from './errors';

export { TOKEN_EXCHANGE_AUDIENCE };

/** One federated identity credential on an app registration. */
export interface FederatedCredential {
  clientId: string;
  /** Tenant whose Entra issuer (v1 or v2 spelling) must have issued the token. */
  issuerTenantId: string;
  /** The token's `sub`: for a managed identity, its object (principal) id. */
  subject: string;
  audience: string;
}

/** The stand-in's federated credentials: PROXY_APP trusts PROXY_MANAGED_IDENTITY (docs/design.md §1). */
export const FEDERATED_CREDENTIALS: readonly FederatedCredential[] = [
  {
    clientId: PROXY_APP.clientId,
    issuerTenantId: TENANT_ID,
    subject: PROXY_MANAGED_IDENTITY.objectId,
    audience: TOKEN_EXCHANGE_AUDIENCE,
  },
];

const fail = (code: number, text: string) => new EntraError(401, 'invalid_client', code, text);

/** True when the assertion was issued by someone other than the client itself (not an RFC 7523 self-signed JWT). */
export function isFederatedAssertion(assertion: string, clientId: string): boolean {
  try {
    const { iss } = decodeJwt(assertion);
    return typeof iss === 'string' && iss !== clientId;
  } catch {
    return false;
  }
}

function audiencesOf(payload: JWTPayload): string[] {
  const aud = payload.aud;
  return (Array.isArray(aud) ? aud : [aud]).filter((a): a is string => typeof a === 'string');
}

function matches(cred: FederatedCredential, clientId: string, payload: JWTPayload): boolean {
  const issuers = [issuerFor(cred.issuerTenantId, 1), issuerFor(cred.issuerTenantId, 2)];
  return (
    cred.clientId.toLowerCase() === clientId.toLowerCase() &&
    typeof payload.iss === 'string' &&
    issuers.includes(payload.iss) &&
    payload.sub === cred.subject &&
    audiencesOf(payload).includes(cred.audience)
  );
}

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** The stand-in's own published keys, fetched like any federated issuer's (no refetch cooldown: keys rotate in tests). */
function keySet(origin: string, tenantId: string): ReturnType<typeof createRemoteJWKSet> {
  const url = `${origin}/${tenantId}/discovery/v2.0/keys`;
  let set = keySets.get(url);
  if (!set) keySets.set(url, (set = createRemoteJWKSet(new URL(url), { cooldownDuration: 0 })));
  return set;
}

/** Local origins of this stand-in, read from the token endpoint URLs a client assertion may be addressed to. */
function localOrigins(tokenEndpoints: string[]): string[] {
  const origins = tokenEndpoints.map((u) => new URL(u).origin).filter((o) => o !== ENTRA_PRODUCTION_HOST);
  return [...new Set(origins)];
}

/**
 * Checks a federated client assertion for `clientId`: a matching credential (AADSTS70021 otherwise), a signature by
 * the issuing tenant's published keys, and a current lifetime. `tokenEndpoints` locate the stand-in's own keys.
 */
export async function verifyFederatedAssertion(
  assertion: string,
  clientId: string,
  tokenEndpoints: string[],
  clock: Clock,
): Promise<void> {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(assertion);
  } catch {
    throw fail(50027, 'JWT token is invalid or malformed (client_assertion).');
  }
  const cred = FEDERATED_CREDENTIALS.find((c) => matches(c, clientId, payload));
  if (!cred) {
    throw fail(
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(payload.iss)}'. ` +
        `Assertion Subject: '${String(payload.sub)}'. Assertion Audience: '${audiencesOf(payload).join(', ')}'.`,
    );
  }
  let lastNetworkError: unknown;
  for (const origin of localOrigins(tokenEndpoints)) {
    try {
      await jwtVerify(assertion, keySet(origin, cred.issuerTenantId), {
        algorithms: ['RS256'],
        clockTolerance: CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(clock.now()),
        requiredClaims: ['exp', 'iss', 'sub', 'aud'],
      });
      return;
    } catch (err) {
      if (
        err instanceof joseErrors.JWTExpired ||
        (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'nbf')
      ) {
        throw fail(700024, 'Client assertion is not within its valid time range.');
      }
      if (err instanceof joseErrors.JOSEError && !(err instanceof joseErrors.JWKSTimeout)) {
        throw fail(50027, `Invalid JWT token (client_assertion): ${err.message}`);
      }
      lastNetworkError = err; // this origin's keys could not be fetched: try the next spelling of our own address
    }
  }
  throw new EntraError(
    500,
    'server_error',
    50000,
    `The signing keys of the assertion issuer could not be read (${(lastNetworkError as Error)?.message ?? 'no origin'}).`,
  );
}
