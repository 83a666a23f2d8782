/** OData key segments: `Entity('key')` / `Entity(123)` in Location headers and in `GET data/{relativePath}` [I]. */
import { badRequest } from '../errors/ci-error';
import { keyNames, type EntityMetadata } from '../entity-model';

const NUMERIC_KEY_TYPES = new Set(['Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double']);

/** The key as it appears inside the parentheses. */
export function keyLiteral(entity: EntityMetadata, key: unknown): string {
  const type = entity.keys[0]?.[0]?.dataType ?? 'Edm.String';
  if (NUMERIC_KEY_TYPES.has(type) || type === 'Edm.Guid') return encodeURIComponent(String(key));
  return `'${encodeURIComponent(String(key).replace(/'/g, "''"))}'`;
}

/** Splits `Entity` or `Entity(key)` into name and key text; 400 for anything else. */
export function parseRelativePath(path: string): { entityName: string; key?: string } {
  const m = /^([A-Za-z_][\w.]*)(?:\((?:'((?:[^']|'')*)'|([^'()]+))\))?\/?$/.exec(path);
  if (!m)
    throw badRequest(
      `'${path}' is not an entity set or an entity key (Entity or Entity('key')).`,
      'relativePath',
      'InvalidPath',
    );
  const key = m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3];
  return { entityName: m[1], ...(key !== undefined ? { key } : {}) };
}

/** The key attribute name of an entity (400 when it has none, e.g. in odd captured metadata). */
export function keyAttribute(entity: EntityMetadata): string {
  const [key] = keyNames(entity);
  if (!key) throw badRequest(`${entity.name} has no key; address it as an entity set.`, 'relativePath', 'InvalidPath');
  return key;
}
