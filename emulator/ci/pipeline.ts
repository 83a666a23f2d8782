/**
 * The CI request pipeline, in request order: log → match operation → injected fault → APIM subscription key →
 * bearer token → instance and role → body → handler → serialize → usage. Only this file writes CI responses.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Clock } from '../clock';
import type { TokenVerifier } from './auth/access-token';
import { WRITER_ROLES } from './auth/role-assignments';
import { checkSubscriptionKey, SUBSCRIPTION_KEY_HEADER } from './auth/subscription-key';
import { GUID_PATTERN } from './constants';
import type { CiContext } from './context';
import { CiError, forbidden, notFound, apimDenied } from './errors/ci-error';
import { errorBody } from './errors/render';
import { statusFaultError, type FaultInjector, type LostResponse } from './faults';
import type { CiStore } from './persistence/ci-store';
import { readJsonBody, RequestAborted } from './request-body';
import type { LoggedRequest, RequestLog } from './request-log';
import { matchRoute, type Route, type RouteFamily } from './routes';
import { recordOfWriteBody, type WriteBodyForm } from './write-body-form';
import type { UsageLog } from './usage';

export interface PipelineDeps {
  store: CiStore;
  clock: Clock;
  faults: FaultInjector;
  usage: UsageLog;
  requests: RequestLog;
  verifyToken: TokenVerifier;
  maxBodyBytes: number;
  /** Which write-body form is bound (write-body-form.ts). */
  writeBodyForm: WriteBodyForm;
}

interface Exchange {
  entry: LoggedRequest;
  family: RouteFamily;
  route?: Route;
  ctx?: Partial<CiContext>;
  /** Set by a `lose-response` fault: the request is handled, then its answer is dropped this way. */
  lose?: LostResponse;
}

function send(
  deps: PipelineDeps,
  res: Response,
  x: Exchange,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  errorCode = '',
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  record(deps, x, status, Buffer.byteLength(text), errorCode);
  if (x.lose) return loseResponse(deps, res, x.lose);
  res.status(status).set(headers);
  if (x.family === 'data') res.set('OData-Version', '4.0');
  if (body !== undefined && !headers['Content-Type'])
    res.type(x.family === 'data' ? 'application/json; odata.metadata=minimal' : 'application/json');
  res.end(text);
}

/**
 * Logs the outcome and counts it in usage. A lost answer is counted like any other: CI processed the call (and a
 * write was committed), only the caller never heard.
 */
function record(deps: PipelineDeps, x: Exchange, status: number, responseBytes: number, errorCode: string): void {
  Object.assign(x.entry, { status, ...(errorCode ? { errorCode } : {}) });
  deps.usage.record({
    atMs: deps.clock.now(),
    instanceId: x.entry.instanceId ?? '',
    operation: x.route?.operation ?? 'Unknown',
    entity: x.ctx?.usage?.entity ?? '',
    caller: x.ctx?.usage?.caller ?? x.entry.principal ?? 'anonymous',
    result: status < 400 ? 'success' : 'failure',
    status,
    errorCode,
    bytes: x.entry.requestBytes + responseBytes,
    calls: 1,
  });
}

/** Drops the answer of a handled request: the connection is reset, or held open until faults are cleared. */
function loseResponse(deps: PipelineDeps, res: Response, how: LostResponse): void {
  if (how === 'reset') res.socket?.destroy();
  else deps.faults.onClear(() => res.destroy());
}

function sendError(deps: PipelineDeps, res: Response, x: Exchange, error: unknown): void {
  if (error instanceof RequestAborted) {
    x.entry.fault = 'client-aborted';
    res.destroy();
    return;
  }
  if (!(error instanceof CiError)) {
    console.error('CI emulator: unexpected error', error);
    error = new CiError(500, 'InternalServerError', 'The emulator failed to process the request.');
  }
  const e = error as CiError;
  send(deps, res, x, e.status, errorBody(e, x.family), e.headers, e.code);
}

/** Applies an injected fault; true when the request is finished. `lose-response` acts when the answer is sent. */
async function applyFault(deps: PipelineDeps, req: Request, res: Response, x: Exchange): Promise<boolean> {
  const fault = deps.faults.take({ method: req.method, path: req.originalUrl, instanceId: x.entry.instanceId });
  if (!fault) return false;
  x.entry.fault = fault.kind === 'status' ? String(fault.status) : fault.kind;
  if (fault.kind === 'lose-response') {
    x.lose = fault.then;
    return false;
  }
  if (fault.kind === 'delay') {
    await new Promise((resolve) => setTimeout(resolve, fault.ms));
    return false;
  }
  if (fault.kind === 'hang') {
    deps.faults.onClear(() => res.destroy());
    return true;
  }
  if (fault.kind === 'reset') {
    req.socket.destroy();
    return true;
  }
  sendError(deps, res, x, statusFaultError(fault));
  return true;
}

/**
 * A malformed or unknown instance id, answered with the status the operation declares for it: 404 where the model
 * lists 404, else 400 (Create-an-entity lists no 404; Get-instance-metadata no 400), so a generated client gets a
 * typed answer either way (FIDELITY.md "Statuses").
 */
function noSuchInstance(route: Route, message: string, code: string): CiError {
  const status = code === 'InvalidInstanceId' && route.statuses.includes(400) ? 400 : 404;
  return new CiError(route.statuses.includes(status) ? status : 400, code, message, 'instanceId');
}

async function authorize(deps: PipelineDeps, req: Request, x: Exchange, route: Route): Promise<Partial<CiContext>> {
  const opened = checkSubscriptionKey(req.headers[SUBSCRIPTION_KEY_HEADER], deps.store.instances());
  const principal = await deps.verifyToken(req.headers.authorization);
  x.entry.principal = principal.oid;
  const id = x.entry.instanceId;
  if (id === undefined) return { principal };
  if (!GUID_PATTERN.test(id))
    throw noSuchInstance(route, `'${id}' is not an instance id (a GUID).`, 'InvalidInstanceId');
  const instance = deps.store.instances().find((i) => i.instanceId.toLowerCase() === id.toLowerCase());
  if (!instance) throw noSuchInstance(route, `Instance '${id}' does not exist.`, 'InstanceNotFound');
  if (!opened.includes(instance))
    throw apimDenied('Access denied due to invalid subscription key. The key does not belong to this environment.');
  const role = instance.roles.get(principal.oid);
  if (!role) throw forbidden(`Principal ${principal.oid} has no role in environment ${instance.instanceId}.`);
  if (route.write && !WRITER_ROLES.has(role)) {
    throw forbidden(
      `Principal ${principal.oid} is a ${role} in environment ${instance.instanceId}; real-time writes need Contributor or Administrator.`,
    );
  }
  return { principal, instance };
}

/** W3C Trace Context `traceparent` (version-traceid-parentid-flags); anything else is not logged. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

function traceparentOf(header: string | string[] | undefined): { traceparent?: string } {
  return typeof header === 'string' && TRACEPARENT.test(header) ? { traceparent: header } : {};
}

/** The request handler for `/v1/*` and `/api/*`. */
export function ciRequestHandler(deps: PipelineDeps): RequestHandler {
  return async (req, res) => {
    const [, surface = ''] = /^\/(v1|api)(?=\/|$)/.exec(req.path) ?? [];
    const path = req.path.slice(surface.length + 1) || '/';
    const entry = deps.requests.add({
      at: new Date(deps.clock.now()).toISOString(),
      method: req.method,
      path: req.path,
      query: { ...(req.query as object) },
      hasSubscriptionKey: Boolean(req.headers[SUBSCRIPTION_KEY_HEADER]),
      hasAuthorization: Boolean(req.headers.authorization),
      requestBytes: 0,
      ...traceparentOf(req.headers.traceparent),
    });
    const x: Exchange = { entry, family: 'manage' };
    try {
      const match = surface ? matchRoute(req.method, path) : ({ kind: 'not-found', family: 'manage' } as const);
      if (match.kind !== 'found') {
        x.family = match.family;
        if (match.kind === 'method-not-allowed')
          throw new CiError(
            405,
            'MethodNotAllowed',
            `${req.method} is not supported here; allowed: ${match.allow.join(', ')}.`,
            undefined,
            { Allow: match.allow.join(', ') },
          );
        throw notFound(`No Customer Insights operation at ${req.method} ${req.path}.`, 'ResourceNotFound');
      }
      x.route = match.route;
      x.family = match.route.family;
      entry.operation = match.route.operation;
      entry.instanceId = match.params.instanceId;
      if (await applyFault(deps, req, res, x)) return;
      const auth = await authorize(deps, req, x, match.route);
      const ctx: CiContext = {
        store: deps.store,
        clock: deps.clock,
        principal: auth.principal!,
        instance: auth.instance,
        params: match.params,
        query: req.query as Record<string, unknown>,
        baseUrl: `${req.protocol}://${req.get('host')}/${surface}`,
        usage: {},
      };
      x.ctx = ctx;
      if (req.method === 'POST' || req.method === 'PATCH') {
        const body = await readJsonBody(req, deps.maxBodyBytes);
        entry.requestBytes = body.bytes;
        ctx.body = recordOfWriteBody(body.value, deps.writeBodyForm);
      }
      const result = match.route.handler(ctx);
      entry.caller = ctx.usage.caller;
      send(deps, res, x, result.status, result.body, result.headers);
    } catch (error) {
      sendError(deps, res, x, error);
    }
  };
}
