/**
 * Reading back the activity CI holds under a key (`GET data/{entity}({key})`, the OData key segment; docs/design.md
 * §3) and comparing it with the record the proxy sent, so that a 409 is called "ours" only when CI holds exactly what
 * was sent.
 */
import { AppError } from '../errors';
import type { EntityModel } from '../schema/entity-model';
import { instancePath } from '../schema/entity-source';
import { odataLiteral } from '../reshape/odata-literal';
import type { OperationContext } from './context';

/**
 * What reading the stored record back found: the record; nothing CI will show (not found, not readable this way); or
 * no answer now (CI failing, throttling, the circuit open), which says nothing about the record and is worth a retry.
 */
export type StoredRead = { record: Record<string, unknown> } | { unreadable: true } | { unavailable: true };

/** CI's stored copy of the record with this key (`GET data/{entity}({key})`). */
export async function readStoredActivity(
  ctx: OperationContext,
  instanceId: string,
  model: EntityModel,
  key: unknown,
  /** When the create this read settles began: the read fits in what is left of its budget. */
  startedAt: number,
): Promise<StoredRead> {
  const keyAttribute = model.attributes.find((a) => a.name === model.keys[0]);
  if (!keyAttribute || key === undefined || key === null) return { unreadable: true };
  try {
    const reply = await ctx.deps.ci.request({
      method: 'GET',
      instanceId,
      path: instancePath(instanceId, 'data', `${model.name}(${odataLiteral(keyAttribute, key)})`),
      caller: ctx.caller,
      operation: ctx.operationId,
      entity: model.name,
      startedAt,
    });
    const body = reply.body;
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? { record: body as Record<string, unknown> }
      : { unreadable: true };
  } catch (err) {
    // Never taken for "ours" either way; a failure of CI itself is only "not now".
    const status = err instanceof AppError ? err.status : 500;
    return status === 429 || status >= 500 ? { unavailable: true } : { unreadable: true };
  }
}

/** The same value, whatever notation CI stores it in: numbers by value, instants by time, GUIDs in any case. */
function sameValue(kind: string, sent: unknown, stored: unknown): boolean {
  const absent = (v: unknown) => v === undefined || v === null || v === '';
  if (absent(sent) || absent(stored)) return absent(sent) && absent(stored);
  if ((kind === 'integer' || kind === 'number') && Number(sent) === Number(stored)) return true;
  if (kind === 'date-time' || kind === 'date') {
    const a = Date.parse(String(sent));
    if (!Number.isNaN(a) && a === Date.parse(String(stored))) return true;
  }
  if (kind === 'uuid') return String(sent).toLowerCase() === String(stored).toLowerCase();
  return JSON.stringify(sent) === JSON.stringify(stored);
}

/** The first attribute whose stored value differs from the sent one, or undefined when the records are the same. */
export function differingField(
  model: EntityModel,
  sent: Record<string, unknown>,
  stored: Record<string, unknown>,
): string | undefined {
  return model.attributes.find((a) => !sameValue(a.json.kind, sent[a.name], stored[a.name]))?.name;
}
