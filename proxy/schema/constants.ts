/**
 * Names and limits of the entity-schema layer that CI's metadata fixes (docs/customer-insights.md#metadata-shapes).
 * Platform-wide limits live in proxy/limits/constants.ts.
 */

/** Entity annotation of an activity table naming the ActivityType its records get on the timeline. */
export const ACTIVITY_TYPE_ANNOTATION = 'ActivityType';
