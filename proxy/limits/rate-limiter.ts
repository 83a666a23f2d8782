/**
 * Per-caller rate limit: a fixed one-minute window per caller, like the platform's per-connection limit (connectors
 * reference §6). Over the limit the caller gets 429 with Retry-After (seconds until the window ends).
 */
import { MS_PER_SECOND, RATE_LIMIT_MAX_CALLERS, RATE_LIMIT_WINDOW_MS } from './constants';

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the caller's window resets (at least 1). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  /** Counts one request of `callerKey` and says whether it may proceed. */
  take(callerKey: string): RateDecision;
}

/** Creates a limiter allowing `perMinute` requests per caller per window; 0 disables it. */
export function createRateLimiter(
  perMinute: number,
  options: { now?: () => number; maxCallers?: number } = {},
): RateLimiter {
  const now = options.now ?? Date.now;
  const maxCallers = options.maxCallers ?? RATE_LIMIT_MAX_CALLERS;
  const windows = new Map<string, { start: number; count: number }>();

  function sweep(t: number): void {
    for (const [k, w] of windows) if (t - w.start >= RATE_LIMIT_WINDOW_MS) windows.delete(k);
    // Still too many live callers: forget the oldest windows (they restart at zero, erring on the caller's side).
    for (const k of windows.keys()) {
      if (windows.size < maxCallers) break;
      windows.delete(k);
    }
  }

  return {
    take(callerKey) {
      const t = now();
      let w = windows.get(callerKey);
      if (!w || t - w.start >= RATE_LIMIT_WINDOW_MS) {
        if (!w && windows.size >= maxCallers) sweep(t);
        windows.delete(callerKey);
        w = { start: t, count: 0 };
        windows.set(callerKey, w);
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((w.start + RATE_LIMIT_WINDOW_MS - t) / MS_PER_SECOND));
      if (perMinute <= 0) return { allowed: true, retryAfterSeconds, remaining: Number.MAX_SAFE_INTEGER };
      if (w.count >= perMinute) return { allowed: false, retryAfterSeconds, remaining: 0 };
      w.count += 1;
      return { allowed: true, retryAfterSeconds, remaining: perMinute - w.count };
    },
  };
}
