/**
 * The simple query options: `$select`, `$orderby`, `$top`, `$skip`, `$count`, `$expand`
 * (docs/customer-insights.md#reads). Each parser throws ODataQueryError with the option as `target`.
 */
import { MAX_OPTION_LENGTH_CHARS, MAX_TOP_ROWS } from './constants';
import { ODataQueryError } from './errors';
import type { OrderKey } from './order';
import { requireComparable, resolveAttribute, type AttributeIndex } from './shape';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NON_NEGATIVE_INTEGER = /^\d+$/;

/** Splits a comma list, trimming items; throws on an empty list, an empty item or over-long text. */
function splitList(text: string, target: string): string[] {
  if (text.length > MAX_OPTION_LENGTH_CHARS) {
    throw new ODataQueryError(target, `longer than ${MAX_OPTION_LENGTH_CHARS} characters (${text.length})`);
  }
  if (text.trim() === '') throw new ODataQueryError(target, 'empty value');
  return text.split(',').map((item, i) => {
    const trimmed = item.trim();
    if (trimmed === '') throw new ODataQueryError(target, `item ${i + 1} of the comma list is empty`);
    return trimmed;
  });
}

function requireIdentifier(item: string, target: string): void {
  if (IDENTIFIER.test(item)) return;
  const nested = /[()/;$]/.test(item) ? ' (nested options and paths are not supported)' : '';
  throw new ODataQueryError(target, `'${item}' is not a valid name${nested}`);
}

/** Parses `$select` into attribute names (deduplicated, in order); '*' alone means all attributes (undefined). */
export function parseSelect(text: string, attributes: AttributeIndex): string[] | undefined {
  const items = splitList(text, '$select');
  if (items.length === 1 && items[0] === '*') return undefined;
  const names: string[] = [];
  for (const item of items) {
    requireIdentifier(item, '$select');
    const { name } = resolveAttribute(attributes, item, '$select');
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Parses `$orderby` (`A asc, B desc`; direction optional and case-insensitive) into sort keys. */
export function parseOrderby(text: string, attributes: AttributeIndex): OrderKey[] {
  return splitList(text, '$orderby').map((item) => {
    const [name, direction, ...extra] = item.split(/\s+/);
    requireIdentifier(name, '$orderby');
    const attribute = resolveAttribute(attributes, name, '$orderby');
    requireComparable(attribute, '$orderby');
    const dir = direction?.toLowerCase();
    if ((dir !== undefined && dir !== 'asc' && dir !== 'desc') || extra.length > 0) {
      throw new ODataQueryError(
        '$orderby',
        `expected 'asc' or 'desc' after '${name}', found '${item.slice(name.length).trim()}'`,
      );
    }
    return { name: attribute.name, desc: dir === 'desc', valueKind: attribute.kind };
  });
}

function parseCount(text: string, target: string, max: number): number {
  const trimmed = text.trim();
  if (!NON_NEGATIVE_INTEGER.test(trimmed)) {
    throw new ODataQueryError(target, `'${text.slice(0, 40)}' is not a non-negative integer`);
  }
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value) || value > max)
    throw new ODataQueryError(target, `${trimmed} is larger than the maximum ${max}`);
  return value;
}

/** Parses `$top`: a non-negative integer up to MAX_TOP_ROWS. */
export function parseTop(text: string): number {
  return parseCount(text, '$top', MAX_TOP_ROWS);
}

/** Parses `$skip`: a non-negative integer. */
export function parseSkip(text: string): number {
  return parseCount(text, '$skip', Number.MAX_SAFE_INTEGER);
}

/** Parses `$count`: 'true' or 'false' (case-insensitive). */
export function parseCountFlag(text: string): boolean {
  const lower = text.trim().toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  throw new ODataQueryError('$count', `expected true or false, found '${text.slice(0, 40)}'`);
}

/** Parses `$expand` into names (deduplicated); only checks the identifier pattern, the caller resolves them. */
export function parseExpand(text: string): string[] {
  const names: string[] = [];
  for (const item of splitList(text, '$expand')) {
    requireIdentifier(item, '$expand');
    if (!names.includes(item)) names.push(item);
  }
  return names;
}
