/**
 * The connector's swagger as the designer holds it: `apiDefinition.swagger.json` loaded and dereferenced with
 * swagger-parser, and its operations by operationId (path-level parameters merged into each operation's own).
 */
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Json } from './e2e-extensions';

export const SWAGGER_FILE = path.resolve(__dirname, '..', '..', 'apiDefinition.swagger.json');

export interface Parameter extends Json {
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  required?: boolean;
  schema?: Json;
}

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  parameters: Parameter[];
  responses: Record<string, { schema?: Json }>;
  extensions: Json;
}

/** Loads and dereferences the swagger once per process (swagger-parser resolves every $ref). */
let documentPromise: Promise<Json> | undefined;
export function loadDocument(): Promise<Json> {
  documentPromise ??= SwaggerParser.dereference(SWAGGER_FILE) as unknown as Promise<Json>;
  return documentPromise;
}

/** The dereferenced document and its operations by operationId. */
export async function loadOperations(): Promise<{ doc: Json; operations: Map<string, Operation> }> {
  const doc = await loadDocument();
  const operations = new Map<string, Operation>();
  for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
    const shared = (item.parameters ?? []) as Parameter[];
    for (const [method, raw] of Object.entries(item)) {
      if (method === 'parameters' || method.startsWith('x-')) continue;
      const op = raw as Json;
      operations.set(String(op.operationId), {
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        template,
        parameters: [...shared, ...((op.parameters ?? []) as Parameter[])],
        responses: op.responses as Operation['responses'],
        extensions: op,
      });
    }
  }
  return { doc, operations };
}
