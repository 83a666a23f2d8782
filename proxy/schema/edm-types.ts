/**
 * CI data types → JSON Schema types. CI's metadata speaks `Edm.*` names; CDM folders and model.json use CDM names
 * (`string`, `int64`, `dateTime`, …), so both are accepted (docs/customer-insights.md#metadata-shapes, `dataType`
 * values). Anything unknown is treated as text, as the Power Query connector does.
 */

/** How a value of this type is checked and coerced on the way in. */
export type ValueKind =
  'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time' | 'uuid' | 'time' | 'duration' | 'base64';

export interface JsonTypeInfo {
  type: 'string' | 'integer' | 'number' | 'boolean';
  /** Only formats the Power Platform whitelists (docs/power-platform.md#json-schemas). */
  format?: 'int32' | 'int64' | 'float' | 'double' | 'byte' | 'date' | 'date-time' | 'uuid';
  kind: ValueKind;
  /** Inclusive range for the small integer types. */
  minimum?: number;
  maximum?: number;
  /** Short human name used in descriptions and error messages, e.g. "a whole number". */
  label: string;
}

const TEXT: JsonTypeInfo = { type: 'string', kind: 'string', label: 'text' };
const INT32: JsonTypeInfo = {
  type: 'integer',
  format: 'int32',
  kind: 'integer',
  minimum: -2_147_483_648,
  maximum: 2_147_483_647,
  label: 'a whole number',
};
const INT16: JsonTypeInfo = { ...INT32, minimum: -32_768, maximum: 32_767 };
const BYTE: JsonTypeInfo = { ...INT32, minimum: 0, maximum: 255 };
const SBYTE: JsonTypeInfo = { ...INT32, minimum: -128, maximum: 127 };
const INT64: JsonTypeInfo = { type: 'integer', format: 'int64', kind: 'integer', label: 'a whole number' };
const DECIMAL: JsonTypeInfo = { type: 'number', kind: 'number', label: 'a number' };
const DOUBLE: JsonTypeInfo = { type: 'number', format: 'double', kind: 'number', label: 'a number' };
const SINGLE: JsonTypeInfo = { type: 'number', format: 'float', kind: 'number', label: 'a number' };
const BOOLEAN: JsonTypeInfo = { type: 'boolean', kind: 'boolean', label: 'true or false' };
const DATE: JsonTypeInfo = { type: 'string', format: 'date', kind: 'date', label: 'a date (YYYY-MM-DD)' };
const DATE_TIME: JsonTypeInfo = {
  type: 'string',
  format: 'date-time',
  kind: 'date-time',
  label: 'a date and time (ISO 8601)',
};
const GUID: JsonTypeInfo = { type: 'string', format: 'uuid', kind: 'uuid', label: 'a GUID' };
const TIME: JsonTypeInfo = { type: 'string', kind: 'time', label: 'a time of day (HH:MM:SS)' };
const DURATION: JsonTypeInfo = { type: 'string', kind: 'duration', label: 'a duration (ISO 8601, e.g. PT1H30M)' };
const BINARY: JsonTypeInfo = { type: 'string', format: 'byte', kind: 'base64', label: 'base64-encoded bytes' };

/** Lower-cased type names without the `Edm.` prefix, EDM and CDM spellings side by side. */
const TYPES: Record<string, JsonTypeInfo> = {
  string: TEXT,
  char: TEXT,
  json: TEXT,
  int16: INT16,
  smallinteger: INT16,
  int32: INT32,
  int: INT32,
  integer: INT32,
  int64: INT64,
  biginteger: INT64,
  long: INT64,
  byte: BYTE,
  sbyte: SBYTE,
  decimal: DECIMAL,
  double: DOUBLE,
  single: SINGLE,
  float: SINGLE,
  boolean: BOOLEAN,
  date: DATE,
  datetime: DATE_TIME,
  datetimeoffset: DATE_TIME,
  guid: GUID,
  timeofday: TIME,
  time: TIME,
  duration: DURATION,
  binary: BINARY,
};

/** Maps an `Edm.*` or CDM type name to its JSON Schema type; unknown names become text. */
export function jsonTypeOf(dataType: string | undefined): JsonTypeInfo {
  if (!dataType) return TEXT;
  const name = dataType
    .trim()
    .replace(/^edm\./i, '')
    .toLowerCase();
  return TYPES[name] ?? TEXT;
}
