/**
 * The Idempotency-Key side of creates: a request's key scoped to its caller, operation and target (a typed scope,
 * never a string parsed back), the first attempt's expiry re-sent by its retries, and replays marked as such.
 */
import type { Attempt, IdempotencyScope } from '../limits/idempotency-store';
import type { OperationContext, OperationResult } from './context';

/** What an attempt notes under its Idempotency-Key, so a retry after a lost answer re-sends the same expiry. */
export interface SentActivity {
  validUntil: string;
}

/** The request's Idempotency-Key header, when it has one. */
export function idempotencyKey(ctx: OperationContext): string | undefined {
  const key = ctx.params['Idempotency-Key'];
  return typeof key === 'string' && key !== '' ? key : undefined;
}

/** Keys belong to the caller, the operation and its target, so two makers never share one. */
export function idempotencyScope(ctx: OperationContext, instanceId: string, entity: string): IdempotencyScope {
  return {
    tenantId: ctx.caller.tenantId,
    principal: ctx.caller.objectId,
    operationId: ctx.operationId,
    instanceId: instanceId.toLowerCase(),
    entity,
  };
}

/**
 * The expiry to send: the one an earlier attempt under the same key sent, while it has not passed (so the retry
 * reports what CI holds); else `fresh()`. Noted for a later retry either way.
 */
export function attemptValidUntil(attempt: Attempt<SentActivity>, nowMs: number, fresh: () => string): string {
  const earlier = attempt.earlier?.validUntil;
  const validUntil = earlier && Date.parse(earlier) > nowMs ? earlier : fresh();
  attempt.note({ validUntil });
  return validUntil;
}

/** Marks a result as replayed: `replayed: true` in the body and the `Idempotent-Replayed` header. */
export function asReplayed(result: OperationResult): OperationResult {
  const body =
    typeof result.body === 'object' && result.body !== null ? { ...result.body, replayed: true } : result.body;
  return { ...result, body, headers: { ...result.headers, 'Idempotent-Replayed': 'true' } };
}

/** Runs `work` under the request's Idempotency-Key when one is given; a replayed result is marked as such. */
export async function withIdempotency(
  ctx: OperationContext,
  scope: IdempotencyScope,
  request: unknown,
  work: (attempt: Attempt<SentActivity>) => Promise<OperationResult>,
  keep?: (result: OperationResult) => boolean,
): Promise<OperationResult> {
  const key = idempotencyKey(ctx);
  if (key === undefined) return work({ note: () => undefined });
  const { result, replayed } = await ctx.deps.idempotency.run(scope, key, request, work, keep);
  return replayed ? asReplayed(result) : result;
}
