/**
 * Well-known development identities of the local stack, published like Azurite's `devstoreaccount1`: fixed, fictional,
 * and safe to print. Only the emulator, the local launcher (`npm start`) and the tests read this file; the proxy learns
 * these values through its configuration, exactly as it would learn a real tenant's.
 */

/** Default loopback ports. `npm run emulator` and `npm start` accept overrides (see README). */
export const DEFAULT_PORTS = { proxy: 7080, ci: 7081, entra: 7082 } as const;

/** The fictional tenant "Contoso Retail" that every local principal lives in. */
export const TENANT_ID = 'df2f635b-ae08-40ff-b73f-737926dfd7a6';
/** A second tenant, not allowed by the proxy by default: for tenant allow-list tests. */
export const OTHER_TENANT_ID = '14fd3f6e-37a8-41a1-912d-0719c088e58d';

/** First-party "Dynamics 365 AI for Customer Insights" app id; CI accepts it or the resource URI as `aud`. */
export const CI_APP_ID = '0bfc4568-a4ba-4c58-bd3e-5d3e76bd7fff';
export const CI_RESOURCE = 'https://api.ci.ai.microsoft.com';
export const CI_SCOPE = `${CI_RESOURCE}/.default`;

/** The proxy's app registration: it exposes `user_impersonation` and the app role `Proxy.Invoke`. */
export const PROXY_APP = {
  clientId: 'b439d0be-0d98-4f34-bdd4-d37acbf2cc0f',
  appIdUri: 'api://ci-proxy-local',
  clientSecret: 'local-proxy-secret-not-for-production',
  /** Service principal object id: the identity CI sees for app-only calls (client credentials). */
  objectId: '677ed2cc-6006-4484-8383-7aeffd5e3b7e',
  scope: 'user_impersonation',
  appRole: 'Proxy.Invoke',
} as const;

/** The connector's own app registration (the client that signs makers in and calls the proxy). */
export const CONNECTOR_APP = {
  clientId: 'f4da8f43-e7e8-4f2c-af79-1f4def280e31',
  clientSecret: 'local-connector-secret-not-for-production',
} as const;

/**
 * The usage page's app registration (a public client, "Single-page application" platform): people sign in on the
 * proxy's `/usage` page with authorization code + PKCE and the page calls the proxy with their token. Its redirect
 * URI is the page on a loopback host; as for Entra's loopback redirect URIs, the port is not compared.
 */
export const USAGE_PAGE_APP = {
  clientId: '9d1e4c7a-52b8-4f0e-8a63-1c2b7e5d9f40',
  redirectUris: ['http://127.0.0.1/usage', 'http://localhost/usage'],
} as const;

/** An app-only caller of the proxy, standing in for a Logic App's managed identity; holds the `Proxy.Invoke` role. */
export const AUTOMATION_APP = {
  clientId: '60b545d8-177b-4366-b565-3d9c428a2c8f',
  clientSecret: 'local-automation-secret-not-for-production',
  objectId: '7085f2ad-2fe5-497c-b51d-5bad4de30e03',
} as const;

/** The proxy's own managed identity (App Service endpoint of the Entra stand-in). */
export const PROXY_MANAGED_IDENTITY = {
  clientId: '2934f0e9-9cf8-4137-a5f1-045efa2e7a0c',
  objectId: 'cc13550c-cc8b-4377-9ec8-fb2cc8887f69',
  /** Value the stand-in expects in `X-IDENTITY-HEADER` (App Service sets IDENTITY_HEADER). */
  identityHeader: 'local-identity-header',
} as const;

/**
 * Users who sign in through the connector. Passwords exist only for the stand-in: its ROPC grant (`npm run token`) and
 * its sign-in form (the authorize endpoint, for the usage page).
 */
export const USERS = {
  /** Administrator on both instances. */
  alice: {
    oid: '64e65092-abbe-44c3-aed4-fc31c6568bfe',
    upn: 'alice@contoso-retail.example',
    name: 'Alice Admin',
    password: 'alice',
  },
  /** Contributor on the production instance only. */
  bob: {
    oid: '79ea798b-2f1e-4b24-a267-975f5b2f6f63',
    upn: 'bob@contoso-retail.example',
    name: 'Bob Builder',
    password: 'bob',
  },
  /** Viewer (read-only) on the production instance: reads work, writes get 403. */
  rita: {
    oid: '4ef97a6a-0467-4f50-b10a-720da41b1097',
    upn: 'rita@contoso-retail.example',
    name: 'Rita Reader',
    password: 'rita',
  },
} as const;

/** The two CI environments of the fictional retailer, with their APIM subscription keys. */
export const INSTANCES = {
  production: {
    instanceId: '3f1c9a52-8e4b-4d7a-9c21-5b6e0f8d2a11',
    name: 'Contoso Retail',
    instanceType: 'production',
    primaryKey: 'local-prod-primary-key-0001',
    secondaryKey: 'local-prod-secondary-key-0002',
  },
  sandbox: {
    instanceId: '8a2d4e61-7b3c-4f90-a1d5-2c9e8b7f6a33',
    name: 'Contoso Retail (Sandbox)',
    instanceType: 'sandbox',
    primaryKey: 'local-sandbox-primary-key-0001',
    secondaryKey: 'local-sandbox-secondary-key-0002',
  },
} as const;
