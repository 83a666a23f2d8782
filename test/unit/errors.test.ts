import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as errors from '../../proxy/errors';
import { AppError, ERROR_CATALOG, renderError, type ErrorCode } from '../../proxy/errors';

const DOC = readFileSync(join(__dirname, '../../docs/errors.md'), 'utf8');

/** Rows of the main table in docs/errors.md: `| \`Code\` | status | meaning | action |`. */
function documentedCodes(): Map<string, number> {
  const rows = new Map<string, number>();
  for (const match of DOC.matchAll(/^\|\s*`(\w+)`\s*\|\s*(\d{3})\s*\|/gm)) rows.set(match[1], Number(match[2]));
  return rows;
}

/** One call per named constructor, so every exported code is built the way call sites build it. */
const CONSTRUCTED: Record<ErrorCode, () => AppError> = {
  InvalidJson: () => errors.invalidJson('Unexpected token } in JSON at position 7'),
  InvalidField: () => errors.invalidField('body.PurchaseTotal', 'body.PurchaseTotal must be a number.'),
  MissingField: () => errors.missingField('body.CustomerId'),
  UnknownField: () => errors.unknownField('body.Colour', 'PoS_posPurchases'),
  ExpiryTooFar: () => errors.expiryTooFar('query.keepForDays', 'At most 30 days.'),
  ExpiryInPast: () => errors.expiryInPast('query.validUntil', 'validUntil must be in the future.'),
  TooManyRecords: () => errors.tooManyRecords(101, 100),
  UnknownParameter: () => errors.unknownParameter('keepforDays', ['keepForDays', 'validUntil']),
  MalformedRequest: () => errors.malformedRequest('An HTTP/1.1 request must carry a Host header.', 'header.Host'),
  RequestTimeout: () => errors.requestTimeout(),
  ExpectationFailed: () => errors.expectationFailed(),
  HeadersTooLarge: () => errors.headersTooLarge(16384),
  OperationNotSupported: () => errors.operationNotSupported('Profiles cannot be created in real time.'),
  IdempotencyKeyInProgress: () => errors.idempotencyKeyInProgress('k-1', 30),
  StateUnavailable: () => errors.stateUnavailable(1),
  PayloadTooLarge: () => errors.payloadTooLarge(1024),
  UnsupportedMediaType: () => errors.unsupportedMediaType('text/plain'),
  Unauthenticated: () => errors.unauthenticated('The access token has expired; sign in again.'),
  OnBehalfOfFailed: () => errors.onBehalfOfFailed('Sign in again.'),
  InsufficientScope: () => errors.insufficientScope('Lacks the scope.', 'user_impersonation'),
  CallerNotAllowed: () => errors.callerNotAllowed('Tenant B callers may only act on their own behalf.'),
  UpstreamForbidden: () => errors.upstreamForbidden('No role.'),
  InstanceNotFound: () => errors.instanceNotFound('00000000-0000-0000-0000-000000000000'),
  EntityNotFound: () => errors.entityNotFound('Nope'),
  ProfileNotFound: () => errors.profileNotFound('abc'),
  OperationNotFound: () => errors.operationNotFound('DELETE', '/api/instances'),
  MethodNotAllowed: () => errors.methodNotAllowed('DELETE', '/api/instances', ['GET']),
  UpstreamNotFound: () => errors.appError('UpstreamNotFound', 'CI found nothing.', { upstreamStatus: 404 }),
  UpstreamConflict: () => errors.appError('UpstreamConflict', 'Exists.', { upstreamStatus: 409 }),
  IdempotencyKeyInUse: () => errors.idempotencyKeyInUse('In flight.'),
  UpstreamRejected: () => errors.appError('UpstreamRejected', 'Bad data.', { upstreamStatus: 400 }),
  RateLimited: () => errors.rateLimited(12, 500),
  UpstreamThrottled: () => errors.appError('UpstreamThrottled', 'Throttled.', { upstreamStatus: 429 }),
  InternalError: () => errors.internalError(),
  UpstreamUnauthorized: () => errors.appError('UpstreamUnauthorized', 'Key refused.', { upstreamStatus: 401 }),
  TokenAcquisitionFailed: () => errors.tokenAcquisitionFailed('Entra refused.'),
  UpstreamError: () => errors.appError('UpstreamError', 'CI failed.', { upstreamStatus: 500 }),
  TokenServiceUnavailable: () => errors.tokenServiceUnavailable('Entra down.', 5),
  UpstreamUnavailable: () => errors.appError('UpstreamUnavailable', 'CI down.', { upstreamStatus: 503 }),
  UpstreamTimeout: () => errors.appError('UpstreamTimeout', 'CI slow.'),
  UpstreamOutcomeUnknown: () => errors.appError('UpstreamOutcomeUnknown', 'Sent, answer lost.'),
};

describe('error catalog', () => {
  it('docs/errors.md lists exactly the exported codes, each with its status', () => {
    const documented = documentedCodes();
    expect([...documented.keys()].sort()).toEqual(Object.keys(ERROR_CATALOG).sort());
    for (const [code, info] of Object.entries(ERROR_CATALOG))
      expect([code, documented.get(code)]).toEqual([code, info.status]);
  });

  it.each(Object.keys(ERROR_CATALOG) as ErrorCode[])(
    '%s is built with its catalogued status and renders in the one shape',
    (code) => {
      const err = CONSTRUCTED[code]();
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe(code);
      expect(err.status).toBe(ERROR_CATALOG[code].status);
      const rendered = renderError(err, 'req-1');
      expect(rendered.status).toBe(err.status);
      expect(rendered.body.error).toMatchObject({ code, message: err.message, requestId: 'req-1' });
      expect(Object.keys(rendered.body)).toEqual(['error']);
      expect(rendered.body.error.message.length).toBeGreaterThan(0);
    },
  );

  it('names the field in target and passes upstreamStatus through', () => {
    const rendered = renderError(errors.invalidField('body.PurchaseTotal', 'must be a number'), 'r');
    expect(rendered.body.error).toEqual({
      code: 'InvalidField',
      message: 'must be a number',
      target: 'body.PurchaseTotal',
      requestId: 'r',
    });
    const upstream = renderError(errors.appError('UpstreamRejected', 'CI said no', { upstreamStatus: 400 }), 'r');
    expect(upstream.body.error.upstreamStatus).toBe(400);
    expect(upstream.body.error).not.toHaveProperty('target');
  });

  it('sends WWW-Authenticate on 401/403 and Retry-After on rate limits', () => {
    expect(renderError(errors.unauthenticated('expired'), 'r').headers['WWW-Authenticate']).toMatch(
      /^Bearer error="invalid_token"/,
    );
    expect(renderError(errors.unauthenticated('no header', null), 'r').headers['WWW-Authenticate']).toBe('Bearer');
    expect(renderError(errors.insufficientScope('no', 'user_impersonation'), 'r').headers['WWW-Authenticate']).toBe(
      'Bearer error="insufficient_scope", scope="user_impersonation"',
    );
    expect(renderError(errors.rateLimited(7, 500), 'r').headers['Retry-After']).toBe('7');
  });

  it('keeps WWW-Authenticate a single well-formed header whatever the message holds', () => {
    for (const err of [
      errors.unauthenticated('Tenant "x"\r\nSet-Cookie: a=b \\ é'),
      errors.onBehalfOfFailed('Sign in\nagain "now"'),
    ]) {
      const header = renderError(err, 'r').headers['WWW-Authenticate'];
      expect(header).toMatch(/^Bearer error="invalid_token", error_description="[\x20-\x7e]*"$/);
      expect(header.slice(header.indexOf('error_description="') + 19, -1)).not.toMatch(/["\\]/);
    }
  });

  it('turns anything that is not an AppError into a 500 without details', () => {
    const rendered = renderError(new Error('connect ECONNREFUSED 10.0.0.1:5432 password=hunter2'), 'req-9');
    expect(rendered.status).toBe(500);
    expect(rendered.body).toEqual({
      error: { code: 'InternalError', message: 'An unexpected error occurred in the proxy.', requestId: 'req-9' },
    });
    expect(JSON.stringify(rendered)).not.toContain('hunter2');
    expect(renderError('a string', 'x').status).toBe(500);
    expect(renderError(undefined, 'x').body.error.code).toBe('InternalError');
  });

  it('renders any error an HTTP library raises with a 4xx status as that 4xx, catalogued, quoting nothing', () => {
    // http-errors (body-parser, raw-body) carry status and statusCode; zlib errors they wrap get status 400.
    const zlib = Object.assign(new Error('incorrect header check hunter2'), { code: 'Z_DATA_ERROR', status: 400 });
    const cases: Array<[unknown, number, ErrorCode]> = [
      [zlib, 400, 'MalformedRequest'],
      [{ statusCode: 413, type: 'entity.too.large', message: 'too large hunter2' }, 413, 'PayloadTooLarge'],
      [{ status: 415, type: 'something.new' }, 415, 'UnsupportedMediaType'],
      [{ status: 408 }, 408, 'RequestTimeout'],
      [{ status: 431 }, 431, 'HeadersTooLarge'],
      [{ status: 417 }, 417, 'ExpectationFailed'],
      [{ status: 404 }, 404, 'OperationNotFound'],
      // A 4xx the catalogue has no code for is still the caller's fault, never a 500 that would be retried.
      [{ status: 411, expose: true }, 400, 'MalformedRequest'],
      [{ statusCode: 403, type: 'entity.verify.failed' }, 400, 'MalformedRequest'],
    ];
    for (const [err, status, code] of cases) {
      const rendered = renderError(err, 'r');
      expect([rendered.status, rendered.body.error.code]).toEqual([status, code]);
      expect(ERROR_CATALOG[code].status).toBe(status);
      expect(JSON.stringify(rendered)).not.toContain('hunter2');
    }
    // Statuses outside 4xx, or not numbers, stay an InternalError.
    for (const err of [{ status: 500 }, { status: 302 }, { status: '400' }, { statusCode: 400.5 }])
      expect(renderError(err, 'r').body.error.code).toBe('InternalError');
  });
});
