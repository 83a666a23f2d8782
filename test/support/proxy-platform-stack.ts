/**
 * Test support for the proxy platform suites: the real Entra stand-in (and, where needed, the CI emulator) listening
 * on 127.0.0.1 port 0 in this process, plus a proxy configuration pointed at them exactly as `npm start` would.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type express from 'express';
import { createClock, type Clock } from '../../emulator/clock';
import { createEntraStandIn, type EntraStandIn, type TokenRequestLog } from '../../emulator/entra';
import { buildEntraApp } from '../../emulator/entra/app';
import { FaultInjector } from '../../emulator/entra/faults';
import { TOKEN_EXCHANGE_AUDIENCE, TOKEN_EXCHANGE_RESOURCE } from '../../emulator/entra/federated-credential';
import { createKeyRing } from '../../emulator/entra/keys';
import { createDirectory, findResource } from '../../emulator/entra/registrations';
import { RequestLog } from '../../emulator/entra/request-log';
import { PROXY_APP, TENANT_ID } from '../../emulator/well-known';
import { loadConfig, type ProxyConfig } from '../../proxy/config';

/** Starts an Express app on an ephemeral loopback port. */
export async function listen(app: express.Application): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
    server.on('error', reject);
  });
}

/** Closes a server, dropping keep-alive sockets so suites end promptly. */
export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A running Entra stand-in. */
export interface RunningEntra {
  entra: EntraStandIn;
  url: string;
  clock: Clock;
  close(): Promise<void>;
}

/** Starts the Entra stand-in on a loopback port with its own (movable) clock. */
export async function startEntra(clock: Clock = createClock()): Promise<RunningEntra> {
  const entra = createEntraStandIn({ clock });
  const { server, url } = await listen(entra.app);
  entra.setBaseUrl(url);
  return {
    entra,
    url,
    clock,
    close: async () => {
      entra.clearFaults();
      await closeServer(server);
    },
  };
}

/** Proxy settings for the local stack: the well-known proxy app, the stand-in as Entra, overrides on top. */
export function localProxyConfig(entraUrl: string, overrides: Record<string, string | undefined> = {}): ProxyConfig {
  return loadConfig({
    CI_SUBSCRIPTION_KEY: 'unused-default-key',
    ENTRA_TENANT_ID: TENANT_ID,
    PROXY_CLIENT_ID: PROXY_APP.clientId,
    PROXY_APP_ID_URI: PROXY_APP.appIdUri,
    PROXY_CLIENT_SECRET: PROXY_APP.clientSecret,
    ENTRA_ENDPOINT_OVERRIDE: entraUrl,
    TOKEN_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** A running Entra stand-in whose directory also knows the token-exchange audience (see startEntraWithTokenExchange). */
export interface RunningTokenExchangeEntra {
  url: string;
  clock: Clock;
  requests(): TokenRequestLog[];
  close(): Promise<void>;
}

/**
 * The real stand-in app (buildEntraApp) over a directory that registers `api://AzureADTokenExchange`, so its managed
 * identity endpoint can issue the federated-credential token. Used until emulator/entra/registrations.ts lists
 * TOKEN_EXCHANGE_RESOURCE itself (then the resource is not added twice).
 */
export async function startEntraWithTokenExchange(clock: Clock = createClock()): Promise<RunningTokenExchangeEntra> {
  const dir = createDirectory();
  if (!findResource(dir, TOKEN_EXCHANGE_AUDIENCE)) dir.resources.push({ ...TOKEN_EXCHANGE_RESOURCE });
  const keys = createKeyRing();
  const log = new RequestLog();
  const app = buildEntraApp({
    dir,
    keys,
    clock,
    faults: new FaultInjector(),
    log,
    rotateKeys: () => keys.rotate(),
    configuredBaseUrl: () => undefined, // metadata URLs follow each request's Host
  });
  const { server, url } = await listen(app);
  return { url, clock, requests: () => log.list(), close: () => closeServer(server) };
}
