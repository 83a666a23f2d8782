/**
 * Metric labels with bounded cardinality: every value comes from a fixed set (operationIds of the contract, the error
 * catalogue, HTTP status codes, a handful of words). Raw ids, names, tokens, keys and record values never become a
 * label: anything outside the known set is `other`.
 */
import { ERROR_CATALOG } from '../errors';

/** `2xx`, `4xx`, `5xx`…; `none` when no answer came (status 0). */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'none';
}

/** An HTTP status as a label: a real status code, or `0` for no answer. */
export function statusCode(status: number): string {
  return Number.isInteger(status) && status >= 100 && status < 600 ? String(status) : '0';
}

/** The proxy's own error codes only (docs/errors.md); `none` for success. */
export function errorCodeLabel(code: string | undefined): string {
  if (code === undefined) return 'none';
  return Object.hasOwn(ERROR_CATALOG, code) ? code : 'other';
}

/** Why an attempt to CI got no answer: the connection failures the CI client classifies, else `error`. */
const TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
]);

export function transportLabel(status: number, errorCode: string | undefined): string {
  if (status !== 0) return 'answered';
  return errorCode !== undefined && TRANSPORT_CODES.has(errorCode) ? errorCode : 'error';
}
