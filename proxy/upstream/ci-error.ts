/**
 * Reads Customer Insights' error answers, whatever their shape, and turns them into the proxy's catalogued errors
 * (docs/customer-insights.md#error-shapes: ApiErrorResult, ODataError, standard OData `{error:{code,message}}`,
 * APIM's `{statusCode,message}`, and write routes' empty 429/401/500/503 bodies).
 */
import { isBodyBindingRefusal } from './write-body-form';
import type { AppError } from '../errors/app-error';
import type { AttemptOutcome } from './retry-policy';
import { appError } from '../errors';
import { UPSTREAM_MAX_RESPONSE_BYTES } from '../constants';

/** What could be read from an error body. */
export interface CiErrorDetail {
  code?: string;
  message?: string;
  target?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Extracts code, message and target from any of CI's error shapes (or nothing from an empty or foreign body). */
export function readCiError(body: unknown): CiErrorDetail {
  if (typeof body === 'string') return { message: str(body)?.slice(0, 500) };
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'object' && b.error !== null) {
    // Standard OData JSON: {"error": {"code", "message", "target", "details"}}
    const e = b.error as Record<string, unknown>;
    return { code: str(e.code), message: str(e.message), target: str(e.target) };
  }
  // ApiErrorResult {errorCode, message, httpStatusCode, ...} and ODataError {errorCode, message, target, details}
  const details = Array.isArray(b.details) ? (b.details as Record<string, unknown>[]) : [];
  // ASP.NET Core's ValidationProblemDetails {title, errors: {path: [messages]}}: a body CI could not read at all.
  const problems = typeof b.errors === 'object' && b.errors !== null ? Object.values(b.errors).flat() : [];
  return {
    code: str(b.errorCode) ?? str(b.code),
    message: str(b.message) ?? str(details[0]?.message) ?? str(problems[0]) ?? str(b.title),
    target: str(b.target) ?? str(details[0]?.target),
  };
}

/** Who CI judged: the user (on-behalf-of) or the proxy's own identity (app-only). */
export type UpstreamIdentity = { kind: 'user'; name: string } | { kind: 'proxy' };

/**
 * The proxy's name for CI's error target: an attribute of the record the proxy sent becomes `body.<Attribute>`, as in
 * the proxy's own validation errors; anything else (a query option, a path parameter) is left as CI named it.
 */
export function proxyTarget(target: string | undefined, sentBody: unknown): string | undefined {
  if (target === undefined) return undefined;
  const sent = typeof sentBody === 'object' && sentBody !== null && !Array.isArray(sentBody);
  return sent && Object.prototype.hasOwnProperty.call(sentBody, target) ? `body.${target}` : target;
}

/**
 * Maps a non-2xx CI answer to an AppError carrying `upstreamStatus`, CI's message and a hint for the maker;
 * `sentBody` is the JSON the proxy sent, to name a rejected field the way the maker knows it.
 */
export function ciErrorToAppError(
  status: number,
  body: unknown,
  identity: UpstreamIdentity,
  retryAfterSeconds?: number,
  sentBody?: unknown,
): AppError {
  const detail = readCiError(body);
  const target = proxyTarget(detail.target, sentBody);
  const said = detail.message ? ` Customer Insights said: ${detail.message}` : '';
  const codePart = detail.code ? ` (${detail.code})` : '';
  const extra = { upstreamStatus: status, ...(target ? { target } : {}) };
  const retryHeaders = retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : undefined;
  switch (true) {
    case sentBody !== undefined && isBodyBindingRefusal(status, body):
      // Only reached with a fixed CI_WRITE_BODY_FORM (auto resends in the other form): the setting is what to change.
      return appError(
        'UpstreamRejected',
        `Customer Insights could not read the record in the body form this proxy is set to send; its ` +
          `administrator can set CI_WRITE_BODY_FORM=auto (docs/settings.md).${said}`,
        extra,
      );
    case status === 400 || status === 422:
      return appError('UpstreamRejected', `Customer Insights rejected the request${codePart}.${said}`, extra);
    case status === 401:
      return appError(
        'UpstreamUnauthorized',
        `Customer Insights rejected the proxy's credentials${codePart}: check the subscription key ` +
          `(CI_SUBSCRIPTION_KEY, APIs enabled in Settings › Permissions › APIs) and the proxy's token.${said}`,
        extra,
      );
    case status === 403:
      return appError(
        'UpstreamForbidden',
        identity.kind === 'user'
          ? `Customer Insights refused the call: the signed-in user (${identity.name}) lacks the Contributor or ` +
              `Administrator role on this Customer Insights environment.${said}`
          : `Customer Insights refused the call: the proxy's identity (app-only) lacks the Contributor or ` +
              `Administrator role on this Customer Insights environment; add the proxy app as a user in CI ` +
              `(Settings › Permissions).${said}`,
        extra,
      );
    case status === 404:
      return appError('UpstreamNotFound', `Customer Insights found no such object${codePart}.${said}`, extra);
    case status === 409:
      return appError(
        'UpstreamConflict',
        `Customer Insights reports the record already exists${codePart}.${said}`,
        extra,
      );
    case status === 413:
      return appError('PayloadTooLarge', `Customer Insights refused the body as too large.${said}`, extra);
    case status === 429:
      return appError('UpstreamThrottled', `Customer Insights is throttling requests; retry later.${said}`, {
        ...extra,
        headers: retryHeaders,
      });
    case status === 503:
      return appError('UpstreamUnavailable', `Customer Insights is unavailable; retry later.${said}`, {
        ...extra,
        headers: retryHeaders,
      });
    default:
      return appError('UpstreamError', `Customer Insights failed with status ${status}${codePart}.${said}`, extra);
  }
}

/**
 * A create (POST) that was sent but never answered (timeout, dropped connection) may have been stored, so it is not
 * "unavailable" (which says nothing happened) but UpstreamOutcomeUnknown; operations say what a retry will meet.
 */
function lostCreate(method: string, outcome: AttemptOutcome): AppError | undefined {
  if (method !== 'POST' || (outcome.kind !== 'timeout' && outcome.kind !== 'reset')) return undefined;
  const what = outcome.kind === 'timeout' ? 'did not answer in time' : 'dropped the connection without answering';
  return appError(
    'UpstreamOutcomeUnknown',
    `Customer Insights ${what}, so the record may or may not have been stored.`,
  );
}

/** The error for the last attempt of a call that did not succeed: CI's answer, or what happened to the connection. */
export function failureToAppError(
  outcome: AttemptOutcome,
  answer: { status: number; body: unknown } | undefined,
  identity: UpstreamIdentity,
  method: string,
  sentBody?: unknown,
): AppError {
  const lost = lostCreate(method, outcome);
  if (lost) return lost;
  if (answer && outcome.kind === 'status') {
    const retryAfter = outcome.retryAfterMs !== undefined ? Math.ceil(outcome.retryAfterMs / 1000) : undefined;
    return ciErrorToAppError(answer.status, answer.body, identity, retryAfter, sentBody);
  }
  const write = method !== 'GET';
  if (outcome.kind === 'too-large') {
    return appError(
      'UpstreamError',
      `Customer Insights answered with more than ${UPSTREAM_MAX_RESPONSE_BYTES / 1_048_576} MiB, larger than the proxy accepts.`,
    );
  }
  if (outcome.kind === 'timeout') {
    return appError(
      'UpstreamTimeout',
      `Customer Insights did not answer in time.${write ? ' The change may or may not have been stored.' : ''}`,
    );
  }
  if (outcome.kind === 'refused') {
    return appError('UpstreamUnavailable', 'Customer Insights could not be reached; retry later.');
  }
  return appError(
    'UpstreamUnavailable',
    `The connection to Customer Insights was lost.${write ? ' The change may or may not have been stored.' : ''}`,
  );
}
