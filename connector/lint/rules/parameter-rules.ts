/**
 * Parameter rules: naming, encoding, required-ness, labels (docs/power-platform.md#swagger-validator-rules, #checklist;
 * design.md §4 "names unique").
 */
import { FORMAT_TYPES, RESERVED_PARAMETER_NAME } from '../constants';
import type { RuleGroup } from '../context';
import { pointerOf } from '../finding';
import { isObject, objectOr } from '../json-value';
import { operationsOf, parametersOf } from '../swagger-model';
import { checkLabels } from './text-rules';

/** Checks every shared and inline parameter once, and names across the whole file. */
export const parameterRules: RuleGroup = ({ swagger, sinks }) => {
  const out = sinks.swagger;
  const byName = new Map<string, { pointer: string; object: Record<string, unknown> }>();
  const checked = new Set<string>();
  const consider = (param: Record<string, unknown>, pointer: string): void => {
    const name = String(param.name ?? '');
    // One name, one definition: legacy {"parameter": name} references must be unambiguous, and an inline parameter
    // repeated in two operations belongs under #/parameters
    // (docs/power-platform.md#organisation-of-our-connector-file).
    const seen = byName.get(name.toLowerCase());
    if (seen && seen.object !== param)
      out.add(
        pointer,
        'ParameterNameNotUnique',
        `Parameter "${name}" is also defined at ${seen.pointer}; share one definition.`,
      );
    else if (!seen) byName.set(name.toLowerCase(), { pointer, object: param });
    if (checked.has(pointer)) return;
    checked.add(pointer);

    if (name.toLowerCase() === RESERVED_PARAMETER_NAME.toLowerCase())
      out.add(pointer, 'ConnectionIdParameterNotAllowed', `A parameter may not be named "${name}".`);
    if (param.in === 'path') {
      if (param.required !== true)
        out.add(pointer, 'PathParameterMustBeRequired', `Path parameter "${name}" must be required.`);
      if (param['x-ms-url-encoding'] !== 'single')
        out.add(
          pointer,
          'PathParameterMissingEncoding',
          `Path parameter "${name}" needs "x-ms-url-encoding": "single".`,
        );
    }
    if (param.in === 'query' && 'x-ms-url-encoding' in param)
      out.add(
        pointerOf(pointer, 'x-ms-url-encoding'),
        'QueryParameterEncodingNotSupported',
        `Query parameter "${name}" may not set x-ms-url-encoding.`,
      );
    if (param['x-ms-visibility'] === 'internal' && 'default' in param && param.required !== true)
      out.add(
        pointer,
        'InternalPropertyWithDefaultOptional',
        `Internal parameter "${name}" has a default, so it must be required.`,
      );
    if (param.in !== 'body' && typeof param.format === 'string') {
      const types = FORMAT_TYPES[param.format];
      if (!types || !types.includes(String(param.type)))
        out.add(
          pointerOf(pointer, 'format'),
          'UnrecognizedTypeFormat',
          `Format "${param.format}" is not allowed on type "${String(param.type)}".`,
        );
    }
    checkLabels(param, pointer, 'parameter', out);
  };

  for (const [key, param] of Object.entries(objectOr(swagger.parameters)))
    if (isObject(param)) consider(param, pointerOf('/parameters', key));
  for (const operation of operationsOf(swagger))
    for (const { param, pointer } of parametersOf(swagger, operation)) consider(param, pointer);
};
