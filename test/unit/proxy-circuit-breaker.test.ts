/** The circuit breaker's state machine (proxy/upstream/circuit-breaker.ts), on a clock the test moves. */
import { createCircuitBreaker } from '../../proxy/upstream/circuit-breaker';

function breakerAt(threshold = 3, coolDownMs = 30_000) {
  const clock = { t: 1_000_000 };
  const breaker = createCircuitBreaker({ failureThreshold: threshold, coolDownMs, now: () => clock.t });
  return { breaker, clock };
}

test('stays closed below the threshold, and any answer resets the count', () => {
  const { breaker } = breakerAt(3);
  breaker.record('failed');
  breaker.record('failed');
  breaker.record('answered');
  breaker.record('failed');
  breaker.record('failed');
  expect(breaker.state()).toBe('closed');
  expect(breaker.check()).toBeUndefined();
});

test('opens after N failures in a row and fails fast with the time left of the cool-down', () => {
  const { breaker, clock } = breakerAt(3, 30_000);
  for (let i = 0; i < 3; i++) breaker.record('failed');
  expect(breaker.state()).toBe('open');
  expect(breaker.check()).toEqual({ retryAfterMs: 30_000 });
  clock.t += 12_000;
  expect(breaker.check()).toEqual({ retryAfterMs: 18_000 });
});

test('after the cool-down lets exactly one probe through; its answer closes the circuit', () => {
  const { breaker, clock } = breakerAt(2, 10_000);
  breaker.record('failed');
  breaker.record('failed');
  clock.t += 10_000;
  expect(breaker.check()).toBeUndefined(); // the probe
  expect(breaker.state()).toBe('half-open');
  expect(breaker.check()).toEqual({ retryAfterMs: 10_000 }); // the others wait for it
  breaker.record('answered');
  expect(breaker.state()).toBe('closed');
  expect(breaker.check()).toBeUndefined();
});

test('a failed probe opens the circuit again for a whole cool-down', () => {
  const { breaker, clock } = breakerAt(3, 10_000);
  for (let i = 0; i < 3; i++) breaker.record('failed');
  clock.t += 10_000;
  expect(breaker.check()).toBeUndefined();
  breaker.record('failed'); // one failure is enough while half-open
  expect(breaker.state()).toBe('open');
  expect(breaker.check()).toEqual({ retryAfterMs: 10_000 });
});

test('a probe that never reports (its token request failed) does not keep the circuit shut forever', () => {
  const { breaker, clock } = breakerAt(1, 5_000);
  breaker.record('failed');
  clock.t += 5_000;
  expect(breaker.check()).toBeUndefined();
  expect(breaker.check()).toBeDefined();
  clock.t += 5_000;
  expect(breaker.check()).toBeUndefined(); // the next probe
});
