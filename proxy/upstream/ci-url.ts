/**
 * The URL of one Customer Insights call: the configured base, the operation's path (segments already encoded) and
 * its query, plus CI's `caller` on writes. Nothing a caller sends can move it off the base (security-upstream-paths).
 */
import { appError } from '../errors';
import type { CiRequest } from './types';

/** `.` and `..`, also percent-encoded: the WHATWG URL parser resolves all of them. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

const offBase = () =>
  appError('InvalidField', 'A path parameter would change which Customer Insights endpoint is called.', {
    target: 'path',
  });

/** Builds the URL of `req` under `baseUrl` (no trailing slash); `callerName` fills CI's `caller` on writes. */
export function ciUrl(baseUrl: string, req: CiRequest, callerName: string): string {
  // Last line of defence behind the request validator: a dot segment would be resolved by the URL parser and reach
  // another CI endpoint with the proxy's key.
  if (req.path.split('/').some((segment) => DOT_SEGMENT.test(segment))) throw offBase();
  const base = new URL(`${baseUrl}/`);
  const url = new URL(`${baseUrl}/${req.path.replace(/^\/+/, '')}`);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) throw offBase();
  for (const [name, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  // CI's "string to identify the caller" on writes feeds its API-usage "created by"
  // (docs/customer-insights.md#real-time-writes).
  if (req.method !== 'GET' && !url.searchParams.has('caller')) url.searchParams.set('caller', callerName);
  return url.toString();
}
