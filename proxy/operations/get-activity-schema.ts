/** GetActivitySchema: the input schema of one activity table (or UnifiedActivity), for the dynamic body. */
import { entityNotFound } from '../errors';
import { UNIFIED_ACTIVITY_ENTITY } from '../limits/constants';
import { isActivityEntity } from '../schema/entity-model';
import { getEntityModel } from '../schema/entity-source';
import { toJsonSchema } from '../schema/json-schema';
import { stringParam, type OperationContext, type OperationHandler } from './context';
import { activityTypesOf } from './list-activity-types';

/** The activity entity's model; 404 EntityNotFound when the table exists but is not an activity table. */
export async function getActivityModel(ctx: OperationContext, instanceId: string, entityName: string) {
  const model = await getEntityModel(ctx, instanceId, entityName);
  if (!isActivityEntity(model)) {
    throw entityNotFound(
      entityName,
      `${entityName} is a ${model.entityType} table, not an activity table; Customer Insights accepts real-time records only for activity tables and UnifiedActivity.`,
    );
  }
  return model;
}

export const getActivitySchema: OperationHandler = async (ctx) => {
  const instanceId = stringParam(ctx, 'instanceId');
  const model = await getActivityModel(ctx, instanceId, stringParam(ctx, 'entityName'));
  // A UnifiedActivity's ActivityType is free text: its description lists the types the environment already has.
  const activityTypes = model.name === UNIFIED_ACTIVITY_ENTITY ? await activityTypesOf(ctx, instanceId) : undefined;
  return { status: 200, body: { schema: toJsonSchema(model, 'activity-input', { activityTypes }) } };
};
