/**
 * Removes credentials from what Customer Insights (or a gateway in front of it) says in an error answer before any of
 * it reaches a maker or a log: some error pages and APIM policies echo the request's headers, which carry the
 * subscription key and a CI token (security-secrets.test.ts).
 */

/** What a removed secret reads as. */
export const REDACTED = '[redacted]';

/** A JWT or a leading part of one (an echo may be cut short), and any `Bearer <credential>`. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g;
const BEARER = /\bBearer\s+[^\s"'<>,;)]+/gi;
/** Shorter values are not treated as secrets: replacing them would garble ordinary words. */
const MIN_SECRET_CHARS = 8;

/** `text` with every occurrence of `secrets`, every JWT and every bearer credential replaced by REDACTED. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  const known = secrets.filter((s) => s.length >= MIN_SECRET_CHARS).sort((a, b) => b.length - a.length);
  for (const secret of known) out = out.split(secret).join(REDACTED);
  return out.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT_LIKE, REDACTED);
}
