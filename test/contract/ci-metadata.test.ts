/** Instances, entity metadata (manage/entities and manage/tables), entity size, key ring and activity counts. */
import { ATTRIBUTE_SEMANTIC_TYPES, ENTITY_SEMANTIC_TYPES } from '../../emulator/ci/model-enums';
import { ciCall, inst, PROD, SANDBOX } from '../support/ci-client';
import { ciTokens, useEmulator, type CiCaller } from '../support/emulator';

const env = useEmulator();
let tokens: Record<CiCaller, string>;
const get = (path: string, token = tokens.proxy, key?: string) =>
  ciCall(env.current.ciUrl, 'GET', path, { token, key });

beforeAll(async () => {
  tokens = await ciTokens(env.current.entraUrl);
});

describe('instances', () => {
  it('gets one instance with InstanceMetadata fields', async () => {
    const res = await get(inst(PROD.instanceId));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      instanceId: PROD.instanceId,
      name: PROD.name,
      instanceType: 'production',
      provisioningState: 'active',
    });
  });

  it('types trialExtensionHistory as the model does (a string, not a list)', async () => {
    for (const info of [(await get(inst(PROD.instanceId))).body, ...(await get('/v1/instances')).body]) {
      const history = (info as { trialExtensionHistory: unknown }).trialExtensionHistory;
      expect(history === null || typeof history === 'string').toBe(true);
    }
  });
});

describe('entity metadata', () => {
  it('lists the IC360EntityModel on manage/entities and its manage/tables alias', async () => {
    const a = await get(inst(PROD.instanceId, '/manage/entities'));
    const b = await get(inst(PROD.instanceId, '/manage/tables'));
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(a.body.instanceId).toBe(PROD.instanceId);
    const names = (a.body.entities as { name: string }[]).map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Customer',
        'UnifiedActivity',
        'Customer_Measure',
        'WebStore_webPurchases',
        'PoS_posPurchases',
        'Website_siteVisits',
        'PoS_posCustomers',
      ]),
    );
  });

  it('describes an activity entity with types, keys, relationships and timestamp; annotations only on request', async () => {
    const plain = await get(inst(PROD.instanceId, '/manage/entities/PoS_posPurchases'));
    expect(plain.body).toMatchObject({
      name: 'PoS_posPurchases',
      qualifiedEntityName: 'PoS_posPurchases',
      dataSourceName: 'PoS',
      entityType: 'activity',
      // The code model's shapes: attribute objects for the ends and the timestamp, an entity object for the target.
      timestampAttribute: { name: 'TransactionTime', dataType: 'Edm.DateTimeOffset' },
      relationships: [
        expect.objectContaining({
          fromAttribute: expect.objectContaining({ name: 'CustomerNumber', dataType: 'Edm.String' }),
          toAttribute: expect.objectContaining({ name: 'CustomerNumber', dataType: 'Edm.String' }),
          dataSourceEntity: expect.objectContaining({ name: 'PoS_posCustomers', entityType: 'unspecified' }),
        }),
      ],
    });
    expect(plain.body.keys[0][0].name).toBe('TransactionId');
    expect(plain.body.relationships[0].fromAttribute).not.toHaveProperty('annotations');
    expect(plain.body.attributes[0]).not.toHaveProperty('annotations');
    const annotated = await get(inst(PROD.instanceId, '/manage/entities/Customer?attributesAnnotations=true'));
    const id = (annotated.body.attributes as { name: string; annotations: { name: string }[] }[]).find(
      (a) => a.name === 'CustomerId',
    );
    expect(id?.annotations.map((x) => x.name).sort()).toEqual(['Mandatory', 'ReadOnly']);
    const types = new Set<string>();
    for (const e of (await get(inst(PROD.instanceId, '/manage/entities'))).body.entities)
      for (const x of e.attributes) types.add(x.dataType);
    expect([...types].sort()).toEqual([
      'Edm.Boolean',
      'Edm.Date',
      'Edm.DateTimeOffset',
      'Edm.Decimal',
      'Edm.Double',
      'Edm.Guid',
      'Edm.Int32',
      'Edm.Int64',
      'Edm.String',
    ]);
  });

  it('sends only semanticType and dataflowType values the code model lists', async () => {
    const model = (await get(inst(PROD.instanceId, '/manage/entities'))).body;
    // dataflowType: an enum of the model (dynamics365, ingestion, …) with no value for the whole model.
    expect(model.dataflowType).toBeNull();
    expect(new Set(model.entities.map((e: { dataflowType: string }) => e.dataflowType))).toEqual(
      new Set(['ingestion']),
    );
    const entities = model.entities as {
      semanticType?: string;
      attributes: { semanticType?: string }[];
    }[];
    const entityTypes = entities.flatMap((e) => (e.semanticType === undefined ? [] : [e.semanticType]));
    const attributeTypes = entities.flatMap((e) => e.attributes.flatMap((a) => a.semanticType ?? []));
    expect(entityTypes.filter((t) => !ENTITY_SEMANTIC_TYPES.has(t))).toEqual([]);
    expect(attributeTypes.filter((t) => !ATTRIBUTE_SEMANTIC_TYPES.has(t))).toEqual([]);
    // Values the model has no place for are left out, while those it lists are still sent.
    expect(entityTypes).toEqual(expect.arrayContaining(['Customer', 'Contact', 'SalesOrder']));
    expect(attributeTypes).toEqual(expect.arrayContaining(['PersonFirstName', 'IdentityServiceEmail']));
  });

  it('answers 404 MetaDataNotFound in the ApiErrorResult shape for an unknown entity', async () => {
    const res = await get(inst(PROD.instanceId, '/manage/entities/Nope'));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      exception: null,
      httpStatusCode: 404,
      exceptionCulprit: 'User',
      errorCode: 'MetaDataNotFound',
      message: 'Metadata object not found.',
    });
  });

  it('answers 400 naming the parameter for a non-boolean flag', async () => {
    const res = await get(inst(PROD.instanceId, '/manage/entities?attributesAnnotations=maybe'));
    expect(res.status).toBe(400);
    expect(res.body.params).toEqual({ target: 'attributesAnnotations' });
  });

  it('reports entity size and row count; production has >= 1,000 customers, sandbox fewer', async () => {
    const prod = await get(inst(PROD.instanceId, '/manage/entities/Customer/entitysize'));
    expect(prod.body).toMatchObject({
      qualifiedEntityName: 'Customer',
      rowCount: expect.any(Number),
      size: expect.any(Number),
    });
    expect(prod.body.rowCount).toBeGreaterThanOrEqual(1000);
    const sandbox = await get(
      inst(SANDBOX.instanceId, '/manage/entities/Customer/entitysize'),
      tokens.proxy,
      SANDBOX.primaryKey,
    );
    expect(sandbox.body.rowCount).toBeLessThan(prod.body.rowCount);
  });
});

describe('profile lookups', () => {
  it('resolves an alternate key through the key ring and lists the activity types of that customer', async () => {
    const list = await get(
      inst(PROD.instanceId, '/data/Customer?$top=1&$filter=PoS_posCustomers_CustomerNumber ne null'),
    );
    const customer = list.body.value[0];
    const ring = await get(
      inst(
        PROD.instanceId,
        `/profile/keyring?dataSourceName=PoS&entityName=posCustomers&key=${customer.PoS_posCustomers_CustomerNumber}`,
      ),
    );
    expect(ring.status).toBe(200);
    expect(ring.body).toMatchObject({ instanceId: PROD.instanceId, customerId: customer.CustomerId });
    expect(ring.body.keyRing).toContainEqual(
      expect.objectContaining({
        dataSourceName: 'PoS',
        entityName: 'posCustomers',
        key: customer.PoS_posCustomers_CustomerNumber,
      }),
    );
    const meta = await get(
      inst(PROD.instanceId, `/profile/activityresponsemetadata?customerId=${customer.CustomerId}`),
    );
    expect(meta.status).toBe(200);
    const timeline = await get(
      inst(PROD.instanceId, `/data/UnifiedActivity?$count=true&$filter=CustomerId eq '${customer.CustomerId}'`),
    );
    expect(meta.body.totalActivityCount).toBe(timeline.body['@odata.count']);
  });

  it('answers 400 naming a missing key-ring parameter and 404 for an unknown key', async () => {
    const missing = await get(inst(PROD.instanceId, '/profile/keyring?dataSourceName=PoS&entityName=posCustomers'));
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ errorCode: 'MissingQueryParameter', params: { target: 'key' } });
    const unknown = await get(
      inst(PROD.instanceId, '/profile/keyring?dataSourceName=PoS&entityName=posCustomers&key=NOPE'),
    );
    expect(unknown.status).toBe(404);
    const noCustomer = await get(
      inst(PROD.instanceId, `/profile/activityresponsemetadata?customerId=${'f'.repeat(32)}`),
    );
    expect(noCustomer.status).toBe(404);
  });
});
