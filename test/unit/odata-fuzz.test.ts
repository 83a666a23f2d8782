/**
 * Property-style: random and garbled input must end in a parsed query or an ODataQueryError — never any other
 * exception — and whatever parses must run without throwing. A seeded generator keeps failures reproducible.
 */
import { ODataQueryError, parseQuery, runQuery, type QueryOptions } from '../../emulator/ci/odata';
import { ROWS, SHAPE } from './odata-fixtures';

const ITERATIONS = 3000;

/** mulberry32: small deterministic PRNG so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  ...SHAPE.attributes.map((a) => a.name),
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'and',
  'or',
  'not',
  'in',
  'has',
  'add',
  'contains',
  'startswith',
  'endswith',
  'tolower',
  'true',
  'false',
  'null',
  '(',
  ')',
  ',',
  "'",
  "''",
  "'abc'",
  "'Paris'",
  '"',
  '-',
  '.',
  '/',
  '$',
  '*',
  ';',
  ':',
  'T',
  'Z',
  '0',
  '1',
  '-5',
  '1.5',
  '1e3',
  '1e999',
  '2024-01-31',
  '2024-02-30',
  '2024-01-31T10:00:00Z',
  '2024-01-31T10:00',
  'aaaaaaaa-0000-0000-0000-000000000001',
  'asc',
  'desc',
  ' ',
  '  ',
  '\t',
  '\u0000',
  '\u00e9',
  '💥',
  '\\',
  '%20',
];

const VALID_FILTERS = [
  "CustomerId eq 'c1' and (LoyaltyPoints gt 10 or IsVip)",
  "contains(FullName,'martin') and not (City in ('Paris','Dublin'))",
  'LastSeen ge 2024-01-31T10:00:00Z and BirthDate lt 2000-01-01 and Balance le -1.5',
  'ContactId eq aaaaaaaa-0000-0000-0000-000000000001 or ContactId eq null',
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function randomChars(rand: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++)
    out += String.fromCharCode(rand() < 0.9 ? 32 + Math.floor(rand() * 95) : Math.floor(rand() * 0xffff));
  return out;
}

function fragments(rand: () => number): string {
  const count = 1 + Math.floor(rand() * 12);
  return Array.from({ length: count }, () => pick(rand, FRAGMENTS)).join(rand() < 0.5 ? ' ' : '');
}

function garble(rand: () => number, text: string): string {
  const chars = [...text];
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (chars.length + 1));
    const roll = rand();
    if (roll < 0.33) chars.splice(at, 1);
    else if (roll < 0.66) chars.splice(at, 0, pick(rand, FRAGMENTS));
    else chars.splice(at, 1, randomChars(rand, 1));
  }
  return chars.join('');
}

function randomText(rand: () => number): string {
  const roll = rand();
  if (roll < 0.3) return randomChars(rand, Math.floor(rand() * 40));
  if (roll < 0.7) return fragments(rand);
  return garble(rand, pick(rand, VALID_FILTERS));
}

const KEYS = ['filter', 'select', 'orderby', 'top', 'skip', 'count', 'search', 'expand'] as const;

/** Returns 'ok' or 'error'; fails the test with the seed and input on any other exception. */
function attempt(options: QueryOptions, seed: number): 'ok' | 'error' {
  try {
    const query = parseQuery(options, SHAPE);
    runQuery(ROWS, query, { pageSize: 2 });
    return 'ok';
  } catch (error) {
    if (error instanceof ODataQueryError && typeof error.target === 'string' && error.message.startsWith('Invalid $')) {
      return 'error';
    }
    throw new Error(`seed ${seed}: ${JSON.stringify(options)} threw ${String(error)}`);
  }
}

describe('fuzz', () => {
  test('random $filter text only ever parses or raises ODataQueryError', () => {
    const outcomes = { ok: 0, error: 0 };
    for (let seed = 1; seed <= ITERATIONS; seed++) outcomes[attempt({ filter: randomText(prng(seed)) }, seed)]++;
    // Both outcomes must occur, or the generator is not exercising the parser.
    expect(outcomes.ok).toBeGreaterThan(20);
    expect(outcomes.error).toBeGreaterThan(ITERATIONS / 2);
  });

  test('random values for every option only ever parse or raise ODataQueryError', () => {
    const outcomes = { ok: 0, error: 0 };
    for (let seed = 1; seed <= ITERATIONS; seed++) {
      const rand = prng(seed * 7919);
      const options: QueryOptions = {};
      for (const key of KEYS) if (rand() < 0.4) options[key] = randomText(rand);
      outcomes[attempt(options, seed)]++;
    }
    expect(outcomes.ok).toBeGreaterThan(20);
    expect(outcomes.error).toBeGreaterThan(ITERATIONS / 2);
  });

  test('errors from a $filter always name $filter as the target', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const filter = garble(prng(seed), pick(prng(seed + 1), VALID_FILTERS));
      try {
        parseQuery({ filter }, SHAPE);
      } catch (error) {
        expect(error).toBeInstanceOf(ODataQueryError);
        expect((error as ODataQueryError).target).toBe('$filter');
      }
    }
  });

  test('generated well-formed filters always parse, and `not (X)` selects exactly the rows X leaves out', () => {
    const ids = (rows: Record<string, unknown>[]) => rows.map((row) => row.CustomerId);
    for (let seed = 1; seed <= 1000; seed++) {
      const rand = prng(seed * 31);
      const filter = wellFormed(rand, 0);
      const all = ids(runQuery(ROWS, parseQuery({ filter }, SHAPE)).value);
      const rest = ids(runQuery(ROWS, parseQuery({ filter: `not (${filter})` }, SHAPE)).value);
      expect({ filter, union: [...all, ...rest].sort() }).toEqual({ filter, union: ids(ROWS).sort() });
      expect(all.filter((id) => rest.includes(id))).toEqual([]);
    }
  });
});

const LITERALS: Record<string, readonly string[]> = {
  CustomerId: ["'c1'", "'c4'", "'zz'", 'null'],
  FullName: ["'Alice Martin'", "'Bob O''Brien'", 'null'],
  City: ["'Paris'", "'paris'", "'Dublin'"],
  LoyaltyPoints: ['5', '120', '-1', '1e2', '4.5', 'null'],
  Balance: ['0', '10.5', '-3.25', 'null'],
  IsVip: ['true', 'false', 'null'],
  BirthDate: ['1990-05-01', '2000-02-29', 'null'],
  LastSeen: ['2024-01-31T10:00:00Z', '2024-01-31T12:30:00+02:00', '2024-01-31', 'null'],
  ContactId: ['aaaaaaaa-0000-0000-0000-000000000001', "'AAAAAAAA-0000-0000-0000-000000000002'", 'null'],
};

/** A random filter that is valid for SHAPE by construction. */
function wellFormed(rand: () => number, depth: number): string {
  const roll = rand();
  if (depth < 3 && roll < 0.25)
    return `${wellFormed(rand, depth + 1)} ${pick(rand, ['and', 'or'])} ${wellFormed(rand, depth + 1)}`;
  if (depth < 3 && roll < 0.35) return `not (${wellFormed(rand, depth + 1)})`;
  const attribute = pick(rand, Object.keys(LITERALS));
  if (roll < 0.45) return `${attribute} in (${pick(rand, LITERALS[attribute])}, ${pick(rand, LITERALS[attribute])})`;
  if (roll < 0.55 && ['FullName', 'City', 'CustomerId'].includes(attribute)) {
    return `${pick(rand, ['contains', 'startswith', 'endswith'])}(${attribute}, ${pick(rand, ["'a'", "'PARIS'", "''"])})`;
  }
  return `${attribute} ${pick(rand, ['eq', 'ne', 'gt', 'ge', 'lt', 'le'])} ${pick(rand, LITERALS[attribute])}`;
}
