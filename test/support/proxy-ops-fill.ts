/**
 * Fills a record from a JSON Schema the way a maker fills the designer's form: a plausible value per type and
 * format, fresh values for key fields, and the given values on top.
 */
import { randomInt, randomUUID } from 'node:crypto';

interface PropertySchema {
  type?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  description?: string;
}

/** A value for one property; keys ("Identifies the record") get unique values. */
export function sampleValue(prop: PropertySchema, nowMs: number): unknown {
  const isKey = /identifies the record/i.test(prop.description ?? '');
  switch (prop.type) {
    case 'integer':
      if (isKey || prop.format === 'int64') return randomInt(1, 2 ** 47);
      return Math.min(prop.maximum ?? 7, 7);
    case 'number':
      return 12.5;
    case 'boolean':
      return true;
    default:
      if (prop.format === 'date') return new Date(nowMs).toISOString().slice(0, 10);
      if (prop.format === 'date-time') return new Date(nowMs - 60_000).toISOString();
      if (prop.format === 'uuid') return randomUUID();
      return isKey ? `t-${randomUUID()}` : 'sample text';
  }
}

/** A full record for `schema` (every property), with `values` replacing the samples. */
export function fillFromSchema(
  schema: { properties?: Record<string, PropertySchema> },
  nowMs: number,
  values: Record<string, unknown> = {},
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) record[name] = sampleValue(prop, nowMs);
  return { ...record, ...values };
}
