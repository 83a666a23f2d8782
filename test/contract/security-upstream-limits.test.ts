/**
 * A misbehaving upstream cannot make the proxy hold unbounded memory or loop: an answer larger than
 * UPSTREAM_MAX_RESPONSE_BYTES is refused once (a retry would only download it again) with a clear 502.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { requestUserToken } from '../../emulator/entra';
import { UPSTREAM_MAX_RESPONSE_BYTES } from '../../proxy/constants';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';

let entra: RunningEntra;
let upstream: Server;
let proxy: RunningProxy;
let token: string;
let hits = 0;

beforeAll(async () => {
  entra = await startEntra();
  const chunk = Buffer.alloc(1_048_576, 0x20); // 1 MiB of spaces: valid JSON whitespace
  upstream = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    let sent = 0;
    const pump = () => {
      while (sent < UPSTREAM_MAX_RESPONSE_BYTES / chunk.length + 5) {
        sent++;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end(']');
    };
    res.on('error', () => undefined);
    pump();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const ciUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  proxy = await startProxy(localProxyConfig(entra.url, { CI_API_BASE_URL: ciUrl, PORT: '0' }), {
    now: entra.clock.now,
  });
  token = await requestUserToken(entra.url, 'alice');
});
afterAll(async () => {
  await proxy.close(0);
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  await entra.close();
});

test('an upstream answer over the size limit is a 502 UpstreamError, fetched once', async () => {
  hits = 0;
  const res = await request(proxy.url).get('/api/instances').set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(502);
  expect(res.body.error.code).toBe('UpstreamError');
  expect(res.body.error.message).toContain('larger than');
  expect(hits).toBe(1);
  expect((await request(proxy.url).get('/healthz')).status).toBe(200);
});
