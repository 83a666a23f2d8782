/**
 * FindCustomerProfiles: profiles by an alternate key or a searchable field (ListProfileLookups). An alternate key is
 * resolved through CI's key ring (`profile/keyring`, docs/customer-insights.md#operations), which maps a source
 * system's key to its CustomerId; a searchable field is matched exactly with `$filter` (the value quoted and escaped,
 * never pasted).
 */
import { AppError, invalidField } from '../errors';
import { CUSTOMER_ID_ATTRIBUTE, LIST_DEFAULT_TOP } from '../limits/constants';
import { coerceValue } from '../reshape/coerce';
import { odataEquals, odataString } from '../reshape/odata-literal';
import { instancePath } from '../schema/entity-source';
import type { ProfileLookup } from '../schema/profile-lookups';
import { stringParam, type OperationContext, type OperationHandler } from './context';
import { getProfileLookups } from './list-profile-lookups';
import { queryProfiles } from './profile-read';

/** The CustomerId the key ring maps this source key to, or undefined when the key is unknown. */
async function keyRingCustomerId(ctx: OperationContext, instanceId: string, lookup: ProfileLookup, key: string) {
  try {
    const reply = await ctx.deps.ci.request({
      method: 'GET',
      instanceId,
      path: instancePath(instanceId, 'profile', 'keyring'),
      query: { dataSourceName: lookup.dataSourceName, entityName: lookup.entityName, key },
      caller: ctx.caller,
      operation: ctx.operationId,
      entity: lookup.name,
    });
    const id = (reply.body as { customerId?: unknown } | undefined)?.customerId;
    return typeof id === 'string' && id ? id : undefined;
  } catch (err) {
    if (err instanceof AppError && err.extra.upstreamStatus === 404) return undefined;
    throw err;
  }
}

export const findCustomerProfiles: OperationHandler = async (ctx) => {
  const instanceId = stringParam(ctx, 'instanceId');
  const lookupName = stringParam(ctx, 'lookup');
  const value = stringParam(ctx, 'value');
  const top = typeof ctx.params.top === 'number' ? ctx.params.top : LIST_DEFAULT_TOP;
  const lookups = await getProfileLookups(ctx, instanceId);
  const lookup = lookups.find((l) => l.name === lookupName);
  if (!lookup) {
    const names = lookups.map((l) => l.name).join(', ');
    throw invalidField(
      'query.lookup',
      `query.lookup "${lookupName}" is not an alternate key or searchable field; use one of: ${names}.`,
    );
  }
  let filter: string;
  if (lookup.kind === 'alternateKey') {
    const customerId = await keyRingCustomerId(ctx, instanceId, lookup, value);
    if (!customerId) return { status: 200, body: { value: [] } };
    filter = `${CUSTOMER_ID_ATTRIBUTE} eq ${odataString(customerId)}`;
  } else {
    filter = odataEquals(lookup.attribute, coerceValue(lookup.attribute, value, 'query.value'));
  }
  return { status: 200, body: { value: await queryProfiles(ctx, instanceId, filter, top) } };
};
