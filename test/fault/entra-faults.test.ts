/**
 * Entra ID misbehaving while the proxy needs a Customer Insights token (on-behalf-of mode): a caller with no cached
 * token gets the documented identity error in the one shape (docs/errors.md: TokenServiceUnavailable 503 when Entra
 * is down, slow or throttling; TokenAcquisitionFailed 502 when it rejects the proxy's credential) and nothing reaches
 * CI; a caller whose token is cached and still valid keeps working throughout.
 */
import { requestUserToken } from '../../emulator/entra';
import {
  armEntraFault,
  ciReceived,
  clearCiLog,
  expectProxyError,
  makerCalls,
  resetFaults,
} from '../support/fault-stack';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
let check: ResponseChecker;
let customerId: string;
let warm: ReturnType<typeof makerCalls>;

beforeAll(async () => {
  stack = await startOpsStack({ TOKEN_TIMEOUT_MS: '300' });
  check = new ResponseChecker(stack.contract);
  customerId = String(stack.emu.ci.store.batchRows(PROD, 'Customer')[5].CustomerId);
  warm = makerCalls(stack, () => stack.auth.alice);
  expect((await warm.get(`/profiles/${customerId}`)).status).toBe(200); // Alice's OBO token is now cached
});
afterAll(() => stack.close());
afterEach(() => resetFaults(stack));

/** A caller the proxy has never exchanged a token for: a fresh sign-in of `user` (its own OBO cache entry). */
async function coldCaller(user: 'bob' | 'rita'): Promise<ReturnType<typeof makerCalls>> {
  const bearer = `Bearer ${await requestUserToken(stack.emu.entraUrl, user)}`;
  return makerCalls(stack, () => bearer);
}

/** The cold caller fails as documented, CI sees nothing from it, and the warm caller still reads and writes. */
async function expectColdFailsWarmWorks(
  cold: ReturnType<typeof makerCalls>,
  status: number,
  code: string,
  mentions: RegExp,
): Promise<void> {
  await clearCiLog(stack);
  const res = await cold.get(`/profiles/${customerId}`);
  expectProxyError(check, res, status, code);
  expect(res.body.error.message).toMatch(mentions);
  expect(res.body.error.upstreamStatus).toBeUndefined();
  expect(res.headers['www-authenticate']).toBeUndefined(); // not the maker's sign-in problem
  expect(await ciReceived(stack)).toEqual([]);
  expect((await warm.get(`/profiles/${customerId}`)).status).toBe(200);
  const write = await warm.patch(`/profiles/${customerId}`, { City: 'Lyon' });
  expect(write.status).toBe(200);
}

// Order matters: MSAL throttles a request shape locally after a 429/5xx
// (docs/entra.md#client-credentials-and-the-cache), so the faults that do not set a throttle (hang, invalid_client) run
// first.
test('token endpoint hangs → 503 TokenServiceUnavailable within TOKEN_TIMEOUT_MS; the warm caller is unaffected', async () => {
  const cold = await coldCaller('bob');
  await armEntraFault(stack, { endpoint: 'token', count: 20, fault: { kind: 'hang' } });
  await expectColdFailsWarmWorks(cold, 503, 'TokenServiceUnavailable', /Entra ID did not answer in time/);
});

test('invalid_client → 502 TokenAcquisitionFailed naming the proxy credential; the warm caller is unaffected', async () => {
  const cold = await coldCaller('rita');
  await armEntraFault(stack, { endpoint: 'token', count: 20, fault: { kind: 'invalid_client' } });
  await expectColdFailsWarmWorks(cold, 502, 'TokenAcquisitionFailed', /proxy's own credential.*AADSTS\d+/);
});

test('token endpoint 503 → 503 TokenServiceUnavailable; the warm caller is unaffected', async () => {
  const cold = await coldCaller('bob');
  await armEntraFault(stack, {
    endpoint: 'token',
    count: 20,
    fault: { kind: 'status', status: 503, retryAfterSeconds: 1 },
  });
  await expectColdFailsWarmWorks(cold, 503, 'TokenServiceUnavailable', /Entra ID is unavailable or throttling/);
});

test('token endpoint 429 → 503 TokenServiceUnavailable; the warm caller is unaffected', async () => {
  const cold = await coldCaller('rita');
  await armEntraFault(stack, {
    endpoint: 'token',
    count: 20,
    fault: { kind: 'status', status: 429, retryAfterSeconds: 1 },
  });
  await expectColdFailsWarmWorks(cold, 503, 'TokenServiceUnavailable', /Entra ID is unavailable or throttling/);
});

test('an app-only caller with no cached proxy token gets 503 while Entra is down, and 200 once it is back', async () => {
  const automation = makerCalls(stack, () => stack.auth.automation);
  await armEntraFault(stack, { endpoint: 'token', count: 20, fault: { kind: 'hang' } });
  expectProxyError(check, await automation.get(`/profiles/${customerId}`), 503, 'TokenServiceUnavailable');
  await resetFaults(stack);
  expect((await automation.get(`/profiles/${customerId}`)).status).toBe(200);
});
