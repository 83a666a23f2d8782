import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadContract } from '../../proxy/contract/load-contract';
import { assertRegistryMatches, ContractDriftError } from '../../proxy/contract/registry-check';
import { OPERATIONS } from '../../proxy/operations';
import { buildProxy } from '../../proxy/server';
import { localProxyConfig } from '../support/proxy-platform-stack';

const ROOT = path.resolve(__dirname, '..', '..');
const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Runs `proxy/main.ts` with exactly `env` (plus PATH/HOME) and returns its exit code and stderr. */
function runMain(env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'proxy/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr };
}

const GOOD_ENV = {
  CI_SUBSCRIPTION_KEY: 'k',
  ENTRA_TENANT_ID: 'df2f635b-ae08-40ff-b73f-737926dfd7a6',
  PROXY_CLIENT_ID: 'b439d0be-0d98-4f34-bdd4-d37acbf2cc0f',
  PROXY_APP_ID_URI: 'api://ci-proxy-local',
  PROXY_CLIENT_SECRET: 's',
  PORT: '0',
  LOG_LEVEL: 'silent',
};

describe('the handler registry matches the contract', () => {
  test('every operationId has a handler in proxy/operations/<kebab-case>.ts and every handler an operation', async () => {
    const contract = await loadContract();
    const ids = contract.operations.map((op) => op.operationId).sort();
    expect(Object.keys(OPERATIONS).sort()).toEqual(ids);
    for (const id of ids) expect(existsSync(path.join(ROOT, 'proxy', 'operations', `${kebab(id)}.ts`))).toBe(true);
    expect(() => assertRegistryMatches(contract, OPERATIONS)).not.toThrow();
  });

  test('a registry missing a handler stops startup naming the operationId', async () => {
    const { GetUsage: _omitted, ...registry } = OPERATIONS;
    const config = localProxyConfig('http://127.0.0.1:9');
    await expect(buildProxy(config, { registry })).rejects.toThrow(ContractDriftError);
    await expect(buildProxy(config, { registry })).rejects.toThrow(/operation GetUsage .* has no handler/);
  });

  test('a handler without an operation stops startup naming it', async () => {
    const contract = await loadContract();
    const registry = { ...OPERATIONS, DeleteCustomerProfile: OPERATIONS.GetUsage };
    expect(() => assertRegistryMatches(contract, registry)).toThrow(
      /handler DeleteCustomerProfile .* has no operation/,
    );
  });
});

describe('proxy/main.ts refuses to start on bad settings or drift', () => {
  test('a missing setting: exit code 1 and the variable named on stderr', () => {
    const { CI_SUBSCRIPTION_KEY: _missing, ...env } = GOOD_ENV;
    const { status, stderr } = runMain({ ...env, UPSTREAM_AUTH_MODE: 'sometimes' });
    expect(status).toBe(1);
    expect(stderr).toContain('CI_SUBSCRIPTION_KEY');
    expect(stderr).toContain('UPSTREAM_AUTH_MODE');
  });

  test('a contract operation without a handler: exit code 1 and the operationId on stderr', () => {
    const swagger = JSON.parse(readFileSync(path.join(ROOT, 'apiDefinition.swagger.json'), 'utf8'));
    swagger.paths['/instances/{instanceId}/segments'] = {
      get: {
        operationId: 'ListSegments',
        summary: 'List segments',
        description: 'Lists the segments of an instance.',
        parameters: [{ $ref: '#/parameters/Path.InstanceId' }],
        responses: { '200': { description: 'OK', schema: { type: 'object' } } },
      },
    };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'proxy-drift-')), 'apiDefinition.swagger.json');
    writeFileSync(file, JSON.stringify(swagger));
    const { status, stderr } = runMain(GOOD_ENV, ['--contract', file]);
    expect(status).toBe(1);
    expect(stderr).toContain('ListSegments');
  });
});
