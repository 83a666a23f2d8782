/**
 * Seeded generators for the fuzz suites: a small PRNG (mulberry32, so a failing seed replays exactly) and, per field
 * kind of the connector's dynamic schemas, values a maker's flow might send, each with the value CI must end up
 * holding (`expected`) or `INVALID` when the proxy must refuse it. The expectations are written out case by case from
 * the contract (docs/design.md §4, coerce rules in docs/errors.md InvalidField), not computed by the proxy's code.
 */

/** The proxy must refuse this value with a 4xx naming the field. */
export const INVALID = Symbol('invalid');
/** Either refusal or storing exactly `expected` is acceptable. */
export interface Case {
  input: unknown;
  expected: unknown;
}

/** A deterministic PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random helpers over one PRNG. */
export class Dice {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const deep = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? { v } : [v];
  return v;
};

/** Values that no typed field accepts. */
const NEVER_VALID: Case[] = [
  { input: {}, expected: INVALID },
  { input: [1, 2], expected: INVALID },
  { input: JSON.parse('{"__proto__": {"polluted": true}}'), expected: INVALID },
  { input: deep(500), expected: INVALID },
];

export const INTEGER_CASES: Case[] = [
  { input: 42, expected: 42 },
  { input: '42', expected: 42 },
  { input: ' -7 ', expected: -7 },
  { input: '+15', expected: 15 },
  { input: 0, expected: 0 },
  { input: 2147483647, expected: 2147483647 },
  { input: 2147483648, expected: INVALID },
  { input: '4.5', expected: INVALID },
  { input: 4.5, expected: INVALID },
  { input: '1e3', expected: INVALID },
  { input: '0x10', expected: INVALID },
  { input: 'NaN', expected: INVALID },
  { input: 'Infinity', expected: INVALID },
  { input: '١٢', expected: INVALID },
  { input: 'twelve', expected: INVALID },
  { input: true, expected: INVALID },
  { input: '9'.repeat(400), expected: INVALID },
  ...NEVER_VALID,
];

export const NUMBER_CASES: Case[] = [
  { input: 12.5, expected: 12.5 },
  { input: '12.5', expected: 12.5 },
  { input: ' 3 ', expected: 3 },
  { input: '-0.25', expected: -0.25 },
  { input: '.5', expected: 0.5 },
  { input: '1e3', expected: 1000 },
  { input: 0, expected: 0 },
  { input: '1,5', expected: INVALID },
  { input: '1,234', expected: INVALID },
  { input: '1,234.50', expected: 1234.5 },
  { input: '12.5 EUR', expected: INVALID },
  { input: 'NaN', expected: INVALID },
  { input: 'Infinity', expected: INVALID },
  { input: '1e400', expected: INVALID },
  { input: false, expected: INVALID },
  ...NEVER_VALID,
];

export const BOOLEAN_CASES: Case[] = [
  { input: true, expected: true },
  { input: false, expected: false },
  { input: 'true', expected: true },
  { input: ' FALSE ', expected: false },
  { input: 'True', expected: true },
  { input: 'yes', expected: true },
  { input: 'No', expected: false },
  { input: 'maybe', expected: INVALID },
  { input: 1, expected: INVALID },
  { input: '0', expected: INVALID },
  ...NEVER_VALID,
];

/** Date-times in many ISO forms, each with the RFC 3339 UTC instant CI must hold. */
export const DATE_TIME_CASES: Case[] = [
  { input: '2025-01-02T03:04:05Z', expected: '2025-01-02T03:04:05.000Z' },
  { input: '2025-01-02T03:04:05.123Z', expected: '2025-01-02T03:04:05.123Z' },
  { input: '2025-01-02T03:04:05.123456789Z', expected: '2025-01-02T03:04:05.123Z' },
  { input: '2025-01-02T03:04:05+02:00', expected: '2025-01-02T01:04:05.000Z' },
  { input: '2025-01-02T03:04:05-0830', expected: '2025-01-02T11:34:05.000Z' },
  { input: '2025-01-02T03:04', expected: '2025-01-02T03:04:00.000Z' },
  { input: '2025-01-02 03:04:05', expected: '2025-01-02T03:04:05.000Z' },
  { input: '2025-01-02t03:04:05z', expected: '2025-01-02T03:04:05.000Z' },
  { input: '2025-01-02', expected: '2025-01-02T00:00:00.000Z' },
  { input: ' 2024-02-29T23:59:59Z ', expected: '2024-02-29T23:59:59.000Z' },
  { input: '2025-02-29T00:00:00Z', expected: INVALID },
  { input: '2025-13-01T00:00:00Z', expected: INVALID },
  { input: '2025-01-02T24:00:00Z', expected: INVALID },
  { input: '20250102T030405Z', expected: INVALID },
  { input: '02/01/2025', expected: INVALID },
  { input: 'yesterday', expected: INVALID },
  { input: 1735787045000, expected: INVALID },
  { input: '2025-01-02T03:04:05+05', expected: INVALID },
  ...NEVER_VALID,
];

export const DATE_CASES: Case[] = [
  { input: '2025-06-30', expected: '2025-06-30' },
  { input: '2025-06-30T23:30:00-02:00', expected: '2025-07-01' },
  { input: '2025-06-31', expected: INVALID },
  { input: '30.06.2025', expected: INVALID },
  ...NEVER_VALID,
];

export const UUID_CASES: Case[] = [
  { input: '0F8FAD5B-D9CB-469F-A165-70867728950E', expected: '0f8fad5b-d9cb-469f-a165-70867728950e' },
  { input: '7c9e6679-7425-40de-944b-e07fc1f90ae7', expected: '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
  { input: '7c9e6679742540de944be07fc1f90ae7x', expected: INVALID },
  { input: "' or 1 eq 1", expected: INVALID },
  ...NEVER_VALID,
];

export const STRING_CASES: Case[] = [
  { input: 'plain', expected: 'plain' },
  { input: 'Zoë 北京 😀 \u202eRTL', expected: 'Zoë 北京 😀 \u202eRTL' },
  { input: 'O\'Brien "quoted" \\ back', expected: 'O\'Brien "quoted" \\ back' },
  { input: '  padded  ', expected: '  padded  ' },
  { input: 'x'.repeat(20_000), expected: 'x'.repeat(20_000) },
  { input: 1234, expected: '1234' },
  { input: true, expected: 'true' },
  { input: '__proto__', expected: '__proto__' },
  { input: "' or 1 eq 1 or '", expected: "' or 1 eq 1 or '" },
  { input: { nested: 'object' }, expected: INVALID },
  { input: ['a'], expected: INVALID },
];

/** Values that count as "not given" for an optional field (dropped, not stored). */
export const EMPTY_INPUTS: unknown[] = [null, '', undefined];

/** The cases for a JSON Schema property of the connector's dynamic schemas. */
export function casesFor(prop: { type?: string; format?: string }): Case[] {
  if (prop.type === 'integer') return INTEGER_CASES;
  if (prop.type === 'number') return NUMBER_CASES;
  if (prop.type === 'boolean') return BOOLEAN_CASES;
  if (prop.format === 'date-time') return DATE_TIME_CASES;
  if (prop.format === 'date') return DATE_CASES;
  if (prop.format === 'uuid') return UUID_CASES;
  return STRING_CASES;
}

/** Keys that must never reach an object's prototype or be taken as a field. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];
