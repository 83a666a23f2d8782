/**
 * Read-only views over a swagger document for the rules: its operations, their parameters with local `$ref`s
 * resolved (keeping the pointer of the object that holds the text), and a schema walker that follows
 * `#/definitions/...` references once per walk.
 */
import { pointerOf } from './finding';
import { arrayOr, isObject, objectOr, type JsonObject } from './json-value';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

export interface Operation {
  path: string;
  method: string;
  op: JsonObject;
  pointer: string;
}

export interface Parameter {
  param: JsonObject;
  /** Where the parameter object lives: `/parameters/<key>` when shared, inside the operation when inline. */
  pointer: string;
  /** Set when the parameter object is written inline in an operation or path item. */
  inline: boolean;
}

/** Lists every operation of the document in file order. */
export function operationsOf(swagger: JsonObject): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(objectOr(swagger.paths))) {
    for (const [method, op] of Object.entries(objectOr(item))) {
      if (HTTP_METHODS.includes(method) && isObject(op)) {
        result.push({ path, method, op, pointer: pointerOf('/paths', path, method) });
      }
    }
  }
  return result;
}

/** Resolves a local `$ref` of the form `#/<section>/<key>` to its object and pointer, or undefined. */
export function resolveRef(swagger: JsonObject, ref: unknown): { value: JsonObject; pointer: string } | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
  const tokens = ref
    .slice(2)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let value: unknown = swagger;
  for (const token of tokens) value = objectOr(value)[token];
  return isObject(value) ? { value, pointer: pointerOf('', ...tokens) } : undefined;
}

/** The parameters of an operation, path-level ones included, with references resolved. */
export function parametersOf(swagger: JsonObject, operation: Operation): Parameter[] {
  const itemPointer = pointerOf('/paths', operation.path);
  const lists: [unknown, string][] = [
    [objectOr(objectOr(swagger.paths)[operation.path]).parameters, pointerOf(itemPointer, 'parameters')],
    [operation.op.parameters, pointerOf(operation.pointer, 'parameters')],
  ];
  const result: Parameter[] = [];
  for (const [list, base] of lists) {
    arrayOr(list).forEach((entry, index) => {
      const resolved = isObject(entry) && '$ref' in entry ? resolveRef(swagger, entry.$ref) : undefined;
      if (resolved) result.push({ param: resolved.value, pointer: resolved.pointer, inline: false });
      else if (isObject(entry)) result.push({ param: entry, pointer: pointerOf(base, index), inline: true });
    });
  }
  return result;
}

export interface SchemaVisit {
  schema: JsonObject;
  pointer: string;
  depth: number;
  /** The name under `properties` this node sits at, when it is a property. */
  propertyName?: string;
  /** Set when the node is the `items` schema of an array. */
  isItems?: boolean;
}

/**
 * Walks a schema depth-first: the node, its `properties`, `items` and `additionalProperties`. A `$ref` is followed
 * into `definitions` once per walk (so shared and recursive definitions terminate); the referring node is visited too,
 * because labels may sit beside the `$ref`.
 */
export function walkSchema(swagger: JsonObject, root: unknown, pointer: string, visit: (v: SchemaVisit) => void): void {
  const seen = new Set<string>();
  const step = (node: unknown, at: string, depth: number, propertyName?: string, isItems?: boolean): void => {
    if (!isObject(node)) return;
    visit({ schema: node, pointer: at, depth, propertyName, isItems });
    const target = '$ref' in node ? resolveRef(swagger, node.$ref) : undefined;
    if (target && !seen.has(target.pointer)) {
      seen.add(target.pointer);
      step(target.value, target.pointer, depth);
    }
    for (const [name, child] of Object.entries(objectOr(node.properties))) {
      step(child, pointerOf(at, 'properties', name), depth + 1, name);
    }
    if (isObject(node.items)) step(node.items, pointerOf(at, 'items'), depth + 1, undefined, true);
    if (isObject(node.additionalProperties))
      step(node.additionalProperties, pointerOf(at, 'additionalProperties'), depth + 1);
  };
  step(root, pointer, 1);
}

/** Follows a `$ref` chain to the schema that holds the content. */
export function derefSchema(swagger: JsonObject, schema: unknown): JsonObject | undefined {
  let node = schema;
  for (let hops = 0; isObject(node) && '$ref' in node && hops < 10; hops++)
    node = resolveRef(swagger, node.$ref)?.value;
  return isObject(node) ? node : undefined;
}

/** The schema at a slash-separated path of property names (arrays are stepped through), or undefined. */
export function schemaAtPath(swagger: JsonObject, root: unknown, path: string): JsonObject | undefined {
  let node = derefSchema(swagger, root);
  for (const segment of path.split('/').filter((s) => s !== '')) {
    if (node && node.type === 'array') node = derefSchema(swagger, node.items);
    node = node ? derefSchema(swagger, objectOr(node.properties)[segment]) : undefined;
  }
  return node;
}

/** The schema of an operation's first 2xx response that has one. */
export function successSchema(operation: Operation): unknown {
  const entry = Object.entries(objectOr(operation.op.responses)).find(
    ([code, r]) => /^2\d\d$/.test(code) && isObject(r) && 'schema' in r,
  );
  return entry ? objectOr(entry[1]).schema : undefined;
}
