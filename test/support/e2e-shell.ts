/**
 * Runs documented shell commands as a reader would paste them: bash, in the repository, with this Node first on
 * PATH. Also reads the fenced `sh` blocks out of a Markdown file, so the suite runs what the docs say.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cleanEnv, REPO_ROOT } from './e2e-processes';

/** Longest a pasted command sequence may run, in milliseconds. */
export const SHELL_TIMEOUT_MS = 15_000;

export interface ShellResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `script` with `bash -c` (bash, because the docs use arrays and `$(…)`). */
export function runBash(
  script: string,
  cwd: string = REPO_ROOT,
  env: Record<string, string> = {},
): Promise<ShellResult> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env: cleanEnv(env), timeout: SHELL_TIMEOUT_MS }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The lines of the first ```sh block after the heading that starts with `heading`. */
export function markdownShellBlock(file: string, heading: string): string[] {
  const text = readFileSync(file, 'utf8');
  const at = text.split('\n').findIndex((line) => /^#+ /.test(line) && line.replace(/^#+ /, '').startsWith(heading));
  if (at < 0) throw new Error(`${file} has no heading "${heading}"`);
  const rest = text.split('\n').slice(at + 1);
  const open = rest.findIndex((line) => /^```(sh|bash|shell)\s*$/.test(line));
  const close = rest.findIndex((line, i) => i > open && line.startsWith('```'));
  if (open < 0 || close < 0) throw new Error(`${file}: no sh block under "${heading}"`);
  return rest.slice(open + 1, close);
}
