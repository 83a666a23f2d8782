/**
 * `/readyz` against the real Entra stand-in and a real redis-server: ready when a CI token can be had, Entra's signing
 * keys are reachable and Redis answers; 503 naming each failed check otherwise; the answer is reused for 10 s (the
 * emulator's clock) so probes cost no token or key traffic; `/healthz` stays 200 throughout (liveness only).
 */
import request from 'supertest';
import { armEntraFault, ciReceived, resetFaults } from '../support/fault-stack';
import { startOpsStack, type OpsStack } from '../support/proxy-ops-stack';
import { describeWithRedis, startRedisServer, type RedisServer } from '../support/redis-server';

const CACHE_MS = 10_000;

describe('/readyz: CI token and signing keys', () => {
  let stack: OpsStack;
  beforeAll(async () => {
    stack = await startOpsStack();
  });
  afterAll(() => stack.close());

  test('not ready while Entra refuses tokens and keys, with each reason; cached; ready once Entra answers', async () => {
    // Armed before the first probe (no token or key set fetched yet, so nothing last-good hides them): the proxy's
    // credential refused (an expired secret) and the key endpoint down.
    await armEntraFault(stack, { endpoint: 'token', count: 100, fault: { kind: 'invalid_client' } });
    await armEntraFault(stack, { endpoint: 'jwks', count: 100, fault: { kind: 'status', status: 503 } });
    const down = await request(stack.proxy.url).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'not-ready',
      checks: { config: 'ok' },
      reasons: [
        expect.stringMatching(/^no CI token can be obtained: /),
        expect.stringMatching(/^Entra ID's signing keys/),
      ],
    });
    expect(down.body.checks.redis).toBeUndefined(); // REDIS_URL is not set
    expect(down.headers['cache-control']).toBe('no-store');
    expect((await request(stack.proxy.url).get('/healthz')).status).toBe(200);

    await resetFaults(stack);
    // Within the cache period the same answer comes back without asking Entra again.
    expect((await request(stack.proxy.url).get('/readyz')).status).toBe(503);
    stack.emu.clock.advance(CACHE_MS + 1);
    const up = await request(stack.proxy.url).get('/readyz');
    expect(up.body).toEqual({ status: 'ready', checks: { config: 'ok', ciToken: 'ok', signingKeys: 'ok' } });
    // Probing made no call to Customer Insights.
    expect(await ciReceived(stack)).toEqual([]);
  });
});

describeWithRedis('/readyz: Redis when REDIS_URL is set', () => {
  let redis: RedisServer;
  let stack: OpsStack;
  beforeAll(async () => {
    redis = await startRedisServer();
    stack = await startOpsStack({ REDIS_URL: redis.url, REDIS_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await stack.close();
    await redis.stop();
  });

  /** Probes (moving past the cache each time) until the answer has `status`, for up to ~3 s of real time. */
  async function probeUntil(status: number): Promise<request.Response> {
    let res: request.Response | undefined;
    for (let i = 0; i < 60; i++) {
      stack.emu.clock.advance(CACHE_MS + 1);
      res = await request(stack.proxy.url).get('/readyz');
      if (res.status === status) return res;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return res!;
  }

  test('ready with Redis up, 503 naming Redis while it is stopped, ready again when it is back', async () => {
    const up = await probeUntil(200);
    expect(up.body).toMatchObject({ status: 'ready', checks: { redis: 'ok' } });
    await redis.stop();
    const down = await probeUntil(503);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'not-ready',
      checks: { ciToken: 'ok', signingKeys: 'ok' },
      reasons: ['Redis (REDIS_URL) is not reachable'],
    });
    await redis.start();
    expect((await probeUntil(200)).status).toBe(200);
  });
});
