/**
 * Tokenizer for `$filter`. Literal forms follow OData v4 URL conventions: 'text' with '' as the escaped quote,
 * integers and decimals, unquoted dates (2024-01-31), datetimes (2024-01-31T10:00:00Z) and GUIDs.
 * Keywords (eq, and, true, …) are lexed as identifiers; the parser decides by position.
 */
import { ODataQueryError } from './errors';

/** One lexical token; `pos` is the 0-based offset of its first character. */
export type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; value: string; text: string; pos: number }
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'date'; value: string; text: string; pos: number }
  | { kind: 'datetime'; value: number; text: string; pos: number }
  | { kind: 'guid'; value: string; text: string; pos: number }
  | { kind: '(' | ')' | ','; text: string; pos: number }
  | { kind: 'eof'; text: ''; pos: number };

const TARGET = '$filter';
const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z_-])/y;
const DATETIME = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,12})?)?(Z|[+-]\d{2}:\d{2})/y;
const DATE = /(\d{4})-(\d{2})-(\d{2})(?![T0-9])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
// A number, date or identifier must end at a delimiter; anything glued on (1.2.3, 12abc, 2024-1-5) is malformed.
const GLUED = /[A-Za-z0-9_.:+-]/;
const WHITESPACE = /\s/;

function fail(message: string, pos: number): never {
  throw new ODataQueryError(TARGET, `${message} at position ${pos + 1}`, pos + 1);
}

function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function readString(text: string, start: number): Token {
  let value = '';
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf("'", i);
    if (quote < 0) fail('unterminated string literal starting', start);
    value += text.slice(i, quote);
    if (text[quote + 1] === "'") {
      value += "'";
      i = quote + 2;
      continue;
    }
    return { kind: 'string', value, text: text.slice(start, quote + 1), pos: start };
  }
}

function readDateTime(m: RegExpExecArray, pos: number): Token {
  const [text, y, mo, d, h, mi, s = '0'] = m;
  const valid = isCalendarDate(+y, +mo, +d) && +h < 24 && +mi < 60 && +s < 60;
  const ms = Date.parse(text);
  if (!valid || !Number.isFinite(ms)) fail(`invalid date-time '${text}'`, pos);
  return { kind: 'datetime', value: ms, text, pos };
}

function readDate(m: RegExpExecArray, pos: number): Token {
  const [text, y, mo, d] = m;
  if (!isCalendarDate(+y, +mo, +d)) fail(`invalid date '${text}'`, pos);
  return { kind: 'date', value: text, text, pos };
}

function readNumber(text: string, pos: number): Token | undefined {
  const m = matchAt(NUMBER, text, pos);
  if (!m) return undefined;
  const end = pos + m[0].length;
  if (end < text.length && GLUED.test(text[end])) {
    const rest = /^[A-Za-z0-9_.:+-]*/.exec(text.slice(pos))![0];
    fail(`malformed number or date '${rest}'`, pos);
  }
  const value = Number(m[0]);
  if (!Number.isFinite(value)) fail(`number '${m[0]}' is out of range`, pos);
  return { kind: 'number', value, text: m[0], pos };
}

function readToken(text: string, pos: number): Token {
  const c = text[pos];
  if (c === '(' || c === ')' || c === ',') return { kind: c, text: c, pos };
  if (c === "'") return readString(text, pos);
  const guid = matchAt(GUID, text, pos);
  if (guid) return { kind: 'guid', value: guid[0].toLowerCase(), text: guid[0], pos };
  const dateTime = matchAt(DATETIME, text, pos);
  if (dateTime) return readDateTime(dateTime, pos);
  const date = matchAt(DATE, text, pos);
  if (date) return readDate(date, pos);
  const number = readNumber(text, pos);
  if (number) return number;
  const ident = matchAt(IDENT, text, pos);
  if (ident) return { kind: 'ident', text: ident[0], pos };
  if (c === '/') fail('navigation paths (/) are not supported', pos);
  if (c === '"') fail('strings must use single quotes', pos);
  fail(`unexpected character '${c}'`, pos);
}

/** Splits a `$filter` expression into tokens, ending with one 'eof' token; throws ODataQueryError on bad input. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (WHITESPACE.test(text[pos])) {
      pos++;
      continue;
    }
    const token = readToken(text, pos);
    tokens.push(token);
    pos += token.text.length;
  }
  tokens.push({ kind: 'eof', text: '', pos: text.length });
  return tokens;
}
