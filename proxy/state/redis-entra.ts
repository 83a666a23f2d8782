/**
 * Signing in to Azure Cache for Redis with the proxy's managed identity instead of an access key: the identity's
 * Entra token for `https://redis.azure.com` is the password and its object id the user name; the token is renewed
 * before it expires and node-redis sends AUTH again on the open connection, as Azure requires for long-lived
 * connections (docs/entra.md#azure-cache-for-redis). Uses MSAL's managed-identity client, like the CI token provider.
 */
import { ManagedIdentityApplication } from '@azure/msal-node';
import type { RedisClientOptions } from '@redis/client';

/** node-redis's provider that renews credentials on an open connection (it sends AUTH again). */
export type StreamingCredentialsProvider = Extract<
  NonNullable<RedisClientOptions['credentialsProvider']>,
  { type: 'streaming-credentials-provider' }
>;

/** Azure Cache for Redis's Entra resource. */
export const REDIS_ENTRA_SCOPE = 'https://redis.azure.com/.default';
/** A token is renewed once this share of its lifetime has passed. */
const RENEW_AT_SHARE = 0.75;
/** Never wait less than this between renewals (a token with a very short life must not spin). */
const MIN_RENEW_MS = 30_000;

/** The object id (`oid`) of the identity a token was issued to: Azure's Redis user name for it. */
export function objectIdOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    oid?: unknown;
  };
  if (typeof payload.oid !== 'string') throw new Error('the managed identity token has no oid claim');
  return payload.oid;
}

/** `identity`: `system`, or the client id of a user-assigned identity (as PROXY_MANAGED_IDENTITY). */
export function managedIdentityRedisCredentials(
  identity: string,
  onError: (err: Error) => void,
): StreamingCredentialsProvider {
  const mia = new ManagedIdentityApplication(
    identity === 'system' ? {} : { managedIdentityIdParams: { userAssignedClientId: identity } },
  );
  const fetchCredentials = async () => {
    const result = await mia.acquireToken({ resource: REDIS_ENTRA_SCOPE.replace(/\/\.default$/, '') });
    const lifetimeMs = (result.expiresOn?.getTime() ?? Date.now() + 3_600_000) - Date.now();
    return {
      auth: { username: objectIdOf(result.accessToken), password: result.accessToken },
      renewInMs: Math.max(MIN_RENEW_MS, lifetimeMs * RENEW_AT_SHARE),
    };
  };
  return {
    type: 'streaming-credentials-provider',
    async subscribe(listener) {
      const first = await fetchCredentials();
      let timer: NodeJS.Timeout | undefined;
      const schedule = (ms: number) => {
        timer = setTimeout(async () => {
          try {
            const next = await fetchCredentials();
            listener.onNext(next.auth);
            schedule(next.renewInMs);
          } catch (err) {
            // Try again soon: the current token is still valid for a quarter of its life.
            onError(err as Error);
            schedule(MIN_RENEW_MS);
          }
        }, ms);
        timer.unref();
      };
      schedule(first.renewInMs);
      return [first.auth, { dispose: () => clearTimeout(timer) }];
    },
    onReAuthenticationError: (err) => onError(err as Error),
  };
}
