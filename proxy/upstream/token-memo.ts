/**
 * A small in-process memo in front of MSAL (docs/entra.md#client-credentials-and-the-cache): answers warm calls without
 * touching MSAL, shares one acquisition between concurrent cold calls (MSAL has no coalescing for client credentials:
 * 20 cold calls made 20 POSTs), refreshes ahead of expiry in the background, and keeps serving the last good token
 * while Entra or MSAL's local throttle fails, for as long as that token stays valid.
 */
import * as C from '../constants';

/** A token and when it stops being usable, in the memo's clock (ms). */
export interface MemoToken {
  token: string;
  expiresAt: number;
}

/** How a key's token is fetched: `refresh` is true when a cached token exists but is due for renewal. */
export type Acquire = (refresh: boolean) => Promise<MemoToken>;

/** Callbacks for logging what the memo does in the background. */
export interface MemoHooks {
  onBackgroundRefreshError?(key: string, err: unknown): void;
}

/** Memo keyed by (mode, assertion hash); bounded by `maxEntries`, oldest dropped first. */
export class TokenMemo {
  private readonly entries = new Map<string, MemoToken>();
  private readonly inflight = new Map<string, Promise<MemoToken>>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries: number,
    private readonly hooks: MemoHooks = {},
  ) {}

  /** Returns a valid token for `key`, acquiring it (once, however many callers wait) when there is none. */
  async get(key: string, acquire: Acquire): Promise<string> {
    const now = this.now();
    const entry = this.entries.get(key);
    const usable = entry && entry.expiresAt - C.TOKEN_MIN_REMAINING_SECONDS * 1000 > now;
    if (entry && usable) {
      if (entry.expiresAt - C.TOKEN_REFRESH_AHEAD_SECONDS * 1000 <= now) {
        // Due for renewal but still valid: renew in the background, answer now with the last good token.
        this.flight(key, () => acquire(true)).catch((err) => this.hooks.onBackgroundRefreshError?.(key, err));
      }
      return entry.token;
    }
    const fresh = await this.flight(key, () => acquire(entry !== undefined));
    return fresh.token;
  }

  /**
   * Marks `token` unusable when it is still the one held for `key` (a concurrent renewal may have replaced it). The
   * entry stays, expired, so the next `get` acquires with `refresh` true and bypasses MSAL's cache, which would
   * otherwise hand the refused token back.
   */
  expire(key: string, token: string): void {
    const entry = this.entries.get(key);
    if (entry?.token === token) this.entries.set(key, { token, expiresAt: 0 });
  }

  /** Forgets every token. */
  clear(): void {
    this.entries.clear();
  }

  private flight(key: string, acquire: () => Promise<MemoToken>): Promise<MemoToken> {
    const running = this.inflight.get(key);
    if (running) return running;
    const promise = acquire()
      .then((result) => {
        this.store(key, result);
        return result;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  private store(key: string, result: MemoToken): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, result);
  }
}
