/**
 * Limits and allowed values the connector lint checks, each with its source in
 * docs/power-platform.md (its section anchors below). [I] marks our own inference.
 */

/** #certification-rules: `info.title` at most 30 characters. */
export const TITLE_MAX_CHARS = 30;
/** #certification-rules: `info.description` between 30 and 500 characters. */
export const DESCRIPTION_MIN_CHARS = 30;
export const DESCRIPTION_MAX_CHARS = 500;
/** #certification-rules: summaries are phrases of 80 characters or shorter (the validator's hard limit is 120). */
export const SUMMARY_MAX_CHARS = 80;
/** [I] `OperationIdTooLong` has no published limit; 80 keeps ids readable in flow definitions. */
export const OPERATION_ID_MAX_CHARS = 80;
/** #certification-rules: swagger files must be under 1 MB. */
export const SWAGGER_MAX_BYTES = 1_000_000;
/** #certification-rules: at most 256 operations per connector. */
export const OPERATIONS_MAX_COUNT = 256;
/** [I] `SchemaTooDeep` has no published limit; 20 levels is far beyond any real entity. */
export const SCHEMA_MAX_DEPTH = 20;
/** #certification-rules: the certification icon is a 230×230 PNG. */
export const ICON_SIZE_PX = 230;
/**
 * #certification-rules: the logo is about 160×160 inside the 230×230 square, leaving about 35 px of background on each
 * side; the outer 20 px frame must therefore be pure iconBrandColor [I: 20 leaves room for "about"].
 */
export const ICON_BACKGROUND_FRAME_PX = 20;

/** #certification-rules: words an `info.title` may not contain (validator `ValueContainsRestrictedWords`). */
export const TITLE_RESTRICTED_WORDS = ['API', 'Connector'];
/** #certification-rules: Power Platform product names, restricted in titles and descriptions. */
export const PRODUCT_NAMES = [
  'Power Apps',
  'PowerApps',
  'Power Automate',
  'Microsoft Flow',
  'Logic Apps',
  'Power BI',
  'Power Platform',
  'Copilot Studio',
  'Power Virtual Agents',
];
/** #certification-rules: the allowed connector categories; at most two, semicolon-delimited. */
export const CONNECTOR_CATEGORIES = [
  'AI',
  'Business Management',
  'Business Intelligence',
  'Collaboration',
  'Commerce',
  'Communication',
  'Content and Files',
  'Finance',
  'Data',
  'Human Resources',
  'Internet of Things',
  'IT Operations',
  'Lifestyle and Entertainment',
  'Marketing',
  'Productivity',
  'Sales and CRM',
  'Security',
  'Social Media',
  'Website',
];
export const CONNECTOR_CATEGORIES_MAX = 2;
/** #certification-rules: the three required `x-ms-connector-metadata` property names. */
export const CONNECTOR_METADATA_NAMES = ['Website', 'Privacy policy', 'Categories'];

/** #json-schemas: the `format` whitelist of the PPC apiDefinition schema, with the types each format belongs to [I]. */
export const FORMAT_TYPES: Record<string, string[]> = {
  int32: ['integer'],
  int64: ['integer'],
  float: ['number'],
  double: ['number'],
  byte: ['string'],
  binary: ['string', 'file'],
  date: ['string'],
  'date-time': ['string'],
  password: ['string'],
  'date-no-tz': ['string'],
  email: ['string'],
  html: ['string'],
  uri: ['string'],
  uuid: ['string'],
};
/** #swagger-validator-rules `MimeTypeNotValid`: the only media types the platform accepts. */
export const MIME_TYPES = [
  'application/json',
  'text/plain',
  'multipart/form-data',
  'application/x-www-form-urlencoded',
];
/** #swagger-validator-rules `InvalidNextLinkNameValue`. */
export const NEXT_LINK_NAMES = ['nextLink', '@odata.nextLink'];
/** #json-schemas: `x-ms-visibility` values. */
export const VISIBILITY_VALUES = ['important', 'advanced', 'internal'];
/** #swagger-validator-rules `ConnectionIdParameterNotAllowed`. */
export const RESERVED_PARAMETER_NAME = 'connectionId';

/** #json-schemas: the `x-ms-*` keys the PPC apiDefinition schema knows; any other `x-ms-` key is a schema error. */
export const KNOWN_EXTENSIONS = [
  'x-ms-api-annotation',
  'x-ms-capabilities',
  'x-ms-connector-metadata',
  'x-ms-deployment-version',
  'x-ms-docs',
  'x-ms-dynamic-list',
  'x-ms-dynamic-properties',
  'x-ms-dynamic-schema',
  'x-ms-dynamic-tree',
  'x-ms-dynamic-values',
  'x-ms-enum',
  'x-ms-enum-values',
  'x-ms-localizeDefaultValue',
  'x-ms-media-kind',
  'x-ms-no-generic-test',
  'x-ms-notification',
  'x-ms-notification-content',
  'x-ms-notification-url',
  'x-ms-operation-context',
  'x-ms-pageable',
  'x-ms-parameter-location',
  'x-ms-safe-operation',
  'x-ms-skip-url-encoding',
  'x-ms-summary',
  'x-ms-test-value',
  'x-ms-trigger',
  'x-ms-trigger-hint',
  'x-ms-trigger-metadata',
  'x-ms-trigger-value',
  'x-ms-url-encoding',
  'x-ms-visibility',
];

/** #certification-rules and the PR template: brand colours a connector may not use (compared lower-case). */
export const FORBIDDEN_BRAND_COLORS = ['#007ee5', '#ffffff'];
/** #json-schemas: the keys `properties` of apiProperties.json may hold, plus the overlay's additions (same section). */
export const PROPERTIES_KEYS = [
  'iconBrandColor',
  'publisher',
  'stackOwner',
  'capabilities',
  'connectionParameters',
  'connectionParameterSets',
  'policyTemplateInstances',
  'scriptOperations',
];
/** The issue and #apiproperties: our OAuth parameter name (paconn injects `--secret` into it) and redirect mode. */
export const OAUTH_PARAMETER_NAME = 'token';
export const OAUTH_REDIRECT_MODE = 'GlobalPerConnector';
/** #layout: headings of `templates/certified-connectors/readme.md` that are not optional. */
export const README_SECTIONS = [
  'Publisher',
  'Prerequisites',
  'Supported Operations',
  'Obtaining Credentials',
  'Known Issues and Limitations',
  'Deployment Instructions',
];
/**
 * #limits-and-known-problems, #checklist and issue #3: facts the readme's Known Issues and Limitations section must
 * state, each with a pattern that finds it in plain English.
 */
export const README_KNOWN_ISSUES: { topic: string; pattern: RegExp }[] = [
  { topic: 'designers cache dynamic lists and schemas (reload the designer)', pattern: /cach/i },
  { topic: 'the 500 requests per minute per connection limit', pattern: /500 requests per minute per connection/i },
  { topic: 'the 120 second timeout of synchronous calls', pattern: /120 s(econds?)?\b/i },
  { topic: 'real-time data is not exported', pattern: /not exported/i },
  { topic: 'real-time data does not update segments or measures', pattern: /segments\b[^.]*\bmeasures/i },
  { topic: 'real-time data expires after at most 30 days', pattern: /at most 30 days/i },
  { topic: 'Power Apps limits on dynamic fields inside arrays', pattern: /Power Apps[^.]*\barrays?\b/i },
];
/**
 * #json-schemas: the only `customParameters` keys of an aad connection (case-sensitive), plus the overlay's OBO switch.
 */
export const AAD_CUSTOM_PARAMETERS = ['resourceUri', 'loginUri', 'tenantId', 'enableOnbehalfOfLogin'];
/** #json-schemas: connection parameter names: letters, digits and "_", or `name:sub` (e.g. `token:clientId`). */
export const CONNECTION_PARAMETER_NAME = /^[0-9a-zA-Z_]+(:[0-9a-zA-Z_]+)?$/;
/** Entra ID App ID URI schemes (api://<id>, https://<verified domain>/..., urn:...) [I: Entra identifierUris rules]. */
export const APP_ID_URI_SCHEMES = ['api:', 'https:', 'urn:'];
/**
 * #json-schemas and #paconn-and-pac: the keys of paconn's settings.json (schemas/paconn-settings.schema.json) plus
 * those paconn reads that the stale schema omits (script, clientId, tenant, authorityUrl, resource).
 */
export const SETTINGS_KEYS = [
  'connectorId',
  'environment',
  'apiProperties',
  'apiDefinition',
  'icon',
  'script',
  'powerAppsUrl',
  'powerAppsApiVersion',
  'flowUrl',
  'flowApiVersion',
  'clientId',
  'tenant',
  'authorityUrl',
  'resource',
];
/** #json-schemas: settings.json `environment` is a GUID. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
