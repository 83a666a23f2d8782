import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createClock, type Clock } from '../../emulator/clock';
import { createEntraStandIn, type EntraStandIn } from '../../emulator/entra';

/** A stand-in listening on 127.0.0.1 with a random port, for one test suite. */
export interface RunningEntra {
  url: string;
  standIn: EntraStandIn;
  clock: Clock;
  close(): Promise<void>;
}

/** Starts the Entra stand-in on 127.0.0.1:0 and points its metadata at the chosen port. */
export async function startEntra(clock: Clock = createClock()): Promise<RunningEntra> {
  const standIn = createEntraStandIn({ clock });
  const server: Server = await new Promise((resolve) => {
    const s = standIn.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.setBaseUrl(url);
  return {
    url,
    standIn,
    clock,
    close: async () => {
      standIn.clearFaults(); // releases requests held by a `hang` fault
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
