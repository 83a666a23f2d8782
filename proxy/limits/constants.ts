/**
 * Limits and defaults of the proxy's operations, each with its unit in the name and the source it comes from.
 * Settings a deployment may change live in `proxy/config.ts`; these are fixed by CI's rules or by our design.
 */

// CI's expiry rules live with the platform's constants (docs/customer-insights.md#real-time-writes); re-exported for operations.
import { PROFILE_OVERRIDE_MAX_HOURS, VALID_UNTIL_MAX_DAYS } from '../constants';
export { ACTIVITY_TTL_DEFAULT_DAYS, PROFILE_OVERRIDE_DEFAULT_HOURS, VALID_UNTIL_MAX_DAYS } from '../constants';
/** `keepForDays` range declared by the connector (docs/design.md §4): up to CI's 30-day limit. */
export const KEEP_FOR_DAYS_MIN = 1;
export const KEEP_FOR_DAYS_MAX = VALID_UNTIL_MAX_DAYS;
/** `keepForHours` range declared by the connector (docs/design.md §4): 720 hours = CI's 30-day limit. */
export const KEEP_FOR_HOURS_MIN = 1;
export const KEEP_FOR_HOURS_MAX = PROFILE_OVERRIDE_MAX_HOURS;
/**
 * A computed expiry that would land exactly on CI's 30-day limit is pulled back by this much, so a CI clock a few
 * seconds behind ours does not reject it. An explicit `validUntil` from the maker is sent as given.
 */
export const VALID_UNTIL_SAFETY_MARGIN_SECONDS = 300;

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

/** Entity schemas kept at most; the oldest entry goes first (instances × entities of one tenant stay far below). */
export const SCHEMA_CACHE_MAX_ENTRIES = 500;

/** An `Idempotency-Key` replays the first result for 24 hours (the window Segment documents, docs/customer-insights.md#comparable-ingestion-apis). */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
/** Remembered idempotency keys at most; the oldest are forgotten first. */
export const IDEMPOTENCY_MAX_ENTRIES = 10_000;
/** Remembered keys per caller (tenant + principal) at most, so no single caller can fill the store for everyone. */
export const IDEMPOTENCY_MAX_ENTRIES_PER_CALLER = 1_000;

/** Records of one batch sent to CI at the same time (CI takes one record per call, docs/customer-insights.md#comparable-ingestion-apis). */
export const BATCH_CONCURRENCY = 4;

/** Usage is kept in hourly buckets for 30 days, like CI's old real-time usage pane (docs/customer-insights.md#limits-and-telemetry). */
export const USAGE_RETENTION_HOURS = 30 * 24;
/** Distinct (operation, entity, caller, result, error code) rows per hour; more fold into one `other` row. */
export const USAGE_MAX_ROWS_PER_HOUR = 2_000;
/** Rows an hour holds at most, folded rows included; past it, new rows count in one overflow row no report shows. */
export const USAGE_MAX_ROWS_PER_HOUR_HARD = 2 * USAGE_MAX_ROWS_PER_HOUR;
/** How long CI's confirmation that a caller sees an instance lets the caller's refused calls count there. */
export const USAGE_ACCESS_MEMORY_SECONDS = 600;
/** (caller, instance) confirmations remembered at most; the oldest go first. */
export const USAGE_ACCESS_MEMORY_MAX_ENTRIES = 10_000;
/** Characters of a caller's name (UPN) kept in usage rows at most. */
export const USAGE_CALLER_LABEL_MAX_CHARS = 256;
/** Label of the rows whose entity CI did not confirm (or that were folded because an hour had too many rows). */
export const USAGE_OTHER_LABEL = 'other';
/** How long CI's answer to "is this caller an Administrator here" is reused for GetUsage, per identity. */
export const USAGE_ROLE_CACHE_SECONDS = 60;
/** `GetUsage` default window when `hours` is not given. */
export const USAGE_DEFAULT_HOURS = 24;
/**
 * Upper bounds (ms, inclusive) of the latency histogram each usage row keeps, in a 1-2-5 series up to the proxy's
 * longest possible call (60 s budget plus the token request); a slower call counts in the last bucket. Fixed
 * buckets add up across rows, hours and replicas, which raw durations or running percentiles would not.
 */
export const USAGE_LATENCY_BOUNDS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 60_000, 120_000,
];

/** Rate-limit window: the platform counts requests per connection per minute (docs/power-platform.md#limits-and-known-problems). */
export const RATE_LIMIT_WINDOW_MS = MS_PER_MINUTE;
/** Callers tracked by the rate limiter at most; idle windows are swept first. */
export const RATE_LIMIT_MAX_CALLERS = 50_000;
/** Client addresses tracked by the limit on requests without a valid sign-in at most; the oldest go first. */
export const ANONYMOUS_RATE_LIMIT_MAX_ADDRESSES = 10_000;
/** IPv6 clients are limited per /64 (one subscriber's prefix), or one host could rotate through 2^64 addresses. */
export const IPV6_CLIENT_PREFIX_GROUPS = 4;

/** CI answers at most 100 rows a page (docs/customer-insights.md#reads). */
export const CI_PAGE_SIZE_MAX = 100;
/** Default page size of `ListCustomerActivities` and `FindCustomerProfiles`. */
export const LIST_DEFAULT_TOP = 25;

/** The unified profile entity and the unified activity entity CI generates (docs/customer-insights.md#unified-customer, #unified-activity). */
export const CUSTOMER_ENTITY = 'Customer';
export const UNIFIED_ACTIVITY_ENTITY = 'UnifiedActivity';
export const CUSTOMER_ID_ATTRIBUTE = 'CustomerId';
/** Entity annotation of an activity table holding its activity type's display name (docs/customer-insights.md#unified-activity). */
export const ACTIVITY_TYPE_DISPLAY_ANNOTATION = 'ActivityTypeDisplay';
