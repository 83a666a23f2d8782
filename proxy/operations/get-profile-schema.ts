/** GetProfileSchema: the Customer profile as returned, for dynamic content after Get/Find profile. */
import { CUSTOMER_ENTITY } from '../limits/constants';
import { getEntityModel } from '../schema/entity-source';
import { toJsonSchema } from '../schema/json-schema';
import { stringParam, type OperationHandler } from './context';

export const getProfileSchema: OperationHandler = async (ctx) => {
  const model = await getEntityModel(ctx, stringParam(ctx, 'instanceId'), CUSTOMER_ENTITY);
  return { status: 200, body: { schema: toJsonSchema(model, 'profile-output') } };
};
