/**
 * What the CI emulator keeps per instance. Batch tables are replaced wholesale by a scheduled refresh; real-time
 * activities and profile overrides live beside them with their own expiry and survive refreshes
 * (docs/customer-insights.md#real-time-writes: activities disappear at `validUntil` unless the source contains them;
 * overrides win until `validUntil`).
 */
import type { EntityMetadata } from '../entity-model';
import type { ModelLinks } from '../data/model-links';
import type { Row } from '../data/unified-activity';

export type CiRole = 'Administrator' | 'Contributor' | 'Viewer';

/** One environment: the InstanceInfo fields it serves, its APIM keys and its role assignments by principal oid. */
export interface InstanceRecord {
  instanceId: string;
  name: string;
  instanceType: string;
  createdUtc: string;
  primaryKey: string;
  secondaryKey: string;
  roles: ReadonlyMap<string, CiRole>;
}

/** A record accepted by `POST data/{entity}`; immutable once stored. */
export interface RealtimeActivity {
  entityName: string;
  key: string;
  record: Row;
  /** Its UnifiedActivity projection, or undefined when the customer could not be resolved. */
  unified?: Row;
  createdAtMs: number;
  validUntilMs: number;
  caller: string;
}

export interface ProfileOverride {
  value: unknown;
  validUntilMs: number;
  setAtMs: number;
  caller: string;
}

export interface CiStore {
  /** All instances, in a stable order. */
  instances(): readonly InstanceRecord[];
  instance(instanceId: string): InstanceRecord | undefined;
  /** The entity model of an instance (seeded or captured). */
  entities(instanceId: string): readonly EntityMetadata[];
  links(instanceId: string): ModelLinks;
  /** The current batch rows of a table (empty for unknown tables). */
  batchRows(instanceId: string, entityName: string): readonly Row[];
  /** Replaces all batch tables of an instance (seed or scheduled refresh) and rebuilds its indexes. */
  replaceBatch(instanceId: string, tables: Map<string, Row[]>): void;
  /** The batch Customer row with this id. */
  customer(instanceId: string, customerId: string): Row | undefined;
  /** CustomerId owning `value` in the Customer column `column` (an alternate key, or CustomerId itself). */
  resolveCustomer(instanceId: string, column: string, value: unknown): string | undefined;
  /** True when the batch (source) data of `entityName` holds a record with this key. */
  inBatch(instanceId: string, entityName: string, key: string): boolean;
  /** Stores a real-time activity unless its key exists in the batch or real-time data; false on a duplicate. */
  insertActivity(instanceId: string, activity: RealtimeActivity): boolean;
  /** Unexpired real-time activities of an entity (all entities when undefined), oldest first. */
  realtimeActivities(instanceId: string, entityName: string | undefined, nowMs: number): RealtimeActivity[];
  /** Sets overrides for some Customer attributes, each expiring at `validUntilMs`. */
  setOverrides(
    instanceId: string,
    customerId: string,
    fields: Record<string, unknown>,
    override: Omit<ProfileOverride, 'value'>,
  ): void;
  /** Unexpired override values per customer. */
  activeOverrides(instanceId: string, nowMs: number): ReadonlyMap<string, Record<string, unknown>>;
  /** Real-time activities and override fields still held in memory (expired ones are swept). */
  realtimeSize(instanceId: string): { activities: number; overrides: number };
}
