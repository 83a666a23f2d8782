/**
 * Reshaping in: a maker's body → the record CI accepts. Values are coerced to the entity's types, empty optional
 * fields dropped, unknown fields refused by name (nothing is sent upstream that CI would reject, issue #4).
 */
import { AppError, appError, invalidField, missingField } from '../errors';
import type { AttributeModel, EntityModel } from '../schema/entity-model';
import { attributeInView, attributeRequired, type SchemaView } from '../schema/json-schema';
import { coerceValue } from './coerce';

export interface ReshapedRecord {
  record: Record<string, unknown>;
  /** Names of the fields sent, in entity order. */
  fields: string[];
}

function isEmpty(attr: AttributeModel | undefined, value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  // Designers send "  " for a touched-but-cleared number or date box; only text keeps its whitespace.
  return typeof value === 'string' && attr?.json.kind !== 'string' && value.trim() === '';
}

/** Several problems become one error: the first one's code and target, every message listed. */
function combine(problems: AppError[]): AppError {
  if (problems.length === 1) return problems[0];
  const [first] = problems;
  const message = `${problems.length} problems: ${problems.map((p) => p.message).join(' ')}`;
  return new AppError(first.status, first.code, message, first.extra);
}

function unknownMessage(model: EntityModel, name: string, target: string): AppError {
  const near = model.attributes.find((a) => a.name.toLowerCase() === name.toLowerCase());
  const hint = near ? ` Did you mean ${near.name}?` : '';
  return appError('UnknownField', `${target} is not a field of ${model.name}.${hint}`, { target });
}

/**
 * Validates and reshapes one record for `view` (`activity-input` or `profile-update`); throws one AppError naming
 * every problem, with `target` set to the first field at fault.
 */
export function reshapeRecord(
  model: EntityModel,
  body: unknown,
  view: SchemaView,
  targetPrefix = 'body',
): ReshapedRecord {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidField(targetPrefix, `${targetPrefix} must be a JSON object with the fields of ${model.name}.`);
  }
  const byName = new Map(model.attributes.map((a) => [a.name, a]));
  const input = body as Record<string, unknown>;
  const problems: AppError[] = [];
  for (const name of Object.keys(input)) {
    const attr = byName.get(name);
    const target = `${targetPrefix}.${name}`;
    if (!attr) {
      problems.push(unknownMessage(model, name, target));
    } else if (!attributeInView(attr, view) && !isEmpty(attr, input[name])) {
      const why = attr.key ? 'is a key and cannot be changed' : 'is read-only';
      problems.push(invalidField(target, `${target} (${attr.friendlyName}) ${why}.`));
    }
  }
  const record: Record<string, unknown> = {};
  const fields: string[] = [];
  for (const attr of model.attributes) {
    if (!attributeInView(attr, view)) continue;
    const target = `${targetPrefix}.${attr.name}`;
    const value = input[attr.name];
    if (isEmpty(attr, value)) {
      if (attributeRequired(attr, view))
        problems.push(missingField(target, `${target} (${attr.friendlyName}) is required.`));
      continue;
    }
    try {
      record[attr.name] = coerceValue(attr, value, target);
      fields.push(attr.name);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems.push(err);
    }
  }
  if (problems.length > 0) throw combine(problems);
  if (view === 'profile-update' && fields.length === 0) {
    throw missingField(
      targetPrefix,
      `${targetPrefix} has no field to change; give at least one updatable field of ${model.name}.`,
    );
  }
  return { record, fields };
}
