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
  PayloadTooLarge: {
    status: 413,
    meaning: 'The request body is larger than the proxy (or Customer Insights) accepts.',
    action: 'Send less data per call (one record per activity, or smaller batches).',
  },
  UnsupportedMediaType: {
    status: 415,
    meaning: 'The body is not sent as application/json.',
    action: 'Send the body as JSON with Content-Type application/json.',
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
      'Customer Insights reports the record already exists (activities are immutable); it may have been stored by an earlier attempt that failed with UpstreamOutcomeUnknown.',
    action:
      'If an earlier attempt failed with UpstreamOutcomeUnknown, it stored the record: nothing to redo (send an Idempotency-Key to get 201 instead). Otherwise use a new activity id.',
  },
  IdempotencyKeyInUse: {
    status: 409,
    meaning: 'A request with the same Idempotency-Key is still being processed, or was used with a different body.',
    action: 'Wait and retry with the same key and body, or use a new key for a different request.',
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
      'Retry with the same Idempotency-Key: if the first attempt stored it, the retry answers 201 with replayed: true. Without a key a retry may get 409 UpstreamConflict for that stored copy.',
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
