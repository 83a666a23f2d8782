/**
 * A flood of creates the way Power Automate sends them, under CI faults, and the audit of what CI holds afterwards:
 * every acknowledged (201) record is in CI exactly once with the content that caller sent (none lost, no conflict
 * masked as success), every 409 UpstreamConflict is a real one (CI holds different content), nothing is stored twice.
 * Used by the single-proxy fault suite and the two-replica scale-out suite.
 */
import { prng } from '../fuzz/fuzz-values';
import type { CiFaultRule, CiReader } from './fault-stack';

export type Maker = 'alice' | 'bob';

/** One logical create a flow makes: the record, who sends it, and whether it carries an Idempotency-Key. */
export interface PlannedCreate {
  maker: Maker;
  record: { TransactionId: number; CustomerNumber: string; TransactionTime: string; StoreId: string; Amount: number };
  key?: string;
  /** Why this create exists: a fresh record, another record under a taken id, or the same record sent again. */
  kind: 'fresh' | 'clash' | 'again';
}

/** How one logical create ended after the flow's retries. */
export interface CreateOutcome {
  create: PlannedCreate;
  status: number;
  code?: string;
  attempts: number;
}

export interface Answer {
  status: number;
  body: { error?: { code?: string } } & Record<string, unknown>;
}

/** Sends one attempt of a create (`attempt` counts from 1, so a driver can alternate replicas). */
export type SendCreate = (create: PlannedCreate, attempt: number) => Promise<Answer>;

/** Power Automate's default policy retries 408, 429 and 5xx, exponentially, up to 4 times. */
const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;
const MAX_RETRIES = 4;
const BASE_DELAY_MS = 20;

/** The plan: `count` creates by alice and bob; about 8% clash with an earlier id, 5% send an earlier record again. */
export function planCreates(count: number, seed: number): PlannedCreate[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const plan: PlannedCreate[] = [];
  for (let i = 0; i < count; i++) {
    const maker: Maker = random() < 0.5 ? 'alice' : 'bob';
    const key = random() < 0.5 ? `flood-${seed}-${i}` : undefined;
    const roll = random();
    const earlier = plan.filter((p) => p.kind === 'fresh');
    if (roll < 0.08 && earlier.length > 0) {
      const taken = pick(earlier);
      plan.push({ maker, key, kind: 'clash', record: { ...taken.record, Amount: taken.record.Amount + 1000 } });
    } else if (roll < 0.13 && earlier.length > 0) {
      const same = pick(earlier);
      plan.push({ maker: same.maker, key, kind: 'again', record: { ...same.record } });
    } else {
      plan.push({
        maker,
        key,
        kind: 'fresh',
        record: {
          TransactionId: 1 + Math.floor(random() * 2 ** 47),
          CustomerNumber: `CN-${String(1 + Math.floor(random() * 40)).padStart(7, '0')}`,
          TransactionTime: '2025-06-01T12:00:00Z',
          StoreId: 'STORE-SEA-01',
          Amount: Math.round(random() * 10_000) / 100,
        },
      });
    }
  }
  return plan;
}

/**
 * Faults for one wave of creates: throttling, unavailability, resets and lost answers. Answers lost in a hang (a whole
 * upstream timeout each) are left to test/fault/ambiguous-writes.test.ts, which covers them one by one; here they would
 * only make the flood slow.
 */
export function waveFaults(random: () => number, entity: string): CiFaultRule[] {
  const post = { method: 'POST', path: `data/${entity}` };
  const kinds: CiFaultRule['fault'][] = [
    { kind: 'status', status: 429, retryAfterSeconds: 0 },
    { kind: 'status', status: 503, retryAfterSeconds: 0 },
    { kind: 'reset' },
    { kind: 'lose-response', then: 'reset' },
  ];
  const rules: CiFaultRule[] = [];
  for (let n = 0; n < 6; n++) rules.push({ match: post, count: 1, fault: kinds[Math.floor(random() * kinds.length)] });
  // Now and then the read-back itself is throttled: reads are retried.
  if (random() < 0.3) {
    rules.push({
      match: { method: 'GET', path: `data/${entity}(` },
      count: 1,
      fault: { kind: 'status', status: 503, retryAfterSeconds: 0 },
    });
  }
  return rules;
}

/** Runs one logical create with the flow's retries. */
export async function createWithRetries(create: PlannedCreate, send: SendCreate): Promise<CreateOutcome> {
  for (let attempt = 1; ; attempt++) {
    const answer = await send(create, attempt);
    if (!RETRYABLE(answer.status) || attempt > MAX_RETRIES) {
      return { create, status: answer.status, code: answer.body?.error?.code, attempts: attempt };
    }
    await new Promise((resolve) => setTimeout(resolve, BASE_DELAY_MS * 2 ** (attempt - 1)));
  }
}

/** What CI holds, as the audit needs it. */
export interface CiView {
  /** The source record CI holds under this id, or undefined. */
  record(id: number): Promise<Record<string, unknown> | undefined>;
  /** How many timeline (UnifiedActivity) copies CI holds for this id. */
  copies(id: number): Promise<number>;
}

export interface Audit {
  creates: number;
  acknowledged: number;
  conflicts: number;
  /** Ended without an answer that says what happened (retries exhausted on 5xx). */
  unresolved: number;
  /** Acknowledged but not in CI. */
  lost: number;
  /** Acknowledged, but CI holds other content under the id: a conflict answered as success. */
  masked: number;
  /** Refused as a conflict although CI holds exactly that content. */
  falseConflicts: number;
  /** Ids CI holds more than once. */
  duplicates: number;
  /** Any other status (must be none). */
  other: string[];
}

const same = (a: PlannedCreate['record'], b: Record<string, unknown> | undefined) =>
  b !== undefined && Number(b.Amount) === a.Amount && b.CustomerNumber === a.CustomerNumber;

/** Audits every outcome against what CI holds, reading CI `concurrency` calls at a time. */
export async function audit(outcomes: CreateOutcome[], ci: CiView, concurrency = 16): Promise<Audit> {
  const result: Audit = {
    creates: outcomes.length,
    acknowledged: 0,
    conflicts: 0,
    unresolved: 0,
    lost: 0,
    masked: 0,
    falseConflicts: 0,
    duplicates: 0,
    other: [],
  };
  const ids = [...new Set(outcomes.map((o) => o.create.record.TransactionId))];
  const held = new Map<number, { record?: Record<string, unknown>; copies: number }>();
  for (let i = 0; i < ids.length; i += concurrency) {
    await Promise.all(
      ids.slice(i, i + concurrency).map(async (id) => {
        held.set(id, { record: await ci.record(id), copies: await ci.copies(id) });
      }),
    );
  }
  for (const id of ids) if (held.get(id)!.copies > 1) result.duplicates++;
  for (const o of outcomes) {
    const stored = held.get(o.create.record.TransactionId)!.record;
    if (o.status === 201) {
      result.acknowledged++;
      if (stored === undefined) result.lost++;
      else if (!same(o.create.record, stored)) result.masked++;
    } else if (o.status === 409 && o.code === 'UpstreamConflict') {
      result.conflicts++;
      if (same(o.create.record, stored)) result.falseConflicts++;
    } else if (RETRYABLE(o.status)) {
      result.unresolved++;
    } else {
      result.other.push(`${o.status} ${o.code ?? ''}`);
    }
  }
  return result;
}

/** What CI holds of `entity`, read through CI's own API (not the proxy's answers). */
export function ciView(ci: CiReader, entity: string): CiView {
  return {
    record: (id) => ci.record(entity, id),
    copies: async (id) => (await ci.activityCopies(entity, id)).length,
  };
}

/** The promise as one assertion: nothing stored twice or lost, no conflict answered as success or refused wrongly. */
export function expectExactlyOnce(result: Audit): void {
  const { duplicates, lost, masked, falseConflicts, other } = result;
  expect({ duplicates, lost, masked, falseConflicts, other }).toEqual({
    duplicates: 0,
    lost: 0,
    masked: 0,
    falseConflicts: 0,
    other: [],
  });
  // The run did meet what it claims to survive: real clashes were refused.
  expect(result.conflicts).toBeGreaterThan(0);
}
