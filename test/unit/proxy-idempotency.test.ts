import { AppError } from '../../proxy/errors';
import { appError } from '../../proxy/errors';
import { memoryStore } from '../support/idempotency';
import { fingerprintOf, type Attempt, type IdempotencyScope } from '../../proxy/limits/idempotency-store';
import { createRateLimiter } from '../../proxy/limits/rate-limiter';
import { MS_PER_HOUR } from '../../proxy/limits/constants';

/** A scope for `principal` creating into one table. */
const scope = (principal: string): IdempotencyScope => ({
  tenantId: 't',
  principal,
  operationId: 'CreateActivity',
  instanceId: 'i',
  entity: 'E',
});
const S = scope('s');

describe('Idempotency-Key', () => {
  test('the same key and request within 24 h replays the first result without running again', async () => {
    let now = 0;
    const store = memoryStore({ now: () => now });
    let runs = 0;
    const work = async () => ({ id: ++runs });
    expect(await store.run(S, 'k', { a: 1, b: 2 }, work)).toEqual({ result: { id: 1 }, replayed: false });
    now += 23 * MS_PER_HOUR;
    expect(await store.run(S, 'k', { b: 2, a: 1 }, work)).toEqual({ result: { id: 1 }, replayed: true });
    now += 2 * MS_PER_HOUR;
    expect(await store.run(S, 'k', { a: 1, b: 2 }, work)).toEqual({ result: { id: 2 }, replayed: false });
  });

  test('the same key with a different request is refused with IdempotencyKeyInUse', async () => {
    const store = memoryStore();
    await store.run(S, 'k', { a: 1 }, async () => 'first');
    await expect(store.run(S, 'k', { a: 2 }, async () => 'second')).rejects.toMatchObject({
      code: 'IdempotencyKeyInUse',
      status: 409,
    });
  });

  test('keys are scoped: another caller or target may use the same key', async () => {
    const store = memoryStore();
    await store.run(scope('alice'), 'k', {}, async () => 1);
    expect((await store.run(scope('bob'), 'k', {}, async () => 2)).result).toBe(2);
  });

  test('a retry while the first request still runs shares its result', async () => {
    const store = memoryStore();
    let release!: (v: string) => void;
    let runs = 0;
    const work = () => {
      runs++;
      return new Promise<string>((r) => (release = r));
    };
    const first = store.run(S, 'k', { x: 1 }, work);
    const second = store.run(S, 'k', { x: 1 }, work);
    await new Promise((r) => setTimeout(r, 50));
    release('done');
    expect(await first).toEqual({ result: 'done', replayed: false });
    expect(await second).toEqual({ result: 'done', replayed: true });
    expect(runs).toBe(1);
  });

  test('a retry that waits longer than the bound gets 409 IdempotencyKeyInProgress with Retry-After, and runs nothing', async () => {
    const store = memoryStore({ waitMs: 100 });
    let release!: (v: string) => void;
    let runs = 0;
    const work = () => {
      runs++;
      return new Promise<string>((r) => (release = r));
    };
    const first = store.run(S, 'k', { x: 1 }, work);
    await expect(store.run(S, 'k', { x: 1 }, work)).rejects.toMatchObject({
      code: 'IdempotencyKeyInProgress',
      status: 409,
      extra: { headers: { 'Retry-After': '1' } },
    });
    release('done');
    expect(await first).toEqual({ result: 'done', replayed: false });
    expect(await store.run(S, 'k', { x: 1 }, work)).toEqual({ result: 'done', replayed: true });
    expect(runs).toBe(1);
  });

  test('a run whose lease lapsed (its replica died mid-write) is taken over as one that may be stored', async () => {
    let now = 0;
    const store = memoryStore({ now: () => now, leaseMs: 1_000 });
    const seen: (string | undefined)[] = [];
    const dies = store.run<string, string>(S, 'k', { x: 1 }, async (attempt) => {
      attempt.note('until-1');
      return new Promise<string>(() => undefined); // never settles: the process is gone
    });
    void dies;
    await new Promise((r) => setTimeout(r, 10));
    now += 1_001;
    const retry = await store.run<string, string>(S, 'k', { x: 1 }, async (attempt) => {
      seen.push(attempt.earlier);
      return 'created';
    });
    expect(retry).toEqual({ result: 'created', replayed: false });
    expect(seen).toEqual(['until-1']);
  });

  test('failures are not remembered, so a retry with the same key runs again', async () => {
    const store = memoryStore();
    await expect(
      store.run(S, 'k', {}, async () => Promise.reject(new AppError(503, 'UpstreamUnavailable', 'x'))),
    ).rejects.toBeInstanceOf(AppError);
    expect((await store.run(S, 'k', {}, async () => 'ok')).replayed).toBe(false);
  });

  describe('an attempt whose outcome is unknown (UpstreamOutcomeUnknown: sent, answer lost)', () => {
    const lost = () => appError('UpstreamOutcomeUnknown', 'Sent, answer lost.');
    type Seen = { earlier?: string };
    /** Work that records what each attempt was told, notes `memo`, then fails with `fail` or returns 'created'. */
    const recorder = (seen: Seen[]) => (memo: string, fail?: () => Error) => async (attempt: Attempt<string>) => {
      seen.push({ earlier: attempt.earlier });
      attempt.note(memo);
      if (fail) throw fail();
      return 'created';
    };

    test('is remembered: the retry runs again, told it may be stored and what it sent; its success then replays', async () => {
      const store = memoryStore();
      const seen: Seen[] = [];
      const work = recorder(seen);
      await expect(store.run(S, 'k', { a: 1 }, work('until-1', lost))).rejects.toMatchObject({
        code: 'UpstreamOutcomeUnknown',
      });
      expect(await store.run(S, 'k', { a: 1 }, work('until-2'))).toEqual({ result: 'created', replayed: false });
      expect(await store.run(S, 'k', { a: 1 }, work('until-3'))).toEqual({ result: 'created', replayed: true });
      expect(seen).toEqual([{}, { earlier: 'until-1' }]);
    });

    test('stays remembered through a later definite failure, with the first attempt’s note', async () => {
      const store = memoryStore();
      const seen: Seen[] = [];
      const work = recorder(seen);
      await expect(store.run(S, 'k', {}, work('until-1', lost))).rejects.toThrow();
      const unavailable = () => appError('UpstreamUnavailable', 'CI down.', { upstreamStatus: 503 });
      await expect(store.run(S, 'k', {}, work('until-2', unavailable))).rejects.toThrow();
      await expect(store.run(S, 'k', {}, work('until-3', lost))).rejects.toThrow();
      await store.run(S, 'k', {}, work('until-4'));
      expect(seen.slice(1)).toEqual([{ earlier: 'until-1' }, { earlier: 'until-1' }, { earlier: 'until-1' }]);
    });

    test('a plain failure is not: the retry is told nothing', async () => {
      const store = memoryStore();
      const seen: Seen[] = [];
      const work = recorder(seen);
      const failed = () => appError('UpstreamError', 'CI failed.', { upstreamStatus: 500 });
      await expect(store.run(S, 'k', {}, work('until-1', failed))).rejects.toThrow();
      await store.run(S, 'k', {}, work('until-2'));
      expect(seen).toEqual([{}, {}]);
    });

    test('keeps the key bound to its request: a different request under it is IdempotencyKeyInUse', async () => {
      const store = memoryStore();
      await expect(store.run(S, 'k', { a: 1 }, recorder([])('x', lost))).rejects.toThrow();
      await expect(store.run(S, 'k', { a: 2 }, async () => 'other')).rejects.toMatchObject({
        code: 'IdempotencyKeyInUse',
        status: 409,
      });
    });

    test('is forgotten after the window and counts against the bound like any key', async () => {
      let now = 0;
      const store = memoryStore({ now: () => now, maxEntries: 2 });
      const seen: Seen[] = [];
      const work = recorder(seen);
      for (const key of ['k1', 'k2', 'k3']) await expect(store.run(S, key, {}, work(key, lost))).rejects.toThrow();
      expect(store.size).toBe(2);
      await store.run(S, 'k1', {}, work('again')); // evicted: a fresh start
      now += 25 * MS_PER_HOUR;
      await store.run(S, 'k3', {}, work('again')); // expired: a fresh start
      expect(seen.slice(3)).toEqual([{}, {}]);
    });
  });

  test('a result the caller marks as not final (a partly failed batch) is not replayed: a retry runs again', async () => {
    const store = memoryStore();
    let runs = 0;
    const work = async () => ({ failed: ++runs === 1 ? 1 : 0 });
    const final = (r: { failed: number }) => r.failed === 0;
    expect(await store.run(S, 'k', { a: 1 }, work, final)).toEqual({ result: { failed: 1 }, replayed: false });
    expect(await store.run(S, 'k', { a: 1 }, work, final)).toEqual({ result: { failed: 0 }, replayed: false });
    expect(await store.run(S, 'k', { a: 1 }, work, final)).toEqual({ result: { failed: 0 }, replayed: true });
    expect(runs).toBe(2);
  });

  test('the store is bounded: the oldest keys are forgotten first', async () => {
    const store = memoryStore({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) await store.run(S, `k${i}`, {}, async () => i);
    expect(store.size).toBe(3);
    expect((await store.run(S, 'k0', {}, async () => 'again')).replayed).toBe(false);
  });

  test('fingerprints ignore key order but not values', () => {
    expect(fingerprintOf({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(fingerprintOf({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: '1' }));
  });
});

describe('per-caller rate limit', () => {
  test('allows the limit per minute, then answers with the seconds left in the window', () => {
    let now = 0;
    const limiter = createRateLimiter(3, { now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    now = 20_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 40, remaining: 0, firstRefusal: true });
    expect(limiter.peek('a')).toMatchObject({ allowed: false, firstRefusal: false });
    expect(limiter.take('b').allowed).toBe(true);
    now = 60_000;
    expect(limiter.take('a').allowed).toBe(true);
  });

  test('0 disables the limit', () => {
    const limiter = createRateLimiter(0);
    expect(Array.from({ length: 1000 }, () => limiter.take('a').allowed).every(Boolean)).toBe(true);
  });

  test('tracks a bounded number of callers', () => {
    const limiter = createRateLimiter(1, { maxKeys: 10 });
    for (let i = 0; i < 100; i++) expect(limiter.take(`caller-${i}`).allowed).toBe(true);
  });

  test('peek counts nothing: a key is refused only once take has used up its minute', () => {
    let now = 0;
    const limiter = createRateLimiter(2, { now: () => now });
    for (let i = 0; i < 5; i++) expect(limiter.peek('ip').allowed).toBe(true);
    limiter.take('ip');
    limiter.take('ip');
    expect(limiter.peek('ip')).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
    now = 60_000;
    expect(limiter.peek('ip').allowed).toBe(true);
  });

  test('a flood of distinct keys keeps the newest maxKeys windows', () => {
    let now = 0;
    const limiter = createRateLimiter(1, { now: () => now, maxKeys: 1_000 });
    for (let i = 0; i < 20_000; i++) limiter.take(`addr-${i}`);
    // Making room removes the oldest windows only: the recent keys are still limited, the oldest were forgotten.
    expect(limiter.take('addr-19999').allowed).toBe(false);
    expect(limiter.take('addr-19500').allowed).toBe(false);
    expect(limiter.take('addr-0').allowed).toBe(true);
    now = 61_000;
    expect(limiter.take('addr-19999').allowed).toBe(true);
  });
});
