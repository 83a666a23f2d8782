/** A real tenant's captured metadata (a saved `GET manage/entities` body) replaces the built-in model. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startEmulator } from '../../emulator/index';
import { ciCall, inst, PROD } from '../support/ci-client';
import { ciTokens } from '../support/emulator';
import { startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

const dir = mkdtempSync(join(tmpdir(), 'ci-captured-'));

it('serves the captured entities and generates rows that follow them', async () => {
  const captured = {
    instanceId: 'captured',
    entities: [
      {
        name: 'Customer',
        entityType: 'profile',
        dataSourceName: 'CustomerInsights',
        keys: [[{ name: 'CustomerId' }]],
        attributes: [
          { name: 'CustomerId', dataType: 'Edm.String' },
          { name: 'Nickname', dataType: 'Edm.String' },
          { name: 'Shop_members_MemberNo', dataType: 'Edm.String' },
        ],
      },
      {
        name: 'Shop_members',
        entityType: 'unspecified',
        dataSourceName: 'Shop',
        keys: [[{ name: 'MemberNo' }]],
        attributes: [{ name: 'MemberNo', dataType: 'Edm.String' }],
      },
      {
        name: 'Shop_orders',
        entityType: 'activity',
        dataSourceName: 'Shop',
        keys: [[{ name: 'OrderNo' }]],
        timestampAttribute: 'OrderedAt',
        relationships: [{ fromAttribute: 'MemberNo', toAttribute: 'MemberNo', dataSourceEntity: 'Shop_members' }],
        attributes: [
          { name: 'OrderNo', dataType: 'Edm.Int64' },
          { name: 'MemberNo', dataType: 'Edm.String' },
          { name: 'OrderedAt', dataType: 'Edm.DateTimeOffset' },
          { name: 'Total', dataType: 'Edm.Decimal' },
        ],
      },
      {
        name: 'UnifiedActivity',
        entityType: 'unifiedActivity',
        dataSourceName: 'CustomerInsights',
        keys: [[{ name: 'ActivityId' }]],
        attributes: ['ActivityId', 'CustomerId', 'ActivityTime', 'ActivityType', 'Title'].map((name) => ({
          name,
          dataType: name === 'ActivityTime' ? 'Edm.DateTimeOffset' : 'Edm.String',
        })),
      },
    ],
  };
  const file = join(dir, 'metadata.json');
  writeFileSync(file, JSON.stringify(captured));
  const emulator = await startEmulator({ metadataFile: file });
  try {
    const { proxy } = await ciTokens(emulator.entraUrl);
    const model = await ciCall(emulator.ciUrl, 'GET', inst(PROD.instanceId, '/manage/entities'), { token: proxy });
    expect(model.body.entities.map((e: { name: string }) => e.name)).toEqual([
      'Customer',
      'Shop_members',
      'Shop_orders',
      'UnifiedActivity',
    ]);
    const customer = (
      await ciCall(emulator.ciUrl, 'GET', inst(PROD.instanceId, '/data/Customer?$top=1'), { token: proxy })
    ).body.value[0];
    expect(Object.keys(customer).sort()).toEqual(['CustomerId', 'Nickname', 'Shop_members_MemberNo']);
    const posted = await ciCall(emulator.ciUrl, 'POST', inst(PROD.instanceId, '/data/Shop_orders'), {
      token: proxy,
      body: { OrderNo: 7, MemberNo: customer.Shop_members_MemberNo, OrderedAt: '2026-01-01T00:00:00Z', Total: 9.5 },
    });
    expect(posted.status).toBe(201);
    const patch = (body: unknown) =>
      ciCall(emulator.ciUrl, 'PATCH', inst(PROD.instanceId, `/data/Customer/${customer.CustomerId}`), {
        token: proxy,
        body,
      });
    // Not marked ReadOnly in this metadata, but an alternate key all the same.
    const moved = await patch({ Shop_members_MemberNo: 'someone-else' });
    expect(moved.status).toBe(400);
    expect(moved.body).toMatchObject({ errorCode: 'KeyAttributeNotUpdatable', target: 'Shop_members_MemberNo' });
    expect((await patch({ Nickname: 'Kit' })).status).toBe(204);
    const timeline = await ciCall(
      emulator.ciUrl,
      'GET',
      inst(
        PROD.instanceId,
        `/data/UnifiedActivity?$filter=CustomerId eq '${customer.CustomerId}' and ActivityTime eq 2026-01-01T00:00:00Z`,
      ),
      { token: proxy },
    );
    expect(timeline.body.value).toHaveLength(1);
    expect(Object.keys(timeline.body.value[0]).sort()).toEqual([
      'ActivityId',
      'ActivityTime',
      'ActivityType',
      'CustomerId',
      'Title',
    ]);
  } finally {
    await emulator.close();
  }
});

it('refuses to start on a captured file that is not an entity model, naming the field', async () => {
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ entities: [{ name: 'Customer', attributes: [{ name: 'CustomerId' }] }] }));
  await expect(startEmulator({ metadataFile: file })).rejects.toThrow(/entities\.0\.attributes\.0\.dataType/);
});

it('loads metadata captured in the code model shape and the proxy builds the same schemas as from the seed', async () => {
  const seeded = await startOpsStack();
  let captured: OpsStack | undefined;
  try {
    const { proxy } = await ciTokens(seeded.emu.entraUrl);
    const model = await ciCall(
      seeded.emu.ciUrl,
      'GET',
      inst(PROD.instanceId, '/manage/entities?attributesAnnotations=true'),
      { token: proxy },
    );
    // What a tenant's capture looks like: ends and timestamps are attribute objects, targets entity objects.
    const purchases = model.body.entities.find((e: { name: string }) => e.name === 'PoS_posPurchases');
    expect(typeof purchases.timestampAttribute).toBe('object');
    expect(typeof purchases.relationships[0].fromAttribute).toBe('object');
    expect(typeof purchases.relationships[0].dataSourceEntity).toBe('object');
    const file = join(dir, 'model-shape.json');
    writeFileSync(file, JSON.stringify(model.body));
    captured = await startOpsStack({}, { metadataFile: file });
    const paths = [
      '/entities?kind=all',
      '/entities?kind=activity',
      '/activity-types',
      '/profile-lookups',
      '/schemas/profile',
      '/schemas/profile-update',
      ...['WebStore_webPurchases', 'PoS_posPurchases', 'Website_siteVisits', 'UnifiedActivity'].map(
        (e) => `/schemas/activities/${e}`,
      ),
    ];
    for (const path of paths) {
      const read = (s: OpsStack) =>
        request(s.proxy.url).get(`/api/instances/${PROD.instanceId}${path}`).set('Authorization', s.auth.alice);
      const [fromSeed, fromCapture] = await Promise.all([read(seeded), read(captured)]);
      expect([path, fromSeed.status]).toEqual([path, 200]);
      expect([path, fromCapture.body]).toEqual([path, fromSeed.body]);
    }
    // The customer-link hint survives the object shape.
    const schema = (
      await request(captured.proxy.url)
        .get(`/api/instances/${PROD.instanceId}/schemas/activities/PoS_posPurchases`)
        .set('Authorization', captured.auth.alice)
    ).body.schema;
    expect(schema.properties.CustomerNumber.description).toContain('PoS_posCustomers_CustomerNumber');
  } finally {
    await captured?.close();
    await seeded.close();
  }
});
