/**
 * The proxy as the lead's launcher wires it, in this process: the real CI emulator and Entra stand-in on loopback
 * port 0, `startProxy` with the platform's real inbound auth, MSAL token provider and undici CI client, and the
 * emulator's movable clock. Plus caller tokens from the stand-in and a checker for the contract's response schemas.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Logger } from 'pino';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../emulator';
import { requestAppToken, requestUserToken } from '../../emulator/entra';
import { INSTANCES } from '../../emulator/well-known';
import { loadContract, type Contract } from '../../proxy/contract/load-contract';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { localProxyConfig } from './proxy-platform-stack';

export const PROD = INSTANCES.production.instanceId;
export const SANDBOX = INSTANCES.sandbox.instanceId;

export interface OpsStack {
  emu: RunningEmulator;
  proxy: RunningProxy;
  contract: Contract;
  /** Bearer header values of the proxy's callers: users through the connector, and an app-only automation. */
  auth: { alice: string; bob: string; rita: string; automation: string };
  close(): Promise<void>;
}

/**
 * Starts emulator + proxy; `settings` are extra proxy environment variables (e.g. UPSTREAM_AUTH_MODE), `emulator`
 * the emulator's options (e.g. a captured metadata file), `logger` a logger for the proxy to write to.
 */
export async function startOpsStack(
  settings: Record<string, string> = {},
  emulator: StartEmulatorOptions = {},
  logger?: Logger,
): Promise<OpsStack> {
  const emu = await startEmulator(emulator);
  const config = localProxyConfig(emu.entraUrl, {
    CI_API_BASE_URL: `${emu.ciUrl}/v1`,
    CI_SUBSCRIPTION_KEY: INSTANCES.production.primaryKey,
    CI_SUBSCRIPTION_KEYS: JSON.stringify({ [SANDBOX]: INSTANCES.sandbox.primaryKey }),
    PORT: '0',
    ...settings,
  });
  const proxy = await startProxy(config, { now: emu.clock.now, ...(logger ? { logger } : {}) });
  const [alice, bob, rita, automation] = await Promise.all([
    requestUserToken(emu.entraUrl, 'alice'),
    requestUserToken(emu.entraUrl, 'bob'),
    requestUserToken(emu.entraUrl, 'rita'),
    requestAppToken(emu.entraUrl),
  ]);
  const bearer = (t: string) => `Bearer ${t}`;
  return {
    emu,
    proxy,
    contract: await loadContract(),
    auth: { alice: bearer(alice), bob: bearer(bob), rita: bearer(rita), automation: bearer(automation) },
    async close() {
      await proxy.close();
      await emu.close();
    },
  };
}

/** Checks bodies against the schemas apiDefinition.swagger.json declares (or a dynamic schema the proxy served). */
export class ResponseChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly contract: Contract) {
    addFormats(this.ajv);
  }

  /** Errors of `body` against the declared response schema of `operationId` for `status` ([] when valid). */
  declared(operationId: string, status: number, body: unknown): string[] {
    const op = this.contract.operations.find((o) => o.operationId === operationId);
    const schema = op?.responseSchemas[String(status)];
    if (!schema) return [`${operationId} declares no schema for ${status}`];
    return this.check(`${operationId}:${status}`, schema, body);
  }

  /** Errors of an error body against definitions/Error. */
  error(body: unknown): string[] {
    const definitions = this.contract.document.definitions as Record<string, Record<string, unknown>>;
    return this.check('Error', definitions.Error, body);
  }

  /** Errors of `body` against a schema (e.g. one a Get…Schema operation returned). */
  dynamic(schema: Record<string, unknown>, body: unknown): string[] {
    return this.check(undefined, schema, body);
  }

  private check(key: string | undefined, schema: Record<string, unknown>, body: unknown): string[] {
    let validate = key ? this.cache.get(key) : undefined;
    if (!validate) {
      validate = this.ajv.compile(schema);
      if (key) this.cache.set(key, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  }
}
