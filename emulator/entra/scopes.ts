import { OIDC_SCOPES } from './constants';
import { EntraError, missingParameter, unknownResource } from './errors';
import { delegatedScopesOf, findResource, type Directory, type ResourceRegistration } from './registrations';

/** The resource a token request targets, and the scope names asked for on it (`.default` or explicit names). */
export interface TokenTarget {
  resource: ResourceRegistration;
  /** The identifier as the client spelled it (v1 tokens carry it as `aud`). */
  identifier: string;
  scopeNames: string[];
}

const DEFAULT_SCOPE = '.default';

const invalidScope = (scope: string) =>
  new EntraError(
    400,
    'invalid_scope',
    70011,
    `The provided value for the input parameter 'scope' isn't valid. The scope ${scope} isn't valid.`,
  );

/** Splits `<resource>/<name>` at the last slash (App ID URIs contain slashes themselves). */
function splitScope(scope: string): { identifier: string; name: string } | undefined {
  const cut = scope.lastIndexOf('/');
  if (cut <= 0 || cut === scope.length - 1) return undefined;
  return { identifier: scope.slice(0, cut), name: scope.slice(cut + 1) };
}

/** Reads the target of a v2 request from `scope=` (OIDC scopes ignored; one resource per request, as Entra insists). */
export function targetFromScope(dir: Directory, scopeParam: string | undefined, tenant: string): TokenTarget {
  if (scopeParam === undefined || scopeParam.trim() === '') throw missingParameter('scope');
  const wanted = scopeParam.split(/\s+/).filter((s) => s !== '' && !OIDC_SCOPES.includes(s.toLowerCase()));
  if (wanted.length === 0) throw invalidScope(scopeParam);
  const parts = wanted.map((s) => {
    const part = splitScope(s);
    if (!part) throw invalidScope(s);
    return part;
  });
  const identifiers = new Set(parts.map((p) => p.identifier.replace(/\/+$/, '').toLowerCase()));
  if (identifiers.size > 1) {
    throw new EntraError(
      400,
      'invalid_request',
      28000,
      "Provided value for the input parameter scope isn't valid because it contains more than one resource.",
    );
  }
  const resource = findResource(dir, parts[0].identifier);
  if (!resource || !resource.tenants.includes(tenant)) throw unknownResource(parts[0].identifier, tenant);
  return { resource, identifier: parts[0].identifier, scopeNames: parts.map((p) => p.name) };
}

/** Reads the target of a v1 request from `resource=` (v1 always means "the consented scopes", like `.default`). */
export function targetFromResource(dir: Directory, resourceParam: string | undefined, tenant: string): TokenTarget {
  if (resourceParam === undefined || resourceParam.trim() === '') throw missingParameter('resource');
  const resource = findResource(dir, resourceParam);
  if (!resource || !resource.tenants.includes(tenant)) throw unknownResource(resourceParam, tenant);
  return { resource, identifier: resourceParam, scopeNames: [DEFAULT_SCOPE] };
}

/** True when the request asks only for `.default` (required by client credentials, AADSTS1002012). */
export function isDefaultOnly(target: TokenTarget): boolean {
  return target.scopeNames.every((n) => n === DEFAULT_SCOPE);
}

/** Delegated scopes a client gets on the target: all consented for `.default`, else exactly the ones asked for. */
export function grantedDelegatedScopes(dir: Directory, clientId: string, target: TokenTarget): string[] {
  const consented = delegatedScopesOf(dir, clientId, target.resource);
  const asked = target.scopeNames.filter((n) => n !== DEFAULT_SCOPE);
  const missing = asked.filter((n) => !consented.includes(n));
  if (consented.length === 0 || missing.length > 0) {
    throw new EntraError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' for the scope(s) ` +
        `'${(missing.length ? missing : target.scopeNames).join(' ')}' of '${target.resource.displayName}'. ` +
        'Send an interactive authorization request for this user and resource.',
    );
  }
  return asked.length > 0 ? asked : consented;
}

/** The `scope` string of a v2 response: granted scopes, plus `.default` when it was asked (MSAL caches by it). */
export function responseScope(target: TokenTarget, granted: string[]): string {
  const names = [...granted, ...(target.scopeNames.includes(DEFAULT_SCOPE) ? [DEFAULT_SCOPE] : [])];
  return names.map((n) => `${target.identifier}/${n}`).join(' ');
}
