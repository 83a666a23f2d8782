/**
 * A real `redis-server` (Debian package `redis-server`) on a free loopback port, without persistence: the bench's
 * Redis-backed create path and the test suites for state shared by replicas (test/support/redis-server.ts) both
 * start it through here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const REDIS_INSTALL_HINT = 'apt-get install -y redis-server';

/** True when `redis-server` is on the PATH and runs. */
export function redisInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  /** Pid of the running server (for its memory), or -1 while stopped. */
  pid(): number;
  /** Stops the server (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: it keeps nothing on disk). */
  start(): Promise<void>;
}

/** Starts redis-server on a free loopback port, without persistence; resolves once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      proc = child;
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${seen}`)), 10_000);
      const ready = () => {
        clearTimeout(timer);
        resolve();
      };
      // With --loglevel warning nothing is printed when ready, so probe the port instead.
      const probe = setInterval(() => {
        const check = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
        if (check.stdout?.trim() === 'PONG') {
          clearInterval(probe);
          ready();
        }
      }, 50);
      child.stdout?.on('data', (d: Buffer) => (seen += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (seen += d.toString()));
      child.once('exit', (code) => {
        clearInterval(probe);
        clearTimeout(timer);
        if (code !== 0 && code !== null) reject(new Error(`redis-server exited with ${code}: ${seen}`));
      });
    });
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    pid: () => (proc && proc.exitCode === null && proc.pid !== undefined ? proc.pid : -1),
    async stop() {
      const child = proc;
      if (!child || child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
