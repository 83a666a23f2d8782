/**
 * Writes a ready-to-deploy connector folder for one environment: the committed swagger and apiProperties with that
 * environment's proxy host, App ID URI, sign-in tenant and connector client id, plus icon, readme and a settings.json
 * that both `paconn` and `pac connector` read; beside them `solution/` (the same connector as a Dataverse solution
 * with environment variables, for `pac solution import`) and `logic-apps/` (an ARM template of the connector for
 * Logic Apps Consumption). The committed files are only read.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { customApiParameters, customApiTemplate, managedIdentityHttpAction } from '../logic-apps/custom-api';
import { buildSolution } from '../solution/solution';
import type { PackageOptions } from './options';

export const PACKAGE_FILES = {
  swagger: 'apiDefinition.swagger.json',
  properties: 'apiProperties.json',
  icon: 'icon.png',
  readme: 'readme.md',
  settings: 'settings.json',
} as const;

/** Subfolders: the solution-aware package (pac solution import) and the Logic Apps (Consumption) ARM template. */
export const PACKAGE_DIRS = { solution: 'solution', logicApps: 'logic-apps' } as const;
export const DEPLOYMENT_SETTINGS_FILE = 'deployment-settings.json';
export const LOGIC_APPS_FILES = {
  template: 'customapi.template.json',
  parameters: 'customapi.parameters.json',
  managedIdentityAction: 'http-action-managed-identity.json',
} as const;

/** The default output folder: `out/connector-<host>` (out/ is git-ignored). */
export function defaultOutDir(repoRoot: string, host: string): string {
  return join(repoRoot, 'out', `connector-${host.replace(/[^A-Za-z0-9.-]/g, '-')}`);
}

/** The parts of apiProperties.json that packaging rewrites (the lint guarantees they exist in the committed file). */
interface PropertiesFile {
  properties: {
    connectionParameters: {
      token: {
        oAuthSettings: {
          clientId?: string | null;
          properties?: Record<string, unknown>;
          customParameters: { resourceUri: { value: string }; tenantId?: { value: string } };
        };
      };
    };
  };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The committed files packaging reads; none of them may be a file it writes. */
const committedSources = (repoRoot: string): string[] =>
  [
    PACKAGE_FILES.swagger,
    PACKAGE_FILES.properties,
    join('connector', PACKAGE_FILES.icon),
    join('connector', PACKAGE_FILES.readme),
    join('connector', PACKAGE_FILES.settings),
  ].map((f) => resolve(repoRoot, f));

/** Why the output folder cannot be used (it would overwrite a committed file), or undefined when it can. */
export function outDirProblem(repoRoot: string, options: PackageOptions): string | undefined {
  const out = resolve(options.out ?? defaultOutDir(repoRoot, options.host));
  const sources = committedSources(repoRoot);
  const clash = Object.values(PACKAGE_FILES)
    .map((f) => join(out, f))
    .find((f) => sources.includes(f));
  return clash ? `--out: ${out} would overwrite the committed ${clash}; choose another folder` : undefined;
}

/** The connector as packaged for one environment, in memory: what every output (folder, solution, ARM) is made of. */
export interface PackagedConnector {
  swagger: Record<string, unknown> & { host: string };
  properties: PropertiesFile & Record<string, unknown>;
  icon: Buffer;
  readme: string;
}

/** The committed files with the environment's host, App ID URI, sign-in tenant and connector client id. */
export function packagedConnector(repoRoot: string, options: PackageOptions): PackagedConnector {
  const swagger = readJson<PackagedConnector['swagger']>(join(repoRoot, PACKAGE_FILES.swagger));
  const properties = readJson<PackagedConnector['properties']>(join(repoRoot, PACKAGE_FILES.properties));
  swagger.host = options.host;
  const token = properties.properties.connectionParameters.token.oAuthSettings;
  token.customParameters.resourceUri.value = options.resource;
  // Entra signs makers in at this tenant: a single-tenant registration refuses "common" (AADSTS50194).
  token.customParameters.tenantId = { value: options.tenant };
  token.properties = { ...token.properties, AzureActiveDirectoryResourceId: options.resource };
  token.clientId = options.clientId;
  return {
    swagger,
    properties,
    icon: readFileSync(join(repoRoot, 'connector', PACKAGE_FILES.icon)),
    readme: readFileSync(join(repoRoot, 'connector', PACKAGE_FILES.readme), 'utf8'),
  };
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

/**
 * Why the client id cannot be shipped: the committed apiProperties.json carries the local Entra stand-in's connector
 * app, which exists in no real tenant (sign-in would fail with AADSTS700016).
 */
export function clientIdProblem(repoRoot: string, options: PackageOptions): string | undefined {
  const committed = readJson<PropertiesFile>(join(repoRoot, PACKAGE_FILES.properties)).properties.connectionParameters
    .token.oAuthSettings.clientId;
  return committed && committed.toLowerCase() === options.clientId.toLowerCase()
    ? `--client-id: ${options.clientId} is the local stand-in's connector app from the committed apiProperties.json; ` +
        "give your connector app registration's application (client) id"
    : undefined;
}

/** Every reason the options cannot be packaged in this repository (output folder, client id). */
export function packageProblems(repoRoot: string, options: PackageOptions): string[] {
  return [outDirProblem(repoRoot, options), clientIdProblem(repoRoot, options)].filter((p): p is string => !!p);
}

/** Builds the package and returns the folder it wrote; refuses options packageProblems() names. */
export function writePackage(repoRoot: string, options: PackageOptions): string {
  const [problem] = packageProblems(repoRoot, options);
  if (problem) throw new Error(problem);
  const out = resolve(options.out ?? defaultOutDir(repoRoot, options.host));
  const connector = packagedConnector(repoRoot, options);
  const settings = {
    ...(options.connectorId ? { connectorId: options.connectorId } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
    apiDefinition: PACKAGE_FILES.swagger,
    apiProperties: PACKAGE_FILES.properties,
    icon: PACKAGE_FILES.icon,
    powerAppsUrl: 'https://api.powerapps.com',
    powerAppsApiVersion: '2016-11-01',
    flowUrl: 'https://api.flow.microsoft.com',
    flowApiVersion: '2016-11-01',
  };

  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, PACKAGE_FILES.swagger), json(connector.swagger));
  writeFileSync(join(out, PACKAGE_FILES.properties), json(connector.properties));
  writeFileSync(join(out, PACKAGE_FILES.settings), json(settings));
  writeFileSync(join(out, PACKAGE_FILES.icon), connector.icon);
  writeFileSync(join(out, PACKAGE_FILES.readme), connector.readme);

  const solution = buildSolution(connector, options);
  mkdirSync(join(out, PACKAGE_DIRS.solution), { recursive: true });
  writeFileSync(join(out, PACKAGE_DIRS.solution, solution.fileName), solution.zip);
  writeFileSync(join(out, PACKAGE_DIRS.solution, DEPLOYMENT_SETTINGS_FILE), json(solution.deploymentSettings));

  const basePath = String((connector.swagger as { basePath?: string }).basePath ?? '');
  mkdirSync(join(out, PACKAGE_DIRS.logicApps), { recursive: true });
  writeFileSync(
    join(out, PACKAGE_DIRS.logicApps, LOGIC_APPS_FILES.template),
    json(customApiTemplate(connector, options)),
  );
  writeFileSync(join(out, PACKAGE_DIRS.logicApps, LOGIC_APPS_FILES.parameters), json(customApiParameters(options)));
  writeFileSync(
    join(out, PACKAGE_DIRS.logicApps, LOGIC_APPS_FILES.managedIdentityAction),
    json(managedIdentityHttpAction(options, basePath)),
  );
  return out;
}
