/** The retailer's two environments (well-known ids and keys) with their entity models and role assignments. */
import { INSTANCES } from '../../well-known';
import { roleAssignments } from '../auth/role-assignments';
import { SEED_CUSTOMERS } from '../constants';
import type { EntityMetadata } from '../entity-model';
import type { InstanceRecord } from '../persistence/ci-store';
import { builtinEntities } from './builtin-metadata';

export interface SeededInstance {
  record: InstanceRecord;
  entities: EntityMetadata[];
  /** PRNG seed of the instance's data. */
  seed: string;
  customers: number;
}

/** Both instances; `entities` replaces the built-in model (captured metadata) when given. */
export function seededInstances(entities?: EntityMetadata[]): SeededInstance[] {
  return (['production', 'sandbox'] as const).map((kind) => {
    const w = INSTANCES[kind];
    return {
      record: {
        instanceId: w.instanceId,
        name: w.name,
        instanceType: w.instanceType,
        createdUtc: kind === 'production' ? '2024-03-04T09:12:00.000Z' : '2025-01-15T14:30:00.000Z',
        primaryKey: w.primaryKey,
        secondaryKey: w.secondaryKey,
        roles: roleAssignments(kind),
      },
      // Each instance its own copy. The built-in model is built afresh rather than cloned: structuredClone would drop
      // the symbol-keyed value hints (entity-model.ts VALUE_HINT).
      entities: entities ? structuredClone(entities) : builtinEntities(),
      seed: `contoso-retail/${kind}`,
      customers: SEED_CUSTOMERS[kind],
    };
  });
}
