/**
 * Issue 7, defects 3 and 4: who can write into an environment's usage report, and who sees whose calls in it.
 * Only authenticated callers' calls on an instance Customer Insights confirmed for them count, labelled with tables
 * CI confirmed (or `other`); Administrators (CI's `rbac/myrole`, asked with the caller's own identity) see every
 * caller, everyone else, app-only callers included, only their own calls.
 */
import request from 'supertest';
import { USERS } from '../../emulator/well-known';
import { ciReceived, clearCiLog, makerCalls } from '../support/fault-stack';
import { PROD, ResponseChecker, SANDBOX, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

const SPOOF = 'Your CI subscription expired - call +1-555-0100';
const MARKUP = '<img src=x onerror=alert(1)>';

let stack: OpsStack;
let check: ResponseChecker;

beforeAll(async () => {
  stack = await startOpsStack();
  check = new ResponseChecker(stack.contract);
});
afterAll(() => stack.close());

const usage = async (auth: string, instanceId: string = PROD) => {
  const res = await request(stack.proxy.url)
    // Two hours: the role cache test moves the clock by a minute, which may cross into the next hour.
    .get(`/api/instances/${instanceId}/usage?hours=2`)
    .set('Authorization', auth);
  expect(res.status).toBe(200);
  expect(check.declared('GetUsage', 200, res.body)).toEqual([]);
  return res.body as {
    scope: string;
    summary: string;
    byEntity: { key: string; calls: number }[];
    byCaller: { key: string; calls: number }[];
    totals: { calls: number };
  };
};

test('anonymous and unauthorised calls never write into a report, and unconfirmed tables are "other"', async () => {
  const anonymous = request(stack.proxy.url);
  for (let i = 0; i < 30; i++) {
    for (const name of [SPOOF, MARKUP]) {
      const path = `/api/instances/${PROD}/schemas/activities/${encodeURIComponent(name)}`;
      expect((await anonymous.get(path)).status).toBe(401);
    }
    expect((await anonymous.get(`/api/instances/${encodeURIComponent(SPOOF)}/usage`)).status).toBe(401);
  }
  // Bob is signed in but has no role on the sandbox: CI refuses him there, so his calls are not the sandbox's usage.
  const bobOnSandbox = makerCalls(stack, () => stack.auth.bob, SANDBOX);
  for (let i = 0; i < 5; i++) expect((await bobOnSandbox.get(`/schemas/activities/${MARKUP}`)).status).toBe(403);
  // On production Bob may work: a table CI does not know counts, under "other" rather than under his text.
  const bob = makerCalls(stack, () => stack.auth.bob);
  for (let i = 0; i < 3; i++)
    expect((await bob.get(`/schemas/activities/${encodeURIComponent(SPOOF)}`)).status).toBe(404);
  expect((await bob.get('/schemas/activities/PoS_posPurchases')).status).toBe(200);

  const prod = await usage(stack.auth.alice);
  const text = JSON.stringify(prod);
  expect(text).not.toContain('555-0100');
  expect(text).not.toContain('<img');
  expect(text).not.toContain('unauthenticated');
  expect(prod.byEntity).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ key: 'other', calls: 3 }),
      expect.objectContaining({ key: 'PoS_posPurchases', calls: 1 }),
    ]),
  );
  const sandbox = await usage(stack.auth.alice, SANDBOX);
  expect(sandbox.byCaller.map((c) => c.key)).not.toContain(USERS.bob.upn);
  expect(JSON.stringify(sandbox)).not.toContain('<img');
});

test('Administrators see every caller; Contributors, Viewers and app-only callers see their own calls', async () => {
  for (const who of ['alice', 'bob', 'rita', 'automation'] as const) {
    expect((await makerCalls(stack, () => stack.auth[who]).get('/entities?kind=activity')).status).toBe(200);
  }
  // Past the role cache's minute, so every identity's role is asked afresh below.
  await request(stack.emu.ciUrl).post('/_emulator/clock').send({ advanceSeconds: 61 });
  await clearCiLog(stack);

  const admin = await usage(stack.auth.alice);
  expect(admin.scope).toBe('allCallers');
  const everyone = admin.byCaller.map((c) => c.key);
  expect(everyone).toEqual(expect.arrayContaining([USERS.alice.upn, USERS.bob.upn, USERS.rita.upn]));
  expect(everyone.length).toBeGreaterThanOrEqual(4);

  for (const who of ['bob', 'rita'] as const) {
    const own = await usage(stack.auth[who]);
    expect(own.scope).toBe('ownCalls');
    expect(own.byCaller.map((c) => c.key)).toEqual([USERS[who].upn]);
    expect(own.totals.calls).toBe(own.byCaller[0].calls);
  }
  const app = await usage(stack.auth.automation);
  expect(app.scope).toBe('ownCalls');
  expect(app.byCaller).toHaveLength(1);
  expect(everyone).toContain(app.byCaller[0].key);
  expect(app.byCaller[0].key).not.toMatch(/@/);

  // CI was asked with each user's own identity (OBO), never for the app-only caller, and once per identity.
  const asked = (await ciReceived(stack, 'GET', '/rbac/myrole')) as unknown as { principal?: string }[];
  expect(asked.map((r) => r.principal).sort()).toEqual([USERS.alice.oid, USERS.bob.oid, USERS.rita.oid].sort());
  await usage(stack.auth.rita);
  expect(await ciReceived(stack, 'GET', '/rbac/myrole')).toHaveLength(3);
});
