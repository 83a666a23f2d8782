/**
 * The in-memory `CiStore`: plain maps, synchronous writes, so an acknowledged write is stored before the reply.
 * Expired real-time data is swept (at most once per `REALTIME_SWEEP_INTERVAL_MS` of emulated time, on the next read
 * or write), so memory holds only what can still be read.
 */
import { CUSTOMER_ID_ATTRIBUTE, REALTIME_SWEEP_INTERVAL_MS } from '../constants';
import { keyNames, type EntityMetadata } from '../entity-model';
import { linkModel, type ModelLinks } from '../data/model-links';
import type { Row } from '../data/unified-activity';
import type { CiStore, InstanceRecord, ProfileOverride, RealtimeActivity } from './ci-store';

interface InstanceState {
  record: InstanceRecord;
  entities: EntityMetadata[];
  links: ModelLinks;
  batch: Map<string, Row[]>;
  customers: Map<string, Row>;
  /** Customer column → value → CustomerId. */
  alternateKeys: Map<string, Map<string, string>>;
  batchKeys: Map<string, Set<string>>;
  realtime: Map<string, Map<string, RealtimeActivity>>;
  overrides: Map<string, Map<string, ProfileOverride>>;
  /** Emulated time of the last sweep of expired real-time data. */
  sweptAtMs: number;
}

/** Drops expired activities and override fields; runs at most once per sweep interval of emulated time. */
function sweepExpired(s: InstanceState, nowMs: number): void {
  if (nowMs - s.sweptAtMs < REALTIME_SWEEP_INTERVAL_MS) return;
  s.sweptAtMs = nowMs;
  for (const [name, table] of s.realtime) {
    for (const [key, a] of table) if (a.validUntilMs <= nowMs) table.delete(key);
    if (table.size === 0) s.realtime.delete(name);
  }
  for (const [cid, fields] of s.overrides) {
    for (const [field, o] of fields) if (o.validUntilMs <= nowMs) fields.delete(field);
    if (fields.size === 0) s.overrides.delete(cid);
  }
}

/** An empty store holding the given instances, each with its entity model. */
export function createMemoryStore(instances: { record: InstanceRecord; entities: EntityMetadata[] }[]): CiStore {
  const states = new Map<string, InstanceState>();
  for (const { record, entities } of instances) {
    states.set(record.instanceId, {
      record,
      entities,
      links: linkModel(entities),
      batch: new Map(),
      customers: new Map(),
      alternateKeys: new Map(),
      batchKeys: new Map(),
      realtime: new Map(),
      overrides: new Map(),
      sweptAtMs: 0,
    });
  }
  const state = (id: string): InstanceState => {
    const s = states.get(id);
    if (!s) throw new Error(`unknown instance ${id}`);
    return s;
  };
  return {
    instances: () => [...states.values()].map((s) => s.record),
    instance: (id) => states.get(id)?.record,
    entities: (id) => state(id).entities,
    links: (id) => state(id).links,
    batchRows: (id, name) => state(id).batch.get(name) ?? [],
    replaceBatch(id, tables) {
      const s = state(id);
      s.batch = tables;
      s.customers = new Map(
        (tables.get(s.links.customer.name) ?? []).map((r) => [String(r[CUSTOMER_ID_ATTRIBUTE]), r]),
      );
      s.alternateKeys = new Map();
      for (const column of [CUSTOMER_ID_ATTRIBUTE, ...s.links.sourceProfiles.map((p) => p.customerColumn)]) {
        const index = new Map<string, string>();
        for (const [cid, row] of s.customers) if (row[column] != null) index.set(String(row[column]), cid);
        s.alternateKeys.set(column, index);
      }
      s.batchKeys = new Map();
      for (const e of s.entities) {
        const [key] = keyNames(e);
        if (key) s.batchKeys.set(e.name, new Set((tables.get(e.name) ?? []).map((r) => String(r[key]))));
      }
    },
    customer: (id, cid) => state(id).customers.get(cid),
    resolveCustomer: (id, column, value) =>
      value == null ? undefined : state(id).alternateKeys.get(column)?.get(String(value)),
    inBatch: (id, name, key) => state(id).batchKeys.get(name)?.has(key) ?? false,
    insertActivity(id, activity) {
      const s = state(id);
      sweepExpired(s, activity.createdAtMs);
      const table = s.realtime.get(activity.entityName) ?? new Map<string, RealtimeActivity>();
      const existing = table.get(activity.key);
      const live = existing && existing.validUntilMs > activity.createdAtMs;
      if (live || s.batchKeys.get(activity.entityName)?.has(activity.key)) return false;
      table.set(activity.key, activity);
      s.realtime.set(activity.entityName, table);
      return true;
    },
    realtimeActivities(id, name, nowMs) {
      const s = state(id);
      sweepExpired(s, nowMs);
      const tables = name ? [s.realtime.get(name)] : [...s.realtime.values()];
      return tables.flatMap((t) => (t ? [...t.values()] : [])).filter((a) => a.validUntilMs > nowMs);
    },
    setOverrides(id, cid, fields, override) {
      const s = state(id);
      sweepExpired(s, override.setAtMs);
      const current = s.overrides.get(cid) ?? new Map<string, ProfileOverride>();
      for (const [name, value] of Object.entries(fields)) current.set(name, { ...override, value });
      s.overrides.set(cid, current);
    },
    activeOverrides(id, nowMs) {
      const s = state(id);
      sweepExpired(s, nowMs);
      const out = new Map<string, Record<string, unknown>>();
      for (const [cid, fields] of s.overrides) {
        const live = [...fields].filter(([, o]) => o.validUntilMs > nowMs);
        if (live.length) out.set(cid, Object.fromEntries(live.map(([n, o]) => [n, o.value])));
      }
      return out;
    },
    realtimeSize(id) {
      const s = state(id);
      let activities = 0;
      let overrides = 0;
      for (const table of s.realtime.values()) activities += table.size;
      for (const fields of s.overrides.values()) overrides += fields.size;
      return { activities, overrides };
    },
  };
}
