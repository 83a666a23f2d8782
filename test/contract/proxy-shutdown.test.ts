/** Shutting the proxy down lets a request in flight finish instead of resetting its connection. */
import request from 'supertest';
import { PROD, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

let stack: OpsStack;
beforeAll(async () => {
  stack = await startOpsStack();
});
afterAll(() => stack.emu.close());

test('close() waits for the request in flight, then stops accepting new ones', async () => {
  stack.emu.ci.faults.arm({
    match: { path: '/manage/entities' },
    count: 1,
    fault: { kind: 'delay', ms: 400 },
  } as never);
  const inFlight = request(stack.proxy.url)
    .get(`/api/instances/${PROD}/entities?kind=activity`)
    .set('Authorization', stack.auth.alice)
    .then((res) => res);
  // Close once CI has the request, i.e. while the proxy waits for the answer.
  for (let i = 0; i < 200 && stack.emu.ci.requests.list().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  expect(stack.emu.ci.requests.list().length).toBeGreaterThan(0);
  await stack.proxy.close();
  const res = await inFlight;
  expect(res.status).toBe(200);
  await expect(request(stack.proxy.url).get('/api/instances')).rejects.toThrow(/ECONNREFUSED/);
});
