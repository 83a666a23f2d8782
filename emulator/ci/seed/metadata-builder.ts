/** Small constructors that keep the built-in entity definitions readable. */
import {
  VALUE_HINT,
  type Annotation,
  type AttributeMetadata,
  type EntityMetadata,
  type RelationshipMetadata,
} from '../entity-model';
import { ATTRIBUTE_SEMANTIC_TYPES, ENTITY_SEMANTIC_TYPES } from '../model-enums';

export interface AttributeOptions {
  mandatory?: boolean;
  readOnly?: boolean;
  searchable?: boolean;
}

/**
 * One attribute with CI's field names; annotations hold ReadOnly/Mandatory (served only on request). `hint` picks
 * its seed values; it is served as `semanticType` only when the code model's enum has that value.
 */
export function attribute(
  name: string,
  friendlyName: string,
  dataType: string,
  hint: string,
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
    ...(ATTRIBUTE_SEMANTIC_TYPES.has(hint) ? { semanticType: hint } : {}),
    [VALUE_HINT]: hint,
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

/** An entity: the key attribute becomes `keys[0]`; source tables are qualified `DataSource_Table` (docs/customer-insights.md#metadata-shapes). */
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
    ...(def.semanticType && ENTITY_SEMANTIC_TYPES.has(def.semanticType) ? { semanticType: def.semanticType } : {}),
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
