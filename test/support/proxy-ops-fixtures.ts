/**
 * CI entity metadata as `manage/entities/{name}?attributesAnnotations=true` returns it (docs/customer-insights.md),
 * written out by hand for the proxy's unit tests: an activity table with every interesting type and the Customer
 * profile with keys, read-only fields and an alternate-key column.
 */
const attr = (name: string, friendlyName: string, dataType: string, annotations: string[] = [], extra = {}) => ({
  name,
  friendlyName,
  baseName: name,
  dataType,
  annotations: annotations.map((a) => ({ name: a, value: 'true' })),
  ...extra,
});

export const PURCHASES_METADATA = {
  name: 'PoS_posPurchases',
  qualifiedEntityName: 'PoS_posPurchases',
  dataSourceName: 'PoS',
  entityType: 'activity',
  timestampAttribute: 'TransactionTime',
  relationships: [
    {
      name: 'PoS_posPurchases_CustomerNumber_PoS_posCustomers',
      fromAttribute: 'CustomerNumber',
      toAttribute: 'CustomerNumber',
      relationshipType: 'singleKeyRelationshipOrigin',
      dataSourceEntity: 'PoS_posCustomers',
    },
  ],
  keys: [[attr('TransactionId', 'Transaction ID', 'Edm.Int64')]],
  attributes: [
    attr('TransactionId', 'Transaction ID', 'Edm.Int64', ['Mandatory']),
    attr('CustomerNumber', 'Customer number', 'Edm.String', ['Mandatory']),
    attr('TransactionTime', 'Transaction time', 'Edm.DateTimeOffset', ['Mandatory']),
    attr('Amount', 'Amount', 'Edm.Decimal', ['Mandatory']),
    attr('Quantity', 'Quantity', 'Edm.Int32'),
    attr('Register', 'Register', 'Edm.Int16'),
    attr('ReceiptEmailed', 'Receipt emailed', 'Edm.Boolean'),
    attr('BusinessDate', 'Business date', 'Edm.Date'),
    attr('SessionGuid', 'Session', 'Edm.Guid'),
    attr('Discount', 'Discount', 'Edm.Double'),
    attr('LoadedOn', 'Loaded on', 'Edm.DateTimeOffset', ['ReadOnly']),
  ],
};

export const CUSTOMER_METADATA = {
  name: 'Customer',
  qualifiedEntityName: 'Customer',
  dataSourceName: 'CustomerInsights',
  entityType: 'profile',
  keys: [[attr('CustomerId', 'Customer ID', 'Edm.String')]],
  attributes: [
    attr('CustomerId', 'Customer ID', 'Edm.String', ['Mandatory', 'ReadOnly']),
    attr('FullName', 'Full name', 'Edm.String', ['ReadOnly'], { searchProperties: { isSearchable: true } }),
    attr('EMail', 'Email', 'Edm.String', [], { searchProperties: { isSearchable: true } }),
    attr('LoyaltyTier', 'Loyalty tier', 'Edm.String'),
    attr('LoyaltyPoints', 'Loyalty points', 'Edm.Int32'),
    attr('MarketingOptIn', 'Marketing opt-in', 'Edm.Boolean'),
    attr('PoS_posCustomers_CustomerNumber', 'PoS customer number', 'Edm.String', ['ReadOnly']),
  ],
};

/**
 * The same activity table in the code model's shape: relationship ends and the timestamp attribute are attribute
 * objects and the related table an entity object (docs/customer-insights.md#metadata-shapes).
 */
export const PURCHASES_METADATA_MODEL_SHAPE = {
  ...PURCHASES_METADATA,
  timestampAttribute: attr('TransactionTime', 'Transaction time', 'Edm.DateTimeOffset', ['Mandatory']),
  relationships: [
    {
      ...PURCHASES_METADATA.relationships[0],
      fromAttribute: attr('CustomerNumber', 'Customer number', 'Edm.String', ['Mandatory']),
      toAttribute: attr('CustomerNumber', 'Customer number', 'Edm.String'),
      dataSourceEntity: {
        name: 'PoS_posCustomers',
        qualifiedEntityName: 'PoS_posCustomers',
        entityType: 'unspecified',
      },
    },
  ],
};
