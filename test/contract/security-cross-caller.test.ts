/**
 * What one caller loaded must not be served to another caller whom Customer Insights would refuse. Entity schemas and
 * profile lookups are cached; with on-behalf-of calls the cache is per identity CI sees (the user), so bob, who has no
 * role on the sandbox, is not handed the sandbox's tables because alice looked at them first.
 */
import request from 'supertest';
import { SANDBOX, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
beforeAll(async () => {
  stack = await startOpsStack();
});
afterAll(() => stack.close());

const get = (path: string, auth: string) =>
  request(stack.proxy.url).get(`/api/instances/${SANDBOX}${path}`).set('Authorization', auth);

describe.each([
  ['an activity schema', '/schemas/activities/PoS_posPurchases'],
  ['the profile schema', '/schemas/profile'],
  ['the profile lookups', '/profile-lookups'],
])('%s cached for one user', (_what, path) => {
  it('is not served to a user CI refuses on that environment', async () => {
    expect((await get(path, stack.auth.alice)).status).toBe(200);
    const bob = await get(path, stack.auth.bob);
    expect(bob.status).toBe(403);
    expect(bob.body.error.code).toBe('UpstreamForbidden');
  });
});

it('is still shared by repeated calls of the same user (one metadata fetch per TTL)', async () => {
  await get('/schemas/activities/WebStore_webPurchases', stack.auth.alice);
  stack.emu.ci.requests.clear();
  expect((await get('/schemas/activities/WebStore_webPurchases', stack.auth.alice)).status).toBe(200);
  expect(stack.emu.ci.requests.list()).toEqual([]);
});
