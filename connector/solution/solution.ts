/**
 * The solution-aware connector: a Dataverse solution (solution.xml, customizations.xml, [Content_Types].xml) holding
 * the custom connector and three environment variables, so `pac solution import` brings in the connector and each
 * target environment supplies its own proxy host, connector client id and client secret. The secret is a Secret-type
 * environment variable backed by Azure Key Vault: its value is the Key Vault secret's resource id, so no one types or
 * stores the secret itself (https://learn.microsoft.com/connectors/custom-connectors/environment-variables,
 * https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets).
 */
import { createHash } from 'node:crypto';
import type { PackageOptions } from '../package/options';
import type { PackagedConnector } from '../package/package';
import { escapeXml } from './xml';
import { writeZip, type ZipEntry } from './zip';

/** Solution component types (Dataverse `solutioncomponent.componenttype`). */
export const COMPONENT_TYPE = { connector: 372, environmentVariableDefinition: 380 } as const;

/** Environment variable types (`environmentvariabledefinition.type`) and the Key Vault secret store. */
export const VARIABLE_TYPE = { string: 100000000, secret: 100000005 } as const;
export const SECRET_STORE_KEY_VAULT = 0;

export interface EnvironmentVariable {
  schemaName: string;
  displayName: string;
  description: string;
  type: number;
  /** The value for this package's environment, written to the deployment settings (never into the solution). */
  value: string;
}

export interface SolutionPackage {
  /** The archive's file name, e.g. `CustomerInsightsRealtime_1_0_0_0.zip`. */
  fileName: string;
  zip: Buffer;
  /** `pac solution import --settings-file` input: this environment's values of the variables. */
  deploymentSettings: { EnvironmentVariables: { SchemaName: string; Value: string }[]; ConnectionReferences: [] };
  connectorName: string;
  variables: EnvironmentVariable[];
}

/** `@environmentVariables("name")`: how a solution connector field reads an environment variable. */
export const variableReference = (schemaName: string): string => `@environmentVariables("${schemaName}")`;
export const VARIABLE_REFERENCE = /@environmentVariables\("([^"]+)"\)/g;

/**
 * A GUID derived from names, so every build of the same solution gives the connector the same id and an import
 * updates it instead of adding a second connector.
 */
function stableGuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function solutionVariables(options: PackageOptions): EnvironmentVariable[] {
  const p = options.publisherPrefix;
  return [
    {
      schemaName: `${p}_ProxyHost`,
      displayName: 'Customer Insights real-time proxy host',
      description: 'Host name of the proxy the connector calls, without https:// or a path.',
      type: VARIABLE_TYPE.string,
      value: options.host,
    },
    {
      schemaName: `${p}_ConnectorClientId`,
      displayName: 'Customer Insights real-time connector client id',
      description: 'Application (client) id of the connector app registration makers sign in through.',
      type: VARIABLE_TYPE.string,
      value: options.clientId,
    },
    {
      schemaName: `${p}_ConnectorClientSecret`,
      displayName: 'Customer Insights real-time connector client secret',
      description: 'The connector app registration client secret, kept in Azure Key Vault.',
      type: VARIABLE_TYPE.secret,
      value: options.keyVaultSecret ?? '',
    },
  ];
}

function localized(tag: string, text: string): string {
  return `<${tag} default="${escapeXml(text)}">\n    <label description="${escapeXml(text)}" languagecode="1033" />\n  </${tag}>`;
}

function variableXml(v: EnvironmentVariable, version: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<environmentvariabledefinition schemaname="${escapeXml(v.schemaName)}">`,
    `  ${localized('description', v.description)}`,
    `  ${localized('displayname', v.displayName)}`,
    `  <introducedversion>${version}</introducedversion>`,
    '  <iscustomizable>1</iscustomizable>',
    '  <isrequired>1</isrequired>',
    `  <secretstore>${SECRET_STORE_KEY_VAULT}</secretstore>`,
    `  <type>${v.type}</type>`,
    '</environmentvariabledefinition>',
    '',
  ].join('\n');
}

/** Builds the solution archive and its deployment settings from the connector packaged for one environment. */
export function buildSolution(connector: PackagedConnector, options: PackageOptions): SolutionPackage {
  const { publisherPrefix: prefix, solution, publisher, solutionVersion: version } = options;
  const name = `${prefix}_cirealtime`;
  const connectorId = stableGuid(publisher, solution, name);
  const variables = solutionVariables(options);
  const [host, clientId, clientSecret] = variables.map((v) => variableReference(v.schemaName));

  const swagger = { ...connector.swagger, host };
  const props = connector.properties.properties as unknown as {
    connectionParameters: { token: { oAuthSettings: Record<string, unknown> } };
    iconBrandColor: string;
  };
  const connectionParameters = structuredClone(props.connectionParameters);
  Object.assign(connectionParameters.token.oAuthSettings, { clientId, clientSecret });
  const info = (swagger as { info?: { title?: string; description?: string } }).info ?? {};

  const files = {
    swagger: `Connector/${name}_openapidefinition.json`,
    parameters: `Connector/${name}_connectionparameters.json`,
    policies: `Connector/${name}_policytemplateinstances.json`,
    icon: `Connector/${name}_iconblob.Png`,
  };
  const customizations = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    ...['Entities', 'Roles', 'Workflows', 'FieldSecurityProfiles', 'Templates', 'EntityMaps', 'EntityRelationships']
      .concat(['OrganizationSettings', 'optionsets', 'CustomControls', 'EntityDataProviders'])
      .map((tag) => `  <${tag} />`),
    '  <Connectors>',
    '    <Connector>',
    `      <connectorid>${connectorId}</connectorid>`,
    `      <description>${escapeXml(info.description ?? '')}</description>`,
    `      <displayname>${escapeXml(info.title ?? name)}</displayname>`,
    `      <iconbrandcolor>${escapeXml(props.iconBrandColor)}</iconbrandcolor>`,
    `      <name>${name}</name>`,
    '      <connectortype>1</connectortype>',
    `      <openapidefinition>/${files.swagger}</openapidefinition>`,
    `      <connectionparameters>/${files.parameters}</connectionparameters>`,
    `      <policytemplateinstances>/${files.policies}</policytemplateinstances>`,
    `      <iconblob>/${files.icon}</iconblob>`,
    '    </Connector>',
    '  </Connectors>',
    '  <Languages>',
    '    <Language>1033</Language>',
    '  </Languages>',
    '</ImportExportXml>',
    '',
  ].join('\n');
  const optionValuePrefix =
    10000 + (parseInt(createHash('sha256').update(prefix).digest('hex').slice(0, 8), 16) % 90000);
  const manifest = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<ImportExportXml version="9.2.0.0" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <SolutionManifest>',
    `    <UniqueName>${solution}</UniqueName>`,
    '    <LocalizedNames>',
    `      <LocalizedName description="${escapeXml(info.title ?? solution)}" languagecode="1033" />`,
    '    </LocalizedNames>',
    '    <Descriptions />',
    `    <Version>${version}</Version>`,
    '    <Managed>0</Managed>',
    '    <Publisher>',
    `      <UniqueName>${publisher}</UniqueName>`,
    '      <LocalizedNames>',
    `        <LocalizedName description="${publisher}" languagecode="1033" />`,
    '      </LocalizedNames>',
    '      <Descriptions />',
    `      <CustomizationPrefix>${prefix}</CustomizationPrefix>`,
    `      <CustomizationOptionValuePrefix>${optionValuePrefix}</CustomizationOptionValuePrefix>`,
    '      <Addresses />',
    '    </Publisher>',
    '    <RootComponents>',
    `      <RootComponent type="${COMPONENT_TYPE.connector}" id="{${connectorId}}" schemaName="${name}" behavior="0" />`,
    ...variables.map(
      (v) =>
        `      <RootComponent type="${COMPONENT_TYPE.environmentVariableDefinition}" schemaName="${v.schemaName}" behavior="0" />`,
    ),
    '    </RootComponents>',
    '    <MissingDependencies />',
    '  </SolutionManifest>',
    '</ImportExportXml>',
    '',
  ].join('\n');
  const contentTypes =
    '<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="xml" ContentType="application/octet-stream" />' +
    '<Default Extension="json" ContentType="application/octet-stream" />' +
    '<Default Extension="png" ContentType="application/octet-stream" /></Types>\n';

  const text = (name: string, value: string): ZipEntry => ({ name, data: Buffer.from(value, 'utf8') });
  const json = (name: string, value: unknown): ZipEntry => text(name, JSON.stringify(value, null, 2) + '\n');
  const entries: ZipEntry[] = [
    text('[Content_Types].xml', contentTypes),
    text('solution.xml', manifest),
    text('customizations.xml', customizations),
    json(files.swagger, swagger),
    json(files.parameters, connectionParameters),
    json(files.policies, []),
    { name: files.icon, data: connector.icon },
    ...variables.map((v) =>
      text(`environmentvariabledefinitions/${v.schemaName}/environmentvariabledefinition.xml`, variableXml(v, version)),
    ),
  ];
  return {
    fileName: `${solution}_${version.replace(/\./g, '_')}.zip`,
    zip: writeZip(entries),
    deploymentSettings: {
      EnvironmentVariables: variables.map((v) => ({ SchemaName: v.schemaName, Value: v.value })),
      ConnectionReferences: [],
    },
    connectorName: name,
    variables,
  };
}
