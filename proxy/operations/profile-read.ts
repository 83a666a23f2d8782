/**
 * Reading unified profiles from CI (`GET data/Customer?$filter=…`, docs/customer-insights.md#reads), overlays applied.
 */
import { CUSTOMER_ENTITY } from '../limits/constants';
import { profileOut } from '../reshape/record-out';
import { instancePath } from '../schema/entity-source';
import type { OperationContext } from './context';

/** The rows of `Customer` matching an OData filter, reshaped for the profile schema. */
export async function queryProfiles(
  ctx: OperationContext,
  instanceId: string,
  filter: string,
  top: number,
): Promise<Record<string, unknown>[]> {
  const reply = await ctx.deps.ci.request({
    method: 'GET',
    instanceId,
    path: instancePath(instanceId, 'data', CUSTOMER_ENTITY),
    query: { $filter: filter, $top: String(top) },
    caller: ctx.caller,
    operation: ctx.operationId,
    entity: CUSTOMER_ENTITY,
  });
  const value = (reply.body as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null).map(profileOut);
}
