/**
 * How each Edm type is compared. Every value (row value or literal) is normalised to a "comparable" of its kind:
 * strings stay strings (case-sensitive, ordinal order, as OData `eq`), numbers are numbers, Edm.Date becomes
 * 'YYYY-MM-DD', Edm.DateTimeOffset becomes epoch milliseconds (so offsets compare as instants), Edm.Guid becomes
 * lower case (GUIDs are case-insensitive).
 */

/** The comparison family of an attribute. 'unsupported' attributes can be selected but not filtered or sorted. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'guid' | 'unsupported';

/** A normalised value; `null` stands for null, missing, or a row value that does not fit its declared type. */
export type Comparable = string | number | boolean | null;

// CI emits Edm.* names; CDM folders use bare names (docs/customer-insights.md#metadata-shapes). Both map here.
const KIND_BY_TYPE: Record<string, ValueKind> = {
  string: 'string',
  int16: 'number',
  int32: 'number',
  int64: 'number',
  byte: 'number',
  sbyte: 'number',
  decimal: 'number',
  double: 'number',
  single: 'number',
  boolean: 'boolean',
  date: 'date',
  datetimeoffset: 'datetime',
  datetime: 'datetime',
  guid: 'guid',
  binary: 'unsupported',
  timeofday: 'unsupported',
  duration: 'unsupported',
  stream: 'unsupported',
  json: 'unsupported',
};

/** Maps a declared data type ('Edm.Int64', 'dateTime', …) to its comparison kind; unknown types compare as text, as Power Query does. */
export function kindOfType(dataType: string): ValueKind {
  const bare = dataType.toLowerCase().replace(/^edm\./, '');
  return KIND_BY_TYPE[bare] ?? 'string';
}

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})/;

/** Normalises a stored row value to its kind's comparable; values that do not fit the type become null. */
export function normalizeRowValue(value: unknown, kind: ValueKind): Comparable {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'string':
      return typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : null;
    case 'number': {
      const n =
        typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : null;
    case 'date':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
      return typeof value === 'string' ? (DATE_PREFIX.exec(value)?.[1] ?? null) : null;
    case 'datetime': {
      const ms =
        value instanceof Date
          ? value.getTime()
          : typeof value === 'number'
            ? value
            : typeof value === 'string'
              ? Date.parse(value)
              : NaN;
      return Number.isFinite(ms) ? ms : null;
    }
    case 'guid':
      return typeof value === 'string' ? value.toLowerCase() : null;
    default:
      return null;
  }
}

/** Orders two non-null comparables of the same kind: negative, zero or positive. */
export function compareValues(a: Exclude<Comparable, null>, b: Exclude<Comparable, null>): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Orders two comparables with null first, as OData's `asc` does. */
export function compareNullsFirst(a: Comparable, b: Comparable): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return compareValues(a, b);
}
