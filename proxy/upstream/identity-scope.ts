/**
 * Caches of what Customer Insights showed one identity (entity schemas, profile lookups) are kept per identity CI
 * sees: the signed-in user under on-behalf-of, the proxy itself otherwise. A shared cache handed a user without a role
 * on an environment the tables another user had loaded (security-cross-caller.test.ts).
 */
import type { Caller } from '../auth/caller';
import type { SchemaCache } from '../schema/schema-cache';

/** The identity CI judges a call of `caller` by: `tenant:oid` of the user (OBO), or `proxy` (app-only). */
export function upstreamIdentityKey(caller: Caller, authMode: 'obo' | 'app'): string {
  return caller.delegated && authMode === 'obo' ? `${caller.tenantId}:${caller.objectId}` : 'proxy';
}

/** A view of `cache` whose entries belong to `identity` alone (same size bound and TTL as the shared cache). */
export function identityScopedCache<T>(cache: SchemaCache<T>, identity: string): SchemaCache<T> {
  const scoped = (instanceId: string) => `${identity}\u0001${instanceId}`;
  return {
    get: (instanceId, entityName, fetch) => cache.get(scoped(instanceId), entityName, fetch),
    invalidate: (instanceId, entityName) => cache.invalidate(scoped(instanceId), entityName),
    get size() {
      return cache.size;
    },
  };
}
