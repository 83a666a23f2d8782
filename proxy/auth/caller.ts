/** Who is calling the proxy, as established from a validated Entra access token (see `inbound.ts`). */
export interface Caller {
  /** The raw bearer token: the OBO assertion. Never logged, never relayed to CI. */
  token: string;
  tenantId: string;
  /** `oid`: the user's or the calling app's object id. */
  objectId: string;
  /** `appid` (v1) or `azp` (v2): the client application that obtained the token. */
  appId: string;
  /** True for user tokens (`scp`), false for app-only tokens (`roles`). OBO is possible only when true. */
  delegated: boolean;
  scopes: string[];
  roles: string[];
  /** Display name or UPN when the token carries one; used as the telemetry "caller". */
  name?: string;
  /** Token expiry, seconds since the epoch. */
  expiresAt: number;
}

/** Who the caller is, whatever name their token shows: `tenant:objectId` (the user, or the app's service principal). */
export function callerId(caller: Pick<Caller, 'tenantId' | 'objectId'>): string {
  return `${caller.tenantId}:${caller.objectId}`;
}
