import { AUTOMATION_APP, CONNECTOR_APP, PROXY_APP, TENANT_ID, USERS } from '../well-known';

/** A client that authenticates with a secret (the shape of CONNECTOR_APP and AUTOMATION_APP in well-known.ts). */
export interface SecretClient {
  clientId: string;
  clientSecret: string;
}

/** POSTs a form to the stand-in's v2 token endpoint and returns the access token, or throws with Entra's message. */
async function postTokenForm(entraUrl: string, tenantId: string, form: Record<string, string>): Promise<string> {
  const url = `${entraUrl.replace(/\/+$/, '')}/${tenantId}/oauth2/v2.0/token`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: unknown;
    error?: string;
    error_description?: string;
  };
  if (!res.ok || typeof body.access_token !== 'string') {
    throw new Error(
      `token request to ${url} failed (${res.status} ${body.error ?? ''}): ${body.error_description ?? ''}`,
    );
  }
  return body.access_token;
}

/**
 * A delegated token for a well-known user, obtained over HTTP with ROPC by the connector app (as the connector would
 * hold after sign-in). Default resource: the proxy.
 */
export function requestUserToken(
  entraUrl: string,
  user: keyof typeof USERS,
  resource: string = PROXY_APP.appIdUri,
): Promise<string> {
  const u = USERS[user];
  return postTokenForm(entraUrl, TENANT_ID, {
    grant_type: 'password',
    client_id: CONNECTOR_APP.clientId,
    client_secret: CONNECTOR_APP.clientSecret,
    username: u.upn,
    password: u.password,
    scope: `${resource}/.default openid profile offline_access`,
  });
}

/** An app-only token obtained over HTTP with client credentials (default: AUTOMATION_APP calling the proxy). */
export function requestAppToken(
  entraUrl: string,
  client: SecretClient = AUTOMATION_APP,
  resource: string = PROXY_APP.appIdUri,
  tenantId: string = TENANT_ID,
): Promise<string> {
  return postTokenForm(entraUrl, tenantId, {
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.clientSecret,
    scope: `${resource}/.default`,
  });
}
