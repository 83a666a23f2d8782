import { randomUUID } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { requestAppToken, requestUserToken } from '../../emulator/entra';
import { INSTANCES, USERS } from '../../emulator/well-known';
import type { Caller } from '../../proxy/auth/caller';
import { createInboundAuth } from '../../proxy/auth/inbound';
import { AppError } from '../../proxy/errors';
import * as C from '../../proxy/constants';
import { createCiClient, type UpstreamCallEvent } from '../../proxy/upstream/ci-client';
import { createTokenProvider } from '../../proxy/upstream/token-provider';
import type { CiClient, CiRequest } from '../../proxy/upstream/types';
import { localProxyConfig } from '../support/proxy-platform-stack';

const PROD = INSTANCES.production.instanceId;
const SANDBOX = INSTANCES.sandbox.instanceId;
let emu: RunningEmulator;
let events: UpstreamCallEvent[];
let client: CiClient;
let alice: Caller;
let rita: Caller;
let automation: Caller;
let customerId: string;

/** A client on its own pool and token provider; `overrides` are proxy settings. */
function makeClient(overrides: Record<string, string> = {}, sink: UpstreamCallEvent[] = events): CiClient {
  const config = localProxyConfig(emu.entraUrl, {
    CI_API_BASE_URL: `${emu.ciUrl}/v1`,
    CI_SUBSCRIPTION_KEY: INSTANCES.production.primaryKey,
    CI_SUBSCRIPTION_KEYS: JSON.stringify({ [SANDBOX]: INSTANCES.sandbox.primaryKey }),
    ...overrides,
  });
  return createCiClient(config, createTokenProvider(config, { now: emu.clock.now }), { onCall: (e) => sink.push(e) });
}

beforeAll(async () => {
  emu = await startEmulator();
  events = [];
  client = makeClient();
  const inbound = createInboundAuth(localProxyConfig(emu.entraUrl), { now: emu.clock.now });
  alice = await inbound.authenticate(`Bearer ${await requestUserToken(emu.entraUrl, 'alice')}`);
  rita = await inbound.authenticate(`Bearer ${await requestUserToken(emu.entraUrl, 'rita')}`);
  automation = await inbound.authenticate(`Bearer ${await requestAppToken(emu.entraUrl)}`);
  const customers = await client.request({
    method: 'GET',
    instanceId: PROD,
    path: `instances/${PROD}/data/Customer`,
    query: { $top: '1', $select: 'CustomerId' },
    caller: automation,
    operation: 'Test',
  });
  customerId = (customers.body as { value: { CustomerId: string }[] }).value[0].CustomerId;
});
afterAll(async () => {
  await client.close();
  await emu.close();
});
beforeEach(() => {
  emu.ci.faults.clear();
  emu.ci.requests.clear();
  events.length = 0;
});

const activity = (): Record<string, unknown> => ({
  ActivityId: `test-${randomUUID()}`,
  CustomerId: customerId,
  ActivityTime: new Date(emu.clock.now()).toISOString(),
  ActivityType: 'WebPurchase',
  ActivityTypeDisplay: 'Web purchase',
  ActivityName: 'Proxy client test',
});
const post = (body: unknown, caller: Caller = alice): CiRequest => ({
  method: 'POST',
  instanceId: PROD,
  path: `instances/${PROD}/data/UnifiedActivity`,
  body,
  caller,
  operation: 'CreateUnifiedActivity',
  entity: 'UnifiedActivity',
});
const getInstance = (instanceId: string = PROD, caller: Caller = automation): CiRequest => ({
  method: 'GET',
  instanceId,
  path: `instances/${instanceId}/manage/entities`,
  caller,
  operation: 'ListEntities',
});
const fault = (match: { method?: string; path?: string }, f: Record<string, unknown>, count = 1) =>
  emu.ci.faults.arm({ match, count, fault: f } as never);
async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('CI client against the CI emulator', () => {
  it('sends the caller token and the subscription key, and reports one event per attempt', async () => {
    const res = await client.request({
      method: 'GET',
      path: 'instances',
      caller: automation,
      operation: 'ListInstances',
    });
    expect(res.status).toBe(200);
    expect((res.body as { instanceId: string }[]).map((i) => i.instanceId)).toEqual(expect.arrayContaining([PROD]));
    expect(emu.ci.requests.list()).toEqual([
      expect.objectContaining({ hasSubscriptionKey: true, hasAuthorization: true, status: 200 }),
    ]);
    expect(events).toEqual([
      expect.objectContaining({ operation: 'ListInstances', method: 'GET', status: 200, attempt: 1, requestBytes: 0 }),
    ]);
    expect(events[0].responseBytes).toBeGreaterThan(0);
  });

  it('picks the per-instance key from CI_SUBSCRIPTION_KEYS, and explains a refused key', async () => {
    expect((await client.request(getInstance(SANDBOX))).status).toBe(200);
    const defaultKeyOnly = makeClient({ CI_SUBSCRIPTION_KEYS: '{}' }, []);
    const err = await rejection(defaultKeyOnly.request(getInstance(SANDBOX)));
    expect([err.status, err.code, err.extra.upstreamStatus]).toEqual([502, 'UpstreamUnauthorized', 401]);
    expect(err.message).toContain('subscription key');
    expect(err.message).toContain('Customer Insights said: Access denied');
    await defaultKeyOnly.close();
  });

  it('creates an activity on behalf of the user, naming the caller, and reports a duplicate as a conflict', async () => {
    const record = activity();
    const created = await client.request(post(record));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ActivityId: record.ActivityId });
    expect(emu.ci.requests.list()[0]).toMatchObject({ principal: USERS.alice.oid, query: { caller: USERS.alice.upn } });
    const err = await rejection(client.request(post(record)));
    expect([err.status, err.code, err.extra.upstreamStatus]).toEqual([409, 'UpstreamConflict', 409]);
    expect(err.message).toContain('already exists');
  });

  it('explains a 403 as the signed-in user lacking Contributor or Administrator', async () => {
    const err = await rejection(client.request(post(activity(), rita)));
    expect([err.status, err.code, err.extra.upstreamStatus]).toEqual([403, 'UpstreamForbidden', 403]);
    expect(err.message).toContain(`signed-in user (${USERS.rita.upn}) lacks the Contributor or Administrator role`);
  });

  it('retries a POST answered 503 and succeeds', async () => {
    fault({ method: 'POST' }, { kind: 'status', status: 503, retryAfterSeconds: 0 });
    expect((await client.request(post(activity()))).status).toBe(201);
    expect(events.map((e) => [e.attempt, e.status])).toEqual([
      [1, 503],
      [2, 201],
    ]);
  });

  it.each([429, 503])(
    'a 409 after a POST retried on %i is a real conflict (CI stored nothing on that attempt), never "created"',
    async (status) => {
      const record = activity();
      await client.request(post(record)); // somebody else's copy with the same key
      events.length = 0;
      fault({ method: 'POST' }, { kind: 'status', status, retryAfterSeconds: 0 });
      const err = await rejection(client.request(post(record)));
      expect([err.status, err.code, err.extra.upstreamStatus]).toEqual([409, 'UpstreamConflict', 409]);
      expect(events.map((e) => e.status)).toEqual([status, 409]);
    },
  );

  it('a call that continues earlier work has only what is left of that budget: a late re-send ends in time', async () => {
    fault({ method: 'POST' }, { kind: 'hang' });
    const began = Date.now();
    const late = { ...post(activity()), startedAt: began - (C.UPSTREAM_TOTAL_BUDGET_MS - 500) };
    const err = await rejection(client.request(late));
    expect(err.code).toBe('UpstreamOutcomeUnknown');
    // Not the configured attempt timeout (UPSTREAM_TIMEOUT_MS_DEFAULT): what was left of the budget, about half a
    // second (undici checks its timers about once a second).
    expect(Date.now() - began).toBeLessThan(C.UPSTREAM_TIMEOUT_MS_DEFAULT / 2);
  });

  it('honours Retry-After on 429, and returns at once when CI asks for longer than the cap', async () => {
    fault({ method: 'GET' }, { kind: 'status', status: 429, retryAfterSeconds: 1 });
    expect((await client.request(getInstance())).status).toBe(200);
    expect(events.map((e) => e.status)).toEqual([429, 200]);
    events.length = 0;
    fault({ method: 'GET' }, { kind: 'status', status: 429, retryAfterSeconds: 60 }, 3);
    const err = await rejection(client.request(getInstance()));
    expect([err.status, err.code, err.extra.headers]).toEqual([429, 'UpstreamThrottled', { 'Retry-After': '60' }]);
    expect(events).toHaveLength(1);
  });

  it('gives up after UPSTREAM_MAX_RETRIES on a 503 that persists', async () => {
    fault({ method: 'GET' }, { kind: 'status', status: 503, retryAfterSeconds: 0 }, 5);
    const err = await rejection(client.request(getInstance()));
    expect([err.status, err.code, err.extra.upstreamStatus]).toEqual([503, 'UpstreamUnavailable', 503]);
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3]);
  });

  it('does not retry a 500', async () => {
    fault({ method: 'GET' }, { kind: 'status', status: 500 }, 3);
    const err = await rejection(client.request(getInstance()));
    expect([err.status, err.code, err.extra.upstreamStatus]).toEqual([502, 'UpstreamError', 500]);
    expect(events).toHaveLength(1);
  });

  it('retries a GET whose connection was reset, but never a POST', async () => {
    fault({ method: 'GET' }, { kind: 'reset' });
    expect((await client.request(getInstance())).status).toBe(200);
    expect(events.map((e) => e.status)).toEqual([0, 200]);
    events.length = 0;
    fault({ method: 'POST' }, { kind: 'reset' });
    const err = await rejection(client.request(post(activity())));
    expect([err.status, err.code]).toEqual([502, 'UpstreamOutcomeUnknown']);
    expect(err.message).toContain('may or may not have been stored');
    expect(emu.ci.requests.list().filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('times out a hung POST without retrying it, and retries a hung GET', async () => {
    const quick = makeClient({ UPSTREAM_TIMEOUT_MS: '300' });
    fault({ method: 'POST' }, { kind: 'hang' });
    const err = await rejection(quick.request(post(activity())));
    expect([err.status, err.code]).toEqual([502, 'UpstreamOutcomeUnknown']);
    expect(emu.ci.requests.list().filter((r) => r.method === 'POST')).toHaveLength(1);
    fault({ method: 'GET' }, { kind: 'hang' });
    expect((await quick.request(getInstance())).status).toBe(200);
    emu.ci.faults.clear();
    await quick.close();
  });

  it("normalises CI's error shapes and keeps CI's message", async () => {
    const unknown = '00000000-0000-0000-0000-000000000000';
    const notFound = await rejection(client.request(getInstance(unknown)));
    expect([notFound.status, notFound.code, notFound.extra.upstreamStatus]).toEqual([404, 'UpstreamNotFound', 404]);
    expect(notFound.message).toContain(`Instance '${unknown}' does not exist.`);
    const odata = await rejection(
      client.request({
        method: 'GET',
        instanceId: PROD,
        path: `instances/${PROD}/data/Nope`,
        caller: alice,
        operation: 'T',
      }),
    );
    expect(odata.message).toContain("Entity set 'Nope' does not exist");
    const rejected = await rejection(client.request(post({ ...activity(), ActivityTime: 'yesterday' })));
    expect([rejected.status, rejected.code, rejected.extra.upstreamStatus]).toEqual([400, 'UpstreamRejected', 400]);
    expect(rejected.extra.target).toBe('body.ActivityTime');
  });
});
