/**
 * Shared checks on display text: summaries, Title Case labels and sentence descriptions
 * (docs/power-platform.md#certification-rules, #checklist).
 */
import { SUMMARY_MAX_CHARS } from '../constants';
import { type FindingSink, pointerOf } from '../finding';

/** Letters, digits, spaces and parentheses only (docs/power-platform.md#certification-rules). */
const SUMMARY_CHARS = /^[A-Za-z0-9 ()]*$/;
/** Short words Title Case leaves in lower case. */
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/** True when the text ends like a sentence. */
export const isSentence = (value: string): boolean => /[.!?]\s*$/.test(value);

/** True when every word but minor ones starts with a capital letter (or is not a word, e.g. "(Days)"). */
export function isTitleCase(label: string): boolean {
  return label
    .split(/\s+/)
    .filter(Boolean)
    .every((word, i) => {
      const bare = word.replace(/^\(/, '');
      if (!/^[a-z]/.test(bare)) return true;
      return i > 0 && MINOR_WORDS.has(bare);
    });
}

/**
 * Words written as code: an inner lower-to-upper change ("UnifiedActivity", "CustomerId") or letters joined by "_"
 * ("PoS_posPurchases"). docs/power-platform.md#certification-rules: CamelCase in display strings is treated as
 * non-translatable.
 */
const CODE_WORD = /^(?=.*[A-Za-z])(?:.*[a-z][A-Z]|.*[A-Za-z0-9]_[A-Za-z0-9])/;

/** The words of a display string that are written as code, in order. */
export function codeWords(value: string): string[] {
  return value.split(/[^A-Za-z0-9_]+/).filter((word) => CODE_WORD.test(word));
}

/** Checks that a string makers read (summary, label, description) holds no CamelCase or snake_case words. */
export function checkDisplayText(value: string, pointer: string, out: FindingSink): void {
  const words = codeWords(value);
  if (words.length > 0)
    out.add(
      pointer,
      'CamelCaseInDisplayString',
      `"${words.join('", "')}" reads as code; makers see this text and it is translated, so write plain words.`,
    );
}

/** Checks a summary-like label: allowed characters and no code words. */
export function checkSummaryText(value: string, pointer: string, out: FindingSink): void {
  if (!SUMMARY_CHARS.test(value))
    out.add(
      pointer,
      'RestrictedCharactersInSummary',
      `"${value}" may hold only letters, digits, spaces and parentheses.`,
    );
  checkDisplayText(value, pointer, out);
}

/** Checks that `x-ms-summary` and `description` exist on a parameter or property and read well. */
export function checkLabels(
  node: Record<string, unknown>,
  pointer: string,
  what: 'parameter' | 'property',
  out: FindingSink,
): void {
  const summary = node['x-ms-summary'];
  const description = node.description;
  const [summaryRule, descriptionRule] =
    what === 'parameter'
      ? (['ParameterSummaryMissing', 'ParameterDescriptionMissing'] as const)
      : (['PropertySummaryMissing', 'PropertyDescriptionMissing'] as const);
  if (typeof summary !== 'string' || summary.trim() === '')
    out.add(pointer, summaryRule, `The ${what} has no x-ms-summary.`);
  else {
    const at = pointerOf(pointer, 'x-ms-summary');
    checkSummaryText(summary, at, out);
    if (summary.length > SUMMARY_MAX_CHARS)
      out.add(at, 'LabelTooLong', `"${summary}" has ${summary.length} characters; at most ${SUMMARY_MAX_CHARS}.`);
    if (!isTitleCase(summary)) out.add(at, 'SummaryNotTitleCase', `"${summary}" is not in Title Case.`);
  }
  if (typeof description !== 'string' || description.trim() === '')
    out.add(pointer, descriptionRule, `The ${what} has no description.`);
  else checkDescription(description, summary, pointerOf(pointer, 'description'), out);
}

/** Checks that a description is a sentence and differs from its summary. */
export function checkDescription(description: string, summary: unknown, pointer: string, out: FindingSink): void {
  if (!isSentence(description))
    out.add(pointer, 'DescriptionNotSentence', `"${description}" must end with punctuation.`);
  if (typeof summary === 'string' && normalise(summary) === normalise(description))
    out.add(pointer, 'DescriptionSameAsSummary', 'The description must say more than the summary.');
  checkDisplayText(description, pointer, out);
}

const normalise = (value: string): string => value.toLowerCase().replace(/[^a-z0-9]/g, '');
