/** Limits and defaults of the Entra ID stand-in, with their units. */

/** Access-token lifetime: Entra answers `expires_in` 3599; MSAL renews 5 minutes early, so it must be > 300 s. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3599;
/** `ext_expires_in` (resilience extension Entra advertises); informational only. */
export const ACCESS_TOKEN_EXT_LIFETIME_SECONDS = 3599;
/** Clock tolerance when checking client assertions: MSAL sets `nbf` 1 s after `iat` (docs/entra.md#credentials). */
export const CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS = 5;
/** Longest client-assertion lifetime accepted (Entra rejects assertions valid for more than ~10 minutes of future). */
export const CLIENT_ASSERTION_MAX_LIFETIME_SECONDS = 3600;
/** RSA modulus of the token-signing keys (Entra uses 2048-bit RS256 keys). */
export const SIGNING_KEY_MODULUS_BITS = 2048;
/** Largest token-request form accepted. */
export const MAX_FORM_BYTES = 64 * 1024;
/** Largest control-request JSON body accepted. */
export const MAX_CONTROL_BODY_BYTES = 16 * 1024;
/** How many token requests the request log keeps (oldest dropped first). */
export const REQUEST_LOG_LIMIT = 1000;
/** App Service managed-identity API version MSAL Node sends (`APP_SERVICE_MSI_API_VERSION`). */
export const APP_SERVICE_MSI_API_VERSION = '2019-08-01';
/** Highest status/count accepted by the fault-injection control route. */
export const MAX_FAULT_COUNT = 1000;
/** Scopes MSAL adds to every delegated request; they name no resource (docs/entra.md#on-behalf-of). */
export const OIDC_SCOPES: readonly string[] = ['openid', 'profile', 'offline_access', 'email'];
/** The production host: its issuer strings and token endpoints are what real tokens and assertions carry. */
export const ENTRA_PRODUCTION_HOST = 'https://login.microsoftonline.com';
/** The v1 issuer host (`iss` of v1.0 access tokens). */
export const ENTRA_V1_ISSUER_HOST = 'https://sts.windows.net';
/** Client-assertion type of RFC 7523, the only one Entra accepts. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** OBO grant type. */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The audience Entra requires in a token presented as a federated credential (workload identity federation). */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
/** Fictional app id of the token-exchange resource, so a managed identity can ask for a token for it. */
export const TOKEN_EXCHANGE_APP_ID = '5b1f3c1e-6f0a-4c55-9d0e-7d4f1b0e2a90';

/** Azure Cache for Redis's Entra resource: a managed identity's token for it signs in to the cache. */
export const REDIS_RESOURCE = 'https://redis.azure.com';
/** Fictional app id of that resource in the stand-in. */
export const REDIS_APP_ID = '8e2f1a43-2c5b-4d7e-9a61-3f0b7c9d4e25';
/**
 * Lifetime of an authorization code: Entra's codes are short-lived ("typically expire after about 1 minute",
 * Microsoft identity platform, "OAuth 2.0 authorization code flow"); the stand-in allows 10 minutes, the most RFC 6749
 * §4.1.2 recommends, so a slow test machine never sees a code expire between sign-in and redemption.
 */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 600;
/** Most outstanding (issued, not redeemed) authorization codes kept; the oldest are dropped first. */
export const AUTHORIZATION_CODE_LIMIT = 1000;
/** Grant type of the authorization code flow. */
export const AUTHORIZATION_CODE_GRANT_TYPE = 'authorization_code';
