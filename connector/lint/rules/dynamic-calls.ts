/**
 * Checks one dynamic extension's call against the operation it sits in and the helper it invokes
 * (docs/power-platform.md#swagger-validator-rules, #dynamic-values-and-schemas, #checklist).
 */
import { type FindingSink, pointerOf } from '../finding';
import { isObject, objectOr, type JsonObject } from '../json-value';
import { type Operation, operationsOf, parametersOf, schemaAtPath, successSchema } from '../swagger-model';

export type ExtensionKind =
  'x-ms-dynamic-values' | 'x-ms-dynamic-list' | 'x-ms-dynamic-schema' | 'x-ms-dynamic-properties';

/** What a parameter binding means, whichever syntax wrote it. */
export type Binding = { reference: string } | { literal: unknown } | { invalid: true };

/** Reads a binding: legacy `{parameter}` / bare literal, or new `{parameterReference}` / `{value}`. */
export function bindingOf(kind: ExtensionKind, value: unknown): Binding {
  const legacy = kind === 'x-ms-dynamic-values' || kind === 'x-ms-dynamic-schema';
  if (legacy)
    return isObject(value)
      ? 'parameter' in value
        ? { reference: String(value.parameter) }
        : { invalid: true }
      : { literal: value };
  if (isObject(value) && 'parameterReference' in value) return { reference: String(value.parameterReference) };
  if (isObject(value) && 'value' in value) return { literal: value.value };
  return { invalid: true };
}

const literalFits = (target: JsonObject, literal: unknown): boolean => {
  if (Array.isArray(target.enum) && !target.enum.includes(literal)) return false;
  const type = String(target.type ?? 'string');
  if (type === 'integer') return Number.isInteger(literal);
  if (type === 'number') return typeof literal === 'number';
  if (type === 'boolean') return typeof literal === 'boolean';
  return typeof literal === 'string';
};

/** Checks the operationId, parameters and response paths of one extension. */
export function checkCall(
  swagger: JsonObject,
  site: { operation: Operation; pointer: string; node: JsonObject; drivesSchema: boolean },
  kind: ExtensionKind,
  out: FindingSink,
): void {
  const extension = objectOr(site.node[kind]);
  const at = pointerOf(site.pointer, kind);
  const operationId = String(extension.operationId ?? '');
  const target = operationsOf(swagger).find((o) => o.op.operationId === operationId);
  if (!target) {
    out.add(pointerOf(at, 'operationId'), 'DynamicOperationNotFound', `No operation has operationId "${operationId}".`);
    return;
  }
  if (target.op['x-ms-visibility'] !== 'internal')
    out.add(
      pointerOf(at, 'operationId'),
      'InvokedOperationNotInternal',
      `Helper "${operationId}" must be x-ms-visibility internal.`,
    );
  if (target.method !== 'get')
    out.add(pointerOf(at, 'operationId'), 'InvokedOperationNotGet', `Helper "${operationId}" must be a plain GET.`);

  const own = parametersOf(swagger, site.operation).map((p) => p.param);
  const theirs = parametersOf(swagger, target).map((p) => p.param);
  const bindings = objectOr(extension.parameters);
  for (const [name, raw] of Object.entries(bindings)) {
    const binding = bindingOf(kind, raw);
    const paramAt = pointerOf(at, 'parameters', name);
    const targetParam = theirs.find((p) => p.name === name);
    if (!targetParam)
      out.add(paramAt, 'DynamicParameterNotOnOperation', `Helper "${operationId}" has no parameter "${name}".`);
    if ('reference' in binding) {
      const source = own.find((p) => p.name === binding.reference.split('/')[0]);
      if (!source)
        out.add(
          paramAt,
          'DynamicParameterNotFound',
          `"${binding.reference}" is not a parameter of ${site.operation.op.operationId}.`,
        );
      else if (site.drivesSchema && source.required !== true)
        out.add(
          paramAt,
          'DynamicSchemaParameterNotRequired',
          `"${binding.reference}" drives a dynamic schema, so it must be required.`,
        );
    }
    if ('literal' in binding && targetParam && !literalFits(targetParam, binding.literal))
      out.add(
        paramAt,
        'OperationParameterTypeMismatch',
        `${JSON.stringify(binding.literal)} does not fit "${name}" of "${operationId}".`,
      );
  }
  for (const param of theirs)
    if (param.required === true && param.in !== 'body' && !(String(param.name) in bindings))
      out.add(
        pointerOf(at, 'parameters'),
        'OperationMissingRequiredProperty',
        `Required parameter "${String(param.name)}" of "${operationId}" is not supplied.`,
      );

  const schema = successSchema(target);
  const produce = (path: unknown, what: string): void => {
    if (typeof path === 'string' && !schemaAtPath(swagger, schema, path))
      out.add(
        at,
        'InvokedOperationShouldProduceProperty',
        `The 200 schema of "${operationId}" does not declare ${what} "${path}".`,
      );
  };
  if (kind === 'x-ms-dynamic-values' || kind === 'x-ms-dynamic-list') {
    const collection = String(extension[kind === 'x-ms-dynamic-values' ? 'value-collection' : 'itemsPath'] ?? '');
    const array = schemaAtPath(swagger, schema, collection);
    if (!array || array.type !== 'array') {
      out.add(
        at,
        'InvokedOperationShouldProduceArray',
        `The 200 schema of "${operationId}" does not declare an array at "${collection}".`,
      );
      return;
    }
    const keys = kind === 'x-ms-dynamic-values' ? ['value-path', 'value-title'] : ['itemValuePath', 'itemTitlePath'];
    for (const key of keys)
      if (typeof extension[key] === 'string') produce(`${collection}/${extension[key]}`, 'the item property');
  } else {
    const path = extension[kind === 'x-ms-dynamic-schema' ? 'value-path' : 'itemValuePath'] ?? '';
    produce(path, 'the schema property');
    const found = typeof path === 'string' ? schemaAtPath(swagger, schema, path) : undefined;
    if (found && found.type !== 'object')
      out.add(
        at,
        'InvokedOperationShouldProduceProperty',
        `The 200 schema of "${operationId}" declares "${String(path)}" as ${String(found.type)}; a schema is an object.`,
      );
  }
}
