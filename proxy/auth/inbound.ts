/**
 * Validates the caller's Entra access token (docs/entra.md#validating-incoming-tokens): RS256 signature against the
 * tenant JWKS (cached by jose), v1 or v2 issuer tied to the token's own `tid`, tenant allow-list, audience = the
 * proxy's App ID URI or client id, and the delegated scope (`scp`) or app role (`roles`) the proxy requires. A bad
 * token is 401, a good token without the right scope or role is 403, both with `WWW-Authenticate` (RFC 6750).
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { ProxyConfig } from '../config';
import * as C from '../constants';
import type { AppError } from '../errors/app-error';
import { tokenServiceUnavailable, unauthenticated } from '../errors';
import type { Caller } from './caller';
import { callerFromClaims, expectedIssuer } from './caller-claims';
import { VerifiedTokenCache } from './verified-token-cache';

/** Checks the `Authorization` header and returns the caller; throws a 401/403 AppError otherwise. */
export interface InboundAuth {
  authenticate(authorizationHeader: string | undefined): Promise<Caller>;
  /**
   * The caller when this exact token was already verified and has not expired; no signature check, no JWKS fetch.
   * Lets known callers through while their client address is over the limit for requests without a valid sign-in.
   */
  verifiedCaller?(authorizationHeader: string | undefined): Caller | undefined;
  /** Resolves when Entra's signing keys are held and fresh, fetching them when not (for /readyz); rejects otherwise. */
  signingKeysReachable?(): Promise<void>;
}

/** Knobs for tests: a movable clock (the emulator's) and the JWKS refetch cooldown. */
export interface InboundAuthOptions {
  now?: () => number;
  jwksCooldownMs?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BEARER = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i;

/** How to get a token: from the connection in flows, and from the local stand-in on a developer's machine. */
const HOW_TO_GET_A_TOKEN =
  "Get one by signing in through the connector, as an app from Entra ID for the proxy's App ID URI, or locally " +
  'with TOKEN=$(npm run -s token).';

/** What is wrong with an Authorization header that is not "Bearer <JWT>", and how to get a token. */
function bearerProblem(header: string): string {
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const credential = rest.join(' ');
  if (!/^bearer$/i.test(scheme))
    return `The Authorization header must be "Bearer <access token>". ${HOW_TO_GET_A_TOKEN}`;
  if (credential === '' || credential === '$TOKEN' || credential === 'undefined' || credential === 'null')
    return `The bearer token is empty (was the variable holding it set?). ${HOW_TO_GET_A_TOKEN}`;
  return (
    'The bearer token is not a JWT (an Entra access token has three dot-separated parts, eyJ….eyJ….…). ' +
    HOW_TO_GET_A_TOKEN
  );
}

/** Builds the validator once per process: one JWKS set, one verified-token cache. */
export function createInboundAuth(config: ProxyConfig, options: InboundAuthOptions = {}): InboundAuth {
  const { inbound } = config;
  const now = options.now ?? Date.now;
  const allowed = new Set(inbound.allowedTenants.map((t) => t.toLowerCase()));
  const audiences = [inbound.appIdUri, inbound.clientId];
  const issuers = [...allowed].flatMap((t) => [expectedIssuer('1.0', t)!, expectedIssuer('2.0', t)!]);
  const jwks = createRemoteJWKSet(new URL(inbound.jwksUri), {
    cooldownDuration: options.jwksCooldownMs ?? C.JWKS_COOLDOWN_MS,
    cacheMaxAge: C.JWKS_CACHE_MAX_AGE_MS,
    timeoutDuration: C.JWKS_TIMEOUT_MS,
  });
  const cache = new VerifiedTokenCache(C.VERIFIED_TOKEN_CACHE_MAX_ENTRIES);

  async function verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: ['RS256'],
        audience: audiences,
        issuer: issuers,
        clockTolerance: inbound.clockToleranceSeconds,
        currentDate: new Date(now()),
        requiredClaims: ['exp', 'tid', 'oid', 'iss', 'aud'],
      });
      return payload;
    } catch (err) {
      throw explain(err, token);
    }
  }

  function explain(err: unknown, token: string): AppError {
    if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || isJwksFetchFailure(err)) {
      // The JWKS could not be fetched or read (jose passes network errors through and reports a non-200 answer as a
      // bare JOSEError): the proxy's problem, not the token's.
      return tokenServiceUnavailable('The proxy could not fetch Entra signing keys to check the token; retry later.');
    }
    if (err instanceof errors.JWTExpired) return unauthenticated('The access token has expired; sign in again.');
    if (err instanceof errors.JWTClaimValidationFailed) {
      if (err.claim === 'aud') {
        return unauthenticated(`The access token is not for this proxy (audience must be ${audiences.join(' or ')}).`);
      }
      if (err.claim === 'iss') {
        const tid = peekTenant(token);
        return tid && !allowed.has(tid)
          ? unauthenticated(`Tokens from tenant ${tid} are not accepted by this proxy.`)
          : unauthenticated('The access token was not issued by Entra ID for an allowed tenant.');
      }
      if (err.claim === 'nbf') return unauthenticated('The access token is not valid yet (check clocks).');
      return unauthenticated(`The access token lacks a valid "${err.claim}" claim.`);
    }
    if (err instanceof errors.JOSEAlgNotAllowed) return unauthenticated('The access token must be signed with RS256.');
    if (err instanceof errors.JWSSignatureVerificationFailed) {
      return unauthenticated('The access token signature is invalid.');
    }
    if (err instanceof errors.JWKSNoMatchingKey) {
      return unauthenticated('The access token is signed with a key Entra ID does not publish.');
    }
    return unauthenticated('The access token is malformed.');
  }

  return {
    async signingKeysReachable() {
      if (!jwks.fresh) await jwks.reload();
    },
    verifiedCaller(header) {
      const match = header ? BEARER.exec(header) : null;
      return match ? cache.get(match[1], Math.floor(now() / 1000)) : undefined;
    },
    async authenticate(header) {
      if (!header) throw unauthenticated('Sign in: the request has no Authorization header.', null);
      const match = BEARER.exec(header);
      if (!match) throw unauthenticated(bearerProblem(header), 'invalid_request');
      const token = match[1];
      const cached = cache.get(token, Math.floor(now() / 1000));
      if (cached) return cached;
      const caller = callerFromClaims(config, token, await verify(token));
      cache.set(caller);
      return caller;
    },
  };
}

/** Reads `tid` from an unverified token, only to word an error message. */
function peekTenant(token: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { tid?: unknown };
    return typeof claims.tid === 'string' && GUID.test(claims.tid.toLowerCase()) ? claims.tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True for errors that are not about the token: anything jose did not classify (network errors it passes through),
 * and jose 5's bare JOSEError for a JWKS endpoint answering other than 200 (runtime/fetch_jwks.js).
 */
function isJwksFetchFailure(err: unknown): boolean {
  return !(err instanceof errors.JOSEError) || err.code === errors.JOSEError.code;
}
