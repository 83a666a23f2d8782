/**
 * The backend's bearer-token check (docs/customer-insights.md#authentication;
 * docs/entra.md#validating-incoming-tokens): RS256 signature against the Entra stand-in's JWKS, expiry on the shared
 * clock, `aud` ∈ {CI resource URI, CI app id}, issuer tied to the token's `tid` and `ver`, and the CI permission
 * (delegated `user_impersonation` or application `api.access`).
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../../clock';
import { CI_APP_ID, CI_RESOURCE } from '../../well-known';
import { GUID_PATTERN, TOKEN_CLOCK_TOLERANCE_SECONDS } from '../constants';
import { CiError, invalidToken } from '../errors/ci-error';

/** Who called: the principal's object id and how it signed in. */
export interface Principal {
  oid: string;
  tenantId: string;
  appId: string;
  delegated: boolean;
  name?: string;
}

const DELEGATED_SCOPE = 'user_impersonation';
const APPLICATION_ROLE = 'api.access';

export type TokenVerifier = (authorization: string | undefined) => Promise<Principal>;

function expectedIssuer(p: JWTPayload): string {
  return p.ver === '2.0'
    ? `https://login.microsoftonline.com/${String(p.tid)}/v2.0`
    : `https://sts.windows.net/${String(p.tid)}/`;
}

/** A verifier bound to the stand-in's JWKS; `cooldownDuration: 0` so a rotated key is fetched at once. */
export function createTokenVerifier(options: { entraUrl: string; clock: Clock }): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(`${options.entraUrl.replace(/\/+$/, '')}/common/discovery/v2.0/keys`), {
    cooldownDuration: 0,
    timeoutDuration: 5_000,
  });
  return async (authorization) => {
    const match = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)\s*$/i.exec(authorization ?? '');
    if (!match)
      throw invalidToken(authorization ? 'the Authorization header is not a Bearer JWT' : 'no Authorization header');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], jwks, {
        algorithms: ['RS256'],
        audience: [CI_RESOURCE, CI_APP_ID],
        clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(options.clock.now()),
        requiredClaims: ['exp', 'tid', 'oid', 'iss'],
      }));
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) throw invalidToken(`${e.code}: ${e.message}`);
      throw invalidToken(`the signing keys could not be fetched (${(e as Error).message})`);
    }
    if (!GUID_PATTERN.test(String(payload.tid)) || payload.iss !== expectedIssuer(payload)) {
      throw invalidToken(`issuer ${String(payload.iss)} does not match tenant ${String(payload.tid)}`);
    }
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
    if (!scopes.includes(DELEGATED_SCOPE) && !roles.includes(APPLICATION_ROLE)) {
      throw new CiError(
        403,
        'InsufficientScope',
        `The token grants neither the delegated '${DELEGATED_SCOPE}' scope nor the '${APPLICATION_ROLE}' application permission.`,
        'Authorization',
        {
          'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${CI_RESOURCE}/.default"`,
        },
      );
    }
    return {
      oid: String(payload.oid),
      tenantId: String(payload.tid),
      appId: String(payload.appid ?? payload.azp ?? ''),
      delegated: scopes.length > 0,
      ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
    };
  };
}
