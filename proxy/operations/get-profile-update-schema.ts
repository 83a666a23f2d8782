/** GetProfileUpdateSchema: the Customer fields that can be changed in real time, all optional. */
import { CUSTOMER_ENTITY } from '../limits/constants';
import { getEntityModel } from '../schema/entity-source';
import { toJsonSchema } from '../schema/json-schema';
import { stringParam, type OperationHandler } from './context';

export const getProfileUpdateSchema: OperationHandler = async (ctx) => {
  const model = await getEntityModel(ctx, stringParam(ctx, 'instanceId'), CUSTOMER_ENTITY);
  return { status: 200, body: { schema: toJsonSchema(model, 'profile-update') } };
};
