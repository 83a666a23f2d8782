/**
 * Fixed one-minute windows per key, like the platform's per-connection limit (docs/power-platform.md#limits-and-known-problems): per caller
 * for signed-in traffic, per client address for traffic without a valid sign-in. Over the limit the key gets 429
 * with Retry-After (seconds until its window ends). Memory is bounded: at most `maxKeys` windows are kept, and the
 * oldest go first (they restart at zero, erring on the caller's side).
 *
 * The per-caller budget is shared by replicas through Redis when REDIS_URL is set (rate-limiter-redis.ts); the
 * per-address limit on traffic without a valid sign-in stays in each process on purpose: it protects that process,
 * and an anonymous flood must cost it nothing, not even a Redis round trip.
 */
import { MS_PER_SECOND, RATE_LIMIT_MAX_CALLERS, RATE_LIMIT_WINDOW_MS } from './constants';

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the key's window resets (at least 1). */
  retryAfterSeconds: number;
  remaining: number;
  /** True on the first refusal of a window: what a log should record once, not per refused request. */
  firstRefusal: boolean;
}

/**
 * The per-caller budget as the pipeline uses it: one budget across replicas when it lives in Redis
 * (rate-limiter-redis.ts), this process's windows otherwise (`perProcess`).
 */
export interface CallerRateLimiter {
  take(key: string): Promise<RateDecision>;
}

/** A limiter of this process as a CallerRateLimiter. */
export const perProcess = (limiter: RateLimiter): CallerRateLimiter => ({ take: async (key) => limiter.take(key) });

/** The decision for a key whose window began at `start` and counted `count` (refused `refused` times). */
export function rateDecision(
  perMinute: number,
  nowMs: number,
  window: { start: number; count: number; refused: number },
  allowed: boolean,
): RateDecision {
  return {
    allowed,
    retryAfterSeconds: Math.max(1, Math.ceil((window.start + RATE_LIMIT_WINDOW_MS - nowMs) / MS_PER_SECOND)),
    remaining: Math.max(0, perMinute - window.count),
    firstRefusal: !allowed && window.refused === 1,
  };
}

export interface RateLimiter {
  /** Counts one request of `key` and says whether it may proceed. */
  take(key: string): RateDecision;
  /** Says whether `key` is over its limit without counting anything (a refusal here counts as a refusal). */
  peek(key: string): RateDecision;
}

interface Window {
  start: number;
  count: number;
  refused: number;
}

/** Creates a limiter allowing `perMinute` requests per key per window; 0 disables it. */
export function createRateLimiter(
  perMinute: number,
  options: { now?: () => number; maxKeys?: number } = {},
): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? RATE_LIMIT_MAX_CALLERS;
  // Insertion order is window start order (a restarted window is re-inserted), so expired windows sit at the front
  // and making room costs only the windows it removes, never a scan of all of them.
  const windows = new Map<string, Window>();

  function makeRoom(t: number): void {
    for (const [k, w] of windows) {
      if (windows.size < maxKeys && t - w.start < RATE_LIMIT_WINDOW_MS) break;
      windows.delete(k);
    }
  }

  function current(key: string, t: number): Window | undefined {
    const w = windows.get(key);
    return w && t - w.start < RATE_LIMIT_WINDOW_MS ? w : undefined;
  }

  function decision(w: Window | undefined, t: number, allowed: boolean): RateDecision {
    if (!allowed && w) w.refused += 1;
    return rateDecision(perMinute, t, w ?? { start: t, count: 0, refused: 0 }, allowed);
  }

  return {
    take(key) {
      const t = now();
      if (perMinute <= 0) return { ...decision(undefined, t, true), remaining: Number.MAX_SAFE_INTEGER };
      let w = current(key, t);
      if (!w) {
        windows.delete(key);
        makeRoom(t);
        w = { start: t, count: 0, refused: 0 };
        windows.set(key, w);
      }
      if (w.count >= perMinute) return decision(w, t, false);
      w.count += 1;
      return decision(w, t, true);
    },
    peek(key) {
      const t = now();
      if (perMinute <= 0) return { ...decision(undefined, t, true), remaining: Number.MAX_SAFE_INTEGER };
      const w = current(key, t);
      return decision(w, t, !w || w.count < perMinute);
    },
  };
}
