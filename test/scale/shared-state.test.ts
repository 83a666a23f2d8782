/**
 * State shared in a real Redis (REDIS_URL): two proxy replicas against one CI emulator behave as one — the same
 * Idempotency-Key at the same moment on both sends CI one write, a retry on the other replica or after a restart is
 * replayed, a flood of creates under faults alternating replicas leaves exactly one copy of every acknowledged
 * record, the per-caller rate limit is one budget, usage reads the same from either replica and survives a restart —
 * and a Redis outage makes keyed writes fail fast (503 StateUnavailable, nothing sent) while reads go on, recovering
 * by itself when Redis is back. (test/scale/replicas.test.ts does the same with processes behind a balancer.)
 */
import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { INSTANCES } from '../../emulator/well-known';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { createRedisIdempotencyRecords } from '../../proxy/limits/idempotency-redis';
import { createIdempotencyStore, type IdempotencyScope } from '../../proxy/limits/idempotency-store';
import { connectRedis } from '../../proxy/state/redis';
import { prng } from '../fuzz/fuzz-values';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { localProxyConfig } from '../support/proxy-platform-stack';
import { armCiFault, CiReader, ciReceived, resetFaults } from '../support/fault-stack';
import {
  audit,
  ciView,
  createWithRetries,
  expectExactlyOnce,
  planCreates,
  waveFaults,
  type CreateOutcome,
} from '../support/exactly-once';
import { PROD, type OpsStack } from '../support/proxy-ops-stack';
import { describeWithRedis, startRedisServer, type RedisServer } from '../support/redis-server';
import { requestUserToken } from '../../emulator/entra/dev-tokens';
import pino from 'pino';

const ENTITY = 'PoS_posPurchases';

describeWithRedis('state shared in Redis', () => {
  let redis: RedisServer;
  let emu: RunningEmulator;
  let replicas: RunningProxy[];
  let auth: { alice: string; bob: string };
  let stack: OpsStack;

  const settings = (extra: Record<string, string> = {}) =>
    localProxyConfig(emu.entraUrl, {
      CI_API_BASE_URL: `${emu.ciUrl}/v1`,
      CI_SUBSCRIPTION_KEY: INSTANCES.production.primaryKey,
      PORT: '0',
      REDIS_URL: redis.url,
      REDIS_TIMEOUT_MS: '300',
      UPSTREAM_TIMEOUT_MS: '300',
      RATE_LIMIT_PER_MINUTE: '0',
      UPSTREAM_CIRCUIT_FAILURES: '0',
      ...extra,
    });
  const replica = (extra: Record<string, string> = {}) => startProxy(settings(extra), { now: emu.clock.now });

  beforeAll(async () => {
    redis = await startRedisServer();
    emu = await startEmulator();
    replicas = [await replica(), await replica()];
    const [alice, bob] = await Promise.all([
      requestUserToken(emu.entraUrl, 'alice'),
      requestUserToken(emu.entraUrl, 'bob'),
    ]);
    auth = { alice: `Bearer ${alice}`, bob: `Bearer ${bob}` };
    // The fault and CI-reading helpers only need the emulator and one proxy of the stack.
    stack = { emu, proxy: replicas[0], auth } as unknown as OpsStack;
  });
  afterAll(async () => {
    for (const r of replicas) await r.close();
    await emu?.close();
    await redis?.stop();
  });
  beforeEach(() => resetFaults(stack));

  const purchase = () => ({
    TransactionId: randomInt(1, 2 ** 47),
    CustomerNumber: 'CN-0000009',
    TransactionTime: '2025-06-01T10:00:00Z',
    StoreId: 'STORE-SEA-01',
    Amount: 12.5,
  });
  const create = (proxy: RunningProxy, body: object, key?: string, who: 'alice' | 'bob' = 'alice') => {
    const req = request(proxy.url)
      .post(`/api/instances/${PROD}/activities/${ENTITY}?keepForDays=2`)
      .set('Authorization', auth[who]);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const posts = () => ciReceived(stack, 'POST', `data/${ENTITY}`);

  test('the same key at the same moment on two replicas: CI gets one write, both answer the same 201', async () => {
    await armCiFault(stack, { match: { method: 'POST' }, count: 1, fault: { kind: 'delay', ms: 200 } });
    const record = purchase();
    const key = randomUUID();
    const [a, b] = await Promise.all([create(replicas[0], record, key), create(replicas[1], record, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.replayed, b.body.replayed].sort()).toEqual([false, true]);
    expect(a.body.activityId).toBe(b.body.activityId);
    expect(await posts()).toHaveLength(1);
  });

  test('a retry on the other replica is replayed; a different request under the key is refused there too', async () => {
    const record = purchase();
    const key = randomUUID();
    expect((await create(replicas[0], record, key)).status).toBe(201);
    const retry = await create(replicas[1], record, key);
    expect([retry.status, retry.headers['idempotent-replayed']]).toEqual([201, 'true']);
    const other = await create(replicas[1], { ...record, Amount: 1 }, key);
    expect([other.status, other.body.error.code]).toEqual([409, 'IdempotencyKeyInUse']);
    expect(await posts()).toHaveLength(1);
  });

  test('a replica restarted between a create and its retry still replays it (the record lives in Redis)', async () => {
    const record = purchase();
    const key = randomUUID();
    const first = await create(replicas[0], record, key);
    expect(first.status).toBe(201);
    await replicas[0].close();
    replicas[0] = await replica();
    const retry = await create(replicas[0], record, key);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    expect(await posts()).toHaveLength(1);
  });

  test('Redis down → keyed creates 503 StateUnavailable with Retry-After, nothing sent; reads go on; Redis back → writes work', async () => {
    await redis.stop();
    try {
      const record = purchase();
      const key = randomUUID();
      const refused = await create(replicas[1], record, key);
      expect([refused.status, refused.body.error.code]).toEqual([503, 'StateUnavailable']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(await posts()).toHaveLength(0);
      const read = await request(replicas[1].url)
        .get(`/api/instances/${PROD}/entities?kind=activity`)
        .set('Authorization', auth.alice);
      expect(read.status).toBe(200);
    } finally {
      await redis.start();
    }
    const record = purchase();
    const key = randomUUID();
    let res = await create(replicas[1], record, key);
    for (let i = 0; i < 40 && res.status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      res = await create(replicas[1], record, key);
    }
    expect(res.status).toBe(201);
    expect(await create(replicas[0], record, key)).toMatchObject({ status: 201, body: { replayed: true } });
    expect(await posts()).toHaveLength(1);
  });

  test('the per-caller rate limit is one budget across replicas, with Retry-After', async () => {
    const limited = [await replica({ RATE_LIMIT_PER_MINUTE: '5' }), await replica({ RATE_LIMIT_PER_MINUTE: '5' })];
    try {
      const read = (proxy: RunningProxy) =>
        request(proxy.url).get(`/api/instances/${PROD}/entities?kind=activity`).set('Authorization', auth.bob);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await read(limited[i % 2])).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = await read(limited[0]);
      expect([refused.status, refused.body.error.code]).toEqual([429, 'RateLimited']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      for (const r of limited) await r.close();
    }
  });

  test('usage reads the same from either replica and survives a restart', async () => {
    const marker = purchase();
    expect((await create(replicas[0], marker)).status).toBe(201);
    expect((await create(replicas[1], purchase())).status).toBe(201);
    const creates = async (proxy: RunningProxy) => {
      const res = await request(proxy.url).get(`/api/instances/${PROD}/usage?hours=1`).set('Authorization', auth.alice);
      expect(res.status).toBe(200);
      const byOperation = res.body.byOperation as { key: string; calls: number }[];
      // The latency histogram is kept in Redis too (its percentiles cover every call of the window).
      return {
        creates: byOperation.find((g) => g.key === 'CreateActivity'),
        hasLatency: res.body.latency !== undefined,
      };
    };
    const fromFirst = await creates(replicas[0]);
    expect(fromFirst.creates?.calls).toBeGreaterThanOrEqual(2);
    expect(fromFirst.hasLatency).toBe(true);
    expect(await creates(replicas[1])).toEqual(fromFirst);
    await replicas[1].close();
    replicas[1] = await replica();
    expect(await creates(replicas[1])).toEqual(fromFirst);
  });

  test('the records keep their rules in Redis: a run whose replica died is taken over as possibly stored', async () => {
    const state = connectRedis(redis.url, 500, pino({ level: 'silent' }));
    try {
      let clock = 1_000_000;
      const store = createIdempotencyStore(createRedisIdempotencyRecords(state, { now: () => clock }), {
        leaseMs: 1_000,
      });
      const scope: IdempotencyScope = {
        tenantId: 't',
        principal: `p-${randomUUID()}`,
        operationId: 'CreateActivity',
        instanceId: 'i',
        entity: ENTITY,
      };
      void store.run<string, string>(scope, 'k', { a: 1 }, async (attempt) => {
        attempt.note('until-1');
        return new Promise<string>(() => undefined); // its replica dies here
      });
      // Its note reaches Redis in the background; give it the time a CI round trip would take.
      await new Promise((resolve) => setTimeout(resolve, 200));
      clock += 1_001;
      const seen: (string | undefined)[] = [];
      const retry = await store.run<string, string>(scope, 'k', { a: 1 }, async (attempt) => {
        seen.push(attempt.earlier);
        return 'created';
      });
      expect(retry).toEqual({ result: 'created', replayed: false });
      expect(seen).toEqual(['until-1']);
      await expect(store.run(scope, 'k', { a: 2 }, async () => 'x')).rejects.toMatchObject({
        code: 'IdempotencyKeyInUse',
      });
      expect(await store.run(scope, 'k', { a: 1 }, async () => 'again')).toEqual({
        result: 'created',
        replayed: true,
      });
    } finally {
      await state.close();
    }
  });

  test('400 creates under faults, each retry on the other replica: every acknowledged record once, no conflict masked', async () => {
    const plan = planCreates(400, 42);
    const random = prng(43);
    const ci = new CiReader(stack);
    const outcomes: CreateOutcome[] = [];
    for (let i = 0; i < plan.length; i += 50) {
      for (const rule of waveFaults(random, ENTITY)) await armCiFault(stack, rule);
      const wave = plan
        .slice(i, i + 50)
        .map((c, n) =>
          createWithRetries(c, (planned, attempt) =>
            create(replicas[(i + n + attempt) % 2], planned.record, planned.key, planned.maker),
          ),
        );
      outcomes.push(...(await Promise.all(wave)));
    }
    const result = await audit(outcomes, ciView(ci, ENTITY));
    expectExactlyOnce(result);
  }, 120_000);
});
