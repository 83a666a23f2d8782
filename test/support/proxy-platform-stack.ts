/**
 * Test support for the proxy platform suites: the real Entra stand-in (and, where needed, the CI emulator) listening
 * on 127.0.0.1 port 0 in this process, plus a proxy configuration pointed at them exactly as `npm start` would.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type express from 'express';
import { createClock, type Clock } from '../../emulator/clock';
import { createEntraStandIn, type EntraStandIn } from '../../emulator/entra';
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
