/**
 * Express's JSON body parser (body-parser over raw-body and zlib) fails with http-errors carrying a `status` and
 * usually a `type`; these map them to the proxy's codes, naming the header at fault. Whatever is left with a 4xx
 * status is still rendered as that 4xx by the error renderer (errors/render.ts), never as a 500.
 */
import { clientErrorStatus } from '../errors/render';
import {
  invalidJson,
  payloadTooLarge,
  undecodableBody,
  unsupportedContentEncoding,
  unsupportedMediaType,
} from '../errors';

/** The request headers the mapping reads. */
export interface BodyHeaders {
  contentType?: string;
  contentEncoding?: string;
}

/** body-parser's errors (http-errors with a `type`, or a zlib error it wrapped with status 400) → the proxy's codes. */
export function bodyParserError(err: unknown, maxBodyBytes: number, headers: BodyHeaders = {}): unknown {
  const type = (err as { type?: unknown } | null)?.type;
  const encoding = (headers.contentEncoding ?? 'identity').trim().toLowerCase() || 'identity';
  if (type === 'entity.parse.failed') return invalidJson((err as Error).message);
  if (type === 'entity.too.large') return payloadTooLarge(maxBodyBytes);
  if (type === 'encoding.unsupported') return unsupportedContentEncoding(encoding);
  if (type === 'charset.unsupported') return unsupportedMediaType(headers.contentType ?? '');
  if (type === 'request.aborted' || type === 'request.size.invalid') return invalidJson('the body was cut short');
  // The decompression stream failed (not gzip, truncated, another compression): the body is not what it claims.
  if (type === undefined && encoding !== 'identity' && clientErrorStatus(err) === 400) return undecodableBody(encoding);
  return err;
}
