import { ciErrorToAppError, readCiError } from '../../proxy/upstream/ci-error';
import { isRetryable, nextDelayMs, parseRetryAfter } from '../../proxy/upstream/retry-policy';

describe("reading Customer Insights' error bodies", () => {
  it.each([
    [
      'ApiErrorResult',
      {
        exception: null,
        httpStatusCode: 404,
        errorCode: 'MetaDataNotFound',
        message: 'Metadata object not found.',
        params: {},
      },
      { code: 'MetaDataNotFound', message: 'Metadata object not found.' },
    ],
    [
      'ODataError',
      { errorCode: 'InvalidValue', message: 'Bad date.', target: 'ActivityTime', details: [] },
      { code: 'InvalidValue', message: 'Bad date.', target: 'ActivityTime' },
    ],
    [
      'ODataError with details only',
      { details: [{ message: 'Inner.', target: 'X' }] },
      { message: 'Inner.', target: 'X' },
    ],
    [
      'standard OData JSON',
      { error: { code: 'BadRequest', message: 'Nope.' } },
      { code: 'BadRequest', message: 'Nope.' },
    ],
    [
      'APIM gateway',
      { statusCode: 401, message: 'Access denied due to missing subscription key.' },
      { message: 'Access denied due to missing subscription key.' },
    ],
    ['an empty body', undefined, {}],
    ['a text body', '  Service Unavailable ', { message: 'Service Unavailable' }],
  ])('reads %s', (_label, body, expected) => {
    expect(JSON.parse(JSON.stringify(readCiError(body)))).toEqual(expected);
  });

  it('explains a 403 as the proxy identity lacking a role in app-only mode', () => {
    const err = ciErrorToAppError(403, undefined, { kind: 'proxy' });
    expect([err.status, err.code, err.extra.upstreamStatus]).toEqual([403, 'UpstreamForbidden', 403]);
    expect(err.message).toContain("the proxy's identity (app-only) lacks the Contributor or Administrator role");
  });

  it.each([
    [400, 'UpstreamRejected', 400],
    [401, 'UpstreamUnauthorized', 502],
    [404, 'UpstreamNotFound', 404],
    [409, 'UpstreamConflict', 409],
    [413, 'PayloadTooLarge', 413],
    [429, 'UpstreamThrottled', 429],
    [500, 'UpstreamError', 502],
    [503, 'UpstreamUnavailable', 503],
  ])('maps CI %i to %s (%i) with an empty body', (status, code, proxyStatus) => {
    const err = ciErrorToAppError(status, undefined, { kind: 'user', name: 'u' }, 5);
    expect([err.code, err.status, err.extra.upstreamStatus]).toEqual([code, proxyStatus, status]);
  });
});

describe('retry policy', () => {
  it.each([
    ['GET', { kind: 'status', status: 502 }, true],
    ['GET', { kind: 'timeout' }, true],
    ['GET', { kind: 'reset' }, true],
    ['PATCH', { kind: 'timeout' }, true],
    ['POST', { kind: 'status', status: 429 }, true],
    ['POST', { kind: 'status', status: 503 }, true],
    ['POST', { kind: 'status', status: 502 }, false],
    ['POST', { kind: 'timeout' }, false],
    ['POST', { kind: 'reset' }, false],
    ['POST', { kind: 'refused' }, true],
    ['GET', { kind: 'status', status: 500 }, false],
  ] as const)('%s after %j: retry %s', (method, outcome, expected) => {
    expect(isRetryable(method, outcome)).toBe(expected);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });

  it('waits what CI asks up to the cap, stops beyond it or beyond the budget', () => {
    expect(nextDelayMs({ kind: 'status', status: 429, retryAfterMs: 2000 }, 1, 0)).toBe(2000);
    expect(nextDelayMs({ kind: 'status', status: 429, retryAfterMs: 60_000 }, 1, 0)).toBeUndefined();
    expect(nextDelayMs({ kind: 'status', status: 503, retryAfterMs: 2000 }, 1, 89_000)).toBeUndefined();
    const backoff = nextDelayMs({ kind: 'timeout' }, 2, 0)!;
    expect(backoff).toBeGreaterThanOrEqual(400);
    expect(backoff).toBeLessThanOrEqual(600);
  });
});

describe('naming the field CI rejected', () => {
  const odata = { errorCode: 'CustomerNotFound', message: 'No such customer.', target: 'CustomerId', details: [] };
  it.each([
    ['an attribute of the record sent', { CustomerId: 'x', ActivityType: 'Call' }, 'body.CustomerId'],
    ['a target the body does not hold (a query option)', { ActivityType: 'Call' }, 'CustomerId'],
    ['a request without a body', undefined, 'CustomerId'],
    ['a body that is not an object', ['CustomerId'], 'CustomerId'],
  ])('%s', (_label, sent, target) => {
    const err = ciErrorToAppError(400, odata, { kind: 'proxy' }, undefined, sent);
    expect(err.extra).toMatchObject({ target, upstreamStatus: 400 });
  });
});
