/** The CI emulator's gate: APIM subscription key, Entra bearer token (via real MSAL), roles per instance. */
import { CI_APP_ID, INSTANCES, USERS } from '../../emulator/well-known';
import { requestUserToken } from '../../emulator/entra';
import { ciCall, inst, PROD, SANDBOX } from '../support/ci-client';
import { ciTokens, proxyMsalClient, useEmulator, type CiCaller } from '../support/emulator';

const env = useEmulator();
let tokens: Record<CiCaller, string>;
const url = () => env.current.ciUrl;

beforeAll(async () => {
  tokens = await ciTokens(env.current.entraUrl);
});

describe('subscription key (APIM)', () => {
  it('answers 401 in APIM shape when the key is missing', async () => {
    const res = await ciCall(url(), 'GET', '/v1/instances', { token: tokens.alice, key: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, message: expect.stringMatching(/missing subscription key/) });
  });

  it('answers 401 in APIM shape for an unknown key', async () => {
    const res = await ciCall(url(), 'GET', '/v1/instances', { token: tokens.alice, key: 'nope' });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/invalid subscription key/);
  });

  it('accepts the secondary key and refuses another environment’s key', async () => {
    expect(
      (await ciCall(url(), 'GET', inst(PROD.instanceId), { token: tokens.alice, key: PROD.secondaryKey })).status,
    ).toBe(200);
    const res = await ciCall(url(), 'GET', inst(PROD.instanceId), { token: tokens.alice, key: SANDBOX.primaryKey });
    expect(res.status).toBe(401);
    expect(res.body.statusCode).toBe(401);
  });
});

describe('bearer token', () => {
  it('answers 401 with WWW-Authenticate: Bearer when the token is missing', async () => {
    const res = await ciCall(url(), 'GET', '/v1/instances', {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(res.body).toMatchObject({ httpStatusCode: 401, errorCode: 'Unauthorized' });
  });

  it('rejects a token with a tampered signature', async () => {
    const [h, p, s] = tokens.alice.split('.');
    const tampered = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const res = await ciCall(url(), 'GET', '/v1/instances', { token: tampered });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('rejects a token issued for another audience (the proxy)', async () => {
    const proxyToken = await requestUserToken(env.current.entraUrl, 'alice');
    const res = await ciCall(url(), 'GET', '/v1/instances', { token: proxyToken });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/aud/);
  });

  it('accepts a token whose audience is the CI app id instead of the resource URI', async () => {
    const result = await proxyMsalClient(env.current.entraUrl).acquireTokenByClientCredential({
      scopes: [`${CI_APP_ID}/.default`],
    });
    const token = result?.accessToken ?? '';
    expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).aud).toBe(CI_APP_ID);
    expect((await ciCall(url(), 'GET', '/v1/instances', { token })).status).toBe(200);
  });

  it('serves both the APIM (/v1) and the service (/api) surfaces', async () => {
    for (const prefix of ['/v1', '/api']) {
      const res = await ciCall(url(), 'GET', `${prefix}/instances`, { token: tokens.proxy });
      expect(res.status).toBe(200);
    }
  });
});

describe('roles per instance', () => {
  it('lists only the instances the principal holds a role in', async () => {
    const ids = async (c: CiCaller) =>
      ((await ciCall(url(), 'GET', '/v1/instances', { token: tokens[c] })).body as { instanceId: string }[])
        .map((i) => i.instanceId)
        .sort();
    expect(await ids('alice')).toEqual([PROD.instanceId, SANDBOX.instanceId].sort());
    expect(await ids('proxy')).toEqual([PROD.instanceId, SANDBOX.instanceId].sort());
    expect(await ids('bob')).toEqual([PROD.instanceId]);
    expect(await ids('rita')).toEqual([PROD.instanceId]);
  });

  it('answers 403 to a principal without a role in the instance (bob on sandbox)', async () => {
    const res = await ciCall(url(), 'GET', inst(SANDBOX.instanceId), { token: tokens.bob, key: SANDBOX.primaryKey });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ httpStatusCode: 403, errorCode: 'Forbidden' });
  });

  it('lets the read-only principal read but answers 403 to her writes (rita)', async () => {
    expect(
      (await ciCall(url(), 'GET', inst(PROD.instanceId, '/data/Customer?$top=1'), { token: tokens.rita })).status,
    ).toBe(200);
    const res = await ciCall(url(), 'PATCH', inst(PROD.instanceId, `/data/Customer/${'0'.repeat(32)}`), {
      token: tokens.rita,
      body: { LoyaltyTier: 'Gold' },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ errorCode: 'Forbidden', message: expect.stringMatching(/Viewer/) });
    expect(res.body).toHaveProperty('target');
  });

  it('answers an unknown or malformed instance id with a status the operation declares', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const unknown = await ciCall(url(), 'GET', inst(unknownId), { token: tokens.alice });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorCode).toBe('InstanceNotFound');
    // Get-instance-metadata declares no 400: a malformed id names no instance.
    const bad = await ciCall(url(), 'GET', inst('not-a-guid'), { token: tokens.alice });
    expect([bad.status, bad.body.errorCode]).toEqual([404, 'InvalidInstanceId']);
    expect(bad.body.params).toEqual({ target: 'instanceId' });
    // Get-all-entity-metadata declares 400.
    const badManage = await ciCall(url(), 'GET', inst('not-a-guid', '/manage/entities'), { token: tokens.alice });
    expect([badManage.status, badManage.body.errorCode]).toEqual([400, 'InvalidInstanceId']);
    // Create-an-entity declares no 404: an unknown instance is a 400 ODataError naming it.
    const create = await ciCall(url(), 'POST', inst(unknownId, '/data/UnifiedActivity'), {
      token: tokens.alice,
      body: {},
    });
    expect(create.status).toBe(400);
    expect(create.body).toMatchObject({ errorCode: 'InstanceNotFound', target: 'instanceId' });
    const update = await ciCall(url(), 'PATCH', inst(unknownId, `/data/Customer/${'0'.repeat(32)}`), {
      token: tokens.alice,
      body: {},
    });
    expect([update.status, update.body.errorCode]).toEqual([404, 'InstanceNotFound']);
  });

  it("rbac/myrole answers the caller's own RoleAssignment, user or app (Get-current-user-role)", async () => {
    const myRole = async (c: CiCaller) =>
      (await ciCall(url(), 'GET', inst(PROD.instanceId, '/rbac/myrole'), { token: tokens[c] })).body;
    expect(await myRole('alice')).toEqual({
      principalId: USERS.alice.oid,
      principalType: 'user',
      roles: ['Administrator'],
      instanceId: PROD.instanceId,
    });
    expect(await myRole('bob')).toMatchObject({ principalId: USERS.bob.oid, roles: ['Contributor'] });
    expect(await myRole('rita')).toMatchObject({ principalType: 'user', roles: ['Viewer'] });
    expect(await myRole('proxy')).toMatchObject({ principalType: 'app', roles: ['Contributor'] });
    const none = await ciCall(url(), 'GET', inst(SANDBOX.instanceId, '/rbac/myrole'), {
      token: tokens.bob,
      key: SANDBOX.primaryKey,
    });
    expect(none.status).toBe(403);
  });

  it('tells users and apps apart by oid (alice is Administrator)', async () => {
    const res = await ciCall(url(), 'GET', inst(INSTANCES.production.instanceId), { token: tokens.alice });
    expect(res.body.myRole).toBe('Administrator');
    expect(USERS.alice.oid).toBeTruthy();
  });
});

describe('token expiry on the shared clock', () => {
  it('refuses a token once the moved clock passes its expiry', async () => {
    env.current.clock.advance(2 * 3_600_000);
    const res = await ciCall(url(), 'GET', '/v1/instances', { token: tokens.alice });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
    const fresh = await ciTokens(env.current.entraUrl, true);
    expect((await ciCall(url(), 'GET', '/v1/instances', { token: fresh.alice })).status).toBe(200);
  });
});
