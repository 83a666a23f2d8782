/**
 * Fetching entity metadata from CI (`GET manage/entities/{name}?attributesAnnotations=true`,
 * docs/customer-insights.md#operations) through the schema cache, and the entity list for pickers. CI's 404 becomes a
 * 404 naming what was not found.
 */
import { AppError, echo, entityNotFound, instanceNotFound } from '../errors';
import { ACTIVITY_TYPE_DISPLAY_ANNOTATION, CUSTOMER_ENTITY } from '../limits/constants';
import type { Caller } from '../auth/caller';
import type { CiClient } from '../upstream/types';
import { textAnnotation, toEntityModel, type EntityModel } from './entity-model';
import type { SchemaCache } from './schema-cache';

/** The slice of an operation's context these fetches need (kept structural to avoid an import cycle). */
export interface EntitySourceContext {
  operationId: string;
  caller: Caller;
  deps: { ci: CiClient; entityModels: SchemaCache<EntityModel> };
}

/** CI path of an instance-level resource with each segment encoded. */
export function instancePath(instanceId: string, ...segments: string[]): string {
  return ['instances', instanceId, ...segments].map(encodeURIComponent).join('/');
}

function isUpstream404(err: unknown): err is AppError {
  return err instanceof AppError && err.extra.upstreamStatus === 404;
}

/** The entity's model, from the cache or CI; 404 EntityNotFound (InstanceNotFound for Customer) when CI has none. */
export function getEntityModel(ctx: EntitySourceContext, instanceId: string, entityName: string): Promise<EntityModel> {
  return ctx.deps.entityModels.get(instanceId, entityName, async () => {
    try {
      const reply = await ctx.deps.ci.request({
        method: 'GET',
        instanceId,
        path: instancePath(instanceId, 'manage', 'entities', entityName),
        query: { attributesAnnotations: 'true' },
        caller: ctx.caller,
        operation: ctx.operationId,
        entity: entityName,
      });
      return toEntityModel(reply.body);
    } catch (err) {
      // Every instance has a Customer entity, so a 404 for it means the instance itself is unknown.
      if (isUpstream404(err) && entityName === CUSTOMER_ENTITY) throw instanceNotFound(instanceId, 404);
      if (isUpstream404(err)) {
        // CI answers 404 for an unknown instance and for an unknown table alike; the instance list tells them apart.
        if (!(await instanceVisible(ctx, instanceId))) throw instanceNotFound(instanceId, 404);
        throw entityNotFound(entityName, `Instance ${instanceId} has no table named ${echo(entityName)}.`, 404);
      }
      throw err;
    }
  });
}

/** Accepts CI's bare `InstanceInfo[]` and an OData-style `{value: [...]}` alike. */
export function instanceList(body: unknown): Record<string, unknown>[] {
  const list = Array.isArray(body) ? body : (body as { value?: unknown } | undefined)?.value;
  return Array.isArray(list)
    ? list.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
    : [];
}

/** True when `GET instances` lists the instance for this caller. */
export async function instanceVisible(ctx: EntitySourceContext, instanceId: string): Promise<boolean> {
  const reply = await ctx.deps.ci.request({
    method: 'GET',
    path: 'instances',
    caller: ctx.caller,
    operation: ctx.operationId,
  });
  return instanceList(reply.body).some((i) => String(i.instanceId).toLowerCase() === instanceId.toLowerCase());
}

/** All entities' metadata of an instance (`IC360EntityModel.entities`); uncached: only pickers use it. */
export async function listEntityMetadata(
  ctx: EntitySourceContext,
  instanceId: string,
): Promise<Record<string, unknown>[]> {
  try {
    const reply = await ctx.deps.ci.request({
      method: 'GET',
      instanceId,
      path: instancePath(instanceId, 'manage', 'entities'),
      caller: ctx.caller,
      operation: ctx.operationId,
    });
    const body = reply.body as { entities?: unknown; value?: unknown } | unknown[] | undefined;
    const list = Array.isArray(body) ? body : (body?.entities ?? body?.value);
    return Array.isArray(list)
      ? list.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
      : [];
  } catch (err) {
    if (isUpstream404(err)) throw instanceNotFound(instanceId, 404);
    throw err;
  }
}

/**
 * A picker title makers recognise: the activity type's display name from the entity's annotations with the table
 * name, `Web purchase (WebStore_webPurchases)`; without one, `PoS_posPurchases` → `posPurchases (PoS)`; generated
 * entities keep their name.
 */
export function entityDisplayName(metadata: Record<string, unknown>): string {
  const name = String(metadata.name ?? metadata.qualifiedEntityName ?? '');
  const activityType = textAnnotation(metadata, ACTIVITY_TYPE_DISPLAY_ANNOTATION);
  if (activityType) return `${activityType} (${name})`;
  const source = typeof metadata.dataSourceName === 'string' ? metadata.dataSourceName : '';
  if (source && name.startsWith(`${source}_`)) return `${name.slice(source.length + 1)} (${source})`;
  return name;
}
