/**
 * The one error this module throws. `target` names the query option at fault ('$filter', '$orderby', …) so the
 * caller can render CI's ODataError `{errorCode, message, target}` (docs/customer-insights.md#error-shapes).
 */
export class ODataQueryError extends Error {
  override readonly name = 'ODataQueryError';

  /** @param target the query option at fault, e.g. '$filter'. @param position 1-based character position, if known. */
  constructor(
    readonly target: string,
    message: string,
    readonly position?: number,
  ) {
    super(`Invalid ${target}: ${message}`);
  }
}
