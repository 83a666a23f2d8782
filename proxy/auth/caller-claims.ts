/**
 * What a verified token's claims allow (docs/entra.md#validating-incoming-tokens, #the-obo-chain): which tenant and
 * issuer, whether it is a user or an application, whether it carries the proxy's scope or role, and whether this proxy
 * serves that caller at all. The signature, audience and lifetime have already been checked by `inbound.ts`.
 */
import type { JWTPayload } from 'jose';
import type { ProxyConfig } from '../config';
import { callerNotAllowed, insufficientScope, unauthenticated } from '../errors';
import type { Caller } from './caller';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** v1 and v2 issuers differ; each must carry the token's own `tid` (docs/entra.md#validating-incoming-tokens). */
export function expectedIssuer(ver: unknown, tid: string): string | undefined {
  if (ver === '1.0') return `https://sts.windows.net/${tid}/`;
  if (ver === '2.0') return `https://login.microsoftonline.com/${tid}/v2.0`;
  return undefined;
}

/** Claims only user tokens carry (v1 `upn`/`unique_name`, v2 `preferred_username`). */
const USER_CLAIMS = ['upn', 'unique_name', 'preferred_username'] as const;

/**
 * True for an application's own token. Entra marks it with the optional `idtyp: "app"` claim; without that claim, an
 * app-only token has no `scp`, `sub` equal to `oid` (the service principal) and none of the user claims. Anything else
 * is a user's token, whatever `roles` it carries (docs/entra.md#validating-incoming-tokens).
 */
function isAppOnlyToken(p: JWTPayload, scopes: string[]): boolean {
  if (p.idtyp === 'app') return true;
  if (p.idtyp !== undefined || scopes.length > 0) return false;
  return typeof p.sub === 'string' && p.sub === p.oid && USER_CLAIMS.every((c) => p[c] === undefined);
}

/** Turns verified claims into a Caller, or throws 401 (wrong issuer/tenant), 403 (no scope/role, caller refused). */
export function callerFromClaims(config: ProxyConfig, token: string, p: JWTPayload): Caller {
  const { inbound } = config;
  const tid = String(p.tid).toLowerCase();
  if (!GUID.test(tid) || !inbound.allowedTenants.includes(tid)) {
    throw unauthenticated(
      `Tokens from tenant ${GUID.test(tid) ? tid : '(not a GUID)'} are not accepted by this proxy.`,
    );
  }
  if (p.iss !== expectedIssuer(p.ver, tid)) {
    throw unauthenticated('The access token issuer does not match its version and tenant (tid).');
  }
  const scopes = typeof p.scp === 'string' ? p.scp.split(' ').filter(Boolean) : [];
  const roles = Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : [];
  // OBO works only for user tokens (`scp`); app-only tokens carry `roles` (docs/entra.md#the-obo-chain). A user
  // token without `scp` (a user holding the app role) is not an application: refused, never served as the proxy.
  const appOnly = isAppOnlyToken(p, scopes);
  const delegated = !appOnly;
  if (delegated ? !scopes.includes(inbound.requiredScope) : !roles.includes(inbound.requiredRole)) {
    throw insufficientScope(
      delegated
        ? `The signed-in user's token lacks the "${inbound.requiredScope}" scope of the proxy.`
        : `The calling application lacks the "${inbound.requiredRole}" app role of the proxy.`,
      delegated ? inbound.requiredScope : inbound.requiredRole,
    );
  }
  refuseForeignAsProxy(config, tid, delegated);
  const appId = String(p.appid ?? p.azp ?? '').toLowerCase();
  if (inbound.allowedClientApps && !inbound.allowedClientApps.includes(appId)) {
    // Any app of an allowed tenant that holds the scope's consent (or the role) can get a token for the proxy; an
    // operator may narrow that to the connector's app and known automations (the `azp` allow-list of Microsoft's OBO
    // sample, docs/entra.md#the-obo-chain).
    throw callerNotAllowed(
      `The client application ${GUID.test(appId) ? appId : '(none)'} is not allowed to call this proxy ` +
        '(ENTRA_ALLOWED_CLIENT_APPS); use the Customer Insights connector.',
    );
  }
  const name = [p.upn, p.preferred_username, p.unique_name, p.name].find((v) => typeof v === 'string');
  return {
    token,
    tenantId: tid,
    objectId: String(p.oid),
    appId,
    delegated,
    scopes,
    roles,
    ...(name ? { name: name as string } : {}),
    expiresAt: p.exp as number,
  };
}

/**
 * The proxy's own identity (client credentials in ENTRA_TENANT_ID, with that tenant's subscription key) acts only for
 * callers of its home tenant. Another allowed tenant's admin decides who holds Proxy.Invoke there; letting those
 * callers borrow the proxy's identity would reach the home tenant's Customer Insights (a confused deputy,
 * docs/entra.md#the-obo-chain). Callers of other tenants are served only on their own behalf (OBO in their tenant).
 */
export function refuseForeignAsProxy(config: ProxyConfig, tenantId: string, delegated: boolean): void {
  if (tenantId === config.entra.tenantId) return;
  if (!delegated) {
    throw callerNotAllowed(
      `Applications of tenant ${tenantId} cannot call this proxy: it acts as its own identity only for callers of ` +
        'its home tenant. Sign in as a user instead.',
    );
  }
  if (config.upstream.authMode === 'app') {
    throw callerNotAllowed(
      `Users of tenant ${tenantId} cannot call this proxy: it calls Customer Insights as its own identity ` +
        '(UPSTREAM_AUTH_MODE=app), which it does only for callers of its home tenant.',
    );
  }
}
