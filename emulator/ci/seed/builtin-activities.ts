/** The retailer's three activity tables, with deliberately different shapes and key types (Guid, Int64, String). */
import type { EntityMetadata } from '../entity-model';
import { DS } from './builtin-data-sources';
import { attribute as a, entity, relationship } from './metadata-builder';

const M = { mandatory: true } as const;

/** Activity tables with deliberately different shapes and key types (Guid, Int64, String). */
export function activities(): EntityMetadata[] {
  const activityType = (type: string, display: string) => [
    { name: 'ActivityType', value: type },
    { name: 'ActivityTypeDisplay', value: display },
  ];
  return [
    entity({
      name: 'WebStore_webPurchases',
      dataSourceName: 'WebStore',
      datasourceId: DS.WebStore,
      entityType: 'activity',
      semanticType: 'SalesOrder',
      key: 'PurchaseId',
      timestampAttribute: 'PurchasedOn',
      annotations: activityType('WebPurchase', 'Web purchase'),
      relationships: [relationship('WebStore_webPurchases', 'WebCustomerId', 'WebStore_webCustomers', 'WebCustomerId')],
      attributes: [
        a('PurchaseId', 'Purchase ID', 'Guid', 'Identifier', M),
        a('WebCustomerId', 'Web customer ID', 'String', 'Identifier', M),
        a('PurchasedOn', 'Purchased on', 'DateTimeOffset', 'CalendarDateTime', M),
        a('OrderNumber', 'Order number', 'Int64', 'Identifier'),
        a('TotalAmount', 'Total amount', 'Decimal', 'Currency', M),
        a('Currency', 'Currency', 'String', 'CurrencyCode'),
        a('ItemCount', 'Item count', 'Int32', 'Quantity'),
        a('IsGift', 'Gift order', 'Boolean', 'Flag'),
        a('DiscountRate', 'Discount rate', 'Double', 'Percentage'),
        a('DeliveryDate', 'Delivery date', 'Date', 'CalendarDate'),
        a('ProductCategory', 'Product category', 'String', 'ProductCategory'),
      ],
    }),
    entity({
      name: 'PoS_posPurchases',
      dataSourceName: 'PoS',
      datasourceId: DS.PoS,
      entityType: 'activity',
      semanticType: 'SalesOrder',
      key: 'TransactionId',
      timestampAttribute: 'TransactionTime',
      annotations: activityType('StorePurchase', 'In-store purchase'),
      relationships: [relationship('PoS_posPurchases', 'CustomerNumber', 'PoS_posCustomers', 'CustomerNumber')],
      attributes: [
        a('TransactionId', 'Transaction ID', 'Int64', 'Identifier', M),
        a('CustomerNumber', 'Customer number', 'String', 'Identifier', M),
        a('TransactionTime', 'Transaction time', 'DateTimeOffset', 'CalendarDateTime', M),
        a('StoreId', 'Store', 'String', 'LocationStoreName', M),
        a('Amount', 'Amount', 'Decimal', 'Currency', M),
        a('Quantity', 'Quantity', 'Int32', 'Quantity'),
        a('PaymentMethod', 'Payment method', 'String', 'PaymentMethod'),
        a('ReceiptEmailed', 'Receipt emailed', 'Boolean', 'Flag'),
        a('BusinessDate', 'Business date', 'Date', 'CalendarDate'),
        a('RegisterNumber', 'Register', 'Int32', 'Identifier'),
      ],
    }),
    entity({
      name: 'Website_siteVisits',
      dataSourceName: 'Website',
      datasourceId: DS.Website,
      entityType: 'activity',
      semanticType: 'WebVisit',
      key: 'VisitId',
      timestampAttribute: 'VisitStart',
      annotations: activityType('SiteVisit', 'Website visit'),
      relationships: [relationship('Website_siteVisits', 'MemberId', 'Website_siteMembers', 'MemberId')],
      attributes: [
        a('VisitId', 'Visit ID', 'String', 'Identifier', M),
        a('MemberId', 'Member ID', 'String', 'Identifier', M),
        a('VisitStart', 'Visit start', 'DateTimeOffset', 'CalendarDateTime', M),
        a('DurationSeconds', 'Duration (s)', 'Double', 'DurationSeconds'),
        a('PageViews', 'Page views', 'Int32', 'Quantity'),
        a('LandingPage', 'Landing page', 'String', 'URL'),
        a('Referrer', 'Referrer', 'String', 'URL'),
        a('DeviceType', 'Device type', 'String', 'DeviceType'),
        a('IsBounce', 'Bounced', 'Boolean', 'Flag'),
        a('SessionGuid', 'Session', 'Guid', 'Identifier'),
      ],
    }),
  ];
}
