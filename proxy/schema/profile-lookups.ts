/**
 * What `FindCustomerProfiles` can look a profile up by (ListProfileLookups): the Customer's alternate-key columns,
 * named `{DataSource}_{Table}_{KeyColumn}` (docs/customer-insights.md#unified-customer), and its searchable
 * fields (`searchProperties.isSearchable`, e.g. EMail). An alternate key is resolved through CI's key ring
 * (`profile/keyring?dataSourceName=&entityName=&key=`); a searchable field through `$filter` on Customer.
 */
import { CUSTOMER_ID_ATTRIBUTE } from '../limits/constants';
import type { AttributeModel, EntityModel } from './entity-model';

export interface ProfileLookup {
  /** The Customer column, e.g. `PoS_posCustomers_CustomerNumber` or `EMail`. */
  name: string;
  displayName: string;
  kind: 'alternateKey' | 'searchable';
  attribute: AttributeModel;
  /** For alternate keys: the source the key ring is asked about. */
  dataSourceName?: string;
  entityName?: string;
}

/** Source entity as the entity list describes it: enough to split an alternate-key column name. */
export interface SourceEntity {
  name: string;
  dataSourceName?: string;
}

function splitSource(entity: SourceEntity): { dataSourceName: string; table: string } | undefined {
  const ds = entity.dataSourceName ?? entity.name.split('_')[0];
  if (!ds || !entity.name.startsWith(`${ds}_`)) return undefined;
  return { dataSourceName: ds, table: entity.name.slice(ds.length + 1) };
}

/** Lists the lookups of an instance from its Customer model and its source entities (longest name match wins). */
export function profileLookupsOf(customer: EntityModel, sources: SourceEntity[]): ProfileLookup[] {
  const candidates = sources
    .map((s) => ({ entity: s, split: splitSource(s) }))
    .filter((c) => c.split !== undefined)
    .sort((a, b) => b.entity.name.length - a.entity.name.length);
  const lookups: ProfileLookup[] = [];
  for (const attr of customer.attributes) {
    if (attr.name === CUSTOMER_ID_ATTRIBUTE) continue;
    const source = candidates.find(
      (c) => attr.name.startsWith(`${c.entity.name}_`) && attr.name.length > c.entity.name.length + 1,
    );
    if (source?.split) {
      const keyColumn = attr.name.slice(source.entity.name.length + 1);
      lookups.push({
        name: attr.name,
        displayName: `${attr.friendlyName === attr.name ? keyColumn : attr.friendlyName} (${source.split.dataSourceName} ${source.split.table} key)`,
        kind: 'alternateKey',
        attribute: attr,
        dataSourceName: source.split.dataSourceName,
        entityName: source.split.table,
      });
    } else if (attr.searchable) {
      lookups.push({ name: attr.name, displayName: attr.friendlyName, kind: 'searchable', attribute: attr });
    }
  }
  return lookups;
}
