/**
 * Secrets never leave the proxy: not the APIM subscription key, not the caller's token, not the CI token. An upstream
 * (or a gateway in front of it) that echoes request headers in its error message — debug pages and some APIM policies
 * do — must not get them relayed to the maker, and the proxy's log must hold neither them nor personal query values.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { requestUserToken } from '../../emulator/entra';
import { INSTANCES, PROXY_APP } from '../../emulator/well-known';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';

const KEY = 'subscription-key-that-must-stay-secret-123';
const SANDBOX_KEY = 'sandbox-key-that-must-stay-secret-456';
const PROD = INSTANCES.production.instanceId;

let entra: RunningEntra;
let echo: Server;
let proxy: RunningProxy;
let userToken: string;
let ciTokens: string[] = [];
let mode: 'json' | 'html' | 'escaped' | 'success' = 'json';
const logLines: string[] = [];

/** A JSON string literal with every character \u-escaped: the same string once parsed, but no secret in the text. */
const escapedJsonString = (text: string) =>
  `"${[...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;

/**
 * A CI that answers every call with the credentials it received pasted into its message: 400 JSON, 500 HTML, 400
 * JSON whose strings are \u-escaped, or (`success`) a 200 list of instances whose names carry them, plain and escaped.
 */
function echoingUpstream(req: IncomingMessage, res: import('node:http').ServerResponse): void {
  const auth = String(req.headers.authorization ?? '');
  ciTokens.push(auth.replace(/^Bearer /, ''));
  const key = String(req.headers['ocp-apim-subscription-key']);
  const said = `bad request; you sent Ocp-Apim-Subscription-Key: ${key} and Authorization: ${auth} (url ${req.url})`;
  if (mode === 'escaped') {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(`{"errorCode":"Bad","message":${escapedJsonString(said)}}`);
    return;
  }
  if (mode === 'success') {
    // The raw token too, not only after "Bearer ": a JWT-shaped string anywhere in an answer is a credential.
    const names = [said, escapedJsonString(`key ${key} token ${auth.replace(/^Bearer /, '')}`)];
    const value = names.map(
      (name, i) => `{"instanceId":"${PROD.slice(0, -1)}${i}","name":${i ? name : JSON.stringify(name)}}`,
    );
    res.writeHead(200, { 'content-type': 'application/json' }).end(`{"value":[${value.join(',')}]}`);
    return;
  }
  if (mode === 'html') {
    res.writeHead(500, { 'content-type': 'text/html' }).end(`<html><body><pre>${said}</pre></body></html>`);
  } else {
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errorCode: 'Bad', message: said }));
  }
}

beforeAll(async () => {
  entra = await startEntra();
  echo = createServer(echoingUpstream);
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const ciUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const config = localProxyConfig(entra.url, {
    CI_API_BASE_URL: ciUrl,
    CI_SUBSCRIPTION_KEY: KEY,
    CI_SUBSCRIPTION_KEYS: JSON.stringify({ [INSTANCES.sandbox.instanceId]: SANDBOX_KEY }),
    UPSTREAM_MAX_RETRIES: '0',
    PORT: '0',
  });
  proxy = await startProxy(config, { now: entra.clock.now, logger: pino({ level: 'debug' }, sink) });
  userToken = await requestUserToken(entra.url, 'alice');
});
afterAll(async () => {
  await proxy.close(0);
  await new Promise((resolve) => echo.close(resolve));
  await entra.close();
});

/** Every secret the proxy held during the test. */
const secrets = () => [KEY, SANDBOX_KEY, PROXY_APP.clientSecret, userToken, ...ciTokens.filter(Boolean)];

describe('secrets echoed by the upstream', () => {
  it.each(['json', 'html', 'escaped'] as const)('are not relayed in the error (%s error page)', async (kind) => {
    mode = kind;
    ciTokens = [];
    for (const instance of [PROD, INSTANCES.sandbox.instanceId]) {
      const res = await request(proxy.url)
        .get(`/api/instances/${instance}/profiles`)
        .query({ lookup: 'Email', value: 'gina@fabrikam.example' })
        .set('Authorization', `Bearer ${userToken}`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(ciTokens.length).toBeGreaterThan(0); // the upstream did see (and echo) them
      const text = JSON.stringify(res.body) + JSON.stringify(res.headers);
      for (const secret of secrets()) expect(text).not.toContain(secret);
      expect(text).toContain('[redacted]');
    }
  });

  it('are not relayed in a 2xx answer either, plain or \\u-escaped', async () => {
    mode = 'success';
    ciTokens = [];
    const res = await request(proxy.url).get('/api/instances').set('Authorization', `Bearer ${userToken}`);
    expect(res.status).toBe(200);
    expect(ciTokens.length).toBeGreaterThan(0);
    const names = (res.body.value as Array<{ name: string }>).map((i) => i.name);
    expect(names).toHaveLength(2);
    const text = JSON.stringify(res.body);
    for (const secret of secrets()) expect(text).not.toContain(secret);
    for (const name of names) expect(name).toContain('[redacted]');
    // Only the secrets go: the rest of what CI said is kept.
    expect(names[0]).toContain('Ocp-Apim-Subscription-Key: [redacted] and Authorization: Bearer [redacted]');
    expect(names[1]).toBe('key [redacted] token [redacted]');
  });

  it('the log holds no secret, no token and no query value', () => {
    const log = logLines.join('');
    expect(log).toContain('"msg":"request"');
    for (const secret of secrets()) expect(log).not.toContain(secret);
    expect(log).not.toContain('gina@fabrikam.example');
  });
});
