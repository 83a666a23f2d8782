/**
 * The local stack behind `npm start`: emulator (CI + Entra stand-in) and proxy in one process, the proxy configured
 * through the same environment variables a deployment uses (see local-settings.ts), talking to the emulator only
 * over HTTP. This launcher is the one place that wires the two together.
 */
import { startEmulator } from '../emulator';
import { requestUserToken } from '../emulator/entra/dev-tokens';
import { INSTANCES, TENANT_ID, USERS } from '../emulator/well-known';
import { loadConfig } from '../proxy/config';
import { startProxy } from '../proxy/server';
import { localProxyEnv } from './local-settings';
import { explainListenError, localStackPorts } from './port-in-use';

export interface LocalStackOptions {
  proxyPort: number;
  ciPort: number;
  entraPort: number;
  /** The proxy's LOG_LEVEL (default: the proxy's default); tests pass 'silent'. */
  logLevel?: string;
}

export interface LocalStack {
  proxyUrl: string;
  ciUrl: string;
  entraUrl: string;
  /** What `npm start` prints: URLs, identities and a copy-paste command with a valid token. */
  banner: string;
  close(): Promise<void>;
}

/** The seeded web store that the printed example posts to, and the Customer column holding its customer key. */
const EXAMPLE_ENTITY = 'WebStore_webPurchases';
const EXAMPLE_KEY_COLUMN = 'WebStore_webCustomers_WebCustomerId';

/**
 * Starts the emulator, then the proxy against it; if the proxy fails to start, the emulator is stopped too. A port
 * that cannot be had is reported naming the service and the variable that moves it (port-in-use.ts).
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const ports = localStackPorts(options);
  const emu = await startEmulator({ ciPort: options.ciPort, entraPort: options.entraPort }).catch(async (err) => {
    throw await explainListenError(err, ports);
  });
  try {
    const env = localProxyEnv(emu.ciUrl, emu.entraUrl, options.proxyPort);
    const config = loadConfig(options.logLevel ? { ...env, LOG_LEVEL: options.logLevel } : env);
    const proxy = await startProxy(config, { now: emu.clock.now });
    const token = await requestUserToken(emu.entraUrl, 'alice');
    const instanceId = INSTANCES.production.instanceId;
    const customer = emu.ci.store
      .batchRows(instanceId, 'Customer')
      .find((row) => typeof row[EXAMPLE_KEY_COLUMN] === 'string');
    if (!customer) throw new Error(`the seeded Customer table has no ${EXAMPLE_KEY_COLUMN} column`);
    const banner = renderBanner({
      proxyUrl: proxy.url,
      ciUrl: emu.ciUrl,
      entraUrl: emu.entraUrl,
      token,
      instanceId,
      customerId: String(customer.CustomerId),
      webCustomerId: String(customer[EXAMPLE_KEY_COLUMN]),
    });
    return {
      proxyUrl: proxy.url,
      ciUrl: emu.ciUrl,
      entraUrl: emu.entraUrl,
      banner,
      async close() {
        await proxy.close();
        await emu.close();
      },
    };
  } catch (err) {
    await emu.close();
    throw await explainListenError(err, ports);
  }
}

interface BannerFacts {
  proxyUrl: string;
  ciUrl: string;
  entraUrl: string;
  token: string;
  instanceId: string;
  customerId: string;
  webCustomerId: string;
}

function renderBanner(f: BannerFacts): string {
  const api = `${f.proxyUrl}/api/instances/${f.instanceId}`;
  // The purchase id and time are made when the command runs, so it can be pasted again without a 409.
  const body =
    `'{"PurchaseId":"'$(node -p 'crypto.randomUUID()')'","WebCustomerId":"${f.webCustomerId}",` +
    `"PurchasedOn":"'$(node -p 'new Date().toISOString()')'","TotalAmount":"49.90","Currency":"EUR"}'`;
  return [
    'LOCAL STACK: this is the built-in emulator of Customer Insights and Entra ID, not a real environment.',
    '(Set the proxy settings of docs/settings.md, or NODE_ENV=production, to serve a real Customer Insights.)',
    '',
    `  proxy (the connector's backend)  ${f.proxyUrl}/api      health: ${f.proxyUrl}/healthz`,
    `  usage page (in a browser)        ${f.proxyUrl}/usage    sign in as a user below (password: the name)`,
    `  Customer Insights emulator       ${f.ciUrl}/v1/instances`,
    `  Entra ID stand-in                ${f.entraUrl}   tenant ${TENANT_ID}`,
    `  environments                     ${Object.values(INSTANCES)
      .map((i) => `${i.name} ${i.instanceId}`)
      .join(', ')}`,
    `  users                            ${Object.keys(USERS).join(', ')} (npm run -s token -- --user <name>; --app for app-only)`,
    '',
    "Try it: post a web purchase for a seeded customer, then read the customer's timeline (newest first).",
    "The token below is alice's and lasts an hour; get a fresh one with TOKEN=$(npm run -s token).",
    '',
    `TOKEN=${f.token}`,
    `curl -s -X POST "${api}/activities/${EXAMPLE_ENTITY}?keepForDays=7" -H "Authorization: Bearer $TOKEN" ` +
      `-H 'Content-Type: application/json' -d ${body} && echo && ` +
      `curl -s "${api}/profiles/${f.customerId}/activities?top=1" -H "Authorization: Bearer $TOKEN"; echo`,
    '',
    'Stop with Ctrl+C.',
  ].join('\n');
}
