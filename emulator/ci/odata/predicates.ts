/**
 * The leaves of a `$filter`: comparisons (`A op value`, `value op A`), `A in (…)`, bare Edm.Boolean attributes and
 * the string functions contains/startswith/endswith (matched case-insensitively: CI serves such reads from its
 * search index, which folds case — our decision, see parser.ts).
 */
import { MAX_IN_LIST_ITEMS } from './constants';
import type { Comparable } from './edm-types';
import type { CompareOp, FilterNode, StringFunction } from './filter-node';
import { literalFor, type LiteralToken } from './literals';
import { requireComparable, resolveAttribute, type AttributeIndex, type ResolvedAttribute } from './shape';
import { describe, failAt, keyword, type TokenCursor } from './token-cursor';

const TARGET = '$filter';
const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FLIPPED: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
const ARITHMETIC_OPS = new Set(['add', 'sub', 'mul', 'div', 'divby', 'mod', 'has']);
const STRING_FUNCTIONS = new Set<string>(['contains', 'startswith', 'endswith']);

type AttributeOperand = { kind: 'attribute'; attribute: ResolvedAttribute; pos: number };
type Operand = AttributeOperand | { kind: 'literal'; literal: LiteralToken };

function parseOperand(cursor: TokenCursor, attributes: AttributeIndex): Operand {
  const token = cursor.next();
  switch (token.kind) {
    case 'string':
    case 'number':
    case 'date':
    case 'datetime':
    case 'guid':
      return { kind: 'literal', literal: token };
    case 'ident': {
      const word = token.text.toLowerCase();
      if (word === 'true' || word === 'false') {
        return {
          kind: 'literal',
          literal: { kind: 'boolean', value: word === 'true', text: token.text, pos: token.pos },
        };
      }
      if (word === 'null')
        return { kind: 'literal', literal: { kind: 'null', value: null, text: token.text, pos: token.pos } };
      if (cursor.peek().kind === '(') failAt(`unsupported function '${token.text}'`, token.pos);
      return {
        kind: 'attribute',
        attribute: resolveAttribute(attributes, token.text, TARGET, token.pos + 1),
        pos: token.pos,
      };
    }
    default:
      return failAt(`expected an attribute or a value, found ${describe(token)}`, token.pos);
  }
}

/** Accepts `contains(A,'x') eq true` / `ne false` and the like, which OData allows for boolean functions. */
function parseBooleanSuffix(cursor: TokenCursor, node: FilterNode): FilterNode {
  const op = keyword(cursor.peek());
  if (op !== 'eq' && op !== 'ne') return node;
  cursor.next();
  const value = cursor.next();
  const bool = keyword(value);
  if (bool !== 'true' && bool !== 'false') failAt(`expected true or false, found ${describe(value)}`, value.pos);
  return (op === 'eq') === (bool === 'true') ? node : { kind: 'not', operand: node };
}

/** Parses `name(Attribute, 'text')`, the cursor being on `name`. */
export function parseFunction(cursor: TokenCursor, attributes: AttributeIndex): FilterNode {
  const nameToken = cursor.next();
  const name = nameToken.text.toLowerCase();
  if (!STRING_FUNCTIONS.has(name)) {
    failAt(`unsupported function '${nameToken.text}' (supported: contains, startswith, endswith)`, nameToken.pos);
  }
  cursor.expect('(', "'('");
  const subject = parseOperand(cursor, attributes);
  if (subject.kind !== 'attribute') failAt(`${name} needs an attribute as its first argument`, subject.literal.pos);
  if (subject.attribute.kind !== 'string') {
    failAt(
      `${name} needs a text attribute, but '${subject.attribute.name}' is ${subject.attribute.dataType}`,
      subject.pos,
    );
  }
  cursor.expect(',', "','");
  const text = cursor.next();
  if (text.kind !== 'string')
    failAt(`${name} needs a quoted string as its second argument, found ${describe(text)}`, text.pos);
  cursor.expect(')', "')'");
  const fn = name as StringFunction;
  return parseBooleanSuffix(cursor, {
    kind: 'function',
    name: fn,
    attribute: subject.attribute.name,
    value: text.value,
  });
}

function buildCompare(op: CompareOp, left: Operand, right: Operand, opPos: number): FilterNode {
  if (left.kind === 'attribute' && right.kind === 'attribute') {
    failAt('comparing two attributes is not supported; compare an attribute with a value', opPos);
  }
  if (left.kind === 'attribute' && right.kind === 'literal') return compareNode(op, left, right.literal);
  if (left.kind === 'literal' && right.kind === 'attribute') return compareNode(FLIPPED[op], right, left.literal);
  return failAt('a comparison needs an attribute on one side', opPos);
}

function compareNode(op: CompareOp, { attribute, pos }: AttributeOperand, literal: LiteralToken): FilterNode {
  requireComparable(attribute, TARGET, pos + 1);
  const value = literalFor(literal, attribute.name, attribute.dataType, attribute.kind);
  return { kind: 'compare', op, attribute: attribute.name, valueKind: attribute.kind, value };
}

function parseInList(cursor: TokenCursor, attributes: AttributeIndex, left: Operand, opPos: number): FilterNode {
  if (left.kind !== 'attribute') return failAt("'in' needs an attribute on its left", opPos);
  const { attribute } = left;
  requireComparable(attribute, TARGET, left.pos + 1);
  cursor.expect('(', "'(' after 'in'");
  const values: Comparable[] = [];
  for (;;) {
    const item = parseOperand(cursor, attributes);
    if (item.kind !== 'literal') failAt("'in' lists hold values only", item.pos);
    values.push(literalFor(item.literal, attribute.name, attribute.dataType, attribute.kind));
    if (values.length > MAX_IN_LIST_ITEMS)
      failAt(`more than ${MAX_IN_LIST_ITEMS} values in one 'in' list`, item.literal.pos);
    const sep = cursor.next();
    if (sep.kind === ')') break;
    if (sep.kind !== ',') failAt(`expected ',' or ')' in the 'in' list, found ${describe(sep)}`, sep.pos);
  }
  return { kind: 'in', attribute: attribute.name, valueKind: attribute.kind, values };
}

/** Parses `operand [op operand | in (list)]`; a lone Edm.Boolean attribute means `A eq true`, as in OData. */
export function parseComparison(cursor: TokenCursor, attributes: AttributeIndex): FilterNode {
  const left = parseOperand(cursor, attributes);
  const opToken = cursor.peek();
  const op = keyword(opToken) ?? '';
  if (COMPARE_OPS.has(op)) {
    cursor.next();
    return buildCompare(op as CompareOp, left, parseOperand(cursor, attributes), opToken.pos);
  }
  if (op === 'in') {
    cursor.next();
    return parseInList(cursor, attributes, left, opToken.pos);
  }
  if (ARITHMETIC_OPS.has(op)) failAt(`unsupported operator '${opToken.text}'`, opToken.pos);
  if (left.kind === 'attribute' && left.attribute.kind === 'boolean') {
    return { kind: 'compare', op: 'eq', attribute: left.attribute.name, valueKind: 'boolean', value: true };
  }
  return failAt(`expected a comparison operator (eq, ne, gt, ge, lt, le, in), found ${describe(opToken)}`, opToken.pos);
}
