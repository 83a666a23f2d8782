/**
 * "Keep for" options → CI's `validUntil` (docs/customer-insights.md#real-time-writes): activities default to 30 days,
 * profile changes to 4 hours, and nothing may be more than 30 days ahead. The options are mutually exclusive.
 */
import { expiryInPast, expiryTooFar, invalidField } from '../errors';
import {
  ACTIVITY_TTL_DEFAULT_DAYS,
  KEEP_FOR_DAYS_MAX,
  KEEP_FOR_DAYS_MIN,
  KEEP_FOR_HOURS_MAX,
  KEEP_FOR_HOURS_MIN,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_SECOND,
  PROFILE_OVERRIDE_DEFAULT_HOURS,
  VALID_UNTIL_MAX_DAYS,
  VALID_UNTIL_SAFETY_MARGIN_SECONDS,
} from '../limits/constants';
import { parseIsoInstant } from './coerce';

export interface ExpiryOptions {
  keepForDays?: unknown;
  keepForHours?: unknown;
  validUntil?: unknown;
}

/** What the record is: decides the default expiry. */
export type ExpiryKind = 'activity' | 'profile';

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function wholeNumber(value: unknown, target: string, min: number, max: number, unit: string): number {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw invalidField(target, `${target} must be a whole number of ${unit}.`);
  }
  if (n > max) {
    throw expiryTooFar(
      target,
      `${target} is ${n}; Customer Insights keeps real-time data at most ${max} ${unit} (${VALID_UNTIL_MAX_DAYS} days).`,
    );
  }
  if (n < min) throw invalidField(target, `${target} must be at least ${min}.`);
  return n;
}

/**
 * Resolves the expiry options into an RFC 3339 UTC `validUntil`; `prefix` is `query` or `body` for error targets.
 * Throws InvalidField when more than one option is given, ExpiryTooFar beyond 30 days, ExpiryInPast for the past.
 */
export function resolveValidUntil(options: ExpiryOptions, kind: ExpiryKind, nowMs: number, prefix = 'query'): string {
  const given = (['keepForDays', 'keepForHours', 'validUntil'] as const).filter((k) => present(options[k]));
  if (given.length > 1) {
    throw invalidField(
      `${prefix}.${given[1]}`,
      `Give only one of ${given.map((g) => `${prefix}.${g}`).join(' and ')}: they all set how long the data is kept.`,
    );
  }
  const maxMs = VALID_UNTIL_MAX_DAYS * MS_PER_DAY;
  // Computed expiries stay a little inside CI's limit so a CI clock slightly behind ours does not refuse them.
  const cap = (ms: number): number => Math.min(ms, maxMs - VALID_UNTIL_SAFETY_MARGIN_SECONDS * MS_PER_SECOND);
  const at = (offsetMs: number): string => new Date(nowMs + cap(offsetMs)).toISOString();
  if (present(options.keepForDays)) {
    return at(
      wholeNumber(options.keepForDays, `${prefix}.keepForDays`, KEEP_FOR_DAYS_MIN, KEEP_FOR_DAYS_MAX, 'days') *
        MS_PER_DAY,
    );
  }
  if (present(options.keepForHours)) {
    const hours = wholeNumber(
      options.keepForHours,
      `${prefix}.keepForHours`,
      KEEP_FOR_HOURS_MIN,
      KEEP_FOR_HOURS_MAX,
      'hours',
    );
    return at(hours * MS_PER_HOUR);
  }
  if (present(options.validUntil)) {
    const target = `${prefix}.validUntil`;
    const when = typeof options.validUntil === 'string' ? parseIsoInstant(options.validUntil) : undefined;
    if (when === undefined)
      throw invalidField(target, `${target} must be an ISO 8601 date-time, e.g. 2030-01-31T12:00:00Z.`);
    if (when <= nowMs) throw expiryInPast(target, `${target} (${new Date(when).toISOString()}) is not in the future.`);
    if (when - nowMs > maxMs) {
      throw expiryTooFar(
        target,
        `${target} (${new Date(when).toISOString()}) is more than ${VALID_UNTIL_MAX_DAYS} days ahead; Customer Insights refuses longer expiries.`,
      );
    }
    return new Date(when).toISOString();
  }
  return kind === 'activity'
    ? at(ACTIVITY_TTL_DEFAULT_DAYS * MS_PER_DAY)
    : at(PROFILE_OVERRIDE_DEFAULT_HOURS * MS_PER_HOUR);
}
