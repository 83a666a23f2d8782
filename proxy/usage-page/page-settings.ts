/**
 * What the usage page's browser code needs to sign in (authorization code + PKCE with @azure/msal-browser) and to
 * call this proxy: the page's app registration, the tenant's authority and the proxy's delegated scope. Derived
 * from the proxy's own settings, so the page and the token check can never disagree about audience or scope.
 */
import type { ProxyConfig } from '../config';

export interface UsagePageSettings {
  /** USAGE_PAGE_CLIENT_ID; absent: the page explains that sign-in is not configured. */
  clientId?: string;
  authority: string;
  /** The delegated scope the proxy requires, on the proxy's App ID URI. */
  scopes: string[];
  /**
   * With the local Entra stand-in (ENTRA_ENDPOINT_OVERRIDE), the OpenID metadata that points MSAL's production
   * authority at the stand-in, so MSAL needs no discovery call (the same recipe as the proxy's own MSAL client).
   */
  authorityMetadata?: string;
  /** Origins the page talks to besides itself (the sign-in and token endpoints), for its Content-Security-Policy. */
  identityOrigins: string[];
}

export function usagePageSettings(config: ProxyConfig): UsagePageSettings {
  const { entra, inbound } = config;
  const override = entra.endpointOverride;
  const tenant = entra.tenantId;
  const metadata = override
    ? JSON.stringify({
        issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
        authorization_endpoint: `${override}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${override}/${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${override}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${override}/${tenant}/discovery/v2.0/keys`,
      })
    : undefined;
  return {
    ...(config.usagePage.clientId ? { clientId: config.usagePage.clientId } : {}),
    authority: `${entra.authorityHost}/${tenant}`,
    scopes: [`${inbound.appIdUri}/${inbound.requiredScope}`],
    ...(metadata ? { authorityMetadata: metadata } : {}),
    identityOrigins: [new URL(override ?? entra.authorityHost).origin],
  };
}
