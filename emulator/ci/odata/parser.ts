/**
 * Recursive-descent parser for the `$filter` subset CI's reads use (docs/customer-insights.md#reads):
 *   or  := and ('or' and)*          and := unary ('and' unary)*          unary := 'not' unary | primary
 *   primary := '(' or ')' | func '(' Attr ',' 'text' ')' [('eq'|'ne') bool] | operand [cmp operand | 'in' list]
 * Operators, functions and true/false/null are case-insensitive (OData ABNF literals are); attribute names are not.
 * contains/startswith/endswith match case-insensitively: CI serves such reads from its search index, which folds
 * case (our decision). The leaves live in predicates.ts; this file holds the boolean structure and the depth guard.
 */
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH_CHARS } from './constants';
import { ODataQueryError } from './errors';
import type { FilterNode } from './filter-node';
import { tokenize } from './lexer';
import { parseComparison, parseFunction } from './predicates';
import type { AttributeIndex } from './shape';
import { TokenCursor, describe, failAt, keyword } from './token-cursor';

class FilterParser {
  private depth = 0;

  constructor(
    private readonly cursor: TokenCursor,
    private readonly attributes: AttributeIndex,
  ) {}

  parse(): FilterNode {
    const node = this.parseOr();
    const rest = this.cursor.peek();
    if (rest.kind !== 'eof')
      failAt(`expected 'and', 'or' or the end of the expression, found ${describe(rest)}`, rest.pos);
    return node;
  }

  /** Counts one level of parentheses or `not`; recursion only happens through these, so this bounds the stack. */
  private enter(pos: number): void {
    if (++this.depth > MAX_FILTER_DEPTH) failAt(`nesting deeper than ${MAX_FILTER_DEPTH} levels`, pos);
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (keyword(this.cursor.peek()) === 'or') {
      this.cursor.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (keyword(this.cursor.peek()) === 'and') {
      this.cursor.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const token = this.cursor.peek();
    if (keyword(token) !== 'not') return this.parsePrimary();
    this.cursor.next();
    this.enter(token.pos);
    const operand = this.parseUnary();
    this.depth--;
    return { kind: 'not', operand };
  }

  private parsePrimary(): FilterNode {
    const token = this.cursor.peek();
    if (token.kind === '(') {
      this.cursor.next();
      this.enter(token.pos);
      const inner = this.parseOr();
      this.cursor.expect(')', "')'");
      this.depth--;
      return inner;
    }
    if (token.kind === 'ident' && this.cursor.peek(1).kind === '(') return parseFunction(this.cursor, this.attributes);
    return parseComparison(this.cursor, this.attributes);
  }
}

/** Parses a `$filter` expression against the entity's attributes; throws ODataQueryError (target '$filter') on any fault. */
export function parseFilter(text: string, attributes: AttributeIndex): FilterNode {
  if (text.length > MAX_FILTER_LENGTH_CHARS) {
    throw new ODataQueryError('$filter', `longer than ${MAX_FILTER_LENGTH_CHARS} characters (${text.length})`);
  }
  if (text.trim() === '') throw new ODataQueryError('$filter', 'empty expression');
  return new FilterParser(new TokenCursor(tokenize(text)), attributes).parse();
}
