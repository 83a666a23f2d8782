/** A small Customer-like entity shared by the odata-* suites: every Edm kind, nulls and missing values included. */
import type { EntityShape } from '../../emulator/ci/odata';

export const SHAPE: EntityShape = {
  attributes: [
    { name: 'CustomerId', dataType: 'Edm.String' },
    { name: 'FullName', dataType: 'Edm.String' },
    { name: 'City', dataType: 'Edm.String' },
    { name: 'LoyaltyPoints', dataType: 'Edm.Int64' },
    { name: 'Balance', dataType: 'Edm.Decimal' },
    { name: 'IsVip', dataType: 'Edm.Boolean' },
    { name: 'BirthDate', dataType: 'Edm.Date' },
    { name: 'LastSeen', dataType: 'Edm.DateTimeOffset' },
    { name: 'ContactId', dataType: 'Edm.Guid' },
    { name: 'Photo', dataType: 'Edm.Binary' },
    { name: 'PoS_posCustomers_CustomerKey', dataType: 'Edm.String' },
  ],
  searchable: ['FullName', 'City'],
};

export const ROWS: Record<string, unknown>[] = [
  {
    CustomerId: 'c1',
    FullName: 'Alice Martin',
    City: 'Paris',
    LoyaltyPoints: 120,
    Balance: 10.5,
    IsVip: true,
    BirthDate: '1990-05-01',
    LastSeen: '2024-01-31T10:00:00Z',
    ContactId: 'AAAAAAAA-0000-0000-0000-000000000001',
    PoS_posCustomers_CustomerKey: 'P-1',
  },
  {
    CustomerId: 'c2',
    FullName: "Bob O'Brien",
    City: 'Dublin',
    LoyaltyPoints: 5,
    Balance: 0,
    IsVip: false,
    BirthDate: '1985-12-24',
    LastSeen: '2024-01-31T12:30:00+02:00',
    ContactId: 'aaaaaaaa-0000-0000-0000-000000000002',
    PoS_posCustomers_CustomerKey: 'P-2',
  },
  {
    CustomerId: 'c3',
    FullName: 'carol martin',
    City: 'paris',
    LoyaltyPoints: null,
    Balance: 99.99,
    IsVip: false,
    BirthDate: null,
    LastSeen: '2023-12-31T23:59:59Z',
    ContactId: null,
  },
  {
    CustomerId: 'c4',
    FullName: 'Dan Smith',
    City: 'New York',
    LoyaltyPoints: 5000,
    Balance: -3.25,
    BirthDate: '2000-02-29',
    LastSeen: '2024-02-01T00:00:00Z',
    ContactId: 'aaaaaaaa-0000-0000-0000-000000000004',
  },
  { CustomerId: 'c5', FullName: null, City: 'Paris Nord', LoyaltyPoints: 120, IsVip: true, LastSeen: null },
];

/** CustomerIds of the rows, in order, for compact assertions. */
export function ids(rows: readonly Record<string, unknown>[]): unknown[] {
  return rows.map((row) => row.CustomerId);
}
