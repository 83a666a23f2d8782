/**
 * Creates that CI stored but whose answer the proxy never heard (emulator fault `lose-response`: handled, then the
 * connection is reset or hangs past UPSTREAM_TIMEOUT_MS). docs/errors.md "Creates": the proxy re-sends once at once
 * and settles CI's 409 by reading the stored record back; when that answer is lost too, the maker gets 502
 * UpstreamOutcomeUnknown, and the maker's retry (with or without an Idempotency-Key) is answered 201 replayed once the
 * read-back shows CI holds exactly that record. What CI holds is read through CI's own API: one copy, always.
 */
import { randomInt, randomUUID } from 'node:crypto';
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
import { fillFromSchema } from '../support/proxy-ops-fill';
import { PROD, ResponseChecker, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;
let maker: FaultSuite['maker'];
let ci: CiReader;
let customerId: string;

beforeAll(async () => {
  ({ stack, check, maker, ci } = await startFaultSuite(
    // Each test loses answers afresh; the circuit breaker (which would fail later tests fast) has its own suite.
    { UPSTREAM_TIMEOUT_MS: '200', UPSTREAM_MAX_RETRIES: '1', UPSTREAM_CIRCUIT_FAILURES: '0' },
    'alice',
    ['/schemas/activities/PoS_posPurchases'],
  ));
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[7].CustomerId);
});
afterAll(() => stack.close());
resetFaultsAroundEach(() => stack);

type Then = 'reset' | 'hang';
/** The next `count` POSTs to `entity` are stored by CI, then their answer is lost (docs/design.md §3). */
async function loseAnswers(entity: string, then: Then, count = 1): Promise<void> {
  await armCiFault(stack, {
    match: { method: 'POST', path: `data/${entity}` },
    count,
    fault: { kind: 'lose-response', then },
  });
}

const purchase = () => ({
  TransactionId: randomInt(1, 2 ** 47),
  CustomerNumber: 'CN-0000008',
  TransactionTime: '2025-05-01T10:00:00Z',
  StoreId: 'STORE-SEA-01',
  Amount: 24.5,
});
const createPath = '/activities/PoS_posPurchases?keepForDays=3';
const copies = (id: number) => ci.activityCopies('PoS_posPurchases', id);
const posts = (entity = 'PoS_posPurchases') => ciReceived(stack, 'POST', `data/${entity}`);
const withKey = (path: string, body: unknown, key: string) => maker.post(path, body).set('Idempotency-Key', key);
const newKey = () => `key-${randomUUID()}`;

const reads = (entity = 'PoS_posPurchases') => ciReceived(stack, 'GET', `data/${entity}(`);

describe('CreateActivity without an Idempotency-Key', () => {
  test.each<Then>(['reset', 'hang'])(
    'answer lost once (%s) → re-sent at once, CI’s 409 read back and found identical → 201; one copy',
    async (then) => {
      const record = purchase();
      await loseAnswers('PoS_posPurchases', then);
      const res = await maker.post(createPath, record);
      expect(res.status).toBe(201);
      expect(check.declared('CreateActivity', 201, res.body)).toEqual([]);
      expect(res.body).toMatchObject({ activityId: String(record.TransactionId), replayed: true });
      expect((await posts()).map((p) => [p.status, p.fault])).toEqual([
        [201, 'lose-response'],
        [409, undefined],
      ]);
      expect(await reads()).toHaveLength(1);
      expect(await copies(record.TransactionId)).toHaveLength(1);
    },
  );

  test('answer lost twice → 502 UpstreamOutcomeUnknown saying a retry is safe; the plain retry → 201 replayed', async () => {
    const record = purchase();
    await loseAnswers('PoS_posPurchases', 'reset', 2);
    const first = await maker.post(createPath, record);
    expectProxyError(check, first, 502, 'UpstreamOutcomeUnknown');
    expect(first.body.error.message).toMatch(/may or may not have been stored/);
    expect(first.body.error.message).toMatch(/Retrying the same request is safe/);
    expect(await copies(record.TransactionId)).toHaveLength(1);

    const retry = await maker.post(createPath, record);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toMatchObject({ activityId: String(record.TransactionId), replayed: true });
    expect(await copies(record.TransactionId)).toHaveLength(1);
  });

  test('CI cannot show its copy when the 409 comes → 502 UpstreamOutcomeUnknown (not a conflict); the retry → 201 replayed', async () => {
    const record = purchase();
    expect((await maker.post(createPath, record)).status).toBe(201);
    await armCiFault(stack, {
      match: { method: 'GET', path: 'data/PoS_posPurchases(' },
      count: 10,
      fault: { kind: 'status', status: 503, retryAfterSeconds: 0 },
    });
    const unsure = await maker.post(createPath, record);
    expectProxyError(check, unsure, 502, 'UpstreamOutcomeUnknown');
    expect(unsure.body.error.message).toMatch(/could not show it now/);
    await resetFaults(stack);
    const retry = await maker.post(createPath, record);
    expect([retry.status, retry.body.replayed]).toEqual([201, true]);
    expect(await copies(record.TransactionId)).toHaveLength(1);
  });

  test('another record under a taken key, answer lost → 409 UpstreamConflict naming the differing field', async () => {
    const record = purchase();
    expect((await maker.post(createPath, record)).status).toBe(201);
    await loseAnswers('PoS_posPurchases', 'reset');
    const clash = await maker.post(createPath, { ...record, Amount: 99 });
    expectProxyError(check, clash, 409, 'UpstreamConflict');
    expect(clash.body.error.message).toMatch(/different PoS_posPurchases record with TransactionId .*Amount differs/);
    expect(await ci.record('PoS_posPurchases', record.TransactionId)).toMatchObject({ Amount: 24.5 });
  });
});

describe('CreateActivity with an Idempotency-Key', () => {
  test.each<Then>(['reset', 'hang'])(
    'answer lost twice (%s) → 502; the retry with the same key → 201 replayed with the first expiry; one copy',
    async (then) => {
      const record = purchase();
      const key = newKey();
      await loseAnswers('PoS_posPurchases', then, 2);
      const first = await withKey(createPath, record, key);
      expectProxyError(check, first, 502, 'UpstreamOutcomeUnknown');
      expect(first.body.error.message).toMatch(/Retrying with the same Idempotency-Key is safe/);

      const retry = await withKey(createPath, record, key);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(check.declared('CreateActivity', 201, retry.body)).toEqual([]);
      const sent = await posts();
      expect(sent.map((p) => p.status)).toEqual([201, 409, 409]);
      // Every attempt sent the first attempt's expiry, so the answer describes the record CI holds.
      expect(new Set(sent.map((p) => p.query.validUntil)).size).toBe(1);
      expect(retry.body).toEqual({
        activityId: String(record.TransactionId),
        entityName: 'PoS_posPurchases',
        validUntil: sent[0].query.validUntil,
        replayed: true,
      });
      expect(await copies(record.TransactionId)).toHaveLength(1);

      const again = await withKey(createPath, record, key);
      expect([again.status, again.body]).toEqual([201, retry.body]);
      expect(await posts()).toHaveLength(3);
    },
  );

  test('a different request under the key of a lost attempt → 409 IdempotencyKeyInUse, nothing sent', async () => {
    const record = purchase();
    const key = newKey();
    await loseAnswers('PoS_posPurchases', 'reset', 2);
    expectProxyError(check, await withKey(createPath, record, key), 502, 'UpstreamOutcomeUnknown');
    const other = await withKey(createPath, { ...record, Amount: 99 }, key);
    expectProxyError(check, other, 409, 'IdempotencyKeyInUse', 'header.Idempotency-Key');
    expect(await posts()).toHaveLength(2);
    expect(await copies(record.TransactionId)).toHaveLength(1);
  });

  test('the same record under a new key is settled by the read-back too: 201 replayed, one copy', async () => {
    const record = purchase();
    await loseAnswers('PoS_posPurchases', 'reset', 2);
    expectProxyError(check, await withKey(createPath, record, newKey()), 502, 'UpstreamOutcomeUnknown');
    const res = await withKey(createPath, record, newKey());
    expect([res.status, res.body.replayed]).toEqual([201, true]);
    expect(await copies(record.TransactionId)).toHaveLength(1);
  });
});

test('CreateUnifiedActivity: answer lost twice → 502; the retry with the same key → 201 replayed; one timeline row', async () => {
  const schema = (await maker.get('/schemas/activities/UnifiedActivity')).body.schema;
  const activityId = `call-${randomUUID()}`;
  const body = fillFromSchema(schema, stack.emu.clock.now(), { CustomerId: customerId, ActivityId: activityId });
  const key = newKey();
  await loseAnswers('UnifiedActivity', 'reset', 2);
  expectProxyError(check, await withKey('/unified-activities', body, key), 502, 'UpstreamOutcomeUnknown');
  expect(await ci.rows('UnifiedActivity', `ActivityId eq '${activityId}'`)).toHaveLength(1);

  const retry = await withKey('/unified-activities', body, key);
  expect(retry.status).toBe(201);
  expect(retry.body).toMatchObject({ activityId, entityName: 'UnifiedActivity', customerId, replayed: true });
  expect(check.declared('CreateUnifiedActivity', 201, retry.body)).toEqual([]);
  expect((await posts('UnifiedActivity')).map((p) => p.status)).toEqual([201, 409, 409]);
  expect(await ci.rows('UnifiedActivity', `ActivityId eq '${activityId}'`)).toHaveLength(1);
});

describe('CreateActivitiesBatch with an Idempotency-Key', () => {
  const batchPath = '/activities/PoS_posPurchases/batch';
  interface RecordResult {
    index: number;
    status: number;
    activityId?: string;
    error?: { code: string; message: string };
  }

  test('one record’s answer lost twice → its result is 502; the retry re-sends only it and reports it created', async () => {
    const records = Array.from({ length: 5 }, purchase);
    const batch = { records, keepForDays: 2 };
    const key = newKey();
    await loseAnswers('PoS_posPurchases', 'hang', 2);
    const first = await withKey(batchPath, batch, key);
    expect(first.status).toBe(200);
    expect(check.declared('CreateActivitiesBatch', 200, first.body)).toEqual([]);
    const results = first.body.results as RecordResult[];
    const lost = results.filter((r) => r.status !== 201);
    // The two lost answers may belong to one record (sent, then re-sent) or to two (sent at the same time).
    expect(lost.length).toBeLessThanOrEqual(2);
    for (const r of lost) {
      expect(r).toEqual({
        index: expect.any(Number),
        status: 502,
        error: expect.objectContaining({ code: 'UpstreamOutcomeUnknown' }),
      });
    }
    expect(first.body.succeeded + first.body.failed).toBe(5);
    for (const r of records) expect(await copies(r.TransactionId)).toHaveLength(1);

    const before = (await posts()).length;
    const retry = await withKey(batchPath, batch, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ succeeded: 5, failed: 0 });
    for (const r of lost) {
      expect((retry.body.results as RecordResult[])[r.index]).toEqual({
        index: r.index,
        status: 201,
        activityId: String(records[r.index].TransactionId),
      });
    }
    // Only the records that had failed reached CI again.
    expect((await posts()).length - before).toBe(lost.length);
    for (const r of records) expect(await copies(r.TransactionId)).toHaveLength(1);

    // Every record succeeded now: the whole batch replays without reaching CI.
    const replay = await withKey(batchPath, batch, key);
    expect([replay.status, replay.headers['idempotent-replayed']]).toEqual([200, 'true']);
    expect(replay.body.results).toEqual(retry.body.results);
    expect((await posts()).length).toBe(before + lost.length);
  });
});
