/**
 * The two forms a real-time write body can take (docs/customer-insights.md#write-body-forms): the record as a plain
 * JSON object, or the record JSON-encoded into a JSON string, which is what Microsoft's generated clients send (the
 * code model types the body `string`). Which one the live service binds is not documented, so the emulator takes
 * both by default and can insist on one, refusing the other the way ASP.NET Core refuses a body it cannot bind.
 */
import { randomBytes } from 'node:crypto';
import { CiError, badRequest } from './errors/ci-error';

export const WRITE_BODY_FORMS = ['both', 'object', 'string'] as const;
/** `both` (default): either form; `object` / `string`: only that form, the other is a binding refusal. */
export type WriteBodyForm = (typeof WRITE_BODY_FORMS)[number];

/** .NET's name of the type a body of each form binds to, as its binding error names it. */
const BOUND_TYPE: Record<'object' | 'string', string> = {
  object: 'System.Collections.Generic.Dictionary`2[System.String,System.Object]',
  string: 'System.String',
};

/**
 * 400 in ASP.NET Core's ValidationProblemDetails shape for a body that could not be bound to the action's
 * parameter: `errors` is keyed `$` (the body's root), unlike a field error, which names the field.
 */
function bindingRefusal(expected: 'object' | 'string'): CiError {
  const traceId = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
  return new CiError(
    400,
    'BodyNotBound',
    `The JSON value could not be converted to ${BOUND_TYPE[expected]}. Path: $ | LineNumber: 0 | BytePositionInLine: 1.`,
    '$',
    { 'Content-Type': 'application/problem+json; charset=utf-8' },
    'problem',
    { traceId },
  );
}

/** The record a write carries, after checking its form; a JSON-encoded record is decoded once. */
export function recordOfWriteBody(body: unknown, form: WriteBodyForm): unknown {
  if (typeof body === 'string') {
    if (form === 'object') throw bindingRefusal('object');
    try {
      return JSON.parse(body);
    } catch (e) {
      throw badRequest(
        `The request body's string is not a JSON record: ${(e as Error).message}.`,
        'body',
        'InvalidJson',
      );
    }
  }
  if (form === 'string' && body !== undefined) throw bindingRefusal('string');
  return body;
}
