/**
 * Whole-document rules: swagger version, host, schemes, media types (docs/power-platform.md#swagger-validator-rules,
 * #checklist) and the closed list of x-ms-* keys and x-ms-visibility values of the PPC schema (#json-schemas).
 */
import { KNOWN_EXTENSIONS, MIME_TYPES, VISIBILITY_VALUES } from '../constants';
import type { RuleGroup } from '../context';
import { type FindingSink, pointerOf } from '../finding';
import { arrayOr, isObject, objectOr } from '../json-value';
import { operationsOf, parametersOf } from '../swagger-model';

/** `host` is a bare name with an optional port 1–65535 (PPC schema pattern plus a port range). */
export function hostProblem(host: unknown): string | undefined {
  if (typeof host !== 'string' || host === '') return 'host is required';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return `host "${host}" must not include a scheme`;
  if (/[/?#\\{} ]/.test(host)) return `host "${host}" must not include a path, query or spaces`;
  const match = /^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)(:(.*))?$/.exec(
    host,
  );
  if (!match) return `host "${host}" is not a host name`;
  const port = match[6];
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))
    return `host "${host}" has an invalid port "${port}"`;
  return undefined;
}

function checkMime(list: unknown, pointer: string, out: FindingSink): void {
  arrayOr(list).forEach((type, i) => {
    if (!MIME_TYPES.includes(String(type)))
      out.add(pointerOf(pointer, i), 'MimeTypeNotValid', `"${String(type)}" is not one of ${MIME_TYPES.join(', ')}.`);
  });
}

function checkExtensions(node: unknown, pointer: string, out: FindingSink): void {
  if (Array.isArray(node)) node.forEach((child, i) => checkExtensions(child, pointerOf(pointer, i), out));
  if (!isObject(node)) return;
  for (const [key, child] of Object.entries(node)) {
    const at = pointerOf(pointer, key);
    if (key.startsWith('x-ms-') && !KNOWN_EXTENSIONS.includes(key))
      out.add(at, 'UnknownExtension', `"${key}" is not an extension the Power Platform schema allows.`);
    if (key === 'x-ms-visibility' && !VISIBILITY_VALUES.includes(String(child)))
      out.add(at, 'InvalidVisibilityValue', `"${String(child)}" is not one of ${VISIBILITY_VALUES.join(', ')}.`);
    // Values under properties/definitions/parameters are names, not keywords, so keys there are walked the same way.
    checkExtensions(child, at, out);
  }
}

/** Checks version, host, basePath, schemes, consumes/produces and every x-ms-* key. */
export const documentRules: RuleGroup = ({ swagger, sinks }) => {
  const out = sinks.swagger;
  if (swagger.swagger !== '2.0')
    out.add('/swagger', 'SwaggerVersionNotSupported', 'swagger must be "2.0" (OpenAPI 2.0 only).');
  const problem = hostProblem(swagger.host);
  if (problem) out.add('/host', 'HostNameNotValid', `${problem}.`);
  if (typeof swagger.basePath !== 'string' || !swagger.basePath.startsWith('/'))
    out.add('/basePath', 'BasePathNotValid', 'basePath must start with "/".');
  const schemes = arrayOr(swagger.schemes);
  if (schemes.length === 0) out.add('/schemes', 'SchemesArrayEmpty', 'schemes must list "https".');
  schemes.forEach((s, i) => {
    if (s !== 'https') out.add(`/schemes/${i}`, 'SchemeNotHttps', `scheme "${String(s)}" is not allowed; use https.`);
  });
  checkMime(swagger.consumes, '/consumes', out);
  checkMime(swagger.produces, '/produces', out);
  for (const operation of operationsOf(swagger)) {
    checkMime(operation.op.consumes, pointerOf(operation.pointer, 'consumes'), out);
    checkMime(operation.op.produces, pointerOf(operation.pointer, 'produces'), out);
    const hasBody = parametersOf(swagger, operation).some((p) => p.param.in === 'body' || p.param.in === 'formData');
    const consumes = arrayOr(objectOr(operation.op).consumes ?? swagger.consumes);
    if (hasBody && consumes.length === 0)
      out.add(
        operation.pointer,
        'ConsumesMissing',
        `${operation.method.toUpperCase()} ${operation.path} takes a body but declares no consumes.`,
      );
  }
  checkExtensions(swagger, '', out);
};
