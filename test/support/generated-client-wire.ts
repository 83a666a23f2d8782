/**
 * Real-time writes on the wire exactly as Microsoft's generated Customer Insights clients put them there
 * (docs/customer-insights.md#write-body-forms): the code model types the body `string`, so the caller's record JSON
 * is serialised once more into a JSON string; `Content-Type: application/json-patch+json; charset=utf-8`; the path
 * segments and the `validUntil` / `caller` query values URL-encoded with encodeURIComponent, query in that order.
 * Written here from that description; no Microsoft code is used. Sent with node:http so the bytes are ours alone.
 */
import { request } from 'node:http';

export const GENERATED_CLIENT_CONTENT_TYPE = 'application/json-patch+json; charset=utf-8';

export interface GeneratedClientWrite {
  method: 'POST' | 'PATCH';
  /** Path and query after the base URL (`…/v1/`). */
  path: string;
  headers: Record<string, string>;
  /** The exact body bytes. */
  body: Buffer;
}

function withQuery(path: string, validUntil?: string, caller?: string): string {
  const query: string[] = [];
  if (validUntil !== undefined) query.push(`validUntil=${encodeURIComponent(validUntil)}`);
  if (caller !== undefined) query.push(`caller=${encodeURIComponent(caller)}`);
  return query.length ? `${path}?${query.join('&')}` : path;
}

/** The request of CreateAnEntity for `record` (the client's `body` option is `JSON.stringify(record)`). */
export function createAnEntityRequest(
  instanceId: string,
  entityName: string,
  record: unknown,
  options: { validUntil?: string; caller?: string } = {},
): GeneratedClientWrite {
  const path = `instances/${encodeURIComponent(instanceId)}/data/${encodeURIComponent(entityName)}`;
  return {
    method: 'POST',
    path: withQuery(path, options.validUntil, options.caller),
    headers: { 'Content-Type': GENERATED_CLIENT_CONTENT_TYPE },
    body: Buffer.from(JSON.stringify(JSON.stringify(record)), 'utf8'),
  };
}

/** The request of UpdateAnEntity for `changes` on `entityName/entityId`. */
export function updateAnEntityRequest(
  instanceId: string,
  entityName: string,
  entityId: string,
  changes: unknown,
  options: { validUntil?: string; caller?: string } = {},
): GeneratedClientWrite {
  const path = `instances/${encodeURIComponent(instanceId)}/data/${encodeURIComponent(entityName)}/${encodeURIComponent(entityId)}`;
  return {
    method: 'PATCH',
    path: withQuery(path, options.validUntil, options.caller),
    headers: { 'Content-Type': GENERATED_CLIENT_CONTENT_TYPE },
    body: Buffer.from(JSON.stringify(JSON.stringify(changes)), 'utf8'),
  };
}

/** Sends one such request to `baseUrl` (ending in `/v1`) with the token and key; status, content type, body text. */
export function sendGeneratedClientWrite(
  baseUrl: string,
  write: GeneratedClientWrite,
  auth: { token: string; key: string },
): Promise<{ status: number; contentType: string; text: string }> {
  const url = new URL(`${baseUrl.replace(/\/$/, '')}/${write.path}`);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: write.method,
        headers: {
          ...write.headers,
          'Content-Length': String(write.body.length),
          Authorization: `Bearer ${auth.token}`,
          'Ocp-Apim-Subscription-Key': auth.key,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(write.body);
  });
}
