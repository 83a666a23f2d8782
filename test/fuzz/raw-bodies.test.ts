/**
 * Garbled and hostile request bodies on the three write operations (seeded): truncated or corrupted JSON, non-object
 * bodies, prototype-pollution keys and deep nesting. Never 5xx, always the one error shape with a `target`, nothing
 * sent to CI for a refused body, and the proxy's own objects are never polluted (it runs in this process).
 */
import request from 'supertest';
import { ciReceived, clearCiLog } from '../support/fault-stack';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';
import { Dice } from './fuzz-values';

const SEED = 31_337;
const ROUNDS = 120;

let stack: OpsStack;
let check: ResponseChecker;
let customerId: string;

beforeAll(async () => {
  stack = await startOpsStack({ RATE_LIMIT_PER_MINUTE: '100000' });
  check = new ResponseChecker(stack.contract);
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[0].CustomerId);
});
afterAll(() => stack?.close());

const VALID = '{"VisitId": "v-1", "MemberId": "MI-0000001", "VisitStart": "2025-01-01T00:00:00Z"}';
const SHAPES = [
  '[]',
  '"text"',
  '42',
  'null',
  'true',
  '{"records": "many"}',
  '{"records": [[1]]}',
  '{"__proto__": {"polluted": "yes"}, "VisitId": "v-2"}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  '{"records": [{"__proto__": {"polluted": "yes"}}]}',
  `{"VisitId": ${'['.repeat(3000)}${']'.repeat(3000)}}`,
  `{"records": [${'{"a":'.repeat(800)}1${'}'.repeat(800)}]}`,
];

/** A corrupted copy of `text`: cut short, a byte replaced, or a fragment duplicated. */
function garble(dice: Dice, text: string): string {
  const at = dice.int(0, text.length - 1);
  switch (dice.int(0, 3)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + dice.pick(['"', '}', ',', '\\', '\u0000', 'ü', '{']) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + text.slice(at, at + dice.int(1, 10)).repeat(2) + text.slice(at);
    default:
      return dice.pick(SHAPES);
  }
}

test(`${ROUNDS} garbled or hostile bodies: never 5xx, one error shape with a target, nothing sent`, async () => {
  const dice = new Dice(SEED);
  const writes = [
    (body: string) => request(stack.proxy.url).post(`/api/instances/${PROD}/activities/Website_siteVisits`).send(body),
    (body: string) =>
      request(stack.proxy.url).post(`/api/instances/${PROD}/activities/Website_siteVisits/batch`).send(body),
    (body: string) => request(stack.proxy.url).patch(`/api/instances/${PROD}/profiles/${customerId}`).send(body),
  ];
  for (let round = 0; round < ROUNDS; round++) {
    const body = garble(dice, dice.pick([VALID, `{"records": [${VALID}]}`, '{"City": "Oslo"}']));
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    await clearCiLog(stack);
    const res = await dice
      .pick(writes)(body)
      .set('Authorization', stack.auth.alice)
      .set('Content-Type', 'application/json');
    const context = { seed: SEED, round, body: body.slice(0, 200) };
    expect({ context, serverError: res.status >= 500 }).toEqual({ context, serverError: false });
    if (res.status >= 400) {
      expect({ context, shape: check.error(res.body), target: typeof res.body.error.target }).toEqual({
        context,
        shape: [],
        target: 'string',
      });
      // Not JSON at all → InvalidJson on the body; a refused body never reaches CI.
      if (parsed === undefined)
        expect({ context, code: res.body.error.code }).toEqual({ context, code: 'InvalidJson' });
      expect((await ciReceived(stack)).filter((r) => r.method !== 'GET')).toEqual([]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }
});
