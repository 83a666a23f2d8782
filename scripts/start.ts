/**
 * `npm start`. Unconfigured, it runs the local stack: the Entra ID stand-in, the Customer Insights emulator and the
 * proxy wired together on loopback, and prints how to call it. Once any deployment setting is present (CI_*, ENTRA_*,
 * PROXY_*, UPSTREAM_*, JWKS_URI) or NODE_ENV=production, it runs the proxy alone from the environment, exactly as
 * `npm run proxy` does, and never falls back to the emulator: an incomplete configuration stops startup.
 */
import { describeEnvFile, loadEnvFile } from '../proxy/env-file';
import { hasDeploymentSettings, leavingLocalStackLine } from './local-settings';

async function main(): Promise<void> {
  const envFile = loadEnvFile();
  if (hasDeploymentSettings(process.env)) {
    console.error(describeEnvFile(envFile));
    console.error(leavingLocalStackLine(process.env, envFile.applied));
    // The production entry point reads and validates the environment itself and exits on a wrong setting.
    await import('../proxy/main');
    return;
  }
  const { startLocalStack } = await import('./local-stack');
  const stack = await startLocalStack({
    proxyPort: portFromEnv('PORT', 7080),
    ciPort: portFromEnv('EMULATOR_CI_PORT', 7081),
    entraPort: portFromEnv('EMULATOR_ENTRA_PORT', 7082),
  });
  console.log(stack.banner);
  console.log(describeEnvFile(envFile));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`local stack: ${signal} received, shutting down`);
    stack.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Reads an optional port override; a wrong value stops startup with a message naming the variable. */
function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${name} must be a port number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
