/**
 * CI's entity metadata as the emulator holds it (docs/customer-insights.md#metadata-shapes). Only the fields the
 * emulator fills are typed; captured tenant metadata may carry more, which is passed through untouched.
 * Relationship ends and the timestamp attribute are held as names here; the code model's wire shape (attribute and
 * entity objects) is built when served (data/metadata-view.ts), so every lookup stays a name comparison.
 */

/**
 * The emulator's own value hint for seed data (e.g. `Currency`, `LoyaltyTier`), kept apart from `semanticType`
 * because the model's enum has no such values. A symbol key: copied by spreads, never serialised.
 */
export const VALUE_HINT = Symbol('valueHint');

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
  /** `Edm.*` type name (docs/customer-insights.md#metadata-shapes). */
  dataType: string;
  semanticType?: string;
  searchProperties?: SearchProperties;
  annotations?: Annotation[];
  [VALUE_HINT]?: string;
  [extra: string]: unknown;
}

/** What seed values an attribute gets: the emulator's hint, else the tenant's `semanticType`. */
export function valueHint(attribute: AttributeMetadata): string | undefined {
  return attribute[VALUE_HINT] ?? attribute.semanticType;
}

export interface RelationshipMetadata {
  name: string;
  friendlyName: string;
  /** Name of the attribute of this entity (served as that attribute's object). */
  fromAttribute: string;
  /** Name of the attribute of `dataSourceEntity` (served as its object). */
  toAttribute: string;
  relationshipType: string;
  /** Name of the entity `toAttribute` belongs to (served as an entity object). */
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
  /** Attribute name (served as the attribute's object). */
  timestampAttribute?: string;
  /** Attribute name (served as the attribute's object). */
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
