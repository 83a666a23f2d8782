/**
 * The one error type of the CI emulator. Handlers throw it; `render.ts` turns it into the wire shape CI uses for the
 * route (docs/customer-insights.md#error-shapes): ODataError on `data/*`, ApiErrorResult elsewhere, APIM's own body for gateway errors.
 */

/**
 * Which body a `CiError` is rendered with: decided by the route (`route`) unless the gateway answered (`apim`) or
 * ASP.NET Core's model binding refused the body before CI's code ran (`problem`: ValidationProblemDetails).
 */
export type ErrorShape = 'route' | 'apim' | 'problem';

export class CiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
    readonly shape: ErrorShape = 'route',
    /** Shape-specific extras (a problem's `traceId`). */
    readonly extras: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'CiError';
  }
}

/** 400: the request names or carries something invalid; `target` names the field. */
export function badRequest(message: string, target?: string, code = 'BadRequest'): CiError {
  return new CiError(400, code, message, target);
}

/**
 * 404: the instance, entity or record does not exist (the real one for metadata is `MetaDataNotFound`,
 * docs/customer-insights.md#error-shapes).
 */
export function notFound(message: string, code = 'NotFound', target?: string): CiError {
  return new CiError(404, code, message, target);
}

/** 401 from the backend for a missing or invalid token, with the `WWW-Authenticate: Bearer` challenge (docs/customer-insights.md#authentication). */
export function invalidToken(description: string): CiError {
  const challenge = `Bearer error="invalid_token", error_description="${description.replace(/"/g, "'")}"`;
  return new CiError(401, 'Unauthorized', `The access token is missing or invalid: ${description}`, 'Authorization', {
    'WWW-Authenticate': challenge,
  });
}

/** 401 from the APIM gateway for a missing or unknown subscription key (docs/customer-insights.md#authentication [I]). */
export function apimDenied(message: string): CiError {
  return new CiError(
    401,
    'AccessDenied',
    message,
    'Ocp-Apim-Subscription-Key',
    {
      'WWW-Authenticate':
        'AzureApiManagementKey realm="https://api.ci.ai.dynamics.com/v1",name="Ocp-Apim-Subscription-Key",type="header"',
    },
    'apim',
  );
}

/** 403: a valid principal without the role the operation needs (docs/customer-insights.md#authentication). */
export function forbidden(message: string): CiError {
  return new CiError(403, 'Forbidden', message);
}
