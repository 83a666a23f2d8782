/**
 * Slow callers (slowloris) and resource limits of the proxy's own HTTP server. Node's defaults give a caller 60 s for
 * headers and 300 s for a body, checked only every 30 s; the proxy shortens both and checks every second
 * (constants.ts SERVER_*). The suite shortens them further through `startProxy`'s overrides so it stays fast; the
 * assertions are about what happens (408 and a closed socket), not about how long it took.
 */
import { connect, type Socket } from 'node:net';
import { startProxy, type RunningProxy } from '../../proxy/server';
import * as C from '../../proxy/constants';
import { requestUserToken } from '../../emulator/entra';
import { INSTANCES } from '../../emulator/well-known';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';

let entra: RunningEntra;
let proxy: RunningProxy;
let defaults: RunningProxy;
let token: string;

beforeAll(async () => {
  entra = await startEntra();
  token = await requestUserToken(entra.url, 'alice');
  const config = localProxyConfig(entra.url, { PORT: '0' });
  proxy = await startProxy(config, {
    serverTimeouts: { headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 50 },
  });
  defaults = await startProxy(config);
});
afterAll(async () => {
  await Promise.all([proxy.close(0), defaults.close(0)]);
  await entra.close();
});

/** Opens a raw connection, writes `first`, then trickles `drip` every 50 ms; resolves with what the server sent. */
function trickle(first: string, drip: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(proxy.port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    // The drip starts once `first` is written: on a loaded machine the connection can take longer than one tick.
    socket.on('connect', () => {
      socket.write(first);
      timer = setInterval(() => socket.writable && socket.write(drip), 50);
    });
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined); // the server may cut the connection while we write
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`the server kept the trickling connection open; got: ${received}`));
    }, 10_000).unref();
  });
}

describe('slow callers are cut off', () => {
  it('headers trickled one line at a time: 408 and the connection is closed', async () => {
    const answer = await trickle('GET /healthz HTTP/1.1\r\nHost: proxy\r\n', 'X-Slow: 1\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    // In the one error shape, not an empty body.
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('RequestTimeout');
  });

  it('a body trickled byte by byte by a signed-in caller: 408 and the connection is closed', async () => {
    // A valid token gets the request as far as the JSON body parser, which then waits for the body.
    const path = `/api/instances/${INSTANCES.production.instanceId}/activities/PoS_posPurchases`;
    const head = `POST ${path} HTTP/1.1\r\nHost: proxy\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n`;
    const answer = await trickle(`${head}Content-Length: 100000\r\n\r\n{`, ' ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('RequestTimeout');
  });

  it('production limits are far below Node’s defaults and checked every second', () => {
    const server = defaults.server;
    expect(server.headersTimeout).toBe(C.SERVER_HEADERS_TIMEOUT_MS);
    expect(server.requestTimeout).toBe(C.SERVER_REQUEST_TIMEOUT_MS);
    expect(server.keepAliveTimeout).toBe(C.SERVER_KEEP_ALIVE_TIMEOUT_MS);
    expect(server.timeout).toBe(C.SERVER_SOCKET_IDLE_TIMEOUT_MS);
    expect(C.SERVER_HEADERS_TIMEOUT_MS).toBeLessThan(60_000);
    expect(C.SERVER_REQUEST_TIMEOUT_MS).toBeLessThan(300_000);
    // The socket idle limit must outlast the longest answer the proxy may legitimately take.
    expect(C.SERVER_SOCKET_IDLE_TIMEOUT_MS).toBeGreaterThan(C.PLATFORM_TIMEOUT_MS);
    expect(C.SERVER_KEEP_ALIVE_TIMEOUT_MS).toBeLessThan(C.SERVER_SOCKET_IDLE_TIMEOUT_MS);
  });

  it('a caller that sends its request at a normal pace is answered', async () => {
    const res = await fetch(`${proxy.url}/healthz`);
    expect(res.status).toBe(200);
  });
});
