/**
 * How a Power Platform designer reads the connector's dynamic extensions
 * (docs/power-platform.md#dynamic-values-and-schemas): the legacy `x-ms-dynamic-values` / `x-ms-dynamic-schema`
 * (`{parameter: name}` references, `value-*` paths) and their newer twins `x-ms-dynamic-list` /
 * `x-ms-dynamic-properties` (`{parameterReference: name}` or `{value: literal}`, `itemsPath` / `itemValuePath`). Pure
 * functions; the designer (e2e-designer.ts) makes the calls.
 */

export type Json = Record<string, unknown>;

/** The legacy form of an extension's `parameters`: a literal, or `{parameter: "<name of another parameter>"}`. */
export function legacyArguments(parameters: unknown, known: Json, where: string): Json {
  const args: Json = {};
  for (const [name, spec] of Object.entries((parameters ?? {}) as Json)) {
    if (spec !== null && typeof spec === 'object' && 'parameter' in spec) {
      args[name] = referenced(known, String((spec as Json).parameter), where);
    } else {
      args[name] = spec;
    }
  }
  return args;
}

/** The new form: `{parameterReference: "<name>"}` or `{value: literal}`; anything else is a contract error. */
export function referenceArguments(parameters: unknown, known: Json, where: string): Json {
  const args: Json = {};
  for (const [name, spec] of Object.entries((parameters ?? {}) as Json)) {
    const s = (spec ?? {}) as Json;
    if ('parameterReference' in s) args[name] = referenced(known, String(s.parameterReference), where);
    else if ('value' in s) args[name] = s.value;
    else throw new Error(`${where}: parameter ${name} is neither {parameterReference} nor {value}`);
  }
  return args;
}

function referenced(known: Json, name: string, where: string): unknown {
  if (known[name] === undefined) throw new Error(`${where} needs parameter ${name}, which has no value yet`);
  return known[name];
}

/** The value at a path of the form `a/b` or `a.b` (an empty path is the value itself). */
export function valueAt(value: unknown, pathText: unknown): unknown {
  const steps = typeof pathText === 'string' && pathText !== '' ? pathText.split(/[/.]/) : [];
  let current = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Json)[step];
  }
  return current;
}

export interface PickerOption {
  value: unknown;
  title: unknown;
}

/** The options a dropdown shows from the answer of its helper operation. */
export function pickerOptions(answer: unknown, collectionPath: unknown, valuePath: unknown, titlePath: unknown) {
  const items = valueAt(answer, collectionPath);
  if (!Array.isArray(items)) throw new Error(`the picker's collection ${String(collectionPath)} is not an array`);
  return items.map((item): PickerOption => ({ value: valueAt(item, valuePath), title: valueAt(item, titlePath) }));
}

/** True when two JSON values are equal (object key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Json)[k])]),
  );
}
