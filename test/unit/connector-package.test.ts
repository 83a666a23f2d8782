import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintConnector } from '../../connector/lint';
import { parsePackageOptions } from '../../connector/package/options';
import { outDirProblem, packageProblems, writePackage } from '../../connector/package/package';
import { REPO_ROOT } from '../support/connector-files';

const CLIENT_ID = '0e3a3c3e-9f7b-4d7e-8a38-3b1b7c1d2e4f';
/** The sign-in arguments every package needs, for tests about other arguments. */
const SIGN_IN = ['--tenant', 'contoso.onmicrosoft.com', '--client-id', CLIENT_ID];
const parse = (...argv: string[]) => parsePackageOptions([...argv, ...SIGN_IN]);

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
      CLIENT_ID,
      '--tenant',
      '72f988bf-86f1-41af-91ab-2d7cd011db47',
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
    expect(oauth.clientId).toBe(CLIENT_ID);
    expect(oauth.customParameters.tenantId).toEqual({ value: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
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
    const { options, problems } = parse('--host', host, '--resource', 'api://ci-proxy');
    expect(options).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(problem)]);
  });

  it.each(['api://ci-proxy', 'api://b439d0be-0d98-4f34-bdd4-d37acbf2cc0f', 'https://contoso.example/ci-proxy'])(
    'accepts the App ID URI %s',
    (resource) => {
      expect(parse('--host', 'ci-proxy.example.com', '--resource', resource).problems).toEqual([]);
    },
  );

  it('accepts a host with a valid port', () => {
    expect(parse('--host', 'proxy.example.com:8443', '--resource', 'api://ci-proxy').problems).toEqual([]);
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
    const { problems } = parse('--host', 'ci-proxy.example.com', '--resource', resource);
    expect(problems).toEqual([expect.stringMatching(/^--resource: .* is not an App ID URI/)]);
  });

  it('names every missing or unknown argument at once', () => {
    expect(parsePackageOptions(['--hots', 'x', '--client-id', 'nope']).problems).toEqual([
      'unknown argument "--hots"',
      'unknown argument "x"',
      '--host is required',
      '--resource is required',
      expect.stringMatching(/^--tenant is required: .*AADSTS50194/),
      '--client-id: "nope" is not a GUID',
    ]);
  });

  it.each([
    ['the repo root', '.'],
    ['connector/', 'connector'],
  ])('refuses to write into %s, where the committed files live', (_, out) => {
    const { options: parsed } = parse('--host', 'ci-proxy.example.com', '--resource', 'api://ci-proxy');
    const options = { ...parsed!, out: join(REPO_ROOT, out) };
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
        ...SIGN_IN,
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--host: host "https://x.example" must not include a scheme');
    expect(existsSync(out)).toBe(false);
  });

  it("refuses to package without --client-id instead of shipping the local stand-in's client id", () => {
    const { options, problems } = parsePackageOptions([
      '--host',
      'ci-proxy.example.com',
      '--resource',
      'api://ci-proxy',
      '--tenant',
      'contoso.onmicrosoft.com',
    ]);
    expect(options).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^--client-id is required: .*local stand-in/)]);
  });

  it("refuses the local stand-in's client id from the committed apiProperties.json, and writes nothing", () => {
    const standIn = JSON.parse(readFileSync(join(REPO_ROOT, 'apiProperties.json'), 'utf8')).properties
      .connectionParameters.token.oAuthSettings.clientId;
    const argv = [
      '--host',
      'h.example.com',
      '--resource',
      'api://x',
      '--tenant',
      'contoso.com',
      '--client-id',
      standIn,
    ];
    const options = { ...parsePackageOptions(argv).options!, out: join(dir, 'stand-in') };
    expect(packageProblems(REPO_ROOT, options)).toEqual([
      expect.stringMatching(/is the local stand-in's connector app/),
    ]);
    expect(() => writePackage(REPO_ROOT, options)).toThrow(/local stand-in/);
    expect(existsSync(options.out)).toBe(false);
  });

  it.each(['72f988bf-86f1-41af-91ab-2d7cd011db47', 'contoso.onmicrosoft.com', 'contoso.com', 'organizations'])(
    'accepts the tenant %s',
    (tenant) => {
      const argv = ['--host', 'h.example.com', '--resource', 'api://x', '--client-id', CLIENT_ID, '--tenant', tenant];
      expect(parsePackageOptions(argv).options?.tenant).toBe(tenant);
    },
  );

  it.each(['contoso', 'https://login.microsoftonline.com/contoso.com', '72f988bf-86f1-41af-91ab', 'a b.com'])(
    'refuses the tenant %s, naming the flag',
    (tenant) => {
      const argv = ['--host', 'h.example.com', '--resource', 'api://x', '--client-id', CLIENT_ID, '--tenant', tenant];
      expect(parsePackageOptions(argv).problems).toEqual([expect.stringMatching(/^--tenant: .* is not a tenant/)]);
    },
  );

  it.each(['6d1c0f5e-2b7a-4c8d-9e0f-1a2b3c4d5e6f', 'Default-72f988bf-86f1-41af-91ab-2d7cd011db47'])(
    'accepts the environment id %s, and the packaged settings.json passes the lint with it',
    async (environment) => {
      const { options, problems } = parse(
        '--host',
        'h.example.com',
        '--resource',
        'api://x',
        '--environment',
        environment,
      );
      expect(problems).toEqual([]);
      const out = writePackage(REPO_ROOT, { ...options!, out: join(dir, `env-${environment}`) });
      expect(JSON.parse(readFileSync(join(out, 'settings.json'), 'utf8')).environment).toBe(environment);
      expect(await lintConnector(out)).toEqual([]);
    },
  );

  it.each(['Default-contoso', 'default', '6d1c0f5e2b7a4c8d9e0f1a2b3c4d5e6f'])(
    'refuses the environment id %s',
    (env) => {
      const { problems } = parse('--host', 'h.example.com', '--resource', 'api://x', '--environment', env);
      expect(problems).toEqual([expect.stringMatching(/^--environment: .* is not an environment id/)]);
    },
  );

  it('the CLI prints its usage for --help and exits 0', () => {
    const run = spawnSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [join(REPO_ROOT, 'connector/package/main.ts'), '--help'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run connector:package/);
    expect(run.stdout).toContain('--tenant');
    expect(run.stderr).toBe('');
  });
});
