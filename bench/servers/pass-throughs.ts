/**
 * The two floors the proxy is compared with (run as one child process by bench/stack.ts), each forwarding the
 * bench's profile reads and creates to the same upstream (UPSTREAM_URL, the replaying upstream) as the very CI
 * request the proxy makes, over an undici keep-alive pool like the proxy's:
 * - bare: `node:http` + undici, bytes in and bytes out (no parsing at all): what any Node forwarder costs;
 * - lean: Express 5 with `express.json()`, the upstream answer parsed and written with `res.json`: the least an
 *   Express service that understands its JSON does.
 * Neither checks a token, validates, reshapes, limits, logs or keeps usage; the gap between lean and the proxy is
 * the price of those.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Agent, request } from 'undici';

const upstream = process.env.UPSTREAM_URL;
const subscriptionKey = process.env.SUBSCRIPTION_KEY ?? '';
if (!upstream) throw new Error('UPSTREAM_URL is required');
/** Same connection count as the proxy's default pool (UPSTREAM_CONNECTIONS). */
const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
const KEEP_FOR_DAYS_DEFAULT = 7;
const MS_PER_DAY = 86_400_000;

const READ = /^\/api\/instances\/([^/]+)\/profiles\/([^/?]+)$/;
const CREATE = /^\/api\/instances\/([^/]+)\/activities\/([^/?]+)$/;

/** The CI call behind a profile read (as the proxy's GetCustomerProfile sends it). */
function readUrl(instanceId: string, customerId: string): string {
  const filter = encodeURIComponent(`CustomerId eq '${decodeURIComponent(customerId).replace(/'/g, "''")}'`);
  return `${upstream}/v1/instances/${instanceId}/data/Customer?$filter=${filter}&$top=1`;
}

/** The CI call behind a create (`POST data/{entity}?validUntil=&caller=`). */
function createUrl(instanceId: string, entity: string, keepForDays: number): string {
  const validUntil = new Date(Date.now() + keepForDays * MS_PER_DAY).toISOString();
  return `${upstream}/v1/instances/${instanceId}/data/${entity}?validUntil=${encodeURIComponent(validUntil)}&caller=bench`;
}

function headersFor(authorization: string | undefined, json: boolean): Record<string, string> {
  return {
    ...(authorization ? { authorization } : {}),
    'ocp-apim-subscription-key': subscriptionKey,
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json' } : {}),
  };
}

function keepForDays(search: string): number {
  const given = Number(new URLSearchParams(search).get('keepForDays'));
  return Number.isFinite(given) && given > 0 ? given : KEEP_FOR_DAYS_DEFAULT;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const bare = createServer((req, res) => {
  const [path, search = ''] = (req.url ?? '/').split('?', 2);
  const read = req.method === 'GET' ? READ.exec(path) : null;
  const create = req.method === 'POST' ? CREATE.exec(path) : null;
  if (!read && !create) {
    res.writeHead(404).end();
    return;
  }
  void (async () => {
    const body = create ? await readAll(req) : undefined;
    const url = read ? readUrl(read[1], read[2]) : createUrl(create![1], create![2], keepForDays(search));
    const answer = await request(url, {
      method: read ? 'GET' : 'POST',
      headers: headersFor(req.headers.authorization, !read),
      body,
      dispatcher: agent,
    });
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    res.writeHead(answer.statusCode, { 'content-type': 'application/json', 'content-length': bytes.length });
    res.end(bytes);
  })().catch((err: unknown) => {
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err) }));
  });
});

const lean = express();
lean.disable('x-powered-by');
lean.use(express.json());
lean.get('/api/instances/:instanceId/profiles/:customerId', async (req, res) => {
  const { instanceId, customerId } = req.params;
  const answer = await request(readUrl(instanceId, encodeURIComponent(customerId)), {
    headers: headersFor(req.get('authorization'), false),
    dispatcher: agent,
  });
  const page = (await answer.body.json()) as { value?: unknown[] };
  const [profile] = page.value ?? [];
  if (profile === undefined) res.status(404).json({ error: { code: 'ProfileNotFound' } });
  else res.status(answer.statusCode).json(profile);
});
lean.post('/api/instances/:instanceId/activities/:entityName', async (req, res) => {
  const { instanceId, entityName } = req.params;
  const answer = await request(createUrl(instanceId, entityName, Number(req.query.keepForDays) || 7), {
    method: 'POST',
    headers: headersFor(req.get('authorization'), true),
    body: JSON.stringify(req.body),
    dispatcher: agent,
  });
  res.status(answer.statusCode).json(await answer.body.json());
});

const listening = (server: { address(): AddressInfo | string | null }) =>
  `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const leanServer = lean.listen(0, '127.0.0.1', () => {
  bare.listen(0, '127.0.0.1', () => {
    process.stdout.write(`bare pass-through listening on ${listening(bare)}\n`);
    process.stdout.write(`lean pass-through listening on ${listening(leanServer)}\n`);
  });
});
bare.keepAliveTimeout = 60_000;
leanServer.keepAliveTimeout = 60_000;
process.on('SIGTERM', () => {
  bare.close();
  leanServer.close(() => process.exit(0));
});
