/**
 * The `validUntil` query parameter of real-time writes (docs/customer-insights.md#real-time-writes: RFC 3339, at most
 * 30 days ahead).
 */
import { MS_PER_DAY, VALID_UNTIL_MAX_DAYS } from '../constants';
import { badRequest } from '../errors/ci-error';

/** RFC 3339 date-time with a time zone (`Z` or `±hh:mm`), fractional seconds optional. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Returns the expiry in ms: `raw` when valid, else `nowMs + defaultMs`; throws 400 naming `validUntil`. */
export function parseValidUntil(raw: unknown, nowMs: number, defaultMs: number): number {
  if (raw === undefined) return nowMs + defaultMs;
  if (typeof raw !== 'string' || !RFC3339.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw badRequest(
      `validUntil must be an RFC 3339 date-time with a time zone, e.g. 2030-01-31T12:00:00Z; got '${String(raw)}'.`,
      'validUntil',
      'InvalidValidUntil',
    );
  }
  const ms = Date.parse(raw);
  if (ms <= nowMs) throw badRequest(`validUntil ${raw} is in the past.`, 'validUntil', 'InvalidValidUntil');
  if (ms > nowMs + VALID_UNTIL_MAX_DAYS * MS_PER_DAY) {
    throw badRequest(
      `validUntil ${raw} is more than ${VALID_UNTIL_MAX_DAYS} days ahead.`,
      'validUntil',
      'InvalidValidUntil',
    );
  }
  return ms;
}
