/**
 * Real processes for the end-to-end suite: the repository's entry points run with this Node binary and tsx's CLI,
 * exactly as `npm run emulator` / `npm run proxy` / `npm start` run them, on loopback ports chosen by the OS (port 0,
 * read back from what each process prints). Output is kept so a failure message shows what the process said.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { localProxyEnv } from '../../scripts/local-settings';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TSX_CLI = require.resolve('tsx/cli');

/** How long a process has to print its ready line or answer its health check, in milliseconds. */
export const STARTUP_TIMEOUT_MS = 20_000;
/** How long a stopped process has to exit after SIGTERM before it gets SIGKILL, in milliseconds. */
const STOP_GRACE_MS = 5_000;
const HEALTH_POLL_INTERVAL_MS = 50;
/** How much of a process's output a failure message quotes, in characters. */
const OUTPUT_TAIL_CHARS = 4_000;

/** Settings a developer's shell might carry that would turn `npm start` into production mode (scripts/local-settings.ts). */
const DEPLOYMENT_SETTING = /^(CI_|ENTRA_|PROXY_|UPSTREAM_|JWKS_URI$|EMULATOR_|PORT$|HOST$)/;

export interface SpawnedProcess {
  readonly child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved as received. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the whole process group (tsx runs the script in a child), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/** The parent environment without settings that would change what the spawned entry point does. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!DEPLOYMENT_SETTING.test(name)) env[name] = value;
  // The printed commands call `node`; make sure it is this Node.
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  return { ...env, ...extra };
}

/** Runs `script` (relative to `cwd`, by default the repository root) with tsx in its own process group. */
export function spawnScript(script: string, env: Record<string, string>, cwd: string = REPO_ROOT): SpawnedProcess {
  return spawnCommand(process.execPath, [TSX_CLI, script], env, cwd, script);
}

/**
 * Runs `script` in one Node process with tsx's loader (`node --import tsx`), so a SIGTERM reaches the script itself:
 * tsx's CLI relays signals to its child but kills it when it does not confirm within 30 ms, which a loaded machine
 * can miss, cutting short a shutdown under test.
 */
export function spawnScriptOneProcess(
  script: string,
  env: Record<string, string>,
  cwd: string = REPO_ROOT,
): SpawnedProcess {
  return spawnCommand(process.execPath, ['--import', 'tsx', script], env, cwd, script);
}

/**
 * `npm start` in `cwd`, exactly as an operator or App Service runs it (npm from PATH, run by this Node), in its own
 * process group; `child.pid` is npm's, the process a platform signals.
 */
export function spawnNpmStart(env: Record<string, string>, cwd: string = REPO_ROOT): SpawnedProcess {
  return spawnCommand('npm', ['start'], env, cwd, 'npm start');
}

/** Runs `command` in its own process group (so `stop()` reaches every process it starts), output captured. */
function spawnCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  label: string,
): SpawnedProcess {
  const child = spawn(command, args, {
    cwd,
    env: cleanEnv(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      for (const l of listeners) l();
    });
  });
  const describe = () => `${label} (pid ${child.pid}) printed:\n${text.slice(-OUTPUT_TAIL_CHARS)}`;
  return {
    child,
    exited,
    output: () => text,
    waitFor(pattern, timeoutMs = STARTUP_TIMEOUT_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) finish(() => resolve(match));
          else if (child.exitCode !== null || child.signalCode !== null)
            finish(() => reject(new Error(`exited before printing ${pattern}; ${describe()}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no ${pattern} after ${timeoutMs} ms; ${describe()}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, 'SIGTERM');
      const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

export interface EmulatorProcess {
  process: SpawnedProcess;
  ciUrl: string;
  entraUrl: string;
}

/** `npm run emulator` on free ports, `settings` on top (e.g. EMULATOR_WRITE_BODY_FORM); resolves once its banner shows both URLs. */
export async function startEmulatorProcess(settings: Record<string, string> = {}): Promise<EmulatorProcess> {
  const proc = spawnScript('emulator/main.ts', { EMULATOR_CI_PORT: '0', EMULATOR_ENTRA_PORT: '0', ...settings });
  try {
    const ci = await proc.waitFor(/CI API \(APIM surface\):\s+(http:\/\/\S+)\/v1\/instances/);
    const entra = await proc.waitFor(/Entra ID stand-in:\s+(http:\/\/\S+)/);
    return { process: proc, ciUrl: ci[1], entraUrl: entra[1] };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

export interface ProxyProcess {
  process: SpawnedProcess;
  url: string;
}

/**
 * `npm run proxy` configured as the local stack configures it (scripts/local-settings.ts), with `settings` on top
 * (an empty value removes a variable); resolves once `/healthz` answers 200. `oneProcess`: see spawnScriptOneProcess.
 */
export async function startProxyProcess(
  emulator: Pick<EmulatorProcess, 'ciUrl' | 'entraUrl'>,
  settings: Record<string, string> = {},
  options: { oneProcess?: boolean } = {},
): Promise<ProxyProcess> {
  // The port is read from the "listening" line, which is logged at info.
  const env: Record<string, string> = { ...localProxyEnv(emulator.ciUrl, emulator.entraUrl, 0), LOG_LEVEL: 'info' };
  for (const [name, value] of Object.entries(settings)) {
    if (value === '') delete env[name];
    else env[name] = value;
  }
  const proc = (options.oneProcess ? spawnScriptOneProcess : spawnScript)('proxy/main.ts', env);
  try {
    const listening = await proc.waitFor(/proxy listening on (http:\/\/[^\s"/]+)\/api/);
    const url = listening[1];
    await waitHealthy(url, proc);
    return { process: proc, url };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

async function waitHealthy(url: string, proc: SpawnedProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const res = await fetch(`${url}/healthz`).catch(() => undefined);
    if (res?.status === 200) return;
    if (Date.now() > deadline || proc.child.exitCode !== null) {
      throw new Error(`${url}/healthz never answered 200; proxy printed:\n${proc.output().slice(-OUTPUT_TAIL_CHARS)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_INTERVAL_MS));
  }
}
