/**
 * `npm run proxy`: configuration from the environment (stops with one line per wrong setting), contract and registry
 * checked before listening (stops naming any operationId that drifts), then serve until SIGTERM/SIGINT.
 * `--contract <file>` loads another connector definition (used by the drift test).
 */
import { ConfigError, loadConfig, type ProxyConfig } from './config';
import { describeEnvFile, loadEnvFile } from './env-file';
import { detectHostingPlatform } from './hosting';
import { startProxy } from './server';

function contractArgument(argv: string[]): string | undefined {
  const i = argv.indexOf('--contract');
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const envFile = loadEnvFile();
  let config: ProxyConfig;
  const hostingPlatform = detectHostingPlatform(process.env);
  try {
    config = loadConfig(process.env, { hostingPlatform });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(
      `The proxy cannot start: its configuration is incomplete or wrong (${describeEnvFile(envFile)}).\n`,
    );
    for (const problem of err.problems) process.stderr.write(`  - ${problem}\n`);
    process.stderr.write('See docs/settings.md (and .env.example) for every setting.\n');
    process.exit(1);
  }
  const proxy = await startProxy(config, { contractFile: contractArgument(process.argv) });
  proxy.logger.info(
    {
      url: proxy.url,
      host: config.http.host,
      ...(hostingPlatform ? { hostingPlatform } : {}),
      ciBaseUrl: config.upstream.ciBaseUrl,
      authMode: config.upstream.authMode,
      settingsFile: envFile.file ?? null,
      ...(proxy.metricsUrl ? { metricsUrl: proxy.metricsUrl } : {}),
      telemetry: config.telemetry.connectionString ? 'application-insights' : 'off',
    },
    `proxy listening on ${proxy.url}/api`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    proxy.logger.info({ signal }, 'shutting down');
    proxy.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`The proxy cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
