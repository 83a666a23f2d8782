/**
 * A clock that tests can move, so expiry (4-hour profile overrides, 30-day activities, token lifetimes) is tested
 * without waiting. The CI emulator and the Entra stand-in of one `npm run emulator` share one instance.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the emulated service sees it. */
  now(): number;
  /** Moves the clock forward by `ms` (never backwards: CI's own clock does not go back). */
  advance(ms: number): void;
  /** Offset from real time in milliseconds (0 until moved). */
  offsetMs(): number;
}

/** Real time plus an offset that only grows. */
export function createClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
      offset += ms;
    },
    offsetMs: () => offset,
  };
}
