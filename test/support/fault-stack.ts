/**
 * Support for the fault and fuzz suites: the emulator's control API over HTTP (CI and Entra faults, CI's request log),
 * reads of what CI really holds through its own API, and the one-error-shape assertion of docs/errors.md.
 */
import request from 'supertest';
import { ciCall, inst } from './ci-client';
import { ciToken, proxyMsalClient } from './emulator';
import { PROD, ResponseChecker, startOpsStack, type OpsStack } from './proxy-ops-stack';

/** A CI fault rule as `POST {ciUrl}/_emulator/faults` takes it (docs/design.md §3). */
export interface CiFaultRule {
  match?: { method?: string; path?: string; instanceId?: string };
  count?: number;
  fault:
    | { kind: 'status'; status: 429 | 500 | 503; retryAfterSeconds?: number }
    | { kind: 'delay'; ms: number }
    | { kind: 'hang' }
    | { kind: 'reset' }
    | { kind: 'lose-response'; then: 'reset' | 'hang' };
}

/** An Entra fault rule as `POST {entraUrl}/_emulator/faults` takes it (docs/design.md §2). */
export interface EntraFaultRule {
  endpoint: 'token' | 'msi' | 'jwks';
  count?: number;
  fault: { kind: 'invalid_client' } | { kind: 'status'; status: number; retryAfterSeconds?: number } | { kind: 'hang' };
}

/** One entry of the CI emulator's request log (`GET /_emulator/requests`). */
export interface CiLogged {
  method: string;
  path: string;
  query: Record<string, unknown>;
  status?: number;
  fault?: string;
}

async function control(base: string, method: 'post' | 'delete', path: string, body?: object): Promise<void> {
  const req = method === 'post' ? request(base).post(path).send(body) : request(base).delete(path);
  const res = await req;
  if (res.status >= 300) throw new Error(`${method} ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Arms a CI fault through the control API. */
export const armCiFault = (stack: OpsStack, rule: CiFaultRule) =>
  control(stack.emu.ciUrl, 'post', '/_emulator/faults', rule);

/** Arms an Entra fault through the control API. */
export const armEntraFault = (stack: OpsStack, rule: EntraFaultRule) =>
  control(stack.emu.entraUrl, 'post', '/_emulator/faults', rule);

/** Disarms every fault on both emulators and ends hung requests; empties CI's request log. */
export async function resetFaults(stack: OpsStack): Promise<void> {
  await control(stack.emu.ciUrl, 'delete', '/_emulator/faults');
  await control(stack.emu.entraUrl, 'delete', '/_emulator/faults');
  await clearCiLog(stack);
}

/** Empties CI's request log only (armed faults stay). */
export const clearCiLog = (stack: OpsStack) => control(stack.emu.ciUrl, 'delete', '/_emulator/requests');

/** What CI received, oldest first; `method` and `pathPart` narrow it. */
export async function ciReceived(stack: OpsStack, method?: string, pathPart = ''): Promise<CiLogged[]> {
  const res = await request(stack.emu.ciUrl).get('/_emulator/requests');
  return (res.body.value as CiLogged[]).filter((r) => (!method || r.method === method) && r.path.includes(pathPart));
}

/** Reads CI's own data with the proxy's app-only CI token (a reader that does not go through the proxy). */
export class CiReader {
  private token?: string;
  constructor(private readonly stack: OpsStack) {}

  /** Rows of `entity` matching an OData `$filter`, straight from the emulator's CI API. */
  async rows(entity: string, filter: string, instanceId = PROD): Promise<Record<string, unknown>[]> {
    this.token ??= await ciToken(proxyMsalClient(this.stack.emu.entraUrl), this.stack.emu.entraUrl, 'proxy');
    const query = new URLSearchParams({ $filter: filter, $top: '100' });
    const res = await ciCall(this.stack.emu.ciUrl, 'GET', inst(instanceId, `/data/${entity}?${query}`), {
      token: this.token,
    });
    if (res.status !== 200) throw new Error(`CI read of ${entity} failed: ${res.status} ${res.text}`);
    return res.body.value as Record<string, unknown>[];
  }

  /**
   * The timeline rows of one source activity (CI refuses `$filter` on source tables, so UnifiedActivity is read:
   * every stored activity of a known customer has exactly one row there, so this counts the stored copies).
   */
  activityCopies(entity: string, key: string | number, instanceId = PROD): Promise<Record<string, unknown>[]> {
    const id = String(key).replace(/'/g, "''");
    return this.rows('UnifiedActivity', `SourceTableName eq '${entity}' and SourceActivityId eq '${id}'`, instanceId);
  }

  /** The record CI holds under a numeric key in a source table (`GET data/{entity}({key})`), or undefined. */
  async record(entity: string, key: number): Promise<Record<string, unknown> | undefined> {
    this.token ??= await ciToken(proxyMsalClient(this.stack.emu.entraUrl), this.stack.emu.entraUrl, 'proxy');
    const res = await ciCall(this.stack.emu.ciUrl, 'GET', inst(PROD, `/data/${entity}(${key})`), { token: this.token });
    return res.status === 200 ? (res.body as Record<string, unknown>) : undefined;
  }

  /** The Customer row as CI serves it now (real-time overrides applied). */
  async customer(customerId: string): Promise<Record<string, unknown> | undefined> {
    return (await this.rows('Customer', `CustomerId eq '${customerId}'`))[0];
  }
}

/** Asserts the one error shape of docs/errors.md with this status and code (and target, when given). */
export function expectProxyError(
  check: ResponseChecker,
  res: request.Response,
  status: number,
  code: string,
  target?: string,
): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(check.error(res.body)).toEqual([]);
  expect(res.body.error.requestId).toBe(res.headers['x-ms-request-id']);
  if (target !== undefined) expect(res.body.error.target).toBe(target);
}

/** The maker's side: calls to the proxy's contract paths of one instance, as one signed-in caller. */
export function makerCalls(stack: OpsStack, auth: () => string, instanceId: string = PROD) {
  const url = (path: string) => `/api/instances/${instanceId}${path}`;
  return {
    get: (path: string) => request(stack.proxy.url).get(url(path)).set('Authorization', auth()),
    post: (path: string, body: unknown) =>
      request(stack.proxy.url)
        .post(url(path))
        .set('Authorization', auth())
        .send(body as object),
    patch: (path: string, body: unknown) =>
      request(stack.proxy.url)
        .patch(url(path))
        .set('Authorization', auth())
        .send(body as object),
  };
}

/** What most fault suites share: one stack, its response checker, a maker calling as one identity, a CI reader. */
export interface FaultSuite {
  stack: OpsStack;
  check: ResponseChecker;
  maker: ReturnType<typeof makerCalls>;
  ci: CiReader;
}

/**
 * Starts a stack with `settings`, a maker calling as `caller`, and warms tokens and schema caches with `warm` GETs so
 * the emulator's logs hold only the calls under test. Faults are cleared before and after every test of the file.
 */
export async function startFaultSuite(
  settings: Record<string, string>,
  caller: keyof OpsStack['auth'],
  warm: string[],
): Promise<FaultSuite> {
  const stack = await startOpsStack(settings);
  const maker = makerCalls(stack, () => stack.auth[caller]);
  for (const path of warm) expect((await maker.get(path)).status).toBe(200);
  return { stack, check: new ResponseChecker(stack.contract), maker, ci: new CiReader(stack) };
}

/** Clears CI and Entra faults (and CI's request log) around every test of the file. */
export function resetFaultsAroundEach(stack: () => OpsStack): void {
  beforeEach(() => resetFaults(stack()));
  afterEach(() => resetFaults(stack()));
}
