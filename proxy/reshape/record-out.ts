/**
 * Reshaping out: CI's rows → the friendly shapes the contract declares (apiDefinition.swagger.json definitions
 * `CustomerProfile`, `TimelineActivity`). Nulls are dropped so every present field matches its declared type.
 */
import { parseIsoInstant } from './coerce';

type Row = Record<string, unknown>;

/** A Customer row as the profile schema describes it: OData annotations and empty values left out. */
export function profileOut(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).filter(([key, value]) => !key.startsWith('@') && value !== null && value !== undefined),
  );
}

function text(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

function instant(value: unknown): string | undefined {
  const s = text(value);
  const at = s === undefined ? undefined : parseIsoInstant(s);
  return at === undefined ? undefined : new Date(at).toISOString();
}

export interface TimelineActivity {
  activityId: string;
  activityType: string;
  activityTypeDisplay?: string;
  activityTime: string;
  title?: string;
  sourceEntity?: string;
  sourceActivityId?: string;
}

/**
 * One UnifiedActivity row as a timeline item. Column names follow docs/customer-insights.md#unified-activity, with the
 * older `SourceEntityName` spelling and `ActivityName` as fallbacks.
 */
export function timelineActivityOut(row: Row): TimelineActivity {
  const item: TimelineActivity = {
    activityId: text(row.ActivityId) ?? '',
    activityType: text(row.ActivityType) ?? '',
    activityTime: instant(row.ActivityTime) ?? instant(row.ActivityTimeStamp) ?? new Date(0).toISOString(),
  };
  const display = text(row.ActivityTypeDisplay);
  const title = text(row.Title) ?? text(row.ActivityName);
  const source = text(row.SourceTableName) ?? text(row.SourceEntityName) ?? text(row.SourceEntity);
  // The source record's key lets a maker match a timeline item to the activity they created
  // (docs/customer-insights.md#unified-activity, Dataverse copy).
  const sourceKey = row.SourceActivityId;
  if (display) item.activityTypeDisplay = display;
  if (title) item.title = title;
  if (source) item.sourceEntity = source;
  if (typeof sourceKey === 'string' || typeof sourceKey === 'number') item.sourceActivityId = String(sourceKey);
  return item;
}
