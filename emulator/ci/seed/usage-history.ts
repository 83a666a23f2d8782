/** Thirty days of synthetic API-usage history per instance, pre-aggregated per hour, deterministic per seed. */
import { MS_PER_HOUR, USAGE_HISTORY_DAYS } from '../constants';
import type { UsageEvent } from '../usage';
import { createPrng } from './prng';

const MIX = [
  { operation: 'Create-an-entity', entity: 'WebStore_webPurchases', caller: 'webstore-checkout', bytes: 420 },
  { operation: 'Create-an-entity', entity: 'PoS_posPurchases', caller: 'pos-gateway', bytes: 380 },
  { operation: 'Create-an-entity', entity: 'Website_siteVisits', caller: 'web-analytics', bytes: 300 },
  { operation: 'Update-an-entity', entity: 'Customer', caller: 'loyalty-service', bytes: 120 },
  { operation: 'Get-entities-with-OData-path', entity: 'Customer', caller: 'service-desk', bytes: 2_400 },
] as const;

/** Hourly events for the `USAGE_HISTORY_DAYS` before `nowMs`, with a daily rhythm and a few throttled calls. */
export function usageHistory(instanceId: string, seed: string, nowMs: number, scale: number): UsageEvent[] {
  const prng = createPrng(`${seed}/usage`);
  const events: UsageEvent[] = [];
  const start = Math.floor(nowMs / MS_PER_HOUR) * MS_PER_HOUR - USAGE_HISTORY_DAYS * 24 * MS_PER_HOUR;
  for (let t = start; t < nowMs - MS_PER_HOUR; t += MS_PER_HOUR) {
    const hour = new Date(t).getUTCHours();
    const daytime = hour >= 8 && hour <= 20 ? 1 : 0.2;
    for (const m of MIX) {
      const calls = Math.round(prng.int(2, 30) * daytime * scale);
      if (calls === 0) continue;
      const base = {
        atMs: t + prng.int(0, 59) * 60_000,
        instanceId,
        operation: m.operation,
        entity: m.entity,
        caller: m.caller,
      };
      const failures = prng.chance(0.08) ? prng.int(1, Math.max(1, Math.floor(calls / 5))) : 0;
      events.push({
        ...base,
        result: 'success',
        status: m.operation === 'Update-an-entity' ? 204 : m.operation === 'Create-an-entity' ? 201 : 200,
        errorCode: '',
        bytes: calls * m.bytes,
        calls: calls - failures,
      });
      if (failures)
        events.push({
          ...base,
          result: 'failure',
          status: 429,
          errorCode: 'TooManyRequests',
          bytes: failures * 90,
          calls: failures,
        });
    }
  }
  return events.filter((e) => e.calls > 0);
}
