import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyResult } from 'jose';
import { authorityMetadata } from '../../emulator/entra';
import { TENANT_ID } from '../../emulator/well-known';

/**
 * MSAL `auth` fields as docs/entra.md#pointing-msal-at-a-local-identity-provider: production authority, endpoints at
 * the stand-in.
 */
export function standInAuthority(entraUrl: string, tenantId: string = TENANT_ID) {
  return {
    authority: `https://login.microsoftonline.com/${tenantId}`,
    authorityMetadata: authorityMetadata(entraUrl, tenantId),
  };
}

/**
 * An MSAL network client on global fetch with a per-call timeout (MSAL's own POSTs have none:
 * docs/entra.md#credentials).
 */
export class TimeoutNetworkClient implements INetworkModule {
  constructor(private readonly timeoutMs: number) {}

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const res = await fetch(url, {
      method,
      headers: options?.headers,
      body: method === 'POST' ? options?.body : undefined,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => (headers[key] = value));
    return { headers, body: (await res.json()) as T, status: res.status };
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }
}

/** Verifies a token the stand-in issued against its published JWKS (no cooldown, so rotations are seen at once). */
export async function verifyIssued(
  entraUrl: string,
  token: string,
  currentDate?: Date,
): Promise<JWTVerifyResult & { payload: JWTPayload }> {
  const jwks = createRemoteJWKSet(new URL(`${entraUrl}/common/discovery/v2.0/keys`), { cooldownDuration: 0 });
  return jwtVerify(token, jwks, { algorithms: ['RS256'], currentDate });
}
