import { AppError } from '../../proxy/errors';
import { parseIsoInstant } from '../../proxy/reshape/coerce';
import { odataString } from '../../proxy/reshape/odata-literal';
import { reshapeRecord } from '../../proxy/reshape/record-in';
import { profileOut, timelineActivityOut } from '../../proxy/reshape/record-out';
import { toEntityModel } from '../../proxy/schema/entity-model';
import { CUSTOMER_METADATA, PURCHASES_METADATA } from '../support/proxy-ops-fixtures';

const purchases = toEntityModel(PURCHASES_METADATA);
const customer = toEntityModel(CUSTOMER_METADATA);
const valid = { TransactionId: 42, CustomerNumber: 'C-1', TransactionTime: '2025-03-01T10:00:00Z', Amount: 19.9 };

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('reshaping a maker’s activity for CI', () => {
  test('values typed as text are coerced to the entity types', () => {
    const { record } = reshapeRecord(
      purchases,
      {
        ...valid,
        TransactionId: '42',
        Amount: ' 19.90 ',
        Quantity: '3',
        ReceiptEmailed: 'TRUE',
        BusinessDate: '2025-03-01T23:30:00-02:00',
        SessionGuid: 'A0B1C2D3-E4F5-4A6B-8C7D-9E0F1A2B3C4D',
        Discount: '1e-1',
      },
      'activity-input',
    );
    expect(record).toEqual({
      TransactionId: 42,
      CustomerNumber: 'C-1',
      TransactionTime: '2025-03-01T10:00:00.000Z',
      Amount: 19.9,
      Quantity: 3,
      ReceiptEmailed: true,
      BusinessDate: '2025-03-02',
      SessionGuid: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
      Discount: 0.1,
    });
  });

  test.each([
    ['2025-03-01T12:00:00+02:00', '2025-03-01T10:00:00.000Z'],
    ['2025-03-01T12:00:00+0200', '2025-03-01T10:00:00.000Z'],
    ['2025-03-01 10:00', '2025-03-01T10:00:00.000Z'],
    ['2025-03-01', '2025-03-01T00:00:00.000Z'],
    ['2025-03-01T10:00:00.1234567Z', '2025-03-01T10:00:00.123Z'],
  ])('any ISO date %s becomes RFC 3339 UTC %s', (given, expected) => {
    expect(
      reshapeRecord(purchases, { ...valid, TransactionTime: given }, 'activity-input').record.TransactionTime,
    ).toBe(expected);
  });

  test.each(['2025-02-30', '01/03/2025', 'yesterday', '2025-03-01T25:00:00Z'])('%s is not a date', (given) => {
    const err = errorOf(() => reshapeRecord(purchases, { ...valid, TransactionTime: given }, 'activity-input'));
    expect(err.code).toBe('InvalidField');
    expect(err.extra.target).toBe('body.TransactionTime');
  });

  test('empty optional fields are dropped; empty required ones are named', () => {
    const { record } = reshapeRecord(
      purchases,
      { ...valid, Quantity: '', ReceiptEmailed: null, BusinessDate: ' ' },
      'activity-input',
    );
    expect(Object.keys(record)).toEqual(['TransactionId', 'CustomerNumber', 'TransactionTime', 'Amount']);
    const err = errorOf(() => reshapeRecord(purchases, { ...valid, Amount: '' }, 'activity-input'));
    expect(err.code).toBe('MissingField');
    expect(err.extra.target).toBe('body.Amount');
  });

  test('unknown fields are refused by name, with a hint for a wrong case', () => {
    const err = errorOf(() => reshapeRecord(purchases, { ...valid, amount: 1, Colour: 'red' }, 'activity-input'));
    expect(err.code).toBe('UnknownField');
    expect(err.extra.target).toBe('body.amount');
    expect(err.message).toContain('Did you mean Amount?');
    expect(err.message).toContain('body.Colour');
  });

  test.each([
    ['Quantity', 'three', 'InvalidField'],
    ['Quantity', 1.5, 'InvalidField'],
    ['Register', 40000, 'InvalidField'],
    ['TransactionId', '9007199254740993', 'InvalidField'],
    ['ReceiptEmailed', 'maybe', 'InvalidField'],
    ['SessionGuid', 'not-a-guid', 'InvalidField'],
    ['CustomerNumber', { nested: true }, 'InvalidField'],
  ])('a wrong %s (%p) is refused naming the field', (field, value, code) => {
    const err = errorOf(() => reshapeRecord(purchases, { ...valid, [field]: value }, 'activity-input'));
    expect(err.code).toBe(code);
    expect(err.extra.target).toBe(`body.${field}`);
    expect(err.message).toContain(field);
  });

  test('a body that is not an object is refused', () => {
    expect(errorOf(() => reshapeRecord(purchases, [valid], 'activity-input')).extra.target).toBe('body');
  });
});

describe('reshaping a profile update', () => {
  test('only updatable fields are sent and listed', () => {
    const result = reshapeRecord(customer, { LoyaltyTier: 'Gold', LoyaltyPoints: '120', EMail: '' }, 'profile-update');
    expect(result).toEqual({
      record: { LoyaltyTier: 'Gold', LoyaltyPoints: 120 },
      fields: ['LoyaltyTier', 'LoyaltyPoints'],
    });
  });

  test('keys and read-only fields are refused by name', () => {
    expect(errorOf(() => reshapeRecord(customer, { CustomerId: 'x' }, 'profile-update')).message).toContain('is a key');
    const err = errorOf(() => reshapeRecord(customer, { FullName: 'x', LoyaltyTier: 'Gold' }, 'profile-update'));
    expect(err.extra.target).toBe('body.FullName');
    expect(err.message).toContain('read-only');
  });

  test('an empty update is refused', () => {
    expect(errorOf(() => reshapeRecord(customer, {}, 'profile-update')).code).toBe('MissingField');
    expect(errorOf(() => reshapeRecord(customer, { EMail: '' }, 'profile-update')).code).toBe('MissingField');
  });
});

describe('reshaping out', () => {
  test('profiles lose OData annotations and nulls', () => {
    expect(profileOut({ '@odata.etag': 'x', CustomerId: 'c', EMail: null, LoyaltyPoints: 0 })).toEqual({
      CustomerId: 'c',
      LoyaltyPoints: 0,
    });
  });

  test('a UnifiedActivity row becomes a timeline item', () => {
    expect(
      timelineActivityOut({
        ActivityId: 'a1',
        ActivityType: 'StorePurchase',
        ActivityTypeDisplay: 'In-store purchase',
        ActivityTime: '2025-03-01T12:00:00+02:00',
        Title: 'In-store purchase: 19.9',
        SourceTableName: 'PoS_posPurchases',
        Description: null,
      }),
    ).toEqual({
      activityId: 'a1',
      activityType: 'StorePurchase',
      activityTypeDisplay: 'In-store purchase',
      activityTime: '2025-03-01T10:00:00.000Z',
      title: 'In-store purchase: 19.9',
      sourceEntity: 'PoS_posPurchases',
    });
  });

  test('OData string literals double quotes so a value cannot escape', () => {
    expect(odataString("O'Brien' or 1 eq 1")).toBe("'O''Brien'' or 1 eq 1'");
  });

  test('parseIsoInstant rejects impossible dates', () => {
    expect(parseIsoInstant('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoInstant('2023-02-29')).toBeUndefined();
  });
});
