/**
 * `Idempotency-Key` handling, the same for every replica: the same key with the same request replays the first
 * successful result for 24 hours; the same key with a different request is refused (409 IdempotencyKeyInUse). A
 * request still running under a key (on this replica or another) is waited for, within a bound, rather than sent
 * twice; past the bound the retry is told to come back (409 IdempotencyKeyInProgress + Retry-After, as the IETF
 * Idempotency-Key draft says).
 *
 * A failure is not replayed, so the key may be retried. But when an attempt's outcome is unknown (CI got the write and
 * its answer was lost: UpstreamOutcomeUnknown), or the replica running it vanished, the key remembers that the request
 * may be stored and what it sent; the retry runs again and is told so.
 *
 * Where the records live is `IdempotencyRecords`: in memory (one replica) or in Redis (shared, kept across restarts).
 */
import { createHash } from 'node:crypto';
import { idempotencyKeyInProgress, idempotencyKeyInUse } from '../errors';
import { AppError } from '../errors/app-error';
import { IDEMPOTENCY_WINDOW_HOURS } from './constants';

/** Whom a key belongs to and what it guards: keys never cross callers, operations, environments or tables. */
export interface IdempotencyScope {
  tenantId: string;
  /** The caller's object id (a user, or an application's service principal). */
  principal: string;
  operationId: string;
  /** Canonical (lower-case) environment id. */
  instanceId: string;
  entity: string;
  /** One record of a batch, remembered on its own. */
  record?: number;
}

/** What one run of `work` learns about earlier attempts under its key, and what it leaves for later ones. */
export interface Attempt<M> {
  /** What that attempt noted about what it sent (e.g. the expiry), so the retry can send and report the same. */
  readonly earlier?: M;
  /** Notes what this attempt sends; kept for the retry if the outcome turns out unknown. */
  note(memo: M): void;
}

/** What a claim finds under a key. */
export type Claim =
  /** The key is this run's now; `mayHaveStored` when an earlier attempt's outcome is unknown, with its note. */
  | { outcome: 'claimed'; mayHaveStored: boolean; memo?: unknown }
  | { outcome: 'done'; result: unknown }
  | { outcome: 'running' }
  | { outcome: 'mismatch' };

/** How a claimed run ended. */
export type Ending =
  | { state: 'done'; result: unknown }
  | { state: 'uncertain'; memo?: unknown }
  /** Failed with nothing stored, or a result not worth replaying: the key is free again. */
  | { state: 'forgotten' };

/** Where idempotency records live. Every method is atomic on its own; `claim` is the only one that decides. */
export interface IdempotencyRecords {
  /**
   * Claims the key for `fingerprint` when it is free, expired, uncertain, or held by a run whose lease lapsed (that
   * run's replica died mid-write: treated as uncertain); else says what holds it. `note` rides with the claim so that
   * a run that dies leaves its note behind.
   */
  claim(scope: IdempotencyScope, key: string, fingerprint: string, leaseMs: number): Promise<Claim>;
  /** Notes what the claimed run sends (kept if it dies or ends uncertain). */
  note(scope: IdempotencyScope, key: string, memo: unknown): Promise<void>;
  /** Extends a running claim's lease: the run is still alive. */
  extend(scope: IdempotencyScope, key: string, leaseMs: number): Promise<void>;
  settle(scope: IdempotencyScope, key: string, ending: Ending): Promise<void>;
  close?(): Promise<void>;
}

export interface IdempotencyStore {
  /**
   * Runs `work` once per (scope, key, request fingerprint) within the window. Resolves with the result and whether it
   * was replayed; throws IdempotencyKeyInUse when the key was used for a different request.
   */
  run<T, M = unknown>(
    scope: IdempotencyScope,
    key: string,
    request: unknown,
    work: (attempt: Attempt<M>) => Promise<T>,
    /** Whether a result is final and worth replaying (default: every success is); a result that is not is forgotten. */
    keep?: (result: T) => boolean,
  ): Promise<{ result: T; replayed: boolean }>;
}

/**
 * How long a run holds its key before another replica may take it over. A live run renews it every third of that, so
 * a long batch keeps its key, while the keys of a replica that died mid-write are free again within this time (its
 * retry then runs as one whose earlier attempt may be stored).
 */
export const IDEMPOTENCY_LEASE_MS = 15_000;
/** How long a retry waits for a run still holding its key, polling at most this often. */
export const IDEMPOTENCY_WAIT_MS = 30_000;
const POLL_MIN_MS = 20;
const POLL_MAX_MS = 500;

/** True for the error of a write whose outcome is unknown (sent to CI, answer lost): it may have been stored. */
export function isOutcomeUnknown(err: unknown): err is AppError {
  return err instanceof AppError && err.code === 'UpstreamOutcomeUnknown';
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

/** The caller a scope belongs to, for per-caller quotas. */
export const callerOf = (scope: IdempotencyScope): string => `${scope.tenantId}\u0000${scope.principal}`;

/** One string for a (scope, key) pair; parts are joined with NUL, which no header or GUID can hold. */
export function recordId(scope: IdempotencyScope, key: string): string {
  const { tenantId, principal, operationId, instanceId, entity, record } = scope;
  return [tenantId, principal, operationId, instanceId, entity, record ?? '', key].join('\u0000');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `Idempotency-Key` rules over a place to keep records. */
export function createIdempotencyStore(
  records: IdempotencyRecords,
  options: { waitMs?: number; leaseMs?: number } = {},
): IdempotencyStore {
  const waitMs = options.waitMs ?? IDEMPOTENCY_WAIT_MS;
  const leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;

  /** Claims the key, waiting (bounded) for a run that holds it on this or another replica. */
  async function claim(
    scope: IdempotencyScope,
    key: string,
    fingerprint: string,
  ): Promise<Exclude<Claim, { outcome: 'running' }>> {
    const deadline = Date.now() + waitMs;
    for (let poll = POLL_MIN_MS; ; poll = Math.min(poll * 2, POLL_MAX_MS)) {
      const found = await records.claim(scope, key, fingerprint, leaseMs);
      if (found.outcome !== 'running') return found;
      const left = deadline - Date.now();
      if (left <= 0) throw idempotencyKeyInProgress(key, Math.ceil(waitMs / 1000));
      await sleep(Math.min(poll, left));
    }
  }

  /**
   * Records how a run ended. If the records cannot be reached now, the caller still gets the run's own answer: the
   * key's lease then lapses, and a retry is treated as one whose earlier attempt may be stored, which the create
   * path settles by reading back what CI holds (activity-create.ts).
   */
  async function settleQuietly(scope: IdempotencyScope, key: string, ending: Ending): Promise<void> {
    try {
      await records.settle(scope, key, ending);
    } catch {
      // See above: never turn an answered write into an error because its record could not be written.
    }
  }

  return {
    async run<T, M>(
      scope: IdempotencyScope,
      key: string,
      request: unknown,
      work: (attempt: Attempt<M>) => Promise<T>,
      keep?: (result: T) => boolean,
    ) {
      const found = await claim(scope, key, fingerprintOf(request));
      if (found.outcome === 'mismatch') {
        throw idempotencyKeyInUse(
          `Idempotency-Key "${key}" was already used for a different request in the last ${IDEMPOTENCY_WINDOW_HOURS} hours; use a new key.`,
        );
      }
      if (found.outcome === 'done') return { result: found.result as T, replayed: true };
      // A new request, or the retry of one that may be stored: run it, carrying what the earlier attempt noted.
      let noted = found.memo as M | undefined;
      const attempt: Attempt<M> = {
        earlier: found.memo as M | undefined,
        note: (memo) => {
          // The earliest note describes what may be stored; later attempts re-send it (activity-create.ts).
          if (noted !== undefined) return;
          noted = memo;
          void records.note(scope, key, memo).catch(() => undefined);
        },
      };
      const renew = setInterval(() => void records.extend(scope, key, leaseMs).catch(() => undefined), leaseMs / 3);
      renew.unref();
      let result: T;
      try {
        result = await work(attempt);
      } catch (err) {
        clearInterval(renew);
        // Once an attempt may have been stored, that stays true whatever later attempts meet, until one succeeds.
        const uncertain = found.mayHaveStored || isOutcomeUnknown(err);
        await settleQuietly(scope, key, uncertain ? { state: 'uncertain', memo: noted } : { state: 'forgotten' });
        throw err;
      }
      clearInterval(renew);
      await settleQuietly(
        scope,
        key,
        keep && !keep(result) ? { state: 'forgotten' } : { state: 'done', result: result as unknown },
      );
      return { result, replayed: false };
    },
  };
}
