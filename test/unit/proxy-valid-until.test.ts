import { AppError } from '../../proxy/errors';
import { resolveValidUntil } from '../../proxy/reshape/valid-until';
import { MS_PER_DAY, MS_PER_HOUR, VALID_UNTIL_SAFETY_MARGIN_SECONDS } from '../../proxy/limits/constants';

const NOW = Date.UTC(2025, 0, 10, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const margin = VALID_UNTIL_SAFETY_MARGIN_SECONDS * 1000;

function codeOf(fn: () => unknown): [string, string | undefined] {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return [err.code, err.extra.target];
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('keep-for options become validUntil', () => {
  test('defaults: 30 days for activities (inside CI’s limit), 4 hours for profiles', () => {
    expect(resolveValidUntil({}, 'activity', NOW)).toBe(iso(NOW + 30 * MS_PER_DAY - margin));
    expect(resolveValidUntil({}, 'profile', NOW)).toBe(iso(NOW + 4 * MS_PER_HOUR));
  });

  test('keepForDays and keepForHours count from now', () => {
    expect(resolveValidUntil({ keepForDays: 2 }, 'activity', NOW)).toBe(iso(NOW + 2 * MS_PER_DAY));
    expect(resolveValidUntil({ keepForHours: '12' }, 'profile', NOW)).toBe(iso(NOW + 12 * MS_PER_HOUR));
    expect(resolveValidUntil({ keepForHours: 720 }, 'profile', NOW)).toBe(iso(NOW + 30 * MS_PER_DAY - margin));
  });

  test('an explicit validUntil is normalised to RFC 3339 UTC', () => {
    expect(resolveValidUntil({ validUntil: '2025-01-20T10:00:00+01:00' }, 'activity', NOW)).toBe(
      '2025-01-20T09:00:00.000Z',
    );
    expect(resolveValidUntil({ validUntil: iso(NOW + 30 * MS_PER_DAY) }, 'activity', NOW)).toBe(
      iso(NOW + 30 * MS_PER_DAY),
    );
  });

  test.each([
    [{ keepForDays: 31 }, 'ExpiryTooFar', 'query.keepForDays'],
    [{ keepForHours: 721 }, 'ExpiryTooFar', 'query.keepForHours'],
    [{ validUntil: iso(NOW + 30 * MS_PER_DAY + 1000) }, 'ExpiryTooFar', 'query.validUntil'],
    [{ validUntil: iso(NOW - 1000) }, 'ExpiryInPast', 'query.validUntil'],
    [{ validUntil: 'next week' }, 'InvalidField', 'query.validUntil'],
    [{ keepForDays: 0 }, 'InvalidField', 'query.keepForDays'],
    [{ keepForDays: 1.5 }, 'InvalidField', 'query.keepForDays'],
    [{ keepForDays: 3, validUntil: iso(NOW + MS_PER_DAY) }, 'InvalidField', 'query.validUntil'],
  ])('%p is refused with %s on %s', (options, code, target) => {
    expect(codeOf(() => resolveValidUntil(options, 'activity', NOW))).toEqual([code, target]);
  });

  test('more than 30 days names the limit in the message', () => {
    try {
      resolveValidUntil({ keepForDays: 45 }, 'activity', NOW);
    } catch (err) {
      expect((err as Error).message).toMatch(/at most 30 days/);
    }
    expect.assertions(1);
  });

  test('body options name body targets', () => {
    expect(codeOf(() => resolveValidUntil({ keepForDays: 99 }, 'activity', NOW, 'body'))).toEqual([
      'ExpiryTooFar',
      'body.keepForDays',
    ]);
  });
});
