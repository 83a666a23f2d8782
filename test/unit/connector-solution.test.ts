import { parsePackageOptions } from '../../connector/package/options';
import { packagedConnector } from '../../connector/package/package';
import { lintSolutionConnector, solutionProblems } from '../../connector/solution/check';
import { buildSolution, VARIABLE_TYPE } from '../../connector/solution/solution';
import { xmlProblem } from '../../connector/solution/xml';
import { readZip, writeZip } from '../../connector/solution/zip';
import { REPO_ROOT } from '../support/connector-files';

const KEY_VAULT_SECRET =
  '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/ci-proxy/providers/Microsoft.KeyVault/vaults/contoso-kv/secrets/connector-secret';
const { options } = parsePackageOptions([
  '--host',
  'ci-proxy.contoso.example',
  '--resource',
  'api://contoso-ci-proxy',
  '--tenant',
  'contoso.onmicrosoft.com',
  '--client-id',
  '0e3a3c3e-9f7b-4d7e-8a38-3b1b7c1d2e4f',
  '--key-vault-secret',
  KEY_VAULT_SECRET,
]);
const connector = packagedConnector(REPO_ROOT, options!);
const build = () => buildSolution(connector, options!);
const json = (files: Map<string, Buffer>, suffix: string) =>
  JSON.parse([...files].find(([name]) => name.endsWith(suffix))![1].toString('utf8'));

describe('solution-aware connector package', () => {
  it('reads back as a sound solution whose connector takes host, client id and secret from environment variables', async () => {
    const solution = build();
    const files = readZip(solution.zip);
    expect(solutionProblems(files)).toEqual([]);
    expect(json(files, '_openapidefinition.json').host).toBe('@environmentVariables("cirt_ProxyHost")');
    const oauth = json(files, '_connectionparameters.json').token.oAuthSettings;
    expect(oauth.clientId).toBe('@environmentVariables("cirt_ConnectorClientId")');
    expect(oauth.clientSecret).toBe('@environmentVariables("cirt_ConnectorClientSecret")');
    expect(oauth.customParameters.tenantId).toEqual({ value: 'contoso.onmicrosoft.com' });
    const secret = files.get(
      'environmentvariabledefinitions/cirt_ConnectorClientSecret/environmentvariabledefinition.xml',
    );
    expect(secret!.toString()).toContain(`<type>${VARIABLE_TYPE.secret}</type>`);
    expect(solution.deploymentSettings.EnvironmentVariables).toEqual([
      { SchemaName: 'cirt_ProxyHost', Value: 'ci-proxy.contoso.example' },
      { SchemaName: 'cirt_ConnectorClientId', Value: '0e3a3c3e-9f7b-4d7e-8a38-3b1b7c1d2e4f' },
      { SchemaName: 'cirt_ConnectorClientSecret', Value: KEY_VAULT_SECRET },
    ]);
    // What an environment gets once the variables are filled in passes the same lint as the plain package.
    expect(
      await lintSolutionConnector(files, solution.deploymentSettings.EnvironmentVariables, connector.properties),
    ).toEqual([]);
    // No value of the secret, only its Key Vault id in the deployment settings, ever enters the archive.
    expect([...files.values()].some((data) => data.toString('latin1').includes('contoso-kv'))).toBe(false);
  });

  it('gives the connector the same id in every build, so an import updates it instead of adding another', () => {
    expect(build().zip.equals(build().zip)).toBe(true);
  });

  const tampered = (change: (files: Map<string, Buffer>) => void): string[] => {
    const files = readZip(build().zip);
    change(files);
    return solutionProblems(readZip(writeZip([...files].map(([name, data]) => ({ name, data })))));
  };
  const replaceIn = (files: Map<string, Buffer>, suffix: string, from: string | RegExp, to: string) => {
    const [name, data] = [...files].find(([n]) => n.endsWith(suffix))!;
    files.set(name, Buffer.from(data.toString('utf8').replace(from, to)));
  };

  it.each<[string, (files: Map<string, Buffer>) => void, RegExp]>([
    [
      'a variable the connector refers to is not defined',
      (f) => f.delete('environmentvariabledefinitions/cirt_ProxyHost/environmentvariabledefinition.xml'),
      /_openapidefinition\.json: refers to environment variable cirt_ProxyHost, which the solution does not define/,
    ],
    [
      'the client secret is a value',
      (f) =>
        replaceIn(f, '_connectionparameters.json', '@environmentVariables(\\"cirt_ConnectorClientSecret\\")', 's3cr3t'),
      /clientSecret holds a value/,
    ],
    [
      'the client secret variable is plain text',
      (f) =>
        replaceIn(
          f,
          'cirt_ConnectorClientSecret/environmentvariabledefinition.xml',
          '<type>100000005</type>',
          '<type>100000000</type>',
        ),
      /must be type Secret/,
    ],
    [
      'customizations.xml names a file the archive lacks',
      (f) => f.delete([...f.keys()].find((n) => n.endsWith('_iconblob.Png'))!),
      /<iconblob> names \/Connector\/cirt_cirealtime_iconblob\.Png, not in the archive/,
    ],
    [
      'solution.xml is not well-formed',
      (f) => replaceIn(f, 'solution.xml', '</Version>', '</Versoin>'),
      /solution\.xml: not well-formed XML/,
    ],
    [
      'a root component has no connector',
      (f) => replaceIn(f, 'customizations.xml', '<name>cirt_cirealtime</name>', '<name>other</name>'),
      /connector cirt_cirealtime has no <Connector>/,
    ],
  ])('the check names the problem when %s', (_, change, problem) => {
    expect(tampered(change)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  it('the ZIP reader refuses a damaged archive instead of returning wrong bytes', () => {
    const zip = build().zip;
    const damaged = Buffer.from(zip);
    damaged[30 + '[Content_Types].xml'.length + 5] ^= 0xff; // inside the first entry's compressed data
    expect(() => readZip(damaged)).toThrow();
  });

  it.each([
    ['<a><b></a>', /<\/a> closes <b>/],
    ['<a>x & y</a>', /stray "&"/],
    ['<a/><b/>', /2 root elements/],
  ])('the XML check finds %s malformed', (text, problem) => {
    expect(xmlProblem(text)).toMatch(problem);
  });
});
