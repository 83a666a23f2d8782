/**
 * A first-time user's mistakes get messages that say what to do: a port taken (which service, which variable), a
 * second `npm start`, settings from .env that leave the local stack (which ones), `npm run token` with nothing
 * listening or a wrong option, and an empty or non-JWT bearer token. Real servers and processes on loopback.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack';
import { cleanEnv, REPO_ROOT, spawnScript } from '../support/e2e-processes';

const TSX_CLI = require.resolve('tsx/cli');
const portOf = (url: string) => Number(new URL(url).port);

/** An HTTP server that is not ours, holding a port the OS chose. */
async function squatter(): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A port nothing listens on (listened on once by the OS, then released). */
async function closedPort(): Promise<number> {
  const { server, port } = await squatter();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function token(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [TSX_CLI, join(REPO_ROOT, 'scripts/token.ts'), ...args], {
    env: cleanEnv({}),
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

describe('first-run errors of the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => (stack = await startLocalStack({ proxyPort: 0, ciPort: 0, entraPort: 0, logLevel: 'silent' })));
  afterAll(() => stack.close());

  it.each([
    ['CI emulator', 'EMULATOR_CI_PORT', 'ciPort'],
    ['Entra stand-in', 'EMULATOR_ENTRA_PORT', 'entraPort'],
    ['proxy', 'PORT', 'proxyPort'],
  ] as const)('a port in use names the %s and %s', async (service, variable, option) => {
    const { server, port } = await squatter();
    try {
      const ports = { proxyPort: 0, ciPort: 0, entraPort: 0, logLevel: 'silent', [option]: port };
      await expect(startLocalStack(ports)).rejects.toThrow(
        `port ${port} (the ${service}'s) is already in use by another program; set ${variable} to a free port`,
      );
    } finally {
      server.close();
    }
  });

  it('a second npm start on the same ports says a stack is already running, and the first keeps serving', async () => {
    const ports = { proxyPort: portOf(stack.proxyUrl), ciPort: portOf(stack.ciUrl), entraPort: portOf(stack.entraUrl) };
    await expect(startLocalStack(ports)).rejects.toThrow(
      `another local stack is already running: its proxy answers at http://127.0.0.1:${ports.proxyPort}/healthz`,
    );
    expect((await fetch(`${stack.proxyUrl}/healthz`)).status).toBe(200);
  });

  it.each([
    ['Bearer ', /The bearer token is empty .*npm run -s token/],
    ['Bearer $TOKEN', /The bearer token is empty .*npm run -s token/],
    ['Bearer abc123', /The bearer token is not a JWT .*npm run -s token/],
    ['Token eyJ.eyJ.x', /must be "Bearer <access token>"\. .*npm run -s token/],
  ])('the proxy answers the Authorization header "%s" with how to get a token', async (header, message) => {
    const res = await fetch(`${stack.proxyUrl}/api/instances`, { headers: { Authorization: header } });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('Unauthenticated');
    expect(body.error.message).toMatch(message);
  });

  it('npm run token prints a token from the running stand-in', async () => {
    const run = await token(['--entra', stack.entraUrl]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('npm run token with nothing listening says how to start or find the stand-in', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await token(['--entra', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`nothing answers at ${url} (--entra). Start the local stack`);
    expect(run.stderr).toContain('ENTRA_URL');
  });

  it('npm run token with a wrong option names it, without a hint about the stack', async () => {
    const run = await token(['--user', 'zed']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown user "zed": one of alice, bob, rita');
    expect(run.stderr).toContain('usage: npm run -s token');
    expect(run.stderr).not.toMatch(/npm start|running/);
  });
});

describe('npm start with a .env file', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'first-run-env-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads it, says so, names the setting that leaves the local stack, and lets real variables win', async () => {
    writeFileSync(
      join(dir, '.env'),
      '# a half-filled copy of .env.example\nCI_SUBSCRIPTION_KEY=from-file\nENTRA_TENANT_ID=not-a-guid\n',
    );
    const start = spawnScript(
      join(REPO_ROOT, 'scripts/start.ts'),
      {
        ENTRA_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        PORT: '0',
      },
      dir,
    );
    expect(await start.exited).not.toBe(0);
    const output = start.output();
    expect(output).toContain(`settings: read ${join(dir, '.env')}`);
    expect(output).toContain('production mode, because CI_SUBSCRIPTION_KEY (from .env), ENTRA_TENANT_ID are set');
    // The real ENTRA_TENANT_ID won over the file's wrong one; the settings nobody gave are named.
    expect(output).not.toMatch(/ENTRA_TENANT_ID[^\n]*(GUID|invalid)/i);
    for (const name of ['PROXY_CLIENT_ID', 'PROXY_APP_ID_URI']) expect(output).toContain(name);
    expect(output).not.toMatch(/LOCAL STACK|listening/);
  });
});
