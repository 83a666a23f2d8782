/**
 * Type-checks a `$filter` literal against the attribute it is compared with and normalises it (edm-types.ts).
 * Rules follow OData v4: strings are quoted, numbers/dates/GUIDs/booleans are not. Two leniencies, both because
 * makers write them and CI's own examples do (docs/customer-insights.md#reads): a date literal compared with an
 * Edm.DateTimeOffset means midnight UTC of that day, and a quoted GUID is accepted for an Edm.Guid attribute.
 */
import type { Comparable, ValueKind } from './edm-types';
import { ODataQueryError } from './errors';
import type { Token } from './lexer';

/** A literal token as the parser hands it over. */
export type LiteralToken = Extract<Token, { kind: 'string' | 'number' | 'date' | 'datetime' | 'guid' }> | BooleanOrNull;

/** `true`, `false` or `null`, recognised from an identifier token. */
export interface BooleanOrNull {
  kind: 'boolean' | 'null';
  value: boolean | null;
  text: string;
  pos: number;
}

const GUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const EXAMPLE_BY_KIND: Record<ValueKind, string> = {
  string: "a quoted string, e.g. 'text'",
  number: 'a number, e.g. 42 or 4.5',
  boolean: 'true or false',
  date: 'an unquoted date, e.g. 2024-01-31',
  datetime: 'an unquoted date-time, e.g. 2024-01-31T10:00:00Z',
  guid: 'a GUID, e.g. 01234567-89ab-cdef-0123-456789abcdef',
  unsupported: 'nothing (this type cannot be filtered)',
};

function typed(literal: LiteralToken, kind: ValueKind): Comparable | undefined {
  switch (kind) {
    case 'string':
      return literal.kind === 'string' ? literal.value : undefined;
    case 'number':
      return literal.kind === 'number' ? literal.value : undefined;
    case 'boolean':
      return literal.kind === 'boolean' ? literal.value : undefined;
    case 'date':
      return literal.kind === 'date' ? literal.value : undefined;
    case 'datetime':
      if (literal.kind === 'datetime') return literal.value;
      return literal.kind === 'date' ? Date.parse(`${literal.value}T00:00:00Z`) : undefined;
    case 'guid':
      if (literal.kind === 'guid') return literal.value;
      return literal.kind === 'string' && GUID_TEXT.test(literal.value) ? literal.value.toLowerCase() : undefined;
    default:
      return undefined;
  }
}

/** Returns the literal normalised for an attribute of `kind`, or throws ODataQueryError naming attribute and position. */
export function literalFor(literal: LiteralToken, attribute: string, dataType: string, kind: ValueKind): Comparable {
  if (literal.kind === 'null') return null;
  const value = typed(literal, kind);
  if (value !== undefined) return value;
  throw new ODataQueryError(
    '$filter',
    `type mismatch at position ${literal.pos + 1}: ${attribute} is ${dataType}, so compare it with ${EXAMPLE_BY_KIND[kind]}, not ${literal.text}`,
    literal.pos + 1,
  );
}
