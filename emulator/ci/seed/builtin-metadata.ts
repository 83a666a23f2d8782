/**
 * The fictional retailer's entity model: three data sources (WebStore, PoS, Website), each with a source profile
 * table (whose key feeds the Customer alternate keys, docs/customer-insights.md#unified-customer
 * "{DataSource}_{Table}_{PrimaryKeyColumn}") and an activity table, plus the tables CI creates: Customer,
 * UnifiedActivity, Customer_Measure. Column names of UnifiedActivity follow docs/customer-insights.md#unified-activity
 * (confirmed ones plus the Dataverse copy's).
 */
import { SYSTEM_DATA_SOURCE } from '../constants';
import type { EntityMetadata } from '../entity-model';
import { activities } from './builtin-activities';
import { DS } from './builtin-data-sources';
import { attribute as a, entity, relationship } from './metadata-builder';

const M = { mandatory: true } as const;
const RO = { readOnly: true } as const;

/** Source profile tables: one row per known customer of that system. */
function sourceProfiles(): EntityMetadata[] {
  return [
    entity({
      name: 'WebStore_webCustomers',
      dataSourceName: 'WebStore',
      datasourceId: DS.WebStore,
      entityType: 'unspecified',
      semanticType: 'Contact',
      key: 'WebCustomerId',
      attributes: [
        a('WebCustomerId', 'Web customer ID', 'String', 'Identifier', M),
        a('Email', 'Email', 'String', 'IdentityServiceEmail'),
        a('FirstName', 'First name', 'String', 'PersonFirstName'),
        a('LastName', 'Last name', 'String', 'PersonLastName'),
        a('SignupDate', 'Sign-up date', 'Date', 'CalendarDate'),
      ],
    }),
    entity({
      name: 'PoS_posCustomers',
      dataSourceName: 'PoS',
      datasourceId: DS.PoS,
      entityType: 'unspecified',
      semanticType: 'Contact',
      key: 'CustomerNumber',
      attributes: [
        a('CustomerNumber', 'Customer number', 'String', 'Identifier', M),
        a('FullName', 'Full name', 'String', 'PersonFullName'),
        a('Phone', 'Phone', 'String', 'IdentityServicePhone'),
        a('HomeStore', 'Home store', 'String', 'LocationStoreName'),
      ],
    }),
    entity({
      name: 'Website_siteMembers',
      dataSourceName: 'Website',
      datasourceId: DS.Website,
      entityType: 'unspecified',
      semanticType: 'Contact',
      key: 'MemberId',
      attributes: [
        a('MemberId', 'Member ID', 'String', 'Identifier', M),
        a('Email', 'Email', 'String', 'IdentityServiceEmail'),
        a('Nickname', 'Nickname', 'String', 'PersonFirstName'),
      ],
    }),
  ];
}

/** The tables CI creates during unification. */
function systemTables(): EntityMetadata[] {
  const sys = { dataSourceName: SYSTEM_DATA_SOURCE, datasourceId: DS.System };
  return [
    entity({
      ...sys,
      name: 'Customer',
      entityType: 'profile',
      semanticType: 'Customer',
      key: 'CustomerId',
      attributes: [
        a('CustomerId', 'Customer ID', 'String', 'Identifier', { ...M, ...RO }),
        a('FirstName', 'First name', 'String', 'PersonFirstName', { readOnly: true, searchable: true }),
        a('LastName', 'Last name', 'String', 'PersonLastName', { readOnly: true, searchable: true }),
        a('FullName', 'Full name', 'String', 'PersonFullName', { readOnly: true, searchable: true }),
        a('EMail', 'Email', 'String', 'IdentityServiceEmail', { searchable: true }),
        a('Phone', 'Phone', 'String', 'IdentityServicePhone', { searchable: true }),
        a('City', 'City', 'String', 'LocationCity', { searchable: true }),
        a('Country', 'Country/region', 'String', 'LocationCountryOrRegion'),
        a('BirthDate', 'Birth date', 'Date', 'PersonBirthDate'),
        a('LoyaltyTier', 'Loyalty tier', 'String', 'LoyaltyTier'),
        a('LoyaltyPoints', 'Loyalty points', 'Int32', 'LoyaltyPoints'),
        a('MarketingOptIn', 'Marketing opt-in', 'Boolean', 'Flag'),
        a('PreferredStore', 'Preferred store', 'String', 'LocationStoreName'),
        a('CreatedOn', 'Created on', 'DateTimeOffset', 'CalendarDateTime', RO),
        a('WebStore_webCustomers_WebCustomerId', 'WebStore customer ID', 'String', 'Identifier', RO),
        a('PoS_posCustomers_CustomerNumber', 'PoS customer number', 'String', 'Identifier', RO),
        a('Website_siteMembers_MemberId', 'Website member ID', 'String', 'Identifier', RO),
      ],
    }),
    entity({
      ...sys,
      name: 'UnifiedActivity',
      entityType: 'unifiedActivity',
      semanticType: 'CustomerActivity',
      key: 'ActivityId',
      timestampAttribute: 'ActivityTime',
      relationships: [relationship('UnifiedActivity', 'CustomerId', 'Customer', 'CustomerId')],
      attributes: [
        a('ActivityId', 'Activity ID', 'String', 'Identifier', M),
        a('CustomerId', 'Customer ID', 'String', 'Identifier', M),
        a('ActivityTime', 'Activity time', 'DateTimeOffset', 'CalendarDateTime', M),
        a('ActivityType', 'Activity type', 'String', 'ActivityType', M),
        a('ActivityTypeDisplay', 'Activity type (display)', 'String', 'ActivityType'),
        a('ActivityName', 'Activity name', 'String', 'Name'),
        a('Title', 'Title', 'String', 'Name', { searchable: true }),
        a('Description', 'Description', 'String', 'Description'),
        a('URL', 'Web address', 'String', 'URL'),
        a('SourceTableName', 'Source table', 'String', 'EntityName'),
        a('SourceActivityId', 'Source activity ID', 'String', 'Identifier'),
        a('SemanticData', 'Details', 'String', 'Json'),
      ],
    }),
    entity({
      ...sys,
      name: 'Customer_Measure',
      entityType: 'profileKpi',
      key: 'CustomerId',
      relationships: [relationship('Customer_Measure', 'CustomerId', 'Customer', 'CustomerId')],
      attributes: [
        a('CustomerId', 'Customer ID', 'String', 'Identifier', M),
        a('TotalSpend', 'Total spend', 'Decimal', 'Currency'),
        a('PurchaseCount', 'Purchase count', 'Int32', 'Quantity'),
        a('LastVisitDate', 'Last visit', 'Date', 'CalendarDate'),
      ],
    }),
  ];
}

/** The whole built-in model, in the order `manage/entities` lists it. */
export function builtinEntities(): EntityMetadata[] {
  return [...systemTables(), ...sourceProfiles(), ...activities()];
}
