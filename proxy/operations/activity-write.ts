/**
 * The shared core of CreateActivity, CreateUnifiedActivity and CreateActivitiesBatch: one reshaped record sent to
 * CI's real-time endpoint (`POST data/{entity}?validUntil=&caller=`, customer-insights-api.md §2), and the
 * Idempotency-Key wrapper that replays a first success.
 */
import type { EntityModel } from '../schema/entity-model';
import { instancePath } from '../schema/entity-source';
import { CUSTOMER_ID_ATTRIBUTE } from '../limits/constants';
import { callerLabel, type OperationContext, type OperationResult } from './context';

export interface ActivityCreated {
  activityId: string;
  entityName: string;
  customerId?: string;
  validUntil: string;
  replayed: boolean;
}

/** Sends one record CI will accept (already reshaped) and returns the friendly result. */
export async function sendActivity(
  ctx: OperationContext,
  instanceId: string,
  model: EntityModel,
  record: Record<string, unknown>,
  validUntil: string,
): Promise<ActivityCreated> {
  const reply = await ctx.deps.ci.request({
    method: 'POST',
    instanceId,
    path: instancePath(instanceId, 'data', model.name),
    query: { validUntil, caller: callerLabel(ctx.caller) },
    body: record,
    caller: ctx.caller,
    operation: ctx.operationId,
    entity: model.name,
  });
  const stored = typeof reply.body === 'object' && reply.body !== null ? (reply.body as Record<string, unknown>) : {};
  const key = model.keys[0];
  const activityId = stored[key] ?? record[key] ?? stored.ActivityId ?? '';
  const customerId = stored[CUSTOMER_ID_ATTRIBUTE] ?? record[CUSTOMER_ID_ATTRIBUTE];
  const storedUntil = typeof stored.validUntil === 'string' ? stored.validUntil : validUntil;
  return {
    activityId: String(activityId),
    entityName: model.name,
    ...(typeof customerId === 'string' && customerId ? { customerId } : {}),
    validUntil: storedUntil,
    replayed: false,
  };
}

/** The request's Idempotency-Key header, when it has one. */
export function idempotencyKey(ctx: OperationContext): string | undefined {
  const key = ctx.params['Idempotency-Key'];
  return typeof key === 'string' && key !== '' ? key : undefined;
}

/** Keys are scoped to the caller, the operation and its target, so two makers never share one. */
export function idempotencyScope(ctx: OperationContext, target: string): string {
  return [ctx.caller.tenantId, ctx.caller.objectId, ctx.operationId, target].join(':');
}

/**
 * Runs `work` under the request's Idempotency-Key when one is given (scoped to the caller, operation and target),
 * marking a replayed body with `replayed: true`.
 */
export async function withIdempotency(
  ctx: OperationContext,
  target: string,
  request: unknown,
  work: () => Promise<OperationResult>,
  keep?: (result: OperationResult) => boolean,
): Promise<OperationResult> {
  const key = idempotencyKey(ctx);
  if (key === undefined) return work();
  const { result, replayed } = await ctx.deps.idempotency.run(idempotencyScope(ctx, target), key, request, work, keep);
  if (!replayed) return result;
  const body =
    typeof result.body === 'object' && result.body !== null ? { ...result.body, replayed: true } : result.body;
  return { ...result, body, headers: { ...result.headers, 'Idempotent-Replayed': 'true' } };
}
