/** Initial load and scheduled refreshes of an instance's batch tables (deterministic per seed and generation). */
import type { Clock } from '../../clock';
import { MS_PER_DAY } from '../constants';
import type { CiStore } from '../persistence/ci-store';
import { generateBatch } from './generate-batch';
import type { SeededInstance } from './instances';

export interface BatchLoader {
  /** Runs a scheduled refresh of one instance (all when undefined); returns the new generation per instance. */
  refresh(instanceId?: string): { instanceId: string; generation: number; refreshedAt: string }[];
}

/** Loads generation 0 of every instance into the store now and returns the refresher. */
export function loadBatches(store: CiStore, instances: readonly SeededInstance[], clock: Clock): BatchLoader {
  // Generation 0 is anchored at the start of the current UTC day, so one day's runs produce identical data.
  const anchor0 = Math.floor(clock.now() / MS_PER_DAY) * MS_PER_DAY;
  const anchors = new Map(instances.map((i) => [i.record.instanceId, [anchor0]]));
  const load = (i: SeededInstance) =>
    store.replaceBatch(
      i.record.instanceId,
      generateBatch(store.links(i.record.instanceId), {
        seed: i.seed,
        customers: i.customers,
        generationAnchorsMs: anchors.get(i.record.instanceId) ?? [anchor0],
      }),
    );
  instances.forEach(load);
  return {
    refresh(instanceId) {
      const picked = instances.filter(
        (i) => !instanceId || i.record.instanceId.toLowerCase() === instanceId.toLowerCase(),
      );
      return picked.map((i) => {
        const list = anchors.get(i.record.instanceId) ?? [anchor0];
        list.push(clock.now());
        load(i);
        return {
          instanceId: i.record.instanceId,
          generation: list.length - 1,
          refreshedAt: new Date(clock.now()).toISOString(),
        };
      });
    },
  };
}
