import SwaggerParser from '@apidevtools/swagger-parser';
import { join } from 'node:path';
import { committedConnector, type Doc, REPO_ROOT } from '../support/connector-files';

/** docs/design.md §4: the operation table the proxy builds one handler per operationId from. */
const DESIGN_OPERATIONS: Record<string, [string, string, 'internal' | 'visible']> = {
  ListInstances: ['get', '/instances', 'internal'],
  ListEntities: ['get', '/instances/{instanceId}/entities', 'internal'],
  GetActivitySchema: ['get', '/instances/{instanceId}/schemas/activities/{entityName}', 'internal'],
  GetProfileUpdateSchema: ['get', '/instances/{instanceId}/schemas/profile-update', 'internal'],
  GetProfileSchema: ['get', '/instances/{instanceId}/schemas/profile', 'internal'],
  ListProfileLookups: ['get', '/instances/{instanceId}/profile-lookups', 'internal'],
  ListActivityTypes: ['get', '/instances/{instanceId}/activity-types', 'internal'],
  CreateActivity: ['post', '/instances/{instanceId}/activities/{entityName}', 'visible'],
  CreateUnifiedActivity: ['post', '/instances/{instanceId}/unified-activities', 'visible'],
  CreateActivitiesBatch: ['post', '/instances/{instanceId}/activities/{entityName}/batch', 'visible'],
  UpdateCustomerProfile: ['patch', '/instances/{instanceId}/profiles/{customerId}', 'visible'],
  GetCustomerProfile: ['get', '/instances/{instanceId}/profiles/{customerId}', 'visible'],
  FindCustomerProfiles: ['get', '/instances/{instanceId}/profiles', 'visible'],
  ListCustomerActivities: ['get', '/instances/{instanceId}/profiles/{customerId}/activities', 'visible'],
  GetUsage: ['get', '/instances/{instanceId}/usage', 'visible'],
};
const ERROR_STATUSES = ['400', '401', '403', '404', '429', '502', '503'];
const CREATES = ['CreateActivity', 'CreateUnifiedActivity', 'CreateActivitiesBatch'];

describe('connector contract (apiDefinition.swagger.json)', () => {
  let api: Doc;
  const byId = new Map<string, { method: string; path: string; op: Doc }>();
  beforeAll(async () => {
    api = (await SwaggerParser.dereference(join(REPO_ROOT, 'apiDefinition.swagger.json'))) as Doc;
    for (const [path, item] of Object.entries<Doc>(api.paths))
      for (const [method, op] of Object.entries<Doc>(item)) byId.set(op.operationId, { method, path, op });
  });

  it('has exactly the operations of the design table, at their methods and paths', () => {
    const actual = Object.fromEntries(
      [...byId].map(([id, { method, path, op }]) => [
        id,
        [method, path, op['x-ms-visibility'] === 'internal' ? 'internal' : 'visible'],
      ]),
    );
    expect(actual).toEqual(DESIGN_OPERATIONS);
    expect([api.host, api.basePath, api.schemes]).toEqual(['ci-proxy.example.com', '/api', ['https']]);
  });

  it('declares the error statuses with descriptions only, and 409 on the creates', () => {
    for (const [id, { op }] of byId) {
      const statuses = [...ERROR_STATUSES, ...(CREATES.includes(id) ? ['409'] : [])];
      for (const status of statuses)
        expect([id, status, op.responses[status]?.schema]).toEqual([id, status, undefined]);
      for (const status of statuses) expect(op.responses[status].description).toEqual(expect.any(String));
    }
  });

  it('defines the one error body the proxy renders', () => {
    const error = api.definitions.Error.properties.error;
    expect(Object.keys(error.properties).sort()).toEqual(['code', 'message', 'requestId', 'target', 'upstreamStatus']);
    expect(error.required).toEqual(['code', 'message', 'requestId']);
  });

  it('pulls each dynamic body and response from the helper the design names', () => {
    const schemaOp = (schema: Doc): string => schema['x-ms-dynamic-schema'].operationId;
    const body = (id: string): Doc => byId.get(id)!.op.parameters.find((p: Doc) => p.in === 'body').schema;
    expect(schemaOp(body('CreateActivity'))).toBe('GetActivitySchema');
    expect(body('CreateActivity')['x-ms-dynamic-properties'].parameters.entityName).toEqual({
      parameterReference: 'entityName',
    });
    expect(body('CreateUnifiedActivity')['x-ms-dynamic-properties'].parameters.entityName).toEqual({
      value: 'UnifiedActivity',
    });
    expect(schemaOp(body('CreateActivitiesBatch').properties.records.items)).toBe('GetActivitySchema');
    expect(schemaOp(body('UpdateCustomerProfile'))).toBe('GetProfileUpdateSchema');
    expect(schemaOp(byId.get('GetCustomerProfile')!.op.responses['200'].schema)).toBe('GetProfileSchema');
    expect(schemaOp(byId.get('FindCustomerProfiles')!.op.responses['200'].schema.properties.value.items)).toBe(
      'GetProfileSchema',
    );
  });

  it('fills the pickers from the helpers, with ListEntities asked for activity entities only', () => {
    const param = (id: string, name: string): Doc => byId.get(id)!.op.parameters.find((p: Doc) => p.name === name);
    expect(param('CreateActivity', 'instanceId')['x-ms-dynamic-list'].operationId).toBe('ListInstances');
    expect(param('CreateActivity', 'entityName')['x-ms-dynamic-list']).toMatchObject({
      operationId: 'ListEntities',
      parameters: { kind: { value: 'activity' } },
    });
    expect(param('FindCustomerProfiles', 'lookup')['x-ms-dynamic-values'].operationId).toBe('ListProfileLookups');
    expect(byId.get('ListCustomerActivities')!.op['x-ms-pageable']).toEqual({ nextLinkName: 'nextLink' });
  });

  it('lists exactly the visible operations, by summary, in connector/readme.md', () => {
    const { readme } = committedConnector();
    const visible = [...byId.values()]
      .filter(({ op }) => op['x-ms-visibility'] !== 'internal')
      .map(({ op }) => `### ${op.summary}`);
    for (const heading of visible) expect(readme).toContain(`\n${heading}\n`);
    expect(readme.match(/^### /gm)).toHaveLength(visible.length);
  });
});
