/**
 * Checks a JSON value against an `Edm.*` type (docs/customer-insights.md#metadata-shapes, `dataType` values); returns
 * an error text or undefined.
 */

const INT_RANGES: Record<string, [number, number]> = {
  'Edm.Byte': [0, 255],
  'Edm.SByte': [-128, 127],
  'Edm.Int16': [-32_768, 32_767],
  'Edm.Int32': [-2_147_483_648, 2_147_483_647],
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const TIME_OF_DAY = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function validDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/** undefined when `value` fits `dataType`; otherwise what was expected. Unknown types accept any scalar. */
export function edmMismatch(dataType: string, value: unknown): string | undefined {
  const isInt = typeof value === 'number' && Number.isInteger(value);
  switch (dataType) {
    case 'Edm.String':
      return typeof value === 'string' ? undefined : 'a string';
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'Edm.Byte':
    case 'Edm.SByte':
    case 'Edm.Int16':
    case 'Edm.Int32': {
      const [min, max] = INT_RANGES[dataType];
      return isInt && (value as number) >= min && (value as number) <= max
        ? undefined
        : `an integer from ${min} to ${max}`;
    }
    case 'Edm.Int64':
      // OData allows Int64 as a JSON number or, for IEEE754 safety, a string of digits.
      return (isInt && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d{1,19}$/.test(value))
        ? undefined
        : 'a 64-bit integer';
    case 'Edm.Decimal':
      return (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && DECIMAL_TEXT.test(value))
        ? undefined
        : 'a decimal number';
    case 'Edm.Double':
    case 'Edm.Single':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number';
    case 'Edm.Date':
      return typeof value === 'string' && DATE.test(value) && validDate(value) ? undefined : 'a date (YYYY-MM-DD)';
    case 'Edm.DateTimeOffset':
      return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'an RFC 3339 date-time with a time zone';
    case 'Edm.TimeOfDay':
      return typeof value === 'string' && TIME_OF_DAY.test(value) ? undefined : 'a time of day (hh:mm:ss)';
    case 'Edm.Guid':
      return typeof value === 'string' && GUID.test(value) ? undefined : 'a GUID';
    default:
      return value !== null && typeof value === 'object' ? 'a scalar value' : undefined;
  }
}
