/**
 * Path rules: duplicates, forbidden characters, template variables vs path parameters
 * (docs/power-platform.md#swagger-validator-rules).
 */
import type { RuleGroup } from '../context';
import { pointerOf } from '../finding';
import { objectOr } from '../json-value';
import { operationsOf, parametersOf } from '../swagger-model';

const templateNames = (path: string): string[] => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);

/** Checks the paths object and each operation's path parameters. */
export const pathRules: RuleGroup = ({ swagger, sinks }) => {
  const out = sinks.swagger;
  const shapes = new Map<string, string>();
  for (const path of Object.keys(objectOr(swagger.paths))) {
    const at = pointerOf('/paths', path);
    // Paths that differ only in case or in parameter names route the same way (DuplicateOperationPath, PathRedefined).
    const shape = path.toLowerCase().replace(/\{[^}]*\}/g, '{}');
    const previous = shapes.get(shape);
    if (previous !== undefined) out.add(at, 'DuplicateOperationPath', `"${path}" routes like "${previous}".`);
    else shapes.set(shape, path);
    if (path.includes('*')) out.add(at, 'OperationPathContainsUnsupportedCharacters', `"${path}" contains "*".`);
    if (/[?#]/.test(path)) out.add(at, 'OperationPathMayNotContainQueryOrFragment', `"${path}" contains "?" or "#".`);
  }
  for (const operation of operationsOf(swagger)) {
    const pathParams = parametersOf(swagger, operation).filter((p) => p.param.in === 'path');
    const declared = new Set(pathParams.map((p) => String(p.param.name)));
    const inPath = templateNames(operation.path);
    for (const name of inPath)
      if (!declared.has(name))
        out.add(operation.pointer, 'PathParameterNotDefined', `{${name}} in ${operation.path} has no path parameter.`);
    for (const p of pathParams)
      if (!inPath.includes(String(p.param.name)))
        out.add(
          p.pointer,
          'PathParameterNotInPath',
          `Path parameter "${String(p.param.name)}" is not in ${operation.path}.`,
        );
  }
};
