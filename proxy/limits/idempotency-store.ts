/**
 * `Idempotency-Key` handling: the same key with the same request replays the first successful result for 24 hours;
 * the same key with a different request is refused (409 IdempotencyKeyInUse). A request still running under a key
 * is shared with the retry rather than sent twice. In memory and bounded: oldest keys are forgotten first.
 */
import { createHash } from 'node:crypto';
import { idempotencyKeyInUse } from '../errors';
import { IDEMPOTENCY_MAX_ENTRIES, IDEMPOTENCY_WINDOW_HOURS, MS_PER_HOUR } from './constants';

interface Entry<T> {
  fingerprint: string;
  expiresAt: number;
  /** Settled value once done; the running promise before. */
  result?: T;
  running?: Promise<T>;
}

export interface IdempotencyStore {
  /**
   * Runs `work` once per (scope, key, request fingerprint) within the window. Resolves with the result and whether it
   * was replayed; throws IdempotencyKeyInUse when the key was used for a different request.
   */
  run<T>(
    scope: string,
    key: string,
    request: unknown,
    work: () => Promise<T>,
    /** Whether a result is final and worth replaying (default: every success is); a result that is not is forgotten. */
    keep?: (result: T) => boolean,
  ): Promise<{ result: T; replayed: boolean }>;
  readonly size: number;
}

/** A stable hash of a JSON value: object keys sorted, so field order does not matter. */
export function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)) ?? 'undefined')
    .digest('base64url');
}

/** Creates an in-memory idempotency store. */
export function createIdempotencyStore(
  options: { windowHours?: number; maxEntries?: number; now?: () => number } = {},
): IdempotencyStore {
  const windowMs = (options.windowHours ?? IDEMPOTENCY_WINDOW_HOURS) * MS_PER_HOUR;
  const maxEntries = options.maxEntries ?? IDEMPOTENCY_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<unknown>>();

  function evict(): void {
    const t = now();
    for (const [k, e] of entries) {
      if (entries.size <= maxEntries && e.expiresAt > t) break;
      // Insertion order is age order; a running request is never dropped, or its retry would run it again.
      if (!e.running) entries.delete(k);
      else if (e.expiresAt <= t) e.expiresAt = t + windowMs;
    }
  }

  return {
    async run<T>(scope: string, key: string, request: unknown, work: () => Promise<T>, keep?: (result: T) => boolean) {
      const id = `${scope}\u0000${key}`;
      const fingerprint = fingerprintOf(request);
      const existing = entries.get(id) as Entry<T> | undefined;
      if (existing && (existing.expiresAt > now() || existing.running)) {
        if (existing.fingerprint !== fingerprint) {
          throw idempotencyKeyInUse(
            `Idempotency-Key "${key}" was already used for a different request in the last ${IDEMPOTENCY_WINDOW_HOURS} hours; use a new key.`,
          );
        }
        if (existing.running) return { result: await existing.running, replayed: true };
        return { result: existing.result as T, replayed: true };
      }
      const entry: Entry<T> = { fingerprint, expiresAt: now() + windowMs };
      entry.running = work();
      entries.delete(id);
      entries.set(id, entry as Entry<unknown>);
      try {
        entry.result = await entry.running;
        entry.expiresAt = now() + windowMs;
        if (keep && !keep(entry.result)) entries.delete(id);
        return { result: entry.result, replayed: false };
      } catch (err) {
        // Only successes are remembered: a failed request may be retried with the same key.
        entries.delete(id);
        throw err;
      } finally {
        entry.running = undefined;
        evict();
      }
    },
    get size() {
      return entries.size;
    },
  };
}
