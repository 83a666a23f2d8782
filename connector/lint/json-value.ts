/** Narrowing for untrusted JSON: the lint reads files that may have any shape and must never throw on them. */

export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or an empty object when it is anything else. */
export function objectOr(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** The value as an array, or an empty array when it is anything else. */
export function arrayOr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a non-empty string, else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
