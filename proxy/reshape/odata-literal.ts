/**
 * OData literals for `$filter` (docs/customer-insights.md#reads): strings quoted with single quotes doubled, so a
 * maker's value can never close the literal and change the query.
 */
import type { AttributeModel } from '../schema/entity-model';

/** A quoted OData string literal: `O'Brien` → `'O''Brien'`. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The literal for an already-coerced value of `attr`: numbers and booleans bare, everything else quoted. */
export function odataLiteral(attr: AttributeModel, value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (attr.json.kind === 'date-time' || attr.json.kind === 'date' || attr.json.kind === 'uuid') return String(value);
  return odataString(String(value));
}

/** `Attr eq <literal>`. */
export function odataEquals(attr: AttributeModel, value: unknown): string {
  return `${attr.name} eq ${odataLiteral(attr, value)}`;
}
