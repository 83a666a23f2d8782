/** runQuery: ordering, paging (100 rows per page, nextSkip), $count, $search and $select projection. */
import { DEFAULT_PAGE_SIZE_ROWS, parseQuery, runQuery, type QueryOptions } from '../../emulator/ci/odata';
import { ROWS, SHAPE, ids } from './odata-fixtures';

function run(options: QueryOptions, rows = ROWS, pageSize?: number) {
  return runQuery(rows, parseQuery(options, SHAPE), pageSize === undefined ? undefined : { pageSize });
}

const MANY = Array.from({ length: 250 }, (_, i) => ({
  CustomerId: `m${String(i).padStart(3, '0')}`,
  LoyaltyPoints: i % 10,
}));

describe('$orderby', () => {
  test.each<[string, string[]]>([
    ['LoyaltyPoints', ['c3', 'c2', 'c1', 'c5', 'c4']], // null first on asc; ties keep input order
    ['LoyaltyPoints desc', ['c4', 'c1', 'c5', 'c2', 'c3']], // null last on desc; ties still stable
    ['LoyaltyPoints desc, CustomerId desc', ['c4', 'c5', 'c1', 'c2', 'c3']],
    ['City', ['c2', 'c4', 'c1', 'c5', 'c3']], // ordinal: upper case before lower case
    ['LastSeen', ['c5', 'c3', 'c1', 'c2', 'c4']], // instants, not strings: 12:30+02:00 is after 10:00Z
    ['BirthDate desc', ['c4', 'c1', 'c2', 'c3', 'c5']],
    ['IsVip desc, CustomerId', ['c1', 'c5', 'c2', 'c3', 'c4']],
    ['Balance', ['c5', 'c4', 'c2', 'c1', 'c3']],
    ['ContactId desc', ['c4', 'c2', 'c1', 'c3', 'c5']],
  ])('%s', (orderby, expected) => {
    expect(ids(run({ orderby }).value)).toEqual(expected);
  });

  test('numbers stored as text still sort numerically for a numeric attribute', () => {
    const rows = [
      { CustomerId: 'a', LoyaltyPoints: '10' },
      { CustomerId: 'b', LoyaltyPoints: 9 },
      { CustomerId: 'c', LoyaltyPoints: '100' },
    ];
    expect(ids(run({ orderby: 'LoyaltyPoints' }, rows).value)).toEqual(['b', 'a', 'c']);
  });

  test('a hand-built query without valueKind sorts by the raw values without throwing', () => {
    const rows = [
      { CustomerId: 'a', X: 'b' },
      { CustomerId: 'b', X: 2 },
      { CustomerId: 'c', X: null },
      { CustomerId: 'd', X: 1 },
    ];
    const result = runQuery(rows, { orderby: [{ name: 'X', desc: false }], skip: 0, count: false, expand: [] });
    expect(ids(result.value)).toEqual(['c', 'd', 'b', 'a']);
  });
});

describe('paging', () => {
  test('the default page is 100 rows, with nextSkip while rows remain', () => {
    const first = run({}, MANY);
    expect(first.value).toHaveLength(DEFAULT_PAGE_SIZE_ROWS);
    expect(first.nextSkip).toBe(100);
    const last = run({ skip: '200' }, MANY);
    expect(ids(last.value)).toEqual(ids(MANY.slice(200)));
    expect(last.nextSkip).toBeUndefined();
  });

  test.each<[QueryOptions, number | undefined, string, number | undefined]>([
    // options, pageSize, [first id..last id] of the page, nextSkip
    [{ top: '10' }, undefined, 'm000..m009', undefined],
    [{ top: '150' }, undefined, 'm000..m099', 100],
    [{ top: '150', skip: '100' }, undefined, 'm100..m199', 200],
    [{ top: '50', skip: '100' }, undefined, 'm100..m149', undefined],
    [{ skip: '240' }, undefined, 'm240..m249', undefined],
    [{ skip: '100' }, 100, 'm100..m199', 200],
    [{}, 30, 'm000..m029', 30],
    [{ skip: '30', top: '60' }, 30, 'm030..m059', 60],
    [{ skip: '60', top: '30' }, 30, 'm060..m089', undefined],
    [{ top: '100' }, undefined, 'm000..m099', undefined], // exactly one full page: no next link
    [{}, 0, 'm000..m099', 100], // an invalid page size falls back to the default
  ])('%j with pageSize %s → %s, nextSkip %s', (options, pageSize, range, nextSkip) => {
    const result = run(options, MANY, pageSize);
    const got =
      result.value.length === 0
        ? ''
        : `${result.value[0].CustomerId}..${result.value[result.value.length - 1].CustomerId}`;
    expect(got).toBe(range);
    expect(result.nextSkip).toBe(nextSkip);
  });

  test('$top=0 and a skip past the end return no rows and no next link', () => {
    expect(run({ top: '0' }, MANY)).toEqual({ value: [] });
    expect(run({ skip: '1000' }, MANY)).toEqual({ value: [] });
  });

  test('walking the pages visits every matching row once, in order', () => {
    const seen: unknown[] = [];
    let skip: number | undefined = 0;
    while (skip !== undefined) {
      const page = run({ filter: 'LoyaltyPoints ge 3', orderby: 'LoyaltyPoints desc', skip: String(skip) }, MANY, 40);
      seen.push(...ids(page.value));
      skip = page.nextSkip;
    }
    const expected = ids(
      [...MANY].filter((r) => r.LoyaltyPoints >= 3).sort((a, b) => b.LoyaltyPoints - a.LoyaltyPoints),
    );
    expect(seen).toEqual(expected);
  });
});

describe('$count', () => {
  test('counts every match before paging', () => {
    const page = run({ filter: 'LoyaltyPoints lt 5', count: 'true', top: '3' }, MANY);
    expect(page.count).toBe(125);
    expect(page.value).toHaveLength(3);
    expect(page).not.toHaveProperty('nextSkip');
    expect(run({ count: 'true', skip: '240' }, MANY).count).toBe(250);
    expect(run({ filter: "CustomerId eq 'zzz'", count: 'true' }).count).toBe(0);
  });

  test('is absent unless asked for', () => {
    expect(run({ count: 'false' })).not.toHaveProperty('count');
  });
});

describe('$search', () => {
  test.each<[string, string[]]>([
    ['martin', ['c1', 'c3']],
    ['MARTIN', ['c1', 'c3']],
    ['paris', ['c1', 'c3', 'c5']],
    ['martin paris', ['c1', 'c3']], // both terms must match, in any searchable attribute
    ['martin AND dublin', []],
    ['"paris nord"', ['c5']],
    ['"  alice   martin "', ['c1']],
    ['"alice martin" paris', ['c1']],
    ["o'brien", ['c2']],
    ['P-1', []], // not a searchable attribute
    ['c1', []],
  ])('%s', (search, expected) => {
    expect(ids(run({ search }).value)).toEqual(expected);
  });

  test('combines with $filter, $orderby and $count', () => {
    const result = run({ search: 'paris', filter: 'IsVip', orderby: 'CustomerId desc', count: 'true' });
    expect(ids(result.value)).toEqual(['c5', 'c1']);
    expect(result.count).toBe(2);
  });
});

describe('$select and row handling', () => {
  test('projects the selected attributes in $select order, missing ones as null', () => {
    expect(run({ select: 'City,FullName,BirthDate', filter: "CustomerId in ('c1','c5')" }).value).toEqual([
      { City: 'Paris', FullName: 'Alice Martin', BirthDate: '1990-05-01' },
      { City: 'Paris Nord', FullName: null, BirthDate: null },
    ]);
  });

  test('never mutates the input and returns copies', () => {
    const rows = ROWS.map((row) => ({ ...row }));
    const before = JSON.stringify(rows);
    const result = run({ orderby: 'LoyaltyPoints desc' }, rows);
    result.value[0].FullName = 'changed';
    expect(JSON.stringify(rows)).toBe(before);
    expect(result.value[0]).not.toBe(rows[3]);
  });
});
