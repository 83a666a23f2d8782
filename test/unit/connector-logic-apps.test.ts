import {
  armLiteral,
  customApiParameters,
  customApiProblems,
  customApiTemplate,
  REDIRECT_URL_EXPRESSION,
} from '../../connector/logic-apps/custom-api';
import { lintConnector } from '../../connector/lint';
import { parsePackageOptions } from '../../connector/package/options';
import { packagedConnector } from '../../connector/package/package';
import { REPO_ROOT, type Doc } from '../support/connector-files';

const argv = ['--host', 'ci-proxy.contoso.example', '--resource', 'api://contoso-ci-proxy'];
const signIn = [
  '--tenant',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
  '--client-id',
  '0e3a3c3e-9f7b-4d7e-8a38-3b1b7c1d2e4f',
];
const { options } = parsePackageOptions([...argv, ...signIn]);

describe('Logic Apps (Consumption) custom connector template', () => {
  const connector = packagedConnector(REPO_ROOT, options!);
  const template = customApiTemplate(connector, options!) as Doc;
  const api = template.resources[0];

  it('is a Microsoft.Web/customApis resource the type definition accepts, with its own redirect URL', () => {
    expect(customApiProblems(template)).toEqual([]);
    expect(api.properties.backendService.serviceUrl).toBe('https://ci-proxy.contoso.example/api');
    const oauth = api.properties.connectionParameters.token.oAuthSettings;
    expect(oauth.redirectUrl).toBe(REDIRECT_URL_EXPRESSION);
    expect(oauth.clientSecret).toBe("[parameters('connectorClientSecret')]");
    expect(template.parameters.connectorClientSecret.type).toBe('securestring');
    expect(oauth.customParameters.tenantId.value).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
  });

  it('embeds the packaged swagger, which still passes the connector lint', async () => {
    expect(api.properties.swagger).toEqual(connector.swagger);
    expect(await lintConnector({ swagger: api.properties.swagger, properties: connector.properties as Doc })).toEqual(
      [],
    );
  });

  it('escapes swagger text that ARM would otherwise evaluate as an expression', () => {
    const bracketed = structuredClone(connector);
    (bracketed.swagger as Doc).info.description = '[Preview] Real-time data for Customer Insights.';
    const escaped = customApiTemplate(bracketed, options!) as Doc;
    expect(escaped.resources[0].properties.swagger.info.description).toBe(
      '[[Preview] Real-time data for Customer Insights.',
    );
    expect(customApiProblems(escaped)).toEqual([]);
    escaped.resources[0].properties.swagger.info.description = '[Preview] unescaped';
    expect(customApiProblems(escaped)).toEqual([expect.stringMatching(/would be evaluated as an ARM expression/)]);
    expect(armLiteral(['[[text', 'plain'])).toEqual(['[[[text', 'plain']);
  });

  it('names properties the resource type does not have and a client secret written as a value', () => {
    const bad = structuredClone(template) as Doc;
    bad.resources[0].properties.redirectMode = 'GlobalPerConnector';
    bad.resources[0].properties.connectionParameters.token.oAuthSettings.clientSecret = 'typed-by-hand';
    expect(customApiProblems(bad)).toEqual([
      'properties.redirectMode is not a property of Microsoft.Web/customApis',
      expect.stringMatching(/clientSecret holds a value/),
    ]);
  });

  it('takes the client secret from Key Vault by reference in the parameters file', () => {
    const secret =
      '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1/secrets/connector';
    const withVault = parsePackageOptions([...argv, ...signIn, '--key-vault-secret', secret]).options!;
    expect(customApiParameters(withVault).parameters).toEqual({
      connectorClientSecret: {
        reference: {
          keyVault: {
            id: '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1',
          },
          secretName: 'connector',
        },
      },
    });
  });
});
