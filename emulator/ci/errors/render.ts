/** Renders `CiError`s in CI's wire shapes; the only place error bodies are built. */
import type { CiError } from './ci-error';

/**
 * CI's ApiErrorResult (manage/instances routes), as in the real 404 of docs/customer-insights.md#error-shapes (numeric
 * status, PascalCase culprit).
 */
export function apiErrorResult(error: CiError): Record<string, unknown> {
  return {
    exception: null,
    httpStatusCode: error.status,
    exceptionCulprit: error.status >= 500 ? 'System' : 'User',
    errorCode: error.code,
    resultSeverity: 'Error',
    message: error.message,
    name: error.code,
    params: error.target ? { target: error.target } : {},
    ciResults: [],
  };
}

/** CI's ODataError (data routes), the code model's shape (docs/customer-insights.md#error-shapes): errorCode, message, target, details, innerError. */
export function odataError(error: CiError): Record<string, unknown> {
  return {
    errorCode: error.code,
    message: error.message,
    target: error.target ?? null,
    details: error.target ? [{ errorCode: error.code, message: error.message, target: error.target }] : [],
    innerError: null,
  };
}

/** Azure API Management's own error body (gateway: subscription key, rate limit). */
export function apimError(error: CiError): Record<string, unknown> {
  return { statusCode: error.status, message: error.message };
}

/**
 * ASP.NET Core's ValidationProblemDetails (RFC 7807 with `errors`), which its model binding answers for a body it
 * cannot bind: the errors are keyed by the JSON path at fault (`$` for the whole body).
 */
export function validationProblem(error: CiError): Record<string, unknown> {
  return {
    type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
    title: 'One or more validation errors occurred.',
    status: error.status,
    traceId: error.extras.traceId,
    errors: { [error.target ?? '$']: [error.message] },
  };
}

/** The body for `error` on a route of the given family. */
export function errorBody(error: CiError, family: 'data' | 'manage'): Record<string, unknown> {
  if (error.shape === 'apim') return apimError(error);
  if (error.shape === 'problem') return validationProblem(error);
  return family === 'data' ? odataError(error) : apiErrorResult(error);
}
