/**
 * Idempotency records in this process's memory: right for one replica (they are lost on restart). Bounded: each caller
 * keeps at most IDEMPOTENCY_MAX_ENTRIES_PER_CALLER keys and loses its own oldest first, so no caller can push out
 * everyone else's keys (their retries would then create duplicates); the whole store keeps IDEMPOTENCY_MAX_ENTRIES.
 */
import {
  IDEMPOTENCY_MAX_ENTRIES,
  IDEMPOTENCY_MAX_ENTRIES_PER_CALLER,
  IDEMPOTENCY_WINDOW_HOURS,
  MS_PER_HOUR,
} from './constants';
import {
  callerOf,
  recordId,
  type Claim,
  type Ending,
  type IdempotencyRecords,
  type IdempotencyScope,
} from './idempotency-store';

interface Entry {
  caller: string;
  fingerprint: string;
  state: 'running' | 'done' | 'uncertain';
  /** For `running`: when the lease lapses; otherwise when the record is forgotten. */
  until: number;
  result?: unknown;
  memo?: unknown;
}

export interface MemoryIdempotencyRecords extends IdempotencyRecords {
  /** Keys held now (for tests of the bounds). */
  readonly size: number;
}

export function createMemoryIdempotencyRecords(
  options: { windowHours?: number; maxEntries?: number; maxEntriesPerCaller?: number; now?: () => number } = {},
): MemoryIdempotencyRecords {
  const windowMs = (options.windowHours ?? IDEMPOTENCY_WINDOW_HOURS) * MS_PER_HOUR;
  const maxEntries = options.maxEntries ?? IDEMPOTENCY_MAX_ENTRIES;
  const maxPerCaller = options.maxEntriesPerCaller ?? IDEMPOTENCY_MAX_ENTRIES_PER_CALLER;
  const now = options.now ?? Date.now;
  /** Insertion order is age order: an entry is re-inserted whenever it is written. */
  const entries = new Map<string, Entry>();
  const perCaller = new Map<string, number>();

  function put(id: string, entry: Entry): void {
    if (!entries.has(id)) {
      if ((perCaller.get(entry.caller) ?? 0) >= maxPerCaller) dropOldestOf(entry.caller);
      perCaller.set(entry.caller, (perCaller.get(entry.caller) ?? 0) + 1);
    }
    entries.delete(id);
    entries.set(id, entry);
    evict();
  }

  function drop(id: string): void {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    const left = (perCaller.get(entry.caller) ?? 1) - 1;
    if (left > 0) perCaller.set(entry.caller, left);
    else perCaller.delete(entry.caller);
  }

  /** Over its own cap, a caller loses its own oldest settled key, nobody else's. */
  function dropOldestOf(caller: string): void {
    for (const [id, e] of entries) if (e.state !== 'running' && e.caller === caller) return drop(id);
  }

  function evict(): void {
    const t = now();
    for (const [id, e] of entries) {
      if (entries.size <= maxEntries && e.until > t) break;
      // A running request is never dropped, or its retry would run it again.
      if (e.state !== 'running' || e.until <= t) drop(id);
    }
  }

  const live = (e: Entry | undefined): boolean => e !== undefined && e.until > now();

  return {
    async claim(scope: IdempotencyScope, key: string, fingerprint: string, leaseMs: number): Promise<Claim> {
      const id = recordId(scope, key);
      const found = entries.get(id);
      // A lapsed lease is a run whose process stopped mid-write: as uncertain as a lost answer.
      const lapsed = found !== undefined && found.state === 'running' && !live(found);
      const lapsedMemo = lapsed ? found.memo : undefined;
      const held = found && live(found) ? found : undefined;
      if (held && held.fingerprint !== fingerprint) return { outcome: 'mismatch' };
      if (held?.state === 'done') return { outcome: 'done', result: held.result };
      if (held?.state === 'running') return { outcome: 'running' };
      const mayHaveStored = held?.state === 'uncertain' || lapsed;
      const memo = held?.memo ?? lapsedMemo;
      put(id, { caller: callerOf(scope), fingerprint, state: 'running', until: now() + leaseMs, memo });
      return { outcome: 'claimed', mayHaveStored, ...(memo !== undefined ? { memo } : {}) };
    },
    async note(scope: IdempotencyScope, key: string, memo: unknown): Promise<void> {
      const entry = entries.get(recordId(scope, key));
      if (entry?.state === 'running') entry.memo ??= memo;
    },
    async extend(scope: IdempotencyScope, key: string, leaseMs: number): Promise<void> {
      const entry = entries.get(recordId(scope, key));
      if (entry?.state === 'running') entry.until = now() + leaseMs;
    },
    async settle(scope: IdempotencyScope, key: string, ending: Ending): Promise<void> {
      const id = recordId(scope, key);
      const entry = entries.get(id);
      if (!entry) return;
      if (ending.state === 'forgotten') return drop(id);
      const until = now() + windowMs;
      if (ending.state === 'done') put(id, { ...entry, state: 'done', until, result: ending.result, memo: undefined });
      else put(id, { ...entry, state: 'uncertain', until, memo: entry.memo ?? ending.memo });
    },
    get size() {
      return entries.size;
    },
  };
}
