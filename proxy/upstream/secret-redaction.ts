/**
 * Removes credentials from what Customer Insights (or a gateway in front of it) answers before any of it reaches a
 * maker or a log: some error pages and APIM policies echo the request's headers, which carry the subscription key and
 * a CI token (security-secrets.test.ts). It runs on what the caller will receive: every string of the parsed JSON
 * (where `\u0065yJ…` has become `eyJ…`), or the raw text when it is not JSON, on every status.
 */

/** What a removed secret reads as. */
export const REDACTED = '[redacted]';

/** A JWT or a leading part of one (an echo may be cut short), and any `Bearer <credential>`. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g;
const BEARER = /\bBearer\s+[^\s"'<>,;)]+/gi;
/** Shorter values are not treated as secrets: replacing them would garble ordinary words. */
const MIN_SECRET_CHARS = 8;

function usable(secrets: readonly string[]): string[] {
  return secrets.filter((s) => s.length >= MIN_SECRET_CHARS).sort((a, b) => b.length - a.length);
}

function redactWith(text: string, known: readonly string[]): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT_LIKE, REDACTED);
}

/** `text` with every occurrence of `secrets`, every JWT and every bearer credential replaced by REDACTED. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return redactWith(text, usable(secrets));
}

/**
 * True when JSON `text` may hold a secret once parsed: it names one literally, or has an escape that could spell one
 * (`\u…`, `\/`). Lets the common answer (no backslash, no secret) skip the walk over every string.
 */
function mayHoldSecret(text: string, known: readonly string[]): boolean {
  return text.includes('\\') || text.includes('eyJ') || /bearer/i.test(text) || known.some((s) => text.includes(s));
}

/**
 * `value` (parsed from `text`) with every string, property names included, redacted as by `redactSecrets`. Walks
 * iteratively (an answer may nest deeper than the stack) and changes the parsed value in place.
 */
export function redactParsed(value: unknown, text: string, secrets: readonly string[]): unknown {
  const known = usable(secrets);
  if (!mayHoldSecret(text, known)) return value;
  if (typeof value === 'string') return redactWith(value, known);
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      const clean = typeof item === 'string' ? redactWith(item, known) : item;
      if (typeof item === 'object' && item !== null) pending.push(item);
      const cleanKey = Array.isArray(node) ? key : redactWith(key, known);
      if (cleanKey !== key) delete record[key];
      // defineProperty, not assignment: a key such as `__proto__` stays a plain own property.
      if (cleanKey !== key || clean !== item)
        Object.defineProperty(record, cleanKey, { value: clean, writable: true, enumerable: true, configurable: true });
    }
  }
  return value;
}
