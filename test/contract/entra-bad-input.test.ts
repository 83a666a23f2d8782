import request from 'supertest';
import { CI_SCOPE, PROXY_APP, TENANT_ID } from '../../emulator/well-known';
import { startEntra, type RunningEntra } from '../support/entra-server';

let entra: RunningEntra;
beforeAll(async () => {
  entra = await startEntra();
});
afterAll(() => entra.close());
const tokenPath = `/${TENANT_ID}/oauth2/v2.0/token`;
const proxyCreds = { client_id: PROXY_APP.clientId, client_secret: PROXY_APP.clientSecret };

/** Every error from the stand-in has Entra's shape. */
function expectAadsts(body: Record<string, unknown>, error: string, code: number, mentions?: string) {
  expect(body).toMatchObject({
    error,
    error_codes: [code],
    timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
    trace_id: expect.any(String),
    correlation_id: expect.any(String),
  });
  expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  if (mentions) expect(body.error_description).toContain(mentions);
}

const form = (fields: Record<string, string>, path = tokenPath) =>
  request(entra.url).post(path).type('form').send(fields);

describe('token endpoint refuses bad input with AADSTS-shaped JSON', () => {
  it.each([
    ['missing grant_type', { ...proxyCreds, scope: CI_SCOPE }, 400, 'invalid_request', 900144, "'grant_type'"],
    [
      'unsupported grant_type',
      // The device code flow is one the stand-in does not offer (authorization_code is offered since the usage page).
      { ...proxyCreds, grant_type: 'urn:ietf:params:oauth:grant-type:device_code', scope: CI_SCOPE },
      400,
      'unsupported_grant_type',
      70003,
      'device_code',
    ],
    [
      'missing client_id',
      { grant_type: 'client_credentials', scope: CI_SCOPE },
      400,
      'invalid_request',
      900144,
      "'client_id'",
    ],
    [
      'missing credential',
      { grant_type: 'client_credentials', client_id: PROXY_APP.clientId, scope: CI_SCOPE },
      401,
      'invalid_client',
      7000218,
      'client_secret',
    ],
    ['missing scope', { ...proxyCreds, grant_type: 'client_credentials' }, 400, 'invalid_request', 900144, "'scope'"],
    [
      'scope without resource',
      { ...proxyCreds, grant_type: 'client_credentials', scope: 'openid' },
      400,
      'invalid_scope',
      70011,
      'openid',
    ],
    [
      'two resources',
      { ...proxyCreds, grant_type: 'client_credentials', scope: `${CI_SCOPE} api://ci-proxy-local/.default` },
      400,
      'invalid_request',
      28000,
      'more than one resource',
    ],
    [
      'client credentials without /.default',
      { ...proxyCreds, grant_type: 'client_credentials', scope: 'https://api.ci.ai.microsoft.com/user_impersonation' },
      400,
      'invalid_scope',
      1002012,
      '/.default',
    ],
    [
      'ROPC without username',
      { ...proxyCreds, grant_type: 'password', scope: CI_SCOPE, password: 'x' },
      400,
      'invalid_request',
      900144,
      "'username'",
    ],
    [
      'OBO without assertion',
      {
        ...proxyCreds,
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        scope: CI_SCOPE,
      },
      400,
      'invalid_request',
      900144,
      "'assertion'",
    ],
    [
      'OBO with a garbage assertion',
      {
        ...proxyCreds,
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        scope: CI_SCOPE,
        assertion: 'abc',
      },
      400,
      'invalid_grant',
      50013,
      'Assertion',
    ],
    [
      'garbage client_assertion',
      {
        grant_type: 'client_credentials',
        client_id: PROXY_APP.clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: 'x.y',
        scope: CI_SCOPE,
      },
      401,
      'invalid_client',
      50027,
      'malformed',
    ],
    [
      'secret and assertion together',
      { ...proxyCreds, client_assertion: 'x', grant_type: 'client_credentials', scope: CI_SCOPE },
      400,
      'invalid_request',
      90023,
      'only one',
    ],
  ])('%s', async (_name, fields, status, error, code, mentions) => {
    const res = await form(fields as Record<string, string>).expect(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expectAadsts(res.body, error, code, mentions);
  });

  it('refuses JSON and text bodies, and repeated fields', async () => {
    const json = await request(entra.url).post(tokenPath).send({ grant_type: 'client_credentials' }).expect(400);
    expectAadsts(json.body, 'invalid_request', 9002313, 'x-www-form-urlencoded');
    const text = await request(entra.url)
      .post(tokenPath)
      .type('text')
      .send('grant_type=client_credentials')
      .expect(400);
    expectAadsts(text.body, 'invalid_request', 9002313);
    const repeated = await request(entra.url)
      .post(tokenPath)
      .type('form')
      .send('grant_type=password&grant_type=client_credentials')
      .expect(400);
    expectAadsts(repeated.body, 'invalid_request', 9002313, "'grant_type'");
  });

  it('refuses an oversized body with 413 JSON', async () => {
    const res = await form({ grant_type: 'client_credentials', padding: 'x'.repeat(70 * 1024) }).expect(413);
    expect(res.body.error).toBe('invalid_request');
  });

  it('refuses unknown tenants, client credentials on /common, and unknown paths', async () => {
    expectAadsts(
      (
        await form(
          { ...proxyCreds, grant_type: 'client_credentials', scope: CI_SCOPE },
          '/not-a-tenant/oauth2/v2.0/token',
        ).expect(400)
      ).body,
      'invalid_request',
      90002,
    );
    expectAadsts(
      (
        await form(
          { ...proxyCreds, grant_type: 'client_credentials', scope: CI_SCOPE },
          '/common/oauth2/v2.0/token',
        ).expect(400)
      ).body,
      'invalid_request',
      50059,
    );
    expectAadsts((await request(entra.url).get(tokenPath).expect(404)).body, 'invalid_request', 900561);
  });

  it('echoes the client-request-id as correlation id, logs every request, and keeps serving', async () => {
    entra.standIn.clearRequests();
    const res = await form({ grant_type: 'nope', client_id: PROXY_APP.clientId })
      .set('client-request-id', 'abc-123')
      .expect(400);
    expect(res.body.correlation_id).toBe('abc-123');
    expect(entra.standIn.requests()).toEqual([
      expect.objectContaining({ grant: 'nope', status: 400, error: 'unsupported_grant_type' }),
    ]);
    await form({ ...proxyCreds, grant_type: 'client_credentials', scope: CI_SCOPE }).expect(200);
    expect(entra.standIn.requests()).toHaveLength(2);
  });
});
