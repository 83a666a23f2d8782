/** $filter: which rows each expression selects, and how each bad expression is reported. */
import { ODataQueryError, parseQuery, runQuery } from '../../emulator/ci/odata';
import { ROWS, SHAPE, ids } from './odata-fixtures';

function select(filter: string): unknown[] {
  return ids(runQuery(ROWS, parseQuery({ filter }, SHAPE)).value);
}

describe('$filter selects rows', () => {
  test.each<[string, string[]]>([
    // strings: eq is case-sensitive, '' escapes a quote
    ["CustomerId eq 'c1'", ['c1']],
    ["City eq 'paris'", ['c3']],
    ["City ne 'Paris'", ['c2', 'c3', 'c4', 'c5']],
    ["FullName eq 'Bob O''Brien'", ['c2']],
    ["City gt 'Paris'", ['c3', 'c5']],
    ["PoS_posCustomers_CustomerKey eq 'P-2'", ['c2']],
    // numbers
    ['LoyaltyPoints eq 120', ['c1', 'c5']],
    ['LoyaltyPoints gt 100', ['c1', 'c4', 'c5']],
    ['LoyaltyPoints ge 5 and LoyaltyPoints le 120', ['c1', 'c2', 'c5']],
    ['LoyaltyPoints lt 120', ['c2']],
    ['Balance lt 0', ['c4']],
    ['Balance gt 10.4', ['c1', 'c3']],
    ['Balance eq -3.25', ['c4']],
    ['Balance ge 1e1', ['c1', 'c3']],
    ['LoyaltyPoints gt 1.5', ['c1', 'c2', 'c4', 'c5']],
    // booleans, including a bare boolean attribute as a predicate
    ['IsVip eq true', ['c1', 'c5']],
    ['IsVip eq false', ['c2', 'c3']],
    ['IsVip', ['c1', 'c5']],
    ['not IsVip', ['c2', 'c3', 'c4']],
    ['IsVip eq TRUE', ['c1', 'c5']],
    // null semantics (OData v4)
    ['LoyaltyPoints eq null', ['c3']],
    ['LoyaltyPoints ne null', ['c1', 'c2', 'c4', 'c5']],
    ['IsVip eq null', ['c4']],
    ['BirthDate eq null', ['c3', 'c5']],
    ['LoyaltyPoints gt null', []],
    ['null eq LoyaltyPoints', ['c3']],
    // dates compare as dates, date-times as instants (offsets honoured)
    ['BirthDate lt 1990-01-01', ['c2']],
    ['BirthDate eq 2000-02-29', ['c4']],
    ['BirthDate ge 1990-05-01', ['c1', 'c4']],
    ['LastSeen gt 2024-01-31T10:15:00Z', ['c2', 'c4']],
    ['LastSeen eq 2024-01-31T10:30:00Z', ['c2']],
    ['LastSeen eq 2024-01-31T11:30:00+01:00', ['c2']],
    ['LastSeen lt 2024-01-01', ['c3']],
    ['LastSeen ge 2024-01-31 and LastSeen lt 2024-02-01', ['c1', 'c2']],
    ['LastSeen gt 2024-01-31T10:00:00.5Z', ['c2', 'c4']],
    // GUIDs compare case-insensitively; a quoted GUID is accepted for Edm.Guid
    ['ContactId eq aaaaaaaa-0000-0000-0000-000000000001', ['c1']],
    ['ContactId eq AAAAAAAA-0000-0000-0000-000000000002', ['c2']],
    ["ContactId eq 'aaaaaaaa-0000-0000-0000-000000000004'", ['c4']],
    ['ContactId ne null', ['c1', 'c2', 'c4']],
    // in
    ["CustomerId in ('c1','c3')", ['c1', 'c3']],
    ["CustomerId in ( 'c4' )", ['c4']],
    ['LoyaltyPoints in (5, 5000)', ['c2', 'c4']],
    ['LoyaltyPoints in (null, 5)', ['c2', 'c3']],
    ["not (CustomerId in ('c1','c2'))", ['c3', 'c4', 'c5']],
    // string functions match case-insensitively
    ["contains(FullName,'martin')", ['c1', 'c3']],
    ["contains(FullName,'MARTIN')", ['c1', 'c3']],
    ["startswith(City,'paris')", ['c1', 'c3', 'c5']],
    ["endswith(FullName,'SMITH')", ['c4']],
    ["contains(FullName,'')", ['c1', 'c2', 'c3', 'c4']],
    ["contains(FullName,'martin') eq true", ['c1', 'c3']],
    ["contains(FullName,'martin') eq false", ['c2', 'c4', 'c5']],
    ["Contains(FullName,'o''b')", ['c2']],
    // boolean logic, precedence (and binds tighter than or), parentheses, not
    ["City eq 'Paris' or City eq 'Dublin' and IsVip eq true", ['c1']],
    ["(City eq 'Paris' or City eq 'Dublin') and IsVip eq false", ['c2']],
    ["not City eq 'Paris'", ['c2', 'c3', 'c4', 'c5']],
    ['not not IsVip', ['c1', 'c5']],
    ['((((LoyaltyPoints eq 5))))', ['c2']],
    ["IsVip AND City EQ 'Paris'", ['c1']],
    ['  LoyaltyPoints   eq   5  ', ['c2']],
    // literal on the left flips the operator
    ['100 lt LoyaltyPoints', ['c1', 'c4', 'c5']],
    ['2024-01-31T10:15:00Z lt LastSeen', ['c2', 'c4']],
  ])('%s', (filter, expected) => {
    expect(select(filter)).toEqual(expected);
  });

  test('values that do not fit their declared type count as null and never throw', () => {
    const rows = [
      { CustomerId: 'x1', LoyaltyPoints: 'not a number', LastSeen: 'garbage', IsVip: 'yes', BirthDate: 7 },
      { CustomerId: 'x2', LoyaltyPoints: '42', LastSeen: new Date('2024-01-01T00:00:00Z'), IsVip: 'true' },
    ];
    const run = (filter: string) => ids(runQuery(rows, parseQuery({ filter }, SHAPE)).value);
    expect(run('LoyaltyPoints eq null')).toEqual(['x1']);
    expect(run('LoyaltyPoints eq 42')).toEqual(['x2']);
    expect(run('LastSeen eq 2024-01-01T00:00:00Z')).toEqual(['x2']);
    expect(run('IsVip eq true')).toEqual(['x2']);
    expect(run('BirthDate eq null')).toEqual(['x1', 'x2']);
  });

  test('parses to an inspectable tree with normalised literals', () => {
    const { filter } = parseQuery({ filter: "CustomerId eq 'c1' and LastSeen gt 2024-01-31" }, SHAPE);
    expect(filter).toEqual({
      kind: 'and',
      left: { kind: 'compare', op: 'eq', attribute: 'CustomerId', valueKind: 'string', value: 'c1' },
      right: { kind: 'compare', op: 'gt', attribute: 'LastSeen', valueKind: 'datetime', value: Date.UTC(2024, 0, 31) },
    });
  });
});

describe('$filter errors name the fault', () => {
  test.each<[string, RegExp, number | undefined]>([
    ["LoyaltyPoints eq 'abc'", /type mismatch at position 18: LoyaltyPoints is Edm.Int64.*not 'abc'/, 18],
    ['FullName eq 5', /FullName is Edm.String.*quoted string.*not 5/, 13],
    ["LastSeen gt '2024-01-31'", /LastSeen is Edm.DateTimeOffset.*unquoted date-time/, 13],
    ['BirthDate eq 2024-01-31T10:00:00Z', /BirthDate is Edm.Date.*unquoted date/, 14],
    ['IsVip eq 1', /IsVip is Edm.Boolean.*true or false/, 10],
    ["ContactId eq 'not-a-guid'", /ContactId is Edm.Guid/, 14],
    ["CustomerId in ('a', 5)", /CustomerId is Edm.String.*not 5/, 21],
    ['Nope eq 1', /unknown attribute 'Nope' at position 1$/, 1],
    ["customerid eq 'c1'", /unknown attribute 'customerid'.*did you mean 'CustomerId'/, 1],
    ["City eq 'Paris' and Town eq 'x'", /unknown attribute 'Town' at position 21/, 21],
    ['Photo eq null', /'Photo' \(Edm.Binary\) cannot be used in \$filter at position 1/, 1],
    ['LoyaltyPoints eq 1.2.3', /malformed number or date '1.2.3' at position 18/, 18],
    ['LoyaltyPoints eq 12abc', /malformed number or date '12abc'/, 18],
    ['LoyaltyPoints eq 1e999', /number '1e999' is out of range/, 18],
    ['BirthDate eq 2024-02-30', /invalid date '2024-02-30' at position 14/, 14],
    ['BirthDate eq 2024-1-5', /malformed number or date '2024-1-5'/, 14],
    ['LastSeen eq 2024-01-31T25:00:00Z', /malformed number or date|invalid date-time/, 13],
    ['LastSeen eq 2024-01-31T10:00:00', /malformed number or date/, 13],
    ["City eq 'Paris", /unterminated string literal starting at position 9/, 9],
    ['City eq "Paris"', /single quotes at position 9/, 9],
    ['(City eq null', /expected '\)', found the end of the expression at position 14/, 14],
    ['City eq null)', /expected 'and', 'or' or the end of the expression, found '\)' at position 13/, 13],
    ['City eq', /expected an attribute or a value, found the end of the expression at position 8/, 8],
    ['City', /expected a comparison operator.*found the end of the expression/, 5],
    ['City equals null', /expected a comparison operator.*found 'equals' at position 6/, 6],
    ['City eq null and', /expected an attribute or a value.*position 17/, 17],
    ['LoyaltyPoints add 1 eq 2', /unsupported operator 'add' at position 15/, 15],
    ["tolower(City) eq 'paris'", /unsupported function 'tolower'.*position 1/, 1],
    ["IsMemberOfSegment('VIP')", /unsupported function 'IsMemberOfSegment'/, 1],
    ["contains(LoyaltyPoints,'1')", /contains needs a text attribute, but 'LoyaltyPoints' is Edm.Int64/, 10],
    ["contains('x', City)", /contains needs an attribute as its first argument/, 10],
    ['contains(City, 5)', /needs a quoted string as its second argument, found '5'/, 16],
    ["contains(City,'a') eq 1", /expected true or false, found '1'/, 23],
    ['City eq FullName', /comparing two attributes is not supported/, 6],
    ['1 eq 1', /needs an attribute on one side/, 3],
    ["'a' in ('a')", /'in' needs an attribute on its left/, 5],
    ['CustomerId in ()', /expected an attribute or a value, found '\)'/, 16],
    ["CustomerId in ('a' 'b')", /expected ',' or '\)' in the 'in' list/, 20],
    ["CustomerId in ('a', City)", /'in' lists hold values only/, 21],
    ["CustomerId in 'a'", /expected '\(' after 'in'/, 15],
    ['Address/City eq null', /navigation paths \(\/\) are not supported at position 8/, 8],
    ['City eq null; drop', /unexpected character ';' at position 13/, 13],
    ['', /empty expression/, undefined],
    ['   ', /empty expression/, undefined],
  ])('%s', (filter, message, position) => {
    let caught: unknown;
    try {
      parseQuery({ filter }, SHAPE);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ODataQueryError);
    const error = caught as ODataQueryError;
    expect(error.target).toBe('$filter');
    expect(error.message).toMatch(/^Invalid \$filter: /);
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
  });

  test('the parse-cost guards refuse over-long and over-deep filters', () => {
    const long = "CustomerId eq 'c1' or ".repeat(200) + "CustomerId eq 'c2'";
    expect(() => parseQuery({ filter: long }, SHAPE)).toThrow(/longer than 4096 characters/);
    const deep = '('.repeat(40) + 'IsVip' + ')'.repeat(40);
    expect(() => parseQuery({ filter: deep }, SHAPE)).toThrow(/nesting deeper than 32 levels at position 33/);
    expect(() => parseQuery({ filter: 'not '.repeat(40) + 'IsVip' }, SHAPE)).toThrow(/nesting deeper than 32/);
    const wide = `CustomerId in (${Array.from({ length: 501 }, (_, i) => `'${i}'`).join(',')})`;
    expect(() => parseQuery({ filter: wide }, SHAPE)).toThrow(/more than 500 values/);
    expect(select('('.repeat(32) + 'IsVip' + ')'.repeat(32))).toEqual(['c1', 'c5']);
  });
});
