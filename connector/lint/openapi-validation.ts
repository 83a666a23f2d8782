/**
 * swagger-parser's own OpenAPI 2.0 validation (schema plus semantics such as duplicate parameters and unresolved
 * `$ref`s), reported as one `OpenApiInvalid` finding.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Finding } from './finding';
import type { JsonObject } from './json-value';

/** Validates a copy of the document (validate() dereferences in place) and returns at most one finding. */
export async function openApiFindings(file: string, swagger: JsonObject): Promise<Finding[]> {
  try {
    await SwaggerParser.validate(structuredClone(swagger) as never);
    return [];
  } catch (error) {
    return [{ file, pointer: '', rule: 'OpenApiInvalid', message: (error as Error).message }];
  }
}
