/** `GET /instances/{id}/manage/entities` (and `manage/tables`): the IC360EntityModel (docs/customer-insights.md#operations, #metadata-shapes). */
import { requireInstance, type CiHandler } from '../context';
import { entityView } from '../data/metadata-view';
import { booleanParam } from '../data/query-flags';

export const getAllEntityMetadata: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  const annotations = booleanParam(ctx.query, 'attributesAnnotations');
  // Accepted for fidelity; the emulator has no quarantined or self-conflated entities to add.
  booleanParam(ctx.query, 'includeQuarantined');
  booleanParam(ctx.query, 'includeSelfConflatedEntity');
  const entities = ctx.store.entities(i.instanceId);
  return {
    status: 200,
    body: {
      instanceId: i.instanceId,
      dataflowId: null,
      datasourceId: null,
      // The model's dataflowType enum has no value for the whole model ("all" is not one of them).
      dataflowType: null,
      entities: entities.map((e) => entityView(e, annotations, entities)),
    },
  };
};
