/**
 * The answers Node's HTTP server gives on its own, before a request reaches the Express pipeline: unreadable requests
 * (`clientError`: headers over the size limit, bad framing, unknown methods, timeouts), an unknown `Expect`, CONNECT,
 * and an HTTP/1.1 request without Host. Node answers them with an empty body or a closed socket; the proxy answers
 * each in the one error shape (docs/errors.md) with a fresh request id, never quoting what was sent.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, maxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import {
  appError,
  expectationFailed,
  headersTooLarge,
  malformedRequest,
  renderError,
  requestTimeout,
  type AppError,
} from './errors';

/** Methods the proxy serves somewhere, for the `Allow` of a 405 to CONNECT. */
const SERVED_METHODS = 'GET, HEAD, POST, PATCH';

/** The AppError for a parser or server error code of Node's `clientError` (mirrors Node's own status choice). */
function clientErrorFor(code: string | undefined): AppError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return headersTooLarge(maxHeaderSize);
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return appError('PayloadTooLarge', 'The chunk extensions of the request body are too large.', {
        target: 'body',
      });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return requestTimeout();
    case 'HPE_INVALID_METHOD':
      return malformedRequest('The request method is not one the proxy knows; use GET, HEAD, POST or PATCH.');
    default:
      return malformedRequest(
        'The request could not be read as HTTP/1.1: the request line, a header or the body framing ' +
          '(Content-Length, Transfer-Encoding, chunk sizes) is malformed.',
      );
  }
}

/** The rendered error's status, headers and JSON body; the connection is always closed after it. */
function wireAnswer(err: AppError, requestId: string) {
  const rendered = renderError(err, requestId);
  const body = JSON.stringify(rendered.body);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'x-ms-request-id': requestId,
    Connection: 'close',
    ...rendered.headers,
  };
  return { status: rendered.status, headers, body };
}

/** A whole HTTP/1.1 error response as raw bytes, for sockets that have no ServerResponse. */
export function rawErrorResponse(err: AppError, requestId: string = randomUUID()): string {
  const { status, headers, body } = wireAnswer(err, requestId);
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('')}\r\n${body}`;
}

/** Writes the error on a ServerResponse and closes the connection after it. */
function respond(res: ServerResponse, err: AppError): void {
  const { status, headers, body } = wireAnswer(err, randomUUID());
  res.shouldKeepAlive = false;
  res.writeHead(status, headers).end(body);
}

/** Writes the error on a raw socket (when nothing has been sent on it yet) and closes it. */
function answerOnSocket(socket: Duplex, err: AppError): void {
  socket.end(rawErrorResponse(err), () => socket.destroy());
}

/**
 * Wraps the app so an HTTP/1.1 request without Host (RFC 9112 §3.2: 400) is answered in the error shape; the server
 * must be created with `requireHostHeader: false` so the request gets this far.
 */
export function requireHost(
  app: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      return respond(res, malformedRequest('An HTTP/1.1 request must carry a Host header.', 'header.Host'));
    }
    app(req, res);
  };
}

/** Installs the error-shape answers for everything Node would otherwise answer (or cut) itself. */
export function answerServerLevelErrors(server: Server, logger: Logger): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already under way on this connection cannot be followed by another one; a reset peer hears nothing.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const answer = clientErrorFor(err.code);
    logger.info({ code: answer.code, status: answer.status, parserCode: err.code }, 'unreadable request');
    answerOnSocket(socket, answer);
  });
  // An Expect other than 100-continue (100-continue keeps Node's default: it answers 100 and reads the body).
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => respond(res, expectationFailed()));
  // CONNECT asks for a tunnel, which the proxy never opens (it is not a forward proxy).
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => undefined);
    answerOnSocket(
      socket,
      appError('MethodNotAllowed', 'CONNECT is not supported: this service opens no tunnels.', {
        headers: { Allow: SERVED_METHODS },
      }),
    );
  });
}
