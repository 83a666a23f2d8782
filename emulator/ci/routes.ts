/**
 * The CI operations of the code model (docs/customer-insights.md#operations), matched by method and path below `/v1`
 * (APIM) or `/api` (service surface), with `manage/tables` as an alias of `manage/entities`
 * (docs/customer-insights.md#surfaces), each with the statuses the model declares for it.
 */
import type { CiHandler } from './context';
import { badRequest } from './errors/ci-error';
import { createAnEntity } from './handlers/create-an-entity';
import { getActivityTypesAndCounts } from './handlers/get-activity-types-and-counts';
import { getAllEntityMetadata } from './handlers/get-all-entity-metadata';
import { getAllInstances } from './handlers/get-all-instances';
import { getCurrentUserRole } from './handlers/get-current-user-role';
import { getEntitiesWithODataPath } from './handlers/get-entities-with-odata-path';
import { getEntityMetadata } from './handlers/get-entity-metadata';
import { getEntitySize } from './handlers/get-entity-size';
import { getInstanceMetadata } from './handlers/get-instance-metadata';
import { getKeyRing } from './handlers/get-key-ring';
import { updateAnEntity } from './handlers/update-an-entity';

/** Data routes answer with ODataError, the others with ApiErrorResult (docs/customer-insights.md#error-shapes). */
export type RouteFamily = 'data' | 'manage';

export interface Route {
  operation: string;
  method: string;
  pattern: RegExp;
  params: string[];
  family: RouteFamily;
  /** Needs a writer role (Contributor/Administrator). */
  write: boolean;
  /** The statuses the code model declares (docs/customer-insights.md#operations); others are in FIDELITY.md. */
  statuses: readonly number[];
  handler: CiHandler;
}

const ID = '([^/]+)';
const MANAGE = 'manage/(?:entities|tables)';

const READ = [200, 401, 404, 500, 503];
const READ_WITH_400 = [200, 400, 401, 404, 500, 503];

function route(
  operation: string,
  method: string,
  path: string,
  params: string[],
  handler: CiHandler,
  extra: Partial<Route> = {},
): Route {
  return {
    operation,
    method,
    pattern: new RegExp(`^/instances${path}/?$`),
    params,
    family: 'manage',
    write: false,
    statuses: READ_WITH_400,
    handler,
    ...extra,
  };
}

export const ROUTES: readonly Route[] = [
  route('Get-all-instances', 'GET', '', [], getAllInstances, { statuses: READ }),
  route('Get-instance-metadata', 'GET', `/${ID}`, ['instanceId'], getInstanceMetadata, { statuses: READ }),
  route('Get-all-entity-metadata', 'GET', `/${ID}/${MANAGE}`, ['instanceId'], getAllEntityMetadata),
  route('Get-entity-metadata', 'GET', `/${ID}/${MANAGE}/${ID}`, ['instanceId', 'entityName'], getEntityMetadata),
  route('Get-entity-size', 'GET', `/${ID}/${MANAGE}/${ID}/entitysize`, ['instanceId', 'entityName'], getEntitySize, {
    statuses: READ,
  }),
  // GetCurrentUserRole declares 200, 401, 500 and 503 in the code model (CustomerInsights.cs of the client library).
  route('Get-current-user-role', 'GET', `/${ID}/rbac/myrole`, ['instanceId'], getCurrentUserRole, {
    statuses: [200, 401, 500, 503],
  }),
  route('Get-KeyRing', 'GET', `/${ID}/profile/keyring`, ['instanceId'], getKeyRing),
  route(
    'Get-Activity-Types-and-Counts',
    'GET',
    `/${ID}/profile/activityresponsemetadata`,
    ['instanceId'],
    getActivityTypesAndCounts,
  ),
  route('Create-an-entity', 'POST', `/${ID}/data/${ID}`, ['instanceId', 'entityName'], createAnEntity, {
    family: 'data',
    write: true,
    statuses: [201, 202, 400, 401, 409, 429, 500, 503],
  }),
  route(
    'Update-an-entity',
    'PATCH',
    `/${ID}/data/${ID}/${ID}`,
    ['instanceId', 'entityName', 'entityId'],
    updateAnEntity,
    { family: 'data', write: true, statuses: [204, 400, 401, 404, 429, 500, 503] },
  ),
  route(
    'Get-entities-with-OData-path',
    'GET',
    `/${ID}/data/(.+)`,
    ['instanceId', 'relativePath'],
    getEntitiesWithODataPath,
    { family: 'data', statuses: [200, 400, 401, 404, 406, 500, 503] },
  ),
];

function decodeSegment(raw: string, name: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`Path parameter '${name}' is not valid percent-encoding.`, name, 'InvalidPath');
  }
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[]; family: RouteFamily }
  | { kind: 'not-found'; family: RouteFamily };

/** Matches `path` (below the surface prefix, already without the query string). */
export function matchRoute(method: string, path: string): RouteMatch {
  const hits = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).filter((x) => x.m);
  const hit = hits.find((x) => x.r.method === method || (method === 'HEAD' && x.r.method === 'GET'));
  if (hit?.m) {
    const params: Record<string, string> = {};
    hit.r.params.forEach((name, index) => {
      params[name] = decodeSegment(hit.m?.[index + 1] ?? '', name);
    });
    return { kind: 'found', route: hit.r, params };
  }
  const family: RouteFamily = /^\/instances\/[^/]+\/data(\/|$)/.test(path) ? 'data' : 'manage';
  if (hits.length) return { kind: 'method-not-allowed', allow: [...new Set(hits.map((x) => x.r.method))], family };
  return { kind: 'not-found', family };
}
