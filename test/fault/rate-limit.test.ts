/**
 * The proxy's per-caller rate limit (RATE_LIMIT_PER_MINUTE, docs/settings.md): over the limit a caller gets 429
 * RateLimited with Retry-After in the one error shape, nothing is sent to CI, other callers are unaffected, the
 * refusals show in GetUsage, and the caller is served again once its minute is over.
 */
import { ciReceived, clearCiLog, expectProxyError, makerCalls } from '../support/fault-stack';
import { ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';
import request from 'supertest';

const PER_MINUTE = 5;

let stack: OpsStack;
let check: ResponseChecker;

beforeAll(async () => {
  stack = await startOpsStack({ RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) });
  check = new ResponseChecker(stack.contract);
});
afterAll(() => stack.close());

test('the caller over the limit gets 429 RateLimited with Retry-After; others keep working', async () => {
  const bob = makerCalls(stack, () => stack.auth.bob);
  for (let i = 0; i < PER_MINUTE; i++) expect((await bob.get('/entities?kind=activity')).status).toBe(200);
  await clearCiLog(stack);

  const refused = await bob.get('/entities?kind=activity');
  expectProxyError(check, refused, 429, 'RateLimited');
  const retryAfter = Number(refused.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  // Writes are refused the same way, before their body is looked at.
  expectProxyError(check, await bob.post('/activities/PoS_posPurchases', { nonsense: true }), 429, 'RateLimited');
  expect(await ciReceived(stack)).toEqual([]);

  // Another user and an app-only automation have their own minute.
  const alice = makerCalls(stack, () => stack.auth.alice);
  expect((await alice.get('/entities?kind=activity')).status).toBe(200);
  expect((await makerCalls(stack, () => stack.auth.automation).get('/entities?kind=activity')).status).toBe(200);

  const usage = await alice.get('/usage?hours=1');
  expect(usage.status).toBe(200);
  const rateLimited = usage.body.byErrorCode.find((r: { key: string }) => r.key === 'RateLimited');
  expect(rateLimited?.calls).toBe(2);

  // The window is the proxy's clock (the emulator's movable clock here): a minute later Bob is served again.
  await request(stack.emu.ciUrl).post('/_emulator/clock').send({ advanceSeconds: 61 });
  expect((await bob.get('/entities?kind=activity')).status).toBe(200);
});
