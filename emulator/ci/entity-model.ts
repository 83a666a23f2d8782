/**
 * CI's entity metadata shapes as the emulator serves them (ref customer-insights-api.md §3 "Entity metadata", from
 * the SW code model). Only the fields the emulator fills are typed; captured tenant metadata may carry more, which
 * is passed through untouched.
 */

/** An attribute annotation; `attributesAnnotations=true` adds them (ReadOnly, Mandatory). */
export interface Annotation {
  name: string;
  value: string;
}

export interface SearchProperties {
  isSearchable: boolean;
  isFilterable: boolean;
  isFacetable: boolean;
  isSortable: boolean;
}

export interface AttributeMetadata {
  name: string;
  friendlyName: string;
  baseName: string;
  /** `Edm.*` type name (ref §3 "dataType values"). */
  dataType: string;
  semanticType?: string;
  searchProperties?: SearchProperties;
  annotations?: Annotation[];
  [extra: string]: unknown;
}

export interface RelationshipMetadata {
  name: string;
  friendlyName: string;
  fromAttribute: string;
  toAttribute: string;
  relationshipType: string;
  /** Qualified name of the entity `toAttribute` belongs to. */
  dataSourceEntity: string;
  [extra: string]: unknown;
}

export interface EntityMetadata {
  name: string;
  qualifiedEntityName: string;
  dataSourceName: string;
  datasourceId: string;
  dataflowType: string;
  entityType: string;
  semanticType?: string;
  attributes: AttributeMetadata[];
  keys: AttributeMetadata[][];
  relationships: RelationshipMetadata[];
  timestampAttribute?: string;
  incrementalAttribute?: string;
  refreshTime?: string;
  annotations?: Annotation[];
  [extra: string]: unknown;
}

/** `GET manage/entities` body. */
export interface C360EntityModel {
  instanceId: string;
  dataflowId: string;
  datasourceId: string;
  dataflowType: string;
  entities: EntityMetadata[];
}

/** True when the attribute carries the annotation `name` with value "true". */
export function hasAnnotation(attribute: AttributeMetadata, name: string): boolean {
  return (attribute.annotations ?? []).some((a) => a.name === name && String(a.value).toLowerCase() === 'true');
}

/** The names of the entity's primary-key attributes (the first key; CI entities have one). */
export function keyNames(entity: EntityMetadata): string[] {
  return (entity.keys[0] ?? []).map((a) => a.name);
}

/** Value of an entity-level annotation, if present. */
export function entityAnnotation(entity: EntityMetadata, name: string): string | undefined {
  return entity.annotations?.find((a) => a.name === name)?.value;
}
