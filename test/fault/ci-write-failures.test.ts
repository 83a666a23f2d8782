/**
 * CI failing under the proxy's writes (CreateActivity, UpdateCustomerProfile): the documented code and status in the
 * one error shape, and no blind retries of a create (docs/errors.md "Retries": a POST is retried only on 429/503 or a
 * refused connection). What CI holds afterwards is read through CI's own API: a failed create was not stored, a create
 * that timed out is stored at most once, and the maker's retry never makes a second copy.
 */
import { randomInt } from 'node:crypto';
import {
  armCiFault,
  ciReceived,
  CiReader,
  expectProxyError,
  resetFaults,
  type CiFaultRule,
  startFaultSuite,
  resetFaultsAroundEach,
  type FaultSuite,
} from '../support/fault-stack';
import { PROD, ResponseChecker, type OpsStack } from '../support/proxy-ops-stack';

const TIMEOUT_MS = 200;
/** A CI answer slower than the proxy waits: the proxy gives up while CI still processes the write. */
const SLOW_CI_MS = 1_500;

let stack: OpsStack;
let check: ResponseChecker;
let maker: FaultSuite['maker'];
let ci: CiReader;
let customerId: string;

beforeAll(async () => {
  ({ stack, check, maker, ci } = await startFaultSuite(
    // Each test meets its failure afresh; the circuit breaker (which would fail later tests fast) has its own suite.
    { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), UPSTREAM_MAX_RETRIES: '1', UPSTREAM_CIRCUIT_FAILURES: '0' },
    'alice',
    ['/schemas/activities/PoS_posPurchases', '/schemas/profile-update'],
  ));
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[11].CustomerId);
});
afterAll(() => stack.close());
resetFaultsAroundEach(() => stack);

const purchase = () => ({
  TransactionId: randomInt(1, 2 ** 47),
  CustomerNumber: 'CN-0000012',
  TransactionTime: '2025-02-01T09:30:00Z',
  StoreId: 'STORE-SEA-01',
  Amount: 19.99,
});
const stored = (id: number) => ci.activityCopies('PoS_posPurchases', id);
const createPath = '/activities/PoS_posPurchases';
const postFault = (fault: CiFaultRule['fault'], count = 1) =>
  armCiFault(stack, { match: { method: 'POST', path: 'data/PoS_posPurchases' }, count, fault });

describe('CreateActivity', () => {
  test('500 → 502 UpstreamError, sent once (not retried blindly), not stored; the maker retry stores it once', async () => {
    const record = purchase();
    await postFault({ kind: 'status', status: 500 });
    expectProxyError(check, await maker.post(createPath, record), 502, 'UpstreamError');
    expect(await ciReceived(stack, 'POST')).toHaveLength(1);
    expect(await stored(record.TransactionId)).toEqual([]);
    const again = await maker.post(createPath, record);
    expect(again.status).toBe(201);
    expect(await stored(record.TransactionId)).toHaveLength(1);
  });

  // Sent but never answered: the proxy cannot tell these from a lost answer (test/fault/ambiguous-writes.test.ts), so
  // it re-sends once at once; CI never saw the first, stores the second, and the maker gets a plain 201.
  test.each([{ kind: 'reset' } as const, { kind: 'hang' } as const])(
    '$kind before CI processed it → re-sent once at once → 201, stored once',
    async (fault) => {
      const record = purchase();
      await postFault(fault);
      const res = await maker.post(createPath, record);
      expect([res.status, res.body.replayed]).toEqual([201, false]);
      expect((await ciReceived(stack, 'POST')).map((p) => p.status ?? 'no answer')).toEqual(['no answer', 201]);
      expect(await stored(record.TransactionId)).toHaveLength(1);
    },
  );

  test('503 on every attempt → 503 UpstreamUnavailable with Retry-After; retried (CI refused it) and not stored', async () => {
    const record = purchase();
    await postFault({ kind: 'status', status: 503, retryAfterSeconds: 0 }, 10);
    const res = await maker.post(createPath, record);
    expectProxyError(check, res, 503, 'UpstreamUnavailable');
    expect(res.headers['retry-after']).toBe('0');
    expect(await ciReceived(stack, 'POST')).toHaveLength(2);
    expect(await stored(record.TransactionId)).toEqual([]);
  });

  test('CI slower than the timeout → re-sent at once → 201; CI holds one copy once the slow attempt lands too', async () => {
    const record = purchase();
    await postFault({ kind: 'delay', ms: SLOW_CI_MS });
    const res = await maker.post(createPath, record);
    expect(res.status).toBe(201);
    expect(await ciReceived(stack, 'POST')).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, SLOW_CI_MS + 300));
    expect(await stored(record.TransactionId)).toHaveLength(1);
    const again = await maker.post(createPath, record);
    // The same record again is settled by the read-back: CI already holds exactly it.
    expect([again.status, again.body.replayed]).toEqual([201, true]);
    expect(await stored(record.TransactionId)).toHaveLength(1);
  });
});

describe('UpdateCustomerProfile', () => {
  const patchFault = (fault: CiFaultRule['fault'], count: number) =>
    armCiFault(stack, { match: { method: 'PATCH', path: 'data/Customer' }, count, fault });
  const tier = () => `Tier-${randomInt(1, 2 ** 40)}`;

  test.each([
    { name: '500', fault: { kind: 'status', status: 500 } as const, status: 502, code: 'UpstreamError', sent: 1 },
    {
      name: '503',
      fault: { kind: 'status', status: 503, retryAfterSeconds: 0 } as const,
      status: 503,
      code: 'UpstreamUnavailable',
      sent: 2,
    },
    { name: 'reset', fault: { kind: 'reset' } as const, status: 503, code: 'UpstreamUnavailable', sent: 2 },
    { name: 'hang', fault: { kind: 'hang' } as const, status: 504, code: 'UpstreamTimeout', sent: 2 },
  ])('$name on every attempt → $status $code after $sent attempt(s); the profile is unchanged', async (c) => {
    const value = tier();
    await patchFault(c.fault, 10);
    expectProxyError(check, await maker.patch(`/profiles/${customerId}`, { LoyaltyTier: value }), c.status, c.code);
    expect(await ciReceived(stack, 'PATCH')).toHaveLength(c.sent);
    expect((await ci.customer(customerId))?.LoyaltyTier).not.toBe(value);
  });

  test('one reset or hang is retried (applying a change twice is harmless) and the change is applied', async () => {
    for (const fault of [{ kind: 'reset' }, { kind: 'hang' }] as const) {
      await resetFaults(stack);
      const value = tier();
      await patchFault(fault, 1);
      const res = await maker.patch(`/profiles/${customerId}?keepForHours=2`, { LoyaltyTier: value });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ customerId, updatedFields: ['LoyaltyTier'] });
      expect(await ciReceived(stack, 'PATCH')).toHaveLength(2);
      expect((await ci.customer(customerId))?.LoyaltyTier).toBe(value);
    }
  });
});
