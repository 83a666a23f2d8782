/**
 * `Idempotency-Key` handling: the same key with the same request replays the first successful result for 24 hours;
 * the same key with a different request is refused (409 IdempotencyKeyInUse). A request still running under a key
 * is shared with the retry rather than sent twice. In memory and bounded: oldest keys are forgotten first.
 *
 * A failure is not replayed, so the key may be retried; but when an attempt's outcome is unknown (CI got the write and
 * its answer was lost: UpstreamOutcomeUnknown), the key remembers that the attempt may have been stored. The retry
 * runs again and is told so, which lets it recognise CI's "already exists" as its own earlier attempt.
 */
import { createHash } from 'node:crypto';
import { AppError, idempotencyKeyInUse } from '../errors';
import {
  IDEMPOTENCY_MAX_ENTRIES,
  IDEMPOTENCY_MAX_ENTRIES_PER_CALLER,
  IDEMPOTENCY_WINDOW_HOURS,
  MS_PER_HOUR,
} from './constants';

/** What one run of `work` learns about earlier attempts under its key, and what it leaves for later ones. */
export interface Attempt<M> {
  /** True when an earlier attempt of this request ended with an unknown outcome: it may have been stored. */
  readonly earlierMayHaveStored: boolean;
  /** What that attempt noted about what it sent (e.g. the expiry), so the retry can send and report the same. */
  readonly earlier?: M;
  /** Notes what this attempt sends; kept for the retry if the outcome turns out unknown. */
  note(memo: M): void;
}

interface Entry<T> {
  fingerprint: string;
  expiresAt: number;
  /** Settled value once done; the running promise before. */
  result?: T;
  running?: Promise<T>;
  /** An attempt ended with an unknown outcome and no later one succeeded: the request may be stored. */
  uncertain?: boolean;
  memo?: unknown;
}

export interface IdempotencyStore {
  /**
   * Runs `work` once per (scope, key, request fingerprint) within the window. Resolves with the result and whether it
   * was replayed; throws IdempotencyKeyInUse when the key was used for a different request.
   */
  run<T, M = unknown>(
    scope: string,
    key: string,
    request: unknown,
    work: (attempt: Attempt<M>) => Promise<T>,
    /** Whether a result is final and worth replaying (default: every success is); a result that is not is forgotten. */
    keep?: (result: T) => boolean,
  ): Promise<{ result: T; replayed: boolean }>;
  readonly size: number;
}

/** True for the error of a write whose outcome is unknown (sent to CI, answer lost): it may have been stored. */
export function isOutcomeUnknown(err: unknown): err is AppError {
  return err instanceof AppError && err.code === 'UpstreamOutcomeUnknown';
}

/** The attempt of a request without an Idempotency-Key: nothing is known about earlier ones. */
export function firstAttempt<M>(): Attempt<M> {
  return { earlierMayHaveStored: false, note: () => undefined };
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

/**
 * The caller a stored key belongs to: scopes begin with `<tenantId>:<objectId>:` (idempotencyScope in
 * operations/activity-write.ts); a scope without that shape counts as its own caller.
 */
function callerOf(id: string): string {
  return id.split(':', 2).join(':');
}

/** Creates an in-memory idempotency store. */
export function createIdempotencyStore(
  options: { windowHours?: number; maxEntries?: number; maxEntriesPerCaller?: number; now?: () => number } = {},
): IdempotencyStore {
  const windowMs = (options.windowHours ?? IDEMPOTENCY_WINDOW_HOURS) * MS_PER_HOUR;
  const maxEntries = options.maxEntries ?? IDEMPOTENCY_MAX_ENTRIES;
  const maxPerCaller = options.maxEntriesPerCaller ?? IDEMPOTENCY_MAX_ENTRIES_PER_CALLER;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<unknown>>();
  /** Entries per caller, so one caller's keys never push out everyone else's (security-idempotency.test.ts). */
  const perCaller = new Map<string, number>();

  function put(id: string, entry: Entry<unknown>): void {
    if (!entries.has(id)) {
      const caller = callerOf(id);
      if ((perCaller.get(caller) ?? 0) >= maxPerCaller) dropOldestOf(caller);
      perCaller.set(caller, (perCaller.get(caller) ?? 0) + 1);
    }
    entries.delete(id); // re-inserted last: insertion order stays age order
    entries.set(id, entry);
  }

  function drop(id: string): void {
    if (!entries.delete(id)) return;
    const caller = callerOf(id);
    const left = (perCaller.get(caller) ?? 1) - 1;
    if (left > 0) perCaller.set(caller, left);
    else perCaller.delete(caller);
  }

  /** Forgets the caller's oldest settled key: over its own cap, a caller loses its own keys, nobody else's. */
  function dropOldestOf(caller: string): void {
    for (const [k, e] of entries) {
      if (!e.running && callerOf(k) === caller) return drop(k);
    }
  }

  function evict(): void {
    const t = now();
    for (const [k, e] of entries) {
      if (entries.size <= maxEntries && e.expiresAt > t) break;
      // Insertion order is age order; a running request is never dropped, or its retry would run it again.
      if (!e.running) drop(k);
      else if (e.expiresAt <= t) e.expiresAt = t + windowMs;
    }
  }

  return {
    async run<T, M>(
      scope: string,
      key: string,
      request: unknown,
      work: (attempt: Attempt<M>) => Promise<T>,
      keep?: (result: T) => boolean,
    ) {
      const id = `${scope}\u0000${key}`;
      const fingerprint = fingerprintOf(request);
      const existing = entries.get(id) as Entry<T> | undefined;
      const live = existing && (existing.expiresAt > now() || existing.running) ? existing : undefined;
      if (live) {
        if (live.fingerprint !== fingerprint) {
          throw idempotencyKeyInUse(
            `Idempotency-Key "${key}" was already used for a different request in the last ${IDEMPOTENCY_WINDOW_HOURS} hours; use a new key.`,
          );
        }
        if (live.running) return { result: await live.running, replayed: true };
        if (!live.uncertain) return { result: live.result as T, replayed: true };
      }
      // A new request, or the retry of one whose outcome is unknown: run it, carrying what the earlier attempt noted.
      const entry: Entry<T> = {
        fingerprint,
        expiresAt: now() + windowMs,
        uncertain: live?.uncertain,
        memo: live?.memo,
      };
      let noted: unknown;
      const attempt: Attempt<M> = {
        earlierMayHaveStored: entry.uncertain === true,
        earlier: entry.memo as M | undefined,
        note: (memo) => void (noted = memo),
      };
      entry.running = work(attempt);
      put(id, entry as Entry<unknown>);
      try {
        entry.result = await entry.running;
        entry.expiresAt = now() + windowMs;
        entry.uncertain = undefined;
        entry.memo = undefined;
        if (keep && !keep(entry.result)) drop(id);
        return { result: entry.result, replayed: false };
      } catch (err) {
        // Failures are not replayed, so the key may be retried. But once an attempt may have been stored, that stays
        // true whatever later attempts meet, until one succeeds; the earliest note describes what may be stored.
        if (entry.uncertain || isOutcomeUnknown(err)) {
          entry.uncertain = true;
          entry.memo ??= noted;
          entry.expiresAt = now() + windowMs;
        } else drop(id);
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
