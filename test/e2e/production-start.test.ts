/**
 * The production proxy as an operator deploys it (README "Deploying the proxy"): `npm run package:proxy`'s folder,
 * unpacked in a temporary folder, installed with `npm ci --omit=dev` (no TypeScript tools), started with `npm start`
 * under App Service's variables against the emulator. It listens on all interfaces (reached on 127.0.0.2, not only
 * 127.0.0.1), serves /healthz and real calls, and on SIGTERM to npm (what App Service and container runtimes signal)
 * the proxy itself hears it: creates in flight against a slow CI all finish 2xx, then every process exits.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { requestUserToken } from '../../emulator/entra';
import { INSTANCES } from '../../emulator/well-known';
import { SHUTDOWN_GRACE_MS } from '../../proxy/constants';
import { localProxyEnv } from '../../scripts/local-settings';
import { PACKAGE_FILES, packageProxy } from '../../scripts/proxy-build';
import { spawnNpmStart, type SpawnedProcess } from '../support/e2e-processes';

const PROD = INSTANCES.production.instanceId;
/** How long CI takes to answer each create while SIGTERM arrives: the proxy must wait it out, not cut it. */
const SLOW_CI_MS = 1_500;
const IN_FLIGHT = 5;
/** The build (tsc) and the offline install take a while on a loaded machine; both run once for the file. */
const SETUP_TIMEOUT_MS = 240_000;

let folder: string;
let emu: RunningEmulator;
let alice: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'proxy-app-'));
  packageProxy(folder);
  // What the README tells operators to run where they deploy the folder; the registry is reachable, the cache is warm.
  await promisify(execFile)('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: folder,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  emu = await startEmulator();
  alice = `Bearer ${await requestUserToken(emu.entraUrl, 'alice')}`;
}, SETUP_TIMEOUT_MS);
afterAll(async () => {
  await emu?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** The proxy's settings pointed at the emulator, without HOST: where it listens is the platform's default. */
function appServiceEnv(): Record<string, string> {
  const { HOST: _host, ...settings } = localProxyEnv(emu.ciUrl, emu.entraUrl, 0);
  return { ...settings, WEBSITE_SITE_NAME: 'contoso-ci-proxy', PORT: '0', LOG_LEVEL: 'info' };
}

async function startInFolder(env: Record<string, string>): Promise<{ proc: SpawnedProcess; port: number }> {
  const proc = spawnNpmStart(env, folder);
  const listening = await proc.waitFor(/proxy listening on http:\/\/[^\s"/]+:(\d+)\/api/);
  return { proc, port: Number(listening[1]) };
}

const purchase = (n: number) => ({
  TransactionId: 900_000_000 + n,
  CustomerNumber: 'CN-0000012',
  TransactionTime: '2025-02-01T09:30:00Z',
  StoreId: 'STORE-SEA-01',
  Amount: 19.99,
});

/** True while any process of the group `pgid` (npm and whatever it started) is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

test('the folder holds the build, package.json and lockfile; the production install has no dev tools', () => {
  for (const file of [...PACKAGE_FILES, 'dist/proxy/main.js', 'dist/apiDefinition.swagger.json']) {
    expect(existsSync(path.join(folder, file))).toBe(true);
  }
  const installed = readdirSync(path.join(folder, 'node_modules'));
  expect(installed).toEqual(expect.arrayContaining(['express', '@azure']));
  for (const devTool of ['tsx', 'typescript', 'jest', 'esbuild']) expect(installed).not.toContain(devTool);
});

test('with App Service variables it listens on all interfaces: /healthz and a real call answer on 127.0.0.2', async () => {
  const { proc, port } = await startInFolder(appServiceEnv());
  try {
    // 127.0.0.2 is this machine too, but a socket bound to 127.0.0.1 only would refuse it.
    const other = `http://127.0.0.2:${port}`;
    expect((await fetch(`${other}/healthz`)).status).toBe(200);
    const res = await fetch(`${other}/api/instances`, { headers: { authorization: alice } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: Array<{ instanceId: string }> };
    expect(body.value.map((i) => i.instanceId)).toContain(PROD);
    // The usage page's files ship with the build, msal-browser with the production install.
    for (const file of ['usage', 'usage/usage.js', 'usage/msal-browser.min.js']) {
      expect((await fetch(`${other}/${file}`)).status).toBe(200);
    }
  } finally {
    await proc.stop();
  }
});

test('SIGTERM to npm start: creates in flight against a slow CI all finish 201, then no process is left', async () => {
  const { proc, port } = await startInFolder(appServiceEnv());
  try {
    const url = `http://127.0.0.1:${port}/api/instances/${PROD}/activities/PoS_posPurchases`;
    emu.ci.faults.arm({ match: { method: 'POST' }, count: IN_FLIGHT, fault: { kind: 'delay', ms: SLOW_CI_MS } });
    emu.ci.requests.clear();
    const creates = Array.from({ length: IN_FLIGHT }, (_, n) =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: alice, 'content-type': 'application/json' },
        body: JSON.stringify(purchase(n)),
      }).then(async (res) => ({ status: res.status, body: await res.text() })),
    );
    // SIGTERM once CI holds every create, i.e. while the proxy waits for CI's answers.
    const deadline = Date.now() + 10_000;
    while (emu.ci.requests.list().filter((r) => r.method === 'POST').length < IN_FLIGHT && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(emu.ci.requests.list().filter((r) => r.method === 'POST')).toHaveLength(IN_FLIGHT);
    process.kill(proc.child.pid!, 'SIGTERM');
    const signalledAt = Date.now();

    const answers = await Promise.all(creates);
    expect(answers.map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(201));
    expect(await proc.exited).toBe(0);
    // It stops once the answers are out, not at the end of the grace period (keep-alive connections left open).
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_GRACE_MS / 2);
    expect(proc.output()).toMatch(/"signal":"SIGTERM".*shutting down/);
    // npm waited for the proxy: nothing of its process group survives, and nothing listens on the port any more.
    expect(groupAlive(proc.child.pid!)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  } finally {
    emu.ci.faults.clear();
    await proc.stop();
  }
});

test('npm start with an incomplete configuration stops, naming every missing setting', async () => {
  const proc = spawnNpmStart({ CI_SUBSCRIPTION_KEY: 'x', WEBSITE_SITE_NAME: 'contoso-ci-proxy', PORT: '0' }, folder);
  expect(await proc.exited).not.toBe(0);
  for (const name of ['ENTRA_TENANT_ID', 'PROXY_CLIENT_ID', 'PROXY_APP_ID_URI', 'PROXY_CLIENT_SECRET']) {
    expect(proc.output()).toContain(name);
  }
  expect(proc.output()).not.toMatch(/listening/);
});
