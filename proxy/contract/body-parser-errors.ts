/** Express's JSON body parser fails with http-errors carrying a `type`; these map them to the proxy's error codes. */
import { invalidJson, payloadTooLarge, unsupportedMediaType } from '../errors';

/** body-parser's errors (http-errors with a `type`) → the proxy's codes. */
export function bodyParserError(err: unknown, maxBodyBytes: number): unknown {
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return invalidJson((err as Error).message);
  if (type === 'entity.too.large') return payloadTooLarge(maxBodyBytes);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return unsupportedMediaType(String((err as { charset?: unknown }).charset ?? 'unsupported encoding'));
  }
  if (type === 'request.aborted' || type === 'request.size.invalid') return invalidJson('the body was cut short');
  return err;
}
