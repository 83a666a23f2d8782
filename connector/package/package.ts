/**
 * Writes a ready-to-deploy connector folder for one environment: the committed swagger and apiProperties with that
 * environment's proxy host, App ID URI and (optionally) connector client id, plus icon, readme and a settings.json
 * that both `paconn` and `pac connector` read. The committed files are only read.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PackageOptions } from './options';

export const PACKAGE_FILES = {
  swagger: 'apiDefinition.swagger.json',
  properties: 'apiProperties.json',
  icon: 'icon.png',
  readme: 'readme.md',
  settings: 'settings.json',
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
          customParameters: { resourceUri: { value: string } };
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

/** Builds the package and returns the folder it wrote; refuses a folder that would overwrite committed files. */
export function writePackage(repoRoot: string, options: PackageOptions): string {
  const problem = outDirProblem(repoRoot, options);
  if (problem) throw new Error(problem);
  const out = resolve(options.out ?? defaultOutDir(repoRoot, options.host));
  const swagger = readJson<Record<string, unknown>>(join(repoRoot, PACKAGE_FILES.swagger));
  const properties = readJson<PropertiesFile>(join(repoRoot, PACKAGE_FILES.properties));

  swagger.host = options.host;
  const token = properties.properties.connectionParameters.token.oAuthSettings;
  token.customParameters.resourceUri.value = options.resource;
  token.properties = { ...token.properties, AzureActiveDirectoryResourceId: options.resource };
  if (options.clientId) token.clientId = options.clientId;

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
  writeFileSync(join(out, PACKAGE_FILES.swagger), JSON.stringify(swagger, null, 2) + '\n');
  writeFileSync(join(out, PACKAGE_FILES.properties), JSON.stringify(properties, null, 2) + '\n');
  writeFileSync(join(out, PACKAGE_FILES.settings), JSON.stringify(settings, null, 2) + '\n');
  copyFileSync(join(repoRoot, 'connector', 'icon.png'), join(out, PACKAGE_FILES.icon));
  copyFileSync(join(repoRoot, 'connector', 'readme.md'), join(out, PACKAGE_FILES.readme));
  return out;
}
