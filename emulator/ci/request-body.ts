/** Reads a JSON request body with a size cap; CI-shaped 413 / 400 errors instead of body-parser's HTML. */
import type { IncomingMessage } from 'node:http';
import { CiError, badRequest } from './errors/ci-error';

/** The parsed body (undefined when empty); 413 past `maxBytes`, 400 for malformed JSON naming the position. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<{ value: unknown; bytes: number }> {
  const tooLarge = () =>
    new CiError(
      413,
      'PayloadTooLarge',
      `The request body is larger than ${maxBytes} bytes; send one record per request.`,
      'body',
      { Connection: 'close' },
    );
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req) {
    bytes += (chunk as Buffer).length;
    if (bytes > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { value: undefined, bytes };
  try {
    return { value: JSON.parse(text), bytes };
  } catch (e) {
    throw badRequest(`The request body is not valid JSON: ${(e as Error).message}.`, 'body', 'InvalidJson');
  }
}
