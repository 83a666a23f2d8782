/** Every operation of the code model (test/support/ci-operations.ts) is served, answering one of its declared status codes. */
import { ROUTES } from '../../emulator/ci/routes';
import { ciCall, PROD } from '../support/ci-client';
import { ciTokens, useEmulator } from '../support/emulator';
import { CI_OPERATIONS, type CiOperation } from '../support/ci-operations';

type Operation = CiOperation;
const operations = CI_OPERATIONS;
const env = useEmulator();
let token: string;
let customer: { CustomerId: string; PoS_posCustomers_CustomerNumber: string };

beforeAll(async () => {
  token = (await ciTokens(env.current.entraUrl)).proxy;
  const res = await ciCall(
    env.current.ciUrl,
    'GET',
    `/v1/instances/${PROD.instanceId}/data/Customer?$top=1&$filter=PoS_posCustomers_CustomerNumber ne null`,
    { token },
  );
  customer = res.body.value[0];
});

const request = (op: Operation): { path: string; body?: unknown } => {
  const entity = op.method === 'PATCH' ? 'Customer' : op.method === 'POST' ? 'Website_siteVisits' : 'Customer';
  const path = op.path
    .replace('{instanceId}', PROD.instanceId)
    .replace('{entityName}', entity)
    .replace('{entityId}', customer.CustomerId)
    .replace('{relativePath}', 'Customer');
  const query: Record<string, string> = {
    'Get-KeyRing': `?dataSourceName=PoS&entityName=posCustomers&key=${customer.PoS_posCustomers_CustomerNumber}`,
    'Get-Activity-Types-and-Counts': `?customerId=${customer.CustomerId}`,
  };
  const body =
    op.method === 'PATCH'
      ? { LoyaltyTier: 'Gold' }
      : op.method === 'POST'
        ? {
            VisitId: `VI-T-${Date.now()}`,
            MemberId: 'MI-0000001',
            VisitStart: new Date(env.current.clock.now()).toISOString(),
          }
        : undefined;
  return { path: `/v1${path}${query[op.operation] ?? ''}`, body };
};

it('the reference lists the eleven operations the proxy and emulator rely on', () => {
  expect(operations).toHaveLength(11);
});

it.each(operations.map((op) => [op.operation, op] as const))(
  '%s answers a declared success status',
  async (_name, op) => {
    const { path, body } = request(op);
    const res = await ciCall(env.current.ciUrl, op.method, path, { token, body });
    expect(op.statusCodes).toContain(res.status);
    expect(res.status).toBeLessThan(300);
  },
);

it('the emulator’s routes carry exactly the statuses each operation declares', () => {
  const declared = Object.fromEntries(operations.map((op) => [op.operation, [...op.statusCodes].sort()]));
  const served = Object.fromEntries(ROUTES.map((r) => [r.operation, [...r.statuses].sort()]));
  expect(served).toEqual(declared);
});
