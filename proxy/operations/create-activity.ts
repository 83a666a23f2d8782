/** CreateActivity: one record of a source activity table, checked and reshaped against the table's schema. */
import { reshapeRecord } from '../reshape/record-in';
import { resolveValidUntil } from '../reshape/valid-until';
import { sendActivity, withIdempotency } from './activity-write';
import { stringParam, type OperationContext, type OperationResult, type OperationHandler } from './context';
import { getActivityModel } from './get-activity-schema';

/** Validates, reshapes and sends one activity of `entityName`; shared with CreateUnifiedActivity. */
export async function createOneActivity(ctx: OperationContext, entityName: string): Promise<OperationResult> {
  const instanceId = stringParam(ctx, 'instanceId');
  const { keepForDays, validUntil } = ctx.params;
  return withIdempotency(ctx, `${instanceId}/${entityName}`, { body: ctx.body, keepForDays, validUntil }, async () => {
    const model = await getActivityModel(ctx, instanceId, entityName);
    const { record } = reshapeRecord(model, ctx.body, 'activity-input');
    const until = resolveValidUntil({ keepForDays, validUntil }, 'activity', ctx.deps.now());
    const created = await sendActivity(ctx, instanceId, model, record, until);
    return { status: 201, body: created };
  });
}

export const createActivity: OperationHandler = (ctx) => createOneActivity(ctx, stringParam(ctx, 'entityName'));
