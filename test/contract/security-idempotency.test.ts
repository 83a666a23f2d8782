/**
 * One caller cannot push everyone else's Idempotency-Keys out of the bounded store (and so make their retries create
 * duplicates): each caller (tenant + principal, the start of every scope) keeps at most
 * IDEMPOTENCY_MAX_ENTRIES_PER_CALLER keys, and a caller over it forgets its own oldest keys.
 */
import { memoryStore } from '../support/idempotency';
import type { IdempotencyScope } from '../../proxy/limits/idempotency-store';
import { IDEMPOTENCY_MAX_ENTRIES, IDEMPOTENCY_MAX_ENTRIES_PER_CALLER } from '../../proxy/limits/constants';
import { OTHER_TENANT_ID, TENANT_ID, USERS } from '../../emulator/well-known';

const scopeOf = (tenantId: string, principal: string): IdempotencyScope => ({
  tenantId,
  principal,
  operationId: 'CreateActivity',
  instanceId: 'i',
  entity: 'PoS_posPurchases',
});
const ALICE = scopeOf(TENANT_ID, USERS.alice.oid);
const BOB = scopeOf(TENANT_ID, USERS.bob.oid);

test('a caller sending as many keys as the whole store holds does not evict another caller’s key', async () => {
  const store = memoryStore();
  let runs = 0;
  const work = async () => ({ created: ++runs });
  expect((await store.run(ALICE, 'alice-key', { a: 1 }, work)).replayed).toBe(false);
  for (let i = 0; i < IDEMPOTENCY_MAX_ENTRIES; i++) await store.run(BOB, `bob-${i}`, { i }, work);
  // Alice's retry is still recognised: replayed, not run again.
  expect(await store.run(ALICE, 'alice-key', { a: 1 }, work)).toEqual({ result: { created: 1 }, replayed: true });
  // Bob lost only his own oldest keys, and keeps his latest ones.
  expect(store.size).toBe(1 + IDEMPOTENCY_MAX_ENTRIES_PER_CALLER);
  const last = `bob-${IDEMPOTENCY_MAX_ENTRIES - 1}`;
  expect((await store.run(BOB, last, { i: IDEMPOTENCY_MAX_ENTRIES - 1 }, work)).replayed).toBe(true);
  expect((await store.run(BOB, 'bob-0', { i: 0 }, work)).replayed).toBe(false);
});

test('the same object id in another tenant is another caller', async () => {
  const store = memoryStore({ maxEntriesPerCaller: 2 });
  const work = async () => 'ok';
  await store.run(ALICE, 'k1', 1, work);
  const foreign = scopeOf(OTHER_TENANT_ID, USERS.alice.oid);
  for (const k of ['f1', 'f2', 'f3']) await store.run(foreign, k, 1, work);
  expect((await store.run(ALICE, 'k1', 1, work)).replayed).toBe(true);
  expect((await store.run(foreign, 'f1', 1, work)).replayed).toBe(false);
});
