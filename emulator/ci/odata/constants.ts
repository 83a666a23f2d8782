/**
 * Limits and defaults of the OData query engine. Paging facts come from docs/customer-insights.md#reads; the
 * parse-cost guards are ours (CI publishes none).
 */

/** CI returns at most 100 objects per response by default (docs/customer-insights.md#reads). */
export const DEFAULT_PAGE_SIZE_ROWS = 100;

/** Largest `$top` accepted; above it the emulator answers 400 rather than building huge responses (ours). */
export const MAX_TOP_ROWS = 1000;

/** Longest `$filter` text parsed; a URL rarely carries more, and it bounds lexing cost (ours). */
export const MAX_FILTER_LENGTH_CHARS = 4096;

/** Deepest nesting of parentheses and `not` in `$filter`; bounds parser recursion (ours). */
export const MAX_FILTER_DEPTH = 32;

/** Most values in one `in (...)` list (ours). */
export const MAX_IN_LIST_ITEMS = 500;

/** Longest `$select`, `$orderby`, `$expand`, `$top`, `$skip`, `$count` text accepted (ours). */
export const MAX_OPTION_LENGTH_CHARS = 4096;

/** Longest `$search` text accepted (ours). */
export const MAX_SEARCH_LENGTH_CHARS = 1024;

/** Most terms (words or quoted phrases) in one `$search` (ours). */
export const MAX_SEARCH_TERMS = 32;
