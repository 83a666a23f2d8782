/**
 * Fuzzed CreateActivity and CreateActivitiesBatch bodies and expiry options (seeded, bounded, deterministic): the
 * proxy never answers 5xx; every 4xx is the one error shape whose `target` names a field at fault; and whenever it
 * accepts a record, CI holds exactly the contract's coerced values (numbers from text, RFC 3339 UTC instants, lower-case
 * GUIDs) with a validUntil at most 30 days ahead.
 */
import request from 'supertest';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';
import { Dice } from './fuzz-values';
import { fuzzRecord, isKey, type FuzzedRecord, type RecordSchema } from './record-fuzzer';

const SEED = 20_251_122;
const SINGLE_ROUNDS = 300;
const BATCH_ROUNDS = 15;
const ENTITIES = ['PoS_posPurchases', 'WebStore_webPurchases', 'Website_siteVisits'];
const DAY_MS = 86_400_000;

let stack: OpsStack;
let check: ResponseChecker;
const schemas = new Map<string, RecordSchema>();

beforeAll(async () => {
  stack = await startOpsStack({ RATE_LIMIT_PER_MINUTE: '100000' });
  check = new ResponseChecker(stack.contract);
  for (const entity of ENTITIES) {
    const res = await request(stack.proxy.url)
      .get(`/api/instances/${PROD}/schemas/activities/${entity}`)
      .set('Authorization', stack.auth.alice);
    schemas.set(entity, res.body.schema);
  }
});
afterAll(() => stack?.close());

/** Expiry options as query parameters, with the targets a refusal may name. */
interface Expiry {
  query: Record<string, string>;
  bad: string[];
  days?: number;
}

function fuzzExpiry(dice: Dice, now: number): Expiry {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (dice.chance(0.5)) return { query: {}, bad: [], days: 30 };
  return dice.pick<Expiry>([
    { query: { keepForDays: '1' }, bad: [], days: 1 },
    { query: { keepForDays: '30' }, bad: [], days: 30 },
    { query: { keepForDays: '31' }, bad: ['query.keepForDays'] },
    { query: { keepForDays: '0' }, bad: ['query.keepForDays'] },
    { query: { keepForDays: 'soon' }, bad: ['query.keepForDays'] },
    { query: { validUntil: iso(now + 2 * DAY_MS) }, bad: [] },
    { query: { validUntil: iso(now + 31 * DAY_MS) }, bad: ['query.validUntil'] },
    { query: { validUntil: '2001-01-01T00:00:00Z' }, bad: ['query.validUntil'] },
    { query: { validUntil: 'tomorrow' }, bad: ['query.validUntil'] },
    { query: { keepForDays: '2', validUntil: iso(now + DAY_MS) }, bad: ['query.keepForDays', 'query.validUntil'] },
  ]);
}

function expectRefusal(res: request.Response, targets: string[], context: unknown): void {
  expect({ context, status: res.status, shape: check.error(res.body) }).toEqual({ context, status: 400, shape: [] });
  expect({ context, target: res.body.error.target, named: targets.includes(res.body.error.target) }).toEqual({
    context,
    target: res.body.error.target,
    named: true,
  });
}

/** CI holds the record exactly as expected, with an expiry at most 30 days ahead. */
function expectStored(entity: string, record: FuzzedRecord, context: unknown): number {
  const now = stack.emu.clock.now();
  const keyName = Object.entries(schemas.get(entity)!.properties).find(([, p]) => isKey(p))![0];
  const held = stack.emu.ci.store
    .realtimeActivities(PROD, entity, now)
    .filter((a) => a.record[keyName] === record.expected[keyName]);
  expect({ context, copies: held.length }).toEqual({ context, copies: 1 });
  const given = Object.fromEntries(Object.entries(held[0].record).filter(([, v]) => v !== null && v !== undefined));
  expect({ context, held: given }).toEqual({ context, held: record.expected });
  expect(held[0].validUntilMs - now).toBeLessThanOrEqual(30 * DAY_MS);
  return held[0].validUntilMs;
}

test(`CreateActivity: ${SINGLE_ROUNDS} fuzzed bodies and expiry options`, async () => {
  const dice = new Dice(SEED);
  const outcomes = { accepted: 0, refused: 0 };
  for (let round = 0; round < SINGLE_ROUNDS; round++) {
    const entity = dice.pick(ENTITIES);
    const record = fuzzRecord(dice, schemas.get(entity)!, 'body', { validBias: 0.85 });
    const expiry = fuzzExpiry(dice, stack.emu.clock.now());
    const res = await request(stack.proxy.url)
      .post(`/api/instances/${PROD}/activities/${entity}`)
      .query(expiry.query)
      .set('Authorization', stack.auth.alice)
      .set('Content-Type', 'application/json')
      .send(record.json);
    const context = { seed: SEED, round, entity, json: record.json.slice(0, 300), query: expiry.query };
    const bad = [...record.badTargets, ...expiry.bad];
    if (bad.length > 0) {
      expectRefusal(res, bad, context);
      outcomes.refused += 1;
      continue;
    }
    expect({ context, status: res.status, body: res.body }).toEqual({ context, status: 201, body: expect.anything() });
    expect(check.declared('CreateActivity', 201, res.body)).toEqual([]);
    const until = expectStored(entity, record, context);
    expect(res.body.validUntil).toBe(new Date(until).toISOString());
    if (expiry.days) expect(until - stack.emu.clock.now()).toBeGreaterThan((expiry.days - 0.01) * DAY_MS);
    outcomes.accepted += 1;
  }
  // The seed exercises both paths in earnest.
  expect(outcomes.accepted).toBeGreaterThan(SINGLE_ROUNDS / 5);
  expect(outcomes.refused).toBeGreaterThan(SINGLE_ROUNDS / 5);
});

test(`CreateActivitiesBatch: ${BATCH_ROUNDS} fuzzed batches, one result per record`, async () => {
  const dice = new Dice(SEED + 1);
  for (let round = 0; round < BATCH_ROUNDS; round++) {
    const entity = dice.pick(ENTITIES);
    const records = Array.from({ length: dice.int(1, 8) }, (_, i) =>
      fuzzRecord(dice, schemas.get(entity)!, `body.records[${i}]`, { validBias: 0.9 }),
    );
    const res = await request(stack.proxy.url)
      .post(`/api/instances/${PROD}/activities/${entity}/batch`)
      .set('Authorization', stack.auth.bob)
      .set('Content-Type', 'application/json')
      .send(`{"keepForDays": 5, "records": [${records.map((r) => r.json).join(',')}]}`);
    const context = { seed: SEED + 1, round, entity };
    expect({ context, status: res.status }).toEqual({ context, status: 200 });
    expect(check.declared('CreateActivitiesBatch', 200, res.body)).toEqual([]);
    expect(res.body.results).toHaveLength(records.length);
    records.forEach((record, index) => {
      const result = res.body.results[index];
      const one = { ...context, index, json: record.json.slice(0, 300) };
      expect({ one, index: result.index }).toEqual({ one, index });
      if (record.badTargets.length > 0) {
        const target = result.error?.target;
        expect({ one, status: result.status, target, named: record.badTargets.includes(target) }).toEqual({
          one,
          status: 400,
          target,
          named: true,
        });
      } else {
        expect({ one, status: result.status }).toEqual({ one, status: 201 });
        expectStored(entity, record, one);
      }
    });
  }
});
