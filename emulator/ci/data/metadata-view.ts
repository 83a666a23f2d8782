/**
 * Entity metadata as served, in the code model's shapes (docs/customer-insights.md#metadata-shapes): relationship
 * ends and the timestamp / incremental attributes are attribute objects, `dataSourceEntity` an entity object; the
 * emulator holds them as names (entity-model.ts). Attribute annotations only when `attributesAnnotations=true`.
 */
import type { AttributeMetadata, EntityMetadata } from '../entity-model';
import { notFound } from '../errors/ci-error';
import type { CiStore } from '../persistence/ci-store';

function attributeView(a: AttributeMetadata, annotations: boolean): AttributeMetadata {
  if (annotations) return { ...a, annotations: a.annotations ?? [] };
  const { annotations: _hidden, ...rest } = a;
  return rest as AttributeMetadata;
}

/** The attribute object for a name; a name the entity lacks (captured metadata may say so) still gets `{name}`. */
function attributeObject(entity: EntityMetadata | undefined, name: string, annotations: boolean): object {
  const found = entity?.attributes.find((a) => a.name === name);
  return found ? attributeView(found, annotations) : { name };
}

/**
 * The entity a relationship points at, without its attributes, keys and relationships: the model types it as a
 * whole `IEntityMetadata`, but what the live service fills in is unknown; the identifying fields are what a reader
 * needs, and a full copy would nest every related entity's relationships again.
 */
function entityReference(entities: readonly EntityMetadata[], name: string): object {
  const e = entities.find((x) => x.name === name);
  if (!e) return { name, qualifiedEntityName: name };
  const { name: n, qualifiedEntityName, dataSourceName, datasourceId, dataflowType, entityType } = e;
  return { name: n, qualifiedEntityName, dataSourceName, datasourceId, dataflowType, entityType };
}

/** One entity's metadata in the model's shape, with or without attribute annotations. */
export function entityView(
  entity: EntityMetadata,
  annotations: boolean,
  entities: readonly EntityMetadata[],
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ...entity,
    attributes: entity.attributes.map((a) => attributeView(a, annotations)),
    keys: entity.keys.map((k) => k.map((a) => attributeView(a, annotations))),
    relationships: entity.relationships.map((r) => ({
      ...r,
      fromAttribute: attributeObject(entity, r.fromAttribute, annotations),
      toAttribute: attributeObject(
        entities.find((e) => e.name === r.dataSourceEntity),
        r.toAttribute,
        annotations,
      ),
      dataSourceEntity: entityReference(entities, r.dataSourceEntity),
    })),
  };
  for (const field of ['timestampAttribute', 'incrementalAttribute'] as const) {
    const name = entity[field];
    if (name !== undefined) view[field] = attributeObject(entity, name, annotations);
  }
  return view;
}

/**
 * The entity named `name` (exact, then case-insensitive), or 404 `MetaDataNotFound` in the shape of the real one
 * (docs/customer-insights.md#error-shapes).
 */
export function findEntity(store: CiStore, instanceId: string, name: string): EntityMetadata {
  const entities = store.entities(instanceId);
  const entity =
    entities.find((e) => e.name === name) ?? entities.find((e) => e.name.toLowerCase() === name.toLowerCase());
  if (!entity) throw notFound('Metadata object not found.', 'MetaDataNotFound', 'entityName');
  return entity;
}
