/**
 * Named constructors for every error the proxy sends on purpose, so call sites read as the outcome they report and
 * status/code pairs come from one table (`catalog.ts`, documented in `docs/errors.md`).
 */
import { AppError } from './app-error';
import { ERROR_CATALOG, type ErrorCode } from './catalog';
import { echo } from './echo';

export { AppError } from './app-error';
export { ERROR_CATALOG, type ErrorCode, type ErrorCodeInfo } from './catalog';
export { renderError, type RenderedError } from './render';
export { echo, ECHO_MAX_CHARS } from './echo';

/** Options every constructor accepts besides its message. */
export interface ErrorExtra {
  target?: string;
  upstreamStatus?: number;
  headers?: Record<string, string>;
}

/** Builds an AppError for a catalogued code with the catalog's status. */
export function appError(code: ErrorCode, message: string, extra: ErrorExtra = {}): AppError {
  return new AppError(ERROR_CATALOG[code].status, code, message, extra);
}

/** The request body could not be parsed as JSON. */
export const invalidJson = (detail: string) =>
  appError('InvalidJson', `The request body is not valid JSON: ${detail}`, { target: 'body' });
/** A field, parameter or header has a wrong type or value; `target` is e.g. `body.PurchaseTotal`. */
export const invalidField = (target: string, message: string) => appError('InvalidField', message, { target });
/** A required field or parameter is absent. */
export const missingField = (target: string, message = `${target} is required.`) =>
  appError('MissingField', message, { target });
/** A body field the entity does not define. */
export const unknownField = (target: string, entity: string) =>
  appError('UnknownField', `${target} is not a field of ${entity}.`, { target });
/** An expiry beyond Customer Insights' 30-day limit. */
export const expiryTooFar = (target: string, message: string) => appError('ExpiryTooFar', message, { target });
/** A validUntil that is not in the future. */
export const expiryInPast = (target: string, message: string) => appError('ExpiryInPast', message, { target });
/** A batch larger than the configured maximum. */
export const tooManyRecords = (count: number, max: number) =>
  appError('TooManyRecords', `The batch has ${count} records; at most ${max} are accepted per call.`, {
    target: 'body.records',
  });
/** Something CI cannot do in real time, e.g. creating or deleting a profile. */
export const operationNotSupported = (message: string, target?: string) =>
  appError('OperationNotSupported', message, { target });
/** A body above the size limit. */
export const payloadTooLarge = (limitBytes: number, upstreamStatus?: number) =>
  appError('PayloadTooLarge', `The request body is larger than ${limitBytes} bytes.`, {
    target: 'body',
    upstreamStatus,
  });
/** A body that is not JSON by content type. */
export const unsupportedMediaType = (contentType: string) =>
  appError('UnsupportedMediaType', `Content-Type ${contentType || '(none)'} is not supported; send application/json.`, {
    target: 'header.Content-Type',
  });
/** A body compressed with an encoding the proxy cannot decode: the fault is Content-Encoding, not Content-Type. */
export const unsupportedContentEncoding = (encoding: string) =>
  appError(
    'UnsupportedMediaType',
    `Content-Encoding ${encoding.slice(0, 40) || '(none)'} is not supported; send the body uncompressed or as gzip, deflate or br.`,
    { target: 'header.Content-Encoding' },
  );
/** A body that is not what its Content-Encoding says (not gzip, cut short, another compression). */
export const undecodableBody = (encoding: string) =>
  appError(
    'MalformedRequest',
    `The request body could not be decompressed as Content-Encoding ${encoding}; send it uncompressed or compressed as that header says.`,
    { target: 'header.Content-Encoding' },
  );
/** A query parameter the operation does not declare: refused, so a misspelt option cannot be silently ignored. */
export const unknownParameter = (name: string, declared: string[]) =>
  appError(
    'UnknownParameter',
    `query.${name} is not a parameter of this action` +
      (declared.length ? `; it takes ${declared.map((d) => `query.${d}`).join(', ')}.` : '; it takes none.'),
    { target: `query.${name}` },
  );
/** An HTTP request the server could not read (framing, Host, method); never echoes what was sent. */
export const malformedRequest = (message: string, target?: string) => appError('MalformedRequest', message, { target });
/**
 * An RFC 6750 §3 challenge. The description is a quoted-string of visible ASCII: quotes, backslashes and anything a
 * header cannot carry (CR/LF, non-ASCII) are replaced, so no message can break or inject a header.
 */
function bearerChallenge(error: string, description: string): string {
  const safe = description.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, ' ');
  return `Bearer error="${error}", error_description="${safe}"`;
}

/** A missing or invalid caller token; `error` follows RFC 6750 §3.1. */
export const unauthenticated = (message: string, error: 'invalid_token' | 'invalid_request' | null = 'invalid_token') =>
  appError('Unauthenticated', message, {
    headers: { 'WWW-Authenticate': error ? bearerChallenge(error, message) : 'Bearer' },
  });
/** A valid token lacking the required scope or role (RFC 6750 `insufficient_scope`). */
export const insufficientScope = (message: string, scope: string) =>
  appError('InsufficientScope', message, {
    headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
  });
/** A valid token whose caller this proxy does not serve (client app not allowed, or a foreign tenant acting as the proxy). */
export const callerNotAllowed = (message: string) =>
  appError('CallerNotAllowed', message, {
    headers: { 'WWW-Authenticate': bearerChallenge('insufficient_scope', message) },
  });
/** Entra refused the on-behalf-of exchange for the signed-in user. */
export const onBehalfOfFailed = (message: string) =>
  appError('OnBehalfOfFailed', message, {
    headers: { 'WWW-Authenticate': bearerChallenge('invalid_token', message) },
  });
/** CI answered 403. */
export const upstreamForbidden = (message: string, upstreamStatus = 403) =>
  appError('UpstreamForbidden', message, { upstreamStatus });
/** An unknown CI environment. */
export const instanceNotFound = (instanceId: string, upstreamStatus?: number) =>
  appError('InstanceNotFound', `No Customer Insights environment ${echo(instanceId)} is available to this caller.`, {
    target: 'path.instanceId',
    upstreamStatus,
  });
/** An unknown (or wrong kind of) entity. */
export const entityNotFound = (entityName: string, message?: string, upstreamStatus?: number) =>
  appError('EntityNotFound', message ?? `The environment has no table named ${echo(entityName)}.`, {
    target: 'path.entityName',
    upstreamStatus,
  });
/**
 * No profile has this Customer ID, naming `target` (the path parameter or the body field that carried it). Makers
 * most often paste a source system's customer number there, so the message says where a real one comes from.
 */
export const profileNotFound = (customerId: string, target = 'path.customerId', upstreamStatus?: number) =>
  appError(
    'ProfileNotFound',
    `No customer profile has Customer ID (CustomerId) "${echo(customerId)}". ` +
      "Use the Customer ID of a unified profile, for example from Find customer profiles' output; a source system's customer number is not a Customer ID.",
    { target, upstreamStatus },
  );
/** No operation at this method and path. */
export const operationNotFound = (method: string, path: string) =>
  appError('OperationNotFound', `No operation matches ${method} ${echo(path)}.`);
/** The path exists, but not for this method (RFC 9110 §15.5.6: 405 with `Allow`). */
export const methodNotAllowed = (method: string, path: string, allowed: string[]) =>
  appError('MethodNotAllowed', `${method} is not supported on ${echo(path)}; use ${allowed.join(' or ')}.`, {
    headers: { Allow: allowed.join(', ') },
  });
/** The caller went over the proxy's per-caller rate. */
export const rateLimited = (retryAfterSeconds: number, perMinute: number) =>
  appError('RateLimited', `More than ${perMinute} requests per minute from this caller; retry later.`, {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
/** A client address sent too many requests that were not signed in (or failed sign-in) this minute. */
export const anonymousRateLimited = (retryAfterSeconds: number, perMinute: number) =>
  appError(
    'RateLimited',
    `More than ${perMinute} requests per minute without a valid sign-in from this client address; retry later with a valid token.`,
    { headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
/** The same Idempotency-Key is in flight or was used for another body. */
export const idempotencyKeyInUse = (message: string) =>
  appError('IdempotencyKeyInUse', message, { target: 'header.Idempotency-Key' });
/** Another run holds the key and did not finish within the wait: come back later for its result. */
export const idempotencyKeyInProgress = (key: string, retryAfterSeconds: number) =>
  appError(
    'IdempotencyKeyInProgress',
    `A request with Idempotency-Key "${key}" is still being processed; retry with the same key after ${retryAfterSeconds} seconds to get its result.`,
    { target: 'header.Idempotency-Key', headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
/** Redis (shared state) did not answer: a write that needs its record is not sent. */
export const stateUnavailable = (retryAfterSeconds: number) =>
  appError(
    'StateUnavailable',
    "The proxy's shared state (Redis) is not answering, so this request was not sent to Customer Insights; retry shortly with the same Idempotency-Key.",
    { headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
/** Entra would not issue the proxy a token (configuration problem). */
export const tokenAcquisitionFailed = (message: string) => appError('TokenAcquisitionFailed', message);
/** Entra unreachable, slow or throttling, with no valid cached token to fall back on. */
export const tokenServiceUnavailable = (message: string, retryAfterSeconds?: number) =>
  appError('TokenServiceUnavailable', message, {
    headers: retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : undefined,
  });
/** The headers or the body did not arrive within the server's time limits. */
export const requestTimeout = () =>
  appError('RequestTimeout', 'The request did not arrive in time; the connection is closed.');
/** An Expect header other than 100-continue (RFC 9110 §10.1.1). */
export const expectationFailed = () =>
  appError('ExpectationFailed', 'The proxy can only meet Expect: 100-continue; send the request without Expect.', {
    target: 'header.Expect',
  });
/** Request headers over Node's limit (16 KB in all), e.g. a token with a very large claim. */
export const headersTooLarge = (limitBytes: number) =>
  appError(
    'HeadersTooLarge',
    `The request headers are larger than ${limitBytes} bytes in all; a token with very many claims is the usual cause.`,
  );
/** A generic 500 whose details stay in the log. */
export const internalError = () => appError('InternalError', 'An unexpected error occurred in the proxy.');
