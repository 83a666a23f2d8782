/**
 * Checks a real-time write body against the entity's attributes (docs/customer-insights.md#real-time-writes: "in that
 * table's format"): a JSON object, known attributes only, `Edm.*` types, Mandatory present on create, keys and ReadOnly
 * attributes never updated. Every error names the field (ODataError `target`).
 */
import { badRequest } from '../errors/ci-error';
import { hasAnnotation, keyNames, type EntityMetadata } from '../entity-model';
import { edmMismatch } from './edm-values';
import type { Row } from './unified-activity';

/** The body as an object, or 400 when it is anything else. */
export function requireObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be one JSON object (one record).', 'body', 'InvalidPayload');
  }
  return body as Record<string, unknown>;
}

function checkFields(entity: EntityMetadata, record: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(record)) {
    const attribute = entity.attributes.find((a) => a.name === name);
    if (!attribute) throw badRequest(`'${name}' is not an attribute of ${entity.name}.`, name, 'UnknownAttribute');
    if (value === null) continue;
    const expected = edmMismatch(attribute.dataType, value);
    if (expected)
      throw badRequest(
        `'${name}' must be ${expected} (${attribute.dataType}); got ${JSON.stringify(value)}.`,
        name,
        'InvalidAttributeValue',
      );
  }
}

/** A record for `POST data/{entity}`: every Mandatory and key attribute present and non-null. */
export function validateNewRecord(entity: EntityMetadata, body: unknown): Row {
  const record = requireObject(body);
  checkFields(entity, record);
  const required = new Set([
    ...keyNames(entity),
    ...entity.attributes.filter((a) => hasAnnotation(a, 'Mandatory')).map((a) => a.name),
  ]);
  for (const name of required) {
    if (record[name] === undefined || record[name] === null)
      throw badRequest(`'${name}' is required for ${entity.name}.`, name, 'MissingAttribute');
  }
  return Object.fromEntries(entity.attributes.map((a) => [a.name, record[a.name] ?? null]));
}

/** A change set for `PATCH data/{entity}/{id}`: non-empty, no key and no ReadOnly attributes. */
export function validateChanges(entity: EntityMetadata, body: unknown): Record<string, unknown> {
  const changes = requireObject(body);
  if (Object.keys(changes).length === 0)
    throw badRequest('The change set is empty: send at least one attribute.', 'body', 'InvalidPayload');
  checkFields(entity, changes);
  const keys = new Set(keyNames(entity));
  for (const name of Object.keys(changes)) {
    const attribute = entity.attributes.find((a) => a.name === name);
    if (keys.has(name))
      throw badRequest(`'${name}' is a key of ${entity.name} and cannot be changed.`, name, 'KeyAttributeNotUpdatable');
    if (attribute && hasAnnotation(attribute, 'ReadOnly'))
      throw badRequest(`'${name}' is read-only on ${entity.name}.`, name, 'ReadOnlyAttribute');
  }
  return changes;
}
