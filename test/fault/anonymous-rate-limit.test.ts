/**
 * ANONYMOUS_RATE_LIMIT_PER_MINUTE (docs/settings.md): requests without a valid sign-in are limited per client
 * address. Over the limit the address gets 429 RateLimited with Retry-After in the one error shape, before any token
 * is checked; a caller whose token was already verified keeps working from that address; the minute is the proxy's
 * clock (the emulator's movable clock here). Messages repeat at most the first 120 characters of a path value.
 */
import request from 'supertest';
import { requestUserToken } from '../../emulator/entra';
import { clientAddressKey } from '../../proxy/limits/client-address';
import { expectProxyError } from '../support/fault-stack';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from '../support/proxy-ops-stack';

const PER_MINUTE = 3;

let stack: OpsStack;
let check: ResponseChecker;

beforeAll(async () => {
  stack = await startOpsStack({ ANONYMOUS_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) });
  check = new ResponseChecker(stack.contract);
});
afterAll(() => stack.close());

test('an address over its limit without a valid sign-in gets 429; verified callers keep working', async () => {
  const proxy = () => request(stack.proxy.url);
  const entities = `/api/instances/${PROD}/entities?kind=activity`;
  // Bob's token is verified once, as a running flow's would be.
  expect((await proxy().get(entities).set('Authorization', stack.auth.bob)).status).toBe(200);

  // No token, a forged one, a path the proxy does not serve: each counts against the address.
  expectProxyError(check, await proxy().get(entities), 401, 'Unauthenticated');
  expectProxyError(check, await proxy().get(entities).set('Authorization', 'Bearer a.b.c'), 401, 'Unauthenticated');
  const unknown = await proxy().get(`/api/${'x'.repeat(7_500)}`);
  expectProxyError(check, unknown, 404, 'OperationNotFound');
  // The message names the path, cut: a 7,500-character value is not repeated whole.
  expect(unknown.body.error.message.length).toBeLessThan(300);

  const refused = await proxy().get(entities);
  expectProxyError(check, refused, 429, 'RateLimited');
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expectProxyError(check, await proxy().get('/api/nothing-here'), 429, 'RateLimited');
  // A token never seen before is not checked (no signature check, no key fetch) while the address is over.
  const fresh = `Bearer ${await requestUserToken(stack.emu.entraUrl, 'alice')}`;
  expectProxyError(check, await proxy().get(entities).set('Authorization', fresh), 429, 'RateLimited');
  // Bob's verified token still gets through.
  expect((await proxy().get(entities).set('Authorization', stack.auth.bob)).status).toBe(200);

  await request(stack.emu.ciUrl).post('/_emulator/clock').send({ advanceSeconds: 61 });
  expect((await proxy().get(entities).set('Authorization', fresh)).status).toBe(200);
});

test('addresses are keyed as clients hold them: IPv4-mapped as IPv4, IPv6 by /64', () => {
  expect(clientAddressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
  expect(clientAddressKey('203.0.113.9')).toBe('203.0.113.9');
  expect(clientAddressKey('2001:db8:1:2:aaaa::1')).toBe(clientAddressKey('2001:0db8:0001:0002:ffff:1:2:3'));
  expect(clientAddressKey('2001:db8:1:2::1')).not.toBe(clientAddressKey('2001:db8:1:3::1'));
  expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
  expect(clientAddressKey(undefined)).toBe('unknown');
});
