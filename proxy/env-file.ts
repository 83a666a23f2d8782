/**
 * Settings from a file: `.env` in the working directory, read when present (the format of Node's `--env-file`,
 * parsed by `util.parseEnv`). Variables already in the environment win, so a deployment's real settings are never
 * overridden by a file left behind. Called first by every start path (`npm start`, `npm run proxy`), which then say
 * which file they read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

export const ENV_FILE = '.env';

export interface EnvFileResult {
  /** The absolute path read, or undefined when there is no file. */
  file?: string;
  /** Names the file set (those already in the environment are not among them). */
  applied: string[];
}

/** Reads `<dir>/.env` into `env` without overwriting what is set; returns what it did. */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, dir: string = process.cwd()): EnvFileResult {
  const file = resolve(dir, ENV_FILE);
  if (!existsSync(file)) return { applied: [] };
  const applied: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    applied.push(name);
  }
  return { file, applied };
}

/** The startup line naming the settings file. */
export function describeEnvFile(result: EnvFileResult): string {
  return result.file
    ? `settings: read ${result.file} (variables already set in the environment win)`
    : `settings: no ${ENV_FILE} file in ${process.cwd()}; using the environment only`;
}
