/**
 * The upstream operations of Microsoft's Customer Insights code model (method, path, declared status codes;
 * docs/customer-insights.md#operations), written out so the repository's tests depend on nothing outside it.
 */
export interface CiOperation {
  operation: string;
  method: string;
  path: string;
  statusCodes: number[];
}

export const CI_OPERATIONS: readonly CiOperation[] = [
  {
    // GetCurrentUserRole (rbac/myrole): the role GetUsage's visibility rule asks for.
    operation: 'Get-current-user-role',
    method: 'GET',
    path: '/instances/{instanceId}/rbac/myrole',
    statusCodes: [200, 401, 500, 503],
  },
  {
    operation: 'Create-an-entity',
    method: 'POST',
    path: '/instances/{instanceId}/data/{entityName}',
    statusCodes: [201, 202, 400, 401, 409, 429, 500, 503],
  },
  {
    operation: 'Update-an-entity',
    method: 'PATCH',
    path: '/instances/{instanceId}/data/{entityName}/{entityId}',
    statusCodes: [204, 400, 401, 404, 429, 500, 503],
  },
  {
    operation: 'Get-entities-with-OData-path',
    method: 'GET',
    path: '/instances/{instanceId}/data/{relativePath}',
    statusCodes: [200, 400, 401, 404, 406, 500, 503],
  },
  {
    operation: 'Get-all-entity-metadata',
    method: 'GET',
    path: '/instances/{instanceId}/manage/entities',
    statusCodes: [200, 400, 401, 404, 500, 503],
  },
  {
    operation: 'Get-entity-metadata',
    method: 'GET',
    path: '/instances/{instanceId}/manage/entities/{entityName}',
    statusCodes: [200, 400, 401, 404, 500, 503],
  },
  {
    operation: 'Get-entity-size',
    method: 'GET',
    path: '/instances/{instanceId}/manage/entities/{entityName}/entitysize',
    statusCodes: [200, 401, 404, 500, 503],
  },
  { operation: 'Get-all-instances', method: 'GET', path: '/instances', statusCodes: [200, 401, 404, 500, 503] },
  {
    operation: 'Get-instance-metadata',
    method: 'GET',
    path: '/instances/{instanceId}',
    statusCodes: [200, 401, 404, 500, 503],
  },
  {
    operation: 'Get-KeyRing',
    method: 'GET',
    path: '/instances/{instanceId}/profile/keyring',
    statusCodes: [200, 400, 401, 404, 500, 503],
  },
  {
    operation: 'Get-Activity-Types-and-Counts',
    method: 'GET',
    path: '/instances/{instanceId}/profile/activityresponsemetadata',
    statusCodes: [200, 400, 401, 404, 500, 503],
  },
];
