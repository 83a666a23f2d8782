/**
 * `GET /instances/{id}/profile/activityresponsemetadata?customerId=` (Get-Activity-Types-and-Counts): "total
 * activity record count and activity types for a customer" (docs/customer-insights.md#operations); field names are [I].
 */
import { requireInstance, type CiHandler } from '../context';
import { CUSTOMER_ID_ATTRIBUTE } from '../constants';
import { effectiveRows } from '../data/effective-rows';
import { stringParam } from '../data/query-flags';
import { notFound } from '../errors/ci-error';

export const getActivityTypesAndCounts: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  const customerId = stringParam(ctx.query, 'customerId', true);
  if (!ctx.store.customer(i.instanceId, customerId))
    throw notFound(`Customer '${customerId}' does not exist.`, 'CustomerNotFound', 'customerId');
  const unified = ctx.store.links(i.instanceId).unifiedActivity;
  ctx.usage.entity = unified?.qualifiedEntityName;
  const rows = unified
    ? effectiveRows(ctx.store, i.instanceId, unified, ctx.clock.now()).filter(
        (r) => r[CUSTOMER_ID_ATTRIBUTE] === customerId,
      )
    : [];
  const types = new Map<string, { activityType: string; activityTypeDisplay: string; count: number }>();
  for (const r of rows) {
    const type = String(r.ActivityType ?? '');
    const entry = types.get(type) ?? {
      activityType: type,
      activityTypeDisplay: String(r.ActivityTypeDisplay ?? type),
      count: 0,
    };
    entry.count += 1;
    types.set(type, entry);
  }
  return {
    status: 200,
    body: {
      customerId,
      totalActivityCount: rows.length,
      activityTypes: [...types.values()].sort((a, b) => a.activityType.localeCompare(b.activityType)),
    },
  };
};
