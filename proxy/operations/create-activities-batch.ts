/**
 * CreateActivitiesBatch: many records of one activity table. Every record is validated first; invalid ones are
 * reported and never sent. Valid ones go to CI a few at a time (CI takes one record per call), and every record gets
 * a result, so an accepted record is never lost silently behind another's failure.
 *
 * Under an Idempotency-Key each record is remembered on its own (key#index): a retry of a batch that partly failed
 * replays the records CI stored and sends again only the ones that failed, so none is stored twice and none is left
 * behind. The whole batch result is replayed only once every record has succeeded. Each record is created by the same
 * unit as a single activity (activity-create.ts): a 409 is "created" only when CI holds exactly that record.
 */
import { AppError, invalidField, missingField, renderError, tooManyRecords } from '../errors';
import { BATCH_CONCURRENCY } from '../limits/constants';
import { reshapeRecord } from '../reshape/record-in';
import { resolveValidUntil } from '../reshape/valid-until';
import type { Attempt } from '../limits/idempotency-store';
import { createActivityRecord, type ActivityCreated } from './activity-create';
import {
  attemptValidUntil,
  idempotencyKey,
  idempotencyScope,
  withIdempotency,
  type SentActivity,
} from './idempotent-write';
import { stringParam, type OperationContext, type OperationHandler, type OperationResult } from './context';
import { getActivityModel } from './get-activity-schema';

interface RecordResult {
  index: number;
  status: number;
  activityId?: string;
  error?: { code: string; message: string; target?: string };
}

function failure(index: number, err: unknown, requestId: string): RecordResult {
  const { status, body } = renderError(err, requestId);
  const { code, message } = body.error;
  // CI judges each record sent on its own, so its `body.X` is this record's field (our own checks already say so).
  const target = body.error.target?.replace(/^body\.(?!records\[)/, `body.records[${index}].`);
  return { index, status, error: { code, message, ...(target ? { target } : {}) } };
}

/** Runs `tasks` with at most `limit` in flight; each task handles its own errors. */
async function runBounded(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

function batchInput(ctx: OperationContext): { records: unknown[]; keepForDays?: unknown; validUntil?: unknown } {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidField('body', 'body must be a JSON object {"records": [...]}.');
  }
  const { records, keepForDays, validUntil, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra)
    throw invalidField(`body.${extra}`, `body.${extra} is not a batch option; use records, keepForDays or validUntil.`);
  if (records === undefined) throw missingField('body.records');
  if (!Array.isArray(records)) throw invalidField('body.records', 'body.records must be an array of activity records.');
  if (records.length === 0) throw invalidField('body.records', 'body.records must hold at least one record.');
  const max = ctx.deps.config.limits.maxBatchRecords;
  if (records.length > max) throw tooManyRecords(records.length, max);
  return { records, keepForDays, validUntil };
}

export const createActivitiesBatch: OperationHandler = async (ctx) => {
  const instanceId = stringParam(ctx, 'instanceId');
  const entityName = stringParam(ctx, 'entityName');
  const { records, keepForDays, validUntil } = batchInput(ctx);
  const scope = idempotencyScope(ctx, instanceId, entityName);
  const key = idempotencyKey(ctx);
  /** Sends record `index`, or replays its earlier success under the batch's Idempotency-Key. */
  type Send = (attempt: Attempt<SentActivity>) => Promise<ActivityCreated>;
  const sendOnce = async (index: number, send: Send): Promise<ActivityCreated> => {
    if (key === undefined) return send({ note: () => undefined });
    const request = { record: records[index], keepForDays, validUntil };
    return (await ctx.deps.idempotency.run({ ...scope, record: index }, key, request, send)).result;
  };
  const allSucceeded = (result: OperationResult) => (result.body as { failed: number }).failed === 0;
  return withIdempotency(
    ctx,
    scope,
    ctx.body,
    async () => {
      const model = await getActivityModel(ctx, instanceId, entityName);
      const now = ctx.deps.now();
      const until = resolveValidUntil({ keepForDays, validUntil }, 'activity', now, 'body');
      const results: RecordResult[] = [];
      const tasks: (() => Promise<void>)[] = [];
      records.forEach((raw, index) => {
        let record: Record<string, unknown>;
        try {
          record = reshapeRecord(model, raw, 'activity-input', `body.records[${index}]`).record;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push(failure(index, err, ctx.requestId));
          return;
        }
        const send: Send = (attempt) =>
          createActivityRecord(
            ctx,
            instanceId,
            model,
            record,
            attemptValidUntil(attempt, now, () => until),
            key !== undefined,
          );
        tasks.push(async () => {
          try {
            const created = await sendOnce(index, send);
            results.push({ index, status: 201, activityId: created.activityId });
          } catch (err) {
            results.push(failure(index, err, ctx.requestId));
          }
        });
      });
      await runBounded(tasks, BATCH_CONCURRENCY);
      results.sort((a, b) => a.index - b.index);
      const succeeded = results.filter((r) => r.status < 300).length;
      return { status: 200, body: { succeeded, failed: results.length - succeeded, results } };
    },
    allSucceeded,
  );
};
