/**
 * The Prometheus endpoint counts what happened upstream, from the same events as usage: a CI 429 waited out is a
 * throttle, a retry and a wait on the throttle histogram, each attempt its own CI call with its own traceparent (its
 * own span); an Idempotency-Key replay is counted; app-only callers' tokens show as `app` grants. With telemetry off,
 * nothing of it exists: no observability object, no traceparent sent to CI, no admin listener.
 */
import { randomInt } from 'node:crypto';
import { armCiFault, ciReceived, makerCalls, resetFaultsAroundEach } from '../support/fault-stack';
import { startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

/** The value of the one Prometheus sample of `metric` whose labels include `labels` (0 when none). */
async function sample(stack: OpsStack, metric: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(stack.proxy.metricsUrl!)).text();
  const found = text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)));
  expect(found.length).toBeLessThanOrEqual(1);
  return found.length === 0 ? 0 : Number(found[0].slice(found[0].lastIndexOf(' ') + 1));
}

const visit = () => ({
  VisitId: `visit-${randomInt(1, 2 ** 40)}`,
  MemberId: 'MI-0000003',
  VisitStart: '2025-04-01T08:15:00+02:00',
});
const PATH = '/activities/Website_siteVisits?keepForDays=7';

describe('Prometheus metrics from upstream events', () => {
  let stack: OpsStack;
  let maker: ReturnType<typeof makerCalls>;
  beforeAll(async () => {
    stack = await startOpsStack({ METRICS_PORT: '0', UPSTREAM_MAX_RETRIES: '2' });
    maker = makerCalls(stack, () => stack.auth.automation);
    expect((await maker.get('/schemas/activities/Website_siteVisits')).status).toBe(200);
  });
  afterAll(() => stack.close());
  resetFaultsAroundEach(() => stack);

  test('a throttled create: a throttle, a retry, a wait and two CI calls; no traceparent without a trace exporter', async () => {
    const ci = { ci_operation: 'POST CreateActivity' };
    const before = {
      throttles: await sample(stack, 'proxy_ci_throttles_total', ci),
      retries: await sample(stack, 'proxy_ci_retries_total', ci),
      waits: await sample(stack, 'proxy_ci_throttle_wait_count', ci),
      created: await sample(stack, 'proxy_ci_calls_total', { ...ci, status_code: '201' }),
    };
    await armCiFault(stack, {
      match: { method: 'POST', path: 'data/Website_siteVisits' },
      count: 1,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 0 },
    });
    expect((await maker.post(PATH, visit())).status).toBe(201);
    expect({
      throttles: (await sample(stack, 'proxy_ci_throttles_total', ci)) - before.throttles,
      retries: (await sample(stack, 'proxy_ci_retries_total', ci)) - before.retries,
      waits: (await sample(stack, 'proxy_ci_throttle_wait_count', ci)) - before.waits,
      created: (await sample(stack, 'proxy_ci_calls_total', { ...ci, status_code: '201' })) - before.created,
    }).toEqual({ throttles: 1, retries: 1, waits: 1, created: 1 });
    expect(await sample(stack, 'proxy_ci_calls_total', { ...ci, status_code: '429' })).toBeGreaterThanOrEqual(1);
    expect(await sample(stack, 'proxy_token_acquisitions_total', { grant: 'app', result: 'success' })).toBe(1);
    // Prometheus alone exports no traces, so nothing is sent upstream for them.
    const attempts = await ciReceived(stack, 'POST', 'data/Website_siteVisits');
    expect(attempts.map((a) => a.status)).toEqual([429, 201]);
    expect(attempts.map((a) => (a as { traceparent?: string }).traceparent)).toEqual([undefined, undefined]);
  });

  test('an Idempotency-Key replay is counted as one, the first write is not', async () => {
    const key = `replay-${randomInt(1, 2 ** 40)}`;
    const replays = () => sample(stack, 'proxy_idempotency_replays_total', { operation: 'CreateActivity' });
    const before = await replays();
    const body = visit();
    expect((await maker.post(PATH, body).set('Idempotency-Key', key)).status).toBe(201);
    expect(await replays()).toBe(before);
    const again = await maker.post(PATH, body).set('Idempotency-Key', key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await replays()).toBe(before + 1);
  });
});

describe('telemetry off (no APPLICATIONINSIGHTS_CONNECTION_STRING, no METRICS_PORT)', () => {
  test('no observability, no admin listener, no traceparent upstream', async () => {
    const stack = await startOpsStack();
    try {
      expect(stack.proxy.observability).toBeUndefined();
      expect(stack.proxy.metricsUrl).toBeUndefined();
      const maker = makerCalls(stack, () => stack.auth.alice);
      expect((await maker.get('/schemas/activities/Website_siteVisits')).status).toBe(200);
      const calls = await ciReceived(stack);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((c) => (c as { traceparent?: string }).traceparent === undefined)).toBe(true);
    } finally {
      await stack.close();
    }
  });
});
