/**
 * CI refusing a CI token the proxy still holds as valid (401): the CI client drops it, gets a fresh one from Entra
 * (bypassing MSAL's cache) and tries once more. Played for real: the emulator's clock moves past the token's expiry
 * while the proxy's token memo runs on real time, so CI sees an expired token the proxy believes is good.
 */
import { startEmulator, type RunningEmulator } from '../../emulator';
import { requestAppToken, requestUserToken } from '../../emulator/entra';
import { INSTANCES } from '../../emulator/well-known';
import type { Caller } from '../../proxy/auth/caller';
import { createInboundAuth } from '../../proxy/auth/inbound';
import { AppError } from '../../proxy/errors';
import { createCiClient, type UpstreamCallEvent } from '../../proxy/upstream/ci-client';
import { createTokenProvider } from '../../proxy/upstream/token-provider';
import type { CiClient, CiRequest } from '../../proxy/upstream/types';
import { localProxyConfig } from '../support/proxy-platform-stack';

const PROD = INSTANCES.production.instanceId;
const TWO_HOURS_MS = 2 * 3_600_000;
let emu: RunningEmulator;
let automation: Caller;

/** A client whose token memo and MSAL run on real time (not the emulator's clock). */
function makeClient(events: UpstreamCallEvent[], key: string = INSTANCES.production.primaryKey): CiClient {
  const config = localProxyConfig(emu.entraUrl, {
    CI_API_BASE_URL: `${emu.ciUrl}/v1`,
    CI_SUBSCRIPTION_KEY: key,
    UPSTREAM_MAX_RETRIES: '0',
  });
  return createCiClient(config, createTokenProvider(config), { onCall: (e) => events.push(e) });
}

const instanceRead = (caller: Caller): CiRequest => ({
  method: 'GET',
  instanceId: PROD,
  path: `instances/${PROD}/manage/entities/Customer`,
  caller,
  operation: 'GetProfileSchema',
});
const tokenPosts = () => emu.entra.requests().filter((r) => r.endpoint === 'token');

beforeAll(async () => {
  emu = await startEmulator();
  const inbound = createInboundAuth(localProxyConfig(emu.entraUrl), { now: emu.clock.now });
  automation = await inbound.authenticate(`Bearer ${await requestAppToken(emu.entraUrl)}`);
});
afterAll(() => emu.close());

describe('CI 401 on a cached token', () => {
  it('drops the refused app-only token, fetches a fresh one and succeeds on the second attempt', async () => {
    const events: UpstreamCallEvent[] = [];
    const client = makeClient(events);
    try {
      expect((await client.request(instanceRead(automation))).status).toBe(200);
      emu.clock.advance(TWO_HOURS_MS); // CI now sees the cached token as expired; the proxy does not
      emu.entra.clearRequests();
      const reply = await client.request(instanceRead(automation));
      expect(reply.status).toBe(200);
      expect(events.map((e) => e.status)).toEqual([200, 401, 200]);
      expect(tokenPosts()).toEqual([expect.objectContaining({ grant: 'client_credentials', status: 200 })]);
    } finally {
      await client.close();
    }
  });

  it("invalidates one user's on-behalf-of token only, and its renewal bypasses MSAL's cache", async () => {
    const inbound = createInboundAuth(localProxyConfig(emu.entraUrl), { now: emu.clock.now });
    const fresh = await inbound.authenticate(`Bearer ${await requestUserToken(emu.entraUrl, 'alice')}`);
    const tokens = createTokenProvider(localProxyConfig(emu.entraUrl));
    const first = await tokens.getToken(fresh);
    const app = await tokens.getToken(automation);
    emu.entra.clearRequests();
    tokens.invalidate(fresh, 'some-older-token'); // a token already replaced: nothing happens
    expect(await tokens.getToken(fresh)).toBe(first);
    tokens.invalidate(fresh, first);
    const second = await tokens.getToken(fresh);
    expect(second).not.toBe(first);
    expect(await tokens.getToken(automation)).toBe(app);
    expect(tokenPosts()).toEqual([
      expect.objectContaining({ grant: 'urn:ietf:params:oauth:grant-type:jwt-bearer', status: 200 }),
    ]);
    tokens.close();
  });

  it('tries only once more: a 401 that persists (wrong subscription key) fails as UpstreamUnauthorized', async () => {
    const events: UpstreamCallEvent[] = [];
    const client = makeClient(events, 'not-the-subscription-key');
    try {
      const err = await client.request(instanceRead(automation)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect([(err as AppError).status, (err as AppError).code]).toEqual([502, 'UpstreamUnauthorized']);
      expect(events.map((e) => e.status)).toEqual([401, 401]);
    } finally {
      await client.close();
    }
  });
});
