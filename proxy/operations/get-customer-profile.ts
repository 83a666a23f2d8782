/** GetCustomerProfile: one unified profile by CustomerId, with unexpired real-time changes applied by CI. */
import { CUSTOMER_ID_ATTRIBUTE } from '../limits/constants';
import { odataString } from '../reshape/odata-literal';
import { stringParam, type OperationHandler } from './context';
import { customerNotFound } from './customer-lookup';
import { queryProfiles } from './profile-read';

export const getCustomerProfile: OperationHandler = async (ctx) => {
  const instanceId = stringParam(ctx, 'instanceId');
  const customerId = stringParam(ctx, 'customerId');
  const [profile] = await queryProfiles(ctx, instanceId, `${CUSTOMER_ID_ATTRIBUTE} eq ${odataString(customerId)}`, 1);
  if (!profile) throw customerNotFound(customerId);
  return { status: 200, body: profile };
};
