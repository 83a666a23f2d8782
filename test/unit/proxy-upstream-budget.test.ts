/**
 * The timings fit together (proxy/constants.ts): every upstream call ends within its budget whatever the settings
 * allow, the shutdown grace covers one whole call, and both stay under Power Platform's 120 s.
 */
import * as C from '../../proxy/constants';
import { envSchema } from '../../proxy/config-env';
import { attemptTimeoutMs, nextDelayMs, type AttemptOutcome } from '../../proxy/upstream/retry-policy';

/** How long a call against a CI that never answers lasts under the retry policy (waits and cut attempts). */
function hangingCallMs(timeoutMs: number, maxRetries: number, outcome: AttemptOutcome = { kind: 'timeout' }): number {
  let elapsed = 0;
  for (let attempt = 1; ; attempt++) {
    elapsed += attemptTimeoutMs(timeoutMs, 0, elapsed);
    const delay = attempt <= maxRetries ? nextDelayMs(outcome, attempt, elapsed) : undefined;
    if (delay === undefined) return elapsed;
    elapsed += delay;
  }
}

test('an attempt gets the configured timeout, cut to what remains of the call budget', () => {
  expect(attemptTimeoutMs(30_000, 1_000, 1_000)).toBe(30_000);
  expect(attemptTimeoutMs(30_000, 0, C.UPSTREAM_TOTAL_BUDGET_MS - 10_000)).toBe(10_000);
  expect(attemptTimeoutMs(30_000, 0, C.UPSTREAM_TOTAL_BUDGET_MS + 5)).toBe(1);
});

test('a read during a CI hang ends within the budget with the defaults and with the largest settings', () => {
  const largestTimeout = envSchema.shape.UPSTREAM_TIMEOUT_MS.parse(String(C.UPSTREAM_TOTAL_BUDGET_MS));
  for (const [timeoutMs, retries] of [
    [C.UPSTREAM_TIMEOUT_MS_DEFAULT, C.UPSTREAM_MAX_RETRIES_DEFAULT],
    [largestTimeout, 5],
    [45_000, 5],
  ]) {
    expect(hangingCallMs(timeoutMs, retries)).toBeLessThanOrEqual(C.UPSTREAM_TOTAL_BUDGET_MS);
  }
  // The defaults still give a hanging CI a second attempt before the 504.
  expect(hangingCallMs(C.UPSTREAM_TIMEOUT_MS_DEFAULT, C.UPSTREAM_MAX_RETRIES_DEFAULT)).toBeGreaterThan(
    C.UPSTREAM_TIMEOUT_MS_DEFAULT,
  );
});

test('the shutdown grace covers a whole call (budget + token request) and stays under the platform timeout', () => {
  expect(C.SHUTDOWN_GRACE_MS).toBeGreaterThanOrEqual(C.UPSTREAM_TOTAL_BUDGET_MS + C.TOKEN_TIMEOUT_MS_DEFAULT);
  expect(C.SHUTDOWN_GRACE_MS).toBeLessThan(C.PLATFORM_TIMEOUT_MS);
  expect(() => envSchema.shape.UPSTREAM_TIMEOUT_MS.parse(String(C.UPSTREAM_TOTAL_BUDGET_MS + 1))).toThrow();
});
