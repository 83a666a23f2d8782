/**
 * The processes under test: the emulator (CI + Entra stand-in) and the proxy, each a child process started the way
 * `npm run emulator` / `npm run proxy` start them, on loopback ports chosen by the OS. The proxy gets the local
 * settings of `npm start` (scripts/local-settings.ts) plus the bench's raised rate limit. For the floor phases:
 * the replaying upstream, the two pass-throughs and the compiled proxy (dist/, plain node) in front of it.
 */
import { join } from 'node:path';
import { INSTANCES } from '../emulator/well-known';
import { localProxyEnv } from '../scripts/local-settings';
import { buildProxy } from '../scripts/proxy-build';
import { REPO_ROOT, startScript, type ScriptProcess } from './child-process';
import { BENCH_RATE_LIMIT_PER_MINUTE } from './constants';

export interface EmulatorProcess {
  process: ScriptProcess;
  ciUrl: string;
  entraUrl: string;
}

export interface ProxyProcess {
  process: ScriptProcess;
  /** Base URL; the contract's paths start at `${url}/api`. */
  url: string;
}

/** Starts `emulator/main.ts` on free ports and reads its URLs from the startup banner. */
export async function startEmulatorProcess(logDir: string): Promise<EmulatorProcess> {
  const proc = await startScript(
    'emulator',
    'emulator/main.ts',
    { EMULATOR_HOST: '127.0.0.1', EMULATOR_CI_PORT: '0', EMULATOR_ENTRA_PORT: '0' },
    [/CI API \(APIM surface\):\s+(http:\/\/\S+)\/v1\/instances/, /Entra ID stand-in:\s+(http:\/\/\S+)/],
    logDir,
  );
  return { process: proc, ciUrl: proc.ready[0][0], entraUrl: proc.ready[1][0] };
}

/** Starts `proxy/main.ts` against the emulator (OBO mode, info logging to its log file, as deployed). */
export async function startProxyProcess(emulator: EmulatorProcess, logDir: string): Promise<ProxyProcess> {
  const env = {
    ...localProxyEnv(emulator.ciUrl, emulator.entraUrl, 0),
    RATE_LIMIT_PER_MINUTE: String(BENCH_RATE_LIMIT_PER_MINUTE),
  };
  const proc = await startScript('proxy', 'proxy/main.ts', env, [/proxy listening on (http:\/\/\S+)\/api/], logDir);
  return { process: proc, url: proc.ready[0][0] };
}

/** The fast replaying upstream (bench/servers/replay-upstream.ts), recording from the CI emulator until sealed. */
export interface ReplayUpstream {
  process: ScriptProcess;
  url: string;
  /** Stops recording: from now on only recorded answers are served. Resolves to how many it holds. */
  seal(): Promise<number>;
}

export async function startReplayUpstream(emulator: EmulatorProcess, logDir: string): Promise<ReplayUpstream> {
  const proc = await startScript(
    'replay-upstream',
    'bench/servers/replay-upstream.ts',
    { REPLAY_ORIGIN: emulator.ciUrl },
    [/replay upstream listening on (http:\/\/\S+)/],
    logDir,
  );
  const url = proc.ready[0][0];
  return {
    process: proc,
    url,
    async seal() {
      const res = await fetch(`${url}/_replay/seal`, { method: 'POST' });
      if (res.status !== 200) throw new Error(`sealing the replay upstream: ${res.status}`);
      return ((await res.json()) as { recorded: number }).recorded;
    },
  };
}

export interface PassThroughs {
  process: ScriptProcess;
  bareUrl: string;
  leanUrl: string;
}

/** The bare `node:http` + undici and the lean Express 5 pass-throughs (bench/servers/pass-throughs.ts). */
export async function startPassThroughs(upstreamUrl: string, logDir: string): Promise<PassThroughs> {
  const proc = await startScript(
    'pass-throughs',
    'bench/servers/pass-throughs.ts',
    { UPSTREAM_URL: upstreamUrl, SUBSCRIPTION_KEY: INSTANCES.production.primaryKey },
    [/bare pass-through listening on (http:\/\/\S+)/, /lean pass-through listening on (http:\/\/\S+)/],
    logDir,
  );
  return { process: proc, bareUrl: proc.ready[0][0], leanUrl: proc.ready[1][0] };
}

/** Compiles the proxy as `npm run build` does (into dist/) and returns the script a deployment runs. */
export function buildCompiledProxy(): string {
  buildProxy(join(REPO_ROOT, 'dist'));
  return join(REPO_ROOT, 'dist', 'proxy', 'main.js');
}

/**
 * Runs the compiled proxy under plain `node` (as deployed) against `ciUrl` (the replaying upstream), with the Entra
 * stand-in for its tokens and the bench's raised rate limit; `env` adds settings (REDIS_URL). With BENCH_CPU_PROF set
 * to a folder, the process writes a V8 CPU profile there when it exits (`node --cpu-prof`).
 */
export async function startCompiledProxy(
  name: string,
  mainJs: string,
  ciUrl: string,
  emulator: EmulatorProcess,
  logDir: string,
  env: Record<string, string> = {},
): Promise<ProxyProcess> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const node = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${name}.cpuprofile`] : [];
  const proc = await startScript(
    name,
    mainJs,
    {
      ...localProxyEnv(ciUrl, emulator.entraUrl, 0),
      RATE_LIMIT_PER_MINUTE: String(BENCH_RATE_LIMIT_PER_MINUTE),
      ...env,
    },
    [/proxy listening on (http:\/\/\S+)\/api/],
    logDir,
    { node },
  );
  return { process: proc, url: proc.ready[0][0] };
}
