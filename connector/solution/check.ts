/**
 * Checks a solution archive the way an import depends on it: the three manifest files exist and are well-formed;
 * every file customizations.xml names is in the archive and every JSON file parses; every root component has its
 * definition and every `@environmentVariables("…")` reference has a definition in the solution; the OAuth client
 * secret is only ever a reference to a Secret variable kept in Key Vault, never a value.
 */
import { type Finding, lintConnector } from '../lint';
import type { JsonObject } from '../lint/json-value';
import { COMPONENT_TYPE, SECRET_STORE_KEY_VAULT, VARIABLE_REFERENCE, VARIABLE_TYPE } from './solution';
import { elementAttributes, elementTexts, xmlProblem } from './xml';

const MANIFESTS = ['[Content_Types].xml', 'solution.xml', 'customizations.xml'];
const CONNECTOR_FILE_TAGS = ['openapidefinition', 'connectionparameters', 'policytemplateinstances', 'iconblob'];
const definitionPath = (schemaName: string) =>
  `environmentvariabledefinitions/${schemaName}/environmentvariabledefinition.xml`;

/** Every problem found, each naming the file; empty when the archive is sound. */
export function solutionProblems(files: Map<string, Buffer>): string[] {
  const problems: string[] = [];
  const read = (name: string) => files.get(name)?.toString('utf8');
  for (const name of MANIFESTS) if (!files.has(name)) problems.push(`${name} is missing`);
  for (const [name, data] of files) {
    if (name.endsWith('.xml')) {
      const problem = xmlProblem(data.toString('utf8'));
      if (problem) problems.push(`${name}: not well-formed XML: ${problem}`);
    } else if (name.endsWith('.json')) {
      try {
        JSON.parse(data.toString('utf8'));
      } catch (err) {
        problems.push(`${name}: not JSON: ${(err as Error).message}`);
      }
    }
  }
  const customizations = read('customizations.xml') ?? '';
  const manifest = read('solution.xml') ?? '';
  const connectorNames = elementTexts(customizations, 'name');
  for (const tag of CONNECTOR_FILE_TAGS)
    for (const path of elementTexts(customizations, tag))
      if (!files.has(path.replace(/^\//, '')))
        problems.push(`customizations.xml: <${tag}> names ${path}, not in the archive`);

  const roots = elementAttributes(manifest, 'RootComponent');
  for (const root of roots) {
    const type = Number(root.type);
    if (type === COMPONENT_TYPE.connector && !connectorNames.includes(root.schemaName))
      problems.push(`solution.xml: connector ${root.schemaName} has no <Connector> in customizations.xml`);
    if (type === COMPONENT_TYPE.environmentVariableDefinition && !files.has(definitionPath(root.schemaName)))
      problems.push(`solution.xml: environment variable ${root.schemaName} has no ${definitionPath(root.schemaName)}`);
  }
  const rootVariables = new Set(
    roots.filter((r) => Number(r.type) === COMPONENT_TYPE.environmentVariableDefinition).map((r) => r.schemaName),
  );

  for (const [name, data] of files) {
    if (!name.startsWith('Connector/') || !name.endsWith('.json')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch {
      continue; // reported above
    }
    for (const schemaName of referencedVariables(parsed)) {
      if (!files.has(definitionPath(schemaName)))
        problems.push(`${name}: refers to environment variable ${schemaName}, which the solution does not define`);
      else if (!rootVariables.has(schemaName))
        problems.push(`${name}: environment variable ${schemaName} is not a root component in solution.xml`);
    }
    if (name.endsWith('_connectionparameters.json')) problems.push(...secretProblems(name, data, files));
  }
  return problems;
}

/** Applies fn to every string of a parsed JSON value (the references live in string values, escaped in the text). */
function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}

/** Every environment variable a parsed connector file refers to. */
export function referencedVariables(value: unknown): string[] {
  const names: string[] = [];
  mapStrings(value, (text) => {
    for (const [, name] of text.matchAll(VARIABLE_REFERENCE)) names.push(name);
    return text;
  });
  return names;
}

/** The OAuth client secret must be a reference to a Secret variable stored in Key Vault. */
function secretProblems(name: string, data: Buffer, files: Map<string, Buffer>): string[] {
  let parameters: { token?: { oAuthSettings?: { clientSecret?: unknown } } };
  try {
    parameters = JSON.parse(data.toString('utf8'));
  } catch {
    return [];
  }
  const secret = parameters.token?.oAuthSettings?.clientSecret;
  if (secret === undefined || secret === null) return [`${name}: token.oAuthSettings.clientSecret is not set`];
  const match = /^@environmentVariables\("([^"]+)"\)$/.exec(String(secret));
  if (!match) return [`${name}: token.oAuthSettings.clientSecret holds a value; it must be @environmentVariables("…")`];
  const definition = files.get(definitionPath(match[1]))?.toString('utf8');
  if (definition === undefined) return [];
  const [type] = elementTexts(definition, 'type');
  const [store] = elementTexts(definition, 'secretstore');
  return Number(type) === VARIABLE_TYPE.secret && Number(store) === SECRET_STORE_KEY_VAULT
    ? []
    : [
        `${definitionPath(match[1])}: the client secret's variable must be type Secret (${VARIABLE_TYPE.secret}) in Key Vault`,
      ];
}

/**
 * The connector files of the archive with each environment variable reference replaced by its deployment value:
 * what the connector becomes in an environment, ready for the connector lint.
 */
export function resolvedConnector(
  files: Map<string, Buffer>,
  values: { SchemaName: string; Value: string }[],
): { swagger: Record<string, unknown>; connectionParameters: Record<string, unknown> } {
  const byName = new Map(values.map((v) => [v.SchemaName, v.Value]));
  const resolve = (suffix: string) => {
    const entry = [...files].find(([name]) => name.startsWith('Connector/') && name.endsWith(suffix));
    if (!entry) throw new Error(`the archive has no Connector/*${suffix}`);
    return mapStrings(JSON.parse(entry[1].toString('utf8')), (text) =>
      text.replace(VARIABLE_REFERENCE, (ref, schemaName: string) => byName.get(schemaName) ?? ref),
    ) as Record<string, unknown>;
  };
  return { swagger: resolve('_openapidefinition.json'), connectionParameters: resolve('_connectionparameters.json') };
}

/**
 * Lints the connector an environment gets from the archive (references resolved) with the same offline
 * certification lint as the plain package; the client secret, a Key Vault reference there, is left out.
 */
export async function lintSolutionConnector(
  files: Map<string, Buffer>,
  values: { SchemaName: string; Value: string }[],
  packagedProperties: Record<string, unknown>,
): Promise<Finding[]> {
  const { swagger, connectionParameters } = resolvedConnector(files, values);
  const token = (connectionParameters as { token?: { oAuthSettings?: Record<string, unknown> } }).token;
  delete token?.oAuthSettings?.clientSecret;
  const properties = structuredClone(packagedProperties) as { properties: Record<string, unknown> };
  properties.properties.connectionParameters = connectionParameters;
  return lintConnector({ swagger: swagger as JsonObject, properties: properties as unknown as JsonObject });
}
