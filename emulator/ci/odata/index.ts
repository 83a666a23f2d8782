/**
 * The CI emulator's OData query engine: `parseQuery` validates `$filter`, `$select`, `$orderby`, `$top`, `$skip`,
 * `$count`, `$search` and `$expand` against an entity shape (throwing only ODataQueryError), and `runQuery` applies
 * the result to in-memory rows with CI's paging (100 rows per page by default). Pure: no HTTP, no I/O.
 */
export { DEFAULT_PAGE_SIZE_ROWS, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH_CHARS, MAX_TOP_ROWS } from './constants';
export type { Comparable, ValueKind } from './edm-types';
export { ODataQueryError } from './errors';
export type { CompareOp, FilterNode, StringFunction } from './filter-node';
export type { OrderKey } from './order';
export { parseQuery, type ParsedQuery, type QueryOptions } from './parse-query';
export { runQuery, type QueryResult } from './run-query';
export type { EntityShape } from './shape';
