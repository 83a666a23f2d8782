/**
 * Idempotency-Key across CI failures (docs/errors.md UpstreamOutcomeUnknown: "retry with the same Idempotency-Key"): a failed
 * attempt is not remembered, so the maker's retry with the same key runs again and stores the record; after a
 * success, the same key replays the first result (`replayed: true`) and CI received exactly one successful POST.
 */
import { randomInt } from 'node:crypto';
import {
  armCiFault,
  ciReceived,
  CiReader,
  expectProxyError,
  resetFaults,
  startFaultSuite,
  resetFaultsAroundEach,
  type FaultSuite,
} from '../support/fault-stack';
import { ResponseChecker, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;
let maker: FaultSuite['maker'];
let ci: CiReader;

beforeAll(async () => {
  ({ stack, check, maker, ci } = await startFaultSuite(
    { UPSTREAM_TIMEOUT_MS: '200', UPSTREAM_MAX_RETRIES: '1' },
    'automation',
    ['/schemas/activities/Website_siteVisits'],
  ));
});
afterAll(() => stack.close());
resetFaultsAroundEach(() => stack);

const visit = () => ({
  VisitId: `visit-${randomInt(1, 2 ** 40)}`,
  MemberId: 'MI-0000003',
  VisitStart: '2025-04-01T08:15:00+02:00',
  PageViews: '4',
});
const path = '/activities/Website_siteVisits?keepForDays=7';
const postWithKey = (body: object, key: string) => maker.post(path, body).set('Idempotency-Key', key);

test('after a CI 500, the retry with the same key runs again; then the key replays the success', async () => {
  const body = visit();
  const key = `key-500-${randomInt(1, 2 ** 40)}`;
  await armCiFault(stack, {
    match: { method: 'POST', path: 'data/Website_siteVisits' },
    count: 1,
    fault: { kind: 'status', status: 500 },
  });
  expectProxyError(check, await postWithKey(body, key), 502, 'UpstreamError');

  const retry = await postWithKey(body, key);
  expect(retry.status).toBe(201);
  expect(retry.body).toMatchObject({ activityId: body.VisitId, replayed: false });
  expect(retry.headers['idempotent-replayed']).toBeUndefined();

  const replay = await postWithKey(body, key);
  expect(replay.status).toBe(201);
  expect(replay.body).toEqual({ ...retry.body, replayed: true });
  expect(check.declared('CreateActivity', 201, replay.body)).toEqual([]);

  const posts = await ciReceived(stack, 'POST', 'data/Website_siteVisits');
  expect(posts.map((p) => p.status)).toEqual([500, 201]);
  expect(await ci.activityCopies('Website_siteVisits', body.VisitId)).toHaveLength(1);
});

test.each([{ kind: 'hang' } as const, { kind: 'reset' } as const])(
  'after a CI $kind, the same request re-sends at once (201), and the key then replays it',
  async (fault) => {
    const body = visit();
    const key = `key-${fault.kind}-${randomInt(1, 2 ** 40)}`;
    await armCiFault(stack, { match: { method: 'POST', path: 'data/Website_siteVisits' }, count: 1, fault });
    const first = await postWithKey(body, key);
    expect([first.status, first.body.replayed]).toEqual([201, false]);
    const replay = await postWithKey(body, key);
    expect(replay.body).toEqual({ ...first.body, replayed: true });
    const posts = await ciReceived(stack, 'POST', 'data/Website_siteVisits');
    expect(posts.map((p) => p.status ?? 'no answer')).toEqual(['no answer', 201]);
    expect(await ci.activityCopies('Website_siteVisits', body.VisitId)).toHaveLength(1);
  },
);

test('two concurrent requests under one key while CI is slow: one POST reaches CI, both get the result', async () => {
  const body = visit();
  const key = `key-concurrent-${randomInt(1, 2 ** 40)}`;
  await armCiFault(stack, { match: { method: 'POST' }, count: 1, fault: { kind: 'delay', ms: 100 } });
  const [a, b] = await Promise.all([postWithKey(body, key), postWithKey(body, key)]);
  expect([a.status, b.status]).toEqual([201, 201]);
  expect([a.body.replayed, b.body.replayed].sort()).toEqual([false, true]);
  expect(await ciReceived(stack, 'POST')).toHaveLength(1);
  expect(await ci.activityCopies('Website_siteVisits', body.VisitId)).toHaveLength(1);
});

test('the same key with a different body is 409 IdempotencyKeyInUse and sends nothing', async () => {
  const body = visit();
  const key = `key-other-${randomInt(1, 2 ** 40)}`;
  expect((await postWithKey(body, key)).status).toBe(201);
  await resetFaults(stack);
  expectProxyError(check, await postWithKey({ ...body, PageViews: 5 }, key), 409, 'IdempotencyKeyInUse');
  expect(await ciReceived(stack, 'POST')).toEqual([]);
});
