/**
 * Who calls what in the bench: proxy callers with tokens from the Entra stand-in (three users through the connector,
 * one app-only automation), and the direct baseline that calls the CI emulator with a CI token and subscription key.
 */
import { requestAppToken, requestUserToken } from '../emulator/entra/dev-tokens';
import { CI_RESOURCE, INSTANCES, PROXY_APP } from '../emulator/well-known';

export const PROD_INSTANCE = INSTANCES.production.instanceId;

/** Request headers of one caller. */
export type Headers = Record<string, string>;

export interface BenchCallers {
  /** Proxy callers, by name: alice, bob, rita (delegated, OBO upstream) and automation (app-only). */
  proxy: Record<'alice' | 'bob' | 'rita' | 'automation', Headers>;
  /** Headers for CI directly: an app-only CI token of the proxy's registration and the production key. */
  direct: Headers;
}

/** Gets every token the bench needs from the stand-in (none of these are the proxy's own upstream requests). */
export async function fetchCallers(entraUrl: string): Promise<BenchCallers> {
  const [alice, bob, rita, automation, ci] = await Promise.all([
    requestUserToken(entraUrl, 'alice'),
    requestUserToken(entraUrl, 'bob'),
    requestUserToken(entraUrl, 'rita'),
    requestAppToken(entraUrl),
    requestAppToken(entraUrl, PROXY_APP, CI_RESOURCE),
  ]);
  const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });
  return {
    proxy: { alice: bearer(alice), bob: bearer(bob), rita: bearer(rita), automation: bearer(automation) },
    direct: { ...bearer(ci), 'ocp-apim-subscription-key': INSTANCES.production.primaryKey },
  };
}
