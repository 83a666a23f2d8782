/**
 * The processes under test: the emulator (CI + Entra stand-in) and the proxy, each a child process started the way
 * `npm run emulator` / `npm run proxy` start them, on loopback ports chosen by the OS. The proxy gets the local
 * settings of `npm start` (scripts/local-settings.ts) plus the bench's raised rate limit.
 */
import { localProxyEnv } from '../scripts/local-settings';
import { startScript, type ScriptProcess } from './child-process';
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
