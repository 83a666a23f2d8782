/**
 * Loads the one contract, `apiDefinition.swagger.json`, with swagger-parser (validated and dereferenced) once at
 * startup, and turns it into operation specs the route table and validators are built from (style guide rule 2).
 */
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';

/** The repository's connector definition, next to package.json. */
export const DEFAULT_CONTRACT_FILE = path.resolve(__dirname, '..', '..', 'apiDefinition.swagger.json');

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  required: boolean;
  /** The parameter's JSON Schema (for body parameters, the dereferenced body schema). */
  schema: Record<string, unknown>;
}

export interface OperationSpec {
  operationId: string;
  method: HttpMethod;
  /** Swagger path template below basePath, e.g. `/instances/{instanceId}/entities`. */
  pathTemplate: string;
  parameters: ParameterSpec[];
  /** Declared response schemas by status code (only those with a schema). */
  responseSchemas: Record<string, Record<string, unknown>>;
}

export interface Contract {
  basePath: string;
  operations: OperationSpec[];
  /** The dereferenced document, for tests that check responses against it. */
  document: Record<string, unknown>;
}

const METHODS: HttpMethod[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
/** Keywords a Swagger 2.0 non-body parameter shares with JSON Schema. */
const PARAM_SCHEMA_KEYS = [
  'type',
  'format',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'items',
  'default',
];

function parameterSpec(raw: Record<string, unknown>): ParameterSpec {
  const where = raw.in as ParameterSpec['in'];
  const schema =
    where === 'body'
      ? ((raw.schema as Record<string, unknown>) ?? {})
      : Object.fromEntries(PARAM_SCHEMA_KEYS.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
  return { name: String(raw.name), in: where, required: raw.required === true || where === 'path', schema };
}

/** Loads, validates and dereferences the contract; rejects with swagger-parser's message when it is invalid. */
export async function loadContract(file: string = DEFAULT_CONTRACT_FILE): Promise<Contract> {
  const document = (await SwaggerParser.validate(file)) as unknown as Record<string, unknown>;
  const basePath = String(document.basePath ?? '').replace(/\/+$/, '');
  const operations: OperationSpec[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const [pathTemplate, item] of Object.entries(paths)) {
    const shared = (item.parameters as Record<string, unknown>[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method.toLowerCase()] as Record<string, unknown> | undefined;
      if (!op) continue;
      const own = (op.parameters as Record<string, unknown>[] | undefined) ?? [];
      const byKey = new Map<string, ParameterSpec>();
      for (const raw of [...shared, ...own]) byKey.set(`${raw.in}:${raw.name}`, parameterSpec(raw));
      const responseSchemas: OperationSpec['responseSchemas'] = {};
      for (const [status, response] of Object.entries(
        (op.responses ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        if (response.schema) responseSchemas[status] = response.schema as Record<string, unknown>;
      }
      operations.push({
        operationId: String(op.operationId),
        method,
        pathTemplate,
        parameters: [...byKey.values()],
        responseSchemas,
      });
    }
  }
  return { basePath, operations, document };
}
