/**
 * CI entity metadata (`IEntityMetadata`, docs/customer-insights.md#metadata-shapes) normalised into the one shape the proxy works
 * with. The metadata fields are read defensively: annotations come as a `[{name, value}]` list (the documented form),
 * as a name → value map, or as `isReadOnly`/`isMandatory` flags, keys as lists of attributes or of names, and the
 * timestamp attribute as an attribute object (the code model) or a name.
 */
import { ACTIVITY_TYPE_DISPLAY_ANNOTATION } from '../limits/constants';
import { customerLinksOf, type CustomerLink } from './customer-link';
import { jsonTypeOf, type JsonTypeInfo } from './edm-types';
import { referencedName } from './metadata-name';
import { titleCase } from './title-case';

export interface AttributeModel {
  name: string;
  /** The label makers see: CI's friendlyName in Title Case (title-case.ts), or the name. */
  friendlyName: string;
  /** The type name exactly as CI sent it. */
  dataType: string;
  json: JsonTypeInfo;
  semanticType?: string;
  description?: string;
  key: boolean;
  mandatory: boolean;
  readOnly: boolean;
  searchable: boolean;
}

export interface EntityModel {
  name: string;
  displayName: string;
  /** CI's `entityType` (profile, activity, unifiedActivity, …), lower-cased first letter as CI sends it. */
  entityType: string;
  dataSourceName?: string;
  attributes: AttributeModel[];
  /** Attribute names of the primary key(s). */
  keys: string[];
  timestampAttribute?: string;
  /** Fields of a source activity table that name its customer (customer-link.ts). */
  customerLinks: CustomerLink[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

const ABSENT = Symbol('absent');

/**
 * The value of one annotation in whichever form CI used (`[{name, value}]`, a bare name, or a name → value map);
 * `null` for a bare name or a name without value, ABSENT when the annotation is not there.
 */
function annotationEntry(holder: Json, name: string): unknown {
  const wanted = name.toLowerCase();
  const list = holder.annotations;
  if (Array.isArray(list)) {
    for (const item of list) {
      if (typeof item === 'string' && item.toLowerCase() === wanted) return null;
      if (isObject(item) && String(item.name ?? '').toLowerCase() === wanted) return item.value ?? null;
    }
  } else if (isObject(list)) {
    for (const [key, value] of Object.entries(list)) if (key.toLowerCase() === wanted) return value;
  }
  return ABSENT;
}

/** Reads one flag annotation (`ReadOnly`, `Mandatory`) from whichever form CI used; a bare name counts as true. */
function annotation(attr: Json, name: string): boolean {
  const flag = attr[`is${name}`] ?? attr[name.charAt(0).toLowerCase() + name.slice(1)];
  if (flag !== undefined) return truthy(flag);
  const value = annotationEntry(attr, name);
  return value !== ABSENT && (value === null || truthy(value));
}

/** A text annotation of an entity or attribute (e.g. an activity table's `ActivityTypeDisplay`), when non-empty. */
export function textAnnotation(holder: unknown, name: string): string | undefined {
  if (!isObject(holder)) return undefined;
  const value = annotationEntry(holder, name);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function keyNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const names = new Set<string>();
  const add = (item: unknown): void => {
    if (typeof item === 'string') names.add(item);
    else if (isObject(item) && typeof item.name === 'string') names.add(item.name);
    else if (Array.isArray(item)) item.forEach(add);
  };
  raw.forEach(add);
  return [...names];
}

/** Builds the entity model from one `IEntityMetadata` object; throws a TypeError when it has no attributes list. */
export function toEntityModel(metadata: unknown): EntityModel {
  if (!isObject(metadata) || !Array.isArray(metadata.attributes)) {
    throw new TypeError('entity metadata without an attributes list');
  }
  const name = String(metadata.name ?? metadata.qualifiedEntityName ?? '');
  const keys = keyNames(metadata.keys);
  const attributes: AttributeModel[] = [];
  for (const raw of metadata.attributes) {
    if (!isObject(raw) || typeof raw.name !== 'string' || raw.name === '') continue;
    const search = isObject(raw.searchProperties) ? raw.searchProperties : {};
    const dataType = typeof raw.dataType === 'string' ? raw.dataType : 'Edm.String';
    attributes.push({
      name: raw.name,
      friendlyName: typeof raw.friendlyName === 'string' && raw.friendlyName ? titleCase(raw.friendlyName) : raw.name,
      dataType,
      json: jsonTypeOf(dataType),
      semanticType: typeof raw.semanticType === 'string' ? raw.semanticType : undefined,
      description: typeof raw.description === 'string' && raw.description ? raw.description : undefined,
      key: keys.includes(raw.name),
      mandatory: annotation(raw, 'Mandatory'),
      readOnly: annotation(raw, 'ReadOnly'),
      searchable: truthy(search.isSearchable),
    });
  }
  // An activity table without a friendly name is known to makers by its activity type's display name.
  const displayName = [
    metadata.friendlyName,
    metadata.displayName,
    textAnnotation(metadata, ACTIVITY_TYPE_DISPLAY_ANNOTATION),
  ].find((v) => typeof v === 'string' && v !== '');
  return {
    name,
    displayName: typeof displayName === 'string' ? displayName : name,
    entityType: typeof metadata.entityType === 'string' ? metadata.entityType : 'unspecified',
    dataSourceName: typeof metadata.dataSourceName === 'string' ? metadata.dataSourceName : undefined,
    attributes,
    keys,
    timestampAttribute: referencedName(metadata.timestampAttribute),
    customerLinks: customerLinksOf(metadata),
  };
}

/** True for entities CI accepts real-time activities for: source activity tables and `UnifiedActivity`. */
export function isActivityEntity(model: Pick<EntityModel, 'entityType'>): boolean {
  const type = model.entityType.toLowerCase();
  return type === 'activity' || type === 'unifiedactivity';
}
