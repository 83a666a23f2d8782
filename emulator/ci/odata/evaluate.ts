/**
 * Evaluates a parsed `$filter` against one row. Null semantics follow OData v4: `eq null` matches null or missing
 * values, any other comparison with null is false except `ne` (true when exactly one side is null) and ge/le
 * (true when both are null).
 */
import { compareValues, normalizeRowValue, type Comparable } from './edm-types';
import type { CompareOp, FilterNode } from './filter-node';

type Row = Readonly<Record<string, unknown>>;

function compare(op: CompareOp, left: Comparable, right: Comparable): boolean {
  if (left === null || right === null) {
    const bothNull = left === null && right === null;
    if (op === 'eq' || op === 'ge' || op === 'le') return bothNull;
    return op === 'ne' ? !bothNull : false;
  }
  const order = compareValues(left, right);
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

function matchText(name: 'contains' | 'startswith' | 'endswith', value: unknown, needle: string): boolean {
  if (typeof value !== 'string') return false;
  const haystack = value.toLowerCase();
  const lowerNeedle = needle.toLowerCase();
  if (name === 'contains') return haystack.includes(lowerNeedle);
  return name === 'startswith' ? haystack.startsWith(lowerNeedle) : haystack.endsWith(lowerNeedle);
}

function own(row: Row, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(row, name) ? row[name] : undefined;
}

/** True when `row` satisfies the filter. Never throws: values that do not fit their declared type count as null. */
export function matchesFilter(node: FilterNode, row: Row): boolean {
  switch (node.kind) {
    case 'and':
      return matchesFilter(node.left, row) && matchesFilter(node.right, row);
    case 'or':
      return matchesFilter(node.left, row) || matchesFilter(node.right, row);
    case 'not':
      return !matchesFilter(node.operand, row);
    case 'compare':
      return compare(node.op, normalizeRowValue(own(row, node.attribute), node.valueKind), node.value);
    case 'in': {
      const value = normalizeRowValue(own(row, node.attribute), node.valueKind);
      return node.values.some((candidate) => compare('eq', value, candidate));
    }
    case 'function':
      return matchText(node.name, own(row, node.attribute), node.value);
  }
}
