/**
 * Projection of a source-format activity record into the UnifiedActivity table (docs/customer-insights.md#unified-activity): the
 * shape a customer's timeline is read from. Column names follow our UnifiedActivity metadata; the id is a stable
 * hash of source table + key, like CI's generated ActivityId (format [I]).
 */
import { createHash } from 'node:crypto';
import { entityAnnotation, valueHint, type EntityMetadata } from '../entity-model';
import type { ActivityLink } from './model-links';

export type Row = Record<string, unknown>;

/** Activity type and its display name: the entity's annotations, else derived from the table name. */
export function activityTypeOf(entity: EntityMetadata): { type: string; display: string } {
  const table = entity.name.includes('_') ? entity.name.slice(entity.name.indexOf('_') + 1) : entity.name;
  const type = entityAnnotation(entity, 'ActivityType') ?? table.charAt(0).toUpperCase() + table.slice(1);
  return { type, display: entityAnnotation(entity, 'ActivityTypeDisplay') ?? type };
}

/** The UnifiedActivity id of a source record. */
export function unifiedActivityId(entityName: string, key: unknown): string {
  return createHash('sha256')
    .update(`${entityName}\u0000${String(key)}`)
    .digest('hex')
    .slice(0, 32);
}

function firstOf(entity: EntityMetadata, row: Row, semanticTypes: string[]): unknown {
  const a = entity.attributes.find((x) => semanticTypes.includes(valueHint(x) ?? '') && row[x.name] != null);
  return a ? row[a.name] : undefined;
}

/** The UnifiedActivity row for `row` of `link.entity`, owned by `customerId`, limited to `unified`'s columns. */
export function projectActivity(link: ActivityLink, row: Row, customerId: string, unified?: EntityMetadata): Row {
  const full = fullProjection(link, row, customerId);
  if (!unified) return full;
  return Object.fromEntries(unified.attributes.map((a) => [a.name, full[a.name] ?? null]));
}

function fullProjection(link: ActivityLink, row: Row, customerId: string): Row {
  const { type, display } = activityTypeOf(link.entity);
  const amount = firstOf(link.entity, row, ['Currency']);
  const currency = firstOf(link.entity, row, ['CurrencyCode']);
  const key = row[link.keyAttribute];
  const time = link.entity.timestampAttribute ? row[link.entity.timestampAttribute] : undefined;
  return {
    ActivityId: unifiedActivityId(link.entity.name, key),
    CustomerId: customerId,
    ActivityTime: time ?? null,
    ActivityType: type,
    ActivityTypeDisplay: display,
    ActivityName: display,
    Title: amount !== undefined ? `${display}: ${String(amount)}${currency ? ` ${String(currency)}` : ''}` : display,
    Description: null,
    URL: firstOf(link.entity, row, ['URL']) ?? null,
    SourceTableName: link.entity.name,
    SourceActivityId: String(key),
    SemanticData: JSON.stringify(row),
  };
}
