/** CreateActivity: one record of a source activity table, checked and reshaped against the table's schema. */
import { CUSTOMER_ID_ATTRIBUTE } from '../limits/constants';
import { reshapeRecord } from '../reshape/record-in';
import { resolveValidUntil } from '../reshape/valid-until';
import { createActivityRecord } from './activity-create';
import { stringParam, type OperationContext, type OperationResult, type OperationHandler } from './context';
import { customerNotFound, isUnknownCustomer } from './customer-lookup';
import { getActivityModel } from './get-activity-schema';
import { asReplayed, attemptValidUntil, idempotencyKey, idempotencyScope, withIdempotency } from './idempotent-write';

/** Validates, reshapes and sends one activity of `entityName`; shared with CreateUnifiedActivity. */
export async function createOneActivity(ctx: OperationContext, entityName: string): Promise<OperationResult> {
  const instanceId = stringParam(ctx, 'instanceId');
  const { keepForDays, validUntil } = ctx.params;
  const request = { body: ctx.body, keepForDays, validUntil };
  const scope = idempotencyScope(ctx, instanceId, entityName);
  return withIdempotency(ctx, scope, request, async (attempt) => {
    const model = await getActivityModel(ctx, instanceId, entityName);
    const { record } = reshapeRecord(model, ctx.body, 'activity-input');
    const now = ctx.deps.now();
    const until = attemptValidUntil(attempt, now, () =>
      resolveValidUntil({ keepForDays, validUntil }, 'activity', now),
    );
    const keyed = idempotencyKey(ctx) !== undefined;
    const created = await createActivityRecord(ctx, instanceId, model, record, until, keyed).catch((err: unknown) => {
      // A UnifiedActivity names its customer itself; CI's refusal of an unknown one gets the maker-facing answer.
      if (!isUnknownCustomer(err, 'body')) throw err;
      throw customerNotFound(String(record[CUSTOMER_ID_ATTRIBUTE]), err.extra.target, err.extra.upstreamStatus);
    });
    // CI already held this very record (an earlier attempt stored it): a replay of that attempt's result.
    return created.replayed ? asReplayed({ status: 201, body: created }) : { status: 201, body: created };
  });
}

export const createActivity: OperationHandler = (ctx) => createOneActivity(ctx, stringParam(ctx, 'entityName'));
