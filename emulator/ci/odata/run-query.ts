/**
 * Applies a ParsedQuery to rows in OData's order: filter and search → count → orderby → skip → top → page → select.
 */
import { DEFAULT_PAGE_SIZE_ROWS } from './constants';
import { matchesFilter } from './evaluate';
import { sortRows } from './order';
import type { ParsedQuery } from './parse-query';
import { matchesSearch, parseSearch } from './search';

type Row = Record<string, unknown>;

/** One page of results. `nextSkip` is set when rows remain (within `$top`) beyond this page. */
export interface QueryResult {
  value: Row[];
  count?: number;
  nextSkip?: number;
}

function project(row: Readonly<Row>, select: readonly string[] | undefined): Row {
  if (!select) return { ...row };
  const out: Row = {};
  for (const name of select) out[name] = Object.prototype.hasOwnProperty.call(row, name) ? (row[name] ?? null) : null;
  return out;
}

/**
 * Runs the query over `rows` (never mutated; returned rows are copies). For the next page the caller asks again
 * with `skip = nextSkip` and, when `$top` was given, `top = top - (nextSkip - skip)`.
 */
export function runQuery(rows: readonly Row[], query: ParsedQuery, opts?: { pageSize?: number }): QueryResult {
  const requested = opts?.pageSize;
  const pageSize =
    requested !== undefined && Number.isInteger(requested) && requested > 0 ? requested : DEFAULT_PAGE_SIZE_ROWS;
  const terms = query.search === undefined ? undefined : parseSearch(query.search);

  const matched = rows.filter(
    (row) =>
      (query.filter === undefined || matchesFilter(query.filter, row)) &&
      (terms === undefined || matchesSearch(row, terms, query.searchAttributes ?? Object.keys(row))),
  );
  const sorted = sortRows(matched, query.orderby);
  const skip = Math.max(0, query.skip);
  const end = query.top === undefined ? sorted.length : Math.min(sorted.length, skip + Math.max(0, query.top));
  const pageEnd = Math.min(end, skip + pageSize);
  const result: QueryResult = { value: sorted.slice(skip, pageEnd).map((row) => project(row, query.select)) };
  if (query.count) result.count = matched.length;
  if (pageEnd < end) result.nextSkip = pageEnd;
  return result;
}
