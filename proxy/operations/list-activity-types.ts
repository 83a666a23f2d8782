/**
 * ListActivityTypes: the activity types of an environment for the Activity Type picker of ListCustomerActivities.
 * Each activity table names the type its records get on the timeline (entity annotations `ActivityType` and
 * `ActivityTypeDisplay`, docs/customer-insights.md#unified-activity); the picker lists them by display name and filters
 * by type, the value the timeline holds, so a maker never has to guess `WebPurchase` from "Web purchase".
 */
import { ACTIVITY_TYPE_DISPLAY_ANNOTATION } from '../limits/constants';
import { ACTIVITY_TYPE_ANNOTATION } from '../schema/constants';
import { textAnnotation } from '../schema/entity-model';
import { listEntityMetadata } from '../schema/entity-source';
import type { ActivityTypeHint } from '../schema/field-description';
import { stringParam, type OperationContext, type OperationHandler } from './context';

/** The activity types of an instance's activity tables, sorted by display name. */
export async function activityTypesOf(ctx: OperationContext, instanceId: string): Promise<ActivityTypeHint[]> {
  const types = new Map<string, string>();
  for (const metadata of await listEntityMetadata(ctx, instanceId)) {
    if (String(metadata.entityType ?? '').toLowerCase() !== 'activity') continue;
    const type = textAnnotation(metadata, ACTIVITY_TYPE_ANNOTATION);
    if (type && !types.has(type)) types.set(type, textAnnotation(metadata, ACTIVITY_TYPE_DISPLAY_ANNOTATION) ?? type);
  }
  const value = [...types].map(([activityType, displayName]) => ({ activityType, displayName }));
  return value.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export const listActivityTypes: OperationHandler = async (ctx) => ({
  status: 200,
  body: { value: await activityTypesOf(ctx, stringParam(ctx, 'instanceId')) },
});
