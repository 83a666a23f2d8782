/** Reads a JSON request body with a size cap; CI-shaped 413 / 400 errors instead of body-parser's HTML. */
import type { IncomingMessage } from 'node:http';
import { CiError, badRequest } from './errors/ci-error';

/**
 * The caller went away while its body was being read (it timed out or reset the connection): nobody is left to
 * answer, so this is no emulator error and gets no response.
 */
export class RequestAborted extends Error {
  constructor() {
    super('the client aborted the request while its body was being read');
    this.name = 'RequestAborted';
  }
}

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
  try {
    for await (const chunk of req) {
      bytes += (chunk as Buffer).length;
      if (bytes > maxBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof CiError) throw e;
    throw new RequestAborted();
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { value: undefined, bytes };
  try {
    return { value: JSON.parse(text), bytes };
  } catch (e) {
    throw badRequest(`The request body is not valid JSON: ${(e as Error).message}.`, 'body', 'InvalidJson');
  }
}
