/**
 * Fuzzed UpdateCustomerProfile bodies (seeded, bounded): never 5xx; a refusal is the one error shape naming a field at
 * fault (read-only and key fields included); an accepted change is held by CI exactly as coerced, reported in
 * `updatedFields`, with a validUntil at most 30 days ahead; the profile read through the proxy shows it.
 */
import request from 'supertest';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';
import { Dice } from './fuzz-values';
import { fuzzRecord, type RecordSchema } from './record-fuzzer';

const SEED = 7_202_511;
const ROUNDS = 150;
const READ_ONLY = ['CustomerId', 'FullName', 'PoS_posCustomers_CustomerNumber', 'CreatedOn'];
const DAY_MS = 86_400_000;

let stack: OpsStack;
let check: ResponseChecker;
let schema: RecordSchema;
let customers: string[];

beforeAll(async () => {
  stack = await startOpsStack({ RATE_LIMIT_PER_MINUTE: '100000' });
  check = new ResponseChecker(stack.contract);
  const res = await request(stack.proxy.url)
    .get(`/api/instances/${PROD}/schemas/profile-update`)
    .set('Authorization', stack.auth.alice);
  schema = res.body.schema;
  customers = stack.emu.ci.store
    .batchRows(PROD, 'Customer')
    .slice(100, 140)
    .map((r) => String(r.CustomerId));
});
afterAll(() => stack?.close());

test(`UpdateCustomerProfile: ${ROUNDS} fuzzed bodies`, async () => {
  const dice = new Dice(SEED);
  const outcomes = { accepted: 0, refused: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const customerId = dice.pick(customers);
    const record = fuzzRecord(dice, schema, 'body', { validBias: 0.8, readOnly: READ_ONLY });
    const keepForHours = dice.pick([undefined, undefined, '1', '720', '721']);
    const bad = [...record.badTargets, ...(keepForHours === '721' ? ['query.keepForHours'] : [])];
    // Nothing to change is refused naming the body itself.
    if (Object.keys(record.expected).length === 0 && bad.length === 0) bad.push('body');
    const res = await request(stack.proxy.url)
      .patch(`/api/instances/${PROD}/profiles/${customerId}`)
      .query(keepForHours ? { keepForHours } : {})
      .set('Authorization', stack.auth.bob)
      .set('Content-Type', 'application/json')
      .send(record.json);
    const context = { seed: SEED, round, json: record.json.slice(0, 300), keepForHours };
    if (bad.length > 0) {
      const target = res.body?.error?.target;
      expect({ context, status: res.status, shape: check.error(res.body), named: bad.includes(target) }).toEqual({
        context,
        status: 400,
        shape: [],
        named: true,
      });
      outcomes.refused += 1;
      continue;
    }
    expect({ context, status: res.status }).toEqual({ context, status: 200 });
    expect(check.declared('UpdateCustomerProfile', 200, res.body)).toEqual([]);
    expect([...res.body.updatedFields].sort()).toEqual(Object.keys(record.expected).sort());
    const now = stack.emu.clock.now();
    expect(Date.parse(res.body.validUntil) - now).toBeLessThanOrEqual(30 * DAY_MS);
    expect(Date.parse(res.body.validUntil)).toBeGreaterThan(now);
    const held = stack.emu.ci.store.activeOverrides(PROD, now).get(customerId) ?? {};
    const changed = Object.fromEntries(Object.keys(record.expected).map((k) => [k, held[k]]));
    expect({ context, held: changed }).toEqual({ context, held: record.expected });
    outcomes.accepted += 1;
    if (round % 10 === 0) {
      const profile = await request(stack.proxy.url)
        .get(`/api/instances/${PROD}/profiles/${customerId}`)
        .set('Authorization', stack.auth.bob);
      expect(profile.status).toBe(200);
      expect(profile.body).toMatchObject(record.expected);
    }
  }
  expect(outcomes.accepted).toBeGreaterThan(ROUNDS / 5);
  expect(outcomes.refused).toBeGreaterThan(ROUNDS / 5);
});
