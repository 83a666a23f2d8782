/**
 * One value coerced to its attribute's type, the way a maker's form sends it: numbers typed as text (unambiguous
 * grouping forgiven, lenient-input.ts), booleans as "true"/"false" or "Yes"/"No", any ISO 8601 date or date-time turned into RFC 3339 UTC (what CI's `Edm.DateTimeOffset` expects).
 */
import { invalidField } from '../errors';
import type { AttributeModel } from '../schema/entity-model';
import { booleanWord, exampleOf, refusalHint, ungroupedNumber } from './lenient-input';

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO 8601 calendar date, optionally with a time (`T` or space) and an offset; `Z` assumed when none is given. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,7})?)?$/;
const DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parses an ISO 8601 date or date-time into epoch milliseconds, or undefined when it is not one, is impossible, or
 * falls outside the years 0001–9999 once its offset is applied.
 */
export function parseIsoInstant(text: string): number | undefined {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const check = new Date(0);
  check.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  check.setUTCHours(Number(h), Number(mi), Number(s), ms);
  const base = check.getTime();
  // Both roll 2024-02-30 over to March and 10:60 to 11:00; an impossible date or time is an error, not another one.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (zone.toUpperCase() === 'Z') return inCalendarRange(base);
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMins = Number(digits.slice(2));
  if (offsetHours > 23 || offsetMins > 59) return undefined;
  return inCalendarRange(base - sign * (offsetHours * 60 + offsetMins) * 60_000);
}

/**
 * The instant when its UTC year is 0001–9999, else undefined: year 0000 at +01:00 is -000001-12-31T23:00Z and
 * 9999-12-31T23:30-01:00 is in year 10000, which neither RFC 3339 nor CI's Edm.DateTimeOffset can hold.
 */
function inCalendarRange(ms: number): number | undefined {
  const year = new Date(ms).getUTCFullYear();
  return year >= 1 && year <= 9999 ? ms : undefined;
}

function fail(attr: AttributeModel, target: string, value: unknown): never {
  const shown =
    typeof value === 'string' ? `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"` : JSON.stringify(value);
  const example = exampleOf(attr.json.kind);
  const hint = typeof value === 'string' ? refusalHint(attr.json.kind, value.trim()) : undefined;
  throw invalidField(
    target,
    `${target} (${attr.friendlyName}) must be ${attr.json.label}${example ? `, ${example}` : ''}; got ${shown}.` +
      (hint ? ` ${hint}` : ''),
  );
}

function toNumber(attr: AttributeModel, target: string, value: unknown, integer: boolean): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && (integer ? INTEGER_TEXT : NUMBER_TEXT).test(ungroupedNumber(value.trim())))
    n = Number(ungroupedNumber(value.trim()));
  else return fail(attr, target, value);
  if (!Number.isFinite(n) || (integer && !Number.isSafeInteger(n))) return fail(attr, target, value);
  const { minimum, maximum } = attr.json;
  if ((minimum !== undefined && n < minimum) || (maximum !== undefined && n > maximum)) {
    throw invalidField(target, `${target} (${attr.friendlyName}) must be between ${minimum} and ${maximum}; got ${n}.`);
  }
  return n;
}

/** Coerces one non-empty value to the attribute's type; throws InvalidField naming `target` when it cannot. */
export function coerceValue(attr: AttributeModel, value: unknown, target: string): unknown {
  const text = typeof value === 'string' ? value.trim() : undefined;
  switch (attr.json.kind) {
    case 'integer':
      return toNumber(attr, target, value, true);
    case 'number':
      return toNumber(attr, target, value, false);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (text?.toLowerCase() === 'true') return true;
      if (text?.toLowerCase() === 'false') return false;
      return (text === undefined ? undefined : booleanWord(text)) ?? fail(attr, target, value);
    case 'date-time': {
      const at = text === undefined ? undefined : parseIsoInstant(text);
      return at === undefined ? fail(attr, target, value) : new Date(at).toISOString();
    }
    case 'date': {
      // A date-time is accepted and reduced to its UTC calendar date.
      const at = text === undefined ? undefined : parseIsoInstant(text);
      return at === undefined ? fail(attr, target, value) : new Date(at).toISOString().slice(0, 10);
    }
    case 'uuid':
      return text !== undefined && UUID.test(text) ? text.toLowerCase() : fail(attr, target, value);
    case 'time':
      return text !== undefined && TIME_OF_DAY.test(text) ? text : fail(attr, target, value);
    case 'duration':
      return text !== undefined && DURATION.test(text) ? text : fail(attr, target, value);
    case 'base64':
      return text !== undefined && BASE64.test(text) ? text : fail(attr, target, value);
    case 'string':
      if (typeof value === 'string') return value;
      // A number or boolean in a text field is what a designer's expression often produces: keep its text form.
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return fail(attr, target, value);
  }
}
