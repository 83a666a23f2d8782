/** Entity metadata as served: attribute annotations only when `attributesAnnotations=true` (ref §3). */
import type { AttributeMetadata, EntityMetadata } from '../entity-model';
import { notFound } from '../errors/ci-error';
import type { CiStore } from '../persistence/ci-store';

function attributeView(a: AttributeMetadata, annotations: boolean): AttributeMetadata {
  if (annotations) return { ...a, annotations: a.annotations ?? [] };
  const { annotations: _hidden, ...rest } = a;
  return rest as AttributeMetadata;
}

/** One entity's metadata, with or without attribute annotations. */
export function entityView(entity: EntityMetadata, annotations: boolean): EntityMetadata {
  return {
    ...entity,
    attributes: entity.attributes.map((a) => attributeView(a, annotations)),
    keys: entity.keys.map((k) => k.map((a) => attributeView(a, annotations))),
  };
}

/** The entity named `name` (exact, then case-insensitive), or 404 `MetaDataNotFound` in the I24 shape. */
export function findEntity(store: CiStore, instanceId: string, name: string): EntityMetadata {
  const entities = store.entities(instanceId);
  const entity =
    entities.find((e) => e.name === name) ?? entities.find((e) => e.name.toLowerCase() === name.toLowerCase());
  if (!entity) throw notFound('Metadata object not found.', 'MetaDataNotFound', 'entityName');
  return entity;
}
