/**
 * The one error type the proxy throws on purpose. It renders as
 * `{"error": {"code", "message", "target"?, "upstreamStatus"?, "requestId"}}` in exactly one place (the error
 * middleware); anything else that is thrown becomes a generic 500 whose details are logged, never sent.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    /** Stable, documented code (docs/errors.md), e.g. `InvalidField`, `UpstreamForbidden`. */
    readonly code: string,
    message: string,
    readonly extra: {
      /** The field, parameter or header the error is about, e.g. `body.PurchaseTotal` or `query.keepForDays`. */
      target?: string;
      /** Status CI answered with, when the error comes from upstream. */
      upstreamStatus?: number;
      /** Response headers to send, e.g. `Retry-After` or `WWW-Authenticate`. */
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}
