/** $select, $orderby, $top, $skip, $count, $search, $expand: parsing, validation and the errors they raise. */
import { MAX_TOP_ROWS, ODataQueryError, parseQuery, type QueryOptions } from '../../emulator/ci/odata';
import { SHAPE } from './odata-fixtures';

function errorOf(options: QueryOptions): ODataQueryError {
  try {
    parseQuery(options, SHAPE);
  } catch (error) {
    if (error instanceof ODataQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(options)} to be refused`);
}

describe('parseQuery defaults', () => {
  test('no options gives an empty query', () => {
    expect(parseQuery({}, SHAPE)).toEqual({ orderby: [], skip: 0, count: false, expand: [] });
  });
});

describe('valid options', () => {
  test.each<[QueryOptions, Record<string, unknown>]>([
    [{ select: 'FullName,City' }, { select: ['FullName', 'City'] }],
    [{ select: ' FullName , City , FullName ' }, { select: ['FullName', 'City'] }],
    [{ select: '*' }, { select: undefined }],
    [{ orderby: 'City' }, { orderby: [{ name: 'City', desc: false, valueKind: 'string' }] }],
    [
      { orderby: 'LastSeen desc, LoyaltyPoints ASC' },
      {
        orderby: [
          { name: 'LastSeen', desc: true, valueKind: 'datetime' },
          { name: 'LoyaltyPoints', desc: false, valueKind: 'number' },
        ],
      },
    ],
    [{ orderby: 'City   desc' }, { orderby: [{ name: 'City', desc: true, valueKind: 'string' }] }],
    [{ top: '0' }, { top: 0 }],
    [{ top: String(MAX_TOP_ROWS) }, { top: MAX_TOP_ROWS }],
    [{ top: '007' }, { top: 7 }],
    [{ skip: '0' }, { skip: 0 }],
    [{ skip: '250' }, { skip: 250 }],
    [{ count: 'true' }, { count: true }],
    [{ count: 'FALSE' }, { count: false }],
    [{ search: 'martin' }, { search: 'martin', searchAttributes: ['FullName', 'City'] }],
    [{ search: '"Alice Martin" paris' }, { search: '"Alice Martin" paris' }],
    [{ expand: 'UnifiedActivity,Customer_Measure' }, { expand: ['UnifiedActivity', 'Customer_Measure'] }],
    [{ expand: 'UnifiedActivity, UnifiedActivity' }, { expand: ['UnifiedActivity'] }],
    [{ expand: 'UnifiedActivity', select: '*' }, { expand: ['UnifiedActivity'] }],
  ])('%j', (options, expected) => {
    expect(parseQuery(options, SHAPE)).toMatchObject(expected);
  });

  test('$expand is allowed with a $select that names every attribute', () => {
    const all = SHAPE.attributes.map((a) => a.name).join(',');
    expect(parseQuery({ expand: 'UnifiedActivity', select: all }, SHAPE).expand).toEqual(['UnifiedActivity']);
  });
});

describe('invalid options', () => {
  test.each<[QueryOptions, string, RegExp]>([
    [{ select: 'Nope' }, '$select', /unknown attribute 'Nope'/],
    [{ select: 'fullname' }, '$select', /did you mean 'FullName'/],
    [{ select: 'FullName,,City' }, '$select', /item 2 of the comma list is empty/],
    [{ select: '' }, '$select', /empty value/],
    [{ select: 'FullName asc' }, '$select', /'FullName asc' is not a valid name/],
    [{ select: 'UnifiedActivity/Title' }, '$select', /nested options and paths are not supported/],
    [{ select: 'City,*' }, '$select', /'\*' is not a valid name/],
    [{ orderby: 'Nope desc' }, '$orderby', /unknown attribute 'Nope'/],
    [{ orderby: 'City up' }, '$orderby', /expected 'asc' or 'desc' after 'City', found 'up'/],
    [{ orderby: 'City asc desc' }, '$orderby', /found 'asc desc'/],
    [{ orderby: 'City,' }, '$orderby', /item 2 of the comma list is empty/],
    [{ orderby: 'Photo' }, '$orderby', /'Photo' \(Edm.Binary\) cannot be used in \$orderby/],
    [{ orderby: 'tolower(City)' }, '$orderby', /not a valid name \(nested/],
    [{ top: '-1' }, '$top', /'-1' is not a non-negative integer/],
    [{ top: '1.5' }, '$top', /not a non-negative integer/],
    [{ top: 'ten' }, '$top', /'ten' is not a non-negative integer/],
    [{ top: '' }, '$top', /'' is not a non-negative integer/],
    [{ top: '1e3' }, '$top', /not a non-negative integer/],
    [{ top: String(MAX_TOP_ROWS + 1) }, '$top', /1001 is larger than the maximum 1000/],
    [{ top: '99999999999999999999' }, '$top', /larger than the maximum/],
    [{ skip: '-5' }, '$skip', /not a non-negative integer/],
    [{ skip: '99999999999999999999' }, '$skip', /larger than the maximum/],
    [{ count: 'yes' }, '$count', /expected true or false, found 'yes'/],
    [{ count: '' }, '$count', /expected true or false/],
    [{ search: '' }, '$search', /no search terms/],
    [{ search: '""' }, '$search', /no search terms/],
    [{ search: '"open phrase' }, '$search', /unterminated quoted phrase starting at position 1/],
    [{ search: 'alice OR bob' }, '$search', /'OR' is not supported.*position 7/],
    [{ search: 'NOT bob' }, '$search', /'NOT' is not supported/],
    [{ search: 'x'.repeat(2000) }, '$search', /longer than 1024 characters/],
    [{ search: Array.from({ length: 40 }, (_, i) => `t${i}`).join(' ') }, '$search', /more than 32 terms/],
    [{ expand: 'Unified Activity' }, '$expand', /'Unified Activity' is not a valid name/],
    [{ expand: 'UnifiedActivity($select=Title)' }, '$expand', /nested options/],
    [{ expand: '' }, '$expand', /empty value/],
    [{ expand: 'UnifiedActivity', search: 'alice' }, '$expand', /cannot be combined with \$search/],
    [{ expand: 'UnifiedActivity', select: 'FullName' }, '$expand', /cannot be combined with a partial \$select/],
    [{ select: 'a,'.repeat(3000) }, '$select', /longer than 4096 characters/],
  ])('%j → %s', (options, target, message) => {
    const error = errorOf(options);
    expect(error.target).toBe(target);
    expect(error.message.startsWith(`Invalid ${target}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  test('$search on an entity without searchable attributes is refused', () => {
    expect(() => parseQuery({ search: 'x' }, { ...SHAPE, searchable: [] })).toThrow(/no searchable attributes/);
  });

  test.each(['filter', 'select', 'orderby', 'top', 'skip', 'count', 'search', 'expand'] as const)(
    'a repeated $%s (array value) is refused, not crashed on',
    (key) => {
      const options = { [key]: ['1', '2'] } as unknown as QueryOptions;
      const error = errorOf(options);
      expect(error.target).toBe(`$${key}`);
      expect(error.message).toMatch(/must be given once, as text/);
    },
  );
});
