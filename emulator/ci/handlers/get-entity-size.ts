/**
 * `GET .../manage/entities/{entityName}/entitysize`: `{qualifiedEntityName, size, rowCount}` as of now
 * (docs/customer-insights.md#operations).
 */
import { requireInstance, type CiHandler } from '../context';
import { effectiveRows } from '../data/effective-rows';
import { findEntity } from '../data/metadata-view';

export const getEntitySize: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  const entity = findEntity(ctx.store, i.instanceId, ctx.params.entityName);
  ctx.usage.entity = entity.qualifiedEntityName;
  const rows = effectiveRows(ctx.store, i.instanceId, entity, ctx.clock.now());
  const size = rows.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
  return { status: 200, body: { qualifiedEntityName: entity.qualifiedEntityName, size, rowCount: rows.length } };
};
