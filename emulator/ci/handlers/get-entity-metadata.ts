/**
 * `GET /instances/{id}/manage/entities/{entityName}`: one IEntityMetadata, 404 `MetaDataNotFound`
 * (docs/customer-insights.md#error-shapes).
 */
import { requireInstance, type CiHandler } from '../context';
import { entityView, findEntity } from '../data/metadata-view';
import { booleanParam } from '../data/query-flags';

export const getEntityMetadata: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  const annotations = booleanParam(ctx.query, 'attributesAnnotations');
  const entity = findEntity(ctx.store, i.instanceId, ctx.params.entityName);
  ctx.usage.entity = entity.qualifiedEntityName;
  return { status: 200, body: entityView(entity, annotations, ctx.store.entities(i.instanceId)) };
};
