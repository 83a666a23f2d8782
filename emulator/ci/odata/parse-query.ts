/**
 * Turns raw query options into a ParsedQuery, validating everything up front so runQuery cannot fail.
 * Two CI limits are enforced here (docs/customer-insights.md#reads): no `$expand` with `$search`, and no
 * `$expand` combined with a partial `$select`.
 */
import { ODataQueryError } from './errors';
import type { FilterNode } from './filter-node';
import { parseCountFlag, parseExpand, parseOrderby, parseSelect, parseSkip, parseTop } from './options';
import type { OrderKey } from './order';
import { parseFilter } from './parser';
import { parseSearch } from './search';
import { indexShape, type EntityShape } from './shape';

/** A validated query, ready for runQuery. */
export interface ParsedQuery {
  filter?: FilterNode;
  select?: string[];
  orderby: OrderKey[];
  top?: number;
  skip: number;
  count: boolean;
  /** The `$search` text as given (validated); runQuery splits it into terms. */
  search?: string;
  /** Attributes `$search` looks in (the shape's `searchable`); when absent, every attribute of the row. */
  searchAttributes?: string[];
  expand: string[];
}

/** Raw option values as they came off the URL (without the `$`). */
export interface QueryOptions {
  filter?: string;
  select?: string;
  orderby?: string;
  top?: string;
  skip?: string;
  count?: string;
  search?: string;
  expand?: string;
}

/** Returns the option's text, or undefined when absent; a repeated option (array) or other non-text is refused. */
function text(options: QueryOptions, key: keyof QueryOptions): string | undefined {
  const value: unknown = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ODataQueryError(`$${key}`, 'must be given once, as text');
  return value;
}

/** Parses and validates every option against the entity shape; throws ODataQueryError (with `target`) on any fault. */
export function parseQuery(options: QueryOptions, shape: EntityShape): ParsedQuery {
  const attributes = indexShape(shape);
  const filterText = text(options, 'filter');
  const selectText = text(options, 'select');
  const orderbyText = text(options, 'orderby');
  const topText = text(options, 'top');
  const skipText = text(options, 'skip');
  const countText = text(options, 'count');
  const searchText = text(options, 'search');
  const expandText = text(options, 'expand');

  const query: ParsedQuery = {
    filter: filterText === undefined ? undefined : parseFilter(filterText, attributes),
    select: selectText === undefined ? undefined : parseSelect(selectText, attributes),
    orderby: orderbyText === undefined ? [] : parseOrderby(orderbyText, attributes),
    top: topText === undefined ? undefined : parseTop(topText),
    skip: skipText === undefined ? 0 : parseSkip(skipText),
    count: countText === undefined ? false : parseCountFlag(countText),
    expand: expandText === undefined ? [] : parseExpand(expandText),
  };
  if (searchText !== undefined) {
    parseSearch(searchText);
    if (shape.searchable.length === 0) throw new ODataQueryError('$search', 'this entity has no searchable attributes');
    query.search = searchText;
    query.searchAttributes = [...shape.searchable];
  }
  if (query.expand.length > 0 && query.search !== undefined) {
    throw new ODataQueryError('$expand', 'cannot be combined with $search (a Customer Insights limit)');
  }
  if (query.expand.length > 0 && query.select !== undefined && query.select.length < attributes.size) {
    throw new ODataQueryError('$expand', 'cannot be combined with a partial $select (a Customer Insights limit)');
  }
  return query;
}
