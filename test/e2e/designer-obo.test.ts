/**
 * Issue #4, on-behalf-of mode with real processes: the emulator (`emulator/main.ts`) and the proxy (`proxy/main.ts`,
 * default UPSTREAM_AUTH_MODE=obo, client secret) on loopback; Alice's delegated token from the Entra stand-in over
 * HTTP drives the designer's play through every operation; Rita (Viewer) is refused a write in the one error shape.
 */
import { requestUserToken } from '../../emulator/entra/dev-tokens';
import { CI_RESOURCE, INSTANCES, PROXY_APP, USERS } from '../../emulator/well-known';
import { CUSTOMER_LINKS, entraRequests, seededCustomer } from '../support/e2e-ci-data';
import { Designer } from '../support/e2e-designer';
import { fillFromSchema } from '../support/e2e-fill';
import { describeDesignerPlay } from '../support/e2e-play';
import {
  startEmulatorProcess,
  startProxyProcess,
  type EmulatorProcess,
  type ProxyProcess,
} from '../support/e2e-processes';

let emulator: EmulatorProcess;
let proxy: ProxyProcess;
let aliceToken: string;
let ritaToken: string;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  proxy = await startProxyProcess(emulator);
  [aliceToken, ritaToken] = await Promise.all([
    requestUserToken(emulator.entraUrl, 'alice'),
    requestUserToken(emulator.entraUrl, 'rita'),
  ]);
});
afterAll(async () => {
  await Promise.all([proxy?.process.stop(), emulator?.process.stop()]);
});

describeDesignerPlay('Alice designs a flow (on-behalf-of: CI sees Alice)', () => ({
  proxyUrl: proxy.url,
  ciUrl: emulator.ciUrl,
  entraUrl: emulator.entraUrl,
  authorization: `Bearer ${aliceToken}`,
  callerLabel: USERS.alice.upn,
  ciPrincipal: USERS.alice.oid,
  customerIndex: 0,
}));

describe('Rita (Viewer on production) through the same proxy', () => {
  let rita: Designer;
  beforeAll(async () => {
    rita = await Designer.connect(proxy.url, `Bearer ${ritaToken}`);
  });
  afterEach(() => expect(rita.takeProblems()).toEqual([]));

  test('reads work, and a write is refused with 403 UpstreamForbidden in the one error shape', async () => {
    const instances = await rita.pick('CreateActivity', 'instanceId', {});
    expect(instances.map((o) => o.value)).toEqual([INSTANCES.production.instanceId]);
    const instanceId = INSTANCES.production.instanceId;
    const customer = await seededCustomer(emulator.ciUrl, emulator.entraUrl, 5);
    const profile = await rita.call('GetCustomerProfile', { instanceId, customerId: customer.CustomerId });
    expect(profile.status).toBe(200);

    const entityName = 'WebStore_webPurchases';
    const schema = await rita.bodySchema('CreateActivity', { instanceId, entityName });
    const link = CUSTOMER_LINKS[entityName];
    const activity = fillFromSchema(schema, { at: new Date(), values: { [link.field]: customer[link.column] } });
    const refused = await rita.call('CreateActivity', { instanceId, entityName, activity });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'UpstreamForbidden', upstreamStatus: 403 });
    expect(refused.body.error.requestId).toEqual(expect.any(String));
  });
});

test('against the default emulator (both write-body forms) the proxy logs the clients’ string form, unswitched', () => {
  const settled = proxy.process
    .output()
    .split('\n')
    .filter((line) => line.includes('"writeBodyForm"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(settled).toEqual([expect.objectContaining({ writeBodyForm: 'string', switched: false })]);
});

test('the proxy got its CI tokens for Alice and Rita on their behalf (OBO)', async () => {
  // The suite's own CI reads (seededCustomer) use the proxy app's client credentials, so only OBO grants are counted.
  const obo = (await entraRequests(emulator.entraUrl)).filter(
    (r) => r.clientId === PROXY_APP.clientId && r.grant?.includes('jwt-bearer'),
  );
  expect(obo.length).toBeGreaterThanOrEqual(2);
  expect(obo.every((r) => r.resource === CI_RESOURCE && r.status === 200)).toBe(true);
});
