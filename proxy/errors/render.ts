import { AppError } from './app-error';
import { ERROR_CATALOG, type ErrorCode } from './catalog';

/** What the error middleware writes: status, headers and the one error body shape of docs/design.md §4. */
export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: {
    error: { code: string; message: string; target?: string; upstreamStatus?: number; requestId: string };
  };
}

const INTERNAL_MESSAGE = 'An unexpected error occurred in the proxy.';

/**
 * The catalogued code for a 4xx raised by an HTTP library rather than by the proxy (http-errors from body-parser and
 * raw-body, zlib errors they wrap): one per status the libraries use, anything else is a malformed request.
 */
const LIBRARY_4XX: Partial<Record<number, ErrorCode>> = {
  404: 'OperationNotFound',
  408: 'RequestTimeout',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  417: 'ExpectationFailed',
  431: 'HeadersTooLarge',
};

/** The 4xx status an error from an HTTP library carries (`status` or `statusCode`), or undefined. */
export function clientErrorStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const s = typeof status === 'number' ? status : statusCode;
  return typeof s === 'number' && Number.isInteger(s) && s >= 400 && s <= 499 ? s : undefined;
}

/**
 * A library's 4xx as the proxy's own error: its status when the catalogue has a code for it, else 400
 * MalformedRequest. The library's message is not sent (it may quote the request); the catalogue's meaning is.
 */
export function libraryClientError(status: number): AppError {
  const code = LIBRARY_4XX[status] ?? 'MalformedRequest';
  return new AppError(ERROR_CATALOG[code].status, code, ERROR_CATALOG[code].meaning);
}

/**
 * Turns anything thrown into the wire error. AppErrors render as they are; an HTTP library's 4xx keeps its status
 * (a caller's mistake is never a 500 that Power Automate would retry); anything else becomes a 500 `InternalError`
 * whose details are never sent (the caller logs them with the requestId).
 */
export function renderError(err: unknown, requestId: string): RenderedError {
  const clientStatus = err instanceof AppError ? undefined : clientErrorStatus(err);
  if (clientStatus !== undefined) return renderError(libraryClientError(clientStatus), requestId);
  if (!(err instanceof AppError)) {
    return {
      status: 500,
      headers: {},
      body: { error: { code: 'InternalError', message: INTERNAL_MESSAGE, requestId } },
    };
  }
  const { target, upstreamStatus } = err.extra;
  const error: RenderedError['body']['error'] = {
    code: err.code,
    message: err.message,
    ...(target !== undefined ? { target } : {}),
    ...(upstreamStatus !== undefined ? { upstreamStatus } : {}),
    requestId,
  };
  return { status: err.status, headers: { ...(err.extra.headers ?? {}) }, body: { error } };
}
