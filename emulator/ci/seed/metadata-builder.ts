/** Small constructors that keep the built-in entity definitions readable. */
import type { Annotation, AttributeMetadata, EntityMetadata, RelationshipMetadata } from '../entity-model';

export interface AttributeOptions {
  mandatory?: boolean;
  readOnly?: boolean;
  searchable?: boolean;
}

/** One attribute with CI's field names; annotations hold ReadOnly/Mandatory (served only on request). */
export function attribute(
  name: string,
  friendlyName: string,
  dataType: string,
  semanticType: string,
  options: AttributeOptions = {},
): AttributeMetadata {
  const annotations: Annotation[] = [];
  if (options.readOnly) annotations.push({ name: 'ReadOnly', value: 'true' });
  if (options.mandatory) annotations.push({ name: 'Mandatory', value: 'true' });
  return {
    name,
    friendlyName,
    baseName: name,
    dataType: `Edm.${dataType}`,
    semanticType,
    searchProperties: {
      isSearchable: options.searchable === true,
      isFilterable: true,
      isFacetable: false,
      isSortable: true,
    },
    annotations,
  };
}

export interface EntityDefinition {
  name: string;
  dataSourceName: string;
  datasourceId: string;
  entityType: string;
  semanticType?: string;
  attributes: AttributeMetadata[];
  key: string;
  timestampAttribute?: string;
  relationships?: RelationshipMetadata[];
  annotations?: Annotation[];
}

/** An entity: the key attribute becomes `keys[0]`; source tables are qualified `DataSource_Table` (ref §3). */
export function entity(def: EntityDefinition): EntityMetadata {
  const key = def.attributes.find((a) => a.name === def.key);
  if (!key) throw new Error(`seed metadata: ${def.name} has no key attribute ${def.key}`);
  return {
    name: def.name,
    qualifiedEntityName: def.name,
    dataSourceName: def.dataSourceName,
    datasourceId: def.datasourceId,
    dataflowType: 'ingestion',
    entityType: def.entityType,
    ...(def.semanticType ? { semanticType: def.semanticType } : {}),
    attributes: def.attributes,
    keys: [[key]],
    relationships: def.relationships ?? [],
    ...(def.timestampAttribute ? { timestampAttribute: def.timestampAttribute } : {}),
    annotations: def.annotations ?? [],
  };
}

/** A single-key relationship from `entityName.fromAttribute` to `toEntity.toAttribute`. */
export function relationship(
  entityName: string,
  fromAttribute: string,
  toEntity: string,
  toAttribute: string,
): RelationshipMetadata {
  return {
    name: `${entityName}_${fromAttribute}_${toEntity}`,
    friendlyName: `${entityName} to ${toEntity}`,
    fromAttribute,
    toAttribute,
    relationshipType: 'singleKeyRelationshipOrigin',
    dataSourceEntity: toEntity,
  };
}
