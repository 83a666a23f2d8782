/** JSON Schema checks of the proxy's answers (ajv with formats, so int32/date-time/uuid are checked too). */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Json } from './e2e-extensions';

export class SchemaCheck {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  /** Errors of a JSON value against a schema ([] when it conforms); compiled schemas are reused. */
  errors(schema: Json, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let validator = this.validators.get(key);
    if (!validator) {
      validator = this.ajv.compile(schema);
      this.validators.set(key, validator);
    }
    return validator(value) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  }
}
