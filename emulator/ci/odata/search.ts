/**
 * `$search`: free text over the entity's searchable attributes (docs/customer-insights.md#reads: `$search="text"`).
 * Terms are separated by spaces and all must match (AND); "quoted phrases" stay one term; matching is a
 * case-insensitive substring test on each searchable attribute's text. The word AND between terms is accepted and
 * ignored; OR and NOT (upper case, as OData's search syntax spells them) are not supported and are refused.
 */
import { MAX_SEARCH_LENGTH_CHARS, MAX_SEARCH_TERMS } from './constants';
import { ODataQueryError } from './errors';

const TARGET = '$search';
const UNSUPPORTED_WORDS = new Set(['OR', 'NOT']);

function fail(message: string, pos?: number): never {
  throw new ODataQueryError(
    TARGET,
    pos === undefined ? message : `${message} at position ${pos + 1}`,
    pos === undefined ? undefined : pos + 1,
  );
}

/** Splits `$search` text into lower-cased terms; throws ODataQueryError on empty text, an open quote or OR/NOT. */
export function parseSearch(text: string): string[] {
  if (text.length > MAX_SEARCH_LENGTH_CHARS) fail(`longer than ${MAX_SEARCH_LENGTH_CHARS} characters (${text.length})`);
  const terms: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (/\s/.test(text[pos])) {
      pos++;
      continue;
    }
    if (text[pos] === '"') {
      const close = text.indexOf('"', pos + 1);
      if (close < 0) fail('unterminated quoted phrase starting', pos);
      const phrase = text
        .slice(pos + 1, close)
        .trim()
        .replace(/\s+/g, ' ');
      if (phrase !== '') terms.push(phrase.toLowerCase());
      pos = close + 1;
      continue;
    }
    const word = /^[^\s"]+/.exec(text.slice(pos))![0];
    if (UNSUPPORTED_WORDS.has(word)) fail(`'${word}' is not supported (terms are always combined with AND)`, pos);
    if (word !== 'AND') terms.push(word.toLowerCase());
    pos += word.length;
  }
  if (terms.length === 0) fail('no search terms');
  if (terms.length > MAX_SEARCH_TERMS) fail(`more than ${MAX_SEARCH_TERMS} terms`);
  return terms;
}

function searchText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value).toLowerCase();
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().toLowerCase();
  return undefined;
}

/** True when every term occurs in at least one of the row's searchable attributes. */
export function matchesSearch(
  row: Readonly<Record<string, unknown>>,
  terms: readonly string[],
  searchable: readonly string[],
): boolean {
  const texts: string[] = [];
  for (const name of searchable) {
    const text = Object.prototype.hasOwnProperty.call(row, name) ? searchText(row[name]) : undefined;
    if (text !== undefined) texts.push(text);
  }
  return terms.every((term) => texts.some((text) => text.includes(term)));
}
