/**
 * A small round-robin load balancer for the scale-out suites, standing in for App Service's front end: each request
 * goes to the next replica in turn; a replica that cannot be reached (stopped, restarting) makes that request a 502,
 * which clients retry, as a platform front end would answer.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** The replicas' base URLs; replace an entry when a replica restarts on another port. */
  replicas: string[];
  close(): Promise<void>;
}

export async function startBalancer(replicas: string[]): Promise<Balancer> {
  let next = 0;
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', replicas[next++ % replicas.length]);
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (res.headersSent) return res.destroy();
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BadGateway', message: 'The replica could not be reached.' } }));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    replicas,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
