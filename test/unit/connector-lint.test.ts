import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintConnector, RULE_NAMES, type RuleName } from '../../connector/lint';
import { BAD_CASES, PARSER_ALSO_REJECTS } from '../support/connector-bad-cases';
import { committedConnector, REPO_ROOT } from '../support/connector-files';

const ON_DISK_RULES: RuleName[] = ['FileMissing', 'FileNotJson'];

describe('connector lint', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'connector-lint-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nothing wrong with the committed connector folder', async () => {
    expect(await lintConnector(REPO_ROOT)).toEqual([]);
  });

  it('finds nothing wrong with the committed files given in memory', async () => {
    expect(await lintConnector(committedConnector())).toEqual([]);
  });

  it('has a crafted bad definition for every rule in the catalogue', () => {
    const covered = [...Object.keys(BAD_CASES), ...ON_DISK_RULES].sort();
    expect(covered).toEqual([...RULE_NAMES].sort());
  });

  it.each(Object.keys(BAD_CASES) as RuleName[])(
    'reports %s, and only it, for a definition that breaks it',
    async (rule) => {
      const files = committedConnector();
      BAD_CASES[rule]!(files);
      const findings = await lintConnector(files);
      const hits = findings.filter((f) => f.rule === rule);
      expect(hits.length).toBeGreaterThan(0);
      const expected = PARSER_ALSO_REJECTS.includes(rule) ? ['OpenApiInvalid', rule] : [rule];
      expect([...new Set(findings.map((f) => f.rule))].sort()).toEqual(expected.sort());
      for (const hit of hits) {
        expect([
          'apiDefinition.swagger.json',
          'apiProperties.json',
          'readme.md',
          'icon.png',
          'settings.json',
        ]).toContain(hit.file);
        expect(hit.pointer === '' || hit.pointer.startsWith('/')).toBe(true);
        expect(hit.message.length).toBeGreaterThan(10);
      }
    },
  );

  it('asks for labels on array items of plain values, where each item becomes a dynamic-content token', async () => {
    const files = committedConnector();
    delete files.swagger.definitions.ProfileUpdated.properties.updatedFields.items['x-ms-summary'];
    expect(await lintConnector(files)).toEqual([
      expect.objectContaining({
        pointer: '/definitions/ProfileUpdated/properties/updatedFields/items',
        rule: 'PropertySummaryMissing',
      }),
    ]);
  });

  it("requires the helper's schema property to be an object, not just present", async () => {
    const files = committedConnector();
    files.swagger.definitions.SchemaEnvelope.properties.schema.type = 'string';
    const findings = await lintConnector(files);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['InvokedOperationShouldProduceProperty']));
    expect(findings[0].message).toMatch(/declares "schema" as string; a schema is an object/);
  });

  it('reads the whole background frame of the icon, not only its corners', async () => {
    const { PNG } = await import('pngjs');
    const files = committedConnector();
    const image = PNG.sync.read(files.icon);
    for (let x = 100; x < 130; x++) image.data.set([255, 255, 255, 255], (5 * 230 + x) * 4);
    files.icon = PNG.sync.write(image);
    expect(await lintConnector(files)).toEqual([
      expect.objectContaining({
        file: 'icon.png',
        rule: 'IconColorMismatch',
        message: expect.stringMatching(/\(100, 5\)/),
      }),
    ]);
  });

  it("passes on swagger-parser's reason when it rejects the document", async () => {
    const files = committedConnector();
    delete files.swagger.info.version;
    const [finding] = (await lintConnector(files)).filter((f) => f.rule === 'OpenApiInvalid');
    expect(finding.message).toMatch(/version/);
  });

  it('reports a missing apiProperties.json and a swagger that is not JSON, naming each file', async () => {
    writeFileSync(join(dir, 'apiDefinition.swagger.json'), '{"swagger": "2.0",');
    const findings = await lintConnector(dir);
    expect(findings).toEqual([
      expect.objectContaining({ file: 'apiDefinition.swagger.json', rule: 'FileNotJson' }),
      expect.objectContaining({ file: 'apiProperties.json', rule: 'FileMissing' }),
    ]);
  });

  it('the CLI prints file, pointer and rule per finding and exits non-zero', () => {
    const files = committedConnector();
    delete files.swagger.parameters['Path.CustomerId']['x-ms-url-encoding'];
    writeFileSync(join(dir, 'apiDefinition.swagger.json'), JSON.stringify(files.swagger));
    writeFileSync(join(dir, 'apiProperties.json'), JSON.stringify(files.properties));
    const run = spawnSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [join(REPO_ROOT, 'connector/lint/main.ts'), dir],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      'apiDefinition.swagger.json /parameters/Path.CustomerId PathParameterMissingEncoding: Path parameter "customerId" needs "x-ms-url-encoding": "single".',
    );
    expect(run.stdout).toMatch(/connector:lint: 1 finding in /);
  });

  it('keeps the committed icon equal to what connector/icon/make-icon.ts draws', async () => {
    const { drawIcon } = await import('../../connector/icon/make-icon');
    const { PNG } = await import('pngjs');
    const color = JSON.parse(readFileSync(join(REPO_ROOT, 'apiProperties.json'), 'utf8')).properties.iconBrandColor;
    const drawn = PNG.sync.read(drawIcon(color));
    const committed = PNG.sync.read(readFileSync(join(REPO_ROOT, 'connector', 'icon.png')));
    expect(Buffer.compare(drawn.data, committed.data)).toBe(0);
  });
});
