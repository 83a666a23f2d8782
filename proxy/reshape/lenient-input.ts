/**
 * What the proxy forgives in a maker's values, and what it explains when it does not. The rule: coerce only what has
 * one reading in every locale, refuse the rest with the way to fix it. So `Yes`/`No` (the labels the designers show
 * for a boolean) are booleans, and `1,234.50` is 1234.5 (a comma before a decimal point is grouping everywhere),
 * but `1,234` (1234 or 1.234?) and `22/11/2026` (day and month order) are refused, never guessed.
 */
import type { ValueKind } from '../schema/edm-types';

/** `Yes`/`No` as the designers label a boolean, any case. */
const BOOLEAN_WORDS: Record<string, boolean> = { yes: true, no: false };
/** 1,234,567 or 1,234.5: comma grouping that only one locale family writes (a decimal point, or two groups). */
const COMMA_GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
/** 1.234.567 or 1.234,5: the same with dot grouping and a decimal comma. */
const DOT_GROUPED = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
/** Day, month and year separated by / . or -, year last: the order of day and month depends on the locale. */
const LOCAL_DATE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(\s|$)/;
/** A number with a currency sign or code around it. */
const WITH_CURRENCY = /^([^\d\s+-.,]{1,3}\s?[\d.,]+|[\d.,]+\s?[^\d\s.,]{1,3})$/u;

/** The boolean a `Yes`/`No` word stands for, or undefined. */
export function booleanWord(text: string): boolean | undefined {
  return BOOLEAN_WORDS[text.toLowerCase()];
}

/** The number text with unambiguous grouping separators removed (`1,234.50` → `1234.50`), else the text itself. */
export function ungroupedNumber(text: string): string {
  if (COMMA_GROUPED.test(text) && (text.includes('.') || text.split(',').length > 2)) return text.replace(/,/g, '');
  if (DOT_GROUPED.test(text) && (text.includes(',') || text.split('.').length > 2))
    return text.replace(/\./g, '').replace(',', '.');
  return text;
}

const EXAMPLES: Partial<Record<ValueKind, string>> = {
  integer: 'such as 1234',
  number: 'such as 1234.5',
  boolean: 'or Yes or No',
  'date-time': 'such as 2026-11-22T09:00:00Z (UTC when no offset is given)',
  date: 'such as 2026-11-22',
  uuid: 'such as 3f1c9a52-8e4b-4d7a-9c21-5b6e0f8d2a11 (the guid() expression makes a new one)',
};

/** An example of a good value of this kind, for error messages. */
export function exampleOf(kind: ValueKind): string | undefined {
  return EXAMPLES[kind];
}

/** Why a refused text value is refused and how to fix it, when the proxy recognises the mistake. */
export function refusalHint(kind: ValueKind, text: string): string | undefined {
  const numeric = kind === 'integer' || kind === 'number';
  if (numeric && /\d[.,]\d/.test(text) && text.includes(','))
    return 'Write numbers without thousands separators and with a dot for decimals; a comma is refused where it could be either.';
  if (numeric && WITH_CURRENCY.test(text)) return 'Send only the number, without a currency sign or unit.';
  if ((kind === 'date-time' || kind === 'date') && LOCAL_DATE.test(text))
    return "A date with the day and month in a local order is not guessed: convert it in the flow, e.g. parseDateTime(value, 'en-GB') for day/month/year.";
  if ((kind === 'date-time' || kind === 'date') && /^\d{5}(\.\d+)?$/.test(text))
    return "This looks like an Excel date serial number: format the column as a date, or convert it with addDays('1899-12-30', int(value)).";
  return undefined;
}
