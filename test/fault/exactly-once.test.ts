/**
 * The proxy's core promise under faults (issue: "every accepted activity lands exactly once"): 1,000 creates by two
 * makers, some carrying an Idempotency-Key, with ids clashing between them (another record under a taken id) and
 * records sent again, while CI throttles (429), is unavailable (503), drops connections and loses answers after
 * storing. Each failed create is retried the way Power Automate retries (up to 4 times, exponential, same key). The
 * audit reads CI itself: nothing stored twice, nothing acknowledged missing, no conflict answered as success.
 */
import request from 'supertest';
import { prng } from '../fuzz/fuzz-values';
import {
  audit,
  ciView,
  createWithRetries,
  expectExactlyOnce,
  planCreates,
  waveFaults,
  type CreateOutcome,
  type PlannedCreate,
} from '../support/exactly-once';
import { armCiFault, CiReader, startFaultSuite, resetFaultsAroundEach } from '../support/fault-stack';
import { PROD, type OpsStack } from '../support/proxy-ops-stack';

const CREATES = 1_000;
const WAVE = 100;
const SEED = 20261130;
const ENTITY = 'PoS_posPurchases';

let stack: OpsStack;
let ci: CiReader;

beforeAll(async () => {
  ({ stack, ci } = await startFaultSuite(
    {
      UPSTREAM_TIMEOUT_MS: '300',
      UPSTREAM_MAX_RETRIES: '2',
      RATE_LIMIT_PER_MINUTE: '0',
      UPSTREAM_CIRCUIT_FAILURES: '0',
    },
    'alice',
    [`/schemas/activities/${ENTITY}`],
  ));
  const bob = await request(stack.proxy.url)
    .get(`/api/instances/${PROD}/schemas/activities/${ENTITY}`)
    .set('Authorization', stack.auth.bob);
  expect(bob.status).toBe(200);
});
afterAll(() => stack.close());
resetFaultsAroundEach(() => stack);

const send = (create: PlannedCreate) => {
  const req = request(stack.proxy.url)
    .post(`/api/instances/${PROD}/activities/${ENTITY}?keepForDays=3`)
    .set('Authorization', stack.auth[create.maker]);
  if (create.key) req.set('Idempotency-Key', create.key);
  return req.send(create.record);
};

test('1,000 creates with id clashes under 429/503/reset/lose-response faults: 0 duplicates, 0 lost, 0 conflicts masked', async () => {
  const plan = planCreates(CREATES, SEED);
  const random = prng(SEED + 1);
  const outcomes: CreateOutcome[] = [];
  for (let i = 0; i < plan.length; i += WAVE) {
    for (const rule of waveFaults(random, ENTITY)) await armCiFault(stack, rule);
    outcomes.push(...(await Promise.all(plan.slice(i, i + WAVE).map((c) => createWithRetries(c, send)))));
  }
  const result = await audit(outcomes, ciView(ci, ENTITY));
  expectExactlyOnce(result);
  // Nearly everything else was acknowledged.
  expect(result.acknowledged + result.conflicts + result.unresolved).toBe(CREATES);
  expect(result.unresolved).toBeLessThan(CREATES * 0.01);
}, 180_000);
