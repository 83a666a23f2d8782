/**
 * Fuzzed path and query values on the GET operations (seeded): ids with slashes, quotes, `%2F`, OData injection,
 * unicode and very long values. Never 5xx; 4xx in the one error shape; a profile or timeline never belongs to another
 * customer than the one asked for, and FindCustomerProfiles with an injected value finds nothing.
 */
import request from 'supertest';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';
import { Dice } from './fuzz-values';

const SEED = 4_040;
const ROUNDS = 160;

let stack: OpsStack;
let check: ResponseChecker;
let known: { CustomerId: string; EMail: string };

beforeAll(async () => {
  stack = await startOpsStack({ RATE_LIMIT_PER_MINUTE: '100000' });
  check = new ResponseChecker(stack.contract);
  const row = stack.emu.ci.store.batchRows(PROD, 'Customer').find((r) => r.EMail)!;
  known = { CustomerId: String(row.CustomerId), EMail: String(row.EMail) };
});
afterAll(() => stack?.close());

/** Hostile variants built around a real id or value, so an escaping mistake would match real data. */
function hostile(dice: Dice, real: string): string {
  return dice.pick([
    `${real}' or 1 eq 1 or CustomerId eq '`,
    `' or 1 eq 1`,
    `${real}') or true or ('`,
    `${real}/../${real}`,
    `${real}%2F..%2F`,
    encodeURIComponent(`${real}/x`),
    `${real}"`,
    `${real}?$top=1000`,
    `${real}&lookup=EMail`,
    `${real}#frag`,
    `${real} `,
    `ZoË北京😀${real}`,
    `${real}\u0000`,
    'x'.repeat(dice.int(1_000, 6_000)),
    `${real.toUpperCase()}`,
    `$filter=CustomerId ne ''`,
    '*',
    '%',
    "''",
  ]);
}

const get = (path: string, query: Record<string, string> = {}) =>
  request(stack.proxy.url).get(path).query(query).set('Authorization', stack.auth.alice);

test(`${ROUNDS} hostile ids and lookup values: never 5xx, never another customer's data`, async () => {
  const dice = new Dice(SEED);
  for (let round = 0; round < ROUNDS; round++) {
    const kind = dice.pick(['profile', 'timeline', 'find-key', 'find-email', 'timeline-type']);
    const value = hostile(dice, kind === 'find-email' ? known.EMail : known.CustomerId);
    const id = encodeURIComponent(value);
    const base = `/api/instances/${PROD}`;
    const res =
      kind === 'profile'
        ? await get(`${base}/profiles/${id}`)
        : kind === 'timeline'
          ? await get(`${base}/profiles/${id}/activities`, { top: String(dice.int(1, 100)) })
          : kind === 'timeline-type'
            ? await get(`${base}/profiles/${known.CustomerId}/activities`, { activityType: value })
            : await get(`${base}/profiles`, {
                lookup: kind === 'find-key' ? 'PoS_posCustomers_CustomerNumber' : 'EMail',
                value,
              });
    const context = { seed: SEED, round, kind, value: value.slice(0, 120) };
    expect({ context, serverError: res.status >= 500 }).toEqual({ context, serverError: false });
    if (res.status >= 400) {
      expect({ context, shape: check.error(res.body) }).toEqual({ context, shape: [] });
      continue;
    }
    expect({ context, status: res.status }).toEqual({ context, status: 200 });
    if (kind === 'profile') {
      // Only the exact id may answer (CI ids are case-sensitive hex; the proxy must not widen the match).
      expect({ context, id: res.body.CustomerId }).toEqual({ context, id: value });
    } else {
      // No hostile value is a real id, key, email or activity type: any row found would be someone else's data.
      expect({ context, found: res.body.value }).toEqual({ context, found: [] });
    }
  }
});

test('control: the unmangled id and email do find the customer (the checks above can fail)', async () => {
  const base = `/api/instances/${PROD}`;
  expect((await get(`${base}/profiles/${known.CustomerId}`)).body.CustomerId).toBe(known.CustomerId);
  const found = await get(`${base}/profiles`, { lookup: 'EMail', value: known.EMail });
  expect(found.body.value.map((p: { CustomerId: string }) => p.CustomerId)).toContain(known.CustomerId);
});
