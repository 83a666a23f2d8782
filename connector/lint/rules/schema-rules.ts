/**
 * Schema rules for bodies, responses and definitions: labels, formats, required lists, depth
 * (docs/power-platform.md#swagger-validator-rules, #json-schemas, #checklist).
 */
import { FORMAT_TYPES, SCHEMA_MAX_DEPTH } from '../constants';
import type { RuleGroup } from '../context';
import { type FindingSink, pointerOf } from '../finding';
import { arrayOr, isObject, objectOr, type JsonObject } from '../json-value';
import { derefSchema, operationsOf, parametersOf, type SchemaVisit, walkSchema } from '../swagger-model';
import { checkLabels } from './text-rules';

/** Items of plain values (strings, numbers) become their own dynamic-content token, so they need labels too. */
const isPlainItems = (visit: SchemaVisit): boolean =>
  visit.isItems === true && !('$ref' in visit.schema) && !['object', 'array'].includes(String(visit.schema.type));

function checkNode(swagger: JsonObject, visit: SchemaVisit, input: boolean, out: FindingSink): void {
  const { schema, pointer } = visit;
  if (visit.propertyName !== undefined || isPlainItems(visit)) checkLabels(schema, pointer, 'property', out);
  if (typeof schema.format === 'string') {
    const types = FORMAT_TYPES[schema.format];
    if (!types || !types.includes(String(schema.type)))
      out.add(
        pointerOf(pointer, 'format'),
        'UnrecognizedTypeFormat',
        `Format "${schema.format}" is not allowed on type "${String(schema.type)}".`,
      );
  }
  if (visit.depth > SCHEMA_MAX_DEPTH)
    out.add(pointer, 'SchemaTooDeep', `The schema nests ${visit.depth} levels; at most ${SCHEMA_MAX_DEPTH}.`);
  if (!('required' in schema)) return;
  const required = arrayOr(schema.required).map(String);
  if (required.length === 0)
    out.add(pointerOf(pointer, 'required'), 'RequiredPropertyArrayEmpty', 'Drop the empty required list.');
  const properties = objectOr(schema.properties);
  if (schema.type !== undefined && schema.type !== 'object')
    out.add(
      pointerOf(pointer, 'required'),
      'RequiredPropertyNotOnObject',
      `required is only allowed on objects, not "${String(schema.type)}".`,
    );
  for (const name of required) {
    const property = derefSchema(swagger, properties[name]);
    if (isObject(schema.properties) && !property)
      out.add(
        pointerOf(pointer, 'required'),
        'RequiredPropertyNotOnObject',
        `required names "${name}", which is not a property.`,
      );
    if (input && property?.readOnly === true)
      out.add(
        pointerOf(pointer, 'properties', name),
        'RequiredReadOnlyPropertyNotAllowedAsInput',
        `"${name}" is readOnly, so an input may not require it.`,
      );
  }
}

function checkInternalDefaults(schema: JsonObject, pointer: string, out: FindingSink): void {
  const required = arrayOr(schema.required).map(String);
  for (const [name, property] of Object.entries(objectOr(schema.properties))) {
    const p = objectOr(property);
    if (p['x-ms-visibility'] === 'internal' && 'default' in p && !required.includes(name))
      out.add(
        pointerOf(pointer, 'properties', name),
        'InternalPropertyWithDefaultOptional',
        `Internal property "${name}" has a default, so it must be required.`,
      );
  }
}

/** Walks every body schema (as input), every response schema and every definition. */
export const schemaRules: RuleGroup = ({ swagger, sinks }) => {
  const out = sinks.swagger;
  const walk = (root: unknown, pointer: string, input: boolean): void =>
    walkSchema(swagger, root, pointer, (visit) => {
      checkNode(swagger, visit, input, out);
      checkInternalDefaults(visit.schema, visit.pointer, out);
    });
  for (const operation of operationsOf(swagger)) {
    for (const { param, pointer } of parametersOf(swagger, operation))
      if (param.in === 'body') walk(param.schema, pointerOf(pointer, 'schema'), true);
    for (const [code, response] of Object.entries(objectOr(operation.op.responses)))
      if (isObject(response) && 'schema' in response)
        walk(response.schema, pointerOf(operation.pointer, 'responses', code, 'schema'), false);
  }
  for (const [name, definition] of Object.entries(objectOr(swagger.definitions)))
    walk(definition, pointerOf('/definitions', name), false);
};
