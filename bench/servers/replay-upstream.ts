/**
 * The fast replaying upstream of the floor phases (run as a child process by bench/stack.ts): while recording, every
 * request it has no answer for is sent on to the CI emulator (REPLAY_ORIGIN) and the answer kept in memory; once
 * sealed (`POST /_replay/seal`) it only serves what it recorded, so the proxy and the pass-throughs in front of it
 * meet an upstream that costs next to nothing, and their own cost is what the bench sees. A request it never
 * recorded then answers 502 with a JSON error, which the bench counts as a failed call.
 *
 * Answers are looked up by method, path and query, the query decoded and sorted (so the proxy's and a
 * pass-through's encodings of one `$filter` meet); a write's query and body are ignored (`validUntil` and the record
 * change per call, the answer's shape does not).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent, request } from 'undici';

interface Recorded {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

const origin = process.env.REPLAY_ORIGIN;
if (!origin) throw new Error('REPLAY_ORIGIN is required');
const agent = new Agent({ connections: 16 });
const answers = new Map<string, Recorded>();
let sealed = false;
let misses = 0;

function keyOf(method: string, rawUrl: string): string {
  const url = new URL(rawUrl, 'http://replay');
  if (method !== 'GET') return `${method} ${url.pathname}`;
  const query = [...url.searchParams].sort(([a], [b]) => a.localeCompare(b)).map(([n, v]) => `${n}=${v}`);
  return `GET ${url.pathname}?${query.join('&')}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: Recorded): void {
  res.writeHead(answer.status, {
    ...(answer.contentType ? { 'content-type': answer.contentType } : {}),
    'content-length': answer.body.length,
  });
  res.end(answer.body);
}

async function record(req: IncomingMessage, key: string): Promise<Recorded> {
  const body = await readBody(req);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name !== 'host' && name !== 'connection' && typeof value === 'string') headers[name] = value;
  }
  const res = await request(`${origin}${req.url ?? '/'}`, {
    method: req.method as 'GET' | 'POST',
    headers,
    body: body.length > 0 ? body : undefined,
    dispatcher: agent,
  });
  const contentType = res.headers['content-type'];
  const answer: Recorded = {
    status: res.statusCode,
    contentType: typeof contentType === 'string' ? contentType : undefined,
    body: Buffer.from(await res.body.arrayBuffer()),
  };
  // Only successes are worth replaying; an error is passed on once and asked again next time.
  if (answer.status < 300 && !answers.has(key)) answers.set(key, answer);
  return answer;
}

const server = createServer((req, res) => {
  const method = req.method ?? 'GET';
  if (req.url === '/_replay/seal' && method === 'POST') {
    sealed = true;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ recorded: answers.size }));
    return;
  }
  if (req.url === '/_replay/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ recorded: answers.size, sealed, misses }));
    return;
  }
  const key = keyOf(method, req.url ?? '/');
  const known = answers.get(key);
  if (known) {
    // The request body is not needed, but it must be read for the connection to be reused.
    req.resume();
    send(res, known);
    return;
  }
  if (sealed) {
    misses++;
    req.resume();
    const body = Buffer.from(JSON.stringify({ error: { code: 'NotRecorded', message: `no recorded answer: ${key}` } }));
    send(res, { status: 502, contentType: 'application/json', body });
    return;
  }
  record(req, key).then(
    (answer) => send(res, answer),
    (err: unknown) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'RecordFailed', message: String(err) } }));
    },
  );
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`replay upstream listening on http://127.0.0.1:${port} (recording from ${origin})\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
