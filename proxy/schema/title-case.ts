/**
 * Field labels in Title Case, as the designers show every static label of the connector (`Keep For (Days)`, `Valid
 * Until`; certification asks x-ms-summary to be Title Case, docs/power-platform.md#certification-rules). CI's friendly
 * names are usually sentence case (`Purchased on`); only all-lowercase words change, so `eCommerce`, `ID` and `PoS`
 * keep their spelling.
 */

/** Short words that stay lowercase inside a title (Microsoft style guide: articles, conjunctions, short prepositions). */
const MINOR_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'but',
  'by',
  'for',
  'in',
  'nor',
  'of',
  'on',
  'or',
  'per',
  'the',
  'to',
  'via',
  'vs',
]);

function capitalise(part: string, inParentheses: boolean): string {
  // Words with capitals or digits keep their spelling; one letter in parentheses is a unit (`Duration (s)`).
  if (!/^[a-z]+$/.test(part) || (inParentheses && part.length === 1)) return part;
  return part.charAt(0).toUpperCase() + part.slice(1);
}

function titleWord(word: string, first: boolean, last: boolean): string {
  const [, open, core, close] = /^([("'[]*)(.*?)([)"'\].,:;!?]*)$/.exec(word) ?? ['', '', word, ''];
  if (!first && !last && !open && MINOR_WORDS.has(core)) return word;
  const parts = core.split(/([-/])/);
  return open + parts.map((p) => capitalise(p, open.includes('('))).join('') + close;
}

/** `Purchased on` → `Purchased On`, `Marketing opt-in` → `Marketing Opt-In`; capitals already there are kept. */
export function titleCase(label: string): string {
  const words = label.split(' ');
  return words.map((w, i) => titleWord(w, i === 0, i === words.length - 1)).join(' ');
}
