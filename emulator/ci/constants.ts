/**
 * Limits and defaults of the Customer Insights emulator, each with its unit in the name and its source.
 * Sources are sections of docs/customer-insights.md.
 */
import { DEFAULT_PAGE_SIZE_ROWS } from './odata/constants';

/**
 * Default expiry of a real-time activity (docs/customer-insights.md#real-time-writes: default 30 days for activities).
 */
export const ACTIVITY_TTL_DEFAULT_DAYS = 30;
/**
 * Default expiry of a real-time profile override (docs/customer-insights.md#real-time-writes: 4 hours for profile
 * changes).
 */
export const PROFILE_OVERRIDE_DEFAULT_HOURS = 4;
/** `validUntil` may lie at most this far ahead (docs/customer-insights.md#real-time-writes: at most 30 days ahead). */
export const VALID_UNTIL_MAX_DAYS = 30;
/**
 * Rows per OData page (docs/customer-insights.md#reads: at most 100 records per response): the query engine's own
 * default.
 */
export const ODATA_PAGE_SIZE_ROWS = DEFAULT_PAGE_SIZE_ROWS;
/**
 * Largest request body accepted; CI publishes no figure (docs/customer-insights.md#limits-and-telemetry), so this is
 * our choice, configurable.
 */
export const MAX_BODY_BYTES_DEFAULT = 64 * 1024;
/** Largest `caller` query value we record (ours: keeps telemetry keys bounded). */
export const CALLER_MAX_CHARS = 128;
/** Expired real-time records are swept at most this often (emulated time), on the next read or write (ours). */
export const REALTIME_SWEEP_INTERVAL_MS = 60_000;
/** Requests kept in the `/_emulator/requests` log (ring buffer). */
export const REQUEST_LOG_MAX_ENTRIES = 2_000;
/**
 * Days of synthetic API-usage history seeded per instance (the usage page offers 24 h to 30 days,
 * docs/customer-insights.md#limits-and-telemetry).
 */
export const USAGE_HISTORY_DAYS = 30;
/**
 * Usage aggregates older than this (emulated time) are dropped: the usage page's longest time frame
 * (docs/customer-insights.md#limits-and-telemetry).
 */
export const USAGE_RETENTION_DAYS = 31;
/** Default `Retry-After` for an injected 429/503 without one (ours). */
export const FAULT_RETRY_AFTER_DEFAULT_SECONDS = 1;
/** Leeway when checking token expiry against the shared clock (jose defaults to 0; Entra resources allow minutes). */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 60;

/** Unified customers seeded per instance type (issue #2: >= 1,000 in production, fewer in sandbox). */
export const SEED_CUSTOMERS = { production: 1_200, sandbox: 150 } as const;
/** Timeline history window for seeded activities. */
export const SEED_HISTORY_DAYS = 365;
/** Share of customers whose batch values change on each scheduled refresh. */
export const REFRESH_CHANGED_SHARE = 0.1;

/**
 * `dataSourceName` of the tables CI itself creates; `$filter` works only on these (docs/customer-insights.md#reads).
 */
export const SYSTEM_DATA_SOURCE = 'CustomerInsights';
/** The unified profile and unified activity tables (docs/customer-insights.md#unified-customer, #unified-activity). */
export const CUSTOMER_ENTITY = 'Customer';
export const UNIFIED_ACTIVITY_ENTITY = 'UnifiedActivity';
export const CUSTOMER_ID_ATTRIBUTE = 'CustomerId';
/** CustomerId is 32 lowercase hex chars (docs/customer-insights.md#unified-customer). */
export const CUSTOMER_ID_PATTERN = /^[0-9a-f]{32}$/;
/** Instance ids are GUIDs. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const MS_PER_SECOND = 1_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
