/**
 * OpenTelemetry as an operator sees it, from `npm run proxy` in its own process. The real Azure Monitor exporter sends
 * to a loopback HTTPS receiver standing in for Application Insights' ingestion endpoint (the connection string's
 * IngestionEndpoint; the exporter always speaks HTTPS, so the receiver's self-signed certificate is given to the proxy
 * process through NODE_EXTRA_CA_CERTS), after real traffic through the proxy to the CI emulator, and SIGTERM (the
 * shutdown flushes what is buffered): its gzip JSON envelopes hold the request (one per inbound request, with the request id),
 * the CI dependency (a child of that request, whose traceparent CI received) and the proxy's metrics, with no
 * subscription key, secret or token anywhere. The Prometheus endpoint is scraped on its admin port and is not served
 * on the public port.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { requestUserToken } from '../../emulator/entra';
import { INSTANCES, PROXY_APP } from '../../emulator/well-known';
import { startProxyProcess, type ProxyProcess } from '../support/e2e-processes';
import { armCiFault, ciReceived } from '../support/fault-stack';
import type { OpsStack } from '../support/proxy-ops-stack';

const PROD = INSTANCES.production.instanceId;

interface Envelope {
  name: string;
  iKey?: string;
  tags: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> & { properties?: Record<string, string> } };
}

/** A self-signed certificate for 127.0.0.1 (Debian's openssl), in a temporary folder. */
function selfSignedCertificate(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/** Application Insights' track endpoint on loopback: keeps every envelope (and the raw text, to look for secrets). */
async function startIngestionReceiver(tls: { key: string; cert: string }) {
  const envelopes: Envelope[] = [];
  const raw: string[] = [];
  const server: Server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      raw.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${text}`);
      const items = req.url?.startsWith('/v2.1/track') ? (JSON.parse(text) as Envelope[]) : [];
      envelopes.push(...items);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    envelopes,
    raw,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The value of the one Prometheus sample of `metric` whose labels include `labels` (undefined when none, or several). */
function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  const found = text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)));
  return found.length === 1 ? Number(found[0].slice(found[0].lastIndexOf(' ') + 1)) : undefined;
}

describe('telemetry: Application Insights and Prometheus', () => {
  let receiver: Awaited<ReturnType<typeof startIngestionReceiver>>;
  let emu: RunningEmulator;
  let proxy: ProxyProcess;
  let metricsUrl: string;
  let alice: string;
  const iKey = randomUUID();
  const dir = mkdtempSync(path.join(tmpdir(), 'ci-proxy-telemetry-'));

  beforeAll(async () => {
    const tls = selfSignedCertificate(dir);
    receiver = await startIngestionReceiver(tls);
    emu = await startEmulator();
    // One process, so SIGTERM reaches the proxy itself and its shutdown flush is what is tested.
    proxy = await startProxyProcess(
      emu,
      {
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${iKey};IngestionEndpoint=${receiver.url}`,
        METRICS_PORT: '0',
        NODE_EXTRA_CA_CERTS: tls.certFile,
      },
      { oneProcess: true },
    );
    metricsUrl = (await proxy.process.waitFor(/"metricsUrl":"(http:\/\/[^"]+)"/))[1];
    alice = `Bearer ${await requestUserToken(emu.entraUrl, 'alice')}`;
  });
  afterAll(async () => {
    await proxy?.process.stop();
    await emu?.close();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('requests, CI dependencies and metrics reach the ingestion endpoint, linked by trace, without secrets', async () => {
    // CI throttles the first call once: two attempts, two dependencies of the same request.
    const stackOfEmulator = { emu } as OpsStack;
    await armCiFault(stackOfEmulator, {
      match: { method: 'GET' },
      count: 1,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 0 },
    });
    const entities = await request(proxy.url)
      .get(`/api/instances/${PROD}/entities?kind=activity`)
      .set('Authorization', alice);
    expect(entities.status).toBe(200);
    const requestId = entities.headers['x-ms-request-id'];
    // A second read of the same schema is served from the cache; one refused call has no operation's caller.
    const schemaPath = `/api/instances/${PROD}/schemas/activities/PoS_posPurchases`;
    for (let i = 0; i < 2; i++) {
      expect((await request(proxy.url).get(schemaPath).set('Authorization', alice)).status).toBe(200);
    }
    expect((await request(proxy.url).get(`/api/instances/${PROD}/entities`)).status).toBe(401);

    // CI received a W3C traceparent on every call.
    const ciCalls = await ciReceived(stackOfEmulator);
    expect(ciCalls.length).toBeGreaterThan(0);
    const traceparents = ciCalls.map((c) => (c as { traceparent?: string }).traceparent);
    expect(traceparents.every((t) => t !== undefined && /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/.test(t))).toBe(true);

    // Prometheus on the admin port (not on the public one).
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const scrape = await fetch(metricsUrl);
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(sample(text, 'proxy_requests_total', { operation: 'ListEntities', status_code: '200' })).toBe(1);
    expect(sample(text, 'proxy_requests_total', { operation: 'GetActivitySchema', status_class: '2xx' })).toBe(2);
    expect(sample(text, 'proxy_requests_total', { error_code: 'Unauthenticated', status_code: '401' })).toBe(1);
    expect(sample(text, 'proxy_ci_calls_total', { ci_operation: 'GET ListEntities', status_code: '200' })).toBe(1);
    expect(sample(text, 'proxy_ci_calls_total', { ci_operation: 'GET ListEntities', status_code: '429' })).toBe(1);
    expect(sample(text, 'proxy_ci_throttles_total', { ci_operation: 'GET ListEntities' })).toBe(1);
    expect(sample(text, 'proxy_request_duration_count', { operation: 'GetActivitySchema' })).toBe(2);
    expect(sample(text, 'proxy_schema_cache_lookups_total', { cache: 'entity_model', result: 'hit' })).toBe(1);
    expect(sample(text, 'proxy_token_acquisitions_total', { grant: 'obo', result: 'success' })).toBe(1);
    expect(text).not.toContain(PROD); // no raw ids as labels
    expect((await request(proxy.url).get('/metrics')).status).toBe(404);
    expect(new URL(metricsUrl).port).not.toBe(new URL(proxy.url).port);

    // SIGTERM: the shutdown flushes the batched spans and the last metric interval to the receiver.
    await proxy.process.stop();
    expect({ exit: await proxy.process.exited, output: proxy.process.output().slice(-3000) }).toMatchObject({
      exit: 0,
    });
    const byType = (t: string) => receiver.envelopes.filter((e) => e.data.baseType === t);
    expect(receiver.envelopes.every((e) => e.iKey === iKey)).toBe(true);

    const requests = byType('RequestData');
    const listed = requests.find((r) => r.data.baseData.properties?.['proxy.request_id'] === requestId);
    expect(listed?.data.baseData).toMatchObject({
      name: 'GET /api/instances/{instanceId}/entities',
      responseCode: '200',
      success: true,
      properties: expect.objectContaining({ 'proxy.operation': 'ListEntities' }),
    });
    expect(listed?.tags['ai.cloud.role']).toBe('ci-proxy');
    const refused = requests.find((r) => r.data.baseData.responseCode === '401');
    expect(refused?.data.baseData).toMatchObject({
      success: false,
      properties: expect.objectContaining({ 'proxy.error_code': 'Unauthenticated' }),
    });

    // The CI call is a dependency of that request, and the traceparent CI received names it.
    const operationId = listed!.tags['ai.operation.id'];
    const dependencies = byType('RemoteDependencyData').filter((d) => d.tags['ai.operation.id'] === operationId);
    expect(dependencies.map((d) => d.data.baseData.resultCode).sort()).toEqual(['200', '429']);
    const throttled = dependencies.find((d) => d.data.baseData.resultCode === '429');
    expect(throttled?.data.baseData).toMatchObject({ success: false, properties: { 'proxy.ci.attempt': '1' } });
    const dependency = dependencies.find((d) => d.data.baseData.resultCode === '200');
    expect(dependency?.data.baseData).toMatchObject({
      name: 'CI GET ListEntities',
      type: 'Http',
      resultCode: '200',
      success: true,
      target: new URL(emu.ciUrl).host,
    });
    expect(dependency?.tags['ai.operation.parentId']).toBe(listed!.data.baseData.id);
    for (const d of dependencies) {
      expect(d.tags['ai.operation.parentId']).toBe(listed!.data.baseData.id);
      expect(traceparents).toContain(`00-${operationId}-${d.data.baseData.id as string}-01`);
    }

    const metricNames = byType('MetricData').flatMap((m) =>
      (m.data.baseData.metrics as { name: string }[]).map((x) => x.name),
    );
    for (const name of ['proxy.requests', 'proxy.request.duration', 'proxy.ci.calls', 'proxy.token.acquisitions']) {
      expect(metricNames).toContain(name);
    }

    // No secret anywhere in what was sent: subscription keys, the proxy's client secret, any token.
    const everything = receiver.raw.join('\n');
    for (const secret of [
      INSTANCES.production.primaryKey,
      INSTANCES.sandbox.primaryKey,
      PROXY_APP.clientSecret,
      alice.slice('Bearer '.length),
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/); // no JWT of any kind
    expect(everything).not.toContain(PROD); // no path values: the route template names the request
  });
});
