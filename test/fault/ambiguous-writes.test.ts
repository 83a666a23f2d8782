/**
 * Creates that CI stored but whose answer the proxy never heard (emulator fault `lose-response`: handled, then the
 * connection is reset or hangs past UPSTREAM_TIMEOUT_MS). docs/errors.md "Creates whose answer was lost": the maker
 * gets 502 UpstreamOutcomeUnknown saying the activity may be stored; a retry under the same Idempotency-Key is answered
 * 201 replayed (CI's 409 is the maker's own first attempt); without a key the 409 says why. What CI holds is read
 * through CI's own API: one copy, whatever the maker retries.
 */
import { randomInt, randomUUID } from 'node:crypto';
import {
  armCiFault,
  ciReceived,
  CiReader,
  expectProxyError,
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
    { UPSTREAM_TIMEOUT_MS: '200', UPSTREAM_MAX_RETRIES: '1' },
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

describe('CreateActivity without an Idempotency-Key', () => {
  test.each<Then>(['reset', 'hang'])(
    'answer lost (%s) → 502 UpstreamOutcomeUnknown; CI holds it; the retry → 409 explaining the first attempt stored it',
    async (then) => {
      const record = purchase();
      await loseAnswers('PoS_posPurchases', then);
      const first = await maker.post(createPath, record);
      expectProxyError(check, first, 502, 'UpstreamOutcomeUnknown');
      expect(first.body.error.message).toMatch(/may or may not have been stored/);
      expect(first.body.error.message).toMatch(/send an Idempotency-Key/);
      expect((await posts()).map((p) => [p.status, p.fault])).toEqual([[201, 'lose-response']]);
      expect(await copies(record.TransactionId)).toHaveLength(1);

      const retry = await maker.post(createPath, record);
      expectProxyError(check, retry, 409, 'UpstreamConflict');
      expect(retry.body.error.upstreamStatus).toBe(409);
      expect(retry.body.error.message).toMatch(/earlier attempt .*UpstreamOutcomeUnknown.* stored it/);
      expect(await copies(record.TransactionId)).toHaveLength(1);
    },
  );
});

describe('CreateActivity with an Idempotency-Key', () => {
  test.each<Then>(['reset', 'hang'])(
    'answer lost (%s) → 502; the retry with the same key → 201 replayed with the first expiry; CI holds one copy',
    async (then) => {
      const record = purchase();
      const key = newKey();
      await loseAnswers('PoS_posPurchases', then);
      const first = await withKey(createPath, record, key);
      expectProxyError(check, first, 502, 'UpstreamOutcomeUnknown');
      expect(first.body.error.message).toMatch(/Retrying with the same Idempotency-Key is safe/);

      const retry = await withKey(createPath, record, key);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(check.declared('CreateActivity', 201, retry.body)).toEqual([]);
      const sent = await posts();
      expect(sent.map((p) => p.status)).toEqual([201, 409]);
      // The retry re-sent the first attempt's expiry, so the answer describes the record CI holds.
      expect(sent[1].query.validUntil).toBe(sent[0].query.validUntil);
      expect(retry.body).toEqual({
        activityId: String(record.TransactionId),
        entityName: 'PoS_posPurchases',
        validUntil: sent[0].query.validUntil,
        replayed: true,
      });
      expect(await copies(record.TransactionId)).toHaveLength(1);

      const again = await withKey(createPath, record, key);
      expect([again.status, again.body]).toEqual([201, retry.body]);
      expect(await posts()).toHaveLength(2);
    },
  );

  test('a different request under the key of a lost attempt → 409 IdempotencyKeyInUse, nothing sent', async () => {
    const record = purchase();
    const key = newKey();
    await loseAnswers('PoS_posPurchases', 'reset');
    expectProxyError(check, await withKey(createPath, record, key), 502, 'UpstreamOutcomeUnknown');
    const other = await withKey(createPath, { ...record, Amount: 99 }, key);
    expectProxyError(check, other, 409, 'IdempotencyKeyInUse', 'header.Idempotency-Key');
    expect(await posts()).toHaveLength(1);
    expect(await copies(record.TransactionId)).toHaveLength(1);
  });

  test('a new key for the same record is a different request: 409 UpstreamConflict with the explanation', async () => {
    const record = purchase();
    await loseAnswers('PoS_posPurchases', 'reset');
    expectProxyError(check, await withKey(createPath, record, newKey()), 502, 'UpstreamOutcomeUnknown');
    const res = await withKey(createPath, record, newKey());
    expectProxyError(check, res, 409, 'UpstreamConflict');
    expect(res.body.error.message).toMatch(/UpstreamOutcomeUnknown/);
  });
});

test('CreateUnifiedActivity: answer lost → 502; the retry with the same key → 201 replayed; one timeline row', async () => {
  const schema = (await maker.get('/schemas/activities/UnifiedActivity')).body.schema;
  const activityId = `call-${randomUUID()}`;
  const body = fillFromSchema(schema, stack.emu.clock.now(), { CustomerId: customerId, ActivityId: activityId });
  const key = newKey();
  await loseAnswers('UnifiedActivity', 'reset');
  expectProxyError(check, await withKey('/unified-activities', body, key), 502, 'UpstreamOutcomeUnknown');
  expect(await ci.rows('UnifiedActivity', `ActivityId eq '${activityId}'`)).toHaveLength(1);

  const retry = await withKey('/unified-activities', body, key);
  expect(retry.status).toBe(201);
  expect(retry.body).toMatchObject({ activityId, entityName: 'UnifiedActivity', customerId, replayed: true });
  expect(check.declared('CreateUnifiedActivity', 201, retry.body)).toEqual([]);
  expect((await posts('UnifiedActivity')).map((p) => p.status)).toEqual([201, 409]);
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

  test('one record’s answer lost → its result is 502; the retry re-sends only it and reports it created', async () => {
    const records = Array.from({ length: 5 }, purchase);
    const batch = { records, keepForDays: 2 };
    const key = newKey();
    await loseAnswers('PoS_posPurchases', 'hang');
    const first = await withKey(batchPath, batch, key);
    expect(first.status).toBe(200);
    expect(check.declared('CreateActivitiesBatch', 200, first.body)).toEqual([]);
    const results = first.body.results as RecordResult[];
    const lost = results.filter((r) => r.status !== 201);
    expect(lost).toEqual([
      { index: expect.any(Number), status: 502, error: expect.objectContaining({ code: 'UpstreamOutcomeUnknown' }) },
    ]);
    expect(first.body).toMatchObject({ succeeded: 4, failed: 1 });
    for (const r of records) expect(await copies(r.TransactionId)).toHaveLength(1);

    const lostId = String(records[lost[0].index].TransactionId);
    const before = (await posts()).length;
    const retry = await withKey(batchPath, batch, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ succeeded: 5, failed: 0 });
    expect((retry.body.results as RecordResult[])[lost[0].index]).toEqual({
      index: lost[0].index,
      status: 201,
      activityId: lostId,
    });
    const resent = (await posts()).slice(before);
    expect(resent.map((p) => [p.status, p.query.validUntil])).toEqual([
      [409, (await posts()).find((p) => p.fault === 'lose-response')?.query.validUntil],
    ]);
    for (const r of records) expect(await copies(r.TransactionId)).toHaveLength(1);

    // Every record succeeded now: the whole batch replays without reaching CI.
    const replay = await withKey(batchPath, batch, key);
    expect([replay.status, replay.headers['idempotent-replayed']]).toEqual([200, 'true']);
    expect(replay.body.results).toEqual(retry.body.results);
    expect((await posts()).length).toBe(before + 1);
  });
});
