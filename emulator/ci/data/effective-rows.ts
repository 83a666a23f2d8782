/**
 * What a read sees at a given time: batch rows plus unexpired real-time activities, with unexpired profile overrides
 * laid over the batch Customer values (docs/customer-insights.md#real-time-writes: overrides win until `validUntil`,
 * then the batch value shows again). Once a refresh brings a real-time activity's key in the source data, the batch
 * record is the one shown (same section: the real-time record disappears unless "the data source contains the record"),
 * never both.
 */
import type { EntityMetadata } from '../entity-model';
import type { CiStore } from '../persistence/ci-store';
import { CUSTOMER_ID_ATTRIBUTE } from '../constants';
import type { Row } from './unified-activity';

/** Rows of `entity` as of `nowMs`. */
export function effectiveRows(
  store: CiStore,
  instanceId: string,
  entity: EntityMetadata,
  nowMs: number,
): readonly Row[] {
  const links = store.links(instanceId);
  const batch = store.batchRows(instanceId, entity.name);
  if (entity === links.customer) {
    const overrides = store.activeOverrides(instanceId, nowMs);
    if (overrides.size === 0) return batch;
    return batch.map((row) => {
      const o = overrides.get(String(row[CUSTOMER_ID_ATTRIBUTE]));
      return o ? { ...row, ...o } : row;
    });
  }
  if (entity === links.unifiedActivity) {
    const live = store
      .realtimeActivities(instanceId, undefined, nowMs)
      .flatMap((a) => (a.unified && !store.inBatch(instanceId, a.entityName, a.key) ? [a.unified] : []));
    return live.length ? [...batch, ...live] : batch;
  }
  const live = store
    .realtimeActivities(instanceId, entity.name, nowMs)
    .flatMap((a) => (store.inBatch(instanceId, a.entityName, a.key) ? [] : [a.record]));
  return live.length ? [...batch, ...live] : batch;
}

/** One customer as of `nowMs`, overrides applied. */
export function effectiveCustomer(
  store: CiStore,
  instanceId: string,
  customerId: string,
  nowMs: number,
): Row | undefined {
  const row = store.customer(instanceId, customerId);
  if (!row) return undefined;
  const o = store.activeOverrides(instanceId, nowMs).get(customerId);
  return o ? { ...row, ...o } : row;
}
