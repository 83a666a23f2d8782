/** Query-string parameters of CI operations: booleans and single strings, with 400s that name the parameter. */
import { CALLER_MAX_CHARS } from '../constants';
import { badRequest } from '../errors/ci-error';

/** `true`/`false` (case-insensitive), `fallback` when absent; 400 otherwise. */
export function booleanParam(query: Record<string, unknown>, name: string, fallback = false): boolean {
  const raw = query[name];
  if (raw === undefined) return fallback;
  if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  throw badRequest(`Query parameter '${name}' must be true or false.`, name, 'InvalidQueryParameter');
}

/** A single string parameter; 400 when repeated, or when required and missing/empty. */
export function stringParam(query: Record<string, unknown>, name: string, required: true): string;
export function stringParam(query: Record<string, unknown>, name: string, required?: false): string | undefined;
export function stringParam(query: Record<string, unknown>, name: string, required = false): string | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') {
    if (required) throw badRequest(`Query parameter '${name}' is required.`, name, 'MissingQueryParameter');
    return undefined;
  }
  if (typeof raw !== 'string')
    throw badRequest(`Query parameter '${name}' must be given once.`, name, 'InvalidQueryParameter');
  return raw;
}

/**
 * The `caller` of a real-time write (docs/customer-insights.md#real-time-writes: "a string to identify the caller"),
 * bounded; 400 when too long.
 */
export function callerParam(query: Record<string, unknown>, fallback: string): string {
  const caller = stringParam(query, 'caller');
  if (caller !== undefined && caller.length > CALLER_MAX_CHARS) {
    throw badRequest(
      `Query parameter 'caller' is longer than ${CALLER_MAX_CHARS} characters.`,
      'caller',
      'InvalidQueryParameter',
    );
  }
  return caller ?? fallback;
}
