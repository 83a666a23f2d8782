/**
 * Logic Apps (Consumption) custom connector: an ARM template with one `Microsoft.Web/customApis` resource (API version
 * 2016-06-01, https://learn.microsoft.com/azure/templates/microsoft.web/2016-06-01/customapis) generated from the
 * packaged swagger and apiProperties. Logic Apps signs makers in through its own regional redirect URL,
 * `https://logic-apis-<region>.consent.azure-apim.net/redirect`, which the connector app registration must list.
 * The client secret is a `securestring` parameter; the parameters file takes it from Key Vault by reference.
 */
import type { PackageOptions } from '../package/options';
import type { PackagedConnector } from '../package/package';

export const CUSTOM_API_TYPE = 'Microsoft.Web/customApis';
export const CUSTOM_API_VERSION = '2016-06-01';
export const DEPLOYMENT_TEMPLATE_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const DEPLOYMENT_PARAMETERS_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

/** The redirect URL of a Logic Apps custom connector in a region, as an ARM expression and for one region. */
export const REDIRECT_URL_EXPRESSION =
  "[concat('https://logic-apis-', parameters('location'), '.consent.azure-apim.net/redirect')]";
export const redirectUrlFor = (region: string): string =>
  `https://logic-apis-${region}.consent.azure-apim.net/redirect`;

/**
 * ARM evaluates a string that starts with "[" as an expression; a literal one is written "[[". Every string taken
 * from the swagger goes through this, so a description such as "[Preview] …" stays text.
 */
export function armLiteral<T>(value: T): T {
  if (typeof value === 'string') return (value.startsWith('[') ? `[${value}` : value) as T;
  if (Array.isArray(value)) return value.map(armLiteral) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, armLiteral(v)])) as T;
  return value;
}

export function customApiTemplate(connector: PackagedConnector, options: PackageOptions): Record<string, unknown> {
  const swagger = connector.swagger as { info?: { title?: string; description?: string }; basePath?: string };
  const props = connector.properties.properties as unknown as {
    iconBrandColor: string;
    capabilities?: string[];
    connectionParameters: { token: { oAuthSettings: Record<string, unknown> } };
  };
  const oauth = props.connectionParameters.token.oAuthSettings;
  return {
    $schema: DEPLOYMENT_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      customApiName: {
        type: 'string',
        defaultValue: 'ci-realtime',
        metadata: { description: 'Resource name of the custom connector.' },
      },
      location: {
        type: 'string',
        defaultValue: '[resourceGroup().location]',
        metadata: { description: 'Region of the Logic Apps that use the connector; part of its redirect URL.' },
      },
      connectorClientSecret: {
        type: 'securestring',
        metadata: { description: 'Client secret of the connector app registration (pass a Key Vault reference).' },
      },
    },
    resources: [
      {
        type: CUSTOM_API_TYPE,
        apiVersion: CUSTOM_API_VERSION,
        name: "[parameters('customApiName')]",
        location: "[parameters('location')]",
        properties: {
          displayName: armLiteral(swagger.info?.title ?? 'Customer Insights Real-time'),
          description: armLiteral(swagger.info?.description ?? ''),
          brandColor: props.iconBrandColor,
          apiType: 'Rest',
          capabilities: [],
          backendService: { serviceUrl: `https://${options.host}${swagger.basePath ?? ''}` },
          swagger: armLiteral(connector.swagger),
          connectionParameters: {
            token: {
              type: 'oauthSetting',
              oAuthSettings: {
                identityProvider: 'aad',
                clientId: options.clientId,
                clientSecret: "[parameters('connectorClientSecret')]",
                scopes: [],
                redirectUrl: REDIRECT_URL_EXPRESSION,
                properties: armLiteral(oauth.properties ?? {}),
                customParameters: armLiteral(oauth.customParameters),
              },
            },
          },
        },
      },
    ],
    outputs: {
      redirectUrl: {
        type: 'string',
        value: REDIRECT_URL_EXPRESSION,
        metadata: { description: 'Add this to the connector app registration (Authentication > Web).' },
      },
    },
  };
}

/** The parameters file: the secret by Key Vault reference when one was given, else left for the deployer. */
export function customApiParameters(options: PackageOptions): Record<string, unknown> {
  const match = options.keyVaultSecret && /^(.*\/vaults\/[^/]+)\/secrets\/([^/]+)$/.exec(options.keyVaultSecret);
  return {
    $schema: DEPLOYMENT_PARAMETERS_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: match
      ? { connectorClientSecret: { reference: { keyVault: { id: match[1] }, secretName: match[2] } } }
      : {},
  };
}

/**
 * A Logic App HTTP action calling the proxy with the workflow's managed identity (app-only: the identity needs the
 * proxy app's role Proxy.Invoke). Custom connectors in Consumption sign in as a user; unattended workflows use this.
 */
export function managedIdentityHttpAction(options: PackageOptions, basePath: string): Record<string, unknown> {
  return {
    List_Customer_Insights_environments: {
      type: 'Http',
      runAfter: {},
      inputs: {
        method: 'GET',
        uri: `https://${options.host}${basePath}/instances`,
        authentication: { type: 'ManagedServiceIdentity', audience: options.resource },
      },
    },
  };
}

/** The writable properties of the resource type and its connection parameters, as the 2016-06-01 API defines them. */
const CUSTOM_API_PROPERTIES = [
  'apiDefinitions',
  'apiType',
  'backendService',
  'brandColor',
  'capabilities',
  'connectionParameters',
  'description',
  'displayName',
  'iconUri',
  'runtimeUrls',
  'swagger',
  'wsdlDefinition',
];
const PARAMETER_TYPES = [
  'array',
  'bool',
  'connection',
  'int',
  'oauthSetting',
  'object',
  'secureobject',
  'securestring',
  'string',
];
const OAUTH_SETTINGS = [
  'clientId',
  'clientSecret',
  'customParameters',
  'identityProvider',
  'properties',
  'redirectUrl',
  'scopes',
];
const OAUTH_PARAMETER = ['options', 'uiDefinition', 'value'];

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** Where a generated template departs from the resource type's definition or from ARM's string rules. */
export function customApiProblems(template: Json): string[] {
  const problems: string[] = [];
  if (template.$schema !== DEPLOYMENT_TEMPLATE_SCHEMA) problems.push('$schema is not the deployment template schema');
  const resources = Array.isArray(template.resources) ? template.resources.map(obj) : [];
  const api = resources.find((r) => r.type === CUSTOM_API_TYPE);
  if (!api) return [...problems, `no ${CUSTOM_API_TYPE} resource`];
  if (api.apiVersion !== CUSTOM_API_VERSION) problems.push(`apiVersion must be ${CUSTOM_API_VERSION}`);
  const props = obj(api.properties);
  for (const key of Object.keys(props))
    if (!CUSTOM_API_PROPERTIES.includes(key))
      problems.push(`properties.${key} is not a property of ${CUSTOM_API_TYPE}`);
  const serviceUrl = String(obj(props.backendService).serviceUrl ?? '');
  if (!/^https:\/\/[^/\s]+(\/\S*)?$/.test(serviceUrl))
    problems.push('properties.backendService.serviceUrl must be https://host[/basePath]');
  for (const [name, parameter] of Object.entries(obj(props.connectionParameters))) {
    const p = obj(parameter);
    if (!PARAMETER_TYPES.includes(String(p.type)))
      problems.push(`connectionParameters.${name}.type "${String(p.type)}" is not allowed`);
    const oauth = obj(p.oAuthSettings);
    for (const key of Object.keys(oauth))
      if (!OAUTH_SETTINGS.includes(key))
        problems.push(`connectionParameters.${name}.oAuthSettings.${key} is not allowed`);
    for (const [custom, value] of Object.entries(obj(oauth.customParameters)))
      for (const key of Object.keys(obj(value)))
        if (!OAUTH_PARAMETER.includes(key))
          problems.push(`connectionParameters.${name}.oAuthSettings.customParameters.${custom}.${key} is not allowed`);
    if (typeof oauth.clientSecret === 'string' && !oauth.clientSecret.startsWith('[parameters('))
      problems.push(
        `connectionParameters.${name}.oAuthSettings.clientSecret holds a value; pass it as a securestring parameter`,
      );
  }
  const unescaped = (value: unknown, at: string): void => {
    if (typeof value === 'string' && value.startsWith('[') && !value.startsWith('[['))
      problems.push(`${at}: "${value.slice(0, 40)}" would be evaluated as an ARM expression`);
    else if (Array.isArray(value)) value.forEach((v, i) => unescaped(v, `${at}/${i}`));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => unescaped(v, `${at}/${k}`));
  };
  unescaped(props.swagger, 'properties.swagger');
  return problems;
}
