import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEnvFile, loadEnvFile } from '../../proxy/env-file';

describe('.env loading', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'env-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads .env into the environment, leaving variables already set alone, and says which file it read', () => {
    writeFileSync(
      join(dir, '.env'),
      '# comment\nCI_SUBSCRIPTION_KEY=from-file\nPROXY_APP_ID_URI="api://contoso-ci-proxy"\nPORT=9999\nEMPTY=\n',
    );
    const env: NodeJS.ProcessEnv = { PORT: '7080' };
    const result = loadEnvFile(env, dir);
    expect(env).toEqual({
      PORT: '7080',
      CI_SUBSCRIPTION_KEY: 'from-file',
      PROXY_APP_ID_URI: 'api://contoso-ci-proxy',
      EMPTY: '',
    });
    expect(result).toEqual({
      file: join(dir, '.env'),
      applied: expect.arrayContaining(['CI_SUBSCRIPTION_KEY', 'PROXY_APP_ID_URI', 'EMPTY']),
    });
    expect(describeEnvFile(result)).toBe(
      `settings: read ${join(dir, '.env')} (variables already set in the environment win)`,
    );
  });

  it('without a .env changes nothing and says the environment alone is used', () => {
    const env: NodeJS.ProcessEnv = { PORT: '7080' };
    const result = loadEnvFile(env, dir);
    expect(env).toEqual({ PORT: '7080' });
    expect(describeEnvFile(result)).toMatch(/^settings: no \.env file in .*; using the environment only$/);
  });
});
