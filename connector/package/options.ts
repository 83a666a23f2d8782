/** Command-line options of `npm run connector:package`, validated before anything is written. */
import { GUID_PATTERN } from '../lint/constants';
import { hostProblem } from '../lint/rules/document-rules';
import { isAppIdUri } from '../lint/rules/properties-rules';

export interface PackageOptions {
  /** The proxy's public host name, optionally with a port: becomes `host` of the swagger. */
  host: string;
  /** The proxy's App ID URI: becomes the OAuth `resourceUri`. */
  resource: string;
  /** The folder to write; defaults to `out/connector-<host>` under the repo. */
  out?: string;
  /** The connector app registration's client id, when it differs from the committed one. */
  clientId?: string;
  /** The Power Platform environment id written into settings.json for paconn / pac. */
  environment?: string;
  /** The existing connector's id, for updates. */
  connectorId?: string;
}

export const USAGE =
  'usage: npm run connector:package -- --host <proxy host> --resource <App ID URI> ' +
  '[--out <dir>] [--client-id <guid>] [--environment <guid>] [--connector-id <id>]';

const FLAGS: Record<string, keyof PackageOptions> = {
  '--host': 'host',
  '--resource': 'resource',
  '--out': 'out',
  '--client-id': 'clientId',
  '--environment': 'environment',
  '--connector-id': 'connectorId',
};

/** Parses and checks the arguments; returns the options or every problem found, each naming its flag. */
export function parsePackageOptions(argv: string[]): { options?: PackageOptions; problems: string[] } {
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
  const { host, resource, clientId, environment } = values;
  if (host === undefined) problems.push('--host is required');
  else {
    const problem = hostProblem(host);
    if (problem) problems.push(`--host: ${problem} (give a bare name such as ci-proxy.example.com)`);
  }
  if (resource === undefined) problems.push('--resource is required');
  else if (!isAppIdUri(resource))
    problems.push(`--resource: "${resource}" is not an App ID URI (for example api://ci-proxy)`);
  if (clientId !== undefined && !GUID_PATTERN.test(clientId)) problems.push(`--client-id: "${clientId}" is not a GUID`);
  if (environment !== undefined && !GUID_PATTERN.test(environment))
    problems.push(`--environment: "${environment}" is not a GUID`);
  if (problems.length > 0) return { problems };
  return { options: values as PackageOptions, problems };
}
