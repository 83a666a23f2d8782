import { AppError } from '../../proxy/errors';
import { createIdempotencyStore, fingerprintOf } from '../../proxy/limits/idempotency-store';
import { createRateLimiter } from '../../proxy/limits/rate-limiter';
import { MS_PER_HOUR } from '../../proxy/limits/constants';

describe('Idempotency-Key', () => {
  test('the same key and request within 24 h replays the first result without running again', async () => {
    let now = 0;
    const store = createIdempotencyStore({ now: () => now });
    let runs = 0;
    const work = async () => ({ id: ++runs });
    expect(await store.run('s', 'k', { a: 1, b: 2 }, work)).toEqual({ result: { id: 1 }, replayed: false });
    now += 23 * MS_PER_HOUR;
    expect(await store.run('s', 'k', { b: 2, a: 1 }, work)).toEqual({ result: { id: 1 }, replayed: true });
    now += 2 * MS_PER_HOUR;
    expect(await store.run('s', 'k', { a: 1, b: 2 }, work)).toEqual({ result: { id: 2 }, replayed: false });
  });

  test('the same key with a different request is refused with IdempotencyKeyInUse', async () => {
    const store = createIdempotencyStore();
    await store.run('s', 'k', { a: 1 }, async () => 'first');
    await expect(store.run('s', 'k', { a: 2 }, async () => 'second')).rejects.toMatchObject({
      code: 'IdempotencyKeyInUse',
      status: 409,
    });
  });

  test('keys are scoped: another caller or target may use the same key', async () => {
    const store = createIdempotencyStore();
    await store.run('alice:CreateActivity:I/E', 'k', {}, async () => 1);
    expect((await store.run('bob:CreateActivity:I/E', 'k', {}, async () => 2)).result).toBe(2);
  });

  test('a retry while the first request still runs shares its result', async () => {
    const store = createIdempotencyStore();
    let release!: (v: string) => void;
    let runs = 0;
    const work = () => {
      runs++;
      return new Promise<string>((r) => (release = r));
    };
    const first = store.run('s', 'k', { x: 1 }, work);
    const second = store.run('s', 'k', { x: 1 }, work);
    release('done');
    expect(await first).toEqual({ result: 'done', replayed: false });
    expect(await second).toEqual({ result: 'done', replayed: true });
    expect(runs).toBe(1);
  });

  test('failures are not remembered, so a retry with the same key runs again', async () => {
    const store = createIdempotencyStore();
    await expect(
      store.run('s', 'k', {}, async () => Promise.reject(new AppError(503, 'UpstreamUnavailable', 'x'))),
    ).rejects.toBeInstanceOf(AppError);
    expect((await store.run('s', 'k', {}, async () => 'ok')).replayed).toBe(false);
  });

  test('a result the caller marks as not final (a partly failed batch) is not replayed: a retry runs again', async () => {
    const store = createIdempotencyStore();
    let runs = 0;
    const work = async () => ({ failed: ++runs === 1 ? 1 : 0 });
    const final = (r: { failed: number }) => r.failed === 0;
    expect(await store.run('s', 'k', { a: 1 }, work, final)).toEqual({ result: { failed: 1 }, replayed: false });
    expect(await store.run('s', 'k', { a: 1 }, work, final)).toEqual({ result: { failed: 0 }, replayed: false });
    expect(await store.run('s', 'k', { a: 1 }, work, final)).toEqual({ result: { failed: 0 }, replayed: true });
    expect(runs).toBe(2);
  });

  test('the store is bounded: the oldest keys are forgotten first', async () => {
    const store = createIdempotencyStore({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) await store.run('s', `k${i}`, {}, async () => i);
    expect(store.size).toBe(3);
    expect((await store.run('s', 'k0', {}, async () => 'again')).replayed).toBe(false);
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
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 40, remaining: 0 });
    expect(limiter.take('b').allowed).toBe(true);
    now = 60_000;
    expect(limiter.take('a').allowed).toBe(true);
  });

  test('0 disables the limit', () => {
    const limiter = createRateLimiter(0);
    expect(Array.from({ length: 1000 }, () => limiter.take('a').allowed).every(Boolean)).toBe(true);
  });

  test('tracks a bounded number of callers', () => {
    const limiter = createRateLimiter(1, { maxCallers: 10 });
    for (let i = 0; i < 100; i++) expect(limiter.take(`caller-${i}`).allowed).toBe(true);
  });
});
