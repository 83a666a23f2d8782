/**
 * Which field of a source activity table names its customer. CI links an activity to a unified profile through the
 * table's relationship to a customer source table (`relationships[].fromAttribute` → `dataSourceEntity.toAttribute`,
 * docs/customer-insights.md#metadata-shapes; each end an object or a name, metadata-name.ts), and the profile carries
 * that source key as the alternate-key column `{dataSourceEntity}_{toAttribute}`
 * (docs/customer-insights.md#unified-customer). Makers see it in the field's description.
 */
import { referencedName } from './metadata-name';

export interface CustomerLink {
  /** The activity table's field holding the customer's source key, e.g. `WebCustomerId`. */
  attribute: string;
  /** The customer source table, e.g. `WebStore_webCustomers`. */
  sourceEntity: string;
  /** Its key column, e.g. `WebCustomerId`. */
  sourceAttribute: string;
  /** The Customer column (and Find customer profiles lookup) holding the same key. */
  profileColumn: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The customer links an entity's metadata declares (none when it has no relationships list). */
export function customerLinksOf(metadata: Record<string, unknown>): CustomerLink[] {
  const list = Array.isArray(metadata.relationships) ? metadata.relationships : [];
  const links: CustomerLink[] = [];
  for (const r of list) {
    if (!isObject(r)) continue;
    const fromAttribute = referencedName(r.fromAttribute);
    const toAttribute = referencedName(r.toAttribute);
    const dataSourceEntity = referencedName(r.dataSourceEntity);
    if (!fromAttribute || !toAttribute || !dataSourceEntity) continue;
    links.push({
      attribute: fromAttribute,
      sourceEntity: dataSourceEntity,
      sourceAttribute: toAttribute,
      profileColumn: `${dataSourceEntity}_${toAttribute}`,
    });
  }
  return links;
}
