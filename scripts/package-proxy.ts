/**
 * `npm run package:proxy [-- --out <dir>]`: the ready-to-deploy proxy folder (default `out/proxy-app`), holding
 * dist/, package.json, package-lock.json and the launcher; deploy it and run `npm ci --omit=dev && npm start`.
 */
import path from 'node:path';
import { packageProxy, REPO_ROOT } from './proxy-build';

const i = process.argv.indexOf('--out');
const folder = path.resolve(
  i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : path.join(REPO_ROOT, 'out', 'proxy-app'),
);
packageProxy(folder);
console.log(`proxy package written to ${folder}\nthere: npm ci --omit=dev && npm start`);
