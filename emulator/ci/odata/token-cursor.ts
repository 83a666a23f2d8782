/**
 * A read position over `$filter` tokens, with the error helpers the parser pieces share.
 */
import { ODataQueryError } from './errors';
import type { Token } from './lexer';

/** Throws the `$filter` error for a 0-based position, reported 1-based. */
export function failAt(message: string, pos: number): never {
  throw new ODataQueryError('$filter', `${message} at position ${pos + 1}`, pos + 1);
}

/** How a token reads in an error message. */
export function describe(token: Token): string {
  return token.kind === 'eof' ? 'the end of the expression' : `'${token.text}'`;
}

/** The lower-cased text of an identifier token (operators and keywords are case-insensitive), else undefined. */
export function keyword(token: Token): string | undefined {
  return token.kind === 'ident' ? token.text.toLowerCase() : undefined;
}

/** Walks the token list; never moves past the final 'eof' token. */
export class TokenCursor {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  /** The token `offset` places ahead, without consuming it. */
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  /** Consumes and returns the current token. */
  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** Consumes a token of `kind` or throws naming what was expected and what was found. */
  expect(kind: Token['kind'], what: string): Token {
    const token = this.next();
    if (token.kind !== kind) failAt(`expected ${what}, found ${describe(token)}`, token.pos);
    return token;
  }
}
