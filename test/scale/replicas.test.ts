/**
 * Two proxy replicas as real processes (`npm run proxy`) sharing one real Redis, behind a round-robin balancer, against
 * the CI emulator with faults injected: creates re-sent the way Power Automate retries land on alternate replicas,
 * and one replica is killed (SIGKILL, mid-request) and started again in the middle of the run. CI must hold exactly one
 * copy of every acknowledged record and no conflict may be answered as success.
 */
import request from 'supertest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { INSTANCES } from '../../emulator/well-known';
import { requestUserToken } from '../../emulator/entra/dev-tokens';
import { prng } from '../fuzz/fuzz-values';
import { startProxyProcess, type EmulatorProcess, type ProxyProcess } from '../support/e2e-processes';
import {
  audit,
  ciView,
  createWithRetries,
  expectExactlyOnce,
  planCreates,
  waveFaults,
  type CreateOutcome,
} from '../support/exactly-once';
import { armCiFault, CiReader, resetFaults } from '../support/fault-stack';
import { PROD, type OpsStack } from '../support/proxy-ops-stack';
import { describeWithRedis, startRedisServer, type RedisServer } from '../support/redis-server';
import { startBalancer, type Balancer } from '../support/round-robin';

const ENTITY = 'PoS_posPurchases';
const CREATES = 400;
const WAVE = 50;

describeWithRedis('two replica processes behind a balancer, sharing Redis', () => {
  let redis: RedisServer;
  let emu: RunningEmulator;
  let replicas: ProxyProcess[];
  let balancer: Balancer;
  let auth: Record<'alice' | 'bob', string>;
  let stack: OpsStack;

  const startReplica = () =>
    startProxyProcess({ ciUrl: emu.ciUrl, entraUrl: emu.entraUrl } as EmulatorProcess, {
      CI_SUBSCRIPTION_KEY: INSTANCES.production.primaryKey,
      REDIS_URL: redis.url,
      UPSTREAM_TIMEOUT_MS: '300',
      UPSTREAM_CIRCUIT_FAILURES: '0',
      RATE_LIMIT_PER_MINUTE: '0',
    });

  beforeAll(async () => {
    redis = await startRedisServer();
    emu = await startEmulator();
    replicas = await Promise.all([startReplica(), startReplica()]);
    balancer = await startBalancer(replicas.map((r) => r.url));
    const [alice, bob] = await Promise.all((['alice', 'bob'] as const).map((u) => requestUserToken(emu.entraUrl, u)));
    auth = { alice: `Bearer ${alice}`, bob: `Bearer ${bob}` };
    stack = { emu, auth } as unknown as OpsStack;
    await resetFaults(stack);
  }, 60_000);
  afterAll(async () => {
    await balancer?.close();
    await Promise.all((replicas ?? []).map((r) => r.process.stop()));
    await emu?.close();
    await redis?.stop();
  });

  test('400 creates under faults, retries on alternate replicas, one replica killed and restarted mid-run: 0 duplicates, 0 lost, 0 masked', async () => {
    const plan = planCreates(CREATES, 7);
    const random = prng(8);
    const outcomes: CreateOutcome[] = [];
    let restarted: Promise<void> | undefined;
    for (let i = 0; i < plan.length; i += WAVE) {
      for (const rule of waveFaults(random, ENTITY)) await armCiFault(stack, rule);
      const wave = Promise.all(
        plan.slice(i, i + WAVE).map((c) =>
          createWithRetries(c, (planned) => {
            const req = request(balancer.url)
              .post(`/api/instances/${PROD}/activities/${ENTITY}?keepForDays=2`)
              .set('Authorization', auth[planned.maker]);
            if (planned.key) req.set('Idempotency-Key', planned.key);
            return req.send(planned.record);
          }),
        ),
      );
      if (i === 4 * WAVE) {
        // Mid-wave: replica 0 dies with requests in flight, and comes back on a new port.
        await new Promise((resolve) => setTimeout(resolve, 30));
        process.kill(-replicas[0].process.child.pid!, 'SIGKILL');
        restarted = replicas[0].process.stop().then(async () => {
          replicas[0] = await startReplica();
          balancer.replicas[0] = replicas[0].url;
        });
      }
      outcomes.push(...(await wave));
    }
    await restarted;
    const ci = new CiReader(stack);
    const result = await audit(outcomes, ciView(ci, ENTITY));
    expectExactlyOnce(result);
    expect(result.acknowledged).toBeGreaterThan(CREATES * 0.9);
  }, 180_000);
});
