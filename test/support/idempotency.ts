/** The Idempotency-Key rules over in-memory records, with the records' size, for tests of the rules and bounds. */
import { createMemoryIdempotencyRecords } from '../../proxy/limits/idempotency-memory';
import { createIdempotencyStore, type IdempotencyStore } from '../../proxy/limits/idempotency-store';

export function memoryStore(
  options: Parameters<typeof createMemoryIdempotencyRecords>[0] & { waitMs?: number; leaseMs?: number } = {},
): IdempotencyStore & { readonly size: number } {
  const records = createMemoryIdempotencyRecords(options);
  const store = createIdempotencyStore(records, options);
  return {
    run: store.run,
    get size() {
      return records.size;
    },
  };
}
