import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintConnector } from '../../connector/lint';
import { parsePackageOptions } from '../../connector/package/options';
import { outDirProblem, writePackage } from '../../connector/package/package';
import { REPO_ROOT } from '../support/connector-files';

describe('connector packaging', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'connector-package-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a folder that carries the host and App ID URI, passes the lint and leaves the committed files alone', async () => {
    const committed = ['apiDefinition.swagger.json', 'apiProperties.json'].map((f) => readFileSync(join(REPO_ROOT, f)));
    const { options } = parsePackageOptions([
      '--host',
      'ci-proxy.contoso.example',
      '--resource=api://contoso-ci-proxy',
      '--client-id',
      '0e3a3c3e-9f7b-4d7e-8a38-3b1b7c1d2e4f',
      '--environment',
      '6d1c0f5e-2b7a-4c8d-9e0f-1a2b3c4d5e6f',
      '--out',
      join(dir, 'pkg'),
    ]);
    const out = writePackage(REPO_ROOT, options!);

    const swagger = JSON.parse(readFileSync(join(out, 'apiDefinition.swagger.json'), 'utf8'));
    const properties = JSON.parse(readFileSync(join(out, 'apiProperties.json'), 'utf8'));
    const settings = JSON.parse(readFileSync(join(out, 'settings.json'), 'utf8'));
    const oauth = properties.properties.connectionParameters.token.oAuthSettings;
    expect(swagger.host).toBe('ci-proxy.contoso.example');
    expect(oauth.customParameters.resourceUri.value).toBe('api://contoso-ci-proxy');
    expect(oauth.properties.AzureActiveDirectoryResourceId).toBe('api://contoso-ci-proxy');
    expect(oauth.clientId).toBe('0e3a3c3e-9f7b-4d7e-8a38-3b1b7c1d2e4f');
    expect(settings).toMatchObject({
      environment: '6d1c0f5e-2b7a-4c8d-9e0f-1a2b3c4d5e6f',
      apiDefinition: 'apiDefinition.swagger.json',
      apiProperties: 'apiProperties.json',
      icon: 'icon.png',
    });
    expect(existsSync(join(out, 'icon.png')) && existsSync(join(out, 'readme.md'))).toBe(true);
    expect(await lintConnector(out)).toEqual([]);
    const after = ['apiDefinition.swagger.json', 'apiProperties.json'].map((f) => readFileSync(join(REPO_ROOT, f)));
    expect(after).toEqual(committed);
  });

  it.each([
    ['https://ci-proxy.example.com', /--host: .*must not include a scheme/],
    ['ci-proxy.example.com/api', /--host: .*must not include a path/],
    ['ci-proxy.example.com:https', /--host: .*invalid port/],
    ['ci-proxy.example.com:70000', /--host: .*invalid port/],
    ['ci-proxy.example.com:', /--host: .*invalid port/],
  ])('refuses the host %s', (host, problem) => {
    const { options, problems } = parsePackageOptions(['--host', host, '--resource', 'api://ci-proxy']);
    expect(options).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(problem)]);
  });

  it.each(['api://ci-proxy', 'api://b439d0be-0d98-4f34-bdd4-d37acbf2cc0f', 'https://contoso.example/ci-proxy'])(
    'accepts the App ID URI %s',
    (resource) => {
      expect(parsePackageOptions(['--host', 'ci-proxy.example.com', '--resource', resource]).problems).toEqual([]);
    },
  );

  it('accepts a host with a valid port', () => {
    expect(parsePackageOptions(['--host', 'proxy.example.com:8443', '--resource', 'api://ci-proxy']).problems).toEqual(
      [],
    );
  });

  it.each([
    'ci-proxy',
    'b439d0be-0d98-4f34-bdd4-d37acbf2cc0f',
    'api://',
    'api://ci proxy',
    'api://ci-proxy?x=1',
    'api://ci-proxy#scope',
    'mailto:ci-proxy@example.com',
    'ftp://ci-proxy.example.com',
  ])('refuses the resource %s, which is not an App ID URI', (resource) => {
    const { problems } = parsePackageOptions(['--host', 'ci-proxy.example.com', '--resource', resource]);
    expect(problems).toEqual([expect.stringMatching(/^--resource: .* is not an App ID URI/)]);
  });

  it('names every missing or unknown argument at once', () => {
    expect(parsePackageOptions(['--hots', 'x', '--client-id', 'nope']).problems).toEqual([
      'unknown argument "--hots"',
      'unknown argument "x"',
      '--host is required',
      '--resource is required',
      '--client-id: "nope" is not a GUID',
    ]);
  });

  it.each([
    ['the repo root', '.'],
    ['connector/', 'connector'],
  ])('refuses to write into %s, where the committed files live', (_, out) => {
    const options = { host: 'ci-proxy.example.com', resource: 'api://ci-proxy', out: join(REPO_ROOT, out) };
    expect(outDirProblem(REPO_ROOT, options)).toMatch(/^--out: .* would overwrite the committed /);
    expect(() => writePackage(REPO_ROOT, options)).toThrow(/would overwrite the committed/);
  });

  it('the CLI exits non-zero on a bad host and writes nothing', () => {
    const out = join(dir, 'never');
    const run = spawnSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [
        join(REPO_ROOT, 'connector/package/main.ts'),
        '--host',
        'https://x.example',
        '--resource',
        'api://x',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--host: host "https://x.example" must not include a scheme');
    expect(existsSync(out)).toBe(false);
  });
});
