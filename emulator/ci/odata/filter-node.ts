/**
 * The parsed `$filter` tree. Attribute references are resolved and literals already normalised to the attribute's
 * kind (see edm-types.ts), so evaluation needs no further type checks. Callers may inspect it (e.g. to spot
 * `CustomerId eq '…'`), but should treat it as read-only.
 */
import type { Comparable, ValueKind } from './edm-types';

/** Comparison operators of OData v4 supported here. */
export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** String functions supported here; they match case-insensitively (see parser.ts). */
export type StringFunction = 'contains' | 'startswith' | 'endswith';

/** One node of a parsed `$filter`. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: CompareOp; attribute: string; valueKind: ValueKind; value: Comparable }
  | { kind: 'in'; attribute: string; valueKind: ValueKind; values: Comparable[] }
  | { kind: 'function'; name: StringFunction; attribute: string; value: string };
