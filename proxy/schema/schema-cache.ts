/**
 * Entity models cached per (instance, entity): a bounded lifetime (SCHEMA_CACHE_TTL_SECONDS) so a changed entity shows
 * up without a restart, a bounded size, and concurrent misses for the same key sharing one fetch.
 */
import { SCHEMA_CACHE_MAX_ENTRIES, MS_PER_SECOND } from '../limits/constants';
import type { EntityModel } from './entity-model';

export interface SchemaCacheOptions {
  ttlSeconds: number;
  maxEntries?: number;
  now?: () => number;
  /** Each lookup, answered from the cache or not (a concurrent miss sharing a fetch counts as a miss), for metrics. */
  onLookup?(hit: boolean): void;
}

export interface SchemaCache<T = EntityModel> {
  /** Returns the cached value or fetches it with `fetch`, sharing one fetch between concurrent callers. */
  get(instanceId: string, entityName: string, fetch: () => Promise<T>): Promise<T>;
  /** Forgets one entry (or all of an instance when `entityName` is omitted). */
  invalidate(instanceId: string, entityName?: string): void;
  readonly size: number;
}

interface Entry<T> {
  model: T;
  expiresAt: number;
}

/** Creates an in-memory schema cache (entity models by default; any per-(instance, name) value otherwise). */
export function createSchemaCache<T = EntityModel>(options: SchemaCacheOptions): SchemaCache<T> {
  const ttlMs = Math.max(0, options.ttlSeconds) * MS_PER_SECOND;
  const maxEntries = options.maxEntries ?? SCHEMA_CACHE_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<T>>();
  const inFlight = new Map<string, Promise<T>>();
  // Entity names are case-sensitive in CI, instance ids are GUIDs: normalise only the GUID.
  const keyOf = (instanceId: string, entityName: string): string => `${instanceId.toLowerCase()}\u0000${entityName}`;

  function store(key: string, model: T): void {
    entries.delete(key);
    entries.set(key, { model, expiresAt: now() + ttlMs });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
    }
  }

  return {
    get(instanceId, entityName, fetch) {
      const key = keyOf(instanceId, entityName);
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) {
        options.onLookup?.(true);
        return Promise.resolve(hit.model);
      }
      options.onLookup?.(false);
      if (hit) entries.delete(key);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const started = fetch()
        .then((model) => {
          if (ttlMs > 0) store(key, model);
          return model;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, started);
      return started;
    },
    invalidate(instanceId, entityName) {
      if (entityName !== undefined) {
        entries.delete(keyOf(instanceId, entityName));
        return;
      }
      const prefix = `${instanceId.toLowerCase()}\u0000`;
      for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
