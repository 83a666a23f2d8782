/**
 * `$expand` on Customer (docs/customer-insights.md#reads: `Customer?$expand=UnifiedActivity,Customer_Measure`): each
 * customer row gets the rows of the expanded tables whose CustomerId matches, as arrays [I]. Nothing else can be
 * expanded.
 */
import { CUSTOMER_ID_ATTRIBUTE } from '../constants';
import type { EntityMetadata } from '../entity-model';
import { badRequest } from '../errors/ci-error';
import type { CiStore } from '../persistence/ci-store';
import { effectiveRows } from './effective-rows';
import type { Row } from './unified-activity';

/** The tables that may be expanded from `entity` (none unless it is Customer). */
export function expandable(store: CiStore, instanceId: string, entity: EntityMetadata): EntityMetadata[] {
  const links = store.links(instanceId);
  if (entity !== links.customer) return [];
  return [...(links.unifiedActivity ? [links.unifiedActivity] : []), ...links.measures];
}

/** Adds the expanded arrays to `rows` (copies); 400 naming `$expand` for a table that cannot be expanded. */
export function applyExpand(
  store: CiStore,
  instanceId: string,
  entity: EntityMetadata,
  names: readonly string[],
  rows: Row[],
  nowMs: number,
): Row[] {
  if (names.length === 0) return rows;
  const allowed = expandable(store, instanceId, entity);
  const targets = names.map((n) => {
    const t = allowed.find((e) => e.name === n);
    if (!t)
      throw badRequest(
        `$expand=${n} is not supported on ${entity.name}; expandable: ${allowed.map((e) => e.name).join(', ') || 'none'}.`,
        '$expand',
        'InvalidExpand',
      );
    return t;
  });
  const ids = new Set(rows.map((r) => String(r[CUSTOMER_ID_ATTRIBUTE])));
  const grouped = targets.map((t) => {
    const byCustomer = new Map<string, Row[]>();
    for (const r of effectiveRows(store, instanceId, t, nowMs)) {
      const id = String(r[CUSTOMER_ID_ATTRIBUTE]);
      if (ids.has(id)) byCustomer.set(id, [...(byCustomer.get(id) ?? []), r]);
    }
    return { name: t.name, byCustomer };
  });
  return rows.map((r) => {
    const out = { ...r };
    for (const g of grouped) out[g.name] = g.byCustomer.get(String(r[CUSTOMER_ID_ATTRIBUTE])) ?? [];
    return out;
  });
}
