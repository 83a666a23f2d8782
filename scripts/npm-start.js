/**
 * `npm start`, the one command for development and production. package.json runs it as
 * `exec node scripts/npm-start.js`: `exec` makes this Node process npm's direct child (without it, `sh -c` stays in
 * between and takes the SIGTERM npm forwards, leaving the proxy serving as an orphan), so the SIGTERM that App
 * Service or a container runtime sends reaches the proxy, which then lets requests in flight finish. Everything runs
 * in this one process: no wrapper process that could swallow the signal. Plain JavaScript because a production
 * install (`npm ci --omit=dev`) has no TypeScript runner.
 *
 * - A development checkout (tsx installed): scripts/start.ts through tsx's loader, in this process. It reads .env and
 *   runs the local stack, or, with deployment settings, the proxy from its sources.
 * - A production install or the folder `npm run package:proxy` writes: the compiled proxy, dist/proxy/main.js, under
 *   plain Node. It reads .env and the environment itself and stops naming each wrong setting.
 */
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const PROXY_MAIN = path.join(__dirname, '..', 'dist', 'proxy', 'main.js');
const DEVELOPMENT_START = path.join(__dirname, 'start.ts');

/** True in a development checkout: tsx and the local stack's launcher are installed. */
function isDevelopmentCheckout() {
  try {
    require.resolve('tsx/cjs');
    return existsSync(DEVELOPMENT_START);
  } catch {
    return false;
  }
}

if (isDevelopmentCheckout()) {
  // tsx's loader for both module systems, as `node --import tsx` registers it (scripts/start.ts uses import()).
  import('tsx').then(() => require(DEVELOPMENT_START));
} else if (existsSync(PROXY_MAIN)) {
  require(PROXY_MAIN);
} else {
  process.stderr.write(
    'npm start: this install has neither the development tools nor the compiled proxy (dist/). Deploy the folder ' +
      '`npm run package:proxy` writes, or build one with `npm ci && npm run build`.\n',
  );
  process.exitCode = 1;
}
