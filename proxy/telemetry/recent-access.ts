/**
 * Which (caller, instance) pairs CI confirmed recently. A request refused before it reached CI (over the rate
 * limit, an invalid parameter) is counted in an environment's usage report only when the same caller's own calls
 * showed, within the last USAGE_ACCESS_MEMORY_SECONDS, that CI lets them see that environment: so the refusals a
 * maker needs to see are reported, and nobody else can write into the report. Bounded; the oldest pair goes first.
 */
import { MS_PER_SECOND, USAGE_ACCESS_MEMORY_MAX_ENTRIES, USAGE_ACCESS_MEMORY_SECONDS } from '../limits/constants';

export interface RecentAccess {
  /** Remembers that CI confirmed `instanceId` for `callerId` now. */
  confirm(callerId: string, instanceId: string): void;
  /** True when CI confirmed `instanceId` for `callerId` within the memory window. */
  confirmed(callerId: string, instanceId: string): boolean;
}

/** Creates an empty memory on the proxy's clock. */
export function createRecentAccess(
  options: { now?: () => number; maxEntries?: number; ttlSeconds?: number } = {},
): RecentAccess {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? USAGE_ACCESS_MEMORY_MAX_ENTRIES;
  const ttlMs = (options.ttlSeconds ?? USAGE_ACCESS_MEMORY_SECONDS) * MS_PER_SECOND;
  const seen = new Map<string, number>();
  const key = (callerId: string, instanceId: string) => `${callerId}\u0000${instanceId.toLowerCase()}`;
  return {
    confirm(callerId, instanceId) {
      const k = key(callerId, instanceId);
      seen.delete(k);
      seen.set(k, now());
      while (seen.size > maxEntries) seen.delete(seen.keys().next().value as string);
    },
    confirmed(callerId, instanceId) {
      const at = seen.get(key(callerId, instanceId));
      return at !== undefined && now() - at < ttlMs;
    },
  };
}
