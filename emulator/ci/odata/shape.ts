/**
 * The entity's attributes as the query engine needs them, and the one place unknown attribute names are reported.
 */
import { kindOfType, type ValueKind } from './edm-types';
import { ODataQueryError } from './errors';

/** What the engine knows about an entity: its attributes (Edm types) and the attributes `$search` looks in. */
export interface EntityShape {
  attributes: { name: string; dataType: string /* Edm.* */ }[];
  searchable: string[];
}

/** One attribute with its comparison kind resolved. */
export interface ResolvedAttribute {
  name: string;
  dataType: string;
  kind: ValueKind;
}

/** Attributes by exact (case-sensitive, as OData property names are) name. */
export type AttributeIndex = ReadonlyMap<string, ResolvedAttribute>;

/** Builds the lookup table for one entity shape. */
export function indexShape(shape: EntityShape): AttributeIndex {
  const index = new Map<string, ResolvedAttribute>();
  for (const { name, dataType } of shape.attributes) index.set(name, { name, dataType, kind: kindOfType(dataType) });
  return index;
}

/** Returns the attribute called `name` or throws ODataQueryError for `target`, suggesting a case-insensitive match. */
export function resolveAttribute(index: AttributeIndex, name: string, target: string, pos?: number): ResolvedAttribute {
  const attribute = index.get(name);
  if (attribute) return attribute;
  const lower = name.toLowerCase();
  const near = [...index.keys()].find((key) => key.toLowerCase() === lower);
  const where = pos === undefined ? '' : ` at position ${pos}`;
  const hint = near ? ` (names are case-sensitive: did you mean '${near}'?)` : '';
  throw new ODataQueryError(target, `unknown attribute '${name}'${where}${hint}`, pos);
}

/** Throws unless the attribute can be compared or sorted (Edm.Binary and friends cannot). */
export function requireComparable(attribute: ResolvedAttribute, target: string, pos?: number): void {
  if (attribute.kind !== 'unsupported') return;
  const where = pos === undefined ? '' : ` at position ${pos}`;
  throw new ODataQueryError(
    target,
    `attribute '${attribute.name}' (${attribute.dataType}) cannot be used in ${target}${where}`,
    pos,
  );
}
