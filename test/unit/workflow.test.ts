/**
 * The CI workflow: every change that can break the product runs the tests (the path filter once left out proxy/), and
 * the deploy jobs sign in with federated credentials instead of stored secrets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/connector-files';

const workflow = readFileSync(join(REPO_ROOT, '.github/workflows/connector.yml'), 'utf8');

/** The `paths:` list under one trigger (`push:` or `pull_request:`), read from the YAML's indentation. */
function pathsOf(trigger: string): string[] {
  const lines = workflow.split('\n');
  const at = lines.findIndex((l) => l === `  ${trigger}:`);
  expect(at).toBeGreaterThan(-1);
  expect(lines[at + 1]).toBe('    paths:');
  const paths: string[] = [];
  for (const line of lines.slice(at + 2)) {
    const item = /^ {6}- (.+)$/.exec(line);
    if (!item) break;
    paths.push(item[1]);
  }
  return paths;
}

describe('.github/workflows/connector.yml', () => {
  it.each(['push', 'pull_request'])('runs on %s to any part of the product and its tests', (trigger) => {
    expect(pathsOf(trigger)).toEqual(
      expect.arrayContaining([
        'apiDefinition.swagger.json',
        'apiProperties.json',
        'connector/**',
        'proxy/**',
        'emulator/**',
        'scripts/**',
        'test/**',
        'package.json',
        'package-lock.json',
      ]),
    );
  });

  it('runs the whole suite, the type check and both lints', () => {
    for (const step of ['npm run typecheck', 'npm run lint', 'npm run connector:lint', 'npx jest'])
      expect(workflow).toContain(`- run: ${step}`);
  });

  it('deploys the proxy, then the connector, with federated credentials and no stored secret', () => {
    expect(workflow).toMatch(/deploy-connector:\n(.*\n)*? {4}needs: deploy-proxy\n/);
    expect(workflow.match(/id-token: write/g)).toHaveLength(2);
    expect(workflow).toContain('azure/login@v2');
    expect(workflow).toContain('--githubFederated');
    expect(workflow).not.toMatch(/secrets\./);
    expect(workflow).toContain('pac solution import');
    expect(workflow).toMatch(/pac connector (create|update)/);
  });
});
