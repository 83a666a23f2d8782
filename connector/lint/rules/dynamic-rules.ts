/**
 * Dynamic extension rules: where they may sit, that legacy and new extensions always come in agreeing pairs, and that
 * each call fits its helper (docs/power-platform.md#swagger-validator-rules, #dynamic-values-and-schemas "always emit
 * legacy + new side by side", #checklist).
 */
import type { RuleGroup } from '../context';
import { type FindingSink, pointerOf } from '../finding';
import { isObject, objectOr, type JsonObject } from '../json-value';
import { type Operation, operationsOf, parametersOf, walkSchema } from '../swagger-model';
import { bindingOf, checkCall, type ExtensionKind } from './dynamic-calls';

const VALUES = 'x-ms-dynamic-values';
const LIST = 'x-ms-dynamic-list';
const SCHEMA = 'x-ms-dynamic-schema';
const PROPERTIES = 'x-ms-dynamic-properties';
const ALL: ExtensionKind[] = [VALUES, LIST, SCHEMA, PROPERTIES];

interface Site {
  operation: Operation;
  pointer: string;
  node: JsonObject;
  drivesSchema: boolean;
}

function sitesOf(swagger: JsonObject, operation: Operation, out: FindingSink): Site[] {
  const sites: Site[] = [];
  const addSchemaSites = (root: unknown, pointer: string): void =>
    walkSchema(swagger, root, pointer, ({ schema, pointer: at }) => {
      if (ALL.some((k) => k in schema))
        sites.push({ operation, pointer: at, node: schema, drivesSchema: SCHEMA in schema || PROPERTIES in schema });
    });
  for (const { param, pointer } of parametersOf(swagger, operation)) {
    const onObject = ALL.filter((k) => k in param);
    const misplaced = param.in === 'body' ? onObject : onObject.filter((k) => k === SCHEMA || k === PROPERTIES);
    for (const kind of misplaced)
      out.add(
        pointerOf(pointer, kind),
        'DynamicExtensionDefinitionNotAllowedInParameter',
        `Move ${kind} inside the parameter's schema.`,
      );
    if (param.in === 'body') addSchemaSites(param.schema, pointerOf(pointer, 'schema'));
    else if (onObject.some((k) => k === VALUES || k === LIST))
      sites.push({ operation, pointer, node: param, drivesSchema: false });
  }
  for (const [code, response] of Object.entries(objectOr(operation.op.responses)))
    if (isObject(response)) addSchemaSites(response.schema, pointerOf(operation.pointer, 'responses', code, 'schema'));
  return sites;
}

function sameBindings(legacy: unknown, modern: unknown): boolean {
  const a = objectOr(legacy);
  const b = objectOr(modern);
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length || keys.some((k) => !(k in b))) return false;
  return keys.every((k) => JSON.stringify(bindingOf(VALUES, a[k])) === JSON.stringify(bindingOf(LIST, b[k])));
}

function checkPair(site: Site, legacyKind: ExtensionKind, modernKind: ExtensionKind, out: FindingSink): void {
  const legacy = site.node[legacyKind];
  const modern = site.node[modernKind];
  if (legacy === undefined && modern === undefined) return;
  if (modern === undefined) {
    out.add(
      pointerOf(site.pointer, legacyKind),
      legacyKind === VALUES ? 'DynamicValuesWithoutList' : 'DynamicSchemaWithoutProperties',
      `Add ${modernKind} beside ${legacyKind}.`,
    );
    return;
  }
  if (legacy === undefined) {
    out.add(
      pointerOf(site.pointer, modernKind),
      modernKind === LIST ? 'DynamicListWithoutValues' : 'DynamicPropertiesWithoutSchema',
      `Add ${legacyKind} beside ${modernKind}.`,
    );
    return;
  }
  const l = objectOr(legacy);
  const m = objectOr(modern);
  const at = pointerOf(site.pointer, modernKind);
  if (l.operationId !== m.operationId)
    out.add(
      pointerOf(at, 'operationId'),
      'DynamicPairOperationMismatch',
      `${legacyKind} calls "${String(l.operationId)}" but ${modernKind} calls "${String(m.operationId)}".`,
    );
  if (!sameBindings(l.parameters, m.parameters))
    out.add(
      pointerOf(at, 'parameters'),
      'DynamicParametersMismatch',
      `The parameters differ from those of ${legacyKind}.`,
    );
  if (modernKind === LIST) {
    const pairs: [string, string][] = [
      ['value-collection', 'itemsPath'],
      ['value-path', 'itemValuePath'],
      ['value-title', 'itemTitlePath'],
    ];
    for (const [old, neu] of pairs)
      if ((l[old] ?? '') !== (m[neu] ?? ''))
        out.add(
          pointerOf(at, neu),
          'DynamicListPathMismatch',
          `${neu} "${String(m[neu] ?? '')}" differs from ${old} "${String(l[old] ?? '')}".`,
        );
  } else {
    if (/(^|\/)properties$/.test(String(l['value-path'] ?? '')))
      out.add(
        pointerOf(site.pointer, legacyKind, 'value-path'),
        'DynamicValuePathEndsInProperties',
        `value-path "${String(l['value-path'])}" ends in "properties"; let the helper return the schema object and point at it.`,
      );
    const expected = String(l['value-path'] ?? '').replace(/\/?properties$/, '');
    if ((m.itemValuePath ?? '') !== expected)
      out.add(
        pointerOf(at, 'itemValuePath'),
        'DynamicPropertiesItemValuePathMismatch',
        `itemValuePath must be "${expected}" to match value-path.`,
      );
  }
}

/** Checks every dynamic extension of every operation, bodies and responses included. */
export const dynamicRules: RuleGroup = ({ swagger, sinks }) => {
  const out = sinks.swagger;
  for (const operation of operationsOf(swagger)) {
    for (const site of sitesOf(swagger, operation, out)) {
      checkPair(site, VALUES, LIST, out);
      checkPair(site, SCHEMA, PROPERTIES, out);
      for (const kind of ALL) if (kind in site.node) checkCall(swagger, site, kind, out);
    }
  }
};
