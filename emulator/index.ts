/**
 * `startEmulator`: the Entra ID stand-in and the Customer Insights emulator listening side by side on loopback,
 * sharing one movable clock. Used by `npm run emulator` (emulator/main.ts), the launcher and the tests.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCiEmulator, type CiEmulator } from './ci/app';
import type { WriteBodyForm } from './ci/write-body-form';
import { createClock, type Clock } from './clock';
import { createEntraStandIn, type EntraStandIn } from './entra';

export { createCiEmulator } from './ci/app';
export type { CiEmulator, CiEmulatorOptions } from './ci/app';

export interface StartEmulatorOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port of the CI emulator (0 = any free port, the default). */
  ciPort?: number;
  /** Port of the Entra stand-in (0 = any free port, the default). */
  entraPort?: number;
  /** Captured tenant metadata to serve instead of the built-in model. */
  metadataFile?: string;
  /** Largest accepted request body on the CI emulator, in bytes. */
  maxBodyBytes?: number;
  /** Write-body forms the CI emulator binds: `both` (default), `object` or `string` (ci/write-body-form.ts). */
  writeBodyForm?: WriteBodyForm;
}

export interface RunningEmulator {
  ciUrl: string;
  entraUrl: string;
  clock: Clock;
  ci: CiEmulator;
  entra: EntraStandIn;
  close(): Promise<void>;
}

async function listen(app: (req: never, res: never) => void, host: string, port: number): Promise<Server> {
  const { createServer } = await import('node:http');
  const server = createServer(app as never);
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}

function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

/** Starts both servers; `close()` stops them, ending hung requests too. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const clock = createClock();
  const entra = createEntraStandIn({ clock });
  const entraServer = await listen(entra.app as never, host, options.entraPort ?? 0);
  const entraUrl = urlOf(entraServer, host);
  entra.setBaseUrl(entraUrl);
  let ci: CiEmulator;
  try {
    ci = createCiEmulator({
      entraUrl,
      clock,
      metadataFile: options.metadataFile,
      maxBodyBytes: options.maxBodyBytes,
      writeBodyForm: options.writeBodyForm,
    });
  } catch (e) {
    await closeServer(entraServer);
    throw e;
  }
  const ciServer = await listen(ci.app as never, host, options.ciPort ?? 0).catch(async (e: unknown) => {
    await closeServer(entraServer);
    throw e;
  });
  return {
    ciUrl: urlOf(ciServer, host),
    entraUrl,
    clock,
    ci,
    entra,
    async close() {
      ci.faults.clear();
      entra.clearFaults();
      await Promise.all([closeServer(ciServer), closeServer(entraServer)]);
    },
  };
}
