/**
 * Every answer is in the one error shape (docs/errors.md), including those an HTTP library or Node's own server
 * would otherwise give: a body that is not what its Content-Encoding says is the caller's 4xx (not a 500 with a
 * stack trace that Power Automate retries), and unreadable requests (headers over 16 KB, bad framing, no Host,
 * unknown methods, an unknown Expect, CONNECT) get a JSON error with a request id instead of an empty body or a cut
 * socket, never quoting what was sent.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import pino from 'pino';
import { requestUserToken } from '../../emulator/entra';
import { INSTANCES } from '../../emulator/well-known';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { localProxyConfig, startEntra, type RunningEntra } from '../support/proxy-platform-stack';

const CREATE = `/api/instances/${INSTANCES.production.instanceId}/activities/PoS_posPurchases`;
/** Put into every hostile request: the answer must never quote it back. */
const MARKER = 'reflected-marker-7c1f';

let entra: RunningEntra;
let proxy: RunningProxy;
let token: string;
const logLines: string[] = [];

beforeAll(async () => {
  entra = await startEntra();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  // No CI is needed: every request here is refused before the proxy would call it.
  const config = localProxyConfig(entra.url, { PORT: '0', CI_API_BASE_URL: 'http://127.0.0.1:9/v1' });
  proxy = await startProxy(config, { now: entra.clock.now, logger: pino({ level: 'info' }, sink) });
  token = await requestUserToken(entra.url, 'alice');
});
afterAll(async () => {
  await proxy.close(0);
  await entra.close();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes raw bytes on a fresh connection; resolves with the parsed answer once the server closes it. */
function raw(bytes: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxy.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined); // the server may close while we still write
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open; got: ${Buffer.concat(chunks).toString()}`));
    }, 5_000);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString();
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body });
    });
  });
}

/** The answer is `status` with the one error shape, `code`, a request id (also in x-ms-request-id), no input echoed. */
function expectErrorShape(answer: RawAnswer, status: number, code: string): Record<string, unknown> {
  expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({
    status,
    type: 'application/json; charset=utf-8',
  });
  const { error } = JSON.parse(answer.body) as { error: Record<string, unknown> };
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(answer.headers['x-ms-request-id']).toBe(error.requestId);
  expect(answer.body).not.toContain(MARKER);
  return error;
}

describe('requests Node cannot read are answered in the error shape', () => {
  it('headers over 16 KB (a token with a 12 KB claim, and more): 431 HeadersTooLarge', async () => {
    const big = `Bearer ${MARKER}${'x'.repeat(17 * 1024)}`;
    const answer = await raw(`GET /api/instances HTTP/1.1\r\nHost: proxy\r\nAuthorization: ${big}\r\n\r\n`);
    expectErrorShape(answer, 431, 'HeadersTooLarge');
    expect(answer.headers.connection).toBe('close');
  });

  it.each([
    [
      'Content-Length with Transfer-Encoding',
      `POST ${CREATE} HTTP/1.1\r\nHost: proxy\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    [
      'a chunk size that is not hex',
      `POST ${CREATE} HTTP/1.1\r\nHost: proxy\r\nTransfer-Encoding: chunked\r\n\r\nzz${MARKER}\r\n{}\r\n0\r\n\r\n`,
    ],
    ['an unknown method', `${MARKER.toUpperCase().replace(/-/g, '')} /api/instances HTTP/1.1\r\nHost: proxy\r\n\r\n`],
    ['a header line without a colon', `GET /api/instances HTTP/1.1\r\nHost: proxy\r\n${MARKER}\r\n\r\n`],
  ])('%s: 400 MalformedRequest', async (_what, bytes) => {
    expectErrorShape(await raw(bytes), 400, 'MalformedRequest');
  });

  it('an HTTP/1.1 request without Host: 400 MalformedRequest naming header.Host', async () => {
    const error = expectErrorShape(
      await raw(`GET /api/instances?x=${MARKER} HTTP/1.1\r\n\r\n`),
      400,
      'MalformedRequest',
    );
    expect(error.target).toBe('header.Host');
  });

  it('an Expect the proxy cannot meet: 417 ExpectationFailed naming header.Expect', async () => {
    const answer = await raw(`GET /api/instances HTTP/1.1\r\nHost: proxy\r\nExpect: ${MARKER}\r\n\r\n`);
    expect(expectErrorShape(answer, 417, 'ExpectationFailed').target).toBe('header.Expect');
  });

  it('CONNECT: 405 MethodNotAllowed with Allow, not a cut connection', async () => {
    const answer = await raw(`CONNECT ${MARKER}.example:443 HTTP/1.1\r\nHost: ${MARKER}.example:443\r\n\r\n`);
    expectErrorShape(answer, 405, 'MethodNotAllowed');
    expect(answer.headers.allow).toBe('GET, HEAD, POST, PATCH');
  });

  it('Expect: 100-continue still works (Node answers 100 and the request goes on)', async () => {
    const answer = await raw(
      'GET /healthz HTTP/1.1\r\nHost: proxy\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
    );
    expect(answer.status).toBe(100);
    expect(answer.body).toContain('HTTP/1.1 200');
  });
});

describe('a body that is not what its Content-Encoding says is the caller’s 4xx', () => {
  const json = Buffer.from(JSON.stringify({ PurchaseTotal: 12 }));
  /** The exact bytes on the wire (a client library might re-encode a Buffer body). */
  const post = async (encoding: string, body: Buffer) => {
    const head =
      `POST ${CREATE} HTTP/1.1\r\nHost: proxy\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${body.length}\r\n\r\n`;
    const answer = await raw(Buffer.concat([Buffer.from(head), body]));
    return {
      status: answer.status,
      headers: answer.headers,
      body: JSON.parse(answer.body) as { error: Record<string, unknown> },
    };
  };

  it.each([
    ['deflate data', 'gzip', deflateSync(json)],
    ['brotli data', 'gzip', brotliCompressSync(json)],
    ['truncated gzip', 'gzip', gzipSync(json).subarray(0, 12)],
    ['plain JSON', 'gzip', json],
    ['gzip data', 'deflate', gzipSync(json)],
    ['plain JSON', 'br', json],
  ])('%s sent as %s: 400 MalformedRequest naming header.Content-Encoding', async (_what, encoding, body) => {
    const before = logLines.length;
    const res = await post(encoding, body);
    expect({ status: res.status, code: res.body.error?.code, target: res.body.error?.target }).toEqual({
      status: 400,
      code: 'MalformedRequest',
      target: 'header.Content-Encoding',
    });
    expect(res.body.error.requestId).toBe(res.headers['x-ms-request-id']);
    // A caller's mistake is not an incident: no error-level line, no stack trace.
    const logged = logLines.slice(before).join('');
    expect(logged).not.toContain('"level":50');
    expect(logged).not.toContain('"stack"');
  });

  it('gzip that holds bad JSON is InvalidJson: decoding works, the JSON is judged', async () => {
    const res = await post('gzip', gzipSync(Buffer.from('{"PurchaseTotal": ')));
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'InvalidJson' });
  });

  it('an encoding the proxy cannot decode: 415 naming Content-Encoding, not Content-Type', async () => {
    const res = await post('zstd', json);
    expect({ status: res.status, code: res.body.error?.code, target: res.body.error?.target }).toEqual({
      status: 415,
      code: 'UnsupportedMediaType',
      target: 'header.Content-Encoding',
    });
    expect(res.body.error.message).toContain('Content-Encoding zstd');
    expect(res.body.error.message).not.toContain('Content-Type');
  });
});
