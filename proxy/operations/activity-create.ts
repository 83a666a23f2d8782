/**
 * Creating one activity record in CI exactly once: the shared core of CreateActivity, CreateUnifiedActivity and
 * CreateActivitiesBatch (`POST data/{entity}?validUntil=&caller=`, docs/design.md §3).
 *
 * CI has no idempotency key of its own, and a create whose answer was lost (UpstreamOutcomeUnknown) may be stored.
 * So the one rule that decides "created" is what CI holds, never a status alone:
 * - an answer lost on a dropped connection is re-sent once at once (the same record, the same expiry);
 * - CI's 409 "already exists" is checked by reading the stored record back by its key: identical to what we sent →
 *   created (`replayed: true`: CI already held it, from an earlier attempt of ours or the maker's); different, or
 *   unreadable → 409 UpstreamConflict, naming what differs. A real conflict is never answered 201.
 * This holds with or without an Idempotency-Key, on any replica, after any restart: it needs no memory. The key adds
 * the replay of the first answer and the first attempt's expiry (idempotent-write.ts).
 */
import { AppError, appError } from '../errors';
import { UPSTREAM_TOTAL_BUDGET_MS } from '../constants';
import { CUSTOMER_ID_ATTRIBUTE } from '../limits/constants';
import { isOutcomeUnknown } from '../limits/idempotency-store';
import type { EntityModel } from '../schema/entity-model';
import { instancePath } from '../schema/entity-source';
import { CircuitOpenError } from '../upstream/circuit-breaker';
import { callerLabel, type OperationContext } from './context';
import { differingField, readStoredActivity } from './stored-activity';

export interface ActivityCreated {
  activityId: string;
  entityName: string;
  customerId?: string;
  validUntil: string;
  replayed: boolean;
}

const isConflict = (err: unknown): err is AppError => err instanceof AppError && err.code === 'UpstreamConflict';
const withMessage = (err: AppError, message: string) => new AppError(err.status, err.code, message, err.extra);

/** A lost create's error, saying what a retry does. */
function lostAnswer(err: AppError, keyed: boolean): AppError {
  const next = keyed
    ? ' Retrying with the same Idempotency-Key is safe: if it was stored, the retry answers 201 with replayed: true.'
    : ' Retrying the same request is safe: if it was stored, the retry answers 201 with replayed: true.';
  return withMessage(err, `${err.message}${next}`);
}

/**
 * Sends one record CI will accept (already reshaped) and returns the friendly result, or throws an error that says
 * what CI holds. `validUntil` is the expiry to send (under an Idempotency-Key, the first attempt's).
 */
export async function createActivityRecord(
  ctx: OperationContext,
  instanceId: string,
  model: EntityModel,
  record: Record<string, unknown>,
  validUntil: string,
  keyed: boolean,
): Promise<ActivityCreated> {
  const started = Date.now();
  const post = () =>
    ctx.deps.ci.request({
      method: 'POST',
      instanceId,
      path: instancePath(instanceId, 'data', model.name),
      query: { validUntil, caller: callerLabel(ctx.caller) },
      body: record,
      caller: ctx.caller,
      operation: ctx.operationId,
      entity: model.name,
      // The re-send continues this create: one budget for both, within the shutdown grace.
      startedAt: started,
    });
  const created = (stored: unknown, replayed: boolean) => result(model, record, stored, validUntil, replayed);
  let failure: unknown;
  try {
    return created((await post()).body, false);
  } catch (err) {
    failure = err;
  }
  // Lost on the way back: CI may hold it. Once more now, while there is time for a whole attempt: CI then either
  // stores it (it had not) or answers 409, which the read-back below settles.
  const timeLeft = UPSTREAM_TOTAL_BUDGET_MS - (Date.now() - started) > ctx.deps.config.upstream.timeoutMs;
  if (isOutcomeUnknown(failure) && timeLeft) {
    try {
      return created((await post()).body, false);
    } catch (err) {
      // A circuit breaker that opened meanwhile sent nothing: the first attempt's unknown outcome still stands.
      if (!(err instanceof CircuitOpenError)) failure = err;
    }
  }
  if (isConflict(failure))
    return created(await storedCopy(ctx, instanceId, model, record, failure, keyed, started), true);
  throw isOutcomeUnknown(failure) ? lostAnswer(failure, keyed) : failure;
}

/**
 * CI's copy of `record` when it is the same record; else the conflict, saying what CI holds instead; or, when CI
 * cannot show its copy now, an unknown outcome the maker's retry settles.
 */
async function storedCopy(
  ctx: OperationContext,
  instanceId: string,
  model: EntityModel,
  record: Record<string, unknown>,
  conflict: AppError,
  keyed: boolean,
  startedAt: number,
): Promise<Record<string, unknown>> {
  const key = model.keys[0];
  const read = await readStoredActivity(ctx, instanceId, model, key !== undefined ? record[key] : undefined, startedAt);
  const keyText = key !== undefined ? `${key} ${JSON.stringify(record[key])}` : 'this key';
  if ('unavailable' in read) {
    // CI holds a record under this key, but cannot show it now: neither "created" nor "conflict" is known yet.
    throw lostAnswer(
      appError(
        'UpstreamOutcomeUnknown',
        `Customer Insights already holds a ${model.name} record with ${keyText}, and could not show it now to compare it with this one.`,
      ),
      keyed,
    );
  }
  if ('unreadable' in read) {
    throw withMessage(
      conflict,
      `Customer Insights already holds a ${model.name} record with ${keyText}, and the proxy could not read it back ` +
        `to compare it with this one; activities cannot be changed. Use a new ${key ?? 'key'} for a new activity.`,
    );
  }
  const stored = read.record;
  const field = differingField(model, record, stored);
  if (field === undefined) return stored;
  throw withMessage(
    conflict,
    `Customer Insights already holds a different ${model.name} record with ${keyText} (its ${field} differs); ` +
      `activities cannot be changed. Use a new ${key ?? 'key'} for a new activity.`,
  );
}

function result(
  model: EntityModel,
  sent: Record<string, unknown>,
  stored: unknown,
  validUntil: string,
  replayed: boolean,
): ActivityCreated {
  const held = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const key = model.keys[0];
  const activityId = (key !== undefined ? (held[key] ?? sent[key]) : undefined) ?? held.ActivityId ?? '';
  const customerId = held[CUSTOMER_ID_ATTRIBUTE] ?? sent[CUSTOMER_ID_ATTRIBUTE];
  return {
    activityId: String(activityId),
    entityName: model.name,
    ...(typeof customerId === 'string' && customerId ? { customerId } : {}),
    validUntil: typeof held.validUntil === 'string' ? held.validUntil : validUntil,
    replayed,
  };
}
