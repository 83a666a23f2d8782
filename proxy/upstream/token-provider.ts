/**
 * The proxy's only MSAL owner (docs/entra.md#msal-node, #pointing-msal-at-a-local-identity-provider). One
 * ConfidentialClientApplication (and, with a managed identity, one ManagedIdentityApplication) per process, built once.
 * Delegated callers get an on-behalf-of token (the user's own CI role applies) unless UPSTREAM_AUTH_MODE=app; app-only
 * callers always get the proxy's own token, because OBO cannot exchange an app-only token
 * (docs/entra.md#the-obo-chain). A TokenMemo in front adds single-flight, refresh-ahead and the last-good fallback that
 * MSAL lacks.
 */
import { createHash } from 'node:crypto';
import {
  ConfidentialClientApplication,
  LogLevel,
  ManagedIdentityApplication,
  type AuthenticationResult,
  type Configuration,
  type INetworkModule,
} from '@azure/msal-node';
import type { Caller } from '../auth/caller';
import { refuseForeignAsProxy } from '../auth/caller-claims';
import type { ProxyConfig } from '../config';
import * as C from '../constants';
import { explainTokenError } from './token-errors';
import { TokenMemo, type MemoToken } from './token-memo';
import { TimeoutNetworkClient } from './token-network';
import type { TokenProvider } from './types';

/** Options for tests and logging: the shared clock, and where MSAL's and the memo's warnings go. */
export interface TokenProviderOptions {
  now?: () => number;
  log?(level: 'error' | 'warn' | 'info', message: string): void;
  /** Each token acquired from Entra ID or the managed identity (not answered from memory), for metrics. */
  onAcquire?(grant: 'obo' | 'app', ok: boolean): void;
}

/** Managed identities get their federated-credential token for this audience (docs/entra.md#credentials). */
const TOKEN_EXCHANGE_RESOURCE = 'api://AzureADTokenExchange';

/**
 * Metadata that points MSAL's production authority string at a local Entra stand-in over plain http
 * (docs/entra.md#pointing-msal-at-a-local-identity-provider: no instance discovery, only the token POST goes out).
 */
function authorityMetadata(base: string, tenantId: string): string {
  return JSON.stringify({
    issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
    authorization_endpoint: `${base}/${tenantId}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
    end_session_endpoint: `${base}/${tenantId}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/${tenantId}/discovery/v2.0/keys`,
  });
}

/** Builds the token provider once per process; `close()` forgets cached tokens. */
export function createTokenProvider(
  config: ProxyConfig,
  options: TokenProviderOptions = {},
): Required<TokenProvider> & { close(): void } {
  const { entra, upstream } = config;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const network = new TimeoutNetworkClient(entra.tokenTimeoutMs);
  const networkClient = network as unknown as INetworkModule;
  const system: Configuration['system'] = {
    networkClient,
    loggerOptions: {
      piiLoggingEnabled: false,
      logLevel: LogLevel.Warning,
      loggerCallback: (level, message, containsPii) => {
        if (!containsPii) log(level === LogLevel.Error ? 'error' : 'warn', `msal: ${message}`);
      },
    },
  };
  const credential = entra.credential;
  const mia =
    credential.kind === 'managedIdentity'
      ? new ManagedIdentityApplication({
          ...(credential.clientId ? { managedIdentityIdParams: { userAssignedClientId: credential.clientId } } : {}),
          // Our memo keeps the last good token; MSAL's MI retries would multiply the token timeout.
          system: { networkClient, loggerOptions: system.loggerOptions, disableInternalRetries: true },
        })
      : undefined;
  const ciResource = upstream.ciScope.replace(/\/\.default$/, '');
  const cca = new ConfidentialClientApplication({
    auth: {
      clientId: config.inbound.clientId,
      authority: `${entra.authorityHost}/${entra.tenantId}`,
      ...(entra.endpointOverride
        ? { authorityMetadata: authorityMetadata(entra.endpointOverride, entra.tenantId) }
        : {}),
      ...(credential.kind === 'secret' ? { clientSecret: credential.clientSecret } : {}),
      ...(credential.kind === 'certificate'
        ? {
            clientCertificate: {
              thumbprintSha256: credential.thumbprintSha256,
              privateKey: credential.privateKeyPem,
              x5c: credential.x5c,
            },
          }
        : {}),
      ...(mia
        ? {
            // Secretless CCA: the managed identity's token is the client assertion (docs/entra.md#credentials), used
            // for OBO only.
            clientAssertion: async () => (await mia.acquireToken({ resource: TOKEN_EXCHANGE_RESOURCE })).accessToken,
          }
        : {}),
    },
    system,
  });
  const memo = new TokenMemo(now, C.OBO_MEMO_MAX_ENTRIES, {
    onBackgroundRefreshError: (key, err) =>
      log('warn', `token refresh for ${key.split(':')[0]} failed; serving the last good token: ${errorName(err)}`),
  });

  /** MSAL's expiresOn is in real time; the memo lives in `now()` time, which tests may move. */
  const toMemo = (result: AuthenticationResult | null): MemoToken => {
    if (!result?.accessToken) throw new Error('MSAL returned no token');
    const remainingMs = (result.expiresOn?.getTime() ?? Date.now()) - Date.now();
    return { token: result.accessToken, expiresAt: now() + remainingMs };
  };

  const counted =
    (grant: 'obo' | 'app', acquire: (refresh: boolean) => Promise<MemoToken>) =>
    async (refresh: boolean): Promise<MemoToken> => {
      try {
        const token = await acquire(refresh);
        options.onAcquire?.(grant, true);
        return token;
      } catch (err) {
        options.onAcquire?.(grant, false);
        throw err;
      }
    };

  const appOnly = counted('app', async (refresh: boolean): Promise<MemoToken> => {
    const timeoutsBefore = network.timeouts;
    try {
      if (mia) {
        const r = await mia.acquireToken({ resource: ciResource, forceRefresh: refresh });
        return { token: r.accessToken, expiresAt: now() + (r.expiresOn!.getTime() - Date.now()) };
      }
      return toMemo(await cca.acquireTokenByClientCredential({ scopes: [upstream.ciScope], skipCache: refresh }));
    } catch (err) {
      throw explainTokenError(err, false, network.timeouts > timeoutsBefore);
    }
  });

  const onBehalfOf = (caller: Caller) =>
    counted('obo', async (refresh: boolean) => {
      const timeoutsBefore = network.timeouts;
      try {
        const result = await cca.acquireTokenOnBehalfOf({
          oboAssertion: caller.token,
          scopes: [upstream.ciScope],
          skipCache: refresh,
          // A guest tenant's user is exchanged in their own tenant (docs/entra.md#the-obo-chain); not possible locally.
          ...(caller.tenantId !== entra.tenantId && !entra.endpointOverride
            ? { authority: `${entra.authorityHost}/${caller.tenantId}` }
            : {}),
        });
        return toMemo(result);
      } catch (err) {
        throw explainTokenError(err, true, network.timeouts > timeoutsBefore);
      }
    });

  const onBehalf = (caller: Caller) => caller.delegated && upstream.authMode === 'obo';
  /**
   * The hash of each assertion, per caller object: the verified-token cache hands every request with the same token
   * the same Caller, so a token is hashed once rather than on every CI call (a sha256 per call showed in the bench's
   * CPU profile). Weak, so it lives only as long as that cache keeps the caller.
   */
  const assertionHashes = new WeakMap<Caller, string>();
  const assertionHash = (caller: Caller) => {
    let hash = assertionHashes.get(caller);
    if (hash === undefined) {
      hash = createHash('sha256').update(caller.token).digest('base64url');
      assertionHashes.set(caller, hash);
    }
    return hash;
  };
  /** OBO tokens are memoised per incoming assertion (its hash, never the token itself), app-only tokens once. */
  const keyOf = (caller: Caller) => (onBehalf(caller) ? `obo:${assertionHash(caller)}` : 'app:');

  return {
    getToken(caller) {
      try {
        // The door (caller-claims.ts) already refuses these; checked again where the proxy's identity is handed out.
        if (!onBehalf(caller)) refuseForeignAsProxy(config, caller.tenantId, caller.delegated);
      } catch (err) {
        return Promise.reject(err);
      }
      return memo.get(keyOf(caller), onBehalf(caller) ? onBehalfOf(caller) : appOnly);
    },
    invalidate(caller, token) {
      memo.expire(keyOf(caller), token);
    },
    close() {
      memo.clear();
    },
  };
}

function errorName(err: unknown): string {
  return err instanceof Error ? `${err.name}${'code' in err ? ` ${String(err.code)}` : ''}` : 'unknown error';
}
