/**
 * CI hanging under the real stack (emulator hang fault, real undici timeouts): once CI has left
 * UPSTREAM_CIRCUIT_FAILURES (default) attempts in a row unanswered, calls fail fast with 503 UpstreamUnavailable and
 * Retry-After, in the one error shape, without sending anything to CI (so a create is safe: nothing was stored).
 * After the cool-down (the emulator's movable clock) one probe goes through and CI answering closes the circuit.
 * A create whose answer was lost stays UpstreamOutcomeUnknown even when the circuit opens before its re-send.
 */
import {
  CIRCUIT_COOL_DOWN_MS,
  UPSTREAM_CIRCUIT_FAILURES_DEFAULT as CIRCUIT_FAILURE_THRESHOLD,
} from '../../proxy/constants';
import {
  armCiFault,
  ciReceived,
  CiReader,
  clearCiLog,
  expectProxyError,
  resetFaults,
  resetFaultsAroundEach,
  startFaultSuite,
  type FaultSuite,
} from '../support/fault-stack';
import { PROD, type OpsStack } from '../support/proxy-ops-stack';

const TIMEOUT_MS = 200;

let stack: OpsStack;
let check: FaultSuite['check'];
let maker: FaultSuite['maker'];
let customerId: string;

beforeAll(async () => {
  ({ stack, check, maker } = await startFaultSuite(
    { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), UPSTREAM_MAX_RETRIES: String(CIRCUIT_FAILURE_THRESHOLD - 1) },
    'alice',
    ['/schemas/activities/PoS_posPurchases'],
  ));
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[7].CustomerId);
  expect((await read()).status).toBe(200); // warm the profile schema: from here every read is one CI call
});
afterAll(() => stack.close());
resetFaultsAroundEach(() => stack);

const read = () => maker.get(`/profiles/${customerId}`);
const purchase = { TransactionId: 4242, CustomerNumber: 'CN-0000012', TransactionTime: '2025-02-01T09:30:00Z' };

test('a hanging CI opens the circuit: the next read and a create fail fast with nothing sent, until a probe succeeds', async () => {
  await armCiFault(stack, { count: 1_000, fault: { kind: 'hang' } });

  // The read that finds CI hanging waits out its attempts (each bounded by UPSTREAM_TIMEOUT_MS) and gets 504.
  const first = await read();
  expectProxyError(check, first, 504, 'UpstreamTimeout');
  expect(await ciReceived(stack)).toHaveLength(CIRCUIT_FAILURE_THRESHOLD);

  // Now CI is known not to answer: no more waiting on it, and nothing reaches it.
  await clearCiLog(stack);
  const t0 = Date.now();
  const second = await read();
  expectProxyError(check, second, 503, 'UpstreamUnavailable');
  expect(Number(second.headers['retry-after'])).toBe(CIRCUIT_COOL_DOWN_MS / 1000);
  const create = await maker.post('/activities/PoS_posPurchases', { ...purchase, StoreId: 'S1', Amount: 1 });
  expectProxyError(check, create, 503, 'UpstreamUnavailable');
  expect(create.body.error.message).toMatch(/nothing was sent/);
  expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS * CIRCUIT_FAILURE_THRESHOLD);
  expect(await ciReceived(stack)).toEqual([]);

  // CI recovers; half the cool-down later calls still fail fast, after all of it one probe finds CI answering.
  await resetFaults(stack);
  stack.emu.clock.advance(CIRCUIT_COOL_DOWN_MS / 2);
  const waiting = await read();
  expectProxyError(check, waiting, 503, 'UpstreamUnavailable');
  expect(Number(waiting.headers['retry-after'])).toBe(CIRCUIT_COOL_DOWN_MS / 2000);
  stack.emu.clock.advance(CIRCUIT_COOL_DOWN_MS / 2);
  expect((await read()).status).toBe(200);
  expect((await read()).status).toBe(200);
  expect(await ciReceived(stack, 'GET')).toHaveLength(2);
});

test('a probe that meets the hang again opens the circuit for another cool-down, after one attempt', async () => {
  await armCiFault(stack, { count: 1_000, fault: { kind: 'hang' } });
  expectProxyError(check, await read(), 504, 'UpstreamTimeout'); // its attempts open the circuit
  expectProxyError(check, await read(), 503, 'UpstreamUnavailable');
  await clearCiLog(stack);
  stack.emu.clock.advance(CIRCUIT_COOL_DOWN_MS);
  expectProxyError(check, await read(), 504, 'UpstreamTimeout'); // the probe: one attempt, no retries
  expect(await ciReceived(stack)).toHaveLength(1);
  const again = await read();
  expectProxyError(check, again, 503, 'UpstreamUnavailable');
  expect(Number(again.headers['retry-after'])).toBe(CIRCUIT_COOL_DOWN_MS / 1000);
  // Leave the circuit closed for whatever runs next.
  await resetFaults(stack);
  stack.emu.clock.advance(CIRCUIT_COOL_DOWN_MS);
  expect((await read()).status).toBe(200);
});

describe('a create whose answer is lost when the circuit opens (UPSTREAM_CIRCUIT_FAILURES=1)', () => {
  let one: FaultSuite;
  beforeAll(async () => {
    one = await startFaultSuite({ UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), UPSTREAM_CIRCUIT_FAILURES: '1' }, 'alice', [
      '/schemas/activities/PoS_posPurchases',
    ]);
  });
  afterAll(() => one.stack.close());

  test('stays UpstreamOutcomeUnknown (it may be stored), not "nothing was sent"; the retry settles it', async () => {
    await resetFaults(one.stack);
    const record = { ...purchase, TransactionId: 4343, StoreId: 'S1', Amount: 2 };
    // CI stores the create and the connection drops: the one failure opens the circuit before the re-send.
    await armCiFault(one.stack, {
      match: { method: 'POST' },
      count: 1,
      fault: { kind: 'lose-response', then: 'reset' },
    });
    const lost = await one.maker.post('/activities/PoS_posPurchases', record);
    expectProxyError(one.check, lost, 502, 'UpstreamOutcomeUnknown');
    expect(await ciReceived(one.stack, 'POST')).toHaveLength(1);
    expect(await new CiReader(one.stack).activityCopies('PoS_posPurchases', 4343)).toHaveLength(1);

    // After the cool-down the maker's retry is the probe: CI answers 409, the read-back finds the same record.
    one.stack.emu.clock.advance(CIRCUIT_COOL_DOWN_MS);
    const retry = await one.maker.post('/activities/PoS_posPurchases', record);
    expect({ status: retry.status, replayed: retry.body.replayed }).toEqual({ status: 201, replayed: true });
    expect(await new CiReader(one.stack).activityCopies('PoS_posPurchases', 4343)).toHaveLength(1);
    await resetFaults(one.stack);
  });
});
