/** Command-line options of `npm run connector:package`, validated before anything is written. */
import { GUID_PATTERN } from '../lint/constants';
import { hostProblem } from '../lint/rules/document-rules';
import { isAppIdUri } from '../lint/rules/properties-rules';
import { environmentIdProblem, keyVaultSecretProblem, tenantProblem } from '../lint/identifiers';

export interface PackageOptions {
  /** The proxy's public host name, optionally with a port: becomes `host` of the swagger. */
  host: string;
  /** The proxy's App ID URI: becomes the OAuth `resourceUri`. */
  resource: string;
  /**
   * Where makers sign in: the connector app registration's tenant (GUID or verified domain) for a single-tenant
   * registration, `organizations` (or `common`) only for a multi-tenant one. Becomes the OAuth `tenantId`.
   */
  tenant: string;
  /** The connector app registration's client id; required, so the local stand-in's id is never shipped. */
  clientId: string;
  /** The folder to write; defaults to `out/connector-<host>` under the repo. */
  out?: string;
  /** The Power Platform environment id written into settings.json for paconn / pac (a GUID or `Default-<tenant>`). */
  environment?: string;
  /** The existing connector's id, for updates. */
  connectorId?: string;
  /** Solution unique name of the solution-aware package. */
  solution: string;
  /** Publisher unique name and customization prefix of that solution. */
  publisher: string;
  publisherPrefix: string;
  /** Solution version, four numbers. */
  solutionVersion: string;
  /** Azure resource id of the Key Vault secret holding the connector app's client secret (deployment settings). */
  keyVaultSecret?: string;
}

export const SOLUTION_DEFAULTS = {
  solution: 'CustomerInsightsRealtime',
  publisher: 'CIRealtime',
  publisherPrefix: 'cirt',
  solutionVersion: '1.0.0.0',
} as const;

export const USAGE = [
  'usage: npm run connector:package -- --host <proxy host> --resource <App ID URI>',
  '         --tenant <tenant GUID or domain> --client-id <connector app GUID> [options]',
  '',
  '  --host <name[:port]>        the proxy host, no scheme or path (ci-proxy.contoso.com)',
  "  --resource <App ID URI>     the proxy app registration's App ID URI (api://contoso-ci-proxy)",
  "  --tenant <id>               where makers sign in: the connector app's tenant GUID or domain",
  '                              (contoso.onmicrosoft.com) for a single-tenant registration;',
  '                              "organizations" only for a multi-tenant one',
  "  --client-id <GUID>          the connector app registration's application (client) id",
  '  --environment <id>          Power Platform environment id for settings.json (GUID or Default-<tenant GUID>)',
  '  --connector-id <id>         an existing connector to update (settings.json)',
  '  --out <dir>                 output folder (default out/connector-<host>)',
  `  --solution <name>           solution unique name (default ${SOLUTION_DEFAULTS.solution})`,
  `  --publisher <name>          solution publisher unique name (default ${SOLUTION_DEFAULTS.publisher})`,
  `  --publisher-prefix <p>      publisher customization prefix (default ${SOLUTION_DEFAULTS.publisherPrefix})`,
  `  --solution-version <v>      a.b.c.d (default ${SOLUTION_DEFAULTS.solutionVersion})`,
  "  --key-vault-secret <id>     resource id of the Key Vault secret with the connector app's client secret,",
  '                              written to solution/deployment-settings.json',
  '  --help                      this text',
].join('\n');

const FLAGS: Record<string, keyof PackageOptions> = {
  '--host': 'host',
  '--resource': 'resource',
  '--tenant': 'tenant',
  '--out': 'out',
  '--client-id': 'clientId',
  '--environment': 'environment',
  '--connector-id': 'connectorId',
  '--solution': 'solution',
  '--publisher': 'publisher',
  '--publisher-prefix': 'publisherPrefix',
  '--solution-version': 'solutionVersion',
  '--key-vault-secret': 'keyVaultSecret',
};

export interface ParsedPackageOptions {
  options?: PackageOptions;
  problems: string[];
  /** `--help` or `-h` was given: print USAGE and stop, successfully. */
  help?: boolean;
}

/** Parses and checks the arguments; returns the options or every problem found, each naming its flag. */
export function parsePackageOptions(argv: string[]): ParsedPackageOptions {
  if (argv.some((a) => a === '--help' || a === '-h')) return { problems: [], help: true };
  const problems: string[] = [];
  const values: Partial<Record<keyof PackageOptions, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const key = FLAGS[flag];
    if (!key) {
      problems.push(`unknown argument "${argv[i]}"`);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) problems.push(`${flag} needs a value`);
    else values[key] = value;
  }
  const { host, resource, tenant, clientId, environment } = values;
  if (host === undefined) problems.push('--host is required');
  else {
    const problem = hostProblem(host);
    if (problem) problems.push(`--host: ${problem} (give a bare name such as ci-proxy.example.com)`);
  }
  if (resource === undefined) problems.push('--resource is required');
  else if (!isAppIdUri(resource))
    problems.push(`--resource: "${resource}" is not an App ID URI (for example api://ci-proxy)`);
  if (tenant === undefined)
    problems.push(
      '--tenant is required: the tenant GUID or domain of the connector app registration ' +
        '(a single-tenant registration refuses sign-ins through "common" with AADSTS50194)',
    );
  else {
    const problem = tenantProblem(tenant);
    if (problem) problems.push(`--tenant: ${problem}`);
  }
  if (clientId === undefined)
    problems.push(
      '--client-id is required: the application (client) id of your connector app registration ' +
        "(the committed apiProperties.json carries the local stand-in's id, which no real tenant knows)",
    );
  else if (!GUID_PATTERN.test(clientId)) problems.push(`--client-id: "${clientId}" is not a GUID`);
  if (environment !== undefined) {
    const problem = environmentIdProblem(environment);
    if (problem) problems.push(`--environment: ${problem}`);
  }
  const solution = { ...SOLUTION_DEFAULTS, ...values };
  if (!/^[A-Za-z][A-Za-z0-9_]{0,64}$/.test(solution.solution))
    problems.push(`--solution: "${solution.solution}" must be letters, digits and "_", starting with a letter`);
  if (!/^[A-Za-z][A-Za-z0-9_]{0,64}$/.test(solution.publisher))
    problems.push(`--publisher: "${solution.publisher}" must be letters, digits and "_", starting with a letter`);
  if (!/^[a-z][a-z0-9]{1,7}$/.test(solution.publisherPrefix) || solution.publisherPrefix.startsWith('mscrm'))
    problems.push(
      `--publisher-prefix: "${solution.publisherPrefix}" must be 2 to 8 lowercase letters or digits, starting with a letter`,
    );
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(solution.solutionVersion))
    problems.push(`--solution-version: "${solution.solutionVersion}" must be four numbers such as 1.0.0.0`);
  if (values.keyVaultSecret !== undefined) {
    const problem = keyVaultSecretProblem(values.keyVaultSecret);
    if (problem) problems.push(`--key-vault-secret: ${problem}`);
  }
  if (problems.length > 0) return { problems };
  return { options: solution as PackageOptions, problems };
}
