/**
 * Fills a body from a resolved JSON Schema the way a maker fills the designer's form: every required field, every
 * other optional one, a value per type and format, fresh values where a key could need to be unique, and the maker's
 * own values (e.g. the customer's key) on top. It reads only the schema, never descriptions or entity names.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Json } from './e2e-extensions';

/** Bounds of the random 64-bit-safe integers used for int64 fields (unique enough for record keys). */
const INT64_SAMPLE_MIN = 1;
const INT64_SAMPLE_MAX = 2 ** 47;
/** Largest sample for int32 fields when the schema allows it. */
const INT32_SAMPLE = 42;
const NUMBER_SAMPLE = 49.9;

/** A plausible value for one property schema; `at` is used for dates and times. */
export function sampleFor(name: string, prop: Json, at: Date): unknown {
  const suffix = randomUUID().slice(0, 8);
  switch (prop.type) {
    case 'integer':
      if (prop.format === 'int64') return randomInt(INT64_SAMPLE_MIN, INT64_SAMPLE_MAX);
      return Math.max(Math.min(INT32_SAMPLE, Number(prop.maximum ?? INT32_SAMPLE)), Number(prop.minimum ?? 0));
    case 'number':
      return NUMBER_SAMPLE;
    case 'boolean':
      return true;
    case 'object':
      return fillFromSchema(prop, { at });
    case 'array':
      return [sampleFor(name, (prop.items ?? {}) as Json, at)];
    default:
      if (Array.isArray(prop.enum)) return prop.enum[0];
      if (prop.format === 'uuid') return randomUUID();
      if (prop.format === 'date-time') return at.toISOString();
      if (prop.format === 'date') return at.toISOString().slice(0, 10);
      if (prop.format === 'email') return `e2e.${suffix}@example.com`;
      return `${name} ${suffix}`;
  }
}

export interface FillOptions {
  /** The moment written into date and date-time fields. */
  at: Date;
  /** Values the maker types in; they win over samples and may name optional fields. */
  values?: Json;
  /** Only these fields (plus `values`); by default the required ones and every other optional one. */
  only?: string[];
}

/** A body for an object schema. */
export function fillFromSchema(schema: Json, options: FillOptions): Json {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const record: Json = {};
  let optionalSeen = 0;
  for (const [name, prop] of Object.entries(properties)) {
    const wanted = options.only ? options.only.includes(name) : required.has(name) || optionalSeen++ % 2 === 0;
    if (wanted) record[name] = sampleFor(name, prop, options.at);
  }
  return { ...record, ...(options.values ?? {}) };
}
