/**
 * Hostile-token workshop for the security suites: a signing key of our own, published as a JWKS on 127.0.0.1 port 0,
 * so a test can have the proxy trust it (JWKS_URI) and then present tokens with claims Entra would never issue, or
 * that Entra issues only in setups the stand-in does not model (a guest, a user without `scp`, a foreign tenant's
 * user). Tokens are signed for real with jose; the proxy fetches the keys over HTTP like Entra's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { CONNECTOR_APP, PROXY_APP, TENANT_ID, USERS } from '../../emulator/well-known';

export interface Forge {
  /** Where the proxy should read signing keys (JWKS_URI). */
  jwksUri: string;
  kid: string;
  /** The published public key as a JWK (for alg-confusion attempts). */
  publicJwk: JWK;
  /** Signs `claims` with the published key (RS256, kid) unless `header` says otherwise. */
  sign(claims: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  /** JWKS fetches served so far. */
  fetches(): number;
  close(): Promise<void>;
}

/** Starts a JWKS endpoint for a fresh RS256 key. */
export async function startForge(): Promise<Forge> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const kid = 'forge-key-1';
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUri: `http://127.0.0.1:${port}/keys`,
    kid,
    publicJwk,
    sign: (claims, header = {}) => signWith(privateKey, claims, { alg: 'RS256', kid, typ: 'JWT', ...header }),
    fetches: () => fetches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function signWith(key: KeyLike, claims: JWTPayload, header: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Claims of a v1 user token for the proxy, as the connector would hold it (alice of the home tenant by default). */
export function userClaims(overrides: JWTPayload = {}): JWTPayload {
  const tid = (overrides.tid as string | undefined) ?? TENANT_ID;
  const iat = nowSeconds();
  return {
    aud: PROXY_APP.appIdUri,
    iss: `https://sts.windows.net/${tid}/`,
    iat,
    nbf: iat,
    exp: iat + 3600,
    tid,
    oid: USERS.alice.oid,
    sub: 'pairwise-subject-of-alice',
    appid: CONNECTOR_APP.clientId,
    scp: PROXY_APP.scope,
    upn: USERS.alice.upn,
    unique_name: USERS.alice.upn,
    name: USERS.alice.name,
    ver: '1.0',
    ...overrides,
  };
}

/** Claims of a v1 app-only token for the proxy (`roles`, `idtyp: app`, `sub` = `oid`). */
export function appClaims(appId: string, objectId: string, overrides: JWTPayload = {}): JWTPayload {
  const tid = (overrides.tid as string | undefined) ?? TENANT_ID;
  const iat = nowSeconds();
  return {
    aud: PROXY_APP.appIdUri,
    iss: `https://sts.windows.net/${tid}/`,
    iat,
    nbf: iat,
    exp: iat + 3600,
    tid,
    oid: objectId,
    sub: objectId,
    appid: appId,
    roles: [PROXY_APP.appRole],
    idtyp: 'app',
    ver: '1.0',
    ...overrides,
  };
}
