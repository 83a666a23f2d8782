/**
 * How the entities of one instance hang together, derived from metadata alone (so captured tenant metadata works):
 * Customer alternate-key columns `{Entity}_{KeyColumn}` name the source profile tables
 * (docs/customer-insights.md#unified-customer), and each activity's relationship names the source profile table (or
 * Customer) its foreign key points at.
 */
import { CUSTOMER_ENTITY, CUSTOMER_ID_ATTRIBUTE, UNIFIED_ACTIVITY_ENTITY } from '../constants';
import { keyNames, type EntityMetadata } from '../entity-model';

export interface SourceProfileLink {
  entity: EntityMetadata;
  keyAttribute: string;
  /** The Customer column holding this table's key (the alternate key). */
  customerColumn: string;
}

export interface ActivityLink {
  entity: EntityMetadata;
  keyAttribute: string;
  /** The activity column that identifies the customer. */
  foreignKey: string;
  /** Customer column the foreign key's value is looked up in (`CustomerId` when it points at Customer itself). */
  customerColumn: string;
}

export interface ModelLinks {
  customer: EntityMetadata;
  unifiedActivity?: EntityMetadata;
  sourceProfiles: SourceProfileLink[];
  activities: ActivityLink[];
  /** Per-customer tables keyed by CustomerId (Customer_Measure). */
  measures: EntityMetadata[];
  byName: Map<string, EntityMetadata>;
}

/** Links of a model; throws when there is no Customer profile entity (the model is unusable without one). */
export function linkModel(entities: readonly EntityMetadata[]): ModelLinks {
  const byName = new Map(entities.map((e) => [e.name, e]));
  const customer = byName.get(CUSTOMER_ENTITY) ?? entities.find((e) => e.entityType === 'profile');
  if (!customer) throw new Error(`the entity model has no ${CUSTOMER_ENTITY} (profile) entity`);
  const sourceProfiles: SourceProfileLink[] = [];
  for (const column of customer.attributes) {
    for (const e of entities) {
      const [key] = keyNames(e);
      if (e !== customer && key && column.name === `${e.name}_${key}`) {
        sourceProfiles.push({ entity: e, keyAttribute: key, customerColumn: column.name });
      }
    }
  }
  const activities: ActivityLink[] = [];
  for (const e of entities.filter((x) => x.entityType === 'activity')) {
    const [key] = keyNames(e);
    for (const r of e.relationships) {
      const target = sourceProfiles.find(
        (s) => s.entity.name === r.dataSourceEntity && s.keyAttribute === r.toAttribute,
      );
      if (target)
        activities.push({
          entity: e,
          keyAttribute: key,
          foreignKey: r.fromAttribute,
          customerColumn: target.customerColumn,
        });
      else if (r.dataSourceEntity === customer.name) {
        activities.push({
          entity: e,
          keyAttribute: key,
          foreignKey: r.fromAttribute,
          customerColumn: CUSTOMER_ID_ATTRIBUTE,
        });
      }
      if (activities.at(-1)?.entity === e) break;
    }
  }
  const unifiedActivity =
    byName.get(UNIFIED_ACTIVITY_ENTITY) ?? entities.find((e) => e.entityType === 'unifiedActivity');
  const measures = entities.filter(
    (e) =>
      e !== customer &&
      e !== unifiedActivity &&
      e.entityType !== 'activity' &&
      keyNames(e)[0] === CUSTOMER_ID_ATTRIBUTE,
  );
  return { customer, unifiedActivity, sourceProfiles, activities, measures, byName };
}
