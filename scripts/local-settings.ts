/**
 * The proxy settings that wire it to a local emulator: the same variables a production deployment sets, pointed at
 * the Entra stand-in and the CI emulator with the well-known development identities. Used by `npm start` and the
 * end-to-end tests, so both run the proxy exactly as configured from an environment.
 */
import { INSTANCES, PROXY_APP, TENANT_ID, USAGE_PAGE_APP } from '../emulator/well-known';

export function localProxyEnv(ciUrl: string, entraUrl: string, port: number): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    CI_API_BASE_URL: `${ciUrl}/v1`,
    CI_SUBSCRIPTION_KEY: INSTANCES.production.primaryKey,
    CI_SUBSCRIPTION_KEYS: JSON.stringify({
      [INSTANCES.production.instanceId]: INSTANCES.production.primaryKey,
      [INSTANCES.sandbox.instanceId]: INSTANCES.sandbox.primaryKey,
    }),
    ENTRA_TENANT_ID: TENANT_ID,
    ENTRA_ENDPOINT_OVERRIDE: entraUrl,
    PROXY_CLIENT_ID: PROXY_APP.clientId,
    PROXY_APP_ID_URI: PROXY_APP.appIdUri,
    PROXY_CLIENT_SECRET: PROXY_APP.clientSecret,
    USAGE_PAGE_CLIENT_ID: USAGE_PAGE_APP.clientId,
  };
}

/** The settings for a real deployment the environment carries (NODE_ENV=production counts as one), sorted. */
export function deploymentSettingNames(env: Record<string, string | undefined>): string[] {
  const names = Object.keys(env).filter(
    (name) => /^(CI_|ENTRA_|PROXY_|UPSTREAM_|JWKS_URI$)/.test(name) && env[name] !== '' && env[name] !== undefined,
  );
  if (env.NODE_ENV === 'production') names.push('NODE_ENV=production');
  return names.sort();
}

/** True when the environment carries any setting for a real deployment: then `npm start` never uses the emulator. */
export function hasDeploymentSettings(env: Record<string, string | undefined>): boolean {
  return deploymentSettingNames(env).length > 0;
}

/** Why `npm start` serves a real Customer Insights instead of the local stack, naming the settings (and file). */
export function leavingLocalStackLine(env: Record<string, string | undefined>, fromFile: string[] = []): string {
  const names = deploymentSettingNames(env).map((n) => (fromFile.includes(n) ? `${n} (from .env)` : n));
  const shown = names.length > 4 ? [...names.slice(0, 4), `${names.length - 4} more`] : names;
  return (
    `npm start: production mode, because ${shown.join(', ')} ${names.length === 1 ? 'is' : 'are'} set: the proxy ` +
    'alone serves the real Customer Insights (unset them, or remove .env, for the built-in stand-ins).'
  );
}
