import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { jsonTypeOf } from '../../proxy/schema/edm-types';
import { toEntityModel } from '../../proxy/schema/entity-model';
import { toJsonSchema } from '../../proxy/schema/json-schema';
import { entityDisplayName } from '../../proxy/schema/entity-source';
import { profileLookupsOf } from '../../proxy/schema/profile-lookups';
import { createSchemaCache } from '../../proxy/schema/schema-cache';
import { CUSTOMER_METADATA, PURCHASES_METADATA, PURCHASES_METADATA_MODEL_SHAPE } from '../support/proxy-ops-fixtures';

const WHITELISTED = [
  'int32',
  'int64',
  'float',
  'double',
  'byte',
  'binary',
  'date',
  'date-time',
  'password',
  'email',
  'uri',
  'uuid',
];

describe('CI data types map to JSON Schema types', () => {
  test.each([
    ['Edm.String', 'string', undefined],
    ['Edm.Int16', 'integer', 'int32'],
    ['Edm.Int32', 'integer', 'int32'],
    ['Edm.Int64', 'integer', 'int64'],
    ['Edm.Byte', 'integer', 'int32'],
    ['Edm.SByte', 'integer', 'int32'],
    ['Edm.Decimal', 'number', undefined],
    ['Edm.Double', 'number', 'double'],
    ['Edm.Single', 'number', 'float'],
    ['Edm.Boolean', 'boolean', undefined],
    ['Edm.Date', 'string', 'date'],
    ['Edm.DateTimeOffset', 'string', 'date-time'],
    ['Edm.DateTime', 'string', 'date-time'],
    ['Edm.Guid', 'string', 'uuid'],
    ['Edm.TimeOfDay', 'string', undefined],
    ['Edm.Duration', 'string', undefined],
    ['Edm.Binary', 'string', 'byte'],
    ['string', 'string', undefined],
    ['int64', 'integer', 'int64'],
    ['dateTime', 'string', 'date-time'],
    ['dateTimeOffset', 'string', 'date-time'],
    ['guid', 'string', 'uuid'],
    ['boolean', 'boolean', undefined],
    ['double', 'number', 'double'],
    ['json', 'string', undefined],
    ['Edm.Geography', 'string', undefined],
  ])('%s becomes %s (format %s)', (dataType, type, format) => {
    const info = jsonTypeOf(dataType);
    expect(info.type).toBe(type);
    expect(info.format).toBe(format);
    if (info.format) expect(WHITELISTED).toContain(info.format);
  });
});

describe('entity metadata becomes designer schemas', () => {
  const purchases = toEntityModel(PURCHASES_METADATA);
  const customer = toEntityModel(CUSTOMER_METADATA);

  test('activity input: keys and Mandatory are required, read-only fields are left out', () => {
    const schema = toJsonSchema(purchases, 'activity-input');
    expect(schema.required).toEqual(['TransactionId', 'CustomerNumber', 'TransactionTime', 'Amount']);
    expect(schema.properties.LoadedOn).toBeUndefined();
    expect(schema.properties.TransactionId).toMatchObject({
      type: 'integer',
      format: 'int64',
      'x-ms-summary': 'Transaction ID',
    });
    expect(schema.properties.Register).toMatchObject({ type: 'integer', minimum: -32768, maximum: 32767 });
  });

  test('every property has a summary, a description and only whitelisted formats', () => {
    for (const view of ['activity-input', 'profile-update', 'profile-output'] as const) {
      for (const model of [purchases, customer]) {
        for (const prop of Object.values(toJsonSchema(model, view).properties)) {
          expect(prop['x-ms-summary']).toBeTruthy();
          expect(prop.description.length).toBeGreaterThan(10);
          if (prop.format) expect(WHITELISTED).toContain(prop.format);
        }
      }
    }
  });

  test('metadata in the code model shape (ends and timestamp as objects) reads like the name shape', () => {
    const fromObjects = toEntityModel(PURCHASES_METADATA_MODEL_SHAPE);
    expect(fromObjects.timestampAttribute).toBe('TransactionTime');
    expect(fromObjects.customerLinks).toEqual([
      {
        attribute: 'CustomerNumber',
        sourceEntity: 'PoS_posCustomers',
        sourceAttribute: 'CustomerNumber',
        profileColumn: 'PoS_posCustomers_CustomerNumber',
      },
    ]);
    expect(fromObjects).toEqual(purchases);
    for (const view of ['activity-input', 'profile-output'] as const)
      expect(toJsonSchema(fromObjects, view)).toEqual(toJsonSchema(purchases, view));
  });

  test('profile update: keys and read-only fields are left out and nothing is required', () => {
    const schema = toJsonSchema(customer, 'profile-update');
    expect(Object.keys(schema.properties)).toEqual(['EMail', 'LoyaltyTier', 'LoyaltyPoints', 'MarketingOptIn']);
    expect(schema.required).toBeUndefined();
  });

  test('profile output keeps every field, CustomerId included', () => {
    const schema = toJsonSchema(customer, 'profile-output');
    expect(Object.keys(schema.properties)).toHaveLength(CUSTOMER_METADATA.attributes.length);
    expect(schema.required).toEqual(['CustomerId']);
  });

  test('the schemas are valid JSON Schema that ajv compiles', () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    expect(() => ajv.compile(toJsonSchema(purchases, 'activity-input'))).not.toThrow();
  });

  test('annotations are read in map and flag forms too', () => {
    const model = toEntityModel({
      name: 'X',
      entityType: 'activity',
      keys: ['Id'],
      attributes: [
        { name: 'Id', dataType: 'guid' },
        { name: 'A', dataType: 'string', annotations: { ReadOnly: 'true' } },
        { name: 'B', dataType: 'string', isMandatory: true },
      ],
    });
    expect(model.keys).toEqual(['Id']);
    expect(model.attributes.map((a) => [a.name, a.readOnly, a.mandatory])).toEqual([
      ['Id', false, false],
      ['A', true, false],
      ['B', false, true],
    ]);
  });

  test('metadata without attributes is refused', () => {
    expect(() => toEntityModel({ name: 'X' })).toThrow(TypeError);
  });

  test('lookups: alternate-key columns through their source table, then searchable fields', () => {
    const lookups = profileLookupsOf(customer, [
      { name: 'PoS_posCustomers', dataSourceName: 'PoS' },
      { name: 'Customer' },
    ]);
    expect(lookups.map((l) => [l.name, l.kind, l.dataSourceName, l.entityName])).toEqual([
      ['FullName', 'searchable', undefined, undefined],
      ['EMail', 'searchable', undefined, undefined],
      ['PoS_posCustomers_CustomerNumber', 'alternateKey', 'PoS', 'posCustomers'],
    ]);
  });
});

describe('the schema cache', () => {
  const model = toEntityModel(PURCHASES_METADATA);

  test('concurrent misses share one fetch, and hits do not fetch again until the lifetime ends', async () => {
    let now = 1_000_000;
    const cache = createSchemaCache({ ttlSeconds: 60, now: () => now });
    let fetches = 0;
    const fetch = async () => {
      fetches++;
      await new Promise((r) => setImmediate(r));
      return model;
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get('I', 'E', fetch)));
    expect(fetches).toBe(1);
    expect(results.every((r) => r === model)).toBe(true);
    await cache.get('I', 'E', fetch);
    expect(fetches).toBe(1);
    now += 61_000;
    await cache.get('I', 'E', fetch);
    expect(fetches).toBe(2);
  });

  test('a failed fetch is not cached and the next call tries again', async () => {
    const cache = createSchemaCache({ ttlSeconds: 60 });
    await expect(cache.get('I', 'E', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(cache.get('I', 'E', async () => model)).resolves.toBe(model);
  });

  test('the cache is bounded: the oldest entry goes first', async () => {
    const cache = createSchemaCache({ ttlSeconds: 60, maxEntries: 2 });
    for (const e of ['a', 'b', 'c']) await cache.get('I', e, async () => model);
    expect(cache.size).toBe(2);
    let refetched = false;
    await cache.get('I', 'a', async () => ((refetched = true), model));
    expect(refetched).toBe(true);
  });
});

describe('entity picker titles', () => {
  it.each([
    [
      'the activity type display name from a [{name, value}] annotation list',
      {
        name: 'WebStore_webPurchases',
        dataSourceName: 'WebStore',
        annotations: [{ name: 'ActivityTypeDisplay', value: 'Web purchase' }],
      },
      'Web purchase (WebStore_webPurchases)',
    ],
    [
      'the same from a name → value map',
      { name: 'PoS_posPurchases', annotations: { activitytypedisplay: 'Store purchase' } },
      'Store purchase (PoS_posPurchases)',
    ],
    [
      'the table within its source when there is no display name',
      { name: 'PoS_posPurchases', dataSourceName: 'PoS', annotations: [{ name: 'ActivityTypeDisplay', value: ' ' }] },
      'posPurchases (PoS)',
    ],
    ['the bare name of a generated entity', { name: 'Customer' }, 'Customer'],
  ])('%s', (_label, metadata, title) => {
    expect(entityDisplayName(metadata)).toBe(title);
  });
});
