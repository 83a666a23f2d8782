/**
 * Entra's signing keys (JWKS) unreachable when the proxy must check a token it has not seen: that is the proxy's
 * problem, not the caller's sign-in, so it is 503 TokenServiceUnavailable (docs/errors.md), never 401 with a
 * WWW-Authenticate that would make the connector ask the user to sign in again. Once the keys are back, the same
 * token is accepted. Its own stack: the proxy must start with no keys cached.
 */
import { armEntraFault, ciReceived, expectProxyError, makerCalls, resetFaults } from '../support/fault-stack';
import { ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;

beforeAll(async () => {
  stack = await startOpsStack();
  check = new ResponseChecker(stack.contract);
});
afterAll(() => stack.close());

// jose 5 reports a JWKS answered with a non-200 status as a bare JOSEError (runtime/fetch_jwks.js); that is the
// proxy's problem (503), not a malformed token (401).
test('JWKS down for a new token → 503 TokenServiceUnavailable (not 401); after recovery the token works', async () => {
  const maker = makerCalls(stack, () => stack.auth.bob);
  await resetFaults(stack);
  await armEntraFault(stack, { endpoint: 'jwks', count: 1, fault: { kind: 'status', status: 503 } });
  const res = await maker.get('/entities?kind=activity');
  expectProxyError(check, res, 503, 'TokenServiceUnavailable');
  expect(res.body.error.message).toMatch(/signing keys/);
  expect(res.headers['www-authenticate']).toBeUndefined();
  expect(await ciReceived(stack)).toEqual([]);

  const again = await maker.get('/entities?kind=activity');
  expect(again.status).toBe(200);
  expect(check.declared('ListEntities', 200, again.body)).toEqual([]);
});
