/**
 * Seed data (issue #2): generated deterministically without network (same clock day → the same data, also after the
 * same refreshes), a fictional retailer with >= 1,000 customers, three differently shaped activity tables and a
 * timeline history.
 */
import { createHash } from 'node:crypto';
import { createCiEmulator, type CiEmulator } from '../../emulator/index';
import type { Clock } from '../../emulator/clock';
import { INSTANCES } from '../../emulator/well-known';

// Tokens are never checked here, so the JWKS address is never fetched.
const UNUSED_ENTRA_URL = 'http://127.0.0.1:9';
const PROD = INSTANCES.production.instanceId;
const SANDBOX = INSTANCES.sandbox.instanceId;
const ACTIVITY_TABLES = ['WebStore_webPurchases', 'PoS_posPurchases', 'Website_siteVisits'];

/** A digest of every batch table of an instance. */
function digest(ci: CiEmulator, instanceId: string): string {
  const hash = createHash('sha256');
  for (const e of ci.store.entities(instanceId))
    hash.update(e.name).update(JSON.stringify(ci.store.batchRows(instanceId, e.name)));
  return hash.digest('hex');
}

/** A stopped clock, so both emulators (and their refreshes) see the same instant. */
const frozenAt = Date.now();
const clock: Clock = { now: () => frozenAt, advance: () => undefined, offsetMs: () => 0 };
const first = createCiEmulator({ entraUrl: UNUSED_ENTRA_URL, clock });
const second = createCiEmulator({ entraUrl: UNUSED_ENTRA_URL, clock });

it('generates the same data twice, and the same again after the same refresh', () => {
  for (const id of [PROD, SANDBOX]) expect(digest(first, id)).toBe(digest(second, id));
  expect(digest(first, PROD)).not.toBe(digest(first, SANDBOX));
  const before = digest(first, PROD);
  first.refresh(PROD);
  second.refresh(PROD);
  expect(digest(first, PROD)).toBe(digest(second, PROD));
  expect(digest(first, PROD)).not.toBe(before);
});

it('seeds >= 1,000 unified customers in production, each with a unique 32-hex CustomerId', () => {
  const customers = first.store.batchRows(PROD, 'Customer');
  expect(customers.length).toBeGreaterThanOrEqual(1_000);
  const ids = new Set(customers.map((c) => c.CustomerId));
  expect(ids.size).toBe(customers.length);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
});

it('has three activity tables of different shapes, each with rows on the customers’ timelines', () => {
  const entities = first.store.entities(PROD);
  const activities = entities.filter((e) => e.entityType === 'activity');
  expect(activities.map((e) => e.name).sort()).toEqual([...ACTIVITY_TABLES].sort());
  const keyTypes = new Set(activities.map((e) => e.keys[0][0].dataType));
  expect(keyTypes.size).toBe(3);
  const shapes = new Set(activities.map((e) => e.attributes.map((a) => `${a.name}:${a.dataType}`).join()));
  expect(shapes.size).toBe(3);
  const timeline = first.store.batchRows(PROD, 'UnifiedActivity');
  for (const table of ACTIVITY_TABLES) {
    const rows = first.store.batchRows(PROD, table);
    expect(rows.length).toBeGreaterThan(100);
    expect(timeline.filter((r) => r.SourceTableName === table)).toHaveLength(rows.length);
  }
});

it('spreads the timeline history over most of a year before today', () => {
  const times = first.store.batchRows(PROD, 'UnifiedActivity').map((r) => Date.parse(String(r.ActivityTime)));
  const day = 86_400_000;
  expect(Math.max(...times)).toBeLessThanOrEqual(clock.now());
  expect((Math.max(...times) - Math.min(...times)) / day).toBeGreaterThan(300);
  const perCustomer = new Map<unknown, number>();
  for (const r of first.store.batchRows(PROD, 'UnifiedActivity'))
    perCustomer.set(r.CustomerId, (perCustomer.get(r.CustomerId) ?? 0) + 1);
  expect(perCustomer.size).toBeGreaterThan(500);
});
