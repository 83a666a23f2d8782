/**
 * One crafted bad variant of the committed connector per lint rule: each mutation breaks exactly the thing its rule
 * guards and nothing else, so the lint must report that rule alone (plus swagger-parser's OpenApiInvalid where
 * OpenAPI 2.0 itself forbids the same thing: PARSER_ALSO_REJECTS). FileMissing and FileNotJson need a folder and are
 * tested on disk instead.
 */
import { PNG } from 'pngjs';
import type { RuleName } from '../../connector/lint';
import type { ConnectorFixture, Doc } from './connector-files';

type Mutation = (f: ConnectorFixture) => void;

const op = (f: ConnectorFixture, path: string, method = 'get'): Doc => f.swagger.paths[path][method];
const list = (f: ConnectorFixture): Doc => op(f, '/instances');
/** A visible operation no dynamic extension calls, so breaking it breaks nothing else. */
const usage = (f: ConnectorFixture): Doc => op(f, '/instances/{instanceId}/usage');
const param = (f: ConnectorFixture, key: string): Doc => f.swagger.parameters[key];
const def = (f: ConnectorFixture, name: string): Doc => f.swagger.definitions[name];
const oauth = (f: ConnectorFixture): Doc => f.properties.properties.connectionParameters.token.oAuthSettings;
const movePath = (f: ConnectorFixture, from: string, to: string): void => {
  f.swagger.paths[to] = f.swagger.paths[from];
  delete f.swagger.paths[from];
};
const png = (size: number, rgba: number[], holeAlpha?: number): Buffer => {
  const image = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) image.data.set(rgba, i * 4);
  if (holeAlpha !== undefined) image.data[((size * size) >> 1) * 4 + 3] = holeAlpha;
  return PNG.sync.write(image);
};
const BRAND_RGBA = [0x0b, 0x5c, 0xab, 255];

export const BAD_CASES: Partial<Record<RuleName, Mutation>> = {
  OpenApiInvalid: (f) => delete f.swagger.info.version,
  FileTooLarge: (f) => (f.swagger.definitions.Padding = { type: 'string', description: 'x'.repeat(1_000_000) + '.' }),
  TotalOperationsCountExceedsMaxAllowed: (f) => {
    for (let i = 0; i < 257; i++) f.swagger.paths[`/extra${i}`] = { get: { ...list(f), operationId: `Extra${i}` } };
  },
  // swagger-parser insists on a string title, so a blank one shows that our rule, not the parser, catches it.
  TitleMissing: (f) => (f.swagger.info.title = '   '),
  FieldLengthExceeded: (f) => (f.swagger.info.title = 'Customer Insights Real-time Ingestion'),
  ValueContainsRestrictedWords: (f) => (f.swagger.info.title = 'Customer Insights API'),
  ValueMustEndWithAlphanumeric: (f) => (f.swagger.info.title = 'Customer Insights!'),
  FieldLengthNotInRange: (f) => (f.swagger.info.description = 'Too short.'),
  ContactMissing: (f) => delete f.swagger.info.contact.email,
  ContactEmailNotValid: (f) => (f.swagger.info.contact.email = 'not-an-email'),
  ConnectorMetadataPropertiesMissing: (f) =>
    (f.swagger['x-ms-connector-metadata'] = f.swagger['x-ms-connector-metadata'].filter(
      (m: Doc) => m.propertyName !== 'Website',
    )),
  TooManyConnectorCategories: (f) => (f.swagger['x-ms-connector-metadata'][2].propertyValue = 'Data;Marketing;AI'),
  InvalidConnectorCategory: (f) => (f.swagger['x-ms-connector-metadata'][2].propertyValue = 'Data;Weather'),
  SwaggerVersionNotSupported: (f) => (f.swagger.swagger = '3.0'),
  SchemesArrayEmpty: (f) => (f.swagger.schemes = []),
  SchemeNotHttps: (f) => (f.swagger.schemes = ['http']),
  // The PPC host pattern (which swagger-parser also applies) lets any digits through as a port; 70000 is not one.
  HostNameNotValid: (f) => (f.swagger.host = 'ci-proxy.example.com:70000'),
  BasePathNotValid: (f) => (f.swagger.basePath = 'api'),
  ConsumesMissing: (f) => delete f.swagger.consumes,
  MimeTypeNotValid: (f) => (f.swagger.produces = ['application/xml']),
  UnknownExtension: (f) => (list(f)['x-ms-foo'] = true),
  InvalidVisibilityValue: (f) => (usage(f)['x-ms-visibility'] = 'Advanced'),
  OperationIdRequired: (f) => delete usage(f).operationId,
  OperationIdNotUnique: (f) => (usage(f).operationId = 'Listinstances'),
  OperationIdSanitized: (f) => (usage(f).operationId = 'Get_Usage'),
  OperationIdTooLong: (f) => (usage(f).operationId = 'G'.repeat(81)),
  OperationSummaryMissing: (f) => delete list(f).summary,
  OperationSummaryTooLong: (f) => (list(f).summary = 'List ' + 'many '.repeat(20) + 'instances'),
  RestrictedCharactersInSummary: (f) => (list(f).summary = 'List instances!'),
  OperationDescriptionMissing: (f) => delete list(f).description,
  DescriptionNotSentence: (f) => (list(f).description = 'Lists the environments'),
  DescriptionSameAsSummary: (f) => (list(f).description = 'List instances.'),
  OperationVisibilityMissing: (f) => delete usage(f)['x-ms-visibility'],
  OperationMustHaveResponse: (f) => (usage(f).responses = {}),
  OperationShouldHaveSuccessfulResponse: (f) => delete usage(f).responses['200'],
  SuccessResponseSchemaMissing: (f) => delete usage(f).responses['200'].schema,
  OperationHasManyResponsesWithSchema: (f) => (list(f).responses['400'].schema = { $ref: '#/definitions/Error' }),
  DefaultResponseHasSchema: (f) =>
    (list(f).responses.default = { description: 'Failed.', schema: { $ref: '#/definitions/Error' } }),
  ResponseDescriptionMissing: (f) => (list(f).responses['400'].description = ' '),
  BodyOrFormDataParameterInFetchOperationNotAllowed: (f) =>
    (list(f).parameters = [
      { name: 'filter', in: 'body', schema: { type: 'object' }, 'x-ms-summary': 'Filter', description: 'A filter.' },
    ]),
  InvalidNextLinkNameValue: (f) =>
    (op(f, '/instances/{instanceId}/profiles/{customerId}/activities')['x-ms-pageable'].nextLinkName = 'next'),
  NextLinkPropertyMissing: (f) =>
    (op(f, '/instances/{instanceId}/profiles/{customerId}/activities')['x-ms-pageable'].nextLinkName =
      '@odata.nextLink'),
  DuplicateOperationPath: (f) =>
    (f.swagger.paths['/Instances'] = { get: { ...list(f), operationId: 'ListInstancesAgain' } }),
  OperationPathContainsUnsupportedCharacters: (f) => movePath(f, '/instances', '/instances*'),
  OperationPathMayNotContainQueryOrFragment: (f) => movePath(f, '/instances', '/instances?all=true'),
  PathParameterNotDefined: (f) => movePath(f, '/instances/{instanceId}/usage', '/instances/{instanceId}/usage/{day}'),
  PathParameterNotInPath: (f) => movePath(f, '/instances/{instanceId}/usage', '/usage'),
  ConnectionIdParameterNotAllowed: (f) => (param(f, 'Query.SkipToken').name = 'connectionId'),
  PathParameterMustBeRequired: (f) => (param(f, 'Path.CustomerId').required = false),
  PathParameterMissingEncoding: (f) => delete param(f, 'Path.CustomerId')['x-ms-url-encoding'],
  QueryParameterEncodingNotSupported: (f) => (param(f, 'Query.Top')['x-ms-url-encoding'] = 'single'),
  ParameterNameNotUnique: (f) => op(f, '/instances/{instanceId}/usage').parameters.push({ ...param(f, 'Query.Top') }),
  ParameterSummaryMissing: (f) => delete param(f, 'Query.Top')['x-ms-summary'],
  ParameterDescriptionMissing: (f) => delete param(f, 'Query.Top').description,
  SummaryNotTitleCase: (f) => (param(f, 'Query.Top')['x-ms-summary'] = 'top count'),
  LabelTooLong: (f) => (param(f, 'Query.Top')['x-ms-summary'] = 'Top Count' + ' Of Records'.repeat(8)),
  CamelCaseInDisplayString: (f) => (param(f, 'Path.EntityName').description = 'The table, such as PoS_posPurchases.'),
  InternalPropertyWithDefaultOptional: (f) => (param(f, 'Query.SkipToken').default = 'start'),
  PropertySummaryMissing: (f) => delete def(f, 'ActivityCreated').properties.activityId['x-ms-summary'],
  PropertyDescriptionMissing: (f) => delete def(f, 'ActivityCreated').properties.activityId.description,
  UnrecognizedTypeFormat: (f) => (def(f, 'InstanceSummary').properties.instanceId.format = 'guid'),
  RequiredPropertyArrayEmpty: (f) => (def(f, 'ActivityCreated').required = []),
  RequiredPropertyNotOnObject: (f) => def(f, 'ActivityCreated').required.push('createdBy'),
  RequiredReadOnlyPropertyNotAllowedAsInput: (f) => {
    def(f, 'ActivityBatch').properties.keepForDays.readOnly = true;
    def(f, 'ActivityBatch').required.push('keepForDays');
  },
  SchemaTooDeep: (f) => {
    let node: Doc = { type: 'string', 'x-ms-summary': 'Leaf', description: 'The leaf.' };
    for (let i = 0; i < 25; i++)
      node = { type: 'object', 'x-ms-summary': 'Level', description: 'A level.', properties: { next: node } };
    f.swagger.definitions.Deep = { ...node, description: 'Too deep.' };
  },
  DynamicExtensionDefinitionNotAllowedInParameter: (f) => {
    // The body parameter object repeats its schema's (valid) pair: only the placement is wrong.
    const body = op(f, '/instances/{instanceId}/activities/{entityName}', 'post').parameters.at(-1);
    body['x-ms-dynamic-schema'] = def(f, 'ActivityRecord')['x-ms-dynamic-schema'];
    body['x-ms-dynamic-properties'] = def(f, 'ActivityRecord')['x-ms-dynamic-properties'];
  },
  DynamicValuesWithoutList: (f) => delete param(f, 'Path.InstanceId')['x-ms-dynamic-list'],
  DynamicListWithoutValues: (f) => delete param(f, 'Path.InstanceId')['x-ms-dynamic-values'],
  DynamicSchemaWithoutProperties: (f) => delete def(f, 'ActivityRecord')['x-ms-dynamic-properties'],
  DynamicPropertiesWithoutSchema: (f) => delete def(f, 'ActivityRecord')['x-ms-dynamic-schema'],
  DynamicPairOperationMismatch: (f) =>
    (def(f, 'ProfileChanges')['x-ms-dynamic-properties'].operationId = 'GetProfileSchema'),
  DynamicListPathMismatch: (f) => (param(f, 'Path.InstanceId')['x-ms-dynamic-list'].itemTitlePath = 'instanceType'),
  // An empty itemValuePath means "the whole response", which the helper does produce, but legacy reads "schema".
  DynamicPropertiesItemValuePathMismatch: (f) =>
    (def(f, 'ActivityRecord')['x-ms-dynamic-properties'].itemValuePath = ''),
  DynamicValuePathEndsInProperties: (f) => {
    // The helper declares schema/properties, so the path resolves and only its "properties" ending is at fault.
    def(f, 'SchemaEnvelope').properties.schema.properties = {
      properties: { type: 'object', 'x-ms-summary': 'Fields', description: 'The fields of the schema.' },
    };
    def(f, 'ActivityRecord')['x-ms-dynamic-schema']['value-path'] = 'schema/properties';
  },
  DynamicParametersMismatch: (f) =>
    (def(f, 'ActivityRecord')['x-ms-dynamic-properties'].parameters.entityName = { value: 'UnifiedActivity' }),
  DynamicParameterNotFound: (f) => {
    def(f, 'ActivityRecord')['x-ms-dynamic-schema'].parameters.entityName = { parameter: 'entity' };
    def(f, 'ActivityRecord')['x-ms-dynamic-properties'].parameters.entityName = { parameterReference: 'entity' };
  },
  DynamicSchemaParameterNotRequired: (f) => {
    // The helper takes the optional keepForHours too, so the only fault is that an optional input drives the schema.
    op(f, '/instances/{instanceId}/schemas/profile-update').parameters.push({
      $ref: '#/parameters/Query.KeepForHours',
    });
    def(f, 'ProfileChanges')['x-ms-dynamic-schema'].parameters.keepForHours = { parameter: 'keepForHours' };
    def(f, 'ProfileChanges')['x-ms-dynamic-properties'].parameters.keepForHours = {
      parameterReference: 'keepForHours',
    };
  },
  DynamicOperationNotFound: (f) => {
    def(f, 'ProfileChanges')['x-ms-dynamic-schema'].operationId = 'GetNothing';
    def(f, 'ProfileChanges')['x-ms-dynamic-properties'].operationId = 'GetNothing';
  },
  InvokedOperationNotInternal: (f) => {
    op(f, '/instances/{instanceId}/schemas/profile')['x-ms-visibility'] = 'advanced';
    f.readme = f.readme.replace('### Find customer profiles', '### Get profile schema\n\nA helper.\n\n$&');
  },
  InvokedOperationNotGet: (f) => {
    const item = f.swagger.paths['/instances/{instanceId}/schemas/profile'];
    item.post = item.get;
    delete item.get;
  },
  OperationMissingRequiredProperty: (f) => {
    delete param(f, 'Path.EntityName')['x-ms-dynamic-values'].parameters.instanceId;
    delete param(f, 'Path.EntityName')['x-ms-dynamic-list'].parameters.instanceId;
  },
  DynamicParameterNotOnOperation: (f) => {
    param(f, 'Path.EntityName')['x-ms-dynamic-values'].parameters.region = 'eu';
    param(f, 'Path.EntityName')['x-ms-dynamic-list'].parameters.region = { value: 'eu' };
  },
  OperationParameterTypeMismatch: (f) => {
    param(f, 'Path.EntityName')['x-ms-dynamic-values'].parameters.kind = 'activities';
    param(f, 'Path.EntityName')['x-ms-dynamic-list'].parameters.kind = { value: 'activities' };
  },
  InvokedOperationShouldProduceArray: (f) => {
    param(f, 'Path.InstanceId')['x-ms-dynamic-values']['value-collection'] = 'items';
    param(f, 'Path.InstanceId')['x-ms-dynamic-list'].itemsPath = 'items';
  },
  InvokedOperationShouldProduceProperty: (f) => {
    param(f, 'Path.InstanceId')['x-ms-dynamic-values']['value-path'] = 'id';
    param(f, 'Path.InstanceId')['x-ms-dynamic-list'].itemValuePath = 'id';
  },
  BrandColorMissing: (f) => delete f.properties.properties.iconBrandColor,
  BrandColorNotAllowed: (f) => {
    f.properties.properties.iconBrandColor = '#007EE5';
    f.icon = png(230, [0x00, 0x7e, 0xe5, 255]);
  },
  PropertiesKeyNotAllowed: (f) => (f.properties.properties.brandColour = '#0B5CAB'),
  TokenParameterMissing: (f) => {
    const params = f.properties.properties.connectionParameters;
    params.oauth = params.token;
    delete params.token;
  },
  IdentityProviderNotAad: (f) => (oauth(f).identityProvider = 'oauth2'),
  ResourceUriMissing: (f) => (oauth(f).customParameters.resourceUri.value = 'ci-proxy'),
  CustomParameterNotAllowed: (f) =>
    (oauth(f).customParameters.LoginUri = { value: 'https://login.microsoftonline.com' }),
  ConnectionParameterNameNotValid: (f) =>
    (f.properties.properties.connectionParameters['proxy-url'] = {
      type: 'string',
      uiDefinition: { displayName: 'Proxy URL', description: 'The proxy address.' },
    }),
  RedirectModeNotGlobalPerConnector: (f) => (oauth(f).redirectMode = 'Global'),
  PublisherMissing: (f) => delete f.properties.properties.publisher,
  StackOwnerMissing: (f) => delete f.properties.properties.stackOwner,
  CapabilitiesMissing: (f) => delete f.properties.properties.capabilities,
  SecretCommitted: (f) => (oauth(f).clientSecret = 'pa55-word-from-the-portal'),
  SettingsKeyNotAllowed: (f) => (f.settings.secret = ''),
  SettingsEnvironmentNotGuid: (f) => (f.settings.environment = 'Default-contoso'),
  ReadmeSectionMissing: (f) => (f.readme = f.readme.replace('## Known Issues and Limitations', '## Caveats')),
  ReadmeKnownIssueMissing: (f) =>
    (f.readme = f.readme.replace(/ It is not exported and does not\s+update segments or measures\./, '')),
  ReadmeOperationsMismatch: (f) => (f.readme = f.readme.replace('### Get real time usage', '### Get usage')),
  IconNotPng: (f) => (f.icon = Buffer.from('GIF89a not a png')),
  IconSizeNotValid: (f) => (f.icon = png(100, BRAND_RGBA)),
  IconNotOpaque: (f) => (f.icon = png(230, BRAND_RGBA, 0)),
  IconColorMismatch: (f) => (f.properties.properties.iconBrandColor = '#123456'),
};

/** Rules whose crafted case OpenAPI 2.0 itself forbids, so swagger-parser's OpenApiInvalid fires beside them. */
export const PARSER_ALSO_REJECTS: RuleName[] = [
  'SwaggerVersionNotSupported',
  'BasePathNotValid',
  'OperationMustHaveResponse',
  'PathParameterNotDefined',
  'PathParameterNotInPath',
  'PathParameterMustBeRequired',
  'RequiredPropertyArrayEmpty',
  'RequiredPropertyNotOnObject',
];
