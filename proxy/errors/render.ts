import { AppError } from './app-error';

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
 * Turns anything thrown into the wire error. AppErrors render as they are; anything else becomes a 500
 * `InternalError` whose details are never sent (the caller logs them with the requestId).
 */
export function renderError(err: unknown, requestId: string): RenderedError {
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
