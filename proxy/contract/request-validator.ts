/**
 * One request validator per operationId, compiled once at startup with ajv from the contract's declared path, query
 * and header parameters (types, enums, ranges, required). Dynamic bodies are checked later against the entity schema,
 * inside the handler. Errors name the parameter as `path.x`, `query.x` or `header.X`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError, expiryTooFar, invalidField, missingField, profileNotFound, unknownParameter } from '../errors';
import { parseIsoInstant } from '../reshape/coerce';
import type { Contract, OperationSpec, ParameterSpec } from './load-contract';

type Location = 'path' | 'query' | 'header';
const LOCATIONS: Location[] = ['path', 'query', 'header'];

export interface RawRequestParts {
  path: Record<string, string>;
  query: Record<string, unknown>;
  /** Node's lower-cased header map. */
  headers: Record<string, string | string[] | undefined>;
}

export interface RequestValidator {
  /** Validates and type-coerces the parameters of one request; returns them by declared name. */
  validate(operationId: string, parts: RawRequestParts): Record<string, unknown>;
}

interface Compiled {
  location: Location;
  params: ParameterSpec[];
  check: ValidateFunction;
}

/**
 * A path parameter becomes one segment of the CI URL. Encoding does not stop the URL parser from resolving a `.` or
 * `..` segment (nor `%2E%2E`), and `/` or `\` would be decoded into a separator by some gateways: any of those (and
 * control characters) would let a caller pick another CI endpoint, so they are refused before anything is sent.
 */
const UNSAFE_SEGMENT = /^\.{1,2}$|[/\\\p{Cc}]/u;
/** A plain GUID; ajv-formats' `uuid` also accepts a `urn:uuid:` prefix, which is not an instance id. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Numbers in a query string or header are decimal digits only. ajv's coercion is JavaScript's `Number()`, which also
 * reads `0x10` as 16, `1e1` as 10 and `0b11` as 3: a maker's `keepForDays=0x10` must be refused, not kept 16 days.
 */
const DECIMAL_INTEGER = /^[+-]?\d+$/;
const DECIMAL_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/**
 * A Customer Insights CustomerId: 32 hex digits (docs/customer-insights.md#unified-customer; docs/design.md), or the
 * same as a hyphenated GUID. Anything else names no profile, so it is answered without asking CI.
 */
const CUSTOMER_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Parameters whose maximum is CI's 30-day expiry limit: going over it is ExpiryTooFar, not a plain bad value. */
const EXPIRY_PARAMS = new Set(['keepForDays', 'keepForHours']);

function toAppError(location: Location, params: ParameterSpec[], error: ErrorObject): AppError {
  const key = error.keyword === 'required' ? String(error.params.missingProperty) : error.instancePath.split('/')[1];
  const spec = params.find((p) => (location === 'header' ? p.name.toLowerCase() : p.name) === key);
  const name = spec?.name ?? key;
  const target = `${location}.${name}`;
  if (error.keyword === 'required') return missingField(target, `${target} is required.`);
  if (error.keyword === 'maximum' && EXPIRY_PARAMS.has(name)) {
    return expiryTooFar(target, `${target} ${error.message}: Customer Insights keeps real-time data at most 30 days.`);
  }
  if (error.keyword === 'enum') {
    return invalidField(target, `${target} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}.`);
  }
  if (error.keyword === 'type' && Array.isArray(error.data))
    return invalidField(target, `${target} must be given once.`);
  return invalidField(target, `${target} ${error.message ?? 'is invalid'}.`);
}

/**
 * A query parameter the operation does not declare is refused, not ignored: `keepforDays=7` (a typo) would otherwise
 * keep the data the default 30 days. The platform sends only declared parameters (the connector's swagger; nextLink
 * carries the proxy's own), so nothing legitimate is lost.
 */
function refuseUndeclared(query: Record<string, unknown>, params: ParameterSpec[]): void {
  const declared = params.map((p) => p.name);
  for (const name of Object.keys(query)) {
    if (!declared.includes(name)) throw unknownParameter(name.length > 100 ? `${name.slice(0, 100)}…` : name, declared);
  }
}

/** A string for an integer or number parameter as its number, when written in decimal; else InvalidField. */
function decimalNumber(raw: unknown, p: ParameterSpec, target: string): unknown {
  const type = p.schema.type;
  if ((type !== 'integer' && type !== 'number') || typeof raw !== 'string') return raw;
  const text = raw.trim();
  if (!(type === 'integer' ? DECIMAL_INTEGER : DECIMAL_NUMBER).test(text)) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    throw invalidField(
      target,
      `${target} must be ${type === 'integer' ? 'a whole number' : 'a number'} in decimal digits, such as 7; got "${shown}".`,
    );
  }
  return Number(text);
}

/**
 * The one spelling every consumer sees: GUIDs in lower case (an instance id typed in capitals is the same
 * environment, and the same idempotency scope). A customer id that cannot be a CustomerId names no profile.
 */
function canonical(p: ParameterSpec, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (p.in === 'path' && p.name === 'customerId' && !CUSTOMER_ID.test(value)) throw profileNotFound(value);
  return p.schema.format === 'uuid' ? value.toLowerCase() : value;
}

function compileLocation(ajv: Ajv, op: OperationSpec, location: Location): Compiled {
  const params = op.parameters.filter((p) => p.in === location);
  const keyOf = (p: ParameterSpec) => (location === 'header' ? p.name.toLowerCase() : p.name);
  const schema = {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [keyOf(p), p.schema])),
    required: params.filter((p) => p.required).map(keyOf),
  };
  return { location, params, check: ajv.compile(schema) };
}

/** Compiles the validators of every operation in the contract. */
export function createRequestValidator(contract: Contract): RequestValidator {
  const ajv = new Ajv({ coerceTypes: true, allErrors: false, strict: false, useDefaults: true });
  addFormats(ajv);
  // Makers type dates many ways; any ISO 8601 date-time is accepted here and normalised to RFC 3339 UTC later.
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => parseIsoInstant(s) !== undefined });
  ajv.addFormat('uuid', GUID);
  const compiled = new Map<string, Compiled[]>();
  for (const op of contract.operations) {
    compiled.set(
      op.operationId,
      LOCATIONS.map((location) => compileLocation(ajv, op, location)),
    );
  }

  return {
    validate(operationId, parts) {
      const validators = compiled.get(operationId);
      if (!validators) throw new Error(`no validator for operation ${operationId}`);
      const out: Record<string, unknown> = {};
      for (const { location, params, check } of validators) {
        if (location === 'query') refuseUndeclared(parts.query, params);
        const source: Record<string, unknown> = {};
        for (const p of params) {
          const key = location === 'header' ? p.name.toLowerCase() : p.name;
          const raw =
            location === 'path' ? parts.path[key] : location === 'query' ? parts.query[key] : parts.headers[key];
          // An empty query value means "not given": designers send `?keepForDays=` for a cleared optional field.
          if (raw !== undefined && raw !== '') source[key] = decimalNumber(raw, p, `${location}.${p.name}`);
          if (location === 'path' && typeof raw === 'string' && UNSAFE_SEGMENT.test(raw)) {
            throw invalidField(
              `path.${p.name}`,
              `path.${p.name} must not be "." or ".." nor contain "/", "\\" or control characters.`,
            );
          }
        }
        if (!check(source)) throw toAppError(location, params, check.errors![0]);
        for (const p of params) {
          const value = source[location === 'header' ? p.name.toLowerCase() : p.name];
          if (value !== undefined) out[p.name] = canonical(p, value);
        }
      }
      return out;
    },
  };
}
