/**
 * CreateActivitiesBatch with CI failing part-way through: every record gets a result, records reported stored are
 * readable in CI exactly once, records reported failed were not stored, and a maker re-sending the whole batch never
 * makes a second copy (checked through CI's own API, not the proxy's answer).
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
import { ResponseChecker, type OpsStack } from '../support/proxy-ops-stack';

const BATCH_SIZE = 12;
const INVALID_INDEX = 2;

let stack: OpsStack;
let check: ResponseChecker;
let maker: FaultSuite['maker'];
let ci: CiReader;

beforeAll(async () => {
  ({ stack, check, maker, ci } = await startFaultSuite(
    { UPSTREAM_TIMEOUT_MS: '200', UPSTREAM_MAX_RETRIES: '1', UPSTREAM_CIRCUIT_FAILURES: '0' },
    'bob',
    ['/schemas/activities/PoS_posPurchases'],
  ));
});
afterAll(() => stack.close());
resetFaultsAroundEach(() => stack);

interface RecordResult {
  index: number;
  status: number;
  activityId?: string;
  error?: { code: string; message: string; target?: string };
}

function purchases(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    TransactionId: randomInt(1, 2 ** 47),
    CustomerNumber: `CN-${String(i + 20).padStart(7, '0')}`,
    TransactionTime: `2025-03-0${(i % 9) + 1}T12:00:00Z`,
    StoreId: 'STORE-SEA-01',
    Amount: String(10 + i), // numbers as text, as designers send them
  }));
}

const copies = (record: Record<string, unknown>) => ci.activityCopies('PoS_posPurchases', String(record.TransactionId));
const batchPath = '/activities/PoS_posPurchases/batch';

/** Faults for the 4th to 7th POST CI receives (the first three pass untouched): mid-batch failures of each kind. */
async function armMidBatchFaults(): Promise<void> {
  const match = { method: 'POST', path: 'data/PoS_posPurchases' };
  const faults: CiFaultRule['fault'][] = [
    { kind: 'delay', ms: 0 },
    { kind: 'status', status: 500 },
    { kind: 'reset' },
    { kind: 'hang' },
    { kind: 'status', status: 503, retryAfterSeconds: 0 },
  ];
  for (const [i, fault] of faults.entries()) await armCiFault(stack, { match, count: i === 0 ? 3 : 1, fault });
}

test('every record gets one result; stored ones are readable once, failed ones are absent', async () => {
  const records = purchases(BATCH_SIZE);
  records[INVALID_INDEX].Amount = 'twelve';
  // Another record already holds the last one's key in CI: a real conflict, and that copy stays the only one.
  const taken = records[BATCH_SIZE - 1];
  expect((await maker.post('/activities/PoS_posPurchases', { ...taken, Amount: '999' })).status).toBe(201);
  await resetFaults(stack);
  await armMidBatchFaults();

  const res = await maker.post(batchPath, { records, keepForDays: 3 });
  expect(res.status).toBe(200);
  expect(check.declared('CreateActivitiesBatch', 200, res.body)).toEqual([]);
  const results = res.body.results as RecordResult[];
  expect(results.map((r) => r.index)).toEqual(records.map((_, i) => i));
  expect(res.body.succeeded + res.body.failed).toBe(BATCH_SIZE);
  expect(res.body.succeeded).toBe(results.filter((r) => r.status === 201).length);

  const failedCodes = results.filter((r) => r.error).map((r) => r.error!.code);
  // reset and hang: sent but never answered, re-sent at once and stored (docs/errors.md "Creates").
  expect(failedCodes.sort()).toEqual(['InvalidField', 'UpstreamConflict', 'UpstreamError'].sort());
  expect(results[INVALID_INDEX].error).toMatchObject({ code: 'InvalidField', target: 'body.records[2].Amount' });
  expect(results[BATCH_SIZE - 1].error?.message).toMatch(/different PoS_posPurchases record .*Amount differs/);
  // The invalid record was never sent; reset, hang and 503 were each sent again once: BATCH_SIZE - 1 + 3 POSTs.
  expect(await ciReceived(stack, 'POST', 'data/PoS_posPurchases')).toHaveLength(BATCH_SIZE + 2);

  for (const r of results) {
    const stored = await copies(records[r.index]);
    if (r.status === 201) {
      expect(r.activityId).toBe(String(records[r.index].TransactionId));
      expect(stored).toHaveLength(1);
      expect(stored[0].Title).toContain(String(Number(records[r.index].Amount)));
    } else if (r.error?.code === 'UpstreamConflict') {
      expect(stored).toHaveLength(1);
      expect(stored[0].Title).toContain('999');
    } else {
      expect({ index: r.index, stored: stored.length }).toEqual({ index: r.index, stored: 0 });
    }
  }

  // The maker re-sends the whole batch: the stored records are recognised by reading them back (201, nothing sent
  // twice), the missing valid ones are stored now, and the real conflict stays a conflict.
  records[INVALID_INDEX].Amount = '12';
  const again = await maker.post(batchPath, { records, keepForDays: 3 });
  expect(again.status).toBe(200);
  const second = again.body.results as RecordResult[];
  for (const r of second) {
    expect({ index: r.index, status: r.status }).toEqual({
      index: r.index,
      status: r.index === BATCH_SIZE - 1 ? 409 : 201,
    });
    expect(await copies(records[r.index])).toHaveLength(1);
  }
});

test('a batch over MAX_BATCH_RECORDS is refused whole, nothing sent', async () => {
  const res = await maker.post(batchPath, { records: purchases(101) });
  expectProxyError(check, res, 400, 'TooManyRecords');
  expect(await ciReceived(stack, 'POST')).toEqual([]);
});

// A partly failed batch must not be replayed as it was: under the same Idempotency-Key the retry re-sends only the
// records that failed and replays the ones CI stored.
test('a batch retried with the same Idempotency-Key after mid-batch failures retries the failed records', async () => {
  const records = purchases(6);
  await armCiFault(stack, {
    match: { method: 'POST', path: 'data/PoS_posPurchases' },
    count: 1,
    fault: { kind: 'status', status: 500 },
  });
  const key = `batch-${randomInt(1, 2 ** 40)}`;
  const first = await maker.post(batchPath, { records }).set('Idempotency-Key', key);
  expect(first.status).toBe(200);
  expect(first.body.failed).toBe(1);
  const retry = await maker.post(batchPath, { records }).set('Idempotency-Key', key);
  expect(retry.status).toBe(200);
  // The record that failed is stored now, and every record is stored exactly once.
  for (const record of records) expect(await copies(record)).toHaveLength(1);
});
