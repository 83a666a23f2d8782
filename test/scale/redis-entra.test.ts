/**
 * Signing in to Redis with the proxy's managed identity (REDIS_MANAGED_IDENTITY), as Azure Cache for Redis with Entra
 * ID expects: a real redis-server whose default user is switched off and whose only user is the identity's object id;
 * the proxy's Redis connection gets its token from the Entra stand-in's App Service managed-identity endpoint through
 * real MSAL, and signs in as that user with the token as password.
 */
import { spawnSync } from 'node:child_process';
import pino from 'pino';
import { PROXY_MANAGED_IDENTITY } from '../../emulator/well-known';
import { loadConfig } from '../../proxy/config';
import { createIdempotencyStore } from '../../proxy/limits/idempotency-store';
import { connectRedis } from '../../proxy/state/redis';
import { createSharedState } from '../../proxy/state/shared-state';
import { managedIdentityRedisCredentials, objectIdOf } from '../../proxy/state/redis-entra';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';
import { describeWithRedis, startRedisServer, type RedisServer } from '../support/redis-server';

describeWithRedis('Redis signed in with the managed identity', () => {
  let redis: RedisServer;
  let entra: RunningEntra;
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
  const cli = (...args: string[]) =>
    spawnSync('redis-cli', ['-p', String(redis.port), ...args], { encoding: 'utf8' }).stdout.trim();

  beforeAll(async () => {
    [redis, entra] = await Promise.all([startRedisServer(), startEntra()]);
    process.env.IDENTITY_ENDPOINT = `${entra.url}/msi/token`;
    process.env.IDENTITY_HEADER = PROXY_MANAGED_IDENTITY.identityHeader;
    // As on Azure: the identity is a Redis user named by its object id; nobody else may sign in.
    expect(cli('ACL', 'SETUSER', PROXY_MANAGED_IDENTITY.objectId, 'on', 'nopass', '~*', '&*', '+@all')).toBe('OK');
    expect(cli('ACL', 'SETUSER', 'default', 'off')).toBe('OK');
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      const variable = name === 'endpoint' ? 'IDENTITY_ENDPOINT' : 'IDENTITY_HEADER';
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
    }
    await redis?.stop();
    await entra?.close();
  });

  test('the connection signs in as the identity’s object id with its Entra token, and works', async () => {
    const errors: Error[] = [];
    const provider = managedIdentityRedisCredentials('system', (e) => errors.push(e));
    const [credentials, subscription] = await provider.subscribe({ onNext: () => undefined, onError: () => undefined });
    subscription.dispose();
    expect(credentials.username).toBe(PROXY_MANAGED_IDENTITY.objectId);
    expect(objectIdOf(credentials.password!)).toBe(PROXY_MANAGED_IDENTITY.objectId);

    const state = connectRedis(redis.url, 2_000, pino({ level: 'silent' }), provider);
    try {
      expect(await state.evalScript('return 1', [], [])).toBe(1);
      // Only the identity can sign in, so the proxy's open connection is listed under its user name.
      const asIdentity = cli(
        '--user',
        PROXY_MANAGED_IDENTITY.objectId,
        '--pass',
        'x',
        '--no-auth-warning',
        'CLIENT',
        'LIST',
      );
      const users = asIdentity.split('\n').map((line) => /\buser=(\S+)/.exec(line)?.[1]);
      expect(users).toEqual([PROXY_MANAGED_IDENTITY.objectId, PROXY_MANAGED_IDENTITY.objectId]);
    } finally {
      await state.close();
    }
    expect(errors).toEqual([]);
  });

  test('REDIS_URL + REDIS_MANAGED_IDENTITY=system: the proxy’s shared state works through that sign-in', async () => {
    const config = localProxyConfig(entra.url, { REDIS_URL: redis.url, REDIS_MANAGED_IDENTITY: 'system' });
    const shared = createSharedState(config, pino({ level: 'silent' }), Date.now);
    try {
      const store = createIdempotencyStore(shared.idempotency);
      const scope = { tenantId: 't', principal: 'p', operationId: 'CreateActivity', instanceId: 'i', entity: 'E' };
      expect(await store.run(scope, 'k', { a: 1 }, async () => 'created')).toEqual({
        result: 'created',
        replayed: false,
      });
      expect(await store.run(scope, 'k', { a: 1 }, async () => 'again')).toEqual({ result: 'created', replayed: true });
    } finally {
      await shared.redis?.close();
    }
  });

  test('without the identity (the default user, switched off) nothing gets in: 503 StateUnavailable', async () => {
    const state = connectRedis(redis.url, 300, pino({ level: 'silent' }));
    try {
      await expect(state.evalScript('return 1', [], [])).rejects.toMatchObject({ code: 'StateUnavailable' });
    } finally {
      await state.close();
    }
  });

  test('no Redis credential reaches a log line, whatever the outage', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    // A wrong password and a port where nothing listens: both log the outage, neither may log the password.
    for (const url of [`redis://:s3cret-key@127.0.0.1:${redis.port}`, 'rediss://:s3cret-key@127.0.0.1:1']) {
      const state = connectRedis(url, 300, logger);
      await expect(state.evalScript('return 1', [], [])).rejects.toMatchObject({ code: 'StateUnavailable' });
      await state.close();
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('s3cret-key');
  });

  test('REDIS_MANAGED_IDENTITY is validated and needs REDIS_URL', () => {
    const env = (extra: Record<string, string>) => ({
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REDIS'))),
      ...extra,
    });
    const base = localProxyConfig(entra.url);
    expect(base.state.redisManagedIdentity).toBeUndefined();
    expect(() => loadConfig(env({ REDIS_MANAGED_IDENTITY: 'mine' }))).toThrow(
      /REDIS_MANAGED_IDENTITY: must be "system" or the client id/,
    );
    expect(() => loadConfig(env({ REDIS_MANAGED_IDENTITY: 'system' }))).toThrow(
      /REDIS_MANAGED_IDENTITY: needs REDIS_URL/,
    );
  });
});
