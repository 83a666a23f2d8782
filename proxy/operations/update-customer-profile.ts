/**
 * UpdateCustomerProfile: real-time changes to one profile (`PATCH data/Customer/{id}?validUntil=&caller=`,
 * docs/customer-insights.md#real-time-writes). Only updatable fields are sent; profiles are never created here, so CI's
 * 404 is ProfileNotFound (so is its 400 for an id that cannot be a CustomerId: no profile has it either).
 */
import { CUSTOMER_ENTITY } from '../limits/constants';
import { reshapeRecord } from '../reshape/record-in';
import { resolveValidUntil } from '../reshape/valid-until';
import { getEntityModel, instancePath } from '../schema/entity-source';
import { callerLabel, stringParam, type OperationHandler } from './context';
import { customerNotFound, isUnknownCustomer } from './customer-lookup';

export const updateCustomerProfile: OperationHandler = async (ctx) => {
  const instanceId = stringParam(ctx, 'instanceId');
  const customerId = stringParam(ctx, 'customerId');
  const model = await getEntityModel(ctx, instanceId, CUSTOMER_ENTITY);
  const { record, fields } = reshapeRecord(model, ctx.body, 'profile-update');
  const { keepForHours, validUntil } = ctx.params;
  const until = resolveValidUntil({ keepForHours, validUntil }, 'profile', ctx.deps.now());
  try {
    await ctx.deps.ci.request({
      method: 'PATCH',
      instanceId,
      path: instancePath(instanceId, 'data', CUSTOMER_ENTITY, customerId),
      query: { validUntil: until, caller: callerLabel(ctx.caller) },
      body: record,
      caller: ctx.caller,
      operation: ctx.operationId,
      entity: CUSTOMER_ENTITY,
    });
  } catch (err) {
    if (isUnknownCustomer(err, 'path')) throw customerNotFound(customerId, 'path.customerId', err.extra.upstreamStatus);
    throw err;
  }
  return { status: 200, body: { customerId, validUntil: until, updatedFields: fields } };
};
