/**
 * A bound on how deeply a request body nests. V8 parses any depth, but the code after it (fingerprints, reshaping,
 * JSON.stringify towards CI) recurses and a body of 100,000 nested arrays, well under MAX_BODY_BYTES, overflowed the
 * stack: a 500 instead of a clear answer (security-bodies.test.ts).
 */
import { appError, type AppError } from '../errors';
import { MAX_JSON_DEPTH } from '../constants';

/** The InvalidJson error for a body nested deeper than MAX_JSON_DEPTH, or undefined when it is within it. */
export function tooDeep(body: unknown): AppError | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  // Iterative on purpose: a recursive walk would fail on exactly the bodies it is meant to refuse. Each entry carries
  // the top-level field it sits under, so the error can name it.
  const pending: [unknown, number, string][] = Object.entries(body).map(([k, v]) => [v, 2, k]);
  while (pending.length > 0) {
    const [value, depth, field] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      const target = Array.isArray(body) ? 'body' : `body.${field}`;
      return appError('InvalidJson', `${target} nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels.`, {
        target,
      });
    }
    for (const child of Object.values(value)) pending.push([child, depth + 1, field]);
  }
  return undefined;
}
