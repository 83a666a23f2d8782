/**
 * The catalog of error codes the proxy sends. Every code has one HTTP status, a meaning and the action a maker can
 * take; `docs/errors.md` is the human-readable copy of this table and `test/unit/errors.test.ts` keeps the two equal.
 */
export interface ErrorCodeInfo {
  status: number;
  meaning: string;
  action: string;
}

export const ERROR_CATALOG = {
  InvalidJson: {
    status: 400,
    meaning: 'The request body is not valid JSON, or nests objects/arrays deeper than 1,000 levels.',
    action: 'Fix the body so it is a JSON object (check quotes and commas in dynamic content).',
  },
  InvalidField: {
    status: 400,
    meaning: 'A field, parameter or header has the wrong type or an invalid value; `target` names it.',
    action: 'Correct the value of the field named in `target`.',
  },
  MissingField: {
    status: 400,
    meaning: 'A required field or parameter is missing; `target` names it.',
    action: 'Fill in the field named in `target`.',
  },
  UnknownField: {
    status: 400,
    meaning: 'The body contains a field the entity does not have; `target` names it.',
    action: 'Remove the field, or refresh the action so the designer shows the current entity fields.',
  },
  ExpiryTooFar: {
    status: 400,
    meaning:
      'The requested expiry (keep for / validUntil) is more than 30 days ahead, which Customer Insights refuses.',
    action: 'Choose an expiry of at most 30 days (720 hours) from now.',
  },
  ExpiryInPast: {
    status: 400,
    meaning: 'The requested validUntil is not in the future.',
    action: 'Give a validUntil later than now, or leave it empty to use the default.',
  },
  UnknownParameter: {
    status: 400,
    meaning:
      'The query string has a parameter the operation does not declare (often a typo such as keepforDays); `target` names it.',
    action: 'Remove the parameter or correct its name; names are case-sensitive.',
  },
  MalformedRequest: {
    status: 400,
    meaning:
      'The HTTP request itself could not be read: malformed framing (Content-Length with Transfer-Encoding, a bad chunk), no Host header, an unknown method, or a body that does not match its Content-Encoding.',
    action: 'Send a well-formed HTTP/1.1 request; check any gateway or client library between the flow and the proxy.',
  },
  TooManyRecords: {
    status: 400,
    meaning: 'A batch has more records than the proxy accepts in one call.',
    action: 'Split the records into several batches.',
  },
  MethodNotAllowed: {
    status: 405,
    meaning: 'The path exists but not for this HTTP method; the Allow header lists the methods it takes.',
    action: 'Update the connector to the version that matches the proxy.',
  },
  OperationNotSupported: {
    status: 405,
    meaning: 'Customer Insights cannot do this in real time (e.g. create or delete a customer profile).',
    action: 'Profiles can only be updated; create or delete them in the source system and let CI unify them.',
  },
  RequestTimeout: {
    status: 408,
    meaning: 'The request headers or body did not arrive in time, so the connection was closed.',
    action: 'Retry; if it persists, check the network between the caller and the proxy.',
  },
  PayloadTooLarge: {
    status: 413,
    meaning: 'The request body is larger than the proxy (or Customer Insights) accepts.',
    action: 'Send less data per call (one record per activity, or smaller batches).',
  },
  UnsupportedMediaType: {
    status: 415,
    meaning:
      'The body is not sent as application/json, or is compressed with a Content-Encoding the proxy cannot decode; `target` names the header.',
    action:
      'Send the body as JSON with Content-Type application/json, uncompressed or compressed with gzip, deflate or br.',
  },
  ExpectationFailed: {
    status: 417,
    meaning: 'The request has an Expect header other than 100-continue, which the proxy cannot meet.',
    action: 'Remove the Expect header (or send Expect: 100-continue).',
  },
  HeadersTooLarge: {
    status: 431,
    meaning:
      'The request headers are larger than the proxy accepts (16 KB in all), often an access token with very many claims.',
    action: 'Send smaller headers; for a token with many group claims, have the app registration emit fewer claims.',
  },
  Unauthenticated: {
    status: 401,
    meaning: 'The caller has no valid Entra access token for the proxy (missing, expired, wrong audience or tenant).',
    action: 'Sign in again (fix the connection), and check the connector uses the proxy App ID URI as resource.',
  },
  OnBehalfOfFailed: {
    status: 401,
    meaning:
      "Entra refused to exchange the signed-in user's token for a Customer Insights token (consent, MFA or a policy).",
    action: 'Sign in again; an admin may need to grant consent to the proxy app for Customer Insights.',
  },
  InsufficientScope: {
    status: 403,
    meaning: 'The token is valid but carries neither the required delegated scope nor the required app role.',
    action: 'Grant the connector the proxy scope (user_impersonation) or the calling app the Proxy.Invoke role.',
  },
  CallerNotAllowed: {
    status: 403,
    meaning:
      "The token is valid, but this proxy does not serve this caller: its client application is not on the proxy's allow-list, or it belongs to another tenant and would act as the proxy's own identity.",
    action:
      'Call through an allowed client application (the connector); callers of other tenants must sign in as a user and have the proxy act on their behalf. Operator: see ENTRA_ALLOWED_CLIENT_APPS, ENTRA_ALLOWED_TENANTS and UPSTREAM_AUTH_MODE.',
  },
  UpstreamForbidden: {
    status: 403,
    meaning: 'Customer Insights refused the call: the identity it sees lacks a role on this environment.',
    action: 'Ask a CI administrator to add the user (OBO) or the proxy app (app-only) as Contributor or Administrator.',
  },
  InstanceNotFound: {
    status: 404,
    meaning: 'No Customer Insights environment with this id is visible to the caller.',
    action: 'Pick the environment from the list; check the identity has access to it.',
  },
  EntityNotFound: {
    status: 404,
    meaning: 'The environment has no table (entity) with this name, or it is not an activity table.',
    action: 'Pick the table from the list; refresh the action if the tables changed.',
  },
  ProfileNotFound: {
    status: 404,
    meaning: 'No unified customer profile has this CustomerId.',
    action: 'Use an existing CustomerId (e.g. from Find customer profiles).',
  },
  OperationNotFound: {
    status: 404,
    meaning: 'The proxy has no operation at this method and path.',
    action: 'Update the connector to the version that matches the proxy.',
  },
  UpstreamNotFound: {
    status: 404,
    meaning: 'Customer Insights answered 404 for the requested object.',
    action: 'Check the environment, table and record ids.',
  },
  UpstreamConflict: {
    status: 409,
    meaning:
      'Customer Insights already holds a different record with this key (activities are immutable). The proxy read the stored record back: an identical one is answered 201 instead.',
    action: 'Use a new activity id, or check which flow or system already sent this id with other values.',
  },
  IdempotencyKeyInUse: {
    status: 409,
    meaning: 'The Idempotency-Key was already used with a different request (body, parameters or target).',
    action: 'Use a new key for a different request (e.g. @{guid()} in the flow).',
  },
  IdempotencyKeyInProgress: {
    status: 409,
    meaning:
      'A request with the same Idempotency-Key is still being processed (on this or another replica) and did not finish while this one waited.',
    action: 'Retry with the same key and body after Retry-After seconds: it then replays the first result.',
  },
  UpstreamRejected: {
    status: 400,
    meaning: 'Customer Insights rejected the data; its message says why.',
    action: "Correct the data following Customer Insights' message.",
  },
  RateLimited: {
    status: 429,
    meaning:
      'This caller sent more requests per minute than the proxy allows, or this client address sent too many requests without a valid sign-in.',
    action:
      'Slow down; retry after the number of seconds in Retry-After. Without a valid sign-in, fix the connection (sign in again) first.',
  },
  UpstreamThrottled: {
    status: 429,
    meaning: 'Customer Insights is throttling and kept answering 429 after the proxy retried.',
    action: 'Retry after the number of seconds in Retry-After; spread calls over time.',
  },
  InternalError: {
    status: 500,
    meaning: 'An unexpected error inside the proxy. Details are logged with the requestId, never sent.',
    action: 'Retry; if it persists, give the requestId to the proxy operator.',
  },
  UpstreamUnauthorized: {
    status: 502,
    meaning: "Customer Insights rejected the proxy's credentials (subscription key or token).",
    action: 'Operator: check CI_SUBSCRIPTION_KEY(S), that APIs are enabled in CI, and the proxy app registration.',
  },
  UpstreamOutcomeUnknown: {
    status: 502,
    meaning:
      'A create was sent to Customer Insights but its answer never came (no answer in time, or the connection dropped): the activity may have been stored.',
    action:
      'Retry the same request (with the same Idempotency-Key if it had one): if the first attempt stored it, the retry answers 201 with replayed: true; it never stores a second copy.',
  },
  TokenAcquisitionFailed: {
    status: 502,
    meaning: 'Entra refused to issue the proxy a token for Customer Insights (e.g. a wrong secret or certificate).',
    action: "Operator: check the proxy's credential settings and its API permission for Customer Insights.",
  },
  UpstreamError: {
    status: 502,
    meaning: 'Customer Insights failed (5xx) or answered with something the proxy cannot read.',
    action: 'Retry later; if it persists, check the Customer Insights service health.',
  },
  StateUnavailable: {
    status: 503,
    meaning:
      "The proxy's shared state (Redis) did not answer, so a create with an Idempotency-Key was not sent: it is never sent without its record.",
    action: 'Retry after Retry-After seconds with the same Idempotency-Key; nothing was sent to Customer Insights.',
  },
  TokenServiceUnavailable: {
    status: 503,
    meaning: 'Entra ID did not answer in time or is throttling, and no valid cached token was available.',
    action: 'Retry after a short wait.',
  },
  UpstreamUnavailable: {
    status: 503,
    meaning: 'Customer Insights could not be reached or stayed unavailable (503) after retries.',
    action: 'Retry after the number of seconds in Retry-After.',
  },
  UpstreamTimeout: {
    status: 504,
    meaning:
      'Customer Insights did not answer a read or profile update in time (a create that times out is UpstreamOutcomeUnknown).',
    action: 'Retry later; sending the same profile update again is harmless.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** Every stable error code the proxy can send. */
export type ErrorCode = keyof typeof ERROR_CATALOG;
