/**
 * Builds one fuzzed record for a dynamic schema of the connector (GetActivitySchema / GetProfileUpdateSchema) with
 * its oracle: the JSON text to send, the fields CI must hold afterwards, and the targets one of which a refusal must
 * name. Hostile keys are spliced into the JSON text so they arrive as own properties, as a real client sends them.
 */
import { casesFor, EMPTY_INPUTS, HOSTILE_KEYS, INVALID, type Dice } from './fuzz-values';

export interface PropertySchema {
  type?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  description?: string;
}
export interface RecordSchema {
  properties: Record<string, PropertySchema>;
  required?: string[];
}

export interface FuzzedRecord {
  /** The record as JSON text (what goes on the wire). */
  json: string;
  /** Field → value CI must hold when the proxy accepts the record. */
  expected: Record<string, unknown>;
  /** Targets (e.g. `body.Amount`) of which a refusal must name one; empty when the record is valid. */
  badTargets: string[];
  /** The record's key value, when the schema has a key field. */
  key?: unknown;
}

export const isKey = (p: PropertySchema) => /identifies the record/i.test(p.description ?? '');

/** A fresh, valid value for a key field. */
function freshKey(dice: Dice, prop: PropertySchema): unknown {
  if (prop.type === 'integer') return dice.int(1, 2 ** 30) * 1024 + dice.int(0, 1023);
  const hex = () => dice.int(0, 0xffff).toString(16).padStart(4, '0');
  if (prop.format === 'uuid')
    return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
  return `fz-${hex()}${hex()}${hex()}`;
}

/** Applies the schema's own range to a case's expectation (int32 fields refuse what int64 keys accept). */
function inRange(prop: PropertySchema, expected: unknown): unknown {
  if (typeof expected !== 'number') return expected;
  if (prop.minimum !== undefined && expected < prop.minimum) return INVALID;
  if (prop.maximum !== undefined && expected > prop.maximum) return INVALID;
  return expected;
}

/**
 * One record: required fields present (sometimes dropped), optional ones sometimes, each value from the kind's cases
 * (valid with probability `validBias`), sometimes empties, unknown or hostile keys, or read-only fields.
 */
export function fuzzRecord(
  dice: Dice,
  schema: RecordSchema,
  prefix: string,
  options: { validBias: number; readOnly?: string[] },
): FuzzedRecord {
  const required = new Set(schema.required ?? []);
  const body: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  const badTargets: string[] = [];
  let key: unknown;
  for (const [name, prop] of Object.entries(schema.properties)) {
    const target = `${prefix}.${name}`;
    if (isKey(prop)) {
      key = freshKey(dice, prop);
      body[name] = key;
      expected[name] = prop.format === 'uuid' ? String(key).toLowerCase() : key;
      continue;
    }
    if (!required.has(name) && !dice.chance(0.5)) continue;
    if (required.has(name) && dice.chance(0.05)) {
      badTargets.push(target); // dropped: MissingField
      continue;
    }
    if (dice.chance(0.08)) {
      body[name] = dice.pick(EMPTY_INPUTS);
      if (required.has(name)) badTargets.push(target);
      continue;
    }
    const cases = casesFor(prop);
    const valid = cases.filter((c) => inRange(prop, c.expected) !== INVALID);
    const c = dice.chance(options.validBias) ? dice.pick(valid) : dice.pick(cases);
    body[name] = c.input;
    const want = inRange(prop, c.expected);
    if (want === INVALID) badTargets.push(target);
    else expected[name] = want;
  }
  let json = JSON.stringify(body);
  if (dice.chance(0.08)) {
    const hostile = dice.pick([...HOSTILE_KEYS, 'NotAField', 'amount', ...(options.readOnly ?? [])]);
    const value = dice.pick(['{"polluted": true}', '"x"', '1', 'null']);
    // A null or empty read-only field is ignored (a designer sends every box); anything else is refused.
    const ignored = value === 'null' && (options.readOnly ?? []).includes(hostile);
    if (!ignored) badTargets.push(`${prefix}.${hostile}`);
    json = json === '{}' ? `{"${hostile}": ${value}}` : `{"${hostile}": ${value}, ${json.slice(1)}`;
  }
  return { json, expected, badTargets, key };
}
