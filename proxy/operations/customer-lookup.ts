/**
 * The one answer to a Customer ID that names no profile, shared by every action that takes one: makers most often
 * paste a source system's customer number or an empty expression there, so the message says where a real one comes
 * from. `customerExists` is the cheap check behind it (one row, one column).
 */
import { AppError, appError, echo } from '../errors';
import { CUSTOMER_ENTITY, CUSTOMER_ID_ATTRIBUTE } from '../limits/constants';
import { odataString } from '../reshape/odata-literal';
import { instancePath } from '../schema/entity-source';
import type { OperationContext } from './context';

/** 404 ProfileNotFound for `customerId`, naming `target` (the path parameter or the body field that carried it). */
export function customerNotFound(customerId: string, target = 'path.customerId', upstreamStatus?: number): AppError {
  return appError(
    'ProfileNotFound',
    `No customer profile has Customer ID (CustomerId) "${echo(customerId)}". Use the Customer ID of a unified profile, ` +
      "for example from Find customer profiles' output; a source system's customer number is not a Customer ID.",
    { target, upstreamStatus },
  );
}

/** True when CI has a unified profile with this CustomerId. */
export async function customerExists(ctx: OperationContext, instanceId: string, customerId: string): Promise<boolean> {
  const reply = await ctx.deps.ci.request({
    method: 'GET',
    instanceId,
    path: instancePath(instanceId, 'data', CUSTOMER_ENTITY),
    query: {
      $filter: `${CUSTOMER_ID_ATTRIBUTE} eq ${odataString(customerId)}`,
      $select: CUSTOMER_ID_ATTRIBUTE,
      $top: '1',
    },
    caller: ctx.caller,
    operation: ctx.operationId,
    entity: CUSTOMER_ENTITY,
  });
  const value = (reply.body as { value?: unknown } | undefined)?.value;
  return Array.isArray(value) && value.length > 0;
}

/**
 * True when CI refused a write because the Customer ID it names does not exist: 404 for the profile itself, or a 400
 * aimed at the id (CI names the path parameter `entityId`, or the UnifiedActivity field CustomerId).
 */
export function isUnknownCustomer(err: unknown, target: 'path' | 'body'): err is AppError {
  if (!(err instanceof AppError)) return false;
  const status = err.extra.upstreamStatus;
  const at = err.extra.target ?? '';
  if (target === 'path') return status === 404 || (status === 400 && /^(path\.)?(entityId|customerId)$/i.test(at));
  return (status === 400 || status === 404) && at === `body.${CUSTOMER_ID_ATTRIBUTE}`;
}
