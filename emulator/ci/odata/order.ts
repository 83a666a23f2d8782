/**
 * `$orderby`: a stable multi-key sort. Null (or missing) values come first on `asc` and last on `desc`, as OData v4
 * specifies; strings sort by code point (deterministic, like an ordinal collation).
 */
import { compareNullsFirst, normalizeRowValue, type Comparable, type ValueKind } from './edm-types';

/** One `$orderby` key. `valueKind` is set by parseQuery; without it the key's values are compared as they are. */
export interface OrderKey {
  name: string;
  desc: boolean;
  valueKind?: ValueKind;
}

function looseComparable(value: unknown): Comparable {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.getTime();
  return null;
}

function sortValue(row: Readonly<Record<string, unknown>>, key: OrderKey): Comparable {
  const value = Object.prototype.hasOwnProperty.call(row, key.name) ? row[key.name] : undefined;
  return key.valueKind ? normalizeRowValue(value, key.valueKind) : looseComparable(value);
}

function compareMixed(a: Comparable, b: Comparable): number {
  // Only reachable without valueKind: values of different JS types order by type name, never throw.
  if (a !== null && b !== null && typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  return compareNullsFirst(a, b);
}

/** Returns a new array sorted by the keys; rows that tie keep their input order. */
export function sortRows<T extends Readonly<Record<string, unknown>>>(
  rows: readonly T[],
  keys: readonly OrderKey[],
): T[] {
  if (keys.length === 0) return [...rows];
  const decorated = rows.map((row, index) => ({ row, index, values: keys.map((key) => sortValue(row, key)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareMixed(a.values[i], b.values[i]);
      if (order !== 0) return keys[i].desc ? -order : order;
    }
    return a.index - b.index;
  });
  return decorated.map((entry) => entry.row);
}
