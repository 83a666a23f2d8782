/**
 * Entra signing-key rotation as the CI emulator sees it (FIDELITY.md: JWKS fetched with no cooldown): a token signed
 * with the new key is accepted at once, one signed with the previous (still published) key keeps working.
 */
import { decodeProtectedHeader } from 'jose';
import { ciCall } from '../support/ci-client';
import { ciTokens, useEmulator } from '../support/emulator';

const env = useEmulator();
const instances = (token: string) => ciCall(env.current.ciUrl, 'GET', '/v1/instances', { token });

it('accepts tokens signed with a freshly rotated key and with the previous one', async () => {
  const before = (await ciTokens(env.current.entraUrl)).proxy;
  expect((await instances(before)).status).toBe(200); // the emulator has now cached the JWKS
  const newKid = await env.current.entra.rotateKeys();
  const after = (await ciTokens(env.current.entraUrl, true)).proxy;
  expect(decodeProtectedHeader(after).kid).toBe(newKid);
  expect(decodeProtectedHeader(before).kid).not.toBe(newKid);
  expect((await instances(after)).status).toBe(200);
  expect((await instances(before)).status).toBe(200);
});

it('refuses a token signed by a key the stand-in never published', async () => {
  const token = (await ciTokens(env.current.entraUrl, true)).proxy;
  const [, payload, signature] = token.split('.');
  const forgedHeader = Buffer.from(
    JSON.stringify({ ...decodeProtectedHeader(token), kid: 'not-a-published-kid' }),
  ).toString('base64url');
  const res = await instances(`${forgedHeader}.${payload}.${signature}`);
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
});
