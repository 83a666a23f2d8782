/**
 * The production build of the proxy: `npm run build` compiles proxy/ with tsc (tsconfig.build.json) into dist/ and
 * adds the files it loads at run time, so `node dist/proxy/main.js` runs under plain Node without TypeScript tools.
 * `npm run package:proxy` puts that build next to package.json, the lockfile and the `npm start` launcher: a folder
 * that `npm ci --omit=dev && npm start` (or `node dist/proxy/main.js`) runs anywhere Node runs (README "Deploying").
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
const TSC = require.resolve('typescript/bin/tsc');

/**
 * Files and folders the compiled proxy reads at run time, relative to the repository root and to dist/ alike: the
 * connector definition is the proxy's contract (proxy/contract/load-contract.ts looks for it two folders above
 * itself); the usage page's static files sit beside the compiled routes that serve them (proxy/usage-page/routes.ts).
 */
export const RUNTIME_ASSETS = ['apiDefinition.swagger.json', 'proxy/usage-page/static'];

/** What the deployable folder holds besides dist/: the install manifest, its lockfile and `npm start`'s launcher. */
export const PACKAGE_FILES = ['package.json', 'package-lock.json', 'scripts/npm-start.js'];

/** Compiles the proxy into `outDir` (emptied first) and copies its run-time assets; throws with tsc's output. */
export function buildProxy(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [TSC, '-p', path.join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', outDir], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
  } catch (err) {
    const out = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`tsc failed:\n${String(out.stdout ?? '')}${String(out.stderr ?? '')}`);
  }
  for (const asset of RUNTIME_ASSETS)
    cpSync(path.join(REPO_ROOT, asset), path.join(outDir, asset), { recursive: true });
}

/** Writes the ready-to-deploy folder: `folder/dist` plus PACKAGE_FILES (the folder is emptied first). */
export function packageProxy(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  buildProxy(path.join(folder, 'dist'));
  for (const file of PACKAGE_FILES) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    copyFileSync(path.join(REPO_ROOT, file), path.join(folder, file));
  }
}
