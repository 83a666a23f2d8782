/**
 * Recursive-descent parser for the `$filter` subset CI's reads use (customer-insights-api.md §2 reads, §6 item 6):
 *   or  := and ('or' and)*          and := unary ('and' unary)*          unary := 'not' unary | primary
 *   primary := '(' or ')' | func '(' Attr ',' 'text' ')' [('eq'|'ne') bool] | operand [cmp operand | 'in' list]
 * Operators, functions and true/false/null are case-insensitive (OData ABNF literals are); attribute names are not.
 * contains/startswith/endswith match case-insensitively: CI serves such reads from its search index, which folds
 * case (our decision; listed in emulator fidelity notes).
 */
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH_CHARS, MAX_IN_LIST_ITEMS } from './constants';
import type { Comparable } from './edm-types';
import { ODataQueryError } from './errors';
import type { CompareOp, FilterNode, StringFunction } from './filter-node';
import { tokenize, type Token } from './lexer';
import { literalFor, type LiteralToken } from './literals';
import { requireComparable, resolveAttribute, type AttributeIndex, type ResolvedAttribute } from './shape';

const TARGET = '$filter';
const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FLIPPED: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
const ARITHMETIC_OPS = new Set(['add', 'sub', 'mul', 'div', 'divby', 'mod', 'has']);
const STRING_FUNCTIONS = new Set<string>(['contains', 'startswith', 'endswith']);

type Operand =
  { kind: 'attribute'; attribute: ResolvedAttribute; pos: number } | { kind: 'literal'; literal: LiteralToken };

function fail(message: string, pos: number): never {
  throw new ODataQueryError(TARGET, `${message} at position ${pos + 1}`, pos + 1);
}

function describe(token: Token): string {
  return token.kind === 'eof' ? 'the end of the expression' : `'${token.text}'`;
}

function keyword(token: Token): string | undefined {
  return token.kind === 'ident' ? token.text.toLowerCase() : undefined;
}

class FilterParser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly attributes: AttributeIndex,
  ) {}

  parse(): FilterNode {
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'eof')
      fail(`expected 'and', 'or' or the end of the expression, found ${describe(rest)}`, rest.pos);
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private expect(kind: Token['kind'], what: string): Token {
    const token = this.next();
    if (token.kind !== kind) fail(`expected ${what}, found ${describe(token)}`, token.pos);
    return token;
  }

  private enter(pos: number): void {
    if (++this.depth > MAX_FILTER_DEPTH) fail(`nesting deeper than ${MAX_FILTER_DEPTH} levels`, pos);
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (keyword(this.peek()) === 'or') {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (keyword(this.peek()) === 'and') {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const token = this.peek();
    if (keyword(token) !== 'not') return this.parsePrimary();
    this.next();
    this.enter(token.pos);
    const operand = this.parseUnary();
    this.depth--;
    return { kind: 'not', operand };
  }

  private parsePrimary(): FilterNode {
    const token = this.peek();
    if (token.kind === '(') {
      this.next();
      this.enter(token.pos);
      const inner = this.parseOr();
      this.expect(')', "')'");
      this.depth--;
      return inner;
    }
    if (token.kind === 'ident' && this.peek(1).kind === '(') return this.parseFunction();
    return this.parseComparison();
  }

  private parseFunction(): FilterNode {
    const nameToken = this.next();
    const name = nameToken.text.toLowerCase();
    if (!STRING_FUNCTIONS.has(name)) {
      fail(`unsupported function '${nameToken.text}' (supported: contains, startswith, endswith)`, nameToken.pos);
    }
    this.expect('(', "'('");
    const subject = this.parseOperand();
    if (subject.kind !== 'attribute') fail(`${name} needs an attribute as its first argument`, subject.literal.pos);
    if (subject.attribute.kind !== 'string') {
      fail(
        `${name} needs a text attribute, but '${subject.attribute.name}' is ${subject.attribute.dataType}`,
        subject.pos,
      );
    }
    this.expect(',', "','");
    const text = this.next();
    if (text.kind !== 'string')
      fail(`${name} needs a quoted string as its second argument, found ${describe(text)}`, text.pos);
    this.expect(')', "')'");
    const node: FilterNode = {
      kind: 'function',
      name: name as StringFunction,
      attribute: subject.attribute.name,
      value: text.value,
    };
    return this.parseBooleanSuffix(node);
  }

  /** Accepts `contains(A,'x') eq true` / `ne false` and the like, which OData allows for boolean functions. */
  private parseBooleanSuffix(node: FilterNode): FilterNode {
    const op = keyword(this.peek());
    if (op !== 'eq' && op !== 'ne') return node;
    this.next();
    const value = this.next();
    const bool = keyword(value);
    if (bool !== 'true' && bool !== 'false') fail(`expected true or false, found ${describe(value)}`, value.pos);
    return (op === 'eq') === (bool === 'true') ? node : { kind: 'not', operand: node };
  }

  private parseOperand(): Operand {
    const token = this.next();
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
        if (this.peek().kind === '(') fail(`unsupported function '${token.text}'`, token.pos);
        const attribute = resolveAttribute(this.attributes, token.text, TARGET, token.pos + 1);
        return { kind: 'attribute', attribute, pos: token.pos };
      }
      default:
        return fail(`expected an attribute or a value, found ${describe(token)}`, token.pos);
    }
  }

  private parseComparison(): FilterNode {
    const left = this.parseOperand();
    const opToken = this.peek();
    const op = keyword(opToken) ?? '';
    if (COMPARE_OPS.has(op)) {
      this.next();
      return this.buildCompare(op as CompareOp, left, this.parseOperand(), opToken.pos);
    }
    if (op === 'in') {
      this.next();
      return this.parseInList(left, opToken.pos);
    }
    if (ARITHMETIC_OPS.has(op)) fail(`unsupported operator '${opToken.text}'`, opToken.pos);
    if (left.kind === 'attribute' && left.attribute.kind === 'boolean') {
      // A bare Edm.Boolean attribute is a predicate in OData: `IsActive` means `IsActive eq true`.
      return { kind: 'compare', op: 'eq', attribute: left.attribute.name, valueKind: 'boolean', value: true };
    }
    return fail(`expected a comparison operator (eq, ne, gt, ge, lt, le, in), found ${describe(opToken)}`, opToken.pos);
  }

  private buildCompare(op: CompareOp, left: Operand, right: Operand, opPos: number): FilterNode {
    if (left.kind === 'attribute' && right.kind === 'attribute') {
      fail('comparing two attributes is not supported; compare an attribute with a value', opPos);
    }
    if (left.kind === 'literal' && right.kind === 'literal') fail('a comparison needs an attribute on one side', opPos);
    const [attr, literal, effectiveOp] =
      left.kind === 'attribute'
        ? [left, right, op]
        : [right as Extract<Operand, { kind: 'attribute' }>, left, FLIPPED[op]];
    const { attribute } = attr;
    requireComparable(attribute, TARGET, attr.pos + 1);
    const value = literalFor(
      (literal as Extract<Operand, { kind: 'literal' }>).literal,
      attribute.name,
      attribute.dataType,
      attribute.kind,
    );
    return { kind: 'compare', op: effectiveOp, attribute: attribute.name, valueKind: attribute.kind, value };
  }

  private parseInList(left: Operand, opPos: number): FilterNode {
    if (left.kind !== 'attribute') fail("'in' needs an attribute on its left", opPos);
    const { attribute } = left;
    requireComparable(attribute, TARGET, left.pos + 1);
    this.expect('(', "'(' after 'in'");
    const values: Comparable[] = [];
    for (;;) {
      const item = this.parseOperand();
      if (item.kind !== 'literal') fail("'in' lists hold values only", item.pos);
      values.push(literalFor(item.literal, attribute.name, attribute.dataType, attribute.kind));
      if (values.length > MAX_IN_LIST_ITEMS)
        fail(`more than ${MAX_IN_LIST_ITEMS} values in one 'in' list`, item.literal.pos);
      const sep = this.next();
      if (sep.kind === ')') break;
      if (sep.kind !== ',') fail(`expected ',' or ')' in the 'in' list, found ${describe(sep)}`, sep.pos);
    }
    return { kind: 'in', attribute: attribute.name, valueKind: attribute.kind, values };
  }
}

/** Parses a `$filter` expression against the entity's attributes; throws ODataQueryError (target '$filter') on any fault. */
export function parseFilter(text: string, attributes: AttributeIndex): FilterNode {
  if (text.length > MAX_FILTER_LENGTH_CHARS) {
    throw new ODataQueryError(TARGET, `longer than ${MAX_FILTER_LENGTH_CHARS} characters (${text.length})`);
  }
  if (text.trim() === '') throw new ODataQueryError(TARGET, 'empty expression');
  return new FilterParser(tokenize(text), attributes).parse();
}
