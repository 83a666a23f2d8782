/**
 * Which environment and table one request may be counted under in the usage report. A path value is only what the
 * caller typed: it becomes a report key or label only once Customer Insights has confirmed it for this caller's
 * identity during the request (a CI answer for that instance, the instance in the caller's `GET instances` list, or
 * the table's metadata). Before, anyone could write rows (and the summary sentence) into any environment's report
 * with made-up entity names, and every distinct path value kept a row in memory (issue 7, defects 2 and 3).
 */
import type { SchemaCache } from '../schema/schema-cache';
import { instanceList } from '../schema/entity-source';
import type { CiClient } from '../upstream/types';

/** What CI confirmed so far in one request, about the instance and entity named in its path. */
export interface RequestAttribution {
  readonly instanceConfirmed: boolean;
  /** The entity name exactly as CI confirmed it, when the path's entity was confirmed. */
  readonly entityConfirmed?: string;
}

interface Wanted {
  instanceId?: string;
  entityName?: string;
}

/** Collects confirmations for the instance and entity a request's path names; nothing else can be confirmed. */
export class AttributionRecorder implements RequestAttribution {
  instanceConfirmed = false;
  entityConfirmed?: string;
  private readonly instanceId?: string;

  constructor(private readonly wanted: Wanted) {
    this.instanceId = wanted.instanceId?.toLowerCase();
  }

  confirmInstance(instanceId: string | undefined): void {
    if (this.instanceId !== undefined && instanceId?.toLowerCase() === this.instanceId) this.instanceConfirmed = true;
  }

  confirmEntity(instanceId: string | undefined, entityName: string | undefined): void {
    this.confirmInstance(instanceId);
    if (this.instanceConfirmed && entityName !== undefined && entityName === this.wanted.entityName) {
      this.entityConfirmed = entityName;
    }
  }

  /** The CI client, noting what each successful answer confirms (it resolves with 2xx answers only). */
  ci(ci: CiClient): CiClient {
    return {
      request: async (req) => {
        const res = await ci.request(req);
        if (req.instanceId !== undefined) this.confirmEntity(req.instanceId, req.entity);
        else if (req.method === 'GET' && req.path === 'instances') {
          for (const i of instanceList(res.body)) this.confirmInstance(String(i.instanceId));
        }
        return res;
      },
      close: () => ci.close(),
    };
  }

  /**
   * A cache of what CI showed this identity: a value for (instance, name) is a confirmation, fetched now or earlier
   * for the same identity (the cache is identity-scoped). `names` says whether the key's name is an entity name.
   */
  cache<T>(cache: SchemaCache<T>, names: 'entity' | 'other'): SchemaCache<T> {
    return {
      get: async (instanceId, name, fetch) => {
        const value = await cache.get(instanceId, name, fetch);
        if (names === 'entity') this.confirmEntity(instanceId, name);
        else this.confirmInstance(instanceId);
        return value;
      },
      invalidate: (instanceId, name) => cache.invalidate(instanceId, name),
      get size() {
        return cache.size;
      },
    };
  }
}
