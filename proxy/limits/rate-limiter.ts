/**
 * Fixed one-minute windows per key, like the platform's per-connection limit (docs/power-platform.md#limits-and-known-problems): per caller
 * for signed-in traffic, per client address for traffic without a valid sign-in. Over the limit the key gets 429
 * with Retry-After (seconds until its window ends). Memory is bounded: at most `maxKeys` windows are kept, and the
 * oldest go first (they restart at zero, erring on the caller's side).
 *
 * The interface is two calls on one key so that the windows can move to a shared store (Redis) later; both then
 * become async without changing their meaning.
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
    const start = w?.start ?? t;
    const retryAfterSeconds = Math.max(1, Math.ceil((start + RATE_LIMIT_WINDOW_MS - t) / MS_PER_SECOND));
    if (!allowed && w) w.refused += 1;
    return {
      allowed,
      retryAfterSeconds,
      remaining: Math.max(0, perMinute - (w?.count ?? 0)),
      firstRefusal: !allowed && w?.refused === 1,
    };
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
