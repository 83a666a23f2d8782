/** `npm run build`: the compiled proxy in dist/ (scripts/proxy-build.ts), which `npm start` runs in production. */
import path from 'node:path';
import { buildProxy, REPO_ROOT } from './proxy-build';

const outDir = path.join(REPO_ROOT, 'dist');
buildProxy(outDir);
console.log(`built ${path.relative(process.cwd(), outDir) || '.'}/proxy/main.js`);
