/**
 * One running emulator (Entra stand-in + CI emulator, one clock) per test file: `const env = useEmulator()` registers
 * beforeAll/afterAll; read `env.current` inside tests. Tokens come from the stand-in through the real MSAL.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { requestUserToken } from '../../emulator/entra';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../emulator/index';
import { CI_SCOPE, PROXY_APP, USERS } from '../../emulator/well-known';
import { standInAuthority, TimeoutNetworkClient } from './entra-msal';

export interface EmulatorHandle {
  /** The running emulator (set in beforeAll). */
  readonly current: RunningEmulator;
}

/** Starts an emulator before the file's tests and stops it after them. */
export function useEmulator(options: StartEmulatorOptions = {}): EmulatorHandle {
  let running: RunningEmulator | undefined;
  beforeAll(async () => {
    running = await startEmulator(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  return {
    get current() {
      if (!running) throw new Error('the emulator is not running (use it inside a test)');
      return running;
    },
  };
}

/** Who calls CI: the proxy app-only (client credentials) or a user through the proxy (OBO). */
export type CiCaller = 'proxy' | keyof typeof USERS;

/**
 * The proxy's confidential client pointed at the stand-in (docs/entra.md#pointing-msal-at-a-local-identity-provider).
 */
export function proxyMsalClient(entraUrl: string): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: PROXY_APP.clientId, clientSecret: PROXY_APP.clientSecret, ...standInAuthority(entraUrl) },
    system: { networkClient: new TimeoutNetworkClient(5_000) },
  });
}

/** A CI access token as the proxy would get it with MSAL: client credentials, or OBO of the user's proxy token. */
export async function ciToken(
  msal: ConfidentialClientApplication,
  entraUrl: string,
  caller: CiCaller,
): Promise<string> {
  const result =
    caller === 'proxy'
      ? await msal.acquireTokenByClientCredential({ scopes: [CI_SCOPE] })
      : await msal.acquireTokenOnBehalfOf({
          oboAssertion: await requestUserToken(entraUrl, caller),
          scopes: [CI_SCOPE],
        });
  if (!result?.accessToken) throw new Error(`MSAL returned no CI token for ${caller}`);
  return result.accessToken;
}

/** CI tokens for every caller, acquired with one MSAL client (`fresh` bypasses MSAL's cache after a clock move). */
export async function ciTokens(entraUrl: string, fresh = false): Promise<Record<CiCaller, string>> {
  const msal = proxyMsalClient(entraUrl);
  const callers: CiCaller[] = ['proxy', 'alice', 'bob', 'rita'];
  if (fresh) await msal.clearCache();
  const tokens = await Promise.all(callers.map((c) => ciToken(msal, entraUrl, c)));
  return Object.fromEntries(callers.map((c, i) => [c, tokens[i]])) as Record<CiCaller, string>;
}
