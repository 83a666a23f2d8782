/**
 * `$skiptoken` and `@odata.nextLink` for 100-row pages (docs/customer-insights.md#reads: page with $skip/$top or
 * $skiptoken).
 */
import { badRequest } from '../errors/ci-error';

/** Opaque token for an absolute row offset. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** The offset in a `$skiptoken`; 400 naming `$skiptoken` when it is not one of ours. */
export function decodeSkipToken(token: unknown): number {
  try {
    if (typeof token !== 'string') throw new Error('repeated');
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest(
    '$skiptoken is not a token this service issued; follow @odata.nextLink as given.',
    '$skiptoken',
    'InvalidSkipToken',
  );
}

/** The next page's URL: same query, `$skip` dropped, `$skiptoken` set, `$top` reduced by the rows already served. */
export function nextLink(
  base: string,
  query: Record<string, unknown>,
  nextOffset: number,
  servedSoFar: number,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name === '$skip' || name === '$skiptoken' || typeof value !== 'string') continue;
    if (name === '$top') params.set(name, String(Math.max(0, Number(value) - servedSoFar)));
    else params.set(name, value);
  }
  params.set('$skiptoken', encodeSkipToken(nextOffset));
  return `${base}?${params.toString().replace(/%24/g, '$')}`;
}
