/**
 * The shared core of CreateActivity, CreateUnifiedActivity and CreateActivitiesBatch: one reshaped record sent to
 * CI's real-time endpoint (`POST data/{entity}?validUntil=&caller=`, customer-insights-api.md §2), and the
 * Idempotency-Key wrapper that replays a first success.
 *
 * A create whose answer was lost (UpstreamOutcomeUnknown) may be stored, and CI has no idempotency key of its own
 * (customer-insights-api.md, comparison table): its retry meets 409 "already exists" for the maker's own record. The
 * CI client already reports a 409 after its own retry as `storedOnEarlierAttempt`; across the maker's retries the
 * idempotency store carries the same knowledge, and a 409 under it is reported the same way: created.
 */
import type { EntityModel } from '../schema/entity-model';
import { instancePath } from '../schema/entity-source';
import { AppError } from '../errors';
import { CUSTOMER_ID_ATTRIBUTE } from '../limits/constants';
import { firstAttempt, isOutcomeUnknown, type Attempt } from '../limits/idempotency-store';
import { callerLabel, type OperationContext, type OperationResult } from './context';

export interface ActivityCreated {
  activityId: string;
  entityName: string;
  customerId?: string;
  validUntil: string;
  replayed: boolean;
}

/** What an attempt notes under its Idempotency-Key, so a retry after a lost answer re-sends the same expiry. */
export interface SentActivity {
  validUntil: string;
}

const isConflict = (err: unknown): err is AppError => err instanceof AppError && err.code === 'UpstreamConflict';

/** CI's error with what it means for this create spelled out: whether a retry is safe, and why a conflict may be ours. */
function explained(err: unknown, keyed: boolean): unknown {
  if (isOutcomeUnknown(err)) {
    const next = keyed
      ? ' Retrying with the same Idempotency-Key is safe: if it was stored, the retry answers 201 with replayed: true.'
      : ' A retry may be answered 409 UpstreamConflict if it was stored; send an Idempotency-Key to make retries safe.';
    return new AppError(err.status, err.code, `${err.message}${next}`, err.extra);
  }
  if (isConflict(err)) {
    const hint =
      ' If an earlier attempt of this request failed with UpstreamOutcomeUnknown (it timed out or lost its answer),' +
      " that attempt stored it (a retry under that attempt's Idempotency-Key is answered 201 instead).";
    return new AppError(err.status, err.code, `${err.message}${hint}`, err.extra);
  }
  return err;
}

/**
 * Sends one record CI will accept (already reshaped) and returns the friendly result. When an earlier attempt under
 * the same Idempotency-Key may have stored it, CI's 409 for this record is that attempt: reported as created, replayed.
 */
export async function sendActivity(
  ctx: OperationContext,
  instanceId: string,
  model: EntityModel,
  record: Record<string, unknown>,
  validUntil: string,
  attempt: Attempt<SentActivity> = firstAttempt(),
): Promise<ActivityCreated> {
  let stored: Record<string, unknown> = {};
  let replayed = false;
  try {
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
    if (typeof reply.body === 'object' && reply.body !== null) stored = reply.body as Record<string, unknown>;
  } catch (err) {
    if (!(attempt.earlierMayHaveStored && isConflict(err))) throw explained(err, idempotencyKey(ctx) !== undefined);
    replayed = true;
  }
  // With no body (stored on an earlier attempt, ours or the client's), the record we sent is what CI holds.
  const key = model.keys[0];
  const activityId = stored[key] ?? record[key] ?? stored.ActivityId ?? '';
  const customerId = stored[CUSTOMER_ID_ATTRIBUTE] ?? record[CUSTOMER_ID_ATTRIBUTE];
  const storedUntil = typeof stored.validUntil === 'string' ? stored.validUntil : validUntil;
  return {
    activityId: String(activityId),
    entityName: model.name,
    ...(typeof customerId === 'string' && customerId ? { customerId } : {}),
    validUntil: storedUntil,
    replayed,
  };
}

/**
 * The expiry to send: the one an earlier attempt under the same key sent when that attempt may be stored (so the
 * retry reports what CI holds) and it has not passed yet; else `fresh()`. Noted for a later retry either way.
 */
export function attemptValidUntil(attempt: Attempt<SentActivity>, nowMs: number, fresh: () => string): string {
  const earlier = attempt.earlier?.validUntil;
  const validUntil = earlier && Date.parse(earlier) > nowMs ? earlier : fresh();
  attempt.note({ validUntil });
  return validUntil;
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

/** Marks a result as replayed: `replayed: true` in the body and the `Idempotent-Replayed` header. */
export function asReplayed(result: OperationResult): OperationResult {
  const body =
    typeof result.body === 'object' && result.body !== null ? { ...result.body, replayed: true } : result.body;
  return { ...result, body, headers: { ...result.headers, 'Idempotent-Replayed': 'true' } };
}

/**
 * Runs `work` under the request's Idempotency-Key when one is given (scoped to the caller, operation and target),
 * marking a replayed body with `replayed: true`.
 */
export async function withIdempotency(
  ctx: OperationContext,
  target: string,
  request: unknown,
  work: (attempt: Attempt<SentActivity>) => Promise<OperationResult>,
  keep?: (result: OperationResult) => boolean,
): Promise<OperationResult> {
  const key = idempotencyKey(ctx);
  if (key === undefined) return work(firstAttempt());
  const scope = idempotencyScope(ctx, target);
  const { result, replayed } = await ctx.deps.idempotency.run(scope, key, request, work, keep);
  return replayed ? asReplayed(result) : result;
}
