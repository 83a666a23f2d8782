/**
 * Issue #4, app-only with real processes: one emulator and two proxies on loopback. Proxy 1 (default OBO mode,
 * client secret) is called by the automation app's app-only token, so it reaches CI with its own identity. Proxy 2
 * runs UPSTREAM_AUTH_MODE=app with the certificate credential (emulator/entra's dev certificate) and is called with
 * Alice's delegated token: CI still sees the proxy's identity. Both play the same designer flow.
 */
import { DEV_CERTIFICATE_PATH } from '../../emulator/entra/certificate';
import { requestAppToken, requestUserToken } from '../../emulator/entra/dev-tokens';
import { AUTOMATION_APP, CI_RESOURCE, PROXY_APP, USERS } from '../../emulator/well-known';
import { entraRequests } from '../support/e2e-ci-data';
import { describeDesignerPlay } from '../support/e2e-play';
import {
  startEmulatorProcess,
  startProxyProcess,
  type EmulatorProcess,
  type ProxyProcess,
} from '../support/e2e-processes';

let emulator: EmulatorProcess;
let secretProxy: ProxyProcess;
let certificateProxy: ProxyProcess;
let automationToken: string;
let aliceToken: string;

beforeAll(async () => {
  emulator = await startEmulatorProcess();
  [secretProxy, certificateProxy, automationToken, aliceToken] = await Promise.all([
    startProxyProcess(emulator),
    startProxyProcess(emulator, {
      UPSTREAM_AUTH_MODE: 'app',
      PROXY_CLIENT_SECRET: '',
      PROXY_CERTIFICATE_PATH: DEV_CERTIFICATE_PATH,
    }),
    requestAppToken(emulator.entraUrl),
    requestUserToken(emulator.entraUrl, 'alice'),
  ]);
});
afterAll(async () => {
  await Promise.all([secretProxy?.process.stop(), certificateProxy?.process.stop(), emulator?.process.stop()]);
});

describeDesignerPlay('the automation app (app-only caller; proxy 1 reaches CI as itself)', () => ({
  proxyUrl: secretProxy.url,
  ciUrl: emulator.ciUrl,
  entraUrl: emulator.entraUrl,
  authorization: `Bearer ${automationToken}`,
  callerLabel: AUTOMATION_APP.clientId,
  ciPrincipal: PROXY_APP.objectId,
  customerIndex: 1,
}));

describeDesignerPlay('Alice through proxy 2 (UPSTREAM_AUTH_MODE=app, certificate credential)', () => ({
  proxyUrl: certificateProxy.url,
  ciUrl: emulator.ciUrl,
  entraUrl: emulator.entraUrl,
  authorization: `Bearer ${aliceToken}`,
  callerLabel: USERS.alice.upn,
  ciPrincipal: PROXY_APP.objectId,
  customerIndex: 2,
}));

test('the proxies got CI tokens only with client credentials, never on behalf of a user', async () => {
  const proxyGrants = (await entraRequests(emulator.entraUrl)).filter((r) => r.clientId === PROXY_APP.clientId);
  expect(proxyGrants.length).toBeGreaterThan(0);
  expect(new Set(proxyGrants.map((r) => `${r.grant} ${r.resource} ${r.status}`))).toEqual(
    new Set([`client_credentials ${CI_RESOURCE} 200`]),
  );
});
