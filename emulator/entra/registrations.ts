import {
  AUTOMATION_APP,
  CI_APP_ID,
  CI_RESOURCE,
  CONNECTOR_APP,
  OTHER_TENANT_ID,
  PROXY_APP,
  PROXY_MANAGED_IDENTITY,
  TENANT_ID,
  USAGE_PAGE_APP,
  USERS,
} from '../well-known';
import { loadDevCertificate } from './certificate';
import { REDIS_APP_ID, REDIS_RESOURCE, TOKEN_EXCHANGE_APP_ID, TOKEN_EXCHANGE_AUDIENCE } from './constants';

/** Access-token format a resource asks for (`accessTokenAcceptedVersion`: null/1 → v1.0, 2 → v2.0). */
export type TokenVersion = 1 | 2;

/** A service principal that can hold app roles: a client app or a managed identity. */
export interface ServicePrincipal {
  clientId: string;
  objectId: string;
  displayName: string;
}

/** A confidential client application and its credentials. */
export interface ClientRegistration extends ServicePrincipal {
  secret?: string;
  /** SHA-256 thumbprint (hex, upper case) and PEM of the registered certificate credential, if any. */
  certificate?: { thumbprintSha256: string; certificatePem: string };
  /** Tenants where the app has a service principal (multi-tenant apps are provisioned in more than one). */
  tenants: readonly string[];
  /**
   * Redirect URIs of the "Single-page application" platform: the app is a public client that signs users in with
   * authorization code + PKCE and redeems codes without a credential, only cross-origin (from the browser).
   */
  spaRedirectUris?: readonly string[];
}

/** An API that tokens can be issued for. */
export interface ResourceRegistration {
  clientId: string;
  displayName: string;
  /** Identifiers a client may request it by: App ID URI(s) and the client id. */
  identifiers: readonly string[];
  accessTokenAcceptedVersion: TokenVersion;
  tenants: readonly string[];
}

/** A dev user who can sign in with ROPC or the sign-in form. */
export interface UserRegistration {
  oid: string;
  upn: string;
  name: string;
  password: string;
  tenantId: string;
}

/** Everything the stand-in knows: apps, resources, users, role assignments and consented delegated scopes. */
export interface Directory {
  clients: Map<string, ClientRegistration>;
  resources: ResourceRegistration[];
  users: UserRegistration[];
  managedIdentity: ServicePrincipal & { identityHeader: string };
  /** `principalClientId → resourceClientId → app roles` (application permissions, admin-consented). */
  appRoles: Map<string, Map<string, string[]>>;
  /** `clientId → resourceClientId → delegated scopes` (admin consent for all users). */
  delegatedGrants: Map<string, Map<string, string[]>>;
}

/** The CI app role the proxy's identities hold for app-only calls. */
export const CI_APP_ROLE = 'api.access';
/** The delegated scope CI exposes. */
export const CI_DELEGATED_SCOPE = 'user_impersonation';

function nested(entries: [string, [string, string[]][]][]): Map<string, Map<string, string[]>> {
  return new Map(entries.map(([k, inner]) => [k, new Map(inner)]));
}

/** Builds a fresh directory from well-known.ts (each stand-in owns one, because resource versions can be patched). */
export function createDirectory(): Directory {
  const cert = loadDevCertificate();
  const home = [TENANT_ID];
  // The proxy and the automation caller are multi-tenant, so OTHER_TENANT_ID can mint tokens for allow-list tests.
  const both = [TENANT_ID, OTHER_TENANT_ID];
  const clients: ClientRegistration[] = [
    {
      clientId: PROXY_APP.clientId,
      objectId: PROXY_APP.objectId,
      displayName: 'CI real-time proxy',
      secret: PROXY_APP.clientSecret,
      certificate: { thumbprintSha256: cert.thumbprintSha256, certificatePem: cert.certificatePem },
      tenants: both,
    },
    {
      clientId: CONNECTOR_APP.clientId,
      objectId: '3b0d7a3e-9a54-4a36-8d7e-0c6f1f0f2c41',
      displayName: 'CI real-time connector',
      secret: CONNECTOR_APP.clientSecret,
      tenants: home,
    },
    {
      clientId: USAGE_PAGE_APP.clientId,
      objectId: 'a4f2b9c1-6d3e-4e8a-b7f0-2c5d8e1a9b63',
      displayName: 'CI real-time usage page',
      tenants: home,
      spaRedirectUris: USAGE_PAGE_APP.redirectUris,
    },
    {
      clientId: AUTOMATION_APP.clientId,
      objectId: AUTOMATION_APP.objectId,
      displayName: 'Automation (Logic App stand-in)',
      secret: AUTOMATION_APP.clientSecret,
      tenants: both,
    },
  ];
  return {
    clients: new Map(clients.map((c) => [c.clientId, c])),
    resources: [
      {
        clientId: CI_APP_ID,
        displayName: 'Dynamics 365 AI for Customer Insights',
        identifiers: [CI_RESOURCE, CI_APP_ID],
        accessTokenAcceptedVersion: 1,
        tenants: both,
      },
      {
        clientId: PROXY_APP.clientId,
        displayName: 'CI real-time proxy',
        identifiers: [PROXY_APP.appIdUri, PROXY_APP.clientId],
        accessTokenAcceptedVersion: 1,
        tenants: both,
      },
      {
        // A managed identity's token for this audience is the proxy app's federated credential (OBO without secret).
        clientId: TOKEN_EXCHANGE_APP_ID,
        displayName: 'AAD Token Exchange (stand-in)',
        identifiers: [TOKEN_EXCHANGE_AUDIENCE],
        accessTokenAcceptedVersion: 1,
        tenants: [TENANT_ID],
      },
      {
        // The proxy's managed identity signs in to Azure Cache for Redis with a token for this resource.
        clientId: REDIS_APP_ID,
        displayName: 'Azure Cache for Redis (stand-in)',
        identifiers: [REDIS_RESOURCE],
        accessTokenAcceptedVersion: 1,
        tenants: [TENANT_ID],
      },
    ],
    users: Object.values(USERS).map((u) => ({ ...u, tenantId: TENANT_ID })),
    managedIdentity: {
      clientId: PROXY_MANAGED_IDENTITY.clientId,
      objectId: PROXY_MANAGED_IDENTITY.objectId,
      displayName: 'ci-proxy managed identity',
      identityHeader: PROXY_MANAGED_IDENTITY.identityHeader,
    },
    appRoles: nested([
      [AUTOMATION_APP.clientId, [[PROXY_APP.clientId, [PROXY_APP.appRole]]]],
      [PROXY_APP.clientId, [[CI_APP_ID, [CI_APP_ROLE]]]],
      [PROXY_MANAGED_IDENTITY.clientId, [[CI_APP_ID, [CI_APP_ROLE]]]],
    ]),
    delegatedGrants: nested([
      [CONNECTOR_APP.clientId, [[PROXY_APP.clientId, [PROXY_APP.scope]]]],
      [USAGE_PAGE_APP.clientId, [[PROXY_APP.clientId, [PROXY_APP.scope]]]],
      [PROXY_APP.clientId, [[CI_APP_ID, [CI_DELEGATED_SCOPE]]]],
    ]),
  };
}

/** Finds a resource by any of its identifiers (a trailing slash is ignored, as Entra does). */
export function findResource(dir: Directory, identifier: string): ResourceRegistration | undefined {
  const wanted = identifier.replace(/\/+$/, '').toLowerCase();
  return dir.resources.find((r) => r.identifiers.some((id) => id.toLowerCase() === wanted));
}

/** Finds a resource by its client id (for the control route that switches token versions). */
export function findResourceByClientId(dir: Directory, clientId: string): ResourceRegistration | undefined {
  return dir.resources.find((r) => r.clientId.toLowerCase() === clientId.toLowerCase());
}

/** App roles granted to a principal on a resource (empty when none: Entra then issues a token without `roles`). */
export function appRolesOf(dir: Directory, principalClientId: string, resource: ResourceRegistration): string[] {
  return dir.appRoles.get(principalClientId)?.get(resource.clientId) ?? [];
}

/** Delegated scopes consented for a client on a resource. */
export function delegatedScopesOf(dir: Directory, clientId: string, resource: ResourceRegistration): string[] {
  return dir.delegatedGrants.get(clientId)?.get(resource.clientId) ?? [];
}
