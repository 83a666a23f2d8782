/**
 * Runs a repository script (emulator/main.ts, proxy/main.ts) as a child process through the tsx CLI, exactly as
 * `npm run emulator|proxy` would, with its output in a log file; waits for its startup lines and reads the memory of
 * the Node process that actually serves (tsx's CLI runs the script in a child of its own).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BYTES_PER_KIB, STARTUP_POLL_MS, STARTUP_TIMEOUT_MS, STOP_TIMEOUT_MS } from './constants';

export const REPO_ROOT = join(__dirname, '..');

export interface ScriptProcess {
  name: string;
  logFile: string;
  /** Capture groups of each startup pattern, in the order given. */
  ready: string[][];
  /** Pid of the Node process running the script (not the tsx wrapper). */
  serverPid: number;
  /** Resident set size of the serving process, from /proc/<pid>/status VmRSS. */
  rssBytes(): number;
  /** SIGTERM, then SIGKILL after STOP_TIMEOUT_MS; resolves when the wrapper has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `script` with `env` added to this process's environment; resolves once every pattern matched its log.
 * A TypeScript script runs through the tsx CLI (as `npm run …` does); `{ node: [...] }` runs compiled JavaScript
 * under plain `node` with those options (as a deployment does), the script then being the serving process itself.
 */
export async function startScript(
  name: string,
  script: string,
  env: Record<string, string>,
  patterns: RegExp[],
  logDir: string,
  plain?: { node: string[] },
): Promise<ScriptProcess> {
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const args = plain ? [...plain.node, script] : [require.resolve('tsx/cli'), script];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = await waitForLines(name, child, logFile, patterns);
    const serverPid = findServerPid(child.pid ?? -1, script);
    return {
      name,
      logFile,
      ready,
      serverPid,
      rssBytes: () => readRssBytes(serverPid),
      stop: () => stopChild(child, exited, serverPid),
    };
  } catch (err) {
    await stopChild(child, exited);
    throw err;
  }
}

async function waitForLines(
  name: string,
  child: ChildProcess,
  logFile: string,
  patterns: RegExp[],
): Promise<string[][]> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const text = readFileSync(logFile, 'utf8');
    const found = patterns.map((p) => p.exec(text));
    if (found.every((m) => m !== null)) return found.map((m) => (m as RegExpExecArray).slice(1));
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited during startup (code ${child.exitCode}); log ${logFile}:\n${tail(text)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${name} did not start within ${STARTUP_TIMEOUT_MS} ms; log ${logFile}:\n${tail(text)}`);
    }
    await new Promise((r) => setTimeout(r, STARTUP_POLL_MS));
  }
}

function tail(text: string): string {
  return text.split('\n').slice(-15).join('\n');
}

/** The child of the tsx wrapper whose command line runs `script`; the wrapper itself when tsx ran it in-process. */
function findServerPid(wrapperPid: number, script: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command name (field 2) may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== wrapperPid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(script)) return Number(entry);
    } catch {
      // The process ended while we looked: not ours.
    }
  }
  return wrapperPid;
}

/** VmRSS of a process in bytes (Linux). */
export function readRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * BYTES_PER_KIB;
}

async function stopChild(child: ChildProcess, exited: Promise<void>, serverPid?: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM'); // tsx relays it to the script, whose handler closes the server
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
    if (serverPid && serverPid !== child.pid) {
      try {
        process.kill(serverPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
